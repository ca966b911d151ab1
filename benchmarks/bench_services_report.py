"""The yearly services report over a province's year, and its PDF against raw reportlab.

Fills a fresh workstation database with ``--rows`` records of one Jalali year (half
public requests, a quarter authenticity inquiries, a quarter survey answers, spread over
the year and over ten offices) by bulk insert, then measures in the same run:

- ``services_report`` of the year (what the «گزارش‌ها» page first shows), against the
  baseline of one plain ``SELECT COUNT(*)`` scan of the same tables;
- ``write_services_report`` (tables and charts with shaped Persian) against raw reportlab
  drawing the same number of table cells with Latin text on a canvas.

Ratios, not times, are the result (the goal of issue 20: the report first shown within a
second on a province's year of 1,000,000 rows; here reported as the ratio to a scan).

    PYTHONPATH=. python benchmarks/bench_services_report.py --rows 1000000
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import func, insert, select

from desktop_app.documents.service_card_data import ServiceCardData
from desktop_app.models import CertificateInquiry, PublicRequest, SurveyAnswer
from desktop_app.persian import from_jalali
from desktop_app.reports.feedback.services_report import write_services_report
from desktop_app.services.accounts.access import system_actor
from desktop_app.services.catalog.service_cards import save_card
from desktop_app.services.core.context import AppContext
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
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        ctx = AppContext.open(Path(folder))
        ctx.user = system_actor()
        began = time.perf_counter()
        _fill(ctx, args.rows)
        print(f"filled {args.rows:,} rows in {time.perf_counter() - began:.1f} s")

        def scan() -> None:
            with ctx.session() as session:
                for model in (PublicRequest, CertificateInquiry, SurveyAnswer):
                    session.execute(select(func.count()).select_from(model)).scalar()

        scan()  # warm the page cache for both
        baseline = _timed(scan)
        report_box: list = []
        report_time = _timed(lambda: report_box.append(services_report(ctx, YEAR)))
        report = report_box[0]
        cells = sum(len(s.figures) * 14 for s in report.services)
        pdf = Path(folder) / "r.pdf"
        pdf_time = _timed(lambda: write_services_report(pdf, report))
        raw_time = _timed(lambda: _raw_reportlab(Path(folder) / "raw.pdf", cells))
        print(
            f"scan baseline {baseline * 1000:.0f} ms; services report {report_time * 1000:.0f} ms"
            f" = {report_time / baseline:.1f}× the scan"
        )
        print(
            f"PDF {pdf_time * 1000:.0f} ms vs raw reportlab {raw_time * 1000:.0f} ms"
            f" ({cells} cells) = {pdf_time / raw_time:.1f}×"
        )
        ctx.close()


if __name__ == "__main__":
    main()
