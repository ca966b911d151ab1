"""The form of one trainer: tabs for personal, job, education and retraining data.

Built on ``RecordFormDialog``: fields are added with ``add_row`` into the current
tab; a refusal lands under its field and the form switches to that field's tab.
The education and retraining rows are ``RowsEditor`` tables; a chosen photo is read
and converted off the UI thread (``prepare_photo``) and previewed before saving.
«چاپ پرونده…» writes the saved trainer's profile PDF.

UI thread only (``load``/``store`` run on worker threads).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.widgets.file_notice import FileNotice

from ...documents.trainer_data import DEGREES, EducationRow, RetrainingRow, TrainerData
from ...services.core.context import AppContext
from ...services.core.images import PERSONNEL, prepare_photo
from ...services.places.places import OCCUPATION_GROUPS
from ...services.trainers.trainer_print import print_trainer_by_id
from ...services.trainers.trainers import (
    EMPLOYMENT_TYPES,
    GENDERS,
    TRAINER_LENGTHS,
    get_trainer,
    save_trainer,
)
from ..errors import error_message
from ..listing import ChoiceBox, RecordFormDialog, labels
from ..listing.binding import Field
from ..tasks import TaskRunner
from ..widgets import (
    CheckList,
    DigitLineEdit,
    FormRow,
    JalaliDateEdit,
    MobileEdit,
    NationalCodeEdit,
    PhotoField,
    PlacePicker,
    RowColumn,
    RowsEditor,
    TextLineEdit,
    ValidatedField,
    file_dialogs,
)

PDF_FILTER = labels.PDF_FILTER

EDUCATION_COLUMNS = (
    RowColumn("degree", "مقطع", choices=DEGREES, width=120),
    RowColumn("field", "رشتهٔ تحصیلی", width=170),
    RowColumn("university", "دانشگاه / مؤسسه", stretch=True),
    RowColumn("graduation_year", "سال فراغت", kind="int", width=80, max_digits=4),
)
RETRAINING_COLUMNS = (
    RowColumn("course_title", "عنوان دوره", stretch=True),
    RowColumn("standard_code", "کد استاندارد", kind="code", width=110),
    RowColumn("hours", "ساعت", kind="int", width=55, max_digits=4),
    RowColumn("start_date", "شروع", kind="date", width=90),
    RowColumn("end_date", "پایان", kind="date", width=90),
    RowColumn("certificate_number", "شمارهٔ گواهی", kind="code", width=95),
)


@dataclass
class StandardCode:
    """A row of the "standards they may teach" table."""

    code: str = ""


def _standard_codes() -> RowsEditor:
    editor = RowsEditor(
        (RowColumn("code", "کد استاندارد", kind="code", stretch=True),),
        StandardCode,
        add_label="افزودن کد",
    )
    editor.setMinimumHeight(130)
    return editor


def _education() -> RowsEditor:
    return RowsEditor(EDUCATION_COLUMNS, EducationRow)


def _retraining() -> RowsEditor:
    return RowsEditor(RETRAINING_COLUMNS, RetrainingRow, add_label="افزودن دوره")


PERSONAL_FIELDS = (
    Field("first_name", "نام", partial(TextLineEdit, required=True), required=True),
    Field("last_name", "نام خانوادگی", partial(TextLineEdit, required=True), required=True),
    Field("father_name", "نام پدر", TextLineEdit),
    Field("national_code", "کد ملی", partial(NationalCodeEdit, required=True), required=True),
    Field("birth_certificate_number", "شمارهٔ شناسنامه", partial(DigitLineEdit, max_digits=10)),
    Field("birth_date", "تاریخ تولد", JalaliDateEdit),
    Field("gender", "جنسیت", partial(ChoiceBox, GENDERS.items())),
    Field("mobile", "تلفن همراه", MobileEdit),
    Field("address", "نشانی", TextLineEdit),
    Field("photo", "عکس", partial(PhotoField, prepare=partial(prepare_photo, kind=PERSONNEL))),
)
#: The job tab after the place of service (a picker that needs the form's context).
JOB_FIELDS = (
    Field("employment_type", "نوع استخدام", partial(ChoiceBox, EMPLOYMENT_TYPES.items())),
    Field("hire_date", "تاریخ استخدام", JalaliDateEdit),
    Field("grade", "رتبه / پایه", TextLineEdit),
    Field("active", "وضعیت", partial(QCheckBox, "مربی فعال است")),
    Field("occupation_groups", "گروه‌های شغلی", partial(CheckList, OCCUPATION_GROUPS, rows=5)),
    Field(
        "standard_codes",
        "استانداردهای قابل تدریس",
        _standard_codes,
        show=lambda codes: [StandardCode(code) for code in codes],
        read=lambda rows: [row.code for row in rows if row.code],
    ),
)


class TrainerForm(RecordFormDialog):
    new_title = "مربی جدید"
    edit_title = "ویرایش مربی"
    data_class = TrainerData
    lengths = TRAINER_LENGTHS
    # bound in ``build`` (and used beyond showing and reading them)
    photo: PhotoField
    education: RowsEditor
    retraining: RowsEditor

    def __init__(
        self,
        ctx: AppContext,
        runner: TaskRunner,
        record_id: uuid.UUID | None = None,
        parent: Any = None,
    ) -> None:
        self._tab_of: dict[str, int] = {}
        super().__init__(ctx, runner, record_id, parent)
        self.setMinimumSize(760, 560)
        for key in ("education", "retraining"):  # the tab's title names the table
            self.rows[key].label().hide()
            self.rows[key].set_label_width(0)

    # -- layout -------------------------------------------------------------------------
    def _tab(self, title: str) -> None:
        page = QWidget()
        self._tab_layout = QVBoxLayout(page)
        self.tabs.addTab(page, title)

    def add_row(
        self, key: str, label: str | None, editor: QWidget, required: bool = False
    ) -> FormRow:
        row = FormRow(label, editor, required=required)
        self.rows[key] = row
        self._tab_layout.addWidget(row)
        self._tab_of[key] = self.tabs.count() - 1
        if isinstance(editor, ValidatedField):
            editor.errorChanged.connect(lambda message, key=key: self._show_tab_if(message, key))
        return row

    def _show_tab_if(self, message: str | None, key: str) -> None:
        if message:
            self._show_tab_of(key)

    def _show_tab_of(self, key: str) -> None:
        if self.tabs.currentIndex() != self._tab_of[key]:
            self.tabs.setCurrentIndex(self._tab_of[key])

    def build(self) -> None:
        self.tabs = QTabWidget()
        self.fields_layout.addWidget(self.tabs)
        self.file_notice = FileNotice()
        self.fields_layout.addWidget(self.file_notice)

        self._tab("مشخصات فردی")
        self.bind(PERSONAL_FIELDS)
        self._tab_layout.addStretch(1)

        self._tab("مشخصات شغلی")
        place = Field(
            "place_id",
            "محل خدمت",
            lambda: PlacePicker(self.ctx, self.runner, required=True),
            required=True,
        )
        self.bind((place, *JOB_FIELDS))

        self._tab("سوابق تحصیلی")
        self.bind((Field("education", "سوابق تحصیلی", _education),))

        self._tab("بازآموزی")
        self.bind((Field("retraining", "دوره‌های بازآموزی", _retraining),))

        self.print_button = QPushButton(labels.print_label("پرونده"))
        self.print_button.setAutoDefault(False)
        self.print_button.setToolTip("Ctrl+P")
        self.print_button.setShortcut("Ctrl+P")
        self.print_button.setEnabled(self.record_id is not None)
        self.print_button.clicked.connect(lambda: self.print_profile())
        self.buttons.addButton(self.print_button, self.buttons.ButtonRole.ActionRole)

    def validate_fields(self) -> bool:
        ok = super().validate_fields()
        for key, row in self.rows.items():
            editor = row.editor()
            if isinstance(editor, ValidatedField) and editor.error():
                self._show_tab_of(key)  # the first field in error, on its tab
                break
        return ok

    # -- data ---------------------------------------------------------------------------
    def load(self, record_id: uuid.UUID) -> TrainerData:
        return get_trainer(self.ctx, record_id)

    def show_data(self, data: TrainerData) -> None:
        super().show_data(data)
        if data.id is not None:
            self.setWindowTitle(f"{self.edit_title}: {data.full_name}")

    def store(self, data: TrainerData) -> TrainerData:
        return save_trainer(self.ctx, data)

    # -- print --------------------------------------------------------------------------
    def print_profile(self, path: str | Path | None = None) -> None:
        """Write the saved trainer's profile PDF (asks where, unless ``path`` is given)."""
        data = self.loaded_data
        if data is None or data.id is None:
            return
        if path is None:
            name = f"مربی-{data.national_code}.pdf"
            path = file_dialogs.save_file_name(self, "چاپ پروندهٔ مربی", name, PDF_FILTER)
            if not path:
                return
        target, trainer_id = Path(path), data.id
        self.show_message("")
        self.runner.submit(
            lambda _c: print_trainer_by_id(self.ctx, trainer_id, target),
            on_done=lambda _r: self._printed(target),
            on_error=lambda exc: self.show_message(error_message(exc)),
        )

    def _printed(self, target: Path) -> None:
        self.file_notice.show_saved(target, "پروندهٔ مربی")
