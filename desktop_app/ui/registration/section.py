"""The «کارآموزان و ثبت‌نام» section: the enrollments list (one row per trainee in a
course; «ثبت‌نام جدید» opens the wizard, Enter opens the enrollment to change its state
or reprint its introduction form, a whole course's forms print at once with a progress
bar) and the counseling list with its form. UI thread only.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QProgressDialog,
    QPushButton,
    QTabWidget,
    QWidget,
)

from desktop_app.services.core.changes import Change

from ...documents.registration_data import ENROLLMENT_STATES
from ...persian.bidi import code
from ...services.core.context import AppContext
from ...services.core.errors import ServiceError
from ...services.core.print_files import free_path
from ...services.registration.counseling import (
    COUNSELING_LENGTHS,
    OUTCOMES,
    TOPICS,
    CounselingData,
    counseling_page,
    count_counseling,
    delete_counseling,
    get_counseling,
    save_counseling,
)
from ...services.registration.introduction import print_course_introductions, print_introduction
from ...services.registration.trainees import (
    EnrollmentData,
    count_enrollments,
    course_choices,
    enrollment_page,
    get_enrollment,
    set_enrollment_state,
)
from ..errors import show_error
from ..listing import (
    ChoiceBox,
    Column,
    FilterSpec,
    ListConfig,
    RecordFormDialog,
    RecordListPage,
    choices,
    labels,
)
from ..listing.binding import Field
from ..listing.labels import search_hint
from ..tasks import TaskRunner
from ..widgets import JalaliDateEdit, MobileEdit, NationalCodeEdit, TextLineEdit, file_dialogs
from ..widgets.file_notice import FileNotice
from .wizard import FORMS_FOLDER, RegistrationWizard


def enrollment_summary(data: EnrollmentData) -> str:
    """Who, which course, the tracking code, the payment and the other enrollments."""
    others = "، ".join(data.other_enrollments) or "ندارد"
    return (
        f"کارآموز: {data.trainee_name} ({code(data.national_code)})\n"
        f"دوره: {data.course_label}\n"
        f"کد رهگیری: {code(data.tracking_code)}\n"
        f"پرداخت: {data.payment or '—'}\n"
        f"ثبت‌نام‌های دیگر: {others}"
    )


def _summary_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class EnrollmentDialog(RecordFormDialog):
    """One enrollment: who, which course, payment; its state; reprint its form."""

    edit_title = "ثبت‌نام"
    data_class = EnrollmentData
    fields = (
        Field("info", None, _summary_label, source=enrollment_summary),
        Field("state", "وضعیت", partial(ChoiceBox, ENROLLMENT_STATES.items())),
    )

    def build(self) -> None:
        self.bind(self.fields)
        self.print_button = QPushButton(labels.print_label("دوبارهٔ فرم معرفی (المثنی)", asks=False))
        self.print_button.clicked.connect(self.reprint)
        self.print_button.setShortcut("Ctrl+P")
        self.print_button.setToolTip("Ctrl+P")
        self.fields_layout.addWidget(self.print_button)
        self.file_notice = FileNotice()
        self.fields_layout.addWidget(self.file_notice)

    def new_data(self) -> None:
        return None  # opened only for a stored enrollment (a new one is the wizard)

    def load(self, record_id: uuid.UUID) -> EnrollmentData:
        return get_enrollment(self.ctx, record_id)

    def store(self, data: EnrollmentData) -> EnrollmentData:
        return set_enrollment_state(self.ctx, data.id, data.version, data.state)

    def reprint(self) -> None:
        data = self.loaded_data
        if data is None:
            return
        folder = file_dialogs.prints_folder(FORMS_FOLDER)

        def write(_c: object) -> Path:
            path = free_path(folder, data.tracking_code)  # the original is kept
            print_introduction(self.ctx, data.tracking_code, path)
            return path

        self.runner.submit(
            write, on_done=self._printed, on_error=lambda exc: show_error(self, exc), write=True
        )

    def _printed(self, path: Path) -> None:
        opened = RegistrationWizard.open_file(path)
        self.file_notice.show_file(path, opened is not False)
        # the print was counted (a new version): take it, keep the state the clerk chose
        record_id = self.loaded_data.id
        self.runner.submit(lambda _c: get_enrollment(self.ctx, record_id), on_done=self._reloaded)

    def _reloaded(self, data: EnrollmentData) -> None:
        """The new version after a print; a print is not a change the clerk made."""
        before = self._before_touch
        self.loaded_data = data
        if before is not None:
            self._before_touch = replace(data, state=before.state)


def _recommended() -> TextLineEdit:
    edit = TextLineEdit()
    edit.setPlaceholderText("عنوان یا کد استانداردهای پیشنهادی")
    return edit


class CounselingForm(RecordFormDialog):
    new_title = "جلسهٔ مشاورهٔ جدید"
    edit_title = "ویرایش جلسهٔ مشاوره"
    data_class = CounselingData
    lengths = COUNSELING_LENGTHS
    fields = (
        Field("applicant_name", "نام متقاضی", partial(TextLineEdit, required=True), True),
        Field("national_code", "کد ملی", NationalCodeEdit),
        Field("mobile", "تلفن همراه", MobileEdit),
        Field("session_date", "تاریخ جلسه", partial(JalaliDateEdit, required=True), True),
        Field("counselor", "مشاور", partial(TextLineEdit, required=True), True),
        Field("topic", "موضوع", partial(ChoiceBox, TOPICS.items())),
        Field("recommended_standards", "استانداردهای پیشنهادی", _recommended),
        Field("advice", "توصیه‌ها", TextLineEdit),
        Field("outcome", "نتیجه", partial(ChoiceBox, OUTCOMES.items(), empty="")),
    )

    def new_data(self) -> CounselingData:
        from ...persian import today

        return CounselingData(session_date=today())

    def load(self, record_id: uuid.UUID) -> CounselingData:
        return get_counseling(self.ctx, record_id)

    def store(self, data: CounselingData) -> CounselingData:
        return save_counseling(self.ctx, data)


def _enrollment_form(page: RecordListPage, record_id: uuid.UUID | None) -> QDialog:
    if record_id is None:
        return RegistrationWizard(page.ctx, page.runner, page)
    return EnrollmentDialog(page.ctx, page.runner, record_id, page)


def _counseling_form(page: RecordListPage, record_id: uuid.UUID | None) -> CounselingForm:
    return CounselingForm(page.ctx, page.runner, record_id, page)


ENROLLMENTS_LIST = ListConfig(
    kinds=frozenset({Change.ENROLLMENTS, Change.TRAINEES}),
    columns=(
        Column("last_name", "نام خانوادگی", width=130),
        Column("first_name", "نام", width=100),
        Column("national_code", "کد ملی / شناسهٔ اتباع", numeric=True, width=135),
        Column("standard_title", "دوره", stretch=True),
        Column("course_code", "کد دوره", numeric=True, width=95),
        Column("tracking_code", "کد رهگیری", numeric=True, width=110),
        Column("state", "وضعیت", choices(ENROLLMENT_STATES), width=100),
        Column("confirmed_at", "تاریخ ثبت‌نام", numeric=True, width=95),
    ),
    count=count_enrollments,
    page=enrollment_page,
    open_form=_enrollment_form,
    filters=(
        FilterSpec("state", "وضعیت", list(ENROLLMENT_STATES.items())),
        FilterSpec("course_id", "دوره", load_options=course_choices),
    ),
    search_hint=search_hint("نام", "کد ملی", "همراه", "کد رهگیری", "دوره"),
    new_label="ثبت‌نام جدید",
    default_sort="confirmed_at",
    describe=lambda row: f"{row.first_name} {row.last_name}",
)

COUNSELING_LIST = ListConfig(
    kinds=frozenset({Change.COUNSELING}),
    columns=(
        Column("session_date", "تاریخ", numeric=True, width=95),
        Column("applicant_name", "متقاضی", stretch=True),
        Column("national_code", "کد ملی", numeric=True, width=110),
        Column("counselor", "مشاور", width=140),
        Column("topic", "موضوع", choices(TOPICS), width=130),
        Column("outcome", "نتیجه", choices(OUTCOMES), width=130),
    ),
    count=count_counseling,
    page=counseling_page,
    open_form=_counseling_form,
    delete=delete_counseling,
    filters=(FilterSpec("topic", "موضوع", list(TOPICS.items())),),
    search_hint=search_hint("نام", "کد ملی", "همراه", "مشاور"),
    new_label="جلسهٔ مشاورهٔ جدید",
    default_sort="session_date",
    describe=lambda row: row.applicant_name,
)


class EnrollmentsPage(RecordListPage):
    """The enrollments list plus «چاپ فرم‌های دوره» for the course chosen in the filter."""

    def __init__(self, ctx: AppContext, runner: TaskRunner) -> None:
        super().__init__(ctx, runner, ENROLLMENTS_LIST)
        self.edit_button.setText("باز کردن")
        self.batch_button = QPushButton(labels.print_label("فرم‌های معرفی این دوره"))
        self.batch_button.setToolTip("ابتدا دوره را در فیلتر «دوره» انتخاب کنید (Ctrl+P).")
        self.batch_button.setShortcut("Ctrl+P")
        self.batch_button.clicked.connect(self.print_course)
        self.add_actions(self.batch_button, after=self.delete_button)
        self.progress: QProgressDialog | None = None

    def ask_output_path(self, suggested: Path) -> Path | None:
        """Where to write the course's forms (tests replace this)."""
        path = file_dialogs.save_file_name(
            self, "ذخیرهٔ فرم‌های معرفی", str(suggested), labels.PDF_FILTER
        )
        return Path(path) if path else None

    def print_course(self) -> None:
        course_id = self.filter_boxes["course_id"].value()
        if course_id is None:
            show_error(self, ServiceError("ابتدا دوره را در فیلتر «دوره» انتخاب کنید."))
            return
        output = self.ask_output_path(file_dialogs.prints_folder(FORMS_FOLDER) / "course.pdf")
        if output is None:
            return
        self.progress = QProgressDialog("در حال ساختن فرم‌های معرفی…", "لغو", 0, 0, self)
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(0)

        def work(control: Any) -> int:
            return print_course_introductions(
                self.ctx,
                course_id,
                output,
                progress=control.progress,
                cancelled=lambda: control.cancelled,
            )

        def progressed(done: int, total: int, _text: str) -> None:
            if self.progress is not None:
                self.progress.setMaximum(total)
                self.progress.setValue(done)

        def finished(count: int) -> None:
            self._close_progress()
            self.last_batch = (output, count)
            RegistrationWizard.open_file(output)

        def failed(exc: Exception) -> None:
            self._close_progress()
            show_error(self, exc)

        handle = self.runner.submit(
            work, on_done=finished, on_error=failed, on_progress=progressed, write=True
        )
        self.progress.canceled.connect(handle.cancel)

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.close()
            self.progress = None


class TraineesSection(QTabWidget):
    """Tabs: enrollments (ثبت‌نام‌ها) and counseling (مشاوره)."""

    def __init__(self, ctx: AppContext, runner: TaskRunner) -> None:
        super().__init__()
        self.enrollments = EnrollmentsPage(ctx, runner)
        self.counseling = RecordListPage(ctx, runner, COUNSELING_LIST)
        self.addTab(self.enrollments, "کارآموزان و ثبت‌نام‌ها")
        self.addTab(self.counseling, "مشاوره")


def trainees_section(ctx: AppContext, runner: TaskRunner) -> QWidget:
    return TraineesSection(ctx, runner)
