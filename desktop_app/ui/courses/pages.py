"""The courses list: a ``RecordListPage`` with filters by state, place, standard and
kind, a start-date range, a "waiting for my decision" switch for the provincial and
headquarters levels, Excel export, and the skill standards list. UI thread only."""

from __future__ import annotations

import uuid
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
)

from desktop_app.services.core.changes import Change

from ...documents.course import COURSE_KINDS
from ...persian import format_number
from ...services.core.context import AppContext
from ...services.core.listing import ListQuery
from ...services.courses.course_workflow import STATES, current_actor
from ...services.courses.courses import (
    COURSE_GENDERS,
    count_courses,
    course_page,
    delete_course,
    export_courses_excel,
    waiting_count,
)
from ...services.courses.standards import standard_choices
from ...services.places.places import place_choices
from ..errors import show_error
from ..listing import Column, FilterSpec, ListConfig, RecordListPage, choices, labels, plain_digits
from ..listing.labels import search_hint
from ..tasks import EVERYTHING, TaskRunner, data_bus
from ..widgets import JalaliDateEdit, file_dialogs
from .course_form import CourseForm
from .standards import StandardsDialog


def _course_form(page: RecordListPage, record_id: uuid.UUID | None) -> CourseForm:
    return CourseForm(page.ctx, page.runner, record_id, page)


COURSES_LIST = ListConfig(
    kinds=frozenset({Change.COURSES, Change.STANDARDS, Change.PLACES, Change.WORKSHOPS}),
    columns=(
        Column("code", "کد دوره", plain_digits, numeric=True, width=105),
        Column("standard_title", "استاندارد", stretch=True),
        Column("place_name", "مکان", width=230),
        Column("kind", "نوع", choices(COURSE_KINDS), width=60),
        Column("state", "وضعیت", choices(STATES), width=140),
        Column("start_date", "شروع", numeric=True, width=90),
        Column("end_date", "پایان", numeric=True, width=90),
        Column("capacity", "ظرفیت", numeric=True, width=60),
        Column("gender", "ویژهٔ", choices(COURSE_GENDERS), width=70),
    ),
    count=count_courses,
    page=course_page,
    open_form=_course_form,
    delete=delete_course,
    describe=lambda row: f"{row.code} — {row.standard_title}",
    filters=(
        FilterSpec("state", "وضعیت", list(STATES.items())),
        FilterSpec("place_id", "مکان", load_options=place_choices),
        FilterSpec("standard_id", "استاندارد", load_options=standard_choices),
        FilterSpec("kind", "نوع", list(COURSE_KINDS.items())),
    ),
    search_hint=search_hint("کد", "استاندارد", "مکان", "مربی"),
    new_label="دورهٔ جدید",
    default_sort="start_date",
    audit_table="courses",
)


class CoursesPage(RecordListPage):
    """The course list plus the date range, the waiting switch and the extra buttons."""

    def __init__(self, ctx: AppContext, runner: TaskRunner) -> None:
        self.start_from = JalaliDateEdit()
        self.start_to = JalaliDateEdit()
        self.waiting = QCheckBox("منتظر تصمیم من")
        self.waiting.hide()  # shown for the provincial and headquarters levels
        self.level = ""  # the acting level, once loaded
        super().__init__(ctx, runner, COURSES_LIST)
        for edit in (self.start_from, self.start_to):
            edit.dateChanged.connect(lambda _d: self.apply_query())
            edit.setMaximumWidth(150)
        self.waiting.toggled.connect(lambda _c: self.apply_query())
        dates = QHBoxLayout()
        dates.addWidget(QLabel("شروع از"))
        dates.addWidget(self.start_from)
        dates.addWidget(QLabel("تا"))
        dates.addWidget(self.start_to)
        dates.addSpacing(16)
        dates.addWidget(self.waiting)
        dates.addStretch(1)
        self.export_button = QPushButton(labels.EXPORT_EXCEL)
        self.export_button.clicked.connect(self.choose_export)
        self.standards_button = QPushButton("استانداردهای آموزشی…")
        self.standards_button.clicked.connect(self.open_standards)
        dates.addWidget(self.standards_button)
        self.add_actions(self.export_button, trailing=True)
        self.add_filter_line(dates)
        data_bus().data_changed.connect(self._on_data_changed)
        self.refresh_level()

    def current_query(self) -> ListQuery:
        query = super().current_query()
        query = query.with_filter("start_from", self.start_from.date())
        query = query.with_filter("start_to", self.start_to.date())
        return query.with_filter("waiting", self.waiting.isChecked() or None)

    # -- waiting for my decision ----------------------------------------------------------
    def refresh_level(self) -> None:
        """Show the waiting switch (with its count) to the levels that decide."""
        ctx = self.ctx
        self.runner.submit(
            lambda _c: (current_actor(ctx).level, waiting_count(ctx)), on_done=self._level_loaded
        )

    def _level_loaded(self, result: tuple[str, int]) -> None:
        self.level = result[0]
        level, count = result
        decides = level in ("province", "headquarters")
        self.waiting.setText(f"منتظر تصمیم من ({format_number(count)})")
        if not decides and self.waiting.isChecked():
            self.waiting.setChecked(False)
        self.waiting.setVisible(decides)
        # courses are created and deleted by the center (the service refuses others),
        # and only by a role that may: an action the clerk may not take is hidden
        self.new_button.setVisible(level == "center" and self.may_enter)
        self.delete_button.setVisible(level == "center" and self.may_delete)

    def _on_data_changed(self, kinds: frozenset[str]) -> None:
        if kinds & {Change.COURSES, Change.SETTINGS, EVERYTHING}:
            self.refresh_level()
        if kinds & {Change.SETTINGS, EVERYTHING}:
            self.apply_query()  # the waiting filter depends on the level

    # -- buttons --------------------------------------------------------------------------
    def choose_export(self) -> None:
        path = file_dialogs.save_file_name(
            self,
            labels.EXPORT_EXCEL_TITLE,
            "courses.xlsx",
            labels.EXCEL_FILTER,
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        query = self.current_query()
        self.runner.submit(
            lambda _c: export_courses_excel(self.ctx, path, query),
            on_done=lambda n: self.count_label.setText(
                f"{format_number(n)} دوره در فایل اکسل نوشته شد"
            ),
            on_error=lambda exc: show_error(self, exc),
        )

    def open_standards(self) -> StandardsDialog:
        dialog = StandardsDialog(self.ctx, self.runner, self)
        dialog.open()
        return dialog


def courses_page(ctx: AppContext, runner: TaskRunner) -> CoursesPage:
    return CoursesPage(ctx, runner)
