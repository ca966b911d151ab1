"""Python's cyclic garbage collector, run on the UI thread only.

Python collects reference cycles on whichever thread happens to allocate when a
generation fills up: in the app, often a ``TaskRunner`` worker (a query, the day's
backup, the status bar's sync status) or the start's loader thread. A Qt object that
Python owns (one without a Qt parent) and that sits in a cycle (a test's session and
window, a dialog done with) is then freed by that thread. PySide deletes a plain
``QObject`` right there, on the worker (its timers and thread pools with it); a widget
it hands to the main thread as a pending call, which runs between any two bytecodes
there: inside a Python event filter or slot in the middle of Qt's event delivery or of
a style sheet's polish. Both crashed the test run now and then (CI: a segmentation
fault in ``qtbot.waitUntil`` while two workers were in SQLite; here also one in
``setStyleSheet``).

``collect_on_ui_thread(app)`` turns the automatic collection off and lets a timer on
the UI thread collect instead, generation by generation with the interpreter's own
thresholds (the pattern of pyqtgraph's and OpenCue's ``GarbageCollector``): from the
event loop, where deleting what nobody refers to is safe. The timer also runs in a
modal dialog's loop; the worker threads never collect.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

#: How often the UI thread looks whether a generation is due (``gc.get_count()``: cheap).
INTERVAL_MS = 1000


class UiThreadCollector(QObject):
    """Collects each generation the interpreter would have by now (see the module doc)."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.collect_if_due)
        self.timer.start()

    def collect_if_due(self) -> int:
        """Collect the generations over their thresholds; the number of objects freed."""
        return collect_due()


def collect_due() -> int:
    """Collect the generations over their thresholds, as the interpreter would have by
    now (an older one only if its younger one was due); the number of objects freed.
    What the UI thread's timer runs each ``INTERVAL_MS`` (and ``benchmarks/bench_sync``
    beside a sync, to measure it under the app's regime)."""
    counts = gc.get_count()
    thresholds = gc.get_threshold()
    freed = 0
    for generation in range(3):
        if counts[generation] <= thresholds[generation]:
            break
        freed += gc.collect(generation)
    return freed


def collect_on_ui_thread(app: QCoreApplication) -> UiThreadCollector:
    """From now on only the UI thread collects cycles (one collector per application)."""
    collector = app.findChild(UiThreadCollector)
    if collector is None:
        collector = UiThreadCollector(app)
    gc.disable()
    return collector
