"""How fast the course list and the checks before submit are with many courses.

Fills a temporary data folder with N courses (bulk insert: one standard, 40 places
with a workshop each, 200 trainers, courses spread over three years, most of them
booked), then, in the same run:

- list: ``count_courses`` + ``course_page`` (first 200 rows, joined with standard
  and place, sorted by start date) for "waiting for my decision" at the province
  level and for a start-date range;
- checks: ``submit_problems`` of one more course (trainer and workshop clashes
  against every booked course overlapping its dates);
- baseline: the same COUNT + first page, and the same "booked courses overlapping
  these dates" query, as raw SQL on a plain sqlite3 connection.

Medians of several runs; ratios are service / raw SQL.

    python benchmarks/bench_courses.py [--rows 20000] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop_app.documents.office import OfficeSettings
from desktop_app.services.accounts.access import system_actor
from desktop_app.services.core.context import AppContext
from desktop_app.services.core.listing import ListQuery
from desktop_app.services.courses.course_workflow import submit_problems
from desktop_app.services.courses.courses import count_courses, course_page
from desktop_app.services.office.settings import save_office_settings

STATES = ("draft", "submitted", "province_approved", "open", "running", "finished")
NOW = "2025-01-01 00:00:00.000000"
BASE = date(2025, 3, 21)


def _record(extra: dict) -> dict:
    return {
        "id": uuid.uuid4().hex,
        "created_at": NOW,
        "updated_at": NOW,
        "deleted_at": None,
        "version": 1,
        "origin_office": "2701",
        "server_seq": None,
        **extra,
    }


def _insert(conn: sqlite3.Connection, table: str, rows: list[dict]) -> None:
    columns = list(rows[0])
    marks = ", ".join("?" for _ in columns)
    conn.executemany(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
        [tuple(r[c] for c in columns) for r in rows],
    )


def fill(ctx: AppContext, rows: int) -> str:
    """Bulk-insert the data; return the id of the extra draft to check."""
    standard = _record(
        dict(
            title="برق‌کار ساختمان",
            code="7411/53/1/2",
            total_hours=280,
            theory_hours=90,
            practice_hours=190,
            occupation_group="برق",
            min_age=None,
            gender="",
            pass_mark_theory=None,
            pass_mark_practice=None,
            search_text="برقکار ساختمان",
        )
    )
    places, workshops = [], []
    for i in range(40):
        place = _record(
            dict(
                kind="center",
                province="گلستان",
                city="گرگان",
                name=f"مرکز {i}",
                code=str(5000 + i),
                address="",
                postal_code="",
                phone="",
                manager="",
                licence_number="",
                licence_expiry=None,
                search_text=f"مرکز {i}",
            )
        )
        places.append(place)
        workshops.append(
            _record(
                dict(
                    place_id=place["id"],
                    name="کارگاه برق",
                    occupation_group="برق",
                    area_m2=100,
                    capacity=20,
                    status="active",
                    search_text="کارگاه برق",
                )
            )
        )
    trainers = [
        _record(
            dict(
                first_name="مربی",
                last_name=str(i),
                father_name="",
                national_code=str(10**9 + i),
                birth_certificate_number="",
                birth_date=None,
                gender="male",
                mobile="",
                address="",
                photo=None,
                employment_type="contract",
                place_id=None,
                occupation_groups="[]",
                standard_codes=json.dumps(["7411/53/1/2"]),
                hire_date=None,
                grade="",
                active=1,
                search_text="",
            )
        )
        for i in range(200)
    ]
    courses, links = [], []
    for i in range(rows + 1):
        start = BASE + timedelta(days=(i * 7) % 1000)
        extra = i == rows
        course = _record(
            dict(
                code=f"2701-{i + 1:05d}",
                code_office="2701",
                code_number=i + 1,
                standard_id=standard["id"],
                place_id=places[i % 40]["id"],
                workshop_id=workshops[i % 40]["id"],
                kind="public",
                delivery_setting="urban",
                start_date=start.isoformat(),
                end_date=(start + timedelta(days=90)).isoformat(),
                schedule=json.dumps([{"day": i % 6, "start": "08:00", "end": "12:00"}]),
                capacity=15,
                fee=0,
                gender="mixed",
                registration_open=(start - timedelta(days=30)).isoformat(),
                registration_close=(start - timedelta(days=1)).isoformat(),
                state="draft" if extra else STATES[i % len(STATES)],
                needs_headquarters=0,
                note="",
                search_text=f"2701{i + 1:05d} برقکار ساختمان",
            )
        )
        courses.append(course)
        links.append(_record(dict(course_id=course["id"], trainer_id=trainers[i % 200]["id"])))
    with sqlite3.connect(ctx.database_path) as conn:
        for table, data in (
            ("skill_standards", [standard]),
            ("places", places),
            ("workshops", workshops),
            ("trainers", trainers),
            ("courses", courses),
            ("course_trainers", links),
        ):
            _insert(conn, table, data)
    return courses[-1]["id"]


def median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ctx = AppContext.open(Path(tmp))
        ctx.user = system_actor()  # a batch run, like the CLI
        save_office_settings(ctx, OfficeSettings(office_code="2701", level="province"))
        extra = uuid.UUID(fill(ctx, args.rows))
        waiting = ListQuery(filters=(("waiting", True),), sort="start_date")
        dated = ListQuery(
            filters=(
                ("start_from", BASE + timedelta(days=300)),
                ("start_to", BASE + timedelta(days=400)),
            ),
            sort="start_date",
        )
        raw = sqlite3.connect(ctx.database_path)
        page_sql = (
            "SELECT c.id, c.code, s.title, p.name, c.kind, c.state, c.start_date, c.end_date,"
            " c.capacity, c.fee, c.gender FROM courses c JOIN skill_standards s ON s.id ="
            " c.standard_id JOIN places p ON p.id = c.place_id WHERE c.deleted_at IS NULL AND {w}"
            " ORDER BY c.start_date, c.id LIMIT 200"
        )
        count_sql = "SELECT COUNT(*) FROM courses c WHERE c.deleted_at IS NULL AND {w}"

        def raw_list(where: str, params: tuple) -> None:
            raw.execute(count_sql.format(w=where), params).fetchone()
            raw.execute(page_sql.format(w=where), params).fetchall()

        s_from, s_to = (
            (BASE + timedelta(days=300)).isoformat(),
            (BASE + timedelta(days=400)).isoformat(),
        )
        results = {
            "list, waiting for my decision": (
                median_ms(
                    lambda: (count_courses(ctx, waiting), course_page(ctx, waiting, 0, 200)),
                    args.runs,
                ),
                median_ms(lambda: raw_list("c.state = 'submitted'", ()), args.runs),
            ),
            "list, start-date range": (
                median_ms(
                    lambda: (count_courses(ctx, dated), course_page(ctx, dated, 0, 200)), args.runs
                ),
                median_ms(
                    lambda: raw_list("c.start_date >= ? AND c.start_date <= ?", (s_from, s_to)),
                    args.runs,
                ),
            ),
            "checks before submit": (
                median_ms(lambda: submit_problems(ctx, extra), args.runs),
                median_ms(
                    lambda: raw.execute(
                        "SELECT c.id, c.schedule, c.workshop_id FROM courses c WHERE c.deleted_at"
                        " IS NULL AND c.state IN ('submitted','province_approved','hq_approved',"
                        "'open','running') AND c.start_date <= ? AND c.end_date >= ?",
                        (
                            (BASE + timedelta(days=(args.rows * 7) % 1000 + 90)).isoformat(),
                            (BASE + timedelta(days=(args.rows * 7) % 1000)).isoformat(),
                        ),
                    ).fetchall(),
                    args.runs,
                ),
            ),
        }
        problems = submit_problems(ctx, extra)
        raw.close()
        ctx.close()
    print(f"{args.rows:,} courses, median of {args.runs} runs")
    for name, (service, baseline) in results.items():
        print(
            f"{name}: {service:.1f} ms vs raw SQL {baseline:.1f} ms (ratio {service / baseline:.1f})"
        )
    kinds = sorted({p.check for p in problems})
    print(f"the checked course has {len(problems)} problem(s) of kinds {kinds}")


if __name__ == "__main__":
    main()
