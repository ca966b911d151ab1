"""The task runner: work off the UI thread, results and progress on it, cancel,
errors handed back, one writer at a time, and the data_changed signal."""

from __future__ import annotations

import threading
import time

import pytest
import shiboken6
from PySide6.QtCore import QThread

from desktop_app.ui.tasks import TaskRunner, data_bus


@pytest.fixture
def runner(qapp):
    task_runner = TaskRunner()
    yield task_runner
    task_runner.wait_for_done()
    qapp.processEvents()


def test_result_arrives_on_ui_thread(qtbot, runner):
    ui_thread = QThread.currentThread()
    seen = {}

    def work(_control):
        seen["worker"] = threading.current_thread() is threading.main_thread()
        return 42

    def done(value):
        seen["value"] = value
        seen["on_ui"] = QThread.currentThread() is ui_thread

    runner.submit(work, on_done=done)
    qtbot.waitUntil(lambda: "value" in seen)
    assert seen == {"worker": False, "value": 42, "on_ui": True}
    qtbot.waitUntil(runner.is_idle)


def test_error_is_handed_back(qtbot, runner):
    errors = []
    runner.submit(lambda _c: 1 / 0, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], ZeroDivisionError)


def test_unhandled_error_goes_to_runner_signal(qtbot, runner):
    with qtbot.waitSignal(runner.error) as blocker:
        runner.submit(lambda _c: int("x"))
    assert isinstance(blocker.args[0], ValueError)


def test_progress_and_cancel(qtbot, runner):
    progress, outcome = [], []
    started = threading.Event()

    def long_job(control):
        for i in range(1000):
            control.check()
            control.progress(i, 1000, "")
            started.set()
            time.sleep(0.005)
        return "finished"

    handle = runner.submit(
        long_job,
        on_progress=lambda d, t, _x: progress.append((d, t)),
        on_done=outcome.append,
        on_cancelled=lambda: outcome.append("cancelled"),
    )
    qtbot.waitUntil(lambda: len(progress) >= 3)
    handle.cancel()
    qtbot.waitUntil(lambda: bool(outcome))
    assert outcome == ["cancelled"]
    assert progress[0] == (0, 1000)


def test_writes_run_one_at_a_time_in_order(qtbot, runner):
    active, order, overlap = [0], [], []
    lock = threading.Lock()

    def write(n):
        def job(_c):
            with lock:
                active[0] += 1
                overlap.append(active[0])
            time.sleep(0.01)
            with lock:
                active[0] -= 1
            order.append(n)

        return job

    for n in range(6):
        runner.submit(write(n), write=True)
    qtbot.waitUntil(lambda: len(order) == 6)
    assert order == list(range(6))
    assert max(overlap) == 1


def test_successful_write_announces_changes(qtbot, runner):
    with qtbot.waitSignal(data_bus().data_changed) as blocker:
        runner.submit(lambda _c: None, write=True, changes={"settings"})
    assert blocker.args[0] == frozenset({"settings"})


def test_result_for_a_closed_dialog_is_dropped(qtbot, runner):
    """A form closed (and destroyed) before its load comes back gets nothing, and
    nothing raises "Internal C++ object already deleted"."""
    from PySide6.QtWidgets import QLabel

    release = threading.Event()
    label = QLabel()
    runner.submit(lambda _c: release.wait(5) and "late", on_done=label.setText)
    runner.submit(lambda _c: release.wait(5) and 1 / 0, on_error=label.setText)
    label.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(label))
    release.set()
    qtbot.waitUntil(runner.is_idle)
