"""The big lists on a database of ``--rows`` rows a list (default 1,000,000): the first
page, a whole-code search and a name search, each next to its baseline, same run.

- first rows: the list's first page through its service (``Listing.page``: a read
  session, the page query, plain row objects), default sort, no search. Baseline: the
  same page ``SELECT`` on a plain sqlite3 connection (``listsql.time_listing_sql``
  without its COUNT). Goal: ≤ 100 ms.
- code search: a whole national code (trainers, enrollments), tracking code
  (enrollments) or asset number (equipment) through the service (the index probe of
  ``Listing.resolve``, then the page). Baseline: the unique index's lookup alone
  (``SELECT id … WHERE code = ?``). Goal: as fast as its index (a few index seeks).
- name search, for reference: a substring search through the service against the
  list's own SQL (``listsql``), both a full scan.

The database is built by ``build_big_db.py`` (or reused with ``--data-dir``).

    python benchmarks/bench_big_lists.py [--rows 1000000] [--data-dir DIR] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_big_db import build, national_code
from listsql import _connect, _sql

from desktop_app.services.accounts.access import system_actor
from desktop_app.services.core.context import AppContext
from desktop_app.services.core.listing import ListQuery
from desktop_app.services.places.equipment import EQUIPMENT
from desktop_app.services.registration.trainees import ENROLLMENTS
from desktop_app.services.trainers.trainers import TRAINERS


def median_ms(fn: Any, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def raw_page(path: Path, listing: Any, query: ListQuery) -> Any:
    sql = _sql(listing.page_statement(query, 0, 200))

    def run() -> None:
        conn = _connect(path)
        conn.execute(sql).fetchall()
        conn.close()

    return run


def raw_lookup(path: Path, table: str, column: str, code: str) -> Any:
    # the condition of the code's partial unique index, so the index answers
    partial = " AND national_code != ''" if table == "trainees" else ""

    def run() -> None:
        conn = sqlite3.connect(path)
        conn.execute(
            f"SELECT id FROM {table} WHERE {column} = ? AND deleted_at IS NULL{partial}", (code,)
        ).fetchall()
        conn.close()

    return run


def row(label: str, ours: float, base: float, goal: str) -> None:
    print(
        f"{label:44s} {ours:8.2f} ms   baseline {base:8.2f} ms   ratio {ours / base:6.2f}   {goal}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--data-dir", type=Path, help="a database built by build_big_db.py")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = args.data_dir or Path(tmp) / "data"
        if not (data_dir / "miz.sqlite3").exists():
            build(data_dir, args.rows)
        ctx = AppContext.open(data_dir)
        ctx.user = system_actor()
        path = ctx.database_path
        rows = sqlite3.connect(path).execute("SELECT count(*) FROM trainers").fetchone()[0]
        print(f"rows a list: {rows}, runs: {args.runs}, load: "
              + " ".join(f"{x:.2f}" for x in os.getloadavg()))  # fmt: skip
        middle = rows // 2
        cases = [
            ("trainers", TRAINERS, "trainers", "national_code", national_code(2 * middle + 1)),
            ("enrollments", ENROLLMENTS, "enrollments", "tracking_code", f"2701-{middle + 1:06d}"),
            ("enrollments", ENROLLMENTS, "trainees", "national_code", national_code(2 * middle)),
            ("equipment", EQUIPMENT, "equipment", "asset_number", f"27-{middle:07d}"),
        ]
        seen: set[str] = set()
        for name, listing, table, column, code in cases:
            if name not in seen:
                seen.add(name)
                query = ListQuery(sort=listing.default_sort)
                ours = median_ms(lambda q=query, li=listing: li.page(ctx, q, 0, 200), args.runs)
                base = median_ms(raw_page(path, listing, query), args.runs)
                goal = "goal ≤ 100 ms: " + ("met" if ours <= 100 else "NOT met")
                row(f"{name}: first 200 rows", ours, base, goal)
            query = ListQuery(search=code, sort=listing.default_sort)
            found = listing.page(ctx, query, 0, 200)
            assert len(found) == 1, (name, code, len(found))
            runs = 4 * args.runs  # cheap, and a noisy machine needs more of them
            ours = median_ms(lambda q=query, li=listing: li.page(ctx, q, 0, 200), runs)
            base = median_ms(raw_lookup(path, table, column, code), runs)
            row(f"{name}: search {column} {code}", ours, base, "(the index lookup alone)")
        query = ListQuery(search="زهرا", sort=TRAINERS.default_sort)
        ours = median_ms(lambda: TRAINERS.page(ctx, query, 0, 200), max(1, args.runs // 2))
        base = median_ms(raw_page(path, TRAINERS, query), max(1, args.runs // 2))
        row("trainers: name search 'زهرا' (scan)", ours, base, "(reference)")
        ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
