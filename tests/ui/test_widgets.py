"""The reusable input widgets, driven with real key presses (pytest-qt, offscreen)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.persian import ValidationError, validate_national_code
from desktop_app.ui.widgets import (
    DigitLineEdit,
    FormRow,
    JalaliDateEdit,
    MobileEdit,
    NationalCodeEdit,
    PostalCodeEdit,
    RialEdit,
)

VALID_CODE = "0012345679"
WRONG_CHECK_DIGIT = "0012345678"


@pytest.fixture
def rtl(qtbot: QtBot):
    """Register a widget with qtbot, right to left as in the application."""

    def make(widget):
        widget.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        qtbot.addWidget(widget)
        return widget

    return make


def type_unicode(widget: QWidget, text: str) -> None:
    """Type ``text`` key by key, like a Persian or Arabic keyboard layout would.

    ``QTest.keyClicks`` maps characters to key codes through a Latin-1 table and aborts
    the process on ``۱``; a key event that carries the text is what a real keyboard sends.
    """
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)


def focus_window(qtbot: QtBot, rtl, editor: QWidget) -> tuple[QWidget, QLineEdit]:
    """Show ``editor`` in a window with a second field and give ``editor`` the focus.

    The caller keeps the window: qtbot only holds a weak reference to it.
    """
    window = rtl(QWidget())
    other = QLineEdit(window)
    layout = QVBoxLayout(window)
    layout.addWidget(editor)
    layout.addWidget(other)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    return window, other


# -- DigitLineEdit ---------------------------------------------------------------------


def test_latin_digits_are_shown_persian_and_read_back_ascii(qtbot: QtBot, rtl) -> None:
    edit = rtl(DigitLineEdit())
    qtbot.keyClicks(edit, "0912")
    assert edit.text() == "۰۹۱۲"
    assert edit.value() == "0912"


def test_arabic_indic_and_persian_digits_become_persian(qtbot: QtBot, rtl) -> None:
    edit = rtl(DigitLineEdit())
    type_unicode(edit, "١٢۳")
    qtbot.keyClicks(edit, "4")
    assert edit.text() == "۱۲۳۴"
    assert edit.value() == "1234"


def test_letters_are_not_inserted(qtbot: QtBot, rtl) -> None:
    edit = rtl(DigitLineEdit())
    qtbot.keyClicks(edit, "abc")
    assert edit.text() == ""
    qtbot.keyClicks(edit, "1x2 y-3")
    assert edit.text() == "۱۲۳"
    assert edit.value() == "123"


def test_rejected_key_changes_nothing_and_undo_still_works(qtbot: QtBot, rtl) -> None:
    edit = rtl(DigitLineEdit())
    qtbot.keyClicks(edit, "12")
    edits: list[str] = []
    edit.textEdited.connect(edits.append)
    qtbot.keyClicks(edit, "x")
    assert edits == []
    qtbot.keyClick(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert edit.text() == ""  # the typed digits are one undo step, as in any QLineEdit


def test_allowed_characters_are_kept(qtbot: QtBot, rtl) -> None:
    edit = rtl(DigitLineEdit(allow="-"))
    qtbot.keyClicks(edit, "12-34a")
    assert edit.value() == "12-34"


def test_cursor_stays_after_the_inserted_digit(qtbot: QtBot, rtl) -> None:
    edit = rtl(DigitLineEdit())
    edit.setValue("1234")
    edit.setCursorPosition(2)
    qtbot.keyClicks(edit, "9")
    assert edit.value() == "12934"
    assert edit.cursorPosition() == 3


def test_max_digits_rejects_extra_digits(qtbot: QtBot, rtl) -> None:
    edit = rtl(DigitLineEdit(max_digits=4))
    qtbot.keyClicks(edit, "123456")
    assert edit.value() == "1234"


def test_paste_keeps_only_digits(qtbot: QtBot, rtl) -> None:
    edit = rtl(DigitLineEdit())
    edit.insert("کد: ١٢3۴")
    assert edit.text() == "۱۲۳۴"


def test_set_value_shows_persian_digits(rtl) -> None:
    edit = rtl(DigitLineEdit())
    edit.setValue("0070060053")
    assert edit.text() == "۰۰۷۰۰۶۰۰۵۳"
    edit.setValue(None)
    assert edit.text() == ""


def test_digits_sit_on_the_right_in_a_right_to_left_window(rtl) -> None:
    edit = rtl(DigitLineEdit())  # direction changed after construction
    assert edit.alignment() & Qt.AlignmentFlag.AlignRight
    assert edit.alignment() & Qt.AlignmentFlag.AlignAbsolute
    parent = rtl(QWidget())
    child = DigitLineEdit(parent)  # direction inherited at construction
    assert child.alignment() & Qt.AlignmentFlag.AlignRight


# -- NationalCodeEdit and friends -----------------------------------------------------


def expected_message(code: str) -> str:
    with pytest.raises(ValidationError) as info:
        validate_national_code(code)
    return info.value.message


def test_wrong_check_digit_is_marked_and_the_text_kept(qtbot: QtBot, rtl) -> None:
    edit = rtl(NationalCodeEdit())
    qtbot.keyClicks(edit, WRONG_CHECK_DIGIT)
    message = edit.error()
    assert message == expected_message(WRONG_CHECK_DIGIT)
    assert any("\u0600" <= ch <= "\u06ff" for ch in message)  # a Persian sentence
    assert edit.text() == "۰۰۱۲۳۴۵۶۷۸"
    assert edit.property("invalid") is True
    assert edit.toolTip() == message
    assert not edit.is_valid()
    assert edit.value() == WRONG_CHECK_DIGIT


def test_correcting_the_code_clears_the_error(qtbot: QtBot, rtl) -> None:
    edit = rtl(NationalCodeEdit())
    qtbot.keyClicks(edit, WRONG_CHECK_DIGIT)
    assert edit.error() is not None
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    with qtbot.waitSignal(edit.validityChanged) as signal:
        qtbot.keyClicks(edit, "9")
    assert signal.args == [True]
    assert edit.error() is None
    assert edit.property("invalid") is False
    assert edit.is_valid()
    assert edit.value() == VALID_CODE


def test_short_code_is_reported_when_editing_finishes(qtbot: QtBot, rtl) -> None:
    edit = NationalCodeEdit()
    _window, other = focus_window(qtbot, rtl, edit)
    qtbot.keyClicks(edit, "12345")
    assert edit.error() is None  # not while typing
    other.setFocus()
    qtbot.waitUntil(lambda: edit.error() is not None)
    assert edit.error() == expected_message("12345")
    assert edit.text() == "۱۲۳۴۵"


def test_national_code_typed_in_persian_digits(qtbot: QtBot, rtl) -> None:
    edit = rtl(NationalCodeEdit())
    type_unicode(edit, "۰۰۷۰۰۶۰۰۵۳")
    assert edit.is_valid()
    assert edit.value() == "0070060053"


def test_required_empty_code(rtl) -> None:
    edit = rtl(NationalCodeEdit(required=True))
    assert not edit.validate()
    assert edit.error() == "کد ملی را وارد کنید."
    optional = rtl(NationalCodeEdit())
    assert optional.validate()
    assert optional.error() is None


def test_mobile_edit(qtbot: QtBot, rtl) -> None:
    edit = rtl(MobileEdit())
    qtbot.keyClicks(edit, "09121234567")
    assert edit.text() == "۰۹۱۲۱۲۳۴۵۶۷"
    assert edit.is_valid()
    assert edit.error() is None
    edit.setValue("")
    qtbot.keyClicks(edit, "05121234567")
    assert edit.error() is not None
    assert edit.text() == "۰۵۱۲۱۲۳۴۵۶۷"


def test_postal_code_edit(qtbot: QtBot, rtl) -> None:
    edit = rtl(PostalCodeEdit())
    qtbot.keyClicks(edit, "1461713151")
    assert edit.value() == "1461713151"
    assert edit.error() is None
    edit.setValue("")
    qtbot.keyClicks(edit, "123")
    assert not edit.validate()
    assert edit.text() == "۱۲۳"


def test_unusual_postal_code_only_warns(qtbot: QtBot, rtl) -> None:
    edit = rtl(PostalCodeEdit())
    row = rtl(FormRow("کد پستی", edit))
    row.show()
    qtbot.keyClicks(edit, "1234567890")  # a 2 in the first five digits is unusual
    assert edit.error() is None
    assert edit.warning()
    assert edit.validate()  # does not block saving
    assert edit.property("warning") is True
    assert row.message_label().isVisible()
    assert row.message_label().text() == edit.warning()


# -- JalaliDateEdit -------------------------------------------------------------------


def type_date(qtbot: QtBot, edit: JalaliDateEdit, text: str) -> None:
    if text.isascii():
        qtbot.keyClicks(edit.line_edit(), text)
    else:
        type_unicode(edit.line_edit(), text)
    qtbot.keyClick(edit.line_edit(), Qt.Key.Key_Return)  # finishes editing


def test_date_is_parsed_and_reformatted(qtbot: QtBot, rtl) -> None:
    edit = rtl(JalaliDateEdit())
    with qtbot.waitSignal(edit.dateChanged) as signal:
        type_date(qtbot, edit, "1403/1/5")
    assert signal.args == [date(2024, 3, 24)]
    assert edit.date() == date(2024, 3, 24)
    assert edit.text() == "۱۴۰۳/۰۱/۰۵"
    assert edit.error() is None


@pytest.mark.parametrize("typed", ["۱۴۰۳/۰۱/۰۵", "1403-01-05", "١٤٠٣.١.٥"])
def test_other_ways_of_typing_the_date(qtbot: QtBot, rtl, typed: str) -> None:
    edit = rtl(JalaliDateEdit())
    type_date(qtbot, edit, typed)
    assert edit.date() == date(2024, 3, 24)
    assert edit.text() == "۱۴۰۳/۰۱/۰۵"


def test_impossible_date_keeps_the_text_and_says_why(qtbot: QtBot, rtl) -> None:
    edit = rtl(JalaliDateEdit())
    type_date(qtbot, edit, "1404/12/30")
    assert edit.text() == "۱۴۰۴/۱۲/۳۰"  # what was typed, in Persian digits, not cleared
    assert edit.date() is None
    assert "۲۹" in edit.error()
    assert edit.line_edit().property("invalid") is True


def test_date_is_committed_on_focus_out(qtbot: QtBot, rtl) -> None:
    edit = JalaliDateEdit()
    _window, other = focus_window(qtbot, rtl, edit)
    qtbot.keyClicks(edit.line_edit(), "1403/12/30")
    other.setFocus()
    qtbot.waitUntil(lambda: edit.date() is not None)
    assert edit.date() == date(2025, 3, 20)
    assert edit.text() == "۱۴۰۳/۱۲/۳۰"


def test_empty_optional_date_is_none_without_error(qtbot: QtBot, rtl) -> None:
    edit = rtl(JalaliDateEdit())
    qtbot.keyClick(edit.line_edit(), Qt.Key.Key_Return)
    assert edit.validate()
    assert edit.date() is None
    assert edit.error() is None


def test_required_empty_date_is_an_error(rtl) -> None:
    edit = rtl(JalaliDateEdit(required=True))
    assert not edit.validate()
    assert edit.error() == "تاریخ را وارد کنید."


def test_set_date_and_set_none(qtbot: QtBot, rtl) -> None:
    edit = rtl(JalaliDateEdit())
    edit.setDate(date(2024, 3, 24))
    assert edit.text() == "۱۴۰۳/۰۱/۰۵"
    with qtbot.waitSignal(edit.dateChanged) as signal:
        edit.setDate(None)
    assert signal.args == [None]
    assert edit.text() == ""
    assert edit.date() is None
    edit.setDate(date(2024, 3, 24))
    edit.clear()
    assert edit.date() is None


def test_minimum_and_maximum(qtbot: QtBot, rtl) -> None:
    edit = rtl(JalaliDateEdit(minimum=date(2024, 3, 20), maximum=date(2025, 3, 20)))
    type_date(qtbot, edit, "1402/12/29")
    assert edit.error() == "تاریخ نباید پیش از ۱۴۰۳/۰۱/۰۱ باشد."
    assert edit.text() == "۱۴۰۲/۱۲/۲۹"
    edit.line_edit().clear()
    type_date(qtbot, edit, "1404/1/1")
    assert edit.error() == "تاریخ نباید پس از ۱۴۰۳/۱۲/۳۰ باشد."
    edit.line_edit().clear()
    type_date(qtbot, edit, "1403/12/30")
    assert edit.error() is None
    assert edit.date() == date(2025, 3, 20)


def test_picking_a_day_in_the_popup(qtbot: QtBot, rtl) -> None:
    edit = rtl(JalaliDateEdit())
    edit.show()
    qtbot.mouseClick(edit.calendar_button(), Qt.MouseButton.LeftButton)
    popup = edit.calendar_popup()
    assert popup is not None and popup.isVisible()
    assert popup.calendar.selectedDate() == QDate.currentDate()
    day = QDate(2024, 3, 24)  # 1403/01/05
    popup.calendar.setSelectedDate(day)
    with qtbot.waitSignal(edit.dateChanged) as signal:
        popup.calendar.clicked.emit(day)
    assert signal.args == [date(2024, 3, 24)]
    assert edit.text() == "۱۴۰۳/۰۱/۰۵"
    assert not popup.isVisible()


def test_popup_opens_on_the_typed_date(qtbot: QtBot, rtl) -> None:
    edit = rtl(JalaliDateEdit())
    edit.show()
    edit.setDate(date(2025, 3, 20))
    edit.open_calendar()
    popup = edit.calendar_popup()
    assert popup is not None
    assert popup.calendar.selectedDate() == QDate(2025, 3, 20)
    popup.calendar.activated.emit(QDate(2025, 3, 19))
    assert edit.date() == date(2025, 3, 19)
    assert edit.text() == "۱۴۰۳/۱۲/۲۹"


def test_alt_down_opens_the_popup(qtbot: QtBot, rtl) -> None:
    edit = rtl(JalaliDateEdit())
    edit.show()
    qtbot.keyClick(edit.line_edit(), Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    popup = edit.calendar_popup()
    assert popup is not None and popup.isVisible()


def test_popup_is_a_persian_jalali_calendar(rtl) -> None:
    edit = rtl(JalaliDateEdit())
    edit.show()
    edit.open_calendar()
    calendar = edit.calendar_popup().calendar
    assert calendar.calendar().name() == "Jalali"
    assert calendar.locale().language() == calendar.locale().Language.Persian
    assert calendar.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert calendar.firstDayOfWeek() == Qt.DayOfWeek.Saturday


# -- RialEdit -------------------------------------------------------------------------


def test_rial_amount_is_grouped_as_typed(qtbot: QtBot, rtl) -> None:
    edit = rtl(RialEdit())
    qtbot.keyClicks(edit, "50000")
    assert edit.text() == "۵۰٬۰۰۰"
    assert edit.value() == 50000
    qtbot.keyClicks(edit, "00")
    assert edit.text() == "۵٬۰۰۰٬۰۰۰"
    assert edit.value() == 5_000_000


def test_rial_edit_ignores_letters_and_leading_zeros(qtbot: QtBot, rtl) -> None:
    edit = rtl(RialEdit())
    qtbot.keyClicks(edit, "0a")
    type_unicode(edit, "١٢")
    assert edit.text() == "۱۲"
    assert edit.value() == 12


def test_rial_cursor_follows_the_digit(qtbot: QtBot, rtl) -> None:
    edit = rtl(RialEdit())
    edit.setValue(5000)
    assert edit.text() == "۵٬۰۰۰"
    edit.setCursorPosition(1)  # after the ۵
    qtbot.keyClicks(edit, "1")
    assert edit.text() == "۵۱٬۰۰۰"
    assert edit.cursorPosition() == 2


def test_empty_rial_is_none(rtl) -> None:
    edit = rtl(RialEdit())
    assert edit.value() is None
    edit.setValue(6_000_000)
    assert edit.text() == "۶٬۰۰۰٬۰۰۰"
    edit.setValue(None)
    assert edit.value() is None


# -- FormRow --------------------------------------------------------------------------


def test_form_row_shows_the_editor_error_under_it(qtbot: QtBot, rtl) -> None:
    editor = NationalCodeEdit()
    row = rtl(FormRow("کد ملی", editor, required=True))
    row.show()
    assert "*" in row.label().text()
    assert editor.is_required()
    assert not row.message_label().isVisible()
    qtbot.keyClicks(editor, WRONG_CHECK_DIGIT)
    assert row.message_label().isVisible()
    assert row.message_label().text() == editor.error()
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    qtbot.keyClicks(editor, "9")
    assert not row.message_label().isVisible()


def test_form_row_label_is_on_the_right(qtbot: QtBot, rtl) -> None:
    row = rtl(FormRow("تاریخ تولد", JalaliDateEdit()))
    row.resize(400, 60)
    row.show()
    qtbot.waitExposed(row)
    assert "*" not in row.label().text()
    assert row.label().geometry().left() > row.editor().geometry().right()


def test_check_group_values_in_vocabulary_order_and_other_text(qtbot):
    from desktop_app.ui.widgets import CheckGroup

    group = CheckGroup([("a", "الف"), ("b", "ب"), ("other", "سایر")], other_key="other")
    qtbot.addWidget(group)
    group.set_values(["other", "a"])
    assert group.values() == ["a", "other"] and group.other_edit.isEnabled()
    group.set_other_text("متن")
    group.boxes["other"].setChecked(False)
    assert not group.other_edit.isEnabled() and group.other_text() == "متن"  # kept
