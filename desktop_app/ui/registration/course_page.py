"""Step 2 of the wizard: the searchable list of courses open for registration, with
free seats, admitting the applicant's gender, in the province and kind of step 1 —
one bound field, ``course_id``, a ``TablePicker``. UI thread only (the query runs on a
worker of the ``TaskRunner``).
"""

from __future__ import annotations

from functools import partial

from ...documents.course import schedule_text
from ...persian import format_jalali, format_number, format_rial, to_persian_digits
from ...services.registration.registration_courses import open_courses
from ..listing.binding import Field
from ..widgets import PickerColumn, TablePicker
from .step_page import StepPage

COLUMNS = (
    PickerColumn("استاندارد آموزشی", lambda c: c.standard_title, stretch=True),
    PickerColumn("محل برگزاری", lambda c: c.place_name),
    PickerColumn("شروع", lambda c: format_jalali(c.start_date)),
    PickerColumn(
        "ظرفیت خالی", lambda c: f"{format_number(c.free_seats)} از {format_number(c.capacity)}"
    ),
    PickerColumn("شهریه", lambda c: format_rial(c.fee) if c.fee else "رایگان"),
    PickerColumn("کد دوره", lambda c: to_persian_digits(c.code)),
    # the weekly schedule is long: a fixed width, the whole text in its tooltip
    PickerColumn("برنامهٔ هفتگی", lambda c: schedule_text(c.schedule), width=170, tooltip=True),
)
COURSE_PICKER = partial(
    TablePicker,
    COLUMNS,
    placeholder="جستجو در عنوان استاندارد، محل برگزاری یا کد دوره…",
    search_name="جستجوی دوره",
    counted=lambda n: f"{format_number(n)} دوره با ثبت‌نام باز و ظرفیت خالی",
    nothing="در این استان و نوع دوره، دوره‌ای با ثبت‌نام باز و ظرفیت خالی برای این متقاضی نیست.",
)


class CoursePage(StepPage):
    """Step 2: choose the course."""

    course_id: TablePicker  # bound in ``build``

    def build(self) -> None:
        self.bind((Field("course_id", None, COURSE_PICKER, stretch=10),))
        self.course_id.activated.connect(self.wizard.go_next)

    def enter(self) -> None:
        """Ask for the open courses matching step 1 (and, as typed, the search box)."""
        ctx, form = self.wizard.ctx, self.wizard.form
        self.course_id.load(
            self.wizard.runner,
            lambda search: open_courses(
                ctx,
                province=form.province,
                kind=form.course_kind,
                gender=form.gender,
                search=search,
            ),
        )
