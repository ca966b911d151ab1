"""A day at a three-counter office, next to the same work at one workstation, as a ratio.

Three counters (workstations) of office 2701 are enrolled to an in-process central
server, get the office's two open courses, then each confirms ``--per-counter``
registrations offline through the real service (photo, payment card, tracking code);
one applicant in ten registers at a second counter for the other course (the same
person twice: merged at sync). Then the counters sync until every one holds every
registration. The baseline is the same registrations confirmed at ONE workstation
with no sync. Printed: baseline, result (counter work + sync), their ratio, the sync
part alone, and the checks (every printed code once on every machine, one trainee per
national code).

    python benchmarks/bench_counters.py [--per-counter 300] [--database-url URL]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select

from central_server import admin
from central_server.db import make_engine, migrate
from desktop_app.models import Enrollment, Trainee, live
from desktop_app.services.accounts.access import system_actor
from desktop_app.services.core.context import AppContext
from desktop_app.services.registration.registration import confirm_registration
from tests.registration.helpers import make_course, set_office, valid_form
from tests.sync.conftest import Harness
from tests.sync.road import open_course

OFFICE = "2701"


def national_code(n: int) -> str:
    nine = f"{n + 123_456_000:09d}"
    total = sum(int(d) * (10 - i) for i, d in enumerate(nine)) % 11
    return nine + str(total if total < 2 else 11 - total)


def _plan(per_counter: int) -> list[list[tuple[str, int]]]:
    """(national code, course index) per counter; every tenth at counter k+1 is the
    person counter k registered (for the other course)."""
    plan: list[list[tuple[str, int]]] = [[], [], []]
    for k in range(3):
        for i in range(per_counter):
            if i % 10 == 9 and k > 0:
                plan[k].append((national_code(10_000 * (k - 1) + i), 1))
            else:
                plan[k].append((national_code(10_000 * k + i), 0))
    return plan


def _register(ctx, courses, people) -> float:
    start = time.perf_counter()
    for code, course in people:
        confirm_registration(ctx, valid_form(courses[course], national_code=code))
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-counter", type=int, default=300)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="miz-bench-counters-"))
    plan = _plan(args.per_counter)

    # baseline: everything at one workstation, no sync
    alone = AppContext.open(folder / "alone")
    alone.user = system_actor()
    set_office(alone, OFFICE)
    courses = [
        make_course(alone, code=f"{OFFICE}-0000{i + 1}", capacity=10_000, title=t)
        for i, t in enumerate(("رایانه کار", "جوشکاری"))
    ]
    baseline = sum(_register(alone, courses, people) for people in plan)
    alone.close()

    url = args.database_url or f"sqlite:///{folder / 'server.sqlite3'}"
    engine = make_engine(url)
    migrate(engine)
    engine.dispose()
    harness = Harness(url, folder)
    with harness.sessions() as s, s.begin():
        admin.create_office(s, OFFICE, "مرکز گرگان ۱", "center", "P1")
    counters = []
    for k in range(3):
        ctx, sync, _ = harness.workstation(f"counter{k + 1}", OFFICE)
        ctx.user = system_actor()
        set_office(ctx, OFFICE)
        sync.page_size = 1000
        counters.append((ctx, sync))
    first, first_sync = counters[0]
    courses = [  # drafted at the center, approved by the province, opened (the workflow)
        open_course(
            harness, first, first_sync, code=f"{OFFICE}-0000{i + 1}", capacity=10_000, title=t
        )
        for i, t in enumerate(("رایانه کار", "جوشکاری"))
    ]
    for _ctx, sync in counters:
        sync.run()

    work = sum(
        _register(ctx, courses, people) for (ctx, _s), people in zip(counters, plan, strict=True)
    )
    start = time.perf_counter()
    for _round in range(2):
        for _ctx, sync in counters:
            sync.run()
    sync_time = time.perf_counter() - start
    result = work + sync_time

    total = sum(len(p) for p in plan)
    people = len({code for p in plan for code, _ in p})
    checks = []
    for ctx, _s in counters:
        with ctx.session() as s:
            codes = s.scalars(select(Enrollment.tracking_code)).all()
            trainees = s.scalar(select(func.count()).select_from(Trainee).where(live(Trainee)))
        checks.append(len(codes) == total and len(set(codes)) == total and trainees == people)
    harness.close()

    backend = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    print(f"server: {backend}; {args.per_counter} registrations at each of 3 counters")
    print(f"baseline (one workstation, {total} registrations)  {baseline:8.2f} s")
    print(f"result (3 counters offline + sync)             {result:8.2f} s")
    print(f"ratio                                          {result / baseline:8.2f}")
    print(
        f"sync alone {sync_time:.2f} s ({sync_time / total * 1000:.1f} ms a registration); "
        f"{total} tracking codes, {people} trainees on every machine: "
        f"{'yes' if all(checks) else 'NO'}"
    )
    return 0 if all(checks) else 1


if __name__ == "__main__":
    sys.exit(main())
