"""The plain pages of the registration wizard: province and course kind (step 1), the
registration card payment (3), personal data with the returning applicant (4),
education and supplementary data (6). UI thread only.
"""

from __future__ import annotations

from dataclasses import replace

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


class CourseKindPage(StepPage):
    """Step 1: province, course kind and the applicant's gender (the course list needs it)."""

    def build(self) -> None:
        self.province = ChoiceBox(((p, p) for p in PROVINCES), empty="", required=True)
        self.course_kind = ChoiceBox(COURSE_KINDS.items())
        self.gender = ChoiceBox(GENDERS.items(), empty="", required=True)
        self.add_row("province", "استان", self.province, required=True)
        self.add_row("course_kind", "نوع دوره", self.course_kind, required=True)
        self.add_row("gender", "جنسیت متقاضی", self.gender, required=True)

    def show_form(self, form: RegistrationForm) -> None:
        self.province.setValue(form.province)
        self.course_kind.setValue(form.course_kind)
        self.gender.setValue(form.gender)

    def read_into(self, form: RegistrationForm) -> RegistrationForm:
        province, kind, gender = (
            self.province.value() or "",
            self.course_kind.value() or "",
            self.gender.value() or "",
        )
        changed = (province, kind, gender) != (form.province, form.course_kind, form.gender)
        # another province, kind or gender: the course chosen before may no longer fit
        course_id = "" if changed and form.course_id else form.course_id
        return replace(
            form, province=province, course_kind=kind, gender=gender, course_id=course_id
        )


class PaymentPage(StepPage):
    """Step 3: the registration card, by the codes of the payment system's receipt."""

    def build(self) -> None:
        self.method = ChoiceBox(PAYMENT_METHODS.items())
        self.amount = RialEdit()
        self.order_code = _ltr_code_edit()
        self.payment_tracking_code = _ltr_code_edit()
        self.file_number = _ltr_code_edit()
        self.payment_code = _ltr_code_edit()
        self.add_row("payment_method", "روش پرداخت", self.method, required=True)
        self.add_row("amount", "مبلغ کارت ثبت‌نام", self.amount, required=True)
        self.add_row("order_code", "کد سفارش", self.order_code, required=True)
        self.add_row("payment_tracking_code", "کد پیگیری پرداخت", self.payment_tracking_code, True)
        self.add_row("file_number", "شمارهٔ پرونده", self.file_number, required=True)
        self.add_row("payment_code", "کد پرداخت", self.payment_code, required=True)
        self.method.currentIndexChanged.connect(lambda _i: self._show_codes())

    def _show_codes(self) -> None:
        online = self.method.value() == "online"
        for key in ("order_code", "payment_tracking_code", "file_number", "payment_code"):
            self.rows[key].setVisible(online)

    def show_form(self, form: RegistrationForm) -> None:
        self.method.setValue(form.payment_method)
        self.amount.setValue(form.amount)
        self.order_code.setText(form.order_code)
        self.payment_tracking_code.setText(form.payment_tracking_code)
        self.file_number.setText(form.file_number)
        self.payment_code.setText(form.payment_code)
        self._show_codes()

    def read_into(self, form: RegistrationForm) -> RegistrationForm:
        return replace(
            form,
            payment_method=self.method.value() or "online",
            amount=self.amount.value(),
            order_code=self.order_code.text(),
            payment_tracking_code=self.payment_tracking_code.text(),
            file_number=self.file_number.text(),
            payment_code=self.payment_code.text(),
        )


