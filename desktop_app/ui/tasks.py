"""Running service calls off the UI thread, and the app-wide ``data_changed`` signal.

Modelled on Anki's ``aqt.operations``: the window never runs a query, a PDF
batch or a sync on the UI thread. A view calls::

    runner.submit(lambda control: services.save_x(ctx, data),
                  on_done=self.saved, write=True)

``fn`` runs on a worker thread; it may call ``control.progress(done, total,
text)`` and should look at ``control.cancelled`` in long loops. ``on_done`` /
``on_error`` / ``on_progress`` run on the UI thread. Writes go to a single
worker thread (SQLite has one writer; ordering stays as the clerk clicked);
reads use a small pool. A long job that opens its own database connection and
must not hold up either (the day's first backup: SQLite's online backup reads a
snapshot while the clerk's saves go on) runs ``beside=True`` on a third thread. After a
successful write, the app-wide ``data_bus().data_changed`` signal carries the kinds it
changed so every view that shows them refreshes itself: the kinds the services' own
commits recorded (``services.core.changes.recording``), with any named in ``changes``
(what the recorder cannot see: a file such as ``workstation.json``, a sync round, a
restored database). A view never names the kinds of an ordinary save.

Create and use ``TaskRunner`` on the UI thread only; ``TaskControl`` is the only
object the worker thread touches.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from desktop_app.services.core.changes import Change, recording

log = logging.getLogger(__name__)


class DataBus(QObject):
    """Carries ``data_changed(frozenset[str])``: the kinds of data that changed; and
    ``clerk_saved(frozenset[str])`` when the change was the clerk's own save (not the
    bookkeeping of a sign-in or sign-out), which the window confirms in its status bar."""

    data_changed = Signal(object)
    clerk_saved = Signal(object)

    def notify(self, kinds: Iterable[Change], *, quiet: bool = False) -> None:
        changed = frozenset(kinds)
        self.data_changed.emit(changed)
        if not quiet:
            self.clerk_saved.emit(changed)


#: The kind announced when everything may have changed (a restored database):
#: a view that sees it reloads whatever it shows.
EVERYTHING = Change.EVERYTHING

_bus: DataBus | None = None


def data_bus() -> DataBus:
    """The one app-wide bus (created on first use, on the UI thread)."""
    global _bus
    if _bus is None:
        _bus = DataBus()
    return _bus


class Cancelled(Exception):
    """Raised by ``TaskControl.check()`` inside a task the user cancelled."""


class TaskControl:
    """What a running task may touch: progress reports and the cancel flag."""

    def __init__(self, handle: TaskHandle) -> None:
        self._handle = handle
        self._cancel = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        """Raise ``Cancelled`` if the user asked to stop."""
        if self._cancel.is_set():
            raise Cancelled

    def progress(self, done: int, total: int = 0, text: str = "") -> None:
        """Report progress (thread-safe; delivered on the UI thread)."""
        self._handle.progressed.emit(done, total, text)


class TaskHandle(QObject):
    """A submitted task as seen from the UI thread."""

    finished = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    progressed = Signal(int, int, str)
    ended = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.control = TaskControl(self)
        self.done = False
        #: The kinds the task's committed writes recorded (set before ``finished``).
        self.recorded: frozenset[Change] = frozenset()
        self.connected: list[Any] = []  # the signals given callbacks (``TaskRunner._forget``)

    def cancel(self) -> None:
        self.control._cancel.set()


class _Job(QRunnable):
    def __init__(self, fn: Callable[[TaskControl], Any], handle: TaskHandle) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._fn = fn
        self._handle = handle

    def run(self) -> None:  # worker thread
        handle = self._handle
        try:
            if handle.control.cancelled:
                raise Cancelled
            with recording() as changes:
                result = self._fn(handle.control)
            handle.recorded = changes.kinds
        except Cancelled:
            handle.cancelled.emit()
        except Exception as exc:  # handed to the UI thread, never swallowed
            log.exception("task failed")
            handle.failed.emit(exc)
        else:
            handle.finished.emit(result)
        finally:
            handle.ended.emit()


def _receiver_alive(callback: Callable[..., Any]) -> bool:
    """False when ``callback`` is a method of a Qt object already destroyed (a dialog
    the clerk closed before its load or save came back): its result is dropped
    instead of raising "Internal C++ object already deleted"."""
    owner = getattr(callback, "__self__", None)
    return not isinstance(owner, QObject) or shiboken6.isValid(owner)


class TaskRunner(QObject):
    """Submits service calls to worker threads and hands results back."""

    error = Signal(object)  # an exception no ``on_error`` handled

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reads = QThreadPool(self)
        self._reads.setMaxThreadCount(2)
        self._writes = QThreadPool(self)
        self._writes.setMaxThreadCount(1)
        self._beside = QThreadPool(self)
        self._beside.setMaxThreadCount(1)
        self._active: set[TaskHandle] = set()

    def submit(
        self,
        fn: Callable[[TaskControl], Any],
        *,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        on_cancelled: Callable[[], None] | None = None,
        write: bool = False,
        beside: bool = False,
        changes: Iterable[Change] = (),
        quiet: bool = False,
    ) -> TaskHandle:
        """``quiet``: a write that is bookkeeping, not the clerk's save (a sign-in's last
        sign-in time and audit row): views still refresh, nothing says «saved»."""
        handle = TaskHandle(self)
        kinds = frozenset(changes)

        def finished(result: Any) -> None:
            if on_done is not None and _receiver_alive(on_done):
                on_done(result)
            announced = kinds | handle.recorded if write else kinds
            if write and announced:
                data_bus().notify(announced, quiet=quiet)

        def failed(exc: Exception) -> None:
            if on_error is not None:
                if _receiver_alive(on_error):
                    on_error(exc)
            else:
                self.error.emit(exc)

        handle.finished.connect(finished)
        handle.failed.connect(failed)
        handle.connected += [handle.finished, handle.failed, handle.ended]
        if on_progress is not None:
            handle.progressed.connect(on_progress)
            handle.connected.append(handle.progressed)
        if on_cancelled is not None:
            handle.cancelled.connect(on_cancelled)
            handle.connected.append(handle.cancelled)
        handle.ended.connect(lambda: self._forget(handle))
        self._active.add(handle)
        pool = self._beside if beside else self._writes if write else self._reads
        pool.start(_Job(fn, handle))
        return handle

    @Slot()
    def _forget(self, handle: TaskHandle) -> None:
        handle.done = True
        self._active.discard(handle)
        # Let go of the callbacks here, not in the handle's destructor: they hold this
        # runner (and the views), and a runner whose last reference goes while its child
        # handle is being destroyed deletes that child a second time (Qt's "shared
        # QObject was deleted directly": the screen test's crash at teardown).
        for signal in handle.connected:
            signal.disconnect()
        handle.connected.clear()
        handle.deleteLater()

    def is_idle(self) -> bool:
        return not self._active

    def wait_for_done(self, msecs: int = 30_000) -> bool:
        """Block until the worker threads are idle (shutdown and tests)."""
        pools = (self._writes, self._reads, self._beside)
        return all([pool.waitForDone(msecs) for pool in pools])
