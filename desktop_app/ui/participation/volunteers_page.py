"""The volunteers list (داوطلبان) and form: registration with skills and availability,
«ثبت ساعت خدمت…» for the selected volunteer (day, center, hours, activity) and
«تقدیرنامه» (the letter of appreciation PDF). UI thread only.
"""

from __future__ import annotations

import uuid
from functools import partial
from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from ...persian import format_jalali, format_number, today
from ...services.accounts.access import ENTER, EXPORT_PERSONAL, PRINT, can
from ...services.core.changes import Change
from ...services.core.context import AppContext
from ...services.participation.summary import export_volunteers
from ...services.participation.volunteers import (
    HoursEntry,
    VolunteerData,
    count_volunteers,
    delete_volunteer,
    get_volunteer,
    hours_of,
    log_hours,
    print_appreciation,
    save_volunteer,
    volunteer_page,
)
from ..listing import Column, ListConfig, RecordFormDialog
from ..listing.binding import Field, number_text, text_number
from ..listing.labels import search_hint
from ..tasks import TaskRunner
from ..widgets import (
    DigitLineEdit,
    JalaliDateEdit,
    MobileEdit,
    NationalCodeEdit,
    TextAreaEdit,
    TextLineEdit,
)
from .common import ParticipationListPage


class VolunteerForm(RecordFormDialog):
    new_title = "داوطلب جدید"
    edit_title = "ویرایش داوطلب"
    data_class = VolunteerData
    fields = (
        Field("national_code", "کد ملی", partial(NationalCodeEdit, required=True), True),
        Field("first_name", "نام", partial(TextLineEdit, required=True), True),
        Field("last_name", "نام خانوادگی", partial(TextLineEdit, required=True), True),
        Field("mobile", "شمارهٔ همراه", MobileEdit),
        Field("skills", "مهارت‌ها", partial(TextAreaEdit, required=True, lines=2), True),
        Field("availability", "زمان‌های آمادگی", partial(TextAreaEdit, lines=2)),
        Field("note", "یادداشت", TextLineEdit),
    )

    def build(self) -> None:
        self.bind(self.fields)
        self.history = QLabel()
        self.history.setWordWrap(True)
        self.add_row("history", "ساعت‌های خدمت", self.history)

    def load(self, record_id: uuid.UUID) -> tuple[VolunteerData, list[HoursEntry]]:
        return get_volunteer(self.ctx, record_id), hours_of(self.ctx, record_id)

    def _loaded(self, data: Any) -> None:
        volunteer, hours = data
        super()._loaded(volunteer)
        total = sum(h.hours for h in hours)
        lines = [f"جمع: {format_number(total)} ساعت"] + [
            f"{format_jalali(h.served_on)} — {h.center} — {format_number(h.hours)} ساعت"
            for h in hours[:8]
        ]
        self.history.setText("\n".join(lines))

    def show_data(self, data: VolunteerData) -> None:
        super().show_data(data)
        self.rows["history"].setVisible(data.id is not None)

    def store(self, data: VolunteerData) -> VolunteerData:
        return save_volunteer(self.ctx, data)


class HoursDialog(RecordFormDialog):
    """Log hours of service for one volunteer; the service's message shows under its field."""

    fields = (
        Field("served_on", "تاریخ", partial(JalaliDateEdit, required=True), True),
        Field("center", "مرکز", partial(TextLineEdit, required=True), True),
        Field(
            "hours",
            "ساعت",
            partial(DigitLineEdit, max_digits=2, required=True),
            True,
            show=lambda n: number_text(n or None),
            read=lambda t: text_number(t) or 0,
        ),
        Field("activity", "فعالیت", TextLineEdit),
    )

    def __init__(
        self, ctx: AppContext, runner: TaskRunner, volunteer_id: uuid.UUID, name: str,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        self.volunteer_id = volunteer_id
        self.new_title = f"ثبت ساعت خدمت — {name}"
        super().__init__(ctx, runner, None, parent)

    def new_data(self) -> HoursEntry:
        return HoursEntry(None, today(), "", 0, "")

    def store(self, data: HoursEntry) -> HoursEntry:
        return log_hours(self.ctx, self.volunteer_id, data)


def _form(page: Any, record_id: uuid.UUID | None) -> VolunteerForm:
    return VolunteerForm(page.ctx, page.runner, record_id, page)


VOLUNTEERS_LIST = ListConfig(
    kinds=frozenset({Change.VOLUNTEERS}),
    columns=(
        Column("last_name", "نام خانوادگی", width=140),
        Column("first_name", "نام", width=110),
        Column("national_code", "کد ملی", numeric=True, width=120),
        Column("mobile", "همراه", numeric=True, width=120),
        Column("skills", "مهارت‌ها", stretch=True),
        Column("total_hours", "ساعت خدمت", numeric=True, width=100),
    ),
    count=count_volunteers,
    page=volunteer_page,
    open_form=_form,
    delete=delete_volunteer,
    search_hint=search_hint("نام", "کد ملی", "مهارت"),
    new_label="داوطلب جدید",
    default_sort="last_name",
    audit_table="volunteers",
)


class VolunteersPage(ParticipationListPage):
    export = staticmethod(export_volunteers)
    export_noun = "داوطلب"

    def __init__(self, ctx: AppContext, runner: TaskRunner) -> None:
        super().__init__(ctx, runner, VOLUNTEERS_LIST)
        self.hours_button = self.add_action("ثبت ساعت خدمت…", self.log_hours, ENTER)
        self.letter_button = self.add_action("تقدیرنامه", self.print_letter, PRINT)
        self.export_button.setVisible(can(ctx, EXPORT_PERSONAL))

    def log_hours(self) -> HoursDialog | None:
        row = self.selected_row()
        if row is None:
            return None
        dialog = HoursDialog(self.ctx, self.runner, row.id, row.name, self)
        dialog.open()
        return dialog

    def print_letter(self) -> None:
        row = self.selected_row()
        if row is not None:
            ctx, vid = self.ctx, row.id
            self.write_pdf(
                f"appreciation-{vid}.pdf", lambda path: print_appreciation(ctx, vid, path)
            )


def volunteers_page(ctx: AppContext, runner: TaskRunner) -> VolunteersPage:
    return VolunteersPage(ctx, runner)
