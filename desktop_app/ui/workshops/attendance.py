"""The attendance screen (حضور و غیاب) for training workshops AND courses: pick what,
pick the day, and type one key per person and session — 1/ح present, 2/غ absent,
3/ت late, 4/م excused, Delete clears — the cursor moving down the column and on to the
next session's column, so a day of 30 people with two sessions is 60 keystrokes and
Ctrl+S. «همه حاضر» (Ctrl+Shift+H) fills the empty cells of the day with present first,
so only the exceptions are typed. Prints the day's sheet blank (for signatures) or
filled. UI thread only; loading, saving and printing run on the ``TaskRunner``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...documents.workshops import STATUS_SHORT, STATUSES, status_for_key
from ...persian import format_jalali, to_persian_digits
from ...services.core.changes import Change
from ...services.core.context import AppContext
from ...services.core.errors import ServiceError
from ...services.workshops.attendance import (
    AttendanceSheet,
    Mark,
    Subject,
    attendance_sheet,
    attendance_subjects,
    record_attendance,
)
from ...services.workshops.printing import print_attendance_sheet
from ..errors import error_message, show_error
from ..listing import ChoiceBox
from ..listing.labels import print_label
from ..tasks import TaskRunner, data_bus
from ..widgets import file_dialogs

FIXED = 3  # name, national code, detail
_Index = QModelIndex | QPersistentModelIndex
COLORS = {"present": "#e3f2e1", "absent": "#fde0dc", "late": "#fff3cd", "excused": "#e3ecf7"}


class AttendanceModel(QAbstractTableModel):
    """People × the day's sessions; the marks as typed, saved together."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.sheet: AttendanceSheet | None = None
        self.marks: list[list[str]] = []
        self.saved: list[list[str]] = []
        self.errors: dict[tuple[int, int], str] = {}

    def set_sheet(self, sheet: AttendanceSheet | None) -> None:
        self.beginResetModel()
        self.sheet = sheet
        self.marks = [list(row) for row in sheet.statuses] if sheet else []
        self.saved = [list(row) for row in self.marks]
        self.errors = {}
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.sheet is None else len(self.sheet.people)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.sheet is None else FIXED + len(self.sheet.slots)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or self.sheet is None:
            return None
        if orientation == Qt.Orientation.Vertical:
            return to_persian_digits(section + 1)
        if section < FIXED:
            return ("نام و نام خانوادگی", "کد ملی", "توضیح")[section]
        slot = self.sheet.slots[section - FIXED]
        return to_persian_digits(f"{slot.start} تا {slot.end}")

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.sheet is None:
            return None
        row, col = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col < FIXED:
                person = self.sheet.people[row]
                return (person.name, to_persian_digits(person.national_code), person.detail)[col]
            status = self.marks[row][col - FIXED]
            return f"{STATUS_SHORT[status]} — {STATUSES[status]}" if status else ""
        if role == Qt.ItemDataRole.BackgroundRole and col >= FIXED:
            if (row, col) in self.errors:
                return QBrush(QColor("#f4b6ae"))
            status = self.marks[row][col - FIXED]
            return QBrush(QColor(COLORS[status])) if status else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.errors.get((row, col))
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= FIXED:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def set_status(self, row: int, col: int, status: str) -> None:
        if self.sheet is None or col < FIXED:
            return
        self.marks[row][col - FIXED] = status
        self.errors.pop((row, col), None)
        index = self.index(row, col)
        self.dataChanged.emit(index, index)

    def fill_present(self) -> int:
        filled = 0
        for _r, row in enumerate(self.marks):
            for c, status in enumerate(row):
                if not status:
                    row[c] = "present"
                    filled += 1
        if filled:
            self.dataChanged.emit(
                self.index(0, FIXED), self.index(len(self.marks) - 1, self.columnCount() - 1)
            )
        return filled

    def changed_marks(self) -> list[tuple[int, int, Mark]]:
        """(row, column, mark) of every cell that differs from what is saved."""
        if self.sheet is None:
            return []
        found = []
        for r, person in enumerate(self.sheet.people):
            for c, slot in enumerate(self.sheet.slots):
                if self.marks[r][c] != self.saved[r][c]:
                    found.append(
                        (r, FIXED + c, Mark(person.id, slot.day, slot.start, self.marks[r][c]))
                    )
        return found


