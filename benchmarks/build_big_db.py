"""Build a big workstation database fast, for the list, start and memory benchmarks.

A data folder is created and migrated by the app itself (``AppContext.open``), given
office settings, a place, a workshop, a skill standard, a course and a user who can
sign in (``bench`` / ``BENCH_PASSWORD``) through the services; then ``--rows`` rows
each of trainers, trainees, enrollments (of that course) and equipment are written
with raw ``executemany`` inserts on a plain sqlite3 connection (no ORM, no per-row
checks), with the columns the app fills itself: the Persian search keys, the sort
keys, live-row tombstones unset. Every NOT NULL column the script does not name gets
its type's empty value, read from the table (so a later migration's column needs no
change here).

    python benchmarks/build_big_db.py --rows 1000000 --data-dir /tmp/miz-1m
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop_app.persian import search_key, sort_key

BENCH_USER = "bench"
BENCH_PASSWORD = "sanjesh-1405-miz"
FIRST = ["علی", "زهرا", "محمد", "فاطمه", "حسین", "مریم", "رضا", "سارا", "مهدی", "نرگس"]
LAST = ["رضایی", "محمدی", "حسینی", "کریمی", "احمدی", "موسوی", "جعفری", "قربانی"]
CHUNK = 20_000


def national_code(n: int) -> str:
    """The ``n``-th valid national code (9 digits of ``n`` and the check digit)."""
    body = f"{n % 10**9:09d}"
    total = sum(int(d) * (10 - i) for i, d in enumerate(body))
    rest = total % 11
    return body + str(rest if rest < 2 else 11 - rest)


def _empty(kind: str) -> Any:
    kind = kind.upper()
    if kind.startswith(("INT", "BIGINT", "BOOLEAN", "FLOAT", "NUMERIC")):
        return 0
    if kind == "JSON":
        return "[]"
    return ""


def insert(
    conn: sqlite3.Connection, table: str, count: int, make: Callable[[int], dict[str, Any]]
) -> None:
    """``count`` rows of ``table``: ``make(i)``'s values over the table's empty values."""
    info = conn.execute(
        f"SELECT name, type, \"notnull\", dflt_value FROM pragma_table_info('{table}')"
    ).fetchall()
    now = datetime(2026, 1, 1).isoformat(sep=" ")
    base = {
        name: _empty(kind) for name, kind, notnull, default in info if notnull and default is None
    }
    base.update(created_at=now, updated_at=now, version=1, origin_office="2701")
    names = [name for name, *_ in info if name in base or name in make(0)]
    sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"

    def rows(start: int, stop: int) -> Iterator[tuple[Any, ...]]:
        for i in range(start, stop):
            values = {**base, **make(i)}
            yield tuple(values.get(name) for name in names)

    for start in range(0, count, CHUNK):
        conn.executemany(sql, rows(start, min(count, start + CHUNK)))
        conn.commit()


def _prepare(data_dir: Path) -> dict[str, str]:
    """The app's own setup through its services; the ids the rows refer to."""
    from desktop_app.services.accounts.access import ADMINISTRATOR, system_actor
    from desktop_app.services.accounts.accounts import UserData, save_user
    from desktop_app.services.core.context import AppContext
    from tests.registration.helpers import make_course, set_office

    ctx = AppContext.open(data_dir)
    ctx.user = system_actor()
    set_office(ctx)
    course = make_course(ctx, capacity=10**7)
    save_user(
        ctx,
        UserData(
            user_name=BENCH_USER,
            full_name="کاربر سنجش",
            roles=(ADMINISTRATOR,),
            office_level="center",
            office_code="2701",
            password=BENCH_PASSWORD,
            again=BENCH_PASSWORD,
        ),
    )
    with ctx.engine.connect() as conn:
        from sqlalchemy import text

        place, workshop = conn.execute(
            text("SELECT place_id, workshop_id FROM courses WHERE id = :id"), {"id": course.hex}
        ).one()
    ctx.close()
    return {"course": course.hex, "place": place, "workshop": workshop}


