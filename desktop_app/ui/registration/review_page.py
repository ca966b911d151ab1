"""Step 7 of the wizard: everything the clerk entered, in one read-only view (a bound
``SummaryView`` whose ``source`` is the whole form), before the final confirmation;
and, once confirmed, the tracking code with the print button. UI thread only (the
course's details are fetched on a worker).
"""

from __future__ import annotations

from ...documents.course import CourseInfo, schedule_text
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
from ...persian import format_jalali, format_rial, to_persian_digits
from ...services.registration.registration_courses import course_info
from ..listing.binding import Field
from ..widgets import SummaryView
from ..widgets.summary_view import Summary
from .step_page import StepPage


def review_rows(form: RegistrationForm, course: CourseInfo | None) -> list[tuple[str, str]]:
    """(label, value) lines of the review, in the wizard's order."""
    fa = to_persian_digits
    rows = [
        ("استان", form.province),
        ("نوع دوره", COURSE_KINDS.get(form.course_kind, "")),
    ]
    if course is not None:
        rows += [
            # LRE…PDF keeps the code's digit order beside Persian words
            ("دوره", f"{course.standard_title} (\u202a{fa(course.code)}\u202c)"),
            ("محل برگزاری", f"{course.place_name} — {course.workshop_name}"),
            (
                "شروع و پایان",
                f"{format_jalali(course.start_date)} تا {format_jalali(course.end_date)}",
            ),
            ("برنامهٔ هفتگی", schedule_text(course.schedule)),
        ]
    rows.append(("روش پرداخت", PAYMENT_METHODS.get(form.payment_method, "")))
    rows.append(("مبلغ کارت ثبت‌نام", format_rial(form.amount or 0)))
    if form.payment_method == "online":
        rows += [
            ("کد سفارش", fa(form.order_code)),
            ("کد پیگیری پرداخت", fa(form.payment_tracking_code)),
            ("شمارهٔ پرونده", fa(form.file_number)),
            ("کد پرداخت", fa(form.payment_code)),
        ]
    code_label = "شناسهٔ فراگیر اتباع" if form.foreign_national else "کد ملی"
    rows += [
        ("نام و نام خانوادگی", form.full_name()),
        ("نام پدر", form.father_name),
        (code_label, fa(form.person_key())),
        ("شمارهٔ شناسنامه", fa(form.birth_certificate_number)),
        ("تاریخ و محل تولد", f"{format_jalali(form.birth_date)} — {form.birthplace}"),
        ("جنسیت", GENDERS.get(form.gender, "")),
        ("وضعیت تأهل", MARITAL_STATUSES.get(form.marital_status, "")),
    ]
    if form.gender == "male":
        rows.append(("نظام وظیفه", MILITARY_STATUSES.get(form.military_status, "")))
    rows += [
        ("معلولیت", form.disability_kind if form.disability else "ندارد"),
        ("تلفن همراه / ثابت", f"{fa(form.mobile)} / {fa(form.phone) or '—'}"),
        ("نشانی", f"{form.address} — کد پستی {fa(form.postal_code) or '—'}"),
        (
            "تحصیلات",
            f"{EDUCATION_LEVELS.get(form.education_level, '')} {form.education_field}".strip(),
        ),
        ("وضعیت اشتغال", EMPLOYMENT_STATUSES.get(form.employment_status, "")),
        ("نحوهٔ آشنایی", HEARD_FROM.get(form.heard_from, "")),
    ]
    return rows


class ReviewPage(StepPage):
    """Step 7: review, then «تأیید نهایی» (the wizard's confirm button)."""

    review: SummaryView  # bound in ``build``

    def build(self) -> None:
        self.course: CourseInfo | None = None
        self.bind((Field("review", None, SummaryView, source=self.summary, stretch=10),))

    def summary(self, form: RegistrationForm) -> Summary:
        return Summary(tuple(review_rows(form, self.course)), form.photo)

    def enter(self) -> None:
        form = self.wizard.form
        self.wizard.runner.submit(
            lambda _c: course_info(self.wizard.ctx, form.course_id), on_done=self._course
        )

    def _course(self, course: CourseInfo | None) -> None:
        self.course = course
        self.show_form(self.wizard.form)