class AttendanceGrid(QTableView):
    """The table that takes one key per cell and moves on."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        model = self.model()
        index = self.currentIndex()
        if isinstance(model, AttendanceModel) and index.isValid() and index.column() >= FIXED:
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                model.set_status(index.row(), index.column(), "")
                self._advance(index)
                return
            status = status_for_key(event.text()) if not event.modifiers() & (
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
            ) else None  # fmt: skip
            if status is not None:
                model.set_status(index.row(), index.column(), status)
                self._advance(index)
                return
        super().keyPressEvent(event)

    def _advance(self, index: QModelIndex) -> None:
        model = self.model()
        row, col = index.row() + 1, index.column()
        if row >= model.rowCount():
            row, col = 0, col + 1
        if col < model.columnCount():
            self.setCurrentIndex(model.index(row, col))


class AttendancePage(QWidget):
    """What (workshop or course), which day, the grid, save, fill, print."""

    open_file = staticmethod(lambda path: None)  # replaced by the section (opens the PDF)

    def __init__(self, ctx: AppContext, runner: TaskRunner) -> None:
        super().__init__()
        self.ctx, self.runner = ctx, runner
        self.subject = ChoiceBox([], empty="کارگاه یا دوره را انتخاب کنید")
        self.subject.setAccessibleName("کارگاه یا دوره")
        self.subject.currentIndexChanged.connect(lambda _i: self.load(day=1))
        self.day = QSpinBox()
        self.day.setAccessibleName("روز")
        self.day.setPrefix("روز ")
        self.day.setMinimum(1)
        self.day.valueChanged.connect(lambda _v: self.load())
        self.day_label = QLabel()
        top = QHBoxLayout()
        top.addWidget(QLabel("حضور و غیاب:"))
        top.addWidget(self.subject, 1)
        top.addWidget(self.day)
        top.addWidget(self.day_label)

        self.model = AttendanceModel(self)
        self.table = AttendanceGrid()
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setDefaultSectionSize(28)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)

        self.help = QLabel(
            "کلیدها: ۱ یا ح حاضر، ۲ یا غ غایب، ۳ یا ت تأخیر، ۴ یا م غیبت موجه، Delete پاک؛ "
            "مکان‌نما خودش پایین می‌رود. Ctrl+S ذخیره."
        )
        self.help.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("formMessage")
        self.message.setWordWrap(True)
        self.fill_button = QPushButton("همه حاضر")
        self.fill_button.setToolTip("Ctrl+Shift+H: خانه‌های خالی این روز «حاضر» شوند")
        self.fill_button.clicked.connect(self.fill_present)
        self.save_button = QPushButton("ذخیرهٔ حضور و غیاب")
        self.save_button.clicked.connect(self.save)
        self.print_blank = QPushButton(print_label("فهرست خالی"))
        self.print_blank.clicked.connect(lambda: self.print_sheet(blank=True))
        self.print_filled = QPushButton(print_label("فهرست پرشده"))
        self.print_filled.clicked.connect(lambda: self.print_sheet(blank=False))
        QShortcut(QKeySequence("Ctrl+S"), self, self.save)
        QShortcut(QKeySequence("Ctrl+Shift+H"), self, self.fill_present)
        buttons = QHBoxLayout()
        for button in (self.save_button, self.fill_button, self.print_blank, self.print_filled):
            buttons.addWidget(button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.help)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.subjects: dict[Any, Subject] = {}
        self.load_subjects()
        data_bus().data_changed.connect(self._on_data_changed)

    def _on_data_changed(self, kinds: Any) -> None:
        if {Change.TRAINING_WORKSHOPS, Change.COURSES} & set(kinds):
            self.load_subjects()

    def load_subjects(self) -> None:
        self.runner.submit(lambda _c: attendance_subjects(self.ctx), on_done=self._set_subjects)

    def _set_subjects(self, items: list[tuple[Subject, str]]) -> None:
        current = self.subject.value()
        self.subjects = {(s.kind, s.id): s for s, _label in items}
        self.subject.blockSignals(True)
        self.subject.set_choices([((s.kind, s.id), label) for s, label in items])
        self.subject.blockSignals(False)
        if self.subject.value() != current:
            self.load(day=1)

    def current_subject(self) -> Subject | None:
        key = self.subject.value()
        return self.subjects.get(key) if key is not None else None

    def load(self, day: int | None = None) -> None:
        subject = self.current_subject()
        if subject is None:
            self.model.set_sheet(None)
            return
        if day is not None and self.day.value() != day:
            self.day.blockSignals(True)
            self.day.setValue(day)
            self.day.blockSignals(False)
        wanted = self.day.value()
        self.runner.submit(
            lambda _c: attendance_sheet(self.ctx, subject, wanted),
            on_done=self.show_sheet,
            on_error=self._show_error,
        )

    def show_sheet(self, sheet: AttendanceSheet) -> None:
        if sheet.subject != self.current_subject():
            return
        self.model.set_sheet(sheet)
        self.day.blockSignals(True)
        self.day.setMaximum(max(1, sheet.days))
        self.day.blockSignals(False)
        first = sheet.slots[0] if sheet.slots else None
        self.day_label.setText(
            f"از {to_persian_digits(sheet.days)} روز — {format_jalali(first.day)}" if first else ""
        )
        self.table.resizeColumnsToContents()
        self.message.setText("" if sheet.people else "هنوز کسی در فهرست حاضران نیست.")
        if sheet.people and sheet.slots:
            self.table.setCurrentIndex(self.model.index(0, FIXED))
            self.table.setFocus()

    def fill_present(self) -> None:
        filled = self.model.fill_present()
        self.message.setText(f"{to_persian_digits(filled)} خانه «حاضر» شد؛ استثناها را تایپ کنید.")

    def save(self) -> None:
        subject = self.current_subject()
        changes = self.model.changed_marks()
        if subject is None or not changes:
            self.message.setText("تغییری برای ذخیره نیست.")
            return
        marks = [mark for _r, _c, mark in changes]
        self.runner.submit(
            lambda _c: record_attendance(self.ctx, subject, marks),
            on_done=self._saved,
            on_error=lambda exc: self._save_failed(exc, changes),
            write=True,
        )

    def _saved(self, changed: int) -> None:
        self.model.saved = [list(row) for row in self.model.marks]
        self.message.setText(f"حضور و غیاب ذخیره شد ({to_persian_digits(changed)} خانه).")

    def _save_failed(self, exc: Exception, changes: list[tuple[int, int, Mark]]) -> None:
        text = error_message(exc)
        self.message.setText(text)
        field = exc.field if isinstance(exc, ServiceError) else None
        if field is not None and field.isdigit() and int(field) < len(changes):
            row, col, _mark = changes[int(field)]
            self.model.errors[(row, col)] = text
            self.table.setCurrentIndex(self.model.index(row, col))

    def _show_error(self, exc: Exception) -> None:
        self.message.setText(error_message(exc))

    def print_sheet(self, blank: bool) -> None:
        sheet = self.model.sheet
        if sheet is None:
            return
        folder = file_dialogs.prints_folder("attendance")
        code, day = sheet.code, sheet.day_number

        def write(_c: Any) -> Path:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{code}-day{day}{'-blank' if blank else ''}.pdf"
            print_attendance_sheet(self.ctx, code, path, day=day, blank=blank)
            return path

        self.runner.submit(write, on_done=self._printed, on_error=lambda exc: show_error(self, exc))

    def _printed(self, path: Path) -> None:
        self.last_printed = path
        self.open_file(path)
