"""Step 2 of the wizard: the searchable list of courses open for registration, with
free seats, admitting the applicant's gender, in the province and kind of step 1.
UI thread only (the query runs on a worker of the ``TaskRunner``).
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QLineEdit, QTableView

from ...documents.course import CourseInfo, schedule_text
from ...documents.registration_data import RegistrationForm
from ...persian import format_jalali, format_number, format_rial, to_persian_digits
from ...services.registration.registration_courses import open_courses
from .step_page import StepPage

_Index = QModelIndex | QPersistentModelIndex
_COLUMNS = (
    ("standard_title", "استاندارد آموزشی"),
    ("place_name", "محل برگزاری"),
    ("start_date", "شروع"),
    ("free_seats", "ظرفیت خالی"),
    ("fee", "شهریه"),
    ("code", "کد دوره"),
    ("schedule", "برنامهٔ هفتگی"),
)
_SCHEDULE = len(_COLUMNS) - 1


def _cell(info: CourseInfo, key: str) -> str:
    if key == "start_date":
        return format_jalali(info.start_date)
    if key == "schedule":
        return schedule_text(info.schedule)
    if key == "free_seats":
        return f"{format_number(info.free_seats)} از {format_number(info.capacity)}"
    if key == "fee":
        return format_rial(info.fee) if info.fee else "رایگان"
    return to_persian_digits(getattr(info, key))


class CourseTableModel(QAbstractTableModel):
    """The open courses the service returned (a few hundred at most)."""

    def __init__(self) -> None:
        super().__init__()
        self.courses: list[CourseInfo] = []

    def set_courses(self, courses: list[CourseInfo]) -> None:
        self.beginResetModel()
        self.courses = list(courses)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.courses)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        info = self.courses[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return _cell(info, _COLUMNS[index.column()][0])
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == _SCHEDULE:
            return _cell(info, "schedule")
        if role == Qt.ItemDataRole.UserRole:
            return info
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _COLUMNS[section][1]
        return None

    def row_of(self, course_id: str) -> int:
        return next((i for i, c in enumerate(self.courses) if str(c.id) == course_id), -1)


class CoursePage(StepPage):
    """Step 2: choose the course."""

    def build(self) -> None:
        self.chosen_id = ""
        self.loaded = False
        self.search = QLineEdit()
        self.search.setPlaceholderText("جستجو در عنوان استاندارد، محل برگزاری یا کد دوره…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("جستجوی دوره")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.model = CourseTableModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # the weekly schedule is long: a fixed width, the whole text in its tooltip
        header.setSectionResizeMode(_SCHEDULE, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.resizeSection(_SCHEDULE, 170)
        self.table.selectionModel().currentRowChanged.connect(self._picked)
        self.table.doubleClicked.connect(lambda _i: self.wizard.go_next())
        self.status = QLabel()
        self.status.setObjectName("courseCount")
        self.layout_.addWidget(self.search)
        self.layout_.addWidget(self.table, 10)
        self.layout_.addWidget(self.status)

    def enter(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Ask for the open courses matching step 1 and the search box."""
        self._timer.stop()
        form = self.wizard.form
        text = self.search.text()
        self.loaded = False
        self.status.setText("در حال جستجوی دوره‌ها…")
        self.wizard.runner.submit(
            lambda _c: open_courses(
                self.wizard.ctx,
                province=form.province,
                kind=form.course_kind,
                gender=form.gender,
                search=text,
            ),
            on_done=self._show,
        )

    def _show(self, courses: list[CourseInfo]) -> None:
        self.model.set_courses(courses)
        if courses:
            self.status.setText(f"{format_number(len(courses))} دوره با ثبت‌نام باز و ظرفیت خالی")
        else:
            self.status.setText(
                "در این استان و نوع دوره، دوره‌ای با ثبت‌نام باز و ظرفیت خالی برای این متقاضی نیست."
            )
        row = self.model.row_of(self.chosen_id)
        if row >= 0:
            self.table.selectRow(row)
        else:
            self.table.clearSelection()
        self.loaded = True

    def _picked(self, current: QModelIndex, _previous: QModelIndex) -> None:
        info = current.data(Qt.ItemDataRole.UserRole) if current.isValid() else None
        if info is not None:
            self.chosen_id = str(info.id)
            self.show_message("")

    def select_course(self, course_id: uuid.UUID | str) -> bool:
        """Select a course of the list (keyboard and tests); False when it is not listed."""
        row = self.model.row_of(str(course_id))
        if row >= 0:
            self.table.selectRow(row)
            self.chosen_id = str(course_id)
        return row >= 0

    def show_form(self, form: RegistrationForm) -> None:
        self.chosen_id = form.course_id
        row = self.model.row_of(form.course_id)
        if row >= 0:
            self.table.selectRow(row)

    def read_into(self, form: RegistrationForm) -> RegistrationForm:
        return replace(form, course_id=self.chosen_id)

    def chosen(self) -> CourseInfo | None:
        row = self.model.row_of(self.chosen_id)
        return self.model.courses[row] if row >= 0 else None
