"""Typing the evaluation of a workshop: one row per participant who came, the pre-test
and post-test (0–100) and one column per satisfaction question (1–5), then the comment;
digits in any script; Enter or any key edits, Tab moves on. «ذخیره» saves all rows; a
refusal marks its cell and keeps everything typed. UI thread only; load and save on the
``TaskRunner``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...persian import normalize, to_ascii_digits, to_persian_digits
from ...services.core.changes import Change
from ...services.core.context import AppContext
from ...services.core.errors import ServiceError
from ...services.workshops.evaluation import (
    EvaluationEntry,
    EvaluationSheet,
    evaluation_sheet,
    record_evaluation,
)
from ...services.workshops.programme import workshop_choices
from ..errors import error_message
from ..listing import ChoiceBox
from ..tasks import TaskRunner, data_bus

_Index = QModelIndex | QPersistentModelIndex
PRE, POST, FIRST_Q = 1, 2, 3


class EvaluationModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.sheet: EvaluationSheet | None = None
        self.entries: list[EvaluationEntry] = []
        self.errors: dict[tuple[int, int], str] = {}  # typing mistakes: block saving
        self.refused: dict[tuple[int, int], str] = {}  # the service's last refusal

    def set_sheet(self, sheet: EvaluationSheet | None) -> None:
        self.beginResetModel()
        self.sheet = sheet
        self.entries = [
            EvaluationEntry(line.invitation_id, line.pre_test, line.post_test,
                            list(line.satisfaction), line.comment)
            for line in (sheet.lines if sheet else ())
        ]  # fmt: skip
        self.errors, self.refused = {}, {}
        self.endResetModel()

    @property
    def questions(self) -> int:
        return len(self.sheet.questions) if self.sheet else 0

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.sheet is None else FIRST_Q + self.questions + 1

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if self.sheet is None:
            return None
        if orientation == Qt.Orientation.Vertical:
            return to_persian_digits(section + 1) if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.ToolTipRole and FIRST_Q <= section < FIRST_Q + self.questions:
            return self.sheet.questions[section - FIRST_Q]
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if section < FIRST_Q:
            return ("نام", "پیش‌آزمون", "پس‌آزمون")[section]
        if section < FIRST_Q + self.questions:
            return f"پرسش {to_persian_digits(section - FIRST_Q + 1)}"
        return "نظر و پیشنهاد"

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if index.column() > 0 else base

    def _value(self, row: int, col: int) -> Any:
        entry = self.entries[row]
        if col == PRE:
            return entry.pre_test
        if col == POST:
            return entry.post_test
        if col < FIRST_Q + self.questions:
            return entry.satisfaction[col - FIRST_Q]
        return entry.comment

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.sheet is None:
            return None
        row, col = index.row(), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == 0:
                return self.sheet.lines[row].name
            value = self._value(row, col)
            return "" if value is None else to_persian_digits(value)
        if role == Qt.ItemDataRole.BackgroundRole and (row, col) in {**self.errors, **self.refused}:
            return QBrush(QColor("#fde0dc"))
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.errors.get((row, col)) or self.refused.get((row, col))
        if role == Qt.ItemDataRole.TextAlignmentRole and 0 < col < FIRST_Q + self.questions:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() == 0:
            return False
        row, col = index.row(), index.column()
        entry = self.entries[row]
        text = str(value or "").strip()
        self.errors.pop((row, col), None)
        self.refused.pop((row, col), None)
        if col >= FIRST_Q + self.questions:
            entry.comment = normalize(text)
        else:
            digits = to_ascii_digits(text)
            if digits and not digits.isdigit():
                self.errors[(row, col)] = "عدد وارد کنید."
                self.dataChanged.emit(index, index)
                return False
            number = int(digits) if digits else None
            if col == PRE:
                entry.pre_test = number
            elif col == POST:
                entry.post_test = number
            else:
                entry.satisfaction[col - FIRST_Q] = number
        self.dataChanged.emit(index, index)
        return True

    def mark_error(self, field: str | None, message: str) -> tuple[int, int] | None:
        """Mark the cell a service error names (``"3:post_test"``, ``"3:q2"``)."""
        if not field or ":" not in field:
            return None
        row_text, name = field.split(":", 1)
        col = {"pre_test": PRE, "post_test": POST}.get(name)
        if col is None and name.startswith("q"):
            col = FIRST_Q + int(name[1:]) - 1
        if col is None:
            return None
        self.refused[(int(row_text), col)] = message
        index = self.index(int(row_text), col)
        self.dataChanged.emit(index, index)
        return int(row_text), col


class EvaluationEntryPage(QWidget):
    def __init__(self, ctx: AppContext, runner: TaskRunner) -> None:
        super().__init__()
        self.ctx, self.runner = ctx, runner
        self.workshop = ChoiceBox([], empty="کارگاه را انتخاب کنید")
        self.workshop.setAccessibleName("کارگاه")
        self.workshop.currentIndexChanged.connect(lambda _i: self.load())
        top = QHBoxLayout()
        top.addWidget(QLabel("ثبت ارزشیابی کارگاه:"))
        top.addWidget(self.workshop, 1)
        self.model = EvaluationModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AllEditTriggers
            & ~QAbstractItemView.EditTrigger.CurrentChanged
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("formMessage")
        self.message.setWordWrap(True)
        self.save_button = QPushButton("ذخیرهٔ ارزشیابی")
        self.save_button.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.legend)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.runner.submit(lambda _c: workshop_choices(self.ctx), on_done=self.workshop.set_choices)
        data_bus().data_changed.connect(self._on_data_changed)

    def _on_data_changed(self, kinds: Any) -> None:
        if Change.TRAINING_WORKSHOPS in kinds:
            self.runner.submit(
                lambda _c: workshop_choices(self.ctx), on_done=self.workshop.set_choices
            )

    def load(self) -> None:
        workshop_id = self.workshop.value()
        if workshop_id is None:
            self.model.set_sheet(None)
            return
        self.runner.submit(lambda _c: evaluation_sheet(self.ctx, workshop_id), on_done=self._show,
                           on_error=lambda exc: self.message.setText(error_message(exc)))  # fmt: skip

    def _show(self, sheet: EvaluationSheet) -> None:
        if sheet.workshop_id != self.workshop.value():
            return
        self.model.set_sheet(sheet)
        self.table.resizeColumnsToContents()
        self.legend.setText(
            "پرسش‌ها (پاسخ از ۱ خیلی کم تا ۵ خیلی زیاد): "
            + "؛ ".join(
                f"{to_persian_digits(i)}. {q}" for i, q in enumerate(sheet.questions, start=1)
            )
        )

    def save(self) -> None:
        workshop_id = self.workshop.value()
        if workshop_id is None:
            return
        if self.model.errors:
            self.message.setText(next(iter(self.model.errors.values())))
            return
        entries = [EvaluationEntry(e.invitation_id, e.pre_test, e.post_test, list(e.satisfaction), e.comment)
                   for e in self.model.entries]  # fmt: skip
        self.message.setText("")
        self.model.refused.clear()
        self.runner.submit(
            lambda _c: record_evaluation(self.ctx, workshop_id, entries),
            on_done=lambda n: self.message.setText(
                f"ارزشیابی ذخیره شد ({to_persian_digits(n)} نفر)."
            ),
            on_error=self._failed,
            write=True,
        )

    def _failed(self, exc: Exception) -> None:
        text = error_message(exc)
        self.message.setText(text)
        if isinstance(exc, ServiceError):
            cell = self.model.mark_error(exc.field, text)
            if cell is not None:
                self.table.setCurrentIndex(self.model.index(*cell))
