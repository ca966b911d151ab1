"""Editing a workshop's programme: every session of every day (day, date and time shown;
topic, hours, facilitator or trainer, methods and materials editable), saved together.
A refusal marks its cell and keeps what was typed. UI thread only; load and save on the
``TaskRunner``.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...persian import format_jalali, normalize, to_ascii_digits, to_persian_digits
from ...services.core.context import AppContext
from ...services.core.errors import ServiceError
from ...services.workshops.programme import ProgrammeSession, SessionEdit, programme, save_sessions
from ..errors import error_message
from ..listing import labels
from ..tasks import TaskRunner
from ..widgets.fit import fit_to_screen
from ..widgets.keyboard import keyboard_first

_Index = QModelIndex | QPersistentModelIndex
HEADERS = (
    "روز",
    "تاریخ",
    "ساعت",
    "موضوع",
    "ساعت آموزش",
    "مدرس / تسهیلگر",
    "روش آموزش",
    "وسایل و مواد",
)
EDITABLE = {3: "topic", 4: "hours", 5: "trainer", 6: "methods", 7: "materials"}


class ProgrammeModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[ProgrammeSession] = []
        self.edits: list[SessionEdit] = []
        self.errors: dict[tuple[int, int], str] = {}

    def set_rows(self, rows: list[ProgrammeSession]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.edits = [SessionEdit(r.id, r.line.topic, r.line.hours, r.line.trainer, r.line.methods,
                                  r.line.materials) for r in rows]  # fmt: skip
        self.errors = {}
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if index.column() in EDITABLE else base

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            line, edit = self.rows[row].line, self.edits[row]
            if col == 0:
                return to_persian_digits(line.day_number)
            if col == 1:
                return format_jalali(line.day)
            if col == 2:
                return to_persian_digits(f"{line.start}–{line.end}")
            value = getattr(edit, EDITABLE[col])
            return to_persian_digits(value) if col == 4 else value
        if role == Qt.ItemDataRole.BackgroundRole and (row, col) in self.errors:
            return QBrush(QColor("#fde0dc"))
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.errors.get((row, col))
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        col = index.column()
        if role != Qt.ItemDataRole.EditRole or col not in EDITABLE:
            return False
        row = index.row()
        text = normalize(str(value or ""))
        self.errors.pop((row, col), None)
        if col == 4:
            digits = to_ascii_digits(text)
            if not digits.isdigit():
                self.errors[(row, col)] = "ساعت آموزش را با عدد بنویسید."
                self.dataChanged.emit(index, index)
                return False
            self.edits[row] = replace(self.edits[row], hours=int(digits))
        else:
            field: dict[str, Any] = {EDITABLE[col]: text}  # a text field of SessionEdit
            self.edits[row] = replace(self.edits[row], **field)
        self.dataChanged.emit(index, index)
        return True


class ProgrammeDialog(QDialog):
    def __init__(self, ctx: AppContext, runner: TaskRunner, workshop_id: uuid.UUID, title: str,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.ctx, self.runner, self.workshop_id = ctx, runner, workshop_id
        self.refused: set[tuple[int, int]] = set()
        self.setWindowTitle(f"برنامهٔ کارگاه — {title}")
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.model = ProgrammeModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AllEditTriggers
            & ~QAbstractItemView.EditTrigger.CurrentChanged
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.message = QLabel()
        self.message.setObjectName("formMessage")
        self.message.setWordWrap(True)
        self.save_button = QPushButton(labels.SAVE)
        self.save_button.clicked.connect(self.save)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        close = QPushButton("بستن")
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        keyboard_first(self, self.save_button)
        fit_to_screen(self, 1200, 620)
        self.runner.submit(lambda _c: programme(ctx, workshop_id), on_done=self._loaded,
                           on_error=lambda exc: self.message.setText(error_message(exc)))  # fmt: skip

    def _loaded(self, rows: list[ProgrammeSession]) -> None:
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)

    def save(self) -> None:
        for cell in self.refused:  # the last refusal is checked again by the service
            self.model.errors.pop(cell, None)
        self.refused.clear()
        if self.model.errors:
            self.message.setText(next(iter(self.model.errors.values())))
            return
        edits = list(self.model.edits)
        self.runner.submit(
            lambda _c: save_sessions(self.ctx, self.workshop_id, edits),
            on_done=lambda n: self.message.setText(
                f"برنامه ذخیره شد ({to_persian_digits(n)} جلسه تغییر کرد)."
            ),
            on_error=self._failed,
            write=True,
        )

    def _failed(self, exc: Exception) -> None:
        text = error_message(exc)
        self.message.setText(text)
        field = exc.field if isinstance(exc, ServiceError) else None
        if field and ":" in field:
            row, name = field.split(":", 1)
            col = next((c for c, n in EDITABLE.items() if n == name), 3)
            self.model.errors[(int(row), col)] = text
            self.refused.add((int(row), col))
            self.table.setCurrentIndex(self.model.index(int(row), col))
