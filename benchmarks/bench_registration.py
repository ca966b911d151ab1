"""How long confirming a registration and printing introduction forms take, each next
to a baseline measured in the same run.

- Confirm: ``confirm_registration`` (every step re-checked, the course's rules, the
  tracking code, trainee + enrollment + payment in one transaction) on a fresh
  database, median over ``--confirms`` applicants. Baseline: the same three rows
  written through the ORM in one transaction with no checks.
- Forms: one introduction form (A4, photo, QR code) rendered into memory (median of
  ``--runs``), and ``--count`` forms in a row (default 1,000). Baseline: a one-page
  plain-Latin document through the same ``build_pdf`` (as in
  ``bench_service_card_pdf.py``).

    python benchmarks/bench_registration.py [--confirms 50] [--count 1000] [--runs 7]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_service_card_pdf import baseline_factory, timed

from desktop_app.models import Enrollment, RegistrationPayment, Trainee, utcnow
from desktop_app.reports.introduction_form import write_introduction_form
from desktop_app.services.accounts.access import system_actor
from desktop_app.services.core.context import AppContext
from desktop_app.services.core.records import new_record
from desktop_app.services.demo.demo_registration import national_code
from desktop_app.services.registration.introduction import introduction_data
from desktop_app.services.registration.registration import confirm_registration
from tests.registration.helpers import make_course, set_office, valid_form


def bench_confirm(ctx: AppContext, count: int) -> tuple[float, float]:
    course = make_course(ctx, capacity=count + 10)
    forms = [valid_form(course, national_code=national_code(i)) for i in range(count)]
    confirm_runs = []
    for form in forms:
        start = time.perf_counter()
        confirm_registration(ctx, form)
        confirm_runs.append(time.perf_counter() - start)

    base_runs = []
    for i, form in enumerate(forms):
        start = time.perf_counter()
        with ctx.session() as session:
            trainee = new_record(session, Trainee)
            for name in ("first_name", "last_name", "national_code", "mobile", "photo"):
                setattr(trainee, name, getattr(form, name))
            trainee.national_code = f"9{i:09d}"
            session.flush()
            enrollment = new_record(session, Enrollment)
            enrollment.trainee_id, enrollment.course_id = trainee.id, course
            enrollment.tracking_code = f"BASE-{i:06d}"
            enrollment.confirmed_at = utcnow()
            session.flush()
            payment = new_record(session, RegistrationPayment)
            payment.enrollment_id, payment.amount = enrollment.id, 50_000
        base_runs.append(time.perf_counter() - start)
    return statistics.median(confirm_runs), statistics.median(base_runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--confirms", type=int, default=50)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        ctx = AppContext.open(Path(folder))
        ctx.user = system_actor()  # a batch run, like the CLI
        set_office(ctx)
        confirm, base = bench_confirm(ctx, args.confirms)
        print(
            f"confirm one registration: {confirm * 1000:6.1f} ms   "
            f"baseline (same rows, no checks) {base * 1000:5.1f} ms   ratio {confirm / base:.1f}"
        )
        data = introduction_data(ctx, "2701-000001", count_print=False)
        ctx.close()

    def form_pdf() -> bytes:
        out = io.BytesIO()
        write_introduction_form(out, [data])
        return out.getvalue()

    form_pdf()
    baseline = baseline_factory(1)
    baseline()
    form_runs, base_runs = [], []
    for _ in range(args.runs):  # interleaved: the machine is noisy
        form_runs.append(timed(form_pdf))
        base_runs.append(timed(baseline))
    one_form, one_base = statistics.median(form_runs), statistics.median(base_runs)
    print(
        f"one form:   {one_form * 1000:7.1f} ms   baseline {one_base * 1000:6.1f} ms   "
        f"ratio {one_form / one_base:.1f}"
    )
    batch_form = timed(form_pdf, args.count)
    batch_base = timed(baseline, args.count)
    print(
        f"{args.count} forms: {batch_form:7.1f} s    baseline {batch_base:6.1f} s    "
        f"ratio {batch_form / batch_base:.1f}   ({batch_form / args.count * 1000:.0f} ms/form)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