class PersonalPage(StepPage):
    """Step 4: the applicant's particulars; a known national code offers their data."""

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
        self.national_code = NationalCodeEdit(required=True)
        self.foreign_id = DigitLineEdit(max_digits=12, required=True)
        self.first_name = TextLineEdit(required=True)
        self.last_name = TextLineEdit(required=True)
        self.father_name = TextLineEdit(required=True)
        self.birth_certificate_number = DigitLineEdit(max_digits=10)
        self.birth_date = JalaliDateEdit(required=True)
        self.birthplace = TextLineEdit(required=True)
        self.gender = ChoiceBox(GENDERS.items(), empty="", required=True)
        self.marital_status = ChoiceBox(MARITAL_STATUSES.items(), empty="", required=True)
        self.military_status = ChoiceBox(MILITARY_STATUSES.items(), empty="", required=True)
        self.disability = QCheckBox("معلولیت دارد")
        self.disability_kind = TextLineEdit(required=True)
        self.mobile = MobileEdit(required=True)
        self.phone = DigitLineEdit(max_digits=14, allow="-")
        self.address = TextLineEdit(required=True)
        self.postal_code = PostalCodeEdit()

        self.add_row("national_code", "کد ملی", self.national_code, True)
        self.add_row("foreign_id", "شناسهٔ فراگیر اتباع", self.foreign_id, True)
        self.add_row("first_name", "نام", self.first_name, True)
        self.add_row("last_name", "نام خانوادگی", self.last_name, True)
        self.add_row("father_name", "نام پدر", self.father_name, True)
        self.add_row("birth_certificate_number", "شمارهٔ شناسنامه", self.birth_certificate_number)
        self.add_row("birth_date", "تاریخ تولد", self.birth_date, True)
        self.add_row("birthplace", "محل تولد", self.birthplace, True)
        self.add_row("gender", "جنسیت", self.gender, True, column=1)
        self.add_row("marital_status", "وضعیت تأهل", self.marital_status, True, column=1)
        self.add_row("military_status", "وضعیت نظام وظیفه", self.military_status, True, column=1)
        self.add_row("disability", "معلولیت", self.disability, column=1)
        self.add_row("disability_kind", "نوع معلولیت", self.disability_kind, True, column=1)
        self.add_row("mobile", "تلفن همراه", self.mobile, True, column=1)
        self.add_row("phone", "تلفن ثابت", self.phone, column=1)
        self.add_row("postal_code", "کد پستی", self.postal_code, column=1)
        self.add_row("address", "نشانی", self.address, True, column=1)

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
        self.foreign.setChecked(form.foreign_national)
        self.national_code.setValue(form.national_code)
        self.foreign_id.setValue(form.foreign_id)
        self.first_name.setText(form.first_name)
        self.last_name.setText(form.last_name)
        self.father_name.setText(form.father_name)
        self.birth_certificate_number.setValue(form.birth_certificate_number)
        self.birth_date.setDate(form.birth_date)
        self.birthplace.setText(form.birthplace)
        self.gender.setValue(form.gender)
        self.marital_status.setValue(form.marital_status)
        self.military_status.setValue(form.military_status)
        self.disability.setChecked(form.disability)
        self.disability_kind.setText(form.disability_kind)
        self.mobile.setValue(form.mobile)
        self.phone.setValue(form.phone)
        self.address.setText(form.address)
        self.postal_code.setValue(form.postal_code)
        self._show_rows()

    def read_into(self, form: RegistrationForm) -> RegistrationForm:
        return replace(
            form,
            foreign_national=self.foreign.isChecked(),
            national_code=self.national_code.value(),
            foreign_id=self.foreign_id.value(),
            first_name=self.first_name.text(),
            last_name=self.last_name.text(),
            father_name=self.father_name.text(),
            birth_certificate_number=self.birth_certificate_number.value(),
            birth_date=self.birth_date.date(),
            birthplace=self.birthplace.text(),
            gender=self.gender.value() or "",
            marital_status=self.marital_status.value() or "",
            military_status=self.military_status.value() or "",
            disability=self.disability.isChecked(),
            disability_kind=self.disability_kind.text(),
            mobile=self.mobile.value(),
            phone=self.phone.value(),
            address=self.address.text(),
            postal_code=self.postal_code.value(),
        )


class EducationPage(StepPage):
    """Step 6: education level and field, employment, how they heard of the course."""

    def build(self) -> None:
        self.education_level = ChoiceBox(EDUCATION_LEVELS.items(), empty="", required=True)
        self.education_field = TextLineEdit()
        self.employment_status = ChoiceBox(EMPLOYMENT_STATUSES.items(), empty="", required=True)
        self.heard_from = ChoiceBox(HEARD_FROM.items(), empty="", required=True)
        self.add_row("education_level", "مقطع تحصیلی", self.education_level, True)
        self.add_row("education_field", "رشتهٔ تحصیلی", self.education_field)
        self.add_row("employment_status", "وضعیت اشتغال", self.employment_status, True)
        self.add_row("heard_from", "نحوهٔ آشنایی با دوره", self.heard_from, True)

    def show_form(self, form: RegistrationForm) -> None:
        self.education_level.setValue(form.education_level)
        self.education_field.setText(form.education_field)
        self.employment_status.setValue(form.employment_status)
        self.heard_from.setValue(form.heard_from)

    def read_into(self, form: RegistrationForm) -> RegistrationForm:
        return replace(
            form,
            education_level=self.education_level.value() or "",
            education_field=self.education_field.text(),
            employment_status=self.employment_status.value() or "",
            heard_from=self.heard_from.value() or "",
        )
