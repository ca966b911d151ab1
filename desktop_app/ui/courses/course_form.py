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
from functools import partial
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
from desktop_app.ui.widgets.file_notice import FileNotice

from ...documents.course import COURSE_KINDS
from ...services.courses.course_print import print_course_announcement, print_course_roster
from ...services.courses.course_workflow import EDITABLE_STATES
from ...services.courses.courses import (
    COURSE_GENDERS,
    COURSE_LENGTHS,
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
from ..listing.binding import Field, number_text, text_number
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

_searchable = partial(SearchableChoiceBox, empty="", required=True)
_date = partial(JalaliDateEdit, required=True)

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


#: The pickers (their options come from a worker; the wanted values are set when they do).
PICKER_FIELDS = (
    Field("standard_id", "استاندارد آموزشی", _searchable, True),
    Field("place_id", "مکان برگزاری", _searchable, True),
    Field("workshop_id", "کارگاه", partial(ChoiceBox, empty="", required=True), True),
    Field("trainer_ids", "مربی", TrainerPicker, True),
)
COURSE_FIELDS = (
    Field("delivery_setting", "محل اجرا", partial(ChoiceBox, DELIVERY_SETTINGS.items())),
    Field("gender", "ویژهٔ", partial(ChoiceBox, COURSE_GENDERS.items())),
    Field(
        "capacity",
        "ظرفیت (نفر)",
        partial(DigitLineEdit, max_digits=3, required=True),
        True,
        show=number_text,
        read=text_number,
    ),
    Field("fee", "شهریهٔ هر نفر (ریال)", RialEdit, read=lambda fee: fee or 0),
    Field("registration_open", "آغاز ثبت‌نام", _date, True),
    Field("registration_close", "پایان ثبت‌نام", _date, True),
    Field("start_date", "شروع دوره", _date, True),
    Field("end_date", "پایان دوره", _date, True),
    Field("schedule", "برنامهٔ هفتگی", ScheduleEditor, True),
    Field("note", "توضیح", TextLineEdit),
)


class CourseForm(RecordFormDialog):
    new_title = "دورهٔ آموزشی جدید"
    edit_title = "دورهٔ آموزشی"
    data_class = CourseData
    lengths = COURSE_LENGTHS
    # bound in ``build`` (and used beyond showing and reading them)
    standard_id: SearchableChoiceBox
    place_id: SearchableChoiceBox
    workshop_id: ChoiceBox
    trainer_ids: TrainerPicker

    def build(self) -> None:
        self.choices: FormChoices | None = None
        self._wanted: CourseData = CourseData()
        self._place_kinds: dict[uuid.UUID, str] = {}
        self._standard_codes: dict[uuid.UUID, str] = {}
        self.bind(PICKER_FIELDS)
        self.kind_label = QLabel("—")
        self.add_row("kind", "نوع دوره", self.kind_label)  # follows the place: not typed
        self.bind(COURSE_FIELDS)
        self._two_columns()
        self.place_id.currentIndexChanged.connect(lambda _i: self._place_changed())
        self.standard_id.currentIndexChanged.connect(lambda _i: self._standard_changed())

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
        self.standard_id.set_choices((i, label) for i, label, _code in choices.standards)
        self.place_id.set_choices((i, label) for i, label, _kind in choices.places)
        self.trainer_ids.set_choices(choices.trainers)
        self._apply_wanted()
        self._apply_read_only()

    def _apply_wanted(self) -> None:
        data = self._wanted
        self.standard_id.setValue(data.standard_id)
        self.place_id.setValue(data.place_id)
        self.trainer_ids.setValue(data.trainer_ids)
        self._place_changed()
        self._standard_changed()

    def _place_changed(self) -> None:
        place_id = self.place_id.value()
        kind = self._place_kinds.get(place_id) if place_id else None
        self.kind_label.setText(
            "—" if kind is None else COURSE_KINDS["private" if kind == "institute" else "public"]
        )
        if place_id is None:
            self.workshop_id.set_choices([])
            return
        self.runner.submit(
            lambda _c: workshop_choices(self.ctx, place_id),
            on_done=lambda choices: self._workshops_loaded(place_id, choices),
        )

    def _workshops_loaded(self, place_id: uuid.UUID, choices: list[tuple[uuid.UUID, str]]) -> None:
        if not shiboken6.isValid(self.place_id):
            return  # the form was closed before the answer came
        if self.place_id.value() != place_id:
            return  # the clerk picked another place meanwhile
        self.workshop_id.set_choices(choices)
        if self._wanted.workshop_id is not None:
            self.workshop_id.setValue(self._wanted.workshop_id)

    def _standard_changed(self) -> None:
        standard_id = self.standard_id.value()
        self.trainer_ids.set_standard_code(self._standard_codes.get(standard_id, ""))

    # -- data ---------------------------------------------------------------------------
    def load(self, record_id: uuid.UUID) -> CourseData:
        return get_course(self.ctx, record_id)

    def show_data(self, data: CourseData) -> None:
        self._wanted = data
        if data.id is not None:
            self.setWindowTitle(f"دورهٔ آموزشی {bidi_code(data.code)}")
            self.workflow.show()
            self.workflow.show_course(data.id)
        super().show_data(data)
        if self.choices is not None:
            self._apply_wanted()

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
