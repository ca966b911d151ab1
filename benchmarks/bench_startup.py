"""Start, sign-in and memory of Miz next to a bare PySide6 window, measured in one run.

- sign-in window: a new ``miz --quit-at-sign-in`` process until the sign-in dialog has
  painted and the process has ended (the database is opened only after that paint, so
  it is not part of this), next to ``bare_window.py`` started the same way (a new
  interpreter, a window shown, quit after its first paint). Runs are interleaved and
  the medians compared, because this machine is noisy. Goal: ≤ 1.5× bare.
- main window after «ورود»: ``startup_session.py`` starts Miz for real on the data
  folder, types the benchmark user's name and password, presses «ورود» and times the
  main window's first paint (the sign-in on the write worker while the UI thread
  prepares the window, then the window opened for the user and painted). Goal: ≤ 300 ms.
- memory: the resident size of that process after sign-in (and its peak, which holds
  argon2's 19 MiB), next to the bare window's peak. Goal: ≤ 150 MiB with a
  1,000,000-row database.

The data folder is ``--data-dir`` (built by ``build_big_db.py``) or one of ``--rows``
rows a list built for the run.

    python benchmarks/bench_startup.py [--runs 7] [--rows 2000 | --data-dir DIR] [--typing-ms 0]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _run(cmd: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall time, peak resident MiB and stdout of one child process."""
    start = time.perf_counter()
    child = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = child.stdout.read().decode() if child.stdout else ""
    _pid, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"{cmd} failed with {child.returncode}")
    return elapsed, usage.ru_maxrss / 1024, out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--rows", type=int, default=2000, help="rows a list if no --data-dir")
    parser.add_argument("--data-dir", type=Path, help="a database built by build_big_db.py")
    parser.add_argument(
        "--typing-ms", type=int, default=0,
        help="the clerk types this long after the database opened before «ورود» (default 0)",
    )  # fmt: skip
    args = parser.parse_args()
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed app has its .pyc files
    if not env.get("DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    print("load: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = args.data_dir
        if data_dir is None:  # built by a child: this process stays small, and a
            # child's peak memory counts what it inherited from this one before exec
            data_dir = Path(tmp) / "data"
            build = [sys.executable, str(HERE / "build_big_db.py"), "--rows", str(args.rows)]
            subprocess.run([*build, "--data-dir", str(data_dir)], env=env, check=True)
        rows = args.rows if args.data_dir is None else "as built"
        bare_cmd = [sys.executable, str(HERE / "bare_window.py")]
        sign_in_cmd = [
            sys.executable, "-m", "desktop_app", "--data-dir", str(data_dir), "--quit-at-sign-in",
        ]  # fmt: skip
        session_cmd = [
            sys.executable, str(HERE / "startup_session.py"), str(data_dir), str(args.typing_ms),
        ]  # fmt: skip
        _run(bare_cmd, env)  # warm the OS file cache and the .pyc files of both
        _run(sign_in_cmd, env)
        bare, sign_in, bare_peak = [], [], []
        for _ in range(args.runs):
            elapsed, peak, _out = _run(bare_cmd, env)
            bare.append(elapsed)
            bare_peak.append(peak)
            sign_in.append(_run(sign_in_cmd, env)[0])
        sessions = [json.loads(_run(session_cmd, env)[2].strip().splitlines()[-1])
                    for _ in range(max(3, args.runs // 2))]  # fmt: skip
    b, s = statistics.median(bare), statistics.median(sign_in)
    after = statistics.median(x["after_sign_in_ms"] for x in sessions)
    check = statistics.median(x["password_check_ms"] for x in sessions)
    prepared = statistics.median(x.get("prepared_ms", 0.0) for x in sessions)
    rss = statistics.median(x["rss_mib"] for x in sessions)
    peak = statistics.median(x["peak_mib"] for x in sessions)
    bp = statistics.median(bare_peak)
    print(f"platform: {env.get('QT_QPA_PLATFORM', 'xcb')}, runs: {args.runs}, rows a list: {rows}")
    print(f"bare PySide6 window         median {b:.3f} s   (min {min(bare):.3f})")
    print(f"Miz sign-in window          median {s:.3f} s   (min {min(sign_in):.3f})")
    print(
        f"ratio sign-in / bare: {s / b:.2f}   (goal ≤ 1.5: {'met' if s / b <= 1.5 else 'NOT met'})"
    )
    print(
        f"main window after «ورود» ({args.typing_ms} ms typing after the database opened) "
        f"median {after:.0f} ms "
        f"(goal ≤ 300 ms: {'met' if after <= 300 else 'NOT met'})"
    )
    print(
        f"  the sign-in on the write worker {check:.0f} ms (argon2, the user, the audit row), "
        f"meanwhile the window prepared on the UI thread {prepared:.0f} ms; "
        f"after the check: the window opened and painted {after - check:.0f} ms"
    )
    print(
        f"memory after sign-in        {rss:.1f} MiB (peak {peak:.1f} MiB)   bare window peak "
        f"{bp:.1f} MiB   ratio {rss / bp:.2f}   (goal ≤ 150 MiB: {'met' if rss <= 150 else 'NOT met'})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
