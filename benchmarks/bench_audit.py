"""What the audit trail costs a save, next to the same saves without it.

Creates N places and then edits each once through ``services.places.places`` (one short
transaction per call, as the window does), first with the audit listener that
``AppContext`` installs, then on a second data folder with that listener removed
(the baseline). Runs alternate and the medians are compared; the ratio is
with-audit / without. Also reports one argon2 sign-in check (the library's
default cost), which runs on the write worker, never on the UI thread.

    python benchmarks/bench_audit.py [--saves 300] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event

from desktop_app.services.accounts import audit
from desktop_app.services.accounts.access import system_actor
from desktop_app.services.core.context import AppContext
from desktop_app.services.places.places import PlaceData, save_place


def _saves(folder: Path, n: int, with_audit: bool) -> float:
    ctx = AppContext.open(folder)
    ctx.user = system_actor()
    if not with_audit:
        event.remove(ctx.session_factory, "after_flush", audit._after_flush)
    base = PlaceData(kind="center", province="گلستان", city="گرگان", name="", code="")
    start = time.perf_counter()
    for i in range(n):
        saved = save_place(ctx, replace(base, name=f"مرکز {i}", code=f"{10_000 + i}"))
        save_place(ctx, replace(saved, city="ساری"))
    elapsed = time.perf_counter() - start
    ctx.close()
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--saves", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with_audit, without = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(args.runs):
            with_audit.append(_saves(Path(tmp) / f"a{run}", args.saves, True))
            without.append(_saves(Path(tmp) / f"b{run}", args.saves, False))
    a, b = statistics.median(with_audit), statistics.median(without)
    per = 2 * args.saves
    print(f"{per} saves (create + edit of {args.saves} places), runs: {args.runs}")
    print(f"with the audit trail     median {a:.3f} s  ({a / per * 1000:.2f} ms a save)")
    print(f"without (baseline)       median {b:.3f} s  ({b / per * 1000:.2f} ms a save)")
    print(f"ratio with / without: {a / b:.2f}")

    from argon2 import PasswordHasher

    hasher = PasswordHasher()
    hashed = hasher.hash("Gorgan-1403")
    checks = []
    for _ in range(5):
        start = time.perf_counter()
        hasher.verify(hashed, "Gorgan-1403")
        checks.append(time.perf_counter() - start)
    print(f"argon2 sign-in check (default cost) median {statistics.median(checks) * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
