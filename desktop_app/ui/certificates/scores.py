"""Scores entry and issuing for a finished course: pick the course, type each enrolled
trainee's theory and practical scores into the table, save, and issue certificates to
those who passed both. UI thread only; loading, saving and issuing run on the
``TaskRunner`` (saving and issuing on the write worker).
"""

from __future__ import annotations

import uuid
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.core.changes import Change

from ...persian import to_ascii_digits, to_persian_digits
from ...services.accounts.access import APPROVE, can
from ...services.certificates.certificates import (
    IssueResult,
    PassMarks,
    ScoreEntry,
    ScoreLine,
    ScoreSheet,
    finished_courses,
    has_passed,
    issue_certificates,
    record_scores,
    result_text,
    score_sheet,
)
from ...services.core.context import AppContext
from ...services.core.errors import ServiceError
from ..errors import error_message
from ..listing import ChoiceBox
from ..tasks import TaskRunner, data_bus

_Index = QModelIndex | QPersistentModelIndex


class Col(IntEnum):
    NAME = 0
    NATIONAL_CODE = 1
    TRACKING = 2
    THEORY = 3
    PRACTICAL = 4
    RESULT = 5
    SERIAL = 6


HEADERS = {
    Col.NAME: "نام کارآموز",
    Col.NATIONAL_CODE: "کد ملی",
    Col.TRACKING: "کد رهگیری",
    Col.THEORY: "نمرهٔ نظری",
    Col.PRACTICAL: "نمرهٔ عملی",
    Col.RESULT: "نتیجه",
    Col.SERIAL: "شمارهٔ گواهینامه",
}


