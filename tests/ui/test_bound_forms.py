"""Every form moved onto the declarative binding (``ui.listing.binding``) shows a
stored record and reads it back unchanged, field by field: what the clerk did not
touch is saved as it was. Trainer, equipment, course and counseling forms, and the
registration wizard's plain pages, driven as real widgets."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

from desktop_app.documents.registration_data import RegistrationForm
from desktop_app.documents.trainer_data import EducationRow, RetrainingRow, TrainerData
from desktop_app.persian import to_ascii_digits
from desktop_app.services.core.images import prepare_photo
from desktop_app.services.courses.courses import get_course, save_course
from desktop_app.services.places.equipment import EquipmentData, get_equipment, save_equipment
from desktop_app.services.registration.counseling import (
    CounselingData,
    get_counseling,
    save_counseling,
)
from desktop_app.services.trainers.trainers import get_trainer, save_trainer
from desktop_app.ui.tasks import TaskRunner
from tests.courses.helpers import make_office
from tests.registration.helpers import make_course, set_office, valid_form


@pytest.fixture
def runner(miz_app):
    runner = TaskRunner()
    yield runner
    runner.wait_for_done()


def _opened(form, qtbot):
    qtbot.addWidget(form)
    form.ask_discard = lambda: True
    form.show()
    qtbot.waitExposed(form)
    qtbot.waitUntil(lambda: form.loaded_data is not None and form.fields_box.isEnabled())
    return form


def _bound_rows(form) -> None:
    """Every row but a shown-only one is a bound field."""
    assert set(form.rows) - {"kind"} == set(form.bound)


def test_trainer_form_reads_back_what_it_shows(ctx, runner, qtbot):
    from desktop_app.ui.trainers.trainer_form import TrainerForm

    office = make_office(ctx)
    stored = save_trainer(
        ctx,
        TrainerData(
            first_name="مریم",
            last_name="احمدی",
            father_name="رضا",
            national_code="0499370899",
            birth_certificate_number="1234",
            birth_date=date(1985, 3, 21),
            gender="female",
            mobile="09121234567",
            address="گرگان، خیابان ولیعصر",
            employment_type="official",
            place_id=office.place_id,
            occupation_groups=["برق"],
            standard_codes=["7-23/42/1/4", "4-51/1/1/1"],
            hire_date=date(2015, 9, 23),
            grade="پایه ۳",
            active=False,
            education=[EducationRow(degree="کارشناسی", field="برق", university="نوشیروانی")],
            retraining=[
                RetrainingRow(
                    course_title="ایمنی کارگاه",
                    hours=24,
                    start_date=date(2024, 5, 1),
                    end_date=date(2024, 5, 4),
                )
            ],
        ),
    )
    form = _opened(TrainerForm(ctx, runner, stored.id), qtbot)
    qtbot.waitUntil(form.place_id.is_loaded)
    _bound_rows(form)
    assert not form.active.isChecked() and form.standard_codes.rows()[0].code == "7-23/42/1/4"
    assert form.typed_data() == get_trainer(ctx, stored.id)


def test_equipment_form_reads_back_what_it_shows(ctx, runner, qtbot):
    from desktop_app.ui.places.equipment_form import EquipmentForm

    office = make_office(ctx)
    stored = save_equipment(
        ctx,
        EquipmentData(
            workshop_id=office.workshop_id,
            asset_number="12345",
            name="دستگاه جوش",
            category="ماشین‌آلات",
            brand_model="ESAB 200",
            serial_number="SN-77",
            quantity=3,
            unit="دستگاه",
            acquired_on=date(2020, 1, 1),
            price_rial=125_000_000,
            condition="needs_repair",
            last_inspection=date(2025, 6, 1),
            notes="در انبار",
        ),
    )
    form = _opened(EquipmentForm(ctx, runner, stored.id), qtbot)
    qtbot.waitUntil(lambda: form.workshop_id.value() == office.workshop_id)
    _bound_rows(form)
    assert form.asset_number.text() == "۱۲۳۴۵" and form.quantity.value() == "3"
    typed = form.typed_data()
    again = get_equipment(ctx, stored.id)
    assert to_ascii_digits(typed.asset_number) == again.asset_number
    assert dataclasses.replace(typed, asset_number=again.asset_number) == again


def test_course_form_reads_back_what_it_shows(ctx, runner, qtbot):
    from desktop_app.ui.courses.course_form import CourseForm

    office = make_office(ctx)
    stored = save_course(ctx, office.course(fee=1_500_000, note="نوبت صبح", capacity=12))
    form = _opened(CourseForm(ctx, runner, stored.id), qtbot)
    qtbot.waitUntil(lambda: form.workshop_id.value() == office.workshop_id)
    _bound_rows(form)
    assert form.capacity.value() == "12" and form.trainer_ids.value() == [office.trainer_id]
    assert form.typed_data() == get_course(ctx, stored.id)


def test_counseling_form_reads_back_what_it_shows(ctx, runner, qtbot):
    from desktop_app.ui.registration.section import CounselingForm

    stored = save_counseling(
        ctx,
        CounselingData(
            applicant_name="زهرا کریمی",
            national_code="0499370899",
            mobile="09121234567",
            session_date=date.today() - timedelta(days=2),
            counselor="سمیه رحیمی",
            topic="career",
            recommended_standards="خیاطی",
            advice="ثبت‌نام در دورهٔ بعد",
            outcome="needs_follow_up",
        ),
    )
    form = _opened(CounselingForm(ctx, runner, stored.id), qtbot)
    _bound_rows(form)
    assert form.typed_data() == get_counseling(ctx, stored.id)


def test_the_wizard_pages_read_back_what_they_show(ctx, runner, qtbot):
    """All seven steps are bound: the course list, the photo and the review too."""
    from desktop_app.ui.registration.wizard import RegistrationWizard
    from tests.registration.helpers import photo_bytes

    set_office(ctx)
    form = valid_form(make_course(ctx), disability=True, disability_kind="حرکتی")
    form = dataclasses.replace(form, photo=prepare_photo(photo_bytes()))
    wizard = RegistrationWizard(ctx, runner)
    qtbot.addWidget(wizard)
    assert len(wizard.pages) == 7
    course, photo, review = wizard.pages[1], wizard.pages[4], wizard.pages[6]
    assert (set(course.bound), set(photo.bound), set(review.bound)) == (
        {"course_id"},
        {"photo"},
        {"review"},
    )
    for page in wizard.pages:
        assert set(page.rows) <= set(page.bound), type(page).__name__
        page.show_form(form)
        typed = page.read_into(RegistrationForm())
        for key, spec in page.bound_specs.items():
            if spec.source is None:  # a read-only review is shown, not read
                assert getattr(typed, key) == getattr(form, key), key
    assert course.course_id.value() == form.course_id  # kept while the list loads
    assert photo.photo.photo() == form.photo
    summary = review.review
    assert form.first_name in summary.text.toPlainText()  # the whole form, read-only
    assert not summary.photo.pixmap().isNull()


def test_the_enrollment_dialog_reads_back_what_it_shows(ctx, runner, qtbot):
    from desktop_app.services.registration.registration import confirm_registration
    from desktop_app.services.registration.trainees import get_enrollment
    from desktop_app.ui.registration.section import EnrollmentDialog

    set_office(ctx)
    done = confirm_registration(ctx, valid_form(make_course(ctx)))
    dialog = _opened(EnrollmentDialog(ctx, runner, done.enrollment_id), qtbot)
    assert set(dialog.rows) == set(dialog.bound) == {"info", "state"}
    assert done.tracking_code in to_ascii_digits(dialog.info.text())
    assert dialog.typed_data() == get_enrollment(ctx, done.enrollment_id)
    dialog.state.setValue("attending")
    assert dialog.typed_data().state == "attending"
