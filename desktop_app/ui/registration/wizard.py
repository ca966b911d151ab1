"""``RegistrationWizard``: registering an applicant at the counter, one step a page.

Steps (``documents.registration_data.STEPS``): province and course kind → course →
registration card → personal data → photo → education → review and confirmation.

- «بعدی» reads the page, checks its fields, and on the write worker checks the step
  in the service and writes the draft at the next step (``services.registration.registration
  .advance``); a refusal lands under its field (or above the buttons) and nothing the
  clerk typed is lost. «قبلی» keeps what the page holds and writes the draft too.
- Opening the wizard resumes the newest unfinished draft of this workstation, at its
  step, with its data («شروع از نو» drops it). Closing the window writes the current
  page into the draft first.
- «تأیید نهایی» confirms in one transaction (``confirm_registration``), shows the
  tracking code and prints the introduction form at once on A4 or A5 (a PDF in the
  data folder's ``introduction-forms``, opened for printing); «چاپ دوباره» prints a
  duplicate.

UI thread only; services run on the ``TaskRunner``.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ...documents.registration_data import STEP_TITLES, STEPS, RegistrationForm
from ...persian import to_persian_digits
from ...persian.bidi import code
from ...services.core.context import AppContext
from ...services.core.errors import ServiceError
from ...services.core.print_files import free_path
from ...services.office.settings import load_office_settings
from ...services.registration.introduction import print_introduction
from ...services.registration.registration import (
    Applicant,
    Confirmation,
    Draft,
    advance,
    confirm_registration,
    discard_draft,
    latest_draft,
    save_draft,
)
from ..errors import error_message
from ..listing import labels
from ..tasks import TaskRunner
from ..widgets import file_dialogs
from ..widgets.file_notice import FileNotice
from ..widgets.fit import fit_to_screen, scrolling
from ..widgets.form_row import ERROR_COLOR
from ..widgets.keyboard import (
    focus_first_field,
    keyboard_first,
    reserve_shortcuts,
    set_default,
)
from .course_page import CoursePage
from .pages import CourseKindPage, EducationPage, PaymentPage, PersonalPage
from .photo_page import PhotoPage
from .review_page import ReviewPage
from .step_page import StepPage

FORMS_FOLDER = "introduction-forms"

#: The fields each returning applicant brings along (not the course or payment).
_PERSON_FIELDS = (
    "trainee_id",
    "foreign_national",
    "national_code",
    "foreign_id",
    "first_name",
    "last_name",
    "father_name",
    "birth_certificate_number",
    "birth_date",
    "birthplace",
    "gender",
    "marital_status",
    "military_status",
    "disability",
    "disability_kind",
    "mobile",
    "phone",
    "address",
    "postal_code",
    "photo",
    "education_level",
    "education_field",
    "employment_status",
    "heard_from",
)


def open_pdf(path: Path) -> bool:
    """Hand the PDF to the system's viewer, from which the clerk prints it; False when
    no viewer took it."""
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))


class RegistrationWizard(QDialog):
    confirmed = Signal(object)  # Confirmation
    printed = Signal(object)  # Path of the introduction form
    ready = Signal()

    #: How a printed form is opened (tests replace it).
    open_file = staticmethod(open_pdf)

    def __init__(
        self,
        ctx: AppContext,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        resume: bool = True,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.form = RegistrationForm()
        self.defaults = RegistrationForm()
        self.draft_id: uuid.UUID | None = None
        self.step = 0
        self.busy = False
        self.is_ready = False
        self.confirmation: Confirmation | None = None
        self.last_pdf: Path | None = None
        self.setWindowTitle("ثبت‌نام کارآموز")
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        fit_to_screen(self, 980, 640)

        self.steps_list = QListWidget()
        self.steps_list.setObjectName("wizardSteps")
        self.steps_list.setFixedWidth(190)
        self.steps_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for index, key in enumerate(STEPS, start=1):
            self.steps_list.addItem(f"{to_persian_digits(index)}. {STEP_TITLES[key]}")

        self.pages: list[StepPage] = [
            CourseKindPage(self),
            CoursePage(self),
            PaymentPage(self),
            PersonalPage(self),
            PhotoPage(self),
            EducationPage(self),
            ReviewPage(self),
        ]
        self.stack = QStackedWidget()
        for page in self.pages:  # a page longer than the screen scrolls
            self.stack.addWidget(scrolling(page))
        self.title = QLabel()
        self.title.setObjectName("sectionTitle")

        self.banner = QWidget()
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.setContentsMargins(6, 4, 6, 4)
        self.banner.setStyleSheet("background: #fff8e1;")
        self.banner_text = QLabel()
        self.restart_button = QPushButton("شروع از نو")
        self.restart_button.clicked.connect(self.restart)
        banner_layout.addWidget(self.banner_text, 1)
        banner_layout.addWidget(self.restart_button)
        self.banner.hide()

        self.done_text = QLabel()
        self.done_text.setObjectName("trackingCode")
        self.done_text.setWordWrap(True)
        self.done_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.done_text.hide()

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.file_notice = FileNotice()

        self.back_button = QPushButton("قبلی")
        self.back_button.setShortcut(QKeySequence("Alt+Right"))
        self.back_button.clicked.connect(self.go_back)
        self.next_button = QPushButton("بعدی")
        self.next_button.setDefault(True)
        self.next_button.setShortcut(QKeySequence("Alt+Left"))
        self.next_button.clicked.connect(self.go_next)
        self.confirm_button = QPushButton("تأیید نهایی و صدور کد رهگیری")
        self.confirm_button.clicked.connect(self.confirm)
        self.print_button = QPushButton(labels.print_label("دوبارهٔ فرم معرفی", asks=False))
        self.print_button.clicked.connect(self.print_form)
        self.print_button.hide()
        self.paper = QComboBox()
        self.paper.addItem("کاغذ A4", "A4")
        self.paper.addItem("کاغذ A5", "A5")
        self.paper.setAccessibleName("اندازهٔ کاغذ فرم معرفی")
        self.close_button = QPushButton("بستن")
        self.close_button.clicked.connect(self.close)
        buttons = QHBoxLayout()
        for button in (self.back_button, self.next_button, self.confirm_button, self.print_button):
            buttons.addWidget(button)
        buttons.addWidget(self.paper)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        right = QVBoxLayout()
        right.addWidget(self.banner)
        right.addWidget(self.title)
        right.addWidget(self.stack, 1)
        right.addWidget(self.done_text)
        right.addWidget(self.status)
        right.addWidget(self.file_notice)
        right.addLayout(buttons)
        outer = QHBoxLayout(self)
        outer.addWidget(self.steps_list)
        outer.addLayout(right, 1)
        keyboard_first(self, self.next_button)
        reserve_shortcuts(self, self.next_button, self.back_button)  # on every step

        self._set_busy(True, "در حال بارگذاری…")
        self.runner.submit(
            lambda _c: (load_office_settings(ctx), latest_draft(ctx) if resume else None),
            on_done=self._started,
            on_error=self._failed,
        )

    # -- start and resume ---------------------------------------------------------------
    def _started(self, loaded: tuple[object, Draft | None]) -> None:
        if not self.alive():
            return  # the window was closed while the task ran
        office, draft = loaded
        self.defaults = RegistrationForm(
            province=getattr(office, "province", ""),
            amount=getattr(office, "registration_fee", 0),
        )
        if draft is not None:
            self.draft_id = draft.id
            self.form = draft.form
            self.banner_text.setText("ثبت‌نام ناتمام قبلی از همان گامی که مانده بود ادامه یافت.")
            self.banner.show()
            self._show_step(draft.step)
        else:
            self.form = replace(self.defaults)
            self._show_step(0)
        self._set_busy(False)
        self.is_ready = True
        self.ready.emit()

    def restart(self) -> None:
        """Drop the resumed draft and start with an empty registration."""
        draft_id, self.draft_id = self.draft_id, None
        if draft_id is not None:
            self.runner.submit(lambda _c: discard_draft(self.ctx, draft_id), write=True)
        self.form = replace(self.defaults)
        self.banner.hide()
        for page in self.pages:
            page.show_message("")
        self._show_step(0)

    def use_applicant(self, applicant: Applicant) -> None:
        """Take a returning applicant's stored particulars into the form and the pages."""
        values = {name: getattr(applicant.form, name) for name in _PERSON_FIELDS}
        values["trainee_id"] = str(applicant.trainee_id)
        self.form = replace(self.form, **values)
        for page in self.pages[3:6]:
            page.show_form(self.form)

    def alive(self) -> bool:
        return shiboken6.isValid(self) and shiboken6.isValid(self.stack)

    # -- moving between steps -----------------------------------------------------------
    def current_page(self) -> StepPage:
        return self.pages[self.step]

    def _show_step(self, step: int) -> None:
        self.step = max(0, min(step, len(STEPS) - 1))
        page = self.pages[self.step]
        self.stack.setCurrentIndex(self.step)
        self.steps_list.setCurrentRow(self.step)
        self.title.setText(STEP_TITLES[STEPS[self.step]])
        page.show_form(self.form)
        page.enter()
        self._update_buttons()
        focus_first_field(page)

    def _update_buttons(self) -> None:
        done = self.confirmation is not None
        last = self.step == len(STEPS) - 1
        self.back_button.setEnabled(not self.busy and self.step > 0 and not done)
        self.next_button.setVisible(not last)
        self.next_button.setEnabled(not self.busy)
        self.confirm_button.setVisible(last and not done)
        self.confirm_button.setEnabled(not self.busy)
        self.print_button.setVisible(done)
        self.print_button.setEnabled(not self.busy)
        self.paper.setVisible(last)
        # Enter: «بعدی», then «تأیید نهایی»; after the confirmation it closes.
        default = self.close_button if done else self.confirm_button if last else self.next_button
        set_default(self, default)

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self.busy = busy
        self.stack.setEnabled(not busy)
        self.status.setStyleSheet("color: #455a64;")
        self.status.setText(text)
        self._update_buttons()

    def go_next(self) -> None:
        if self.busy or self.step >= len(STEPS) - 1:
            return
        page = self.current_page()
        page.show_message("")
        self.form = page.read_into(self.form)
        if not page.validate_fields():
            return
        step, draft_id, form = self.step, self.draft_id, self.form
        self._set_busy(True, "در حال بررسی…")
        self.runner.submit(
            lambda _c: advance(self.ctx, draft_id, step, form),
            on_done=lambda result: self._advanced(step, result),
            on_error=self._refused,
            write=True,
        )

    def _advanced(self, step: int, result: tuple[uuid.UUID, RegistrationForm]) -> None:
        if not self.alive():
            return  # the window was closed while the task ran
        self.draft_id, self.form = result
        self._set_busy(False)
        self._show_step(step + 1)

    def go_back(self) -> None:
        if self.busy or self.step == 0:
            return
        self.form = self.current_page().read_into(self.form)
        self._save_draft(self.step - 1)
        self._show_step(self.step - 1)

    def _save_draft(self, step: int) -> None:
        draft_id, form = self.draft_id, self.form
        if draft_id is None:
            draft_id = self.draft_id = uuid.uuid4()
        self.runner.submit(lambda _c: save_draft(self.ctx, draft_id, step, form), write=True)

    def _refused(self, exc: Exception) -> None:
        if not self.alive():
            return  # the window was closed while the task ran
        self._set_busy(False)
        field = exc.field if isinstance(exc, ServiceError) else None
        self.current_page().show_error(field, error_message(exc))

    def _failed(self, exc: Exception) -> None:
        if not self.alive():
            return  # the window was closed while the task ran
        self._set_busy(False)
        self.status.setStyleSheet(f"color: {ERROR_COLOR};")
        self.status.setText(error_message(exc))

    # -- confirmation and the introduction form ------------------------------------------
    def confirm(self) -> None:
        if self.busy or self.confirmation is not None:
            return
        form, draft_id = self.form, self.draft_id
        self._set_busy(True, "در حال ثبت نهایی…")
        self.runner.submit(
            lambda _c: confirm_registration(self.ctx, form, draft_id),
            on_done=self._confirmed,
            on_error=self._refused,
            write=True,
        )

    def _confirmed(self, confirmation: Confirmation) -> None:
        if not self.alive():
            return  # the window was closed while the task ran
        self.confirmation = confirmation
        self.draft_id = None
        self.banner.hide()
        self._set_busy(False)
        self.done_text.setText(
            f"ثبت‌نام تأیید شد. کد رهگیری: {code(confirmation.tracking_code)}\n"
            "فرم معرفی به مرکز یا آموزشگاه برای چاپ باز می‌شود."
        )
        self.done_text.show()
        self.confirmed.emit(confirmation)
        self.print_form()

    def print_form(self) -> None:
        """Write the introduction form (the first print is the original) and open it."""
        if self.confirmation is None:
            return
        code = self.confirmation.tracking_code
        folder = file_dialogs.prints_folder(FORMS_FOLDER)
        paper = self.paper.currentData() or "A4"
        self._set_busy(True, "در حال ساختن فرم معرفی…")

        def write(_c: object) -> Path:
            path = free_path(folder, code)  # a reprint never overwrites the original
            print_introduction(self.ctx, code, path, pagesize=paper)
            return path

        self.runner.submit(write, on_done=self._printed, on_error=self._failed, write=True)

    def _printed(self, path: Path) -> None:
        if not self.alive():
            return  # the window was closed while the task ran
        self.last_pdf = path
        self._set_busy(False)
        self.printed.emit(path)
        opened = type(self).open_file(path)
        self.file_notice.show_file(path, opened is not False)

    # -- closing ------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        self._keep_draft()
        super().closeEvent(event)

    def reject(self) -> None:
        self._keep_draft()
        super().reject()

    def _keep_draft(self) -> None:
        """Write what the current page holds, so the next opening resumes here."""
        if self.confirmation is not None or not self.is_ready or getattr(self, "_kept", False):
            return
        self._kept = True
        self.form = self.current_page().read_into(self.form)
        if self.draft_id is None and self.step == 0:
            return  # nothing worth resuming yet
        self._save_draft(self.step)
