"""``RowsEditor``: a small editable table of plain dataclass rows inside a form
(a trainer's education or retraining rows, a list of codes, …).

The rows are dataclass instances (``row_factory()`` makes a blank one); each
``RowColumn`` names an attribute and how it is typed and shown:

- ``"text"`` — free text (with ``choices``: an editable combo offering them);
- ``"int"`` — digits in any script, shown in Persian digits, held as ``int | None``;
- ``"date"`` — a Jalali date typed in any digit script (``۱۴۰۳/۰۱/۱۵``), held as a
  Gregorian ``date``; a date that does not parse is refused with the
  ``persian.parse_jalali`` message and the cell keeps its old value;
- ``"code"`` — digits with ``-``, ``/`` or ``.`` (a standard code), shown with
  Persian digits, held with Latin digits;
- ``"time"`` — a time of day typed in any digit script (``۰۸:۳۰``), shown with Persian
  digits, held with Latin ones (the service checks the form);
- ``"rial"`` — an amount of money typed in any digit script, grouped (``۵۰٬۰۰۰``),
  held as ``int | None``;
- ``"choice"`` — one of ``options`` (stored key, Persian label) picked in a combo box,
  shown by its label, held as the key ("" for none);
- ``"check"`` — a yes/no box in the cell (click or Space), held as ``bool``.

Buttons (and keys, in the table): add a row (Insert), remove the selected row
(Delete), move it up or down (Ctrl+Up / Ctrl+Down). ``rows()`` returns copies in the
order shown; a row keeps its ``id`` attribute, so the service can tell added, changed,
moved and removed rows apart. The editor is a ``ValidatedField``: a ``FormRow`` shows
a typing error or a service message (``field="education"``) under the table;
``set_cell_error(row, key, message)`` also selects the cell the message is about.

The model is a ``QAbstractTableModel`` (no ``QTableWidget``). UI thread only.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.persian import (
    ValidationError,
    format_jalali,
    format_number,
    normalize,
    parse_jalali,
    to_ascii_digits,
    to_persian_digits,
)
from desktop_app.ui.widgets.digit_edit import DigitLineEdit
from desktop_app.ui.widgets.field import ValidatedField
from desktop_app.ui.widgets.rial_edit import RialEdit
from desktop_app.ui.widgets.text_edit import TextLineEdit

__all__ = ["RowColumn", "RowsEditor", "RowsModel"]

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class RowColumn:
    """One editable column: the row attribute, its header, its kind and width."""

    key: str
    header: str
    kind: str = "text"  # text | int | date | code | time | rial | choice | check
    width: int = 0
    stretch: bool = False
    choices: Sequence[str] = ()
    max_digits: int = 6
    options: Sequence[tuple[str, str]] = ()  # kind "choice": (stored key, Persian label)

    def label(self, key: str) -> str:
        return dict(self.options).get(key, key)


def _shown(column: RowColumn, value: Any) -> str:
    if value is None or value == "":
        return ""
    if column.kind == "date":
        return format_jalali(value)
    if column.kind == "rial":
        return format_number(value)
    if column.kind == "choice":
        return column.label(value)
    if column.kind in ("int", "code", "time"):
        return to_persian_digits(value)
    return str(value)


class RowsModel(QAbstractTableModel):
    """The rows being edited; ``setData`` converts typed text to the column's type."""

    def __init__(self, columns: Sequence[RowColumn], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._rows: list[Any] = []
        #: Called with a Persian message when typed text is refused (None: accepted).
        self.on_problem: Callable[[str | None], None] = lambda _m: None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.columns[section].header
        return to_persian_digits(section + 1)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if index.isValid() and self.columns[index.column()].kind == "check":
            return super().flags(index) | Qt.ItemFlag.ItemIsUserCheckable
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        value = getattr(self._rows[index.row()], column.key)
        if column.kind == "check":
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
            return None
        if role == Qt.ItemDataRole.EditRole and column.kind == "choice":
            return value or ""
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return _shown(column, value)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind != "text":
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        column = self.columns[index.column()]
        if column.kind == "check" and role == Qt.ItemDataRole.CheckStateRole:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            setattr(self._rows[index.row()], column.key, checked)
            self.on_problem(None)
            self.dataChanged.emit(index, index)
            return True
        if role != Qt.ItemDataRole.EditRole:
            return False
        text = normalize(str(value or ""))
        try:
            converted = self._convert(column, text)
        except ValidationError as exc:
            where = f"ردیف {to_persian_digits(index.row() + 1)}، {column.header}: "
            self.on_problem(where + exc.message)
            return False
        setattr(self._rows[index.row()], column.key, converted)
        self.on_problem(None)
        self.dataChanged.emit(index, index)
        return True

    @staticmethod
    def _convert(column: RowColumn, text: str) -> Any:
        if column.kind == "int":
            digits = to_ascii_digits(text)
            if digits and not digits.isdigit():
                raise ValidationError("فقط رقم وارد کنید.")
            return int(digits) if digits else None
        if column.kind == "date":
            return parse_jalali(text) if text else None
        if column.kind == "code":
            return to_ascii_digits(text).replace(" ", "")
        if column.kind == "time":
            return to_ascii_digits(text).replace(" ", "").replace("٫", ":")
        if column.kind == "rial":
            digits = "".join(c for c in to_ascii_digits(text) if c.isdigit())
            return int(digits) if digits else None
        if column.kind == "choice":
            if text and text not in dict(column.options):
                raise ValidationError("یکی از گزینه‌ها را انتخاب کنید.")
            return text
        return text

    # -- rows ---------------------------------------------------------------------------
    def rows(self) -> list[Any]:
        return [copy.copy(row) for row in self._rows]

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = [copy.copy(row) for row in rows]
        self.endResetModel()

    def insert(self, row: Any, at: int | None = None) -> int:
        at = len(self._rows) if at is None else at
        self.beginInsertRows(QModelIndex(), at, at)
        self._rows.insert(at, row)
        self.endInsertRows()
        return at

    def remove(self, at: int) -> None:
        self.beginRemoveRows(QModelIndex(), at, at)
        del self._rows[at]
        self.endRemoveRows()

    def move(self, at: int, to: int) -> bool:
        if not (0 <= at < len(self._rows) and 0 <= to < len(self._rows)) or at == to:
            return False
        # Qt's beginMoveRows wants the destination *before* which the row lands.
        self.beginMoveRows(QModelIndex(), at, at, QModelIndex(), to + 1 if to > at else to)
        self._rows.insert(to, self._rows.pop(at))
        self.endMoveRows()
        return True


class _Delegate(QStyledItemDelegate):
    """Persian-aware editors: text, digits, Jalali dates, codes, or a choices combo."""

    def __init__(self, columns: Sequence[RowColumn], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.open_editor: QWidget | None = None  # the cell editor now open, if any

    def destroyEditor(self, editor: QWidget, index: AnyIndex) -> None:
        if editor is self.open_editor:
            self.open_editor = None
        super().destroyEditor(editor, index)

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        column = self.columns[index.column()]
        editor: QWidget
        if column.kind == "int":
            editor = DigitLineEdit(parent, max_digits=column.max_digits)
        elif column.kind == "date":
            editor = DigitLineEdit(parent, max_digits=8, allow="/-.")
            editor.setPlaceholderText("۱۴۰۳/۰۱/۱۵")
        elif column.kind == "code":
            editor = DigitLineEdit(parent, max_digits=24, allow="-/.")
        elif column.kind == "time":
            editor = DigitLineEdit(parent, max_digits=4, allow=":٫.")
            editor.setPlaceholderText("۰۸:۰۰")
        elif column.kind == "rial":
            editor = RialEdit(parent)
        elif column.kind == "choice":
            choice = QComboBox(parent)
            choice.addItem("", "")
            for key, label in column.options:
                choice.addItem(label, key)
            editor = choice
        elif column.choices:
            combo = QComboBox(parent)
            combo.setEditable(True)
            combo.addItems(list(column.choices))
            editor = combo
        else:
            editor = TextLineEdit(parent)
        editor.setAccessibleName(column.header)
        self.open_editor = editor
        return editor

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        text = index.data(Qt.ItemDataRole.EditRole) or ""
        if isinstance(editor, QComboBox) and not editor.isEditable():  # a "choice"
            editor.setCurrentIndex(max(editor.findData(text), 0))
        elif isinstance(editor, QComboBox):
            editor.setCurrentText(text)
        else:
            editor.setText(text)  # type: ignore[attr-defined]

    def setModelData(self, editor: QWidget, model: Any, index: AnyIndex) -> None:
        if isinstance(editor, QComboBox) and not editor.isEditable():  # a "choice"
            model.setData(index, editor.currentData() or "", Qt.ItemDataRole.EditRole)
            return
        text = editor.currentText() if isinstance(editor, QComboBox) else editor.text()  # type: ignore[attr-defined]
        model.setData(index, text, Qt.ItemDataRole.EditRole)


class _Table(QTableView):
    """The table: Insert adds a row, Delete removes one, Ctrl+Up/Down move it."""

    def __init__(self, owner: RowsEditor) -> None:
        super().__init__(owner)
        self._owner = owner

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, ctrl = event.key(), event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if key == Qt.Key.Key_Insert:
            self._owner.add_row()
        elif key == Qt.Key.Key_Delete and self.state() != QAbstractItemView.State.EditingState:
            self._owner.remove_row()
        elif ctrl and key == Qt.Key.Key_Up:
            self._owner.move_row(-1)
        elif ctrl and key == Qt.Key.Key_Down:
            self._owner.move_row(1)
        else:
            super().keyPressEvent(event)


class RowsEditor(ValidatedField, QWidget):
    """An editable table of dataclass rows with add / remove / up / down buttons."""

    def __init__(
        self,
        columns: Sequence[RowColumn],
        row_factory: Callable[[], Any],
        parent: QWidget | None = None,
        *,
        add_label: str = "افزودن ردیف",
    ) -> None:
        super().__init__(parent)
        self.row_factory = row_factory
        self.model = RowsModel(columns, self)
        self.model.on_problem = self.set_error
        self.table = _Table(self)
        self.table.setModel(self.model)
        self.delegate = _Delegate(columns, self.table)
        self.table.setItemDelegate(self.delegate)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.verticalHeader().setDefaultSectionSize(28)
        header = self.table.horizontalHeader()
        stretched = False
        for i, column in enumerate(columns):
            if column.width:
                header.resizeSection(i, column.width)
            if column.stretch:
                header.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)
                stretched = True
        header.setStretchLastSection(not stretched)

        self.add_button = QPushButton(add_label)
        self.add_button.setToolTip("Insert")
        self.add_button.clicked.connect(self.add_row)
        self.remove_button = QPushButton("حذف ردیف")
        self.remove_button.clicked.connect(self.remove_row)
        self.up_button = QPushButton("بالا")
        self.up_button.setToolTip("Ctrl+Up")
        self.up_button.clicked.connect(lambda: self.move_row(-1))
        self.down_button = QPushButton("پایین")
        self.down_button.setToolTip("Ctrl+Down")
        self.down_button.clicked.connect(lambda: self.move_row(1))
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.setFocusProxy(self.table)

    # -- value --------------------------------------------------------------------------
    def rows(self) -> list[Any]:
        """Copies of the rows, in the order shown (an open cell editor is committed first)."""
        self._commit_open_editor()
        return self.model.rows()

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.model.set_rows(rows)
        self.set_error(None)

    def current_row(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else -1

    def select_row(self, row: int, column: int = 0) -> None:
        if 0 <= row < self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(row, column))

    # -- actions ------------------------------------------------------------------------
    def add_row(self) -> int:
        """Append a blank row, select it and open its first cell for typing."""
        self._commit_open_editor()
        at = self.model.insert(self.row_factory())
        index = self.model.index(at, 0)
        self.table.setCurrentIndex(index)
        self.table.edit(index)
        self.set_error(None)
        return at

    def remove_row(self) -> None:
        at = self.current_row()
        if at < 0:
            return
        self._commit_open_editor()
        self.model.remove(at)
        self.set_error(None)
        self.select_row(min(at, self.model.rowCount() - 1))

    def move_row(self, step: int) -> None:
        at = self.current_row()
        column = max(self.table.currentIndex().column(), 0)
        self._commit_open_editor()
        if self.model.move(at, at + step):
            self.select_row(at + step, column)

    def set_cell_error(self, row: int, key: str, message: str) -> None:
        """Show ``message`` under the table and select the cell it is about."""
        self.set_error(message)
        column = next((i for i, c in enumerate(self.model.columns) if c.key == key), 0)
        self.select_row(row, column)

    def open_editor(self) -> QWidget | None:
        """The cell editor now open (the clerk is typing in a cell), or None."""
        return self.delegate.open_editor

    def _commit_open_editor(self) -> None:
        editor = self.delegate.open_editor
        if editor is not None:
            self.delegate.commitData.emit(editor)
            self.delegate.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)

    def validate(self) -> bool:
        return self.error() is None
