"""The plain pages of the registration wizard: province and course kind (step 1), the
registration card payment (3), personal data with the returning applicant (4),
education and supplementary data (6). UI thread only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import partial
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QWidget

from ...documents.registration_data import (
    COURSE_KINDS,
    EDUCATION_LEVELS,
    EMPLOYMENT_STATUSES,
    GENDERS,
    HEARD_FROM,
    MARITAL_STATUSES,
    MILITARY_STATUSES,
    PAYMENT_METHODS,
    RegistrationForm,
)
from ...services.core.reference import PROVINCES
from ...services.registration.registration import Applicant, find_applicant
from ..listing import ChoiceBox
from ..listing.binding import Field
from ..widgets import (
    DigitLineEdit,
    JalaliDateEdit,
    MobileEdit,
    NationalCodeEdit,
    PostalCodeEdit,
    RialEdit,
    TextLineEdit,
)
from .step_page import StepPage


def _ltr_code_edit() -> TextLineEdit:
    """A receipt code: digits and Latin letters as printed on the receipt."""
    edit = TextLineEdit(required=True)
    edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    edit.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return edit


def _choices(items: Iterable[tuple[str, str]], required: bool = False) -> Callable[[], ChoiceBox]:
    """A choice with an empty first entry."""
    return partial(ChoiceBox, list(items), empty="", required=required)


def _text(required: bool = False) -> Callable[[], TextLineEdit]:
    return partial(TextLineEdit, required=required)


def _digits(max_digits: int, **options: Any) -> Callable[[], DigitLineEdit]:
    return partial(DigitLineEdit, max_digits=max_digits, **options)


class CourseKindPage(StepPage):
    """Step 1: province, course kind and the applicant's gender (the course list needs it)."""

    def build(self) -> None:
        self.bind(
            (
                Field("province", "استان", _choices([(p, p) for p in PROVINCES], True), True),
                Field("course_kind", "نوع دوره", partial(ChoiceBox, COURSE_KINDS.items()), True),
                Field("gender", "جنسیت متقاضی", _choices(GENDERS.items(), True), True),
            )
        )

    def read_into(self, form: RegistrationForm) -> RegistrationForm:
        typed = super().read_into(form)
        before = (form.province, form.course_kind, form.gender)
        changed = (typed.province, typed.course_kind, typed.gender) != before
        # another province, kind or gender: the course chosen before may no longer fit
        return replace(typed, course_id="") if changed and form.course_id else typed


class PaymentPage(StepPage):
    """Step 3: the registration card, by the codes of the payment system's receipt."""

    payment_method: ChoiceBox  # bound in ``build``

    def build(self) -> None:
        self.bind(
            (
                Field(
                    "payment_method",
                    "روش پرداخت",
                    partial(ChoiceBox, PAYMENT_METHODS.items()),
                    True,
                ),
                Field("amount", "مبلغ کارت ثبت‌نام", RialEdit, True),
                Field("order_code", "کد سفارش", _ltr_code_edit, True),
                Field("payment_tracking_code", "کد پیگیری پرداخت", _ltr_code_edit, True),
                Field("file_number", "شمارهٔ پرونده", _ltr_code_edit, True),
                Field("payment_code", "کد پرداخت", _ltr_code_edit, True),
            )
        )
        self.payment_method.currentIndexChanged.connect(lambda _i: self._show_codes())

    def _show_codes(self) -> None:
        online = self.payment_method.value() == "online"
        for key in ("order_code", "payment_tracking_code", "file_number", "payment_code"):
            self.rows[key].setVisible(online)

    def show_form(self, form: RegistrationForm) -> None:
        super().show_form(form)
        self._show_codes()


