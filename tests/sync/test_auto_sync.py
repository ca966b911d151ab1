"""Sync by itself: the background timer, its off switch, the retry after a lost
network, and the status-bar indicator that tells the truth (issue 14)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop_app.models import Place


@pytest.fixture
def holder(miz_app, qtbot):
    """The widget that owns the timer and the label, as the main window does."""
    from PySide6.QtWidgets import QWidget

    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def runner(holder):
    from desktop_app.ui.tasks import TaskRunner

    runner = TaskRunner(holder)
    yield runner
    runner.wait_for_done()


def _auto(ctx, runner, transport=None):
    from desktop_app.services.accounts.access import CLERK, Actor
    from desktop_app.ui.auto_sync import AutoSync, SyncIndicator

    # the window syncs for the clerk signed in at it
    ctx.user = Actor(user_name="clerk1", roles=frozenset({CLERK}), office_code="C11")
    holder = runner.parent()
    auto = AutoSync(ctx, runner, holder, transport=transport)
    label = SyncIndicator(ctx, runner, auto)
    label.setParent(holder)
    return auto, label


def test_without_a_server_the_indicator_says_so_and_nothing_runs(ctx, runner, qtbot):
    auto, label = _auto(ctx, runner)
    qtbot.waitUntil(lambda: label.text() == "همگام‌سازی: سرور مرکزی تنظیم نشده است")
    assert not auto.timer.isActive()


@pytest.mark.parametrize("server", ["sqlite"], indirect=True)
def test_background_rounds_push_and_the_indicator_follows(server, runner, qtbot):
    ctx, _engine, transport = server.workstation("a", "C11")
    other, sync_other, _ = server.workstation("b", "C11")
    ctx.workstation.sync_minutes = 5
    auto, label = _auto(ctx, runner, transport)
    assert auto.timer.isActive() and auto.timer.interval() == 15_000  # soon after start
    qtbot.waitUntil(lambda: "آخرین همگام‌سازی: هرگز" in label.text())
    with ctx.session() as s:
        s.add(Place(name="مرکز پشتیبان", code="31"))
    label.reload()
    qtbot.waitUntil(lambda: "در انتظار ارسال: ۱" in label.text())

    with qtbot.waitSignal(auto.finished, timeout=20_000) as done:
        auto.timer.start(0)  # the timer fires
    assert done.args == [""]
    qtbot.waitUntil(lambda: "در انتظار ارسال: ۰" in label.text())
    assert "هرگز" not in label.text() and "مشکل‌ها: ۰" in label.text()
    assert auto.timer.interval() == 5 * 60 * 1000
    sync_other.run()
    with other.session() as s:
        assert s.scalar(select(Place.name)) == "مرکز پشتیبان"

    # the network drops: a Persian sentence, quicker retries, then back to normal
    transport.faults = ["drop-request"] * 8
    with qtbot.waitSignal(auto.finished, timeout=30_000) as failed:
        auto.sync_now()
    assert "ارتباط با سرور مرکزی برقرار نشد" in failed.args[0]
    assert "Traceback" not in failed.args[0]
    assert auto.failing and auto.timer.interval() == 30_000
    qtbot.waitUntil(lambda: "آخرین تلاش ناموفق بود" in label.text())
    transport.faults = []
    with qtbot.waitSignal(auto.finished, timeout=20_000):
        auto.sync_now()
    assert not auto.failing and auto.timer.interval() == 5 * 60 * 1000
    qtbot.waitUntil(lambda: "ناموفق" not in label.text())


@pytest.mark.parametrize("server", ["sqlite"], indirect=True)
def test_the_off_switch_and_the_settings_box(server, runner, qtbot):
    from desktop_app.ui.auto_sync import SyncIntervalBox
    from desktop_app.ui.tasks import data_bus

    ctx, _engine, transport = server.workstation("a", "C11")
    auto, _label = _auto(ctx, runner, transport)
    from desktop_app.services.accounts.access import ADMINISTRATOR, Actor

    # the interval is a workstation setting: an administrator's
    ctx.user = Actor(user_name="admin", roles=frozenset({ADMINISTRATOR}), office_code="C11")
    box = SyncIntervalBox(ctx, runner)
    qtbot.addWidget(box)
    box.show()
    assert box.minutes.value() == 5
    box.minutes.setValue(0)
    assert box.minutes.text() == "خاموش"
    with qtbot.waitSignal(data_bus().data_changed, timeout=5_000):
        box.save()
    qtbot.waitUntil(lambda: box.status.text() == "همگام‌سازی خودکار خاموش شد.")
    assert ctx.workstation.sync_minutes == 0
    from desktop_app.services.core.workstation import WorkstationConfig

    assert WorkstationConfig.load(ctx.data_dir).sync_minutes == 0
    qtbot.waitUntil(lambda: not auto.timer.isActive())
    box.minutes.setValue(2)
    box.save()
    qtbot.waitUntil(lambda: auto.timer.isActive())
    assert auto.timer.interval() == 2 * 60 * 1000


def test_status_text_for_each_state():
    from datetime import UTC, datetime

    from desktop_app.services.sync.sync import SyncStatus
    from desktop_app.ui.auto_sync import status_text

    none = SyncStatus("", False, None, 0, 0)
    assert status_text(none) == "همگام‌سازی: سرور مرکزی تنظیم نشده است"
    waiting = SyncStatus("https://miz.test", False, None, 3, 0)
    assert "ثبت نشده" in status_text(waiting)
    done = SyncStatus("https://miz.test", True, datetime(2026, 12, 6, 8, 0, tzinfo=UTC), 3, 2)
    text = status_text(done)
    assert "۱۴۰۵/۰۹/۱۵" in text and "در انتظار ارسال: ۳" in text and "مشکل‌ها: ۲" in text
    assert "در حال انجام" in status_text(done, running=True)


@pytest.mark.parametrize("server", ["sqlite"], indirect=True)
def test_an_unexpected_failure_is_a_sentence_not_a_traceback(server, runner, qtbot, monkeypatch):
    from desktop_app.sync.client import SyncEngine
    from desktop_app.ui.auto_sync import UNEXPECTED

    ctx, _engine, transport = server.workstation("a", "C11")
    auto, label = _auto(ctx, runner, transport)

    def broken(self, progress=None):
        raise RuntimeError("UNIQUE constraint failed: enrollments.tracking_code")

    monkeypatch.setattr(SyncEngine, "run", broken)
    with qtbot.waitSignal(auto.finished, timeout=10_000) as failed:
        auto.sync_now()
    assert failed.args == [UNEXPECTED]
    qtbot.waitUntil(lambda: UNEXPECTED in label.text())
    assert "UNIQUE" not in label.text() and "Error" not in label.text()
