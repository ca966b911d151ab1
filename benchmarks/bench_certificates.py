"""How long the authenticity inquiry and the printed certificate take, each next to a
baseline measured in the same run.

- Inquiry: ``inquire`` (read the serial, look the certificate up by serial and national
  code, record the inquiry with who asked and when: two short transactions, the second
  committed durably) among ``--certificates`` certificates, median over ``--asks``
  inquiries, and the lookup alone (``answer_from`` in its own session). Baseline: the
  same lookup as one raw ``SELECT`` on a plain sqlite3 connection.
- Certificate: one certificate (landscape A4, photo, QR code) rendered into memory,
  median of ``--runs``, and ``--count`` in a row. Baseline: a one-page plain-Latin
  document through ``build_pdf`` (as in ``bench_service_card_pdf.py``).

    python benchmarks/bench_certificates.py [--certificates 20000] [--asks 200] [--count 200]
"""

from __future__ import annotations

import argparse
import io
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_service_card_pdf import baseline_factory, timed
from sqlalchemy import insert

from desktop_app.models import Certificate
from desktop_app.reports.certificate import write_certificate
from desktop_app.services.accounts.access import system_actor
from desktop_app.services.certificates.certificate_inquiry import InquiryRequest, inquire
from desktop_app.services.certificates.certificate_print import certificate_doc
from desktop_app.services.core.context import AppContext
from desktop_app.sync.certificate_answer import answer_from
from tests.certificates.conftest import issue_all


def fill(ctx: AppContext, total: int, template: Certificate) -> list[tuple[str, str]]:
    """``total`` more certificates like ``template`` (serials 2701-100000 …), written in
    bulk with foreign keys off (their enrollments need not exist for a lookup)."""
    rows = [
        {
            "id": uuid.uuid4(),
            "serial": f"2701-{100000 + i:06d}",
            "code_office": "2701",
            "code_number": 100000 + i,
            "verification_code": f"{i:010d}",
            "enrollment_id": uuid.uuid4(),
            "trainee_id": template.trainee_id,
            "course_id": template.course_id,
            "standard_title": template.standard_title,
            "hours": template.hours,
            "first_name": "نام",
            "last_name": f"خانوادگی {i}",
            "national_code": f"{1000000000 + i * 7}",
            "issued_on": date(2026, 1, 1),
        }
        for i in range(total)
    ]
    with ctx.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        conn.execute(insert(Certificate.__table__), rows)
        conn.commit()
        conn.exec_driver_sql("PRAGMA foreign_keys=ON")
    return [(r["serial"], r["national_code"]) for r in rows]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--certificates", type=int, default=20_000)
    parser.add_argument("--asks", type=int, default=200)
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        ctx = AppContext.open(Path(folder))
        ctx.user = system_actor()  # a batch run, like the CLI
        holders = issue_all(ctx)
        with ctx.session() as session:
            template = session.query(Certificate).first()
            session.expunge(template)
        pairs = fill(ctx, args.certificates, template)
        step = max(1, len(pairs) // args.asks)
        asked = pairs[::step][: args.asks]
        runs = []
        for serial, code in asked:
            start = time.perf_counter()
            inquire(ctx, InquiryRequest(serial, code, asker_name="سنجش"))
            runs.append(time.perf_counter() - start)
        lookups = []
        for serial, code in asked:
            start = time.perf_counter()
            with ctx.session() as session:
                answer_from(session, serial, code)
            lookups.append(time.perf_counter() - start)
        raw = sqlite3.connect(ctx.database_path)
        base = []
        for serial, code in asked:
            start = time.perf_counter()
            raw.execute(
                "SELECT first_name, last_name, standard_title, revoked_on FROM certificates "
                "WHERE serial = ? AND national_code = ? AND deleted_at IS NULL",
                (serial, code),
            ).fetchone()
            base.append(time.perf_counter() - start)
        raw.close()
        inq, sql = statistics.median(runs), statistics.median(base)
        look = statistics.median(lookups)
        print(
            f"inquiry among {len(pairs) + 3:,} certificates: {inq * 1000:.2f} ms (of which "
            f"the lookup in its own session {look * 1000:.2f} ms; the rest records the "
            f"inquiry durably) vs raw SELECT {sql * 1000:.3f} ms"
        )

        doc = certificate_doc(ctx, holders[0].serial, count_print=False)

        def one() -> bytes:
            out = io.BytesIO()
            write_certificate(out, doc)
            return out.getvalue()

        one()
        baseline = baseline_factory(1)
        cert_runs = [timed(one) for _ in range(args.runs)]
        base_runs = [timed(baseline) for _ in range(args.runs)]
        c, b = statistics.median(cert_runs), statistics.median(base_runs)
        print(f"one certificate {c * 1000:.0f} ms vs {b * 1000:.0f} ms: ratio {c / b:.1f}")
        many_c = timed(one, args.count)
        many_b = timed(baseline, args.count)
        print(
            f"{args.count} certificates {many_c:.1f} s vs {many_b:.1f} s: ratio "
            f"{many_c / many_b:.1f} ({many_c / args.count * 1000:.0f} ms a certificate)"
        )
        ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
