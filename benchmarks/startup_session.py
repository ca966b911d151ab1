"""Child process of ``bench_startup.py``: a real start of Miz on DATA_DIR, signed in.

Starts as ``miz`` does (``ui.startup.StartUp``: the sign-in dialog, the database
opened behind it), waits until the database is open, types ``build_big_db``'s user
and password, presses «ورود» and waits for the main window's first paint. Prints one
JSON line: the milliseconds from the press to that paint, the sign-in dialog's first
paint from the process start, the password check on the write worker (argon2, the user
and audit rows: the press to the end of ``sign_in``), the window prepared on the UI
thread meanwhile (``SessionController.prepare_window``), and the resident memory (now
and peak) in MiB.

``TYPING_MS`` (default 0: pressed the moment the database is open) lets the clerk type
that long after the database opened before pressing, as at a real counter.

    python benchmarks/startup_session.py DATA_DIR [TYPING_MS]
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path

START = time.perf_counter()
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop_app.ui.app import application  # noqa: E402
from desktop_app.ui.startup import StartUp  # noqa: E402


class FirstPaint(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.at: float | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.at is None:
            self.at = time.perf_counter()
        return False


def rss_mib() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main() -> int:
    from build_big_db import BENCH_PASSWORD, BENCH_USER

    app = application()
    start = StartUp(Path(sys.argv[1]), quit_app=lambda: None)
    dialog_paint = FirstPaint()
    dialog = start.start()
    dialog.installEventFilter(dialog_paint)

    def wait(pred, timeout: float = 120.0) -> None:
        end = time.perf_counter() + timeout
        while not pred():
            if time.perf_counter() > end:
                raise SystemExit("timed out")
            app.processEvents()
            time.sleep(0.001)

    wait(lambda: start.session is not None)
    session = start.session
    typing_ms = float(sys.argv[2]) if len(sys.argv) > 2 else 0.0
    typed = time.perf_counter() + typing_ms / 1000
    wait(lambda: time.perf_counter() >= typed)
    dialog.user_name.setText(BENCH_USER)
    dialog.password.setText(BENCH_PASSWORD)
    window_paint = FirstPaint()
    app.installEventFilter(window_paint)  # the first paint of anything after the press
    window_paint.at = None
    # The password check ends when ``sign_in`` returns on the write worker (the dialog
    # imports it from its module when «ورود» is pressed); the window is prepared on the
    # UI thread meanwhile.
    from desktop_app.services.accounts import accounts

    signed: list[float] = []
    prepared: list[float] = []
    check, prepare = accounts.sign_in, session.prepare_window

    def sign_in(*args, **kwargs):  # type: ignore[no-untyped-def]
        try:
            return check(*args, **kwargs)
        finally:
            signed.append(time.perf_counter())

    def prepare_window():  # type: ignore[no-untyped-def]
        began = time.perf_counter()
        prepare()
        prepared.append(time.perf_counter() - began)

    accounts.sign_in = sign_in  # type: ignore[assignment]
    session.prepare_window = prepare_window  # type: ignore[method-assign]
    pressed = time.perf_counter()
    dialog.ok_button.click()
    wait(lambda: session.window is not None)
    window = session.window
    window_paint.at = None
    app.removeEventFilter(window_paint)
    window.installEventFilter(window_paint)
    wait(lambda: window_paint.at is not None)
    shown = window_paint.at
    app.processEvents()
    start.shutdown()
    window.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "after_sign_in_ms": (shown - pressed) * 1000,
                # the password check (argon2, on the write worker)
                "password_check_ms": (signed[0] - pressed) * 1000,
                # the window built on the UI thread meanwhile
                "prepared_ms": (prepared[0] if prepared else 0.0) * 1000,
                "sign_in_painted_ms": ((dialog_paint.at or START) - START) * 1000,
                "rss_mib": rss_mib(),
                "peak_mib": peak,
            }
        )
    )
    QApplication.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