def build(data_dir: Path, rows: int) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    ids = _prepare(data_dir)
    conn = sqlite3.connect(data_dir / "miz.sqlite3")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")  # a benchmark fixture, built once
    start = time.perf_counter()
    born = date(1990, 1, 1)

    def person(i: int) -> dict[str, Any]:
        first, last = FIRST[i % len(FIRST)], f"{LAST[i // 7 % len(LAST)]} {i}"
        return {"first_name": first, "last_name": last, "father_name": "احمد"}

    trainee_ids = [uuid.UUID(int=(1 << 120) + i).hex for i in range(rows)]

    def trainer(i: int) -> dict[str, Any]:
        p = person(i)
        code = national_code(2 * i + 1)
        mobile = f"0912{i % 10**7:07d}"
        return {
            **p, "id": uuid.UUID(int=(2 << 120) + i).hex, "national_code": code,
            "mobile": mobile, "gender": "male", "employment_type": "official",
            "place_id": ids["place"], "active": 1, "hire_date": born.isoformat(),
            "name_sort": sort_key(f"{p['last_name']} {p['first_name']}"),
            "search_text": search_key(f"{p['first_name']} {p['last_name']} {code} {mobile}"),
        }  # fmt: skip

    def trainee(i: int) -> dict[str, Any]:
        p = person(i)
        code = national_code(2 * i)
        mobile = f"0935{i % 10**7:07d}"
        return {
            **p, "id": trainee_ids[i], "national_code": code, "mobile": mobile,
            "gender": "male", "birth_date": (born + timedelta(days=i % 3000)).isoformat(),
            "search_text": search_key(f"{p['first_name']} {p['last_name']} {code} {mobile}"),
        }  # fmt: skip

    def enrollment(i: int) -> dict[str, Any]:
        p = person(i)
        tracking = f"2701-{i + 1:06d}"
        confirmed = datetime(2025, 1, 1) + timedelta(minutes=i)
        return {
            "id": uuid.UUID(int=(3 << 120) + i).hex, "trainee_id": trainee_ids[i],
            "course_id": ids["course"], "tracking_code": tracking, "code_office": "2701",
            "code_number": i + 1, "state": "confirmed", "confirmed_at": confirmed.isoformat(sep=" "),
            "search_text": search_key(
                f"{p['first_name']} {p['last_name']} {national_code(2 * i)} {tracking}"
            ),
        }  # fmt: skip

    def equipment(i: int) -> dict[str, Any]:
        name = f"{['دریل', 'فرز', 'رایانه', 'میز کار'][i % 4]} {i}"
        asset = f"27-{i:07d}"
        return {
            "id": uuid.UUID(int=(4 << 120) + i).hex, "place_id": ids["place"],
            "workshop_id": ids["workshop"], "asset_number": asset, "name": name,
            "name_sort": sort_key(name), "quantity": 1, "unit": "دستگاه", "condition": "good",
            "search_text": search_key(f"{asset} {name}"),
        }  # fmt: skip

    for table, make in (
        ("trainers", trainer),
        ("trainees", trainee),
        ("enrollments", enrollment),
        ("equipment", equipment),
    ):
        t = time.perf_counter()
        insert(conn, table, rows, make)
        print(f"{table}: {rows} rows in {time.perf_counter() - t:.1f} s", flush=True)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    size = (data_dir / "miz.sqlite3").stat().st_size / 2**20
    print(f"built {data_dir} in {time.perf_counter() - start:.1f} s ({size:.0f} MiB)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of each big list")
    parser.add_argument("--data-dir", type=Path, required=True)
    args = parser.parse_args()
    if (args.data_dir / "miz.sqlite3").exists():
        raise SystemExit(f"{args.data_dir} already has a database")
    print(f"load: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    build(args.data_dir, args.rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
