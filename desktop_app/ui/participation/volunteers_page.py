"""The volunteers list (داوطلبان) and form: registration with skills and availability,
«ثبت ساعت خدمت…» for the selected volunteer (day, center, hours, activity) and
«تقدیرنامه» (the letter of appreciation PDF). UI thread only.
"""

from __future__ import annotations

import uuid
from functools import partial
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from ...persian import format_jalali, format_number, today
from ...services.accounts.access import ENTER, EXPORT_PERSONAL, PRINT, can
from ...services.core.changes import Change
from ...services.core.context import AppContext
from ...services.core.errors import ServiceError
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
from ..errors import error_message
from ..listing import Column, ListConfig, RecordFormDialog
from ..listing.binding import Field
from ..listing.labels import search_hint
from ..tasks import TaskRunner
from ..widgets import (
    DigitLineEdit,
    FormRow,
    JalaliDateEdit,
    MobileEdit,
    NationalCodeEdit,
    TextAreaEdit,
    TextLineEdit,
)
from ..widgets.fit import fit_to_screen
from ..widgets.keyboard import keyboard_first
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


class HoursDialog(QDialog):
    """Log hours of service for one volunteer; the service's message shows under its field."""

    def __init__(
        self, ctx: AppContext, runner: TaskRunner, volunteer_id: uuid.UUID, name: str,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.ctx, self.runner, self.volunteer_id = ctx, runner, volunteer_id
        self.setWindowTitle(f"ثبت ساعت خدمت — {name}")
        self.served_on = JalaliDateEdit(required=True)
        self.served_on.setDate(today())
        self.center = TextLineEdit(required=True)
        self.hours = DigitLineEdit(max_digits=2, required=True)
        self.activity = TextLineEdit()
        self.rows = {
            "served_on": FormRow("تاریخ", self.served_on, required=True),
            "center": FormRow("مرکز", self.center, required=True),
            "hours": FormRow("ساعت", self.hours, required=True),
            "activity": FormRow("فعالیت", self.activity),
        }
        self.message = QLabel()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for row in self.rows.values():
            layout.addWidget(row)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        keyboard_first(self, buttons.button(QDialogButtonBox.StandardButton.Save))
        fit_to_screen(self)

    def save(self) -> None:
        if not all(e.validate() for e in (self.served_on, self.center, self.hours)):
            return
        entry = HoursEntry(
            None, self.served_on.date() or today(), self.center.text(),
            int(self.hours.value() or 0), self.activity.text(),
        )  # fmt: skip
        self.runner.submit(
            lambda _c: log_hours(self.ctx, self.volunteer_id, entry),
            on_done=lambda _r: self.accept(),
            on_error=self._failed,
            write=True,
        )

    def _failed(self, exc: Exception) -> None:
        field = exc.field if isinstance(exc, ServiceError) else None
        if field in self.rows:
            self.rows[field].editor().set_error(error_message(exc))  # type: ignore[attr-defined]
        else:
            self.message.setText(error_message(exc))


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
