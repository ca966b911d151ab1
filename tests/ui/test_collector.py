"""Reference cycles are collected on the UI thread only (``ui.collector``): a worker thread
that allocates never collects (so never frees a Qt object), the application's timer does,
generation by generation as the interpreter would."""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from desktop_app.ui import app as app_module
from desktop_app.ui.collector import UiThreadCollector, collect_on_ui_thread


def _cyclic_garbage(freed_on: list[str]) -> None:
    """A parentless dialog in a reference cycle, as a sign-in dialog done with was."""
    dialog = QDialog()
    dialog.me = dialog  # type: ignore[attr-defined]
    dialog.destroyed.connect(
        lambda: freed_on.append(threading.current_thread().name),
        Qt.ConnectionType.DirectConnection,
    )


def _allocate_on_a_worker() -> list[list[int]]:
    """Enough live containers that the interpreter would collect every generation
    (kept alive, as a query's rows are, until the worker's result is handed over)."""
    kept: list[list[int]] = []

    def allocate() -> None:
        kept.extend([] for _ in range(20 * sum(gc.get_threshold())))

    worker = threading.Thread(target=allocate, name="worker")
    worker.start()
    worker.join()
    return kept


def _no_loader_left() -> None:
    """An earlier test's start-up loader thread ends with ``gc.freeze()``: one ending in the
    middle of a test here would take its garbage out of any collector's reach."""
    for thread in threading.enumerate():
        if thread.name == "miz-start":
            thread.join(30)


def test_a_worker_thread_never_collects(qapp, qtbot):
    _no_loader_left()
    gc.enable()  # as Python starts; the application's collector turns it off
    gc.collect()  # the generations empty: the worker's allocations fill them
    collector = collect_on_ui_thread(qapp)
    collected_on: list[str] = []

    def note(phase: str, _info: dict) -> None:
        if phase == "start":
            collected_on.append(threading.current_thread().name)

    gc.callbacks.append(note)
    try:
        freed_on: list[str] = []
        _cyclic_garbage(freed_on)
        rows = _allocate_on_a_worker()
        assert collected_on == [] and freed_on == []
        assert collector.timer.isActive()
        collector.collect_if_due()  # what its timer calls on the UI thread
        assert freed_on == ["MainThread"], (freed_on, gc.get_count(), gc.get_freeze_count())
        assert set(collected_on) == {"MainThread"}
        del rows
    finally:
        gc.callbacks.remove(note)


def test_the_collector_collects_the_generations_due_as_the_interpreter_would(qapp):
    _no_loader_left()
    collector = collect_on_ui_thread(qapp)
    gc.collect()
    generations: list[int] = []

    def note(phase: str, info: dict) -> None:
        if phase == "start":
            generations.append(info["generation"])

    gc.callbacks.append(note)
    try:
        assert collector.collect_if_due() == 0 and generations == []  # nothing due
        freed_on: list[str] = []
        _cyclic_garbage(freed_on)
        young, middle, _old = gc.get_threshold()
        kept: list[list[int]] = []
        for _ in range(3 * middle):  # each round fills the youngest generation
            kept.extend([] for _ in range(young + 1))
            collector.collect_if_due()
        assert freed_on == ["MainThread"]
        # the youngest generation round after round; the middle one only once the
        # youngest was collected more than its threshold (other threads of the test
        # process allocate and free too: the exact round is not asserted); never the oldest
        assert set(generations) == {0, 1}, generations
        first_middle = generations.index(1)
        assert first_middle >= middle and generations[:first_middle] == [0] * first_middle
    finally:
        gc.callbacks.remove(note)


def test_the_application_collects_on_its_ui_thread(qapp, monkeypatch):
    monkeypatch.setattr(app_module, "keep_sources_out", lambda: False)
    gc.enable()
    assert app_module.application() is qapp
    assert not gc.isenabled()
    assert len(qapp.findChildren(UiThreadCollector)) == 1
    collect_on_ui_thread(qapp)  # once per application
    assert len(qapp.findChildren(UiThreadCollector)) == 1
