"""The sync section driven through its widgets against an in-process server:
enroll with the dialog, sync now (off the UI thread), see a conflict with both
versions side by side, keep the clerk's version, and see it reach the other side."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from desktop_app.models import Place


@pytest.fixture
def page(miz_app, ctx, qtbot):
    from desktop_app.ui.sync_page import SyncPage
    from desktop_app.ui.tasks import TaskRunner

    runner = TaskRunner()
    widget = SyncPage(ctx, runner)
    qtbot.addWidget(widget)
    widget.resize(900, 620)
    widget.show()
    yield widget
    runner.wait_for_done()


def _finished(page) -> bool:
    return page.message.text().startswith("همگام‌سازی انجام شد")


@pytest.mark.parametrize("server", ["sqlite"], indirect=True)
def test_enroll_sync_and_resolve_a_conflict(server, page, ctx, qtbot, tmp_path):
    page.transport = server.transport()
    qtbot.waitUntil(lambda: page.server_label.text() == "این رایانه هنوز ثبت نشده است")
    assert not page.sync_button.isEnabled()

    dialog = page.open_enroll()
    dialog.url.clear()
    qtbot.keyClicks(dialog.url, "https://miz.test")
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    assert "کد" in dialog.message.text()  # the missing code is named, nothing sent
    qtbot.keyClicks(dialog.code, server.enroll_code("C11"))
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: "مرکز گرگان" in page.message.text(), timeout=10_000)
    qtbot.waitUntil(page.sync_button.isEnabled)

    with ctx.session() as s:
        place = Place(name="مرکز", code="1")
        s.add(place)
    qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _finished(page), timeout=10_000)
    # the page reloads its status after the round (data_changed)
    qtbot.waitUntil(lambda: page.last_sync_label.text() != "هرگز")
    assert page.pending_label.text() == "۰"

    other, sync_other, _ = server.workstation("other", "C11")
    sync_other.run()
    with other.session() as s:
        s.get(Place, place.id).name = "نام سرور"
    sync_other.run()
    with ctx.session() as s:
        s.get(Place, place.id).name = "نام من"
    page.set_message("")
    qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _finished(page), timeout=10_000)
    qtbot.waitUntil(lambda: page.conflict_list.count() == 1)
    qtbot.waitUntil(lambda: page.conflicts_label.text() == "۱")
    assert page.comparison.rows == [("name", "نام من", "نام سرور")]
    page.grab().save(str(tmp_path / "sync-page.png"))

    qtbot.mouseClick(page.keep_mine, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.conflict_list.count() == 0)
    page.set_message("")
    qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _finished(page), timeout=10_000)
    sync_other.run()
    with other.session() as s:
        assert s.scalar(select(Place.name)) == "نام من"


@pytest.mark.parametrize("server", ["sqlite"], indirect=True)
def test_a_set_aside_row_is_listed_with_its_reason_and_a_supervisor_dismisses_it(
    server, page, ctx, qtbot, tmp_path
):
    """Two counters created code 77 offline: the pulled one is set aside, shown with its
    Persian reason and count; trying again keeps it, «کنار بگذار» closes it."""
    from desktop_app.sync.client import enroll

    other, sync_other, _ = server.workstation("other", "C11")
    with other.session() as s:
        s.add(Place(name="مرکز دیگر", code="77"))
    sync_other.run()
    transport = server.transport()
    enroll(ctx, "https://miz.test", server.enroll_code("C11"), transport=transport)
    with ctx.session() as s:
        s.add(Place(name="مرکز من", code="77"))
    page.transport = transport
    page.reload()
    qtbot.waitUntil(page.sync_button.isEnabled)
    qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _finished(page), timeout=10_000)
    qtbot.waitUntil(lambda: page.problem_list.count() == 1)
    qtbot.waitUntil(lambda: page.problems_label.text() == "۱")
    assert "پیشخوان" in page.problem_list.item(0).text()
    page.resize(1100, 760)
    page.grab().save(str(tmp_path / "sync-problems.png"))
    qtbot.mouseClick(page.retry_problem, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "هنوز ثبت نمی‌شود" in page.message.text())
    assert page.problem_list.count() == 1
    qtbot.mouseClick(page.dismiss_problem, Qt.MouseButton.LeftButton)  # ctx: supervisor
    qtbot.waitUntil(lambda: page.problem_list.count() == 0)
    qtbot.waitUntil(lambda: page.problems_label.text() == "۰")


@pytest.mark.parametrize("server", ["sqlite"], indirect=True)
def test_a_table_still_different_after_the_repair_is_shown_with_what_to_do(
    server, miz_app, qtbot, tmp_path
):
    """The check after sync re-pulls a table that differs from the server; one that
    still differs (here: a place this workstation believes the server accepted, which
    the server does not have — e.g. a server restored from an older backup) is named in
    the status box in Persian with what to do, and the line clears once they agree."""
    import uuid

    from sqlalchemy import delete, insert

    from desktop_app.services.accounts.access import system_actor
    from desktop_app.ui.sync_page import SyncPage
    from desktop_app.ui.tasks import TaskRunner

    ctx, _engine, transport = server.workstation("a", "C11")
    ctx.user = system_actor()
    ghost = uuid.uuid4()
    with ctx.session() as s:  # no outbox entry: written as a pulled row would be
        s.execute(
            insert(Place.__table__).values(
                id=ghost, name="مکان ناپیدا", code="77", origin_office="C11", server_seq=999
            )
        )
    runner = TaskRunner()
    page = SyncPage(ctx, runner)
    page.transport = transport
    qtbot.addWidget(page)
    page.resize(900, 620)
    page.show()
    qtbot.waitUntil(lambda: page.check_label.text() == "هنوز بررسی نشده است")
    assert page.sync_button.isEnabled()
    qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _finished(page), timeout=10_000)
    qtbot.waitUntil(lambda: page.check_label.text() == "۱ جدول با سرور یکی نیست")
    page.grab().save(str(tmp_path / "sync-check.png"))
    assert page.check_detail.isVisible()
    shown = page.check_detail.text()
    assert shown.startswith("«مکان»")
    assert "با سرور مرکزی یکی نیست" in shown and "پشتیبانی" in shown
    assert "places" in shown  # the table's own name, for the support desk
    with ctx.session() as s:
        s.execute(delete(Place.__table__).where(Place.__table__.c.id == ghost))
    qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.check_label.text() == "همهٔ جدول‌ها با سرور یکی است")
    assert not page.check_detail.isVisible()
    runner.wait_for_done()
