"""The yearly services report over a province's year, and its PDF against raw reportlab.

Fills a fresh workstation database with ``--rows`` records of one Jalali year (half
public requests, a quarter authenticity inquiries, a quarter survey answers, spread over
the year and over ten offices) by bulk insert, then measures in the same run:

- ``services_report`` of the year (what the «گزارش‌ها» page first shows), against the
  baseline of the same figures as raw SQL on a plain sqlite3 connection: one
  ``GROUP BY`` per table, the Jalali month a ``CASE`` of its UTC bounds (what one would
  write by hand); wall and CPU time of each, medians of ``--repeat`` runs;
- ``write_services_report`` (tables and charts with shaped Persian) against raw reportlab
  drawing the same number of table cells with Latin text on a canvas.

Issue 20's goal is absolute (the report first shown within a second on a province's
year of 1,000,000 rows); the ratio to the raw SQL of the same run says how much of the
time is the machine. ``--data-dir`` keeps the filled database for the next run.

    PYTHONPATH=. python benchmarks/bench_services_report.py --rows 1000000 [--data-dir D]
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import tempfile
import time
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from desktop_app.documents.service_card_data import ServiceCardData
from desktop_app.models import CertificateInquiry, PublicRequest, SurveyAnswer
from desktop_app.models.office_figures import _as_utc, month_bounds
from desktop_app.persian import from_jalali
from desktop_app.reports.feedback.services_report import write_services_report
from desktop_app.services.accounts.access import system_actor
from desktop_app.services.catalog.service_cards import save_card
from desktop_app.services.core.context import AppContext
from desktop_app.services.office.settings import load_office_settings, save_office_settings
from desktop_app.services.office_reports.report import services_report

YEAR = 1404


def _fill(ctx: AppContext, rows: int) -> None:
    rng = random.Random(1)
    cards = [
        uuid.UUID(str(save_card(ctx, ServiceCardData(title=f"خدمت {n}")).id)) for n in range(8)
    ]
    start = datetime.combine(from_jalali(YEAR, 1, 1), dtime(), UTC)
    offices = [f"27{n:02d}" for n in range(10)]

    def moment() -> datetime:
        return start + timedelta(minutes=rng.randrange(0, 364 * 24 * 60))

    now = datetime.now(UTC)
    base = {"created_at": now, "updated_at": now, "version": 1}
    batch = 20_000
    with ctx.engine.begin() as conn:
        for kind, model, count in (
            ("requests", PublicRequest, rows // 2),
            ("inquiries", CertificateInquiry, rows // 4),
            ("surveys", SurveyAnswer, rows - rows // 2 - rows // 4),
        ):
            for first in range(0, count, batch):
                values = []
                for n in range(first, min(count, first + batch)):
                    at = moment()
                    office = offices[n % 10]
                    row = {**base, "id": uuid.uuid4(), "origin_office": office}
                    if kind == "requests":
                        row |= {
                            "tracking_code": f"{office}-R{n:07d}",
                            "code_office": office,
                            "code_number": n,
                            "kind": rng.choice(("opinion", "complaint")),
                            "channel": "counter",
                            "service_card_id": rng.choice(cards),
                            "department": "",
                            "anonymous": True,
                            "contact_name": "",
                            "contact_phone": "",
                            "employee_name": "",
                            "body": "x",
                            "state": rng.choice(("received", "answered", "closed")),
                            "received_at": at,
                            "received_by": "",
                            "due_on": at.date() + timedelta(days=14),
                            "assigned_to": "",
                            "assigned_by": "",
                            "answer": "",
                            "answered_by": "",
                            "closed_by": "",
                            "referred_to": "",
                            "referred_by": "",
                            "search_text": "",
                        }
                    elif kind == "inquiries":
                        row |= {
                            "asker_kind": "person",
                            "asker_name": "",
                            "letter_number": "",
                            "asked_at": at,
                            "answered_at": at + timedelta(minutes=30),
                            "serial": "",
                            "national_code": "",
                            "answer": "genuine",
                            "source": "local",
                            "holder_name": "",
                            "standard_title": "",
                            "revoke_reason": "",
                            "search_text": "",
                        }
                    else:
                        row |= {
                            "service_card_id": rng.choice(cards),
                            "answered_on": at.date(),
                            "scores": [],
                            "average": rng.randint(1, 5),
                            "comment": "",
                            "source": "paper",
                        }
                    values.append(row)
                conn.execute(insert(model), values)


def _timed(fn) -> float:
    began = time.perf_counter()
    fn()
    return time.perf_counter() - began


def _median(fn, repeat: int) -> tuple[float, float]:
    """Median wall and CPU seconds of ``fn`` over ``repeat`` runs."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def _raw_sql(path: Path, year: int) -> None:
    """The report's figures as plain SQL: one GROUP BY per table, month by CASE."""
    bounds = month_bounds(year)
    stamp = [_as_utc(d).strftime("%Y-%m-%d %H:%M:%S.%f") for d in bounds]
    days = [d.isoformat() for d in bounds]

    def month(column: str, edges: list[str]) -> str:
        whens = " ".join(f"WHEN {column} < '{edges[m]}' THEN {m}" for m in range(1, 12))
        return f"CASE {whens} ELSE 12 END"

    def year_of(column: str, edges: list[str]) -> str:
        return f"deleted_at IS NULL AND {column} >= '{edges[0]}' AND {column} < '{edges[12]}'"

    today = datetime.now().date().isoformat()
    late = (
        "due_on IS NOT NULL AND CASE WHEN answered_at IS NOT NULL THEN date(answered_at) > due_on"
        f" WHEN state IN ('received', 'assigned') THEN due_on < '{today}' ELSE 0 END"
    )
    statements = [
        f"SELECT origin_office, service_card_id, kind, state, {month('received_at', stamp)},"
        f" count(*), total(CASE WHEN {late} THEN 1 ELSE 0 END) FROM public_requests"
        f" WHERE {year_of('received_at', stamp)} GROUP BY 1, 2, 3, 4, 5",
        f"SELECT origin_office, {month('answered_at', stamp)}, count(*),"
        " total((julianday(answered_at) - julianday(asked_at)) * 24) FROM certificate_inquiries"
        f" WHERE {year_of('answered_at', stamp)} GROUP BY 1, 2",
        f"SELECT origin_office, service_card_id, {month('answered_on', days)}, count(*),"
        f" total(average) FROM survey_answers WHERE {year_of('answered_on', days)}"
        " GROUP BY 1, 2, 3",
        f"SELECT origin_office, {month('confirmed_at', stamp)}, count(*) FROM enrollments"
        f" WHERE confirmed_at IS NOT NULL AND {year_of('confirmed_at', stamp)} GROUP BY 1, 2",
        f"SELECT origin_office, {month('issued_on', days)}, count(*) FROM certificates"
        f" WHERE {year_of('issued_on', days)} GROUP BY 1, 2",
    ]
    connection = sqlite3.connect(path)
    try:
        for statement in statements:
            connection.execute(statement).fetchall()
    finally:
        connection.close()


