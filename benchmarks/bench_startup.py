"""How long Miz takes to open its window, next to a bare PySide6 window.

Both start the same way (a new Python process that shows a window and quits after
its first paint); runs are interleaved and the medians compared, because this
machine is noisy. The goal is an open window in under 1.5 s on a 2-core machine.

    python benchmarks/bench_startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed app has its .pyc files
    if not env.get("DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    bare_cmd = [sys.executable, str(HERE / "bare_window.py")]
    with tempfile.TemporaryDirectory() as tmp:
        miz_cmd = [sys.executable, "-m", "desktop_app", "--data-dir", tmp, "--quit-after-shown"]
        first = _timed(miz_cmd, env)  # creates and migrates the database
        _timed(bare_cmd, env)  # warm the OS file cache for both
        bare, miz = [], []
        for _ in range(args.runs):
            bare.append(_timed(bare_cmd, env))
            miz.append(_timed(miz_cmd, env))
    b, m = statistics.median(bare), statistics.median(miz)
    print(f"platform: {env.get('QT_QPA_PLATFORM', 'xcb')}, runs: {args.runs}")
    print(f"bare PySide6 window   median {b:.3f} s  (min {min(bare):.3f})")
    print(f"Miz main window       median {m:.3f} s  (min {min(miz):.3f})")
    print(f"Miz first start (creates the database): {first:.3f} s")
    print(f"ratio Miz / bare: {m / b:.2f}")
    print(f"goal < 1.5 s: {'met' if m < 1.5 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
