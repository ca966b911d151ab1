"""The province's programme templates (برنامه‌های الگو: the 12-day CBR programme and
any other a province keeps): a list and a form of the shared list/form machinery
(``ui.listing``). The form holds the title and province, the per-head cost and the
attendance rule, the sessions (day, start, end, hours, topic, trainer, methods,
materials) in an editable table, and the satisfaction questions. Editing a template
changes only the workshops made from it afterwards. UI thread only; every read and save
runs on the ``TaskRunner``.
"""

from __future__ import annotations

import re
import uuid
from functools import partial

from PySide6.QtWidgets import QDialog, QLabel

from ...persian import format_rial, to_persian_digits
from ...services.accounts.access import APPROVE
from ...services.core.changes import Change
from ...services.core.context import AppContext
from ...services.core.errors import ServiceError
from ...services.core.reference import PROVINCES
from ...services.workshops.templates import (
    TemplateData,
    TemplateQuestion,
    TemplateSession,
    count_templates,
    delete_template,
    get_template,
    save_template,
    template_page,
)
from ..errors import error_message
from ..listing import ChoiceBox, Column, FilterSpec, ListConfig, RecordFormDialog, RecordListPage
from ..listing.binding import Field, number_text, text_number
from ..listing.labels import search_hint
from ..tasks import TaskRunner
from ..widgets import DigitLineEdit, RialEdit, RowColumn, RowsEditor, TextLineEdit

TEMPLATE_KINDS = frozenset({Change.WORKSHOP_TEMPLATES})
_CELL = re.compile(r"^(\w+)\[(\d+)\]\.(\w+)$")

SESSION_COLUMNS = (
    RowColumn("day", "روز", "int", width=45),
    RowColumn("start", "شروع", "time", width=60),
    RowColumn("end", "پایان", "time", width=60),
    RowColumn("hours", "ساعت آموزشی", "int", width=85),
    RowColumn("topic", "موضوع", stretch=True),
    RowColumn("trainer", "مدرس", width=110),
    RowColumn("methods", "روش آموزش", width=130),
    RowColumn("materials", "وسایل و مواد", width=130),
)
QUESTION_COLUMNS = (RowColumn("text", "پرسش نظرسنجی (پاسخ از ۱ تا ۵)", stretch=True),)


PLAN_FIELDS = (
    Field("title", "عنوان برنامه", partial(TextLineEdit, required=True), True),
    Field(
        "province",
        "استان",
        partial(ChoiceBox, [(p, p) for p in PROVINCES], empty="", required=True),
        True,
        show=lambda p: p or None,
    ),
    Field("per_head_cost", "سرانهٔ هر نفر (ریال)", RialEdit),
    Field(
        "max_absent_days",
        "بیشترین روزهای غیبت مجاز",
        partial(DigitLineEdit, max_digits=2),
        show=number_text,
        read=text_number,
    ),
)
QUESTIONS = Field(
    "questions",
    "پرسش‌های نظرسنجی",
    partial(RowsEditor, QUESTION_COLUMNS, TemplateQuestion, add_label="افزودن پرسش"),
    True,
)


class TemplateForm(RecordFormDialog):
    new_title = "برنامهٔ الگوی جدید"
    edit_title = "ویرایش برنامهٔ الگو"
    data_class = TemplateData
    # bound (used beyond showing and reading them)
    sessions: RowsEditor
    questions: RowsEditor

    def build(self) -> None:
        self.setMinimumWidth(1120)
        sessions = Field(
            "sessions",
            "روزها و جلسه‌ها",
            lambda: RowsEditor(SESSION_COLUMNS, self._new_session, add_label="افزودن جلسه"),
            True,
        )
        self.bind((*PLAN_FIELDS, sessions))
        self.sessions.setMinimumHeight(300)
        self.totals = QLabel()
        self.fields_layout.addWidget(self.totals)
        self.bind((QUESTIONS,))
        self.questions.setMinimumHeight(150)
        self.sessions.model.dataChanged.connect(lambda *_a: self._count())
        self.sessions.model.rowsInserted.connect(lambda *_a: self._count())
        self.sessions.model.rowsRemoved.connect(lambda *_a: self._count())
        self.sessions.model.modelReset.connect(lambda *_a: self._count())

    def _new_session(self) -> TemplateSession:
        """A new row continues the last day (the clerk changes the day when needed)."""
        rows = self.sessions.model.rows()
        return TemplateSession(day=rows[-1].day if rows else 1)

    def _count(self) -> None:
        data = TemplateData(sessions=self.sessions.model.rows())
        self.totals.setText(
            f"{to_persian_digits(data.days)} روز، {to_persian_digits(len(data.sessions))} "
            f"جلسه، {to_persian_digits(data.hours)} ساعت آموزش"
        )

    def load(self, record_id: uuid.UUID) -> TemplateData:
        return get_template(self.ctx, record_id)

    def show_data(self, data: TemplateData) -> None:
        super().show_data(data)
        self._count()

    def store(self, data: TemplateData) -> TemplateData:
        return save_template(self.ctx, data)

    def _save_failed(self, exc: Exception) -> None:
        """A refusal about one cell (``sessions[3].topic``) selects that cell."""
        field = exc.field if isinstance(exc, ServiceError) else None
        match = _CELL.match(field or "")
        if match is None:
            super()._save_failed(exc)
            return
        self._set_busy(False)
        editor = self.rows[match.group(1)].editor()
        assert isinstance(editor, RowsEditor)
        editor.set_cell_error(int(match.group(2)), match.group(3), error_message(exc))
        editor.setFocus()


def _template_form(page: RecordListPage, record_id: uuid.UUID | None) -> QDialog:
    return TemplateForm(page.ctx, page.runner, record_id, page)


TEMPLATES_LIST = ListConfig(
    kinds=TEMPLATE_KINDS,
    columns=(
        Column("title", "عنوان برنامه", stretch=True),
        Column("province", "استان", width=100),
        Column("days", "روز", numeric=True, width=60),
        Column("sessions", "جلسه", numeric=True, width=60),
        Column("hours", "ساعت", numeric=True, width=60),
        Column("per_head_cost", "سرانه", format_rial, numeric=True, width=140),
    ),
    count=count_templates,
    page=template_page,
    open_form=_template_form,
    delete=delete_template,
    filters=(FilterSpec("province", "استان", [(p, p) for p in PROVINCES]),),
    search_hint=search_hint("عنوان", "استان"),
    new_label="برنامهٔ الگوی جدید",
    default_sort="province",
    describe=lambda row: f"{row.title} — {row.province}",
    audit_table="workshop_templates",
    enter_permission=APPROVE,
)


def templates_page(ctx: AppContext, runner: TaskRunner) -> RecordListPage:
    """The templates list; only a supervisor (``APPROVE``) adds or edits a template."""
    return RecordListPage(ctx, runner, TEMPLATES_LIST)
