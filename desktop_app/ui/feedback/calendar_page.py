"""The office's deadline table (جدول مهلت پاسخ): one row per Jalali year with the answer
days of every request, the kinds with days of their own (a complaint may be answered
sooner than an opinion), the services whose SLA promises days of their own, and the
official holidays. A form edits one year: the year (fixed once saved), the general answer
days, each kind's own days (empty: the general days), the services' own days as rows (a
service, its days; before the kind's), and the holidays as rows (a Jalali date and a
title). A holiday outside the year, a day typed
twice, or days out of 1–90 are refused at their field; nothing typed is lost.

Who may edit: the office's settings (``SETTINGS``): the page hides «جدول سال جدید» and
«حذف» from others and the service refuses them. Every save and delete is written to
the audit log; «سابقه» shows a year's history to supervisors. UI thread only.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from desktop_app.services.core.changes import Change

from ...documents.feedback import REQUEST_KINDS
from ...persian import to_jalali, to_persian_digits, today
from ...services.accounts.access import SETTINGS
from ...services.feedback.calendar import (
    DEFAULT_ANSWER_DAYS,
    CalendarData,
    Holiday,
    ServiceDays,
    calendar_page,
    count_calendars,
    delete_calendar,
    get_calendar_record,
    save_calendar,
)
from ...services.feedback.requests import service_card_choices
from ..listing import Column, ListConfig, RecordFormDialog, RecordListPage
from ..listing.columns import plain_digits
from ..listing.labels import search_hint
from ..tasks import TaskRunner
from ..widgets import DigitLineEdit, RowColumn, RowsEditor


@dataclass
class HolidayRow:
    """One row of the holidays table as the form edits it."""

    on: date | None = None
    title: str = ""


@dataclass
class ServiceDaysRow:
    """One service with days of its own, as the form edits it (the card's id as text)."""

    card_id: str = ""
    days: int | None = None


HOLIDAY_COLUMNS = (
    RowColumn("on", "تاریخ", "date", width=140),
    RowColumn("title", "مناسبت", stretch=True),
)


def _int(text: str) -> int:
    return int(text) if text else 0


class CalendarForm(RecordFormDialog):
    new_title = "جدول مهلت پاسخ سال جدید"
    edit_title = "ویرایش جدول مهلت پاسخ"

    def build(self) -> None:
        self.setMinimumWidth(560)
        self.resize(640, 720)
        self.year = DigitLineEdit(max_digits=4)
        self.year.setFixedWidth(90)
        self.add_row("year", "سال (شمسی)", self.year, required=True)
        self.answer_days = DigitLineEdit(max_digits=2)
        self.answer_days.setFixedWidth(90)
        self.add_row("answer_days", "مهلت پاسخ (روز کاری)", self.answer_days, required=True)
        self.kind_days: dict[str, DigitLineEdit] = {}
        for kind, title in REQUEST_KINDS.items():
            edit = DigitLineEdit(max_digits=2)
            edit.setFixedWidth(90)
            edit.setToolTip("خالی: همان مهلت پاسخ عمومی")
            self.kind_days[kind] = edit
            self.add_row(f"kind_days_{kind}", f"مهلت پاسخ {title}", edit)
        # The services' names arrive from a worker; the column reads this list when it
        # draws a cell or opens its choice, so filling it later is enough.
        self.card_options: list[tuple[str, str]] = []
        self.service_days = RowsEditor(
            (
                RowColumn("card_id", "خدمت", "choice", stretch=True, options=self.card_options),
                RowColumn("days", "مهلت (روز کاری)", "int", width=120, max_digits=2),
            ),
            ServiceDaysRow,
            add_label="افزودن خدمت",
        )
        self.service_days.setMinimumHeight(110)
        self.service_days.setToolTip("خدمتی که توافق‌نامه‌اش مهلت دیگری دارد (پیش از مهلت نوع)")
        self.add_row("service_days", "مهلت ویژهٔ خدمت‌ها", self.service_days)
        self.runner.submit(lambda _c: service_card_choices(self.ctx), on_done=self._cards_loaded)
        self.holidays = RowsEditor(HOLIDAY_COLUMNS, HolidayRow, add_label="افزودن تعطیلی")
        self.holidays.setMinimumHeight(150)
        self.add_row("holidays", "تعطیلات رسمی", self.holidays)

    def _cards_loaded(self, choices: list[tuple[uuid.UUID, str]]) -> None:
        self.card_options[:] = [(str(card_id), title) for card_id, title in choices]
        self.service_days.model.layoutChanged.emit()  # the names replace nothing shown yet

    def new_data(self) -> CalendarData:
        return CalendarData(to_jalali(today())[0], DEFAULT_ANSWER_DAYS)

    def load(self, record_id: uuid.UUID) -> CalendarData:
        return get_calendar_record(self.ctx, record_id)

    def show_data(self, data: CalendarData) -> None:
        self.year.setValue(str(data.year))
        self.year.setReadOnly(data.id is not None)  # a saved table keeps its year
        self.answer_days.setValue(str(data.answer_days))
        for kind, edit in self.kind_days.items():
            days = data.kind_days.get(kind)
            edit.setValue(str(days) if days else "")
        self.service_days.set_rows([ServiceDaysRow(e.card_id, e.days) for e in data.service_days])
        self.holidays.set_rows([HolidayRow(h.on, h.title) for h in data.holidays])

    def typed_data(self) -> CalendarData:
        base = self.loaded_data or CalendarData(0)
        return CalendarData(
            _int(self.year.value()),
            _int(self.answer_days.value()),
            [
                Holiday(row.on, row.title)
                for row in self.holidays.rows()
                if row.on is not None  # a blank row is no holiday
            ],
            base.id,
            base.version,
            {k: _int(e.value()) or None for k, e in self.kind_days.items()},
            [
                ServiceDays(row.card_id, row.days)
                for row in self.service_days.rows()
                if row != ServiceDaysRow()  # a blank row is nothing
            ],
        )

    def validate_fields(self) -> bool:
        """A holiday with a title but no date would be dropped: refuse it at its row."""
        valid = super().validate_fields()
        for number, row in enumerate(self.holidays.rows()):
            if row.on is None and row.title.strip():
                where = f"ردیف {to_persian_digits(number + 1)}: "
                self.holidays.set_cell_error(number, "on", where + "تاریخ تعطیلی را وارد کنید.")
                return False
        return valid

    def store(self, data: CalendarData) -> CalendarData:
        return save_calendar(self.ctx, data)


def _form(page: RecordListPage, record_id: uuid.UUID | None) -> CalendarForm:
    return CalendarForm(page.ctx, page.runner, record_id, page)


CALENDAR_LIST = ListConfig(
    kinds=frozenset({Change.WORK_CALENDAR}),
    columns=(
        Column("year", "سال", format=plain_digits, numeric=True, width=80),
        Column("answer_days", "مهلت پاسخ (روز کاری)", numeric=True, width=150),
        Column("kinds_text", "مهلت ویژهٔ هر نوع", sortable=False, stretch=True),
        Column("service_count", "خدمت با مهلت ویژه", sortable=False, numeric=True, width=130),
        Column("holiday_count", "تعطیلات رسمی", sortable=False, numeric=True, width=110),
    ),
    count=count_calendars,
    page=calendar_page,
    open_form=_form,
    delete=delete_calendar,
    describe=lambda row: f"جدول مهلت پاسخ سال {to_persian_digits(row.year)}",
    search_hint=search_hint("سال"),
    new_label="جدول سال جدید",
    default_sort="year",
    enter_permission=SETTINGS,
    delete_permission=SETTINGS,
    audit_table="work_calendars",
)


def calendar_list_page(ctx, runner: TaskRunner) -> RecordListPage:
    return RecordListPage(ctx, runner, CALENDAR_LIST)
