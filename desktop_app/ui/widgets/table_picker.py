"""``TablePicker``: choose one record from a searchable table (the wizard's course list).

A search box over a read-only table of the records a loader returns (a few hundred at
most), with a count line under it. The columns are declared (``PickerColumn``: title,
the cell's text, a fixed width or the stretching column, the whole text as a tooltip).
Typing in the search box asks the loader again after a short pause; ``load(runner,
loader)`` runs ``loader(search)`` on a worker of a ``ui.tasks.TaskRunner``. ``value()``
is the key of the chosen record ("" when none): it stays chosen while a search hides it
and is selected again when a list holds it. Double-click or Enter on a row emits
``activated``. A ``ValidatedField``: a refusal about the choice is shown under the table
(the service judges the choice, so ``validate`` passes).

UI thread only (the loader runs on a worker).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from .field import ValidatedField

__all__ = ["PickerColumn", "TablePicker"]

_Index = QModelIndex | QPersistentModelIndex
SEARCH_PAUSE_MS = 250


@dataclass(frozen=True)
class PickerColumn:
    """One column of a ``TablePicker``."""

    title: str
    text: Callable[[Any], str]
    #: A fixed starting width (the clerk may widen it); 0: as wide as its contents.
    width: int = 0
    #: The column that takes the table's spare width.
    stretch: bool = False
    #: The cell's whole text is also its tooltip (a long text in a narrow column).
    tooltip: bool = False


def _key_of(record: Any) -> str:
    return str(record.id)


class _RecordsModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[PickerColumn]) -> None:
        super().__init__()
        self.columns = tuple(columns)
        self.records: list[Any] = []

    def set_records(self, records: Sequence[Any]) -> None:
        self.beginResetModel()
        self.records = list(records)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        record = self.records[index.row()]
        if role == Qt.ItemDataRole.DisplayRole or (
            role == Qt.ItemDataRole.ToolTipRole and column.tooltip
        ):
            return column.text(record)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title
        return None


class TablePicker(ValidatedField, QWidget):
    activated = Signal()

    def __init__(
        self,
        columns: Sequence[PickerColumn],
        *,
        placeholder: str = "",
        search_name: str = "",
        counted: Callable[[int], str] = str,
        nothing: str = "",
        key: Callable[[Any], str] = _key_of,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._key = key
        self._counted = counted
        self._nothing = nothing
        self._value = ""
        self._runner: Any = None
        self._loader: Callable[[str], Sequence[Any]] | None = None
        #: True once the list asked for last has arrived.
        self.loaded = False
        self.search = QLineEdit()
        self.search.setPlaceholderText(placeholder)
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(search_name or placeholder)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_PAUSE_MS)
        self._timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.model = _RecordsModel(columns)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        for index, column in enumerate(self.model.columns):
            if column.stretch:
                header.setSectionResizeMode(index, QHeaderView.ResizeMode.Stretch)
            elif column.width:
                header.setSectionResizeMode(index, QHeaderView.ResizeMode.Interactive)
                header.resizeSection(index, column.width)
            else:
                header.setSectionResizeMode(index, QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().currentRowChanged.connect(self._picked)
        self.table.doubleClicked.connect(lambda _i: self.activated.emit())
        self.status = QLabel()
        self.status.setObjectName("pickerCount")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)

    # -- the list -----------------------------------------------------------------------
    def load(self, runner: Any, loader: Callable[[str], Sequence[Any]]) -> None:
        """Ask ``loader(search)`` for the records, now and whenever the search changes."""
        self._runner, self._loader = runner, loader
        self.reload()

    def reload(self) -> None:
        self._timer.stop()
        if self._loader is None:
            return
        loader, text = self._loader, self.search.text()
        self.loaded = False
        self.status.setText("در حال جستجو…")
        self._runner.submit(lambda _c: loader(text), on_done=self._show)

    def _show(self, records: Sequence[Any]) -> None:
        self.model.set_records(records)
        self.status.setText(self._counted(len(records)) if records else self._nothing)
        if not self.select(self._value):
            self.table.clearSelection()
        self.loaded = True

    def _row_of(self, key: str) -> int:
        keys = (self._key(record) for record in self.model.records)
        return next((i for i, k in enumerate(keys) if key and k == key), -1)

    def select(self, key: Any) -> bool:
        """Choose the record ``key`` (keyboard and tests); False when it is not listed."""
        row = self._row_of(str(key))
        if row >= 0:
            self.table.selectRow(row)
            self._value = str(key)
        return row >= 0

    def chosen(self) -> Any:
        """The chosen record when the list holds it, else None."""
        row = self._row_of(self._value)
        return self.model.records[row] if row >= 0 else None

    def _picked(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._value = self._key(self.model.records[current.row()])
            self.set_error(None)

    # -- value --------------------------------------------------------------------------
    def value(self) -> str:
        return self._value

    def setValue(self, key: Any) -> None:
        self._value = "" if key is None else str(key)
        if not self.select(self._value):
            self.table.clearSelection()

    def _error_target(self) -> QWidget:
        return self.table

    def validate(self) -> bool:
        """The service judges the choice (its refusal is shown here)."""
        return True
