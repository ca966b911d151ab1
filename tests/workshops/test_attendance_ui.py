"""The attendance screen driven by keyboard: a whole day for 30 people, then the sheet."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from desktop_app.services.workshops.attendance import Subject, attendance_sheet
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.workshops.attendance import FIXED, AttendancePage


def type_key(widget, text: str) -> None:
    """One key press as the keyboard sends it, in any layout (QTest can only type Latin)."""
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(
            widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, text)
        )


def _page(ctx, qtbot, workshop, day=3):
    runner = TaskRunner()
    page = AttendancePage(ctx, runner)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.subject.count() > 1)
    page.subject.setValue(("workshop", workshop.id))
    qtbot.waitUntil(lambda: page.model.rowCount() == 30)
    page.day.setValue(day)
    qtbot.waitUntil(lambda: page.model.sheet is not None and page.model.sheet.day_number == day)
    return page


def test_a_whole_day_of_30_people_by_keyboard(ctx, qtbot, miz_app, workshop):
    page = _page(ctx, qtbot, workshop)
    table = page.table
    assert table.currentIndex().column() == FIXED and table.currentIndex().row() == 0
    # Morning session: everyone present but row 4 absent and row 9 late (Persian keys);
    # the cursor moves down and on to the midday column by itself.
    keys = ["1"] * 30
    keys[4], keys[9] = "غ", "ت"
    keys += ["۱"] * 29 + ["4"]  # midday: Persian digits, the last one excused
    for key in keys:
        type_key(table, key)
    qtbot.keyClick(page, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "ذخیره شد" in page.message.text(), timeout=5000)
    sheet = attendance_sheet(ctx, Subject("workshop", workshop.id), day=3)
    morning = [row[0] for row in sheet.statuses]
    midday = [row[1] for row in sheet.statuses]
    assert morning.count("present") == 28 and morning[4] == "absent" and morning[9] == "late"
    assert midday[:29] == ["present"] * 29 and midday[29] == "excused"
    assert len(keys) == 60  # one key per person and session


def test_fill_present_then_only_exceptions_and_print_the_sheet(ctx, qtbot, miz_app, workshop):
    page = _page(ctx, qtbot, workshop, day=1)
    qtbot.keyClick(
        page, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    page.table.setCurrentIndex(page.model.index(7, FIXED))
    type_key(page.table, "2")
    page.save()
    qtbot.waitUntil(lambda: "ذخیره شد" in page.message.text(), timeout=5000)
    printed = []
    page.open_file = printed.append  # type: ignore[method-assign]
    page.print_filled.click()
    qtbot.waitUntil(lambda: bool(printed), timeout=10000)
    assert printed[0].exists() and printed[0].stat().st_size > 1000
    page.print_blank.click()
    qtbot.waitUntil(lambda: len(printed) == 2, timeout=10000)
    assert printed[1].name.endswith("-blank.pdf")
    sheet = attendance_sheet(ctx, Subject("workshop", workshop.id), day=1)
    assert (
        sheet.statuses[7][0] == "absent" and sum(r.count("present") for r in sheet.statuses) == 59
    )


def test_a_refused_mark_keeps_what_was_typed(ctx, qtbot, miz_app, workshop):
    from desktop_app.services.workshops.programme import change_state

    page = _page(ctx, qtbot, workshop, day=2)
    type_key(page.table, "1")
    change_state(ctx, workshop.id, "cancel")  # meanwhile someone cancels the workshop
    page.save()
    qtbot.waitUntil(lambda: "فقط برای کارگاه" in page.message.text(), timeout=5000)
    assert page.model.marks[0][0] == "present"