class PersonalPage(StepPage):
    """Step 4: the applicant's particulars; a known national code offers their data."""

    # bound in ``build`` (and used beyond showing and reading them)
    national_code: NationalCodeEdit
    foreign_id: DigitLineEdit
    gender: ChoiceBox
    disability: QCheckBox

    def build(self) -> None:
        self.applicant: Applicant | None = None
        self.offer = QWidget()
        self.offer.setObjectName("returningApplicant")
        self.offer.setStyleSheet(
            "#returningApplicant { background: #e8f5e9; border: 1px solid #81c784; }"
        )
        offer_layout = QHBoxLayout(self.offer)
        self.offer_text = QLabel()
        self.offer_text.setWordWrap(True)
        self.use_button = QPushButton("استفاده از اطلاعات ثبت‌شده")
        self.use_button.clicked.connect(self.use_applicant)
        offer_layout.addWidget(self.offer_text, 1)
        offer_layout.addWidget(self.use_button)
        self.offer.hide()
        self.layout_.insertWidget(0, self.offer)

        self.foreign = QCheckBox("تبعهٔ خارجی (به جای کد ملی، شناسهٔ فراگیر اتباع)")
        self.layout_.insertWidget(1, self.foreign)
        self.bound["foreign_national"] = self.foreign  # above the columns, not a row
        self.bind(
            (
                Field("national_code", "کد ملی", partial(NationalCodeEdit, required=True), True),
                Field("foreign_id", "شناسهٔ فراگیر اتباع", _digits(12, required=True), True),
                Field("first_name", "نام", _text(required=True), True),
                Field("last_name", "نام خانوادگی", _text(required=True), True),
                Field("father_name", "نام پدر", _text(required=True), True),
                Field("birth_certificate_number", "شمارهٔ شناسنامه", _digits(10)),
                Field("birth_date", "تاریخ تولد", partial(JalaliDateEdit, required=True), True),
                Field("birthplace", "محل تولد", _text(required=True), True),
            )
        )
        self.bind(
            (
                Field("gender", "جنسیت", _choices(GENDERS.items(), True), True),
                Field(
                    "marital_status", "وضعیت تأهل", _choices(MARITAL_STATUSES.items(), True), True
                ),
                Field(
                    "military_status",
                    "وضعیت نظام وظیفه",
                    _choices(MILITARY_STATUSES.items(), True),
                    True,
                ),
                Field("disability", "معلولیت", partial(QCheckBox, "معلولیت دارد")),
                Field("disability_kind", "نوع معلولیت", _text(required=True), True),
                Field("mobile", "تلفن همراه", partial(MobileEdit, required=True), True),
                Field("phone", "تلفن ثابت", _digits(14, allow="-")),
                Field("postal_code", "کد پستی", PostalCodeEdit),
                Field("address", "نشانی", _text(required=True), True),
            ),
            column=1,
        )

        self.foreign.toggled.connect(lambda _on: self._show_rows())
        self.gender.currentIndexChanged.connect(lambda _i: self._show_rows())
        self.disability.toggled.connect(lambda _on: self._show_rows())
        self.national_code.validityChanged.connect(self._look_up)
        self.foreign_id.textChanged.connect(
            lambda _t: self._look_up(self.foreign_id.digit_count() == 12)
        )

    def _show_rows(self) -> None:
        foreign = self.foreign.isChecked()
        self.rows["national_code"].setVisible(not foreign)
        self.rows["foreign_id"].setVisible(foreign)
        self.rows["military_status"].setVisible(self.gender.value() == "male")
        self.rows["disability_kind"].setVisible(self.disability.isChecked())

    # -- the returning applicant --------------------------------------------------------
    def _typed_key(self) -> str:
        return self.foreign_id.value() if self.foreign.isChecked() else self.national_code.value()

    def _look_up(self, valid: bool) -> None:
        """A complete national code (or foreign-national ID): is this a returning applicant?"""
        if not valid:
            self.offer.hide()
            return
        code = self._typed_key()
        self.wizard.runner.submit(
            lambda _c: find_applicant(self.wizard.ctx, code), on_done=self._found
        )

    def _found(self, applicant: Applicant | None) -> None:
        current = self.wizard.form.trainee_id
        if applicant is None or applicant.form.person_key() != self._typed_key():
            self.applicant = None
            self.offer.hide()
            return
        self.applicant = applicant
        if current == str(applicant.trainee_id):
            self.offer.hide()
            return
        courses = "، ".join(applicant.enrollments) or "—"
        self.offer_text.setText(
            f"این متقاضی پیش‌تر ثبت‌نام کرده است: {applicant.form.full_name()}. دوره‌ها: {courses}"
        )
        self.offer.show()

    def use_applicant(self) -> None:
        """Fill the wizard with the stored data of the returning applicant."""
        if self.applicant is None:
            return
        self.wizard.use_applicant(self.applicant)
        self.offer.hide()

    # -- form ---------------------------------------------------------------------------
    def show_form(self, form: RegistrationForm) -> None:
        super().show_form(form)
        self._show_rows()


class EducationPage(StepPage):
    """Step 6: education level and field, employment, how they heard of the course."""

    def build(self) -> None:
        self.bind(
            (
                Field(
                    "education_level", "مقطع تحصیلی", _choices(EDUCATION_LEVELS.items(), True), True
                ),
                Field("education_field", "رشتهٔ تحصیلی", TextLineEdit),
                Field(
                    "employment_status",
                    "وضعیت اشتغال",
                    _choices(EMPLOYMENT_STATUSES.items(), True),
                    True,
                ),
                Field(
                    "heard_from", "نحوهٔ آشنایی با دوره", _choices(HEARD_FROM.items(), True), True
                ),
            )
        )
