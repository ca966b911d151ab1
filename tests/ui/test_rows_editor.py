"""RowsEditor: dataclass rows edited in a table (typed text converted per column,
bad dates refused with the Persian message, keys for add/remove/move, an open cell
editor committed when the form reads the rows)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop_app.persian import from_jalali
from desktop_app.ui.widgets import RowColumn, RowsEditor
from tests.drivers import press_key, type_text


@dataclass
class Item:
    id: int | None = None
    title: str = ""
    hours: int | None = None
    day: date | None = None
    code: str = ""


COLUMNS = (
    RowColumn("title", "عنوان", stretch=True),
    RowColumn("hours", "ساعت", kind="int"),
    RowColumn("day", "تاریخ", kind="date"),
    RowColumn("code", "کد", kind="code"),
)


def _editor(qtbot):
    editor = RowsEditor(COLUMNS, Item)
    qtbot.addWidget(editor)
    editor.show()
    return editor


def test_typed_text_is_converted_and_shown_in_persian(miz_app, qtbot):
    editor = _editor(qtbot)
    model = editor.model
    editor.add_row()
    assert model.setData(model.index(0, 1), "٤٠")  # Arabic-Indic digits
    assert model.setData(model.index(0, 2), "1403/1/5")
    assert model.setData(model.index(0, 3), "۷-۲۳/۴۲/۱/۴")
    row = editor.rows()[0]
    assert (row.hours, row.day, row.code) == (40, from_jalali(1403, 1, 5), "7-23/42/1/4")
    assert model.index(0, 1).data() == "۴۰"
    assert model.index(0, 2).data() == "۱۴۰۳/۰۱/۰۵"
    assert model.index(0, 3).data() == "۷-۲۳/۴۲/۱/۴"
    assert not model.setData(model.index(0, 2), "1404/12/30")  # 1404 is not leap
    assert "ردیف ۱، تاریخ" in editor.error() and "۲۹ روز" in editor.error()
    assert editor.rows()[0].day == from_jalali(1403, 1, 5)  # the old value stays
    assert model.setData(model.index(0, 2), "")
    assert editor.error() is None and editor.rows()[0].day is None
    editor.rows()[0].title = "changed"  # rows() are copies
    assert editor.rows()[0].title == ""


def test_keys_add_remove_and_move(miz_app, qtbot):
    editor = _editor(qtbot)
    editor.set_rows([Item(1, "a"), Item(2, "b"), Item(3, "c")])
    editor.select_row(0)
    press_key(editor.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert [r.id for r in editor.rows()] == [2, 1, 3] and editor.current_row() == 1
    press_key(editor.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    press_key(editor.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)  # at the end
    assert [r.id for r in editor.rows()] == [2, 3, 1]
    press_key(editor.table, Qt.Key.Key_Delete)
    assert [r.id for r in editor.rows()] == [2, 3] and editor.current_row() == 1
    press_key(editor.table, Qt.Key.Key_Insert)
    assert editor.model.rowCount() == 3 and editor.open_editor() is not None
    press_key(editor.open_editor(), Qt.Key.Key_Escape)


def test_an_open_cell_is_committed_when_rows_are_read(miz_app, qtbot):
    editor = _editor(qtbot)
    editor.add_row()  # opens the title cell
    type_text(editor.open_editor(), "جوشکاری", focus=False)
    # the clerk presses Save without leaving the cell
    assert editor.rows()[0].title == "جوشکاری"
    QApplication.processEvents()
    assert editor.open_editor() is None


@dataclass
class Fee:
    amount: int | None = None
    kind: str = ""
    paid: bool = False


FEE_COLUMNS = (
    RowColumn("amount", "مبلغ", kind="rial"),
    RowColumn("kind", "نوع", kind="choice", options=[("online", "برخط"), ("batch", "دسته‌ای")]),
    RowColumn("paid", "پرداخت", kind="check"),
)


def test_rial_choice_and_check_cells(miz_app, qtbot):
    editor = RowsEditor(FEE_COLUMNS, Fee)
    qtbot.addWidget(editor)
    editor.show()
    model = editor.model
    editor.add_row()
    press_key(editor.open_editor(), Qt.Key.Key_Escape)
    # rial: typed in any digits, held as int, shown grouped in Persian digits
    editor.table.setCurrentIndex(model.index(0, 0))
    editor.table.edit(model.index(0, 0))
    type_text(editor.open_editor(), "٥0000", focus=False)
    press_key(editor.open_editor(), Qt.Key.Key_Return)
    QApplication.processEvents()
    assert model.index(0, 0).data() == "۵۰٬۰۰۰"
    # choice: a combo of labels, the key is stored, the label shown
    editor.table.edit(model.index(0, 1))
    combo = editor.open_editor()
    assert [combo.itemText(i) for i in range(combo.count())] == ["", "برخط", "دسته‌ای"]
    combo.setCurrentIndex(combo.findData("batch"))
    press_key(combo, Qt.Key.Key_Return)
    QApplication.processEvents()
    assert model.index(0, 1).data() == "دسته‌ای"
    assert not model.setData(model.index(0, 1), "weekly")  # not an option: refused
    assert editor.error()
    # check: Space on the cell ticks it; no text editor opens there
    editor.table.setCurrentIndex(model.index(0, 2))
    editor.table.setFocus()
    press_key(editor.table, Qt.Key.Key_Space)
    assert model.index(0, 2).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert editor.open_editor() is None
    assert editor.rows() == [Fee(amount=50000, kind="batch", paid=True)]
    # a service message about one cell: under the table, the cell selected
    editor.add_row()
    press_key(editor.open_editor(), Qt.Key.Key_Escape)
    editor.set_cell_error(0, "kind", "ردیف ۱: نوع نادرست است.")
    assert editor.error() == "ردیف ۱: نوع نادرست است."
    assert editor.table.currentIndex() == model.index(0, 1)
