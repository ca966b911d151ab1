"""``RowsEditor``: an editable table of repeated rows inside a form (fees, URLs, links…).

Each row is a line of real input widgets (so a Rial amount groups its digits, a
choice is a combo box, a yes/no is a check box) under one header line, numbered in
Persian digits, with a remove button; «افزودن ردیف» appends an empty row and puts the
cursor in it. Columns are declared with ``RowColumn`` (helpers: ``text_column``,
``rial_column``, ``check_column``, ``choice_column``). ``rows()`` gives a list of
dicts (one key per column), leaving out rows the clerk left completely empty;
``set_rows`` shows such a list.

A message about one cell (``set_cell_error(row, key, message)``) marks that cell and is
shown under the table (the editor is a ``ValidatedField``, so a ``FormRow`` shows it);
editing the cell clears both. Nothing typed is ever changed by an error.

Qt widgets: use on the UI thread only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.persian import to_persian_digits
from desktop_app.ui.widgets.field import ValidatedField
from desktop_app.ui.widgets.rial_edit import RialEdit
from desktop_app.ui.widgets.text_edit import TextLineEdit

__all__ = [
    "RowColumn",
    "RowsEditor",
    "check_column",
    "choice_column",
    "rial_column",
    "text_column",
]


@dataclass(frozen=True)
class RowColumn:
    """One column: its key in the row dicts, header, and how to make/read/fill a cell."""

    key: str
    header: str
    make: Callable[[], QWidget]
    get: Callable[[Any], Any]
    put: Callable[[Any, Any], None]
    stretch: int = 1


def text_column(key: str, header: str, *, stretch: int = 2, ltr: bool = False) -> RowColumn:
    """A one-line text cell; ``ltr`` for addresses and codes written left to right."""

    def make() -> QWidget:
        edit = TextLineEdit()
        if ltr:
            edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
            edit.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute)
        return edit

    def put(widget: Any, value: Any) -> None:
        widget.setText(value or "")
        widget.setCursorPosition(0)  # show the start of a long text, not its end

    return RowColumn(key, header, make, lambda w: w.text(), put, stretch)


def rial_column(key: str, header: str, *, stretch: int = 1) -> RowColumn:
    return RowColumn(
        key, header, lambda: RialEdit(), lambda w: w.value(), lambda w, v: w.setValue(v), stretch
    )


def check_column(key: str, header: str) -> RowColumn:
    def make() -> QWidget:
        box = QCheckBox()
        box.setAccessibleName(header)
        return box

    return RowColumn(
        key, header, make, lambda w: w.isChecked(), lambda w, v: w.setChecked(bool(v)), 0
    )


def choice_column(
    key: str, header: str, options: Iterable[tuple[str, str]], *, stretch: int = 1
) -> RowColumn:
    """A combo box of (key, label) pairs with an empty first choice (value "")."""
    choices = list(options)

    def make() -> QWidget:
        from desktop_app.ui.listing.choice_box import ChoiceBox  # the shared combo box

        box = ChoiceBox(choices, empty="")
        box.setAccessibleName(header)
        return box

    return RowColumn(
        key, header, make, lambda w: w.value() or "", lambda w, v: w.setValue(v or None), stretch
    )


def _is_empty(value: Any) -> bool:
    return value in ("", None, False) or (isinstance(value, str) and not value.strip())


class RowsEditor(ValidatedField, QWidget):
    """An editable list of rows; see the module docstring."""

    changed = Signal()

    def __init__(
        self,
        columns: Sequence[RowColumn],
        parent: QWidget | None = None,
        *,
        add_label: str = "افزودن ردیف",
        empty_text: str = "ردیفی ثبت نشده است.",
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._cells: list[list[QWidget]] = []
        self._extra: list[QWidget] = []  # row numbers and remove buttons

        self._grid_box = QWidget(self)
        self._grid = QGridLayout(self._grid_box)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(6)
        self._grid.setVerticalSpacing(3)
        for index, column in enumerate(self.columns):
            header = QLabel(column.header)
            header.setObjectName("rowsHeader")
            header.setStyleSheet("font-weight: bold; color: #37474f;")
            header.setWordWrap(True)
            header.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignBottom)
            self._grid.addWidget(header, 0, index + 1)
            self._grid.setColumnStretch(index + 1, column.stretch)
        number_header = QLabel("ردیف")
        number_header.setAlignment(Qt.AlignmentFlag.AlignCenter | Qt.AlignmentFlag.AlignBottom)
        number_header.setStyleSheet("font-weight: bold; color: #37474f;")
        self._grid.addWidget(number_header, 0, 0)
        self._headers_visible(False)

        self._empty = QLabel(empty_text)
        self._empty.setStyleSheet("color: #78909c;")
        self.add_button = QPushButton(add_label)
        self.add_button.clicked.connect(lambda: self._append_focused())
        bottom = QHBoxLayout()
        bottom.addWidget(self._empty)
        bottom.addStretch(1)
        bottom.addWidget(self.add_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self._grid_box)
        layout.addLayout(bottom)

    # -- values ------------------------------------------------------------------------
    def rows(self) -> list[dict[str, Any]]:
        """The rows as dicts, without rows whose every cell is empty."""
        result = []
        for cells in self._cells:
            row = {c.key: c.get(w) for c, w in zip(self.columns, cells, strict=True)}
            if not all(_is_empty(v) for v in row.values()):
                result.append(row)
        return result

    def set_rows(self, rows: Iterable[dict[str, Any]]) -> None:
        """Show exactly ``rows`` (clears every message)."""
        self._clear()
        for row in rows:
            self.add_row(row)
        self.set_error(None)
        self._refresh()

    def row_count(self) -> int:
        return len(self._cells)

    def cell(self, row: int, key: str) -> QWidget:
        index = next(i for i, c in enumerate(self.columns) if c.key == key)
        return self._cells[row][index]

    # -- editing -----------------------------------------------------------------------
    def add_row(self, values: dict[str, Any] | None = None) -> list[QWidget]:
        """Append a row (filled from ``values``); its widgets, in column order."""
        grid_row = len(self._cells) + 1
        number = QLabel(to_persian_digits(grid_row))
        number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._grid.addWidget(number, grid_row, 0)
        cells: list[QWidget] = []
        for index, column in enumerate(self.columns):
            widget = column.make()
            if values is not None and column.key in values:
                column.put(widget, values[column.key])
            if isinstance(widget, ValidatedField):
                widget.errorChanged.connect(self._cell_error_changed)
            self._grid.addWidget(widget, grid_row, index + 1)
            cells.append(widget)
        remove = QToolButton()
        remove.setText("✕")
        remove.setToolTip("حذف این ردیف")
        remove.setAccessibleName(f"حذف ردیف {to_persian_digits(grid_row)}")
        remove.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        remove.clicked.connect(lambda: self.remove_row(self._row_of(remove)))
        self._grid.addWidget(remove, grid_row, len(self.columns) + 1)
        self._cells.append(cells)
        self._extra += [number, remove]
        if self.isVisible():  # a widget added to a shown parent stays hidden otherwise
            for widget in (number, *cells, remove):
                widget.show()
        self._refresh()
        self.changed.emit()
        return cells

    def remove_row(self, row: int) -> None:
        if not 0 <= row < len(self._cells):
            return
        kept = [
            {c.key: c.get(w) for c, w in zip(self.columns, cells, strict=True)}
            for i, cells in enumerate(self._cells)
            if i != row
        ]
        self._clear()
        for values in kept:
            self.add_row(values)
        self.set_error(None)
        self._refresh()
        self.changed.emit()

    def set_cell_error(self, row: int, key: str, message: str) -> None:
        """Mark one cell and show ``message`` under the table."""
        if 0 <= row < len(self._cells):
            widget = self.cell(row, key)
            if isinstance(widget, ValidatedField):
                widget.set_error(message)
        self.set_error(message)

    # -- internals ---------------------------------------------------------------------
    def _append_focused(self) -> None:
        cells = self.add_row()
        if cells:
            cells[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def _row_of(self, button: QWidget) -> int:
        index = self._grid.indexOf(button)
        return self._grid.getItemPosition(index)[0] - 1 if index >= 0 else -1

    def _cell_error_changed(self, message: object) -> None:
        if message is None and not any(
            isinstance(w, ValidatedField) and w.error() for cells in self._cells for w in cells
        ):
            self.set_error(None)

    def _clear(self) -> None:
        for widget in [w for cells in self._cells for w in cells] + self._extra:
            self._grid.removeWidget(widget)
            widget.hide()
            widget.deleteLater()
        self._cells = []
        self._extra = []

    def _headers_visible(self, visible: bool) -> None:
        for index in range(len(self.columns) + 1):
            item = self._grid.itemAtPosition(0, index)
            if item is not None and item.widget() is not None:
                item.widget().setVisible(visible)

    def _refresh(self) -> None:
        has_rows = bool(self._cells)
        self._headers_visible(has_rows)
        self._empty.setVisible(not has_rows)
