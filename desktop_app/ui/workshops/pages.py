"""The training workshops list and the participants list (``ui.listing``), with their
forms, and the workshop actions: print the programme booklet, start, finish.
UI thread only; every query, save and print runs on the ``TaskRunner``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtWidgets import QDialog, QLabel, QPushButton

from ...documents.workshops import (
    OCCUPATIONS,
    PARTICIPANT_KINDS,
    PER_HEAD_COST,
    WORKSHOP_STATES,
)
from ...persian import to_persian_digits
from ...services.accounts.access import APPROVE, ENTER, PRINT, can
from ...services.core.changes import Change
from ...services.core.context import AppContext
from ...services.core.reference import PROVINCES
from ...services.courses.courses import workshop_choices as room_choices
from ...services.workshops.participants import (
    ParticipantData,
    count_participants,
    delete_participant,
    get_participant,
    participant_page,
    save_participant,
)
from ...services.workshops.printing import print_programme
from ...services.workshops.programme import (
    Supply,
    WorkshopData,
    change_state,
    count_workshops,
    delete_workshop,
    get_workshop,
    save_workshop,
    workshop_page,
)
from ...services.workshops.templates import save_as_template, template_choices
from ..errors import show_error
from ..listing import ChoiceBox, Column, FilterSpec, ListConfig, RecordFormDialog, RecordListPage
from ..listing import choices as choice_labels
from ..listing.binding import Field, number_text, text_number
from ..listing.labels import print_label, search_hint
from ..tasks import TaskRunner
from ..text import ltr
from ..widgets import (
    DigitLineEdit,
    JalaliDateEdit,
    MobileEdit,
    NationalCodeEdit,
    PlacePicker,
    RialEdit,
    RowColumn,
    RowsEditor,
    TextLineEdit,
    file_dialogs,
)

WORKSHOP_KINDS = frozenset({Change.TRAINING_WORKSHOPS})


def code_column(value: Any) -> str:
    """A workshop code (``2701-2-0001``) kept left to right in Persian digits."""
    return ltr(to_persian_digits(value or ""))


PARTICIPANT_DATA = frozenset({Change.WORKSHOP_PARTICIPANTS})


SUPPLY_COLUMNS = (
    RowColumn("item", "قلم", stretch=True),
    RowColumn("quantity", "تعداد", "int", width=60),
    RowColumn("unit", "واحد", width=70),
    RowColumn("provider", "تأمین‌کننده", width=150),
    RowColumn("ready", "فراهم شد", "check", width=70),
)


def _count(max_digits: int) -> Callable[[], DigitLineEdit]:
    return partial(DigitLineEdit, max_digits=max_digits)


PLAN_FIELDS = (
    Field("title", "عنوان کارگاه", partial(TextLineEdit, required=True), True),
    Field("organizer", "برگزارکننده", TextLineEdit),
    Field(
        "province",
        "استان",
        partial(ChoiceBox, [(p, p) for p in PROVINCES], empty="", required=True),
        True,
    ),
    Field("template_id", "برنامهٔ الگو", partial(ChoiceBox, [], empty="", required=True), True),
)
# after the place (a ``PlacePicker``, declared in ``build``)
WHERE_AND_COST_FIELDS = (
    Field("room_id", "فضای آموزشی (کارگاه مکان)", partial(ChoiceBox, [], empty="")),
    Field("start_date", "تاریخ شروع", partial(JalaliDateEdit, required=True), True),
    Field("capacity", "ظرفیت (نفر)", _count(3), show=number_text, read=text_number),
    Field("per_head_cost", "سرانهٔ هر نفر (ریال)", RialEdit),
    Field("spent", "هزینهٔ انجام‌شده (ریال)", RialEdit),
    Field(
        "max_absent_days",
        "بیشترین روزهای غیبت مجاز",
        _count(2),
        show=number_text,
        read=text_number,
    ),
    Field(
        "supplies",
        "تدارکات و ملزومات",
        partial(RowsEditor, SUPPLY_COLUMNS, Supply, add_label="افزودن قلم"),
    ),
)


class WorkshopForm(RecordFormDialog):
    new_title = "کارگاه آموزشی جدید"
    edit_title = "ویرایش کارگاه آموزشی"
    data_class = WorkshopData
    # bound (used beyond showing and reading them)
    template_id: ChoiceBox
    place_id: PlacePicker
    room_id: ChoiceBox
    supplies: RowsEditor

    def build(self) -> None:
        self.setMinimumWidth(760)
        self._wanted_room: uuid.UUID | None = None
        place = Field("place_id", "مکان برگزاری", lambda: PlacePicker(self.ctx, self.runner))
        self.bind((*PLAN_FIELDS, place, *WHERE_AND_COST_FIELDS))
        self.supplies.setMinimumHeight(170)
        self.place_id.currentIndexChanged.connect(lambda _i: self._place_changed())
        self.runner.submit(lambda _c: template_choices(self.ctx), on_done=self._templates)

    def _templates(self, items: list[tuple[uuid.UUID, str]]) -> None:
        self.template_id.set_choices(items)
        base = self.loaded_data
        if base is not None:
            self.template_id.setValue(base.template_id)

    def _place_changed(self) -> None:
        place_id = self.place_id.value()
        if place_id is None:
            self.room_id.set_choices([])
            return
        self.runner.submit(
            lambda _c: room_choices(self.ctx, place_id),
            on_done=lambda items: self._rooms_loaded(place_id, items),
        )

    def _rooms_loaded(self, place_id: uuid.UUID, items: list[tuple[uuid.UUID, str]]) -> None:
        if not shiboken6.isValid(self.place_id) or self.place_id.value() != place_id:
            return  # the form was closed, or another place was picked meanwhile
        self.room_id.set_choices(items)
        if self._wanted_room is not None:
            self.room_id.setValue(self._wanted_room)

    def new_data(self) -> WorkshopData:
        return WorkshopData(per_head_cost=PER_HEAD_COST)

    def load(self, record_id: uuid.UUID) -> WorkshopData:
        return get_workshop(self.ctx, record_id)

    def show_data(self, data: WorkshopData) -> None:
        self._wanted_room = data.room_id  # chosen once the place's rooms arrive
        super().show_data(data)
        self.template_id.setEnabled(data.id is None)  # the programme is copied once

    def store(self, data: WorkshopData) -> WorkshopData:
        return save_workshop(self.ctx, data)


def _workshop_form(page: RecordListPage, record_id: uuid.UUID | None) -> QDialog:
    return WorkshopForm(page.ctx, page.runner, record_id, page)


WORKSHOPS_LIST = ListConfig(
    kinds=WORKSHOP_KINDS,
    columns=(
        Column("code", "کد", code_column, numeric=True, width=100),
        Column("title", "عنوان", stretch=True),
        Column("province", "استان", width=80),
        Column("place_name", "مکان", width=200),
        Column("start_date", "شروع", numeric=True, width=90),
        Column("end_date", "پایان", numeric=True, width=90),
        Column("state", "وضعیت", choice_labels(WORKSHOP_STATES), width=110),
    ),
    count=count_workshops,
    page=workshop_page,
    open_form=_workshop_form,
    delete=delete_workshop,
    filters=(
        FilterSpec("state", "وضعیت", list(WORKSHOP_STATES.items())),
        FilterSpec("province", "استان", [(p, p) for p in PROVINCES]),
    ),
    search_hint=search_hint("کد", "عنوان", "برگزارکننده", "مکان"),
    new_label="کارگاه جدید",
    default_sort="start_date",
    describe=lambda row: f"{row.code} — {row.title}",
    audit_table="training_workshops",
)


class WorkshopsPage(RecordListPage):
    """The list plus «ویرایش برنامه…», «چاپ برنامه…», «شروع کارگاه» and «پایان کارگاه»."""

    open_file = staticmethod(lambda path: None)

    def __init__(self, ctx: AppContext, runner: TaskRunner) -> None:
        super().__init__(ctx, runner, WORKSHOPS_LIST)
        self.programme_button = QPushButton("ویرایش برنامه…")
        self.programme_button.clicked.connect(self.edit_programme)
        self.notice = QLabel()
        self.notice.setObjectName("formMessage")
        self.notice.setWordWrap(True)
        self.template_button = QPushButton("الگوی استان شود")
        self.template_button.setToolTip("برنامهٔ این کارگاه، الگوی کارگاه‌های بعدی استان شود")
        self.template_button.clicked.connect(self.save_template)
        self.print_button = QPushButton(print_label("برنامه"))
        self.print_button.clicked.connect(self.print_selected)
        self.print_button.setVisible(can(ctx, PRINT))
        self.start_button = QPushButton("شروع کارگاه")
        self.start_button.clicked.connect(lambda: self.act("start"))
        self.finish_button = QPushButton("پایان کارگاه")
        self.finish_button.clicked.connect(lambda: self.act("finish"))
        self.programme_button.setVisible(can(ctx, ENTER))
        for button in (self.template_button, self.start_button, self.finish_button):
            button.setVisible(can(ctx, APPROVE))
        # The workshop's own actions on a row of their own: on one row with the shared
        # buttons they made the section wider than a 1280×720 screen at 125 %.
        self.add_actions(
            self.programme_button, self.template_button, self.print_button, self.start_button,
            self.finish_button, second_row=True,
        )  # fmt: skip
        self.add_actions(self.notice, trailing=True, second_row=True)

    def edit_programme(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        from .programme_dialog import ProgrammeDialog

        self.programme_dialog = ProgrammeDialog(self.ctx, self.runner, row.id, row.title, self)
        self.programme_dialog.open()

    def save_template(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        self.runner.submit(
            lambda _c: save_as_template(self.ctx, row.id),
            on_done=lambda _id: self.notice.setText(
                f"برنامهٔ «{row.title}» الگوی کارگاه‌های بعدی استان {row.province} شد."
            ),
            on_error=self.show_error,
            write=True,
        )

    def act(self, action: str) -> None:
        row = self.selected_row()
        if row is None:
            return
        self.runner.submit(
            lambda _c: change_state(self.ctx, row.id, action),
            on_error=lambda exc: show_error(self, exc),
            write=True,
        )

    def print_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        folder = file_dialogs.prints_folder("workshops")

        def write(_c: Any) -> Path:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"programme-{row.code}.pdf"
            print_programme(self.ctx, row.code, path)
            return path

        self.runner.submit(write, on_done=self._printed, on_error=lambda exc: show_error(self, exc))

    def _printed(self, path: Path) -> None:
        self.last_printed = path
        self.open_file(path)


PARTICIPANT_FIELDS = (
    Field("national_code", "کد ملی", partial(NationalCodeEdit, required=True), True),
    Field("first_name", "نام", partial(TextLineEdit, required=True), True),
    Field("last_name", "نام خانوادگی", partial(TextLineEdit, required=True), True),
    Field("father_name", "نام پدر", TextLineEdit),
    Field(
        "gender",
        "جنسیت",
        partial(ChoiceBox, [("female", "زن"), ("male", "مرد")], empty=""),
        show=lambda g: g or None,
    ),
    Field("mobile", "شمارهٔ همراه", MobileEdit),
    Field(
        "kind",
        "نوع شرکت‌کننده",
        partial(ChoiceBox, PARTICIPANT_KINDS.items(), required=True),
        True,
        read=lambda k: k or "facilitator",
    ),
    Field("occupation", "پیشهٔ تسهیلگر", partial(ChoiceBox, OCCUPATIONS.items())),
    Field("village", "روستا / محل", TextLineEdit),
    Field("group_name", "گروه خودیار", TextLineEdit),
    Field("ngo_name", "سازمان غیردولتی (سمن)", TextLineEdit),
    Field("membership_document", "مدرک عضویت در سمن", TextLineEdit),
)


class ParticipantForm(RecordFormDialog):
    new_title = "شرکت‌کنندهٔ جدید"
    edit_title = "ویرایش شرکت‌کننده"
    data_class = ParticipantData
    fields = PARTICIPANT_FIELDS
    kind: ChoiceBox  # bound

    def build(self) -> None:
        self.bind(self.fields)
        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())

    def _kind_changed(self) -> None:
        kind = self.kind.value()
        self.rows["occupation"].setVisible(kind == "facilitator")
        self.rows["group_name"].setVisible(kind == "self_help")
        self.rows["ngo_name"].setVisible(kind == "ngo")
        self.rows["membership_document"].setVisible(kind == "ngo")

    def load(self, record_id: uuid.UUID) -> ParticipantData:
        return get_participant(self.ctx, record_id)

    def show_data(self, data: ParticipantData) -> None:
        super().show_data(data)
        self._kind_changed()

    def store(self, data: ParticipantData) -> ParticipantData:
        return save_participant(self.ctx, data)


def _participant_form(page: RecordListPage, record_id: uuid.UUID | None) -> QDialog:
    return ParticipantForm(page.ctx, page.runner, record_id, page)


PARTICIPANTS_LIST = ListConfig(
    kinds=PARTICIPANT_DATA,
    columns=(
        Column("last_name", "نام خانوادگی", width=130),
        Column("first_name", "نام", width=100),
        Column("national_code", "کد ملی", numeric=True, width=110),
        Column("kind", "نوع", choice_labels(PARTICIPANT_KINDS), width=170),
        Column("occupation", "پیشه", choice_labels(OCCUPATIONS), width=80),
        Column("village", "روستا / محل", width=110),
        Column("group_name", "گروه خودیار", stretch=True),
        Column("ngo_name", "سمن", width=180),
    ),
    count=count_participants,
    page=participant_page,
    open_form=_participant_form,
    delete=delete_participant,
    filters=(FilterSpec("kind", "نوع", list(PARTICIPANT_KINDS.items())),),
    search_hint=search_hint("نام", "کد ملی", "روستا", "گروه", "سمن"),
    new_label="شرکت‌کنندهٔ جدید",
    default_sort="last_name",
    describe=lambda row: f"{row.first_name} {row.last_name}",
    audit_table="workshop_participants",
)


def participants_page(ctx: AppContext, runner: TaskRunner) -> RecordListPage:
    return RecordListPage(ctx, runner, PARTICIPANTS_LIST)
