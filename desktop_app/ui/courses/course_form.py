"""The form of one course: searchable pickers for standard and place, the place's
workshops, trainers, Jalali dates, the weekly schedule, and (for a saved course) the
workflow box with the steps open to the acting level and the timeline, plus the
announcement and roster prints.

The fields are editable only while the center may edit the course (draft or
rejected, at the center level); otherwise the form shows the course read-only and
the workflow box is what the clerk works with. UI thread only.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from desktop_app.persian.bidi import code as bidi_code
from desktop_app.services.core.changes import Change
from desktop_app.ui.widgets.file_notice import FileNotice

from ...documents.course import COURSE_KINDS
from ...services.courses.course_print import print_course_announcement, print_course_roster
from ...services.courses.course_workflow import EDITABLE_STATES
from ...services.courses.courses import (
    COURSE_GENDERS,
    DELIVERY_SETTINGS,
    CourseData,
    FormChoices,
    form_choices,
    get_course,
    save_course,
    workshop_choices,
)
from ..errors import show_error
from ..listing import ChoiceBox, RecordFormDialog, labels
from ..widgets import (
    DigitLineEdit,
    JalaliDateEdit,
    RialEdit,
    TextLineEdit,
    align_labels,
    file_dialogs,
)
from ..widgets.fit import whole_width
from .widgets import ScheduleEditor, SearchableChoiceBox, TrainerPicker
from .workflow_box import WorkflowBox

_FIRST_COLUMN = (
    "standard_id",
    "place_id",
    "workshop_id",
    "trainer_ids",
    "kind",
    "delivery_setting",
    "gender",
    "capacity",
    "fee",
)


class CourseForm(RecordFormDialog):
    kinds = frozenset({Change.COURSES})
    new_title = "دورهٔ آموزشی جدید"
    edit_title = "دورهٔ آموزشی"

    def build(self) -> None:
        self.choices: FormChoices | None = None
        self._wanted: CourseData = CourseData()
        self._place_kinds: dict[uuid.UUID, str] = {}
        self._standard_codes: dict[uuid.UUID, str] = {}
        self.standard = SearchableChoiceBox(empty="", required=True)
        self.place = SearchableChoiceBox(empty="", required=True)
        self.workshop = ChoiceBox(empty="", required=True)
        self.trainers = TrainerPicker()
        self.kind_label = QLabel("—")
        self.delivery = ChoiceBox(DELIVERY_SETTINGS.items())
        self.gender = ChoiceBox(COURSE_GENDERS.items())
        self.capacity = DigitLineEdit(max_digits=3, required=True)
        self.fee = RialEdit()
        self.registration_open = JalaliDateEdit(required=True)
        self.registration_close = JalaliDateEdit(required=True)
        self.start_date = JalaliDateEdit(required=True)
        self.end_date = JalaliDateEdit(required=True)
        self.schedule = ScheduleEditor()
        self.note = TextLineEdit()
        self.add_row("standard_id", "استاندارد آموزشی", self.standard, required=True)
        self.add_row("place_id", "مکان برگزاری", self.place, required=True)
        self.add_row("workshop_id", "کارگاه", self.workshop, required=True)
        self.add_row("trainer_ids", "مربی", self.trainers, required=True)
        self.add_row("kind", "نوع دوره", self.kind_label)
        self.add_row("delivery_setting", "محل اجرا", self.delivery)
        self.add_row("gender", "ویژهٔ", self.gender)
        self.add_row("capacity", "ظرفیت (نفر)", self.capacity, required=True)
        self.add_row("fee", "شهریهٔ هر نفر (ریال)", self.fee)
        self.add_row("registration_open", "آغاز ثبت‌نام", self.registration_open, required=True)
        self.add_row("registration_close", "پایان ثبت‌نام", self.registration_close, required=True)
        self.add_row("start_date", "شروع دوره", self.start_date, required=True)
        self.add_row("end_date", "پایان دوره", self.end_date, required=True)
        self.add_row("schedule", "برنامهٔ هفتگی", self.schedule, required=True)
        self.add_row("note", "توضیح", self.note)
        self._two_columns()
        self.place.currentIndexChanged.connect(lambda _i: self._place_changed())
        self.standard.currentIndexChanged.connect(lambda _i: self._standard_changed())

        self.workflow = WorkflowBox(self.ctx, self.runner, self)  # a Qt child from the start
        self.workflow.stepped.connect(lambda _state: self._reload())
        self.workflow.hide()
        outer = self.layout()
        assert isinstance(outer, QVBoxLayout)
        outer.removeWidget(self.fields_area)
        body = QHBoxLayout()
        # The fields take the width they need (never a sideways scroll, 1280×720 included);
        # the workflow box beside them takes the rest.
        whole_width(self.fields_area)
        body.addWidget(self.fields_area, 3)
        body.addWidget(self.workflow, 1)
        outer.insertLayout(0, body)

        self.print_announcement = QPushButton(labels.print_label("اطلاعیه"))
        self.print_roster = QPushButton(labels.print_label("فهرست کارآموزان"))
        for button, printer in (
            (self.print_announcement, print_course_announcement),
            (self.print_roster, print_course_roster),
        ):
            button.clicked.connect(lambda _=False, p=printer: self._print(p))
            key = "Ctrl+P" if printer is print_course_announcement else "Ctrl+Shift+P"
            button.setShortcut(key)
            button.setToolTip(key)
            self.buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
            button.setVisible(self.record_id is not None)
        self.file_notice = FileNotice()
        self.fields_layout.addWidget(self.file_notice)
        self.setMinimumWidth(1080)
        self.runner.submit(lambda _c: form_choices(self.ctx), on_done=self._choices_loaded)

    def _printed(self, target: Path) -> None:
        self.workflow.show_message("")
        self.file_notice.show_saved(target)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Each column lines its own labels up (one width for both costs the second
        # column the width of «شهریهٔ هر نفر (ریال)»).
        for first in (True, False):
            rows = [row for key, row in self.rows.items() if (key in _FIRST_COLUMN) == first]
            for row in rows:
                row.set_label_width(0)
            align_labels(*rows)

    def _two_columns(self) -> None:
        """Lay the rows out in two columns (the first on the right)."""
        columns = QHBoxLayout()
        first, second = QVBoxLayout(), QVBoxLayout()
        for key, row in self.rows.items():
            self.fields_layout.removeWidget(row)
            (first if key in _FIRST_COLUMN else second).addWidget(row)
        for column in (first, second):
            column.addStretch(1)
            columns.addLayout(column, 1)
        self.fields_layout.addLayout(columns)

    # -- pickers ------------------------------------------------------------------------
    def _choices_loaded(self, choices: FormChoices) -> None:
        self.choices = choices
        self._standard_codes = {i: code for i, _label, code in choices.standards}
        self._place_kinds = {i: kind for i, _label, kind in choices.places}
        self.standard.set_choices((i, label) for i, label, _code in choices.standards)
        self.place.set_choices((i, label) for i, label, _kind in choices.places)
        self.trainers.set_choices(choices.trainers)
        self._apply_wanted()
        self._apply_read_only()

    def _apply_wanted(self) -> None:
        data = self._wanted
        self.standard.setValue(data.standard_id)
        self.place.setValue(data.place_id)
        self.trainers.setValue(data.trainer_ids)
        self._place_changed()
        self._standard_changed()

    def _place_changed(self) -> None:
        place_id = self.place.value()
        kind = self._place_kinds.get(place_id) if place_id else None
        self.kind_label.setText(
            "—" if kind is None else COURSE_KINDS["private" if kind == "institute" else "public"]
        )
        if place_id is None:
            self.workshop.set_choices([])
            return
        self.runner.submit(
            lambda _c: workshop_choices(self.ctx, place_id),
            on_done=lambda choices: self._workshops_loaded(place_id, choices),
        )

    def _workshops_loaded(self, place_id: uuid.UUID, choices: list[tuple[uuid.UUID, str]]) -> None:
        if not shiboken6.isValid(self.place):
            return  # the form was closed before the answer came
        if self.place.value() != place_id:
            return  # the clerk picked another place meanwhile
        self.workshop.set_choices(choices)
        if self._wanted.workshop_id is not None:
            self.workshop.setValue(self._wanted.workshop_id)

    def _standard_changed(self) -> None:
        standard_id = self.standard.value()
        self.trainers.set_standard_code(self._standard_codes.get(standard_id, ""))

    # -- data ---------------------------------------------------------------------------
    def new_data(self) -> CourseData:
        return CourseData()

    def load(self, record_id: uuid.UUID) -> CourseData:
        return get_course(self.ctx, record_id)

    def show_data(self, data: CourseData) -> None:
        self._wanted = data
        if data.id is not None:
            self.setWindowTitle(f"دورهٔ آموزشی {bidi_code(data.code)}")
            self.workflow.show()
            self.workflow.show_course(data.id)
        self.delivery.setValue(data.delivery_setting)
        self.gender.setValue(data.gender)
        self.capacity.setValue("" if data.capacity is None else str(data.capacity))
        self.fee.setValue(data.fee)
        self.registration_open.setDate(data.registration_open)
        self.registration_close.setDate(data.registration_close)
        self.start_date.setDate(data.start_date)
        self.end_date.setDate(data.end_date)
        self.schedule.setValue(data.schedule)
        self.note.setText(data.note)
        if self.choices is not None:
            self._apply_wanted()

    def typed_data(self) -> CourseData:
        base: Any = self.loaded_data or CourseData()
        capacity = self.capacity.value()
        return CourseData(
            id=base.id,
            version=base.version,
            code=base.code,
            state=base.state,
            standard_id=self.standard.value(),
            place_id=self.place.value(),
            workshop_id=self.workshop.value(),
            trainer_ids=self.trainers.value(),
            delivery_setting=self.delivery.value(),
            gender=self.gender.value(),
            capacity=int(capacity) if capacity else None,
            fee=self.fee.value() or 0,
            registration_open=self.registration_open.date(),
            registration_close=self.registration_close.date(),
            start_date=self.start_date.date(),
            end_date=self.end_date.date(),
            schedule=self.schedule.value(),
            note=self.note.text(),
        )

    def store(self, data: CourseData) -> CourseData:
        return save_course(self.ctx, data)

    # -- read-only and reload -------------------------------------------------------------
    def editable(self) -> bool:
        state = self.loaded_data.state if self.loaded_data is not None else "draft"
        level = self.choices.level if self.choices is not None else "center"
        return state in EDITABLE_STATES and level == "center"

    def _set_busy(self, busy: bool, text: str = "") -> None:
        super()._set_busy(busy, text)
        if not busy:
            self._apply_read_only()

    def _apply_read_only(self) -> None:
        editable = self.editable()
        self.fields_box.setEnabled(editable)
        self.save_button.setVisible(editable)
        self.cancel_button.setText("انصراف" if editable else "بستن")

    def _reload(self) -> None:
        """After a workflow step: read the course again (its state and version changed)."""
        if self.record_id is None:
            return
        record_id = self.record_id
        self.runner.submit(lambda _c: self.load(record_id), on_done=self._loaded)

    def _print(self, printer: Any) -> None:
        data = self.loaded_data
        if data is None:
            return
        path = file_dialogs.save_file_name(
            self, labels.SAVE_PDF_TITLE, f"{data.code}.pdf", labels.PDF_FILTER
        )
        if not path:
            return
        target = Path(path)
        self.runner.submit(
            lambda _c: printer(self.ctx, data.code, target),
            on_done=lambda _p: self._printed(target),
            on_error=lambda exc: show_error(self, exc),
        )