def _filled(ctx: AppContext) -> int:
    with Session(ctx.engine) as session:
        return sum(
            session.execute(select(func.count()).select_from(model)).scalar_one()
            for model in (PublicRequest, CertificateInquiry, SurveyAnswer)
        )


def _raw_reportlab(path: Path, cells: int) -> None:
    canvas = Canvas(str(path), pagesize=landscape(A4))
    y = 560
    for n in range(cells):
        if n % 14 == 0:
            y -= 14
            if y < 40:
                canvas.showPage()
                y = 560
        canvas.drawString(20 + (n % 14) * 56, y, f"{n % 9999}")
    canvas.save()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--data-dir", type=Path, help="keep (and reuse) the database here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.data_dir or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        ctx = AppContext.open(folder)
        ctx.user = system_actor()
        # a province's workstation: its report counts every office below it
        office = load_office_settings(ctx)
        save_office_settings(ctx, replace(office, level="province", office_name="استان آزمایشی"))
        if _filled(ctx) != args.rows:
            began = time.perf_counter()
            _fill(ctx, args.rows)
            print(f"filled {args.rows:,} rows in {time.perf_counter() - began:.1f} s")
        database = folder / "miz.sqlite3"
        _raw_sql(database, YEAR)  # warm the page cache for both
        report_box: list = []
        first = _timed(lambda: report_box.append(services_report(ctx, YEAR)))
        baseline, baseline_cpu = _median(lambda: _raw_sql(database, YEAR), args.repeat)
        report_time, report_cpu = _median(lambda: services_report(ctx, YEAR), args.repeat)
        report = report_box[0]
        cells = sum(len(s.figures) * 14 for s in report.services)
        pdf = Path(scratch) / "r.pdf"
        pdf_time = _timed(lambda: write_services_report(pdf, report))
        raw_time = _timed(lambda: _raw_reportlab(Path(scratch) / "raw.pdf", cells))
        load = os.getloadavg()[0]
        print(f"{args.rows:,} rows, load average {load:.1f}, medians of {args.repeat} runs")
        print(
            f"raw SQL (GROUP BY per table) {baseline * 1000:.0f} ms (CPU {baseline_cpu * 1000:.0f});"
            f" services report {report_time * 1000:.0f} ms (CPU {report_cpu * 1000:.0f};"
            f" first run {first * 1000:.0f} ms) = {report_time / baseline:.2f}× the raw SQL"
            f" (goal: under 1 s: {'met' if report_time < 1 else 'NOT met'})"
        )
        print(
            f"PDF {pdf_time * 1000:.0f} ms vs raw reportlab {raw_time * 1000:.0f} ms"
            f" ({cells} cells) = {pdf_time / raw_time:.1f}×"
        )
        ctx.close()


if __name__ == "__main__":
    main()