class ScoresModel(QAbstractTableModel):
    """The course's trainees; the two score columns are editable (0–100 or empty)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.lines: list[ScoreLine] = []
        self.scores: list[list[int | None]] = []
        self.marks = PassMarks(0, 0)
        self.errors: dict[tuple[int, int], str] = {}

    def set_sheet(self, sheet: ScoreSheet | None) -> None:
        self.beginResetModel()
        self.lines = list(sheet.lines) if sheet else []
        self.scores = [[line.theory, line.practical] for line in self.lines]
        self.marks = sheet.marks if sheet else PassMarks(0, 0)
        self.errors = {}
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Col)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[Col(section)]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in (Col.THEORY, Col.PRACTICAL) and not self.lines[index.row()].serial:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def _score(self, row: int, column: int) -> int | None:
        return self.scores[row][column - Col.THEORY]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = index.row(), Col(index.column())
        line = self.lines[row]
        theory, practical = self.scores[row]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == Col.NAME:
                return line.trainee_name
            if col == Col.NATIONAL_CODE:
                return to_persian_digits(line.national_code)
            if col == Col.TRACKING:
                return to_persian_digits(line.tracking_code)
            if col in (Col.THEORY, Col.PRACTICAL):
                value = self._score(row, col)
                return "" if value is None else to_persian_digits(value)
            if col == Col.RESULT:
                return result_text(theory, practical, self.marks)
            return to_persian_digits(line.serial) if line.serial else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.errors.get((row, col))
        if role == Qt.ItemDataRole.ForegroundRole and col == Col.RESULT:
            ok = has_passed(theory, practical, self.marks)
            return QBrush(QColor("#1b5e20" if ok else "#8a1c1c"))
        if role == Qt.ItemDataRole.BackgroundRole and (row, col) in self.errors:
            return QBrush(QColor("#fde0dc"))
        if role == Qt.ItemDataRole.TextAlignmentRole and col != Col.NAME:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() not in (Col.THEORY, Col.PRACTICAL):
            return False
        row, col = index.row(), index.column()
        text = to_ascii_digits(str(value or "")).strip()
        if text and not text.isdigit():
            self.errors[(row, col)] = "نمره باید عددی از ۰ تا ۱۰۰ باشد."
            self.dataChanged.emit(index, index)
            return False
        self.errors.pop((row, col), None)
        self.scores[row][col - Col.THEORY] = int(text) if text else None
        self.dataChanged.emit(index, self.index(row, Col.RESULT))
        return True

    def entries(self) -> list[ScoreEntry]:
        return [
            ScoreEntry(line.enrollment_id, theory, practical)
            for line, (theory, practical) in zip(self.lines, self.scores, strict=True)
        ]

    def mark_error(self, field: str | None, message: str) -> tuple[int, int] | None:
        """Mark the cell a service error names (``"<row>:theory"``); returns it."""
        if not field or ":" not in field:
            return None
        row_text, name = field.split(":", 1)
        cell = (int(row_text), Col.THEORY if name == "theory" else Col.PRACTICAL)
        self.errors[cell] = message
        index = self.index(*cell)
        self.dataChanged.emit(index, index)
        return cell


class ScoresPage(QWidget):
    """Course picker, the scores table, save and issue."""

    def __init__(self, ctx: AppContext, runner: TaskRunner) -> None:
        super().__init__()
        self.ctx, self.runner = ctx, runner
        self.course = ChoiceBox([], empty="دورهٔ پایان‌یافته را انتخاب کنید")
        self.course.setAccessibleName("دوره")
        self._refreshing = False  # new course options are being put in: no reload
        self.course.currentIndexChanged.connect(self._course_changed)
        self.marks_label = QLabel()
        top = QHBoxLayout()
        top.addWidget(QLabel("دوره:"))
        top.addWidget(self.course, 1)
        top.addWidget(self.marks_label)

        self.model = ScoresModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AllEditTriggers
            & ~QAbstractItemView.EditTrigger.CurrentChanged
        )
        self.table.verticalHeader().setDefaultSectionSize(30)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(Col.NAME, QHeaderView.ResizeMode.Stretch)
        for col, width in ((Col.NATIONAL_CODE, 110), (Col.TRACKING, 115), (Col.SERIAL, 125)):
            header.resizeSection(col, width)
        for col in (Col.THEORY, Col.PRACTICAL):
            header.resizeSection(col, 90)
        header.resizeSection(Col.RESULT, 130)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("formMessage")
        self.save_button = QPushButton("ذخیرهٔ نمره‌ها")
        self.save_button.clicked.connect(self.save)
        self.issue_button = QPushButton("صدور گواهینامهٔ قبول‌شدگان")
        self.issue_button.clicked.connect(self.issue)
        self.issue_button.setVisible(can(ctx, APPROVE))  # the service checks it again
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.issue_button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self._set_enabled(False)
        self.load_courses()
        data_bus().data_changed.connect(self._on_data_changed)

    def _on_data_changed(self, kinds: Any) -> None:
        if Change.COURSES in kinds:
            self.load_courses()

    def load_courses(self) -> None:
        self.runner.submit(lambda _c: finished_courses(self.ctx), on_done=self._set_courses)

    def _set_courses(self, choices: list[tuple[uuid.UUID, str]]) -> None:
        """New course options, keeping the chosen course (and the typed scores)."""
        current = self.course.value()
        self._refreshing = True  # (ChoiceBox.set_choices re-emits the kept value)
        try:
            self.course.set_choices(choices)
        finally:
            self._refreshing = False
        if self.course.value() != current:  # the chosen course is gone
            self.load()

    def _course_changed(self, _index: int) -> None:
        if not self._refreshing:
            self.load()

    def _set_enabled(self, enabled: bool) -> None:
        self.save_button.setEnabled(enabled)
        self.issue_button.setEnabled(enabled)

    def load(self) -> None:
        course_id = self.course.value()
        if course_id is None:
            self.model.set_sheet(None)
            self.marks_label.setText("")
            self._set_enabled(False)
            return
        self.runner.submit(
            lambda _c: score_sheet(self.ctx, course_id),
            on_done=self._show_sheet,
            on_error=self._show_error,
        )

    def _show_sheet(self, sheet: ScoreSheet) -> None:
        if sheet.course_id != self.course.value():
            return  # the clerk picked another course meanwhile
        self.model.set_sheet(sheet)
        marks = sheet.marks
        self.marks_label.setText(
            f"نمرهٔ قبولی: نظری {to_persian_digits(marks.theory)}، "
            f"عملی {to_persian_digits(marks.practical)}"
        )
        self._set_enabled(bool(sheet.lines))
        if not sheet.lines:
            self.message.setText("این دوره کارآموز ثبت‌نام‌شده‌ای ندارد.")

    def _show_error(self, exc: Exception) -> None:
        message = error_message(exc)
        self.message.setText(message)
        if isinstance(exc, ServiceError):
            cell = self.model.mark_error(exc.field, message)
            if cell is not None:
                self.table.setCurrentIndex(self.model.index(*cell))

    def save(self) -> None:
        course_id = self.course.value()
        if course_id is None:
            return
        if self.model.errors:
            self.message.setText(next(iter(self.model.errors.values())))
            return
        entries = self.model.entries()
        self.message.setText("")
        self.runner.submit(
            lambda _c: record_scores(self.ctx, course_id, entries),
            on_done=self._saved,
            on_error=self._show_error,
            write=True,
        )

    def _saved(self, changed: int) -> None:
        self.message.setText(f"نمره‌ها ذخیره شد ({to_persian_digits(changed)} ردیف تغییر کرد).")
        self.load()

    def issue(self) -> None:
        course_id = self.course.value()
        if course_id is None:
            return
        entries = self.model.entries()

        def work(_c: Any) -> IssueResult:
            record_scores(self.ctx, course_id, entries)  # what is on screen first
            return issue_certificates(self.ctx, course_id)

        self.runner.submit(work, on_done=self._issued, on_error=self._show_error, write=True)

    def _issued(self, result: IssueResult) -> None:
        parts = [f"{to_persian_digits(len(result.issued))} گواهینامه صادر شد"]
        if result.already:
            parts.append(f"{to_persian_digits(result.already)} نفر پیش‌تر گواهینامه گرفته بودند")
        if result.not_passed:
            parts.append(f"{to_persian_digits(result.not_passed)} نفر قبول نشده‌اند")
        self.last_result = result
        self.message.setText("؛ ".join(parts) + ".")
        self.load()
