"""Registration use cases: each step's checks, drafts, the returning applicant, every
refusal at confirmation, tracking codes unique across two offices' databases."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from desktop_app.documents.registration_data import RegistrationForm
from desktop_app.models import Enrollment, RegistrationPayment, Trainee, synced_models
from desktop_app.models.registration import RegistrationDraft
from desktop_app.persian.bidi import code as bidi_code
from desktop_app.services.accounts.access import system_actor
from desktop_app.services.core.context import AppContext
from desktop_app.services.core.errors import ServiceError
from desktop_app.services.core.listing import ListQuery
from desktop_app.services.registration.registration import (
    advance,
    confirm_registration,
    discard_draft,
    find_applicant,
    latest_draft,
    save_draft,
    validate_step,
)
from desktop_app.services.registration.registration_courses import open_courses
from desktop_app.services.registration.trainees import (
    count_enrollments,
    enrollment_page,
    set_enrollment_state,
)
from tests.registration.helpers import TODAY, make_course, set_office, valid_form


def refused(fn, *args, **kwargs) -> ServiceError:
    with pytest.raises(ServiceError) as info:
        fn(*args, **kwargs)
    return info.value


# -- each step's checks ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("step", "change", "field", "words"),
    [
        ("course_kind", {"province": "کالیفرنیا"}, "province", "استان"),
        ("course_kind", {"gender": ""}, "gender", "جنسیت"),
        ("course", {"course_id": ""}, "course_id", "دوره"),
        ("payment", {"order_code": ""}, "order_code", "کد سفارش"),
        ("payment", {"payment_code": "12"}, "payment_code", "کد پرداخت"),
        ("payment", {"amount": None}, "amount", "مبلغ"),
        ("personal", {"national_code": "0012345678"}, "national_code", "کنترل"),
        ("personal", {"first_name": "  "}, "first_name", "«نام»"),
        ("personal", {"father_name": ""}, "father_name", "نام پدر"),
        ("personal", {"birth_date": None}, "birth_date", "تاریخ تولد"),
        ("personal", {"birth_date": TODAY + timedelta(days=1)}, "birth_date", "پیش از امروز"),
        ("personal", {"military_status": ""}, "military_status", "نظام وظیفه"),
        ("personal", {"disability": True, "disability_kind": ""}, "disability_kind", "معلولیت"),
        ("personal", {"mobile": "0212222"}, "mobile", "همراه"),
        ("personal", {"postal_code": "12345"}, "postal_code", "کد پستی"),
        ("personal", {"address": ""}, "address", "نشانی"),
        ("personal", {"foreign_national": True, "foreign_id": "123"}, "foreign_id", "۱۲ رقم"),
        ("photo", {"photo": None}, "photo", "عکس"),
        ("education", {"education_level": ""}, "education_level", "مقطع"),
        ("education", {"education_field": ""}, "education_field", "رشته"),
        ("education", {"heard_from": "tv"}, "heard_from", "آشنایی"),
    ],
)
def test_each_step_names_the_bad_field(office, course_id, step, change, field, words):
    form = replace(valid_form(course_id), **change)
    error = refused(validate_step, office, step, form)
    assert error.field == field
    assert words in error.message


def test_steps_normalize_what_was_typed(office, course_id):
    form = replace(
        valid_form(course_id),
        national_code="۰۰۱۲۳۴۵۶۷۹",
        first_name="علي",  # Arabic yeh
        mobile="+98 912 123 4567",
        military_status="completed",
        gender="female",
    )
    clean = validate_step(office, "personal", form)
    assert clean.national_code == "0012345679"
    assert clean.first_name == "علی"
    assert clean.mobile == "09121234567"
    assert clean.military_status == ""  # asked of men only
    counter = validate_step(office, "payment", replace(form, payment_method="counter"))
    assert counter.order_code == counter.payment_code == ""


def test_foreign_national_needs_no_national_code(office, course_id):
    form = replace(
        valid_form(course_id), foreign_national=True, national_code="", foreign_id="۱۲۳۴۵۶۷۸۹۰۱۲"
    )
    clean = validate_step(office, "personal", form)
    assert clean.foreign_id == "123456789012" and clean.national_code == ""


# -- drafts --------------------------------------------------------------------------------


def test_draft_keeps_step_and_every_field(office, course_id):
    form = valid_form(course_id)
    draft_id, clean = advance(office, None, 3, form)
    draft = latest_draft(office)
    assert draft is not None and draft.id == draft_id
    assert draft.step == 4
    assert draft.form == clean  # dates and the photo survive the JSON
    assert draft.form.photo == form.photo and draft.form.birth_date == date(2000, 3, 21)
    save_draft(office, draft_id, 2, replace(clean, first_name="رضا"))
    again = latest_draft(office)
    assert again.step == 2 and again.form.first_name == "رضا"
    discard_draft(office, draft_id)
    assert latest_draft(office) is None


def test_refused_step_writes_no_draft(office, course_id):
    refused(advance, office, None, 0, RegistrationForm())
    assert latest_draft(office) is None


def test_drafts_are_local(office):
    assert RegistrationDraft not in synced_models()
    assert {Trainee, Enrollment, RegistrationPayment} <= set(synced_models())


# -- confirmation ------------------------------------------------------------------------------


def test_confirmation_stores_everything_in_one_go(office, course_id):
    form = valid_form(course_id)
    draft_id, _ = advance(office, None, 0, form)
    done = confirm_registration(office, form, draft_id)
    assert done.tracking_code == "2701-000001"
    with office.session() as session:
        enrollment = session.get(Enrollment, done.enrollment_id)
        trainee = session.get(Trainee, done.trainee_id)
        payment = session.scalars(select(RegistrationPayment)).one()
        assert enrollment.state == "registered" and enrollment.confirmed_at is not None
        assert enrollment.origin_office == "2701"
        assert trainee.national_code == "0012345679" and trainee.photo == form.photo
        assert payment.enrollment_id == enrollment.id and payment.payment_code == form.payment_code
        assert payment.amount == 50_000
        assert session.get(RegistrationDraft, draft_id) is None
    rows = enrollment_page(office, ListQuery(search="رضايي ۲۷۰۱"), 0, 10)
    assert [r.tracking_code for r in rows] == ["2701-000001"]
    assert count_enrollments(office, ListQuery(search="۰۹۱۲۱۲۳۴۵۶۷")) == 1


def _refusal(ctx, form) -> ServiceError:
    before = _counts(ctx)
    error = refused(confirm_registration, ctx, form)
    assert _counts(ctx) == before  # nothing written
    return error


def _counts(ctx) -> tuple[int, int, int]:
    with ctx.session() as session:
        return tuple(
            len(session.scalars(select(model)).all())
            for model in (Trainee, Enrollment, RegistrationPayment)
        )


def test_refused_when_already_enrolled(office, course_id):
    first = confirm_registration(office, valid_form(course_id))
    error = _refusal(office, valid_form(course_id, mobile="09351234567"))
    assert "ثبت‌نام کرده است" in error.message and first.tracking_code in error.message
    assert error.field == "national_code"


def test_withdrawn_applicant_may_register_again(office, course_id):
    first = confirm_registration(office, valid_form(course_id))
    set_enrollment_state(office, first.enrollment_id, 1, "withdrawn")
    again = confirm_registration(office, valid_form(course_id))
    assert again.tracking_code == "2701-000002" and again.trainee_id == first.trainee_id


def test_refused_when_course_full(office):
    course = make_course(office, capacity=1)
    confirm_registration(office, valid_form(course))
    error = _refusal(office, valid_form(course, national_code="0499370899"))
    assert "ظرفیت" in error.message and "پر شده" in error.message


@pytest.mark.parametrize("state", ["submitted", "running", "finished", "cancelled", "draft"])
def test_refused_when_course_not_open(office, state):
    course = make_course(office, state=state)
    error = _refusal(office, valid_form(course))
    assert "باز نیست" in error.message and error.field == "course_id"


def test_refused_outside_the_registration_window(office):
    course = make_course(office, window=(TODAY - timedelta(days=30), TODAY - timedelta(days=1)))
    error = _refusal(office, valid_form(course))
    assert "مهلت ثبت‌نام" in error.message


def test_refused_when_gender_does_not_match(office):
    for_women = make_course(office, gender="female", code="2701-00002")
    error = _refusal(office, valid_form(for_women))
    assert error.field == "gender" and "بانوان" in error.message
    standard_for_women = make_course(office, standard_gender="female", code="2701-00003")
    error = _refusal(office, valid_form(standard_for_women))
    assert error.field == "gender"


def test_refused_under_the_minimum_age(office):
    course = make_course(office, min_age=18)
    young = TODAY.replace(year=TODAY.year - 16)
    error = _refusal(office, valid_form(course, birth_date=young))
    assert error.field == "birth_date"
    assert "حداقل سن" in error.message and "۱۸" in error.message and "۱۶" in error.message


def test_refused_without_office_code(ctx):
    course = make_course(ctx)
    error = _refusal(ctx, valid_form(course))
    assert "کد اداره" in error.message


def test_course_list_offers_only_what_may_be_chosen(office):
    open_mixed = make_course(office, code="2701-00001")
    make_course(office, code="2701-00002", state="submitted")
    make_course(office, code="2701-00003", gender="female")
    make_course(office, code="2701-00004", province="مازندران")
    make_course(office, code="2701-00005", kind="private")
    full = make_course(office, code="2701-00006", capacity=1)
    confirm_registration(office, valid_form(full))
    found = open_courses(office, province="گلستان", kind="public", gender="male")
    assert [c.id for c in found] == [open_mixed]
    assert [
        c.code for c in open_courses(office, province="گلستان", kind="public", gender="female")
    ] == [
        "2701-00001",
        "2701-00003",
    ]
    assert open_courses(
        office, province="گلستان", kind="public", gender="male", search="رايانه ۰۰۰۰۱"
    )
    # the list search: every word in the course's, its standard's or its place's text
    female = {"province": "گلستان", "kind": "public", "gender": "female"}
    assert [c.code for c in open_courses(office, **female, search="گرگان ۳")] == ["2701-00003"]
    assert open_courses(office, **female, search="رایانه حسابداری") == []


# -- the returning applicant ---------------------------------------------------------------------


def test_returning_applicant_is_found_with_their_data(office, course_id):
    other = make_course(office, code="2701-00002", title="حسابداری مالی")
    first = confirm_registration(office, valid_form(course_id))
    found = find_applicant(office, "۰۰۱۲۳۴۵۶۷۹")
    assert found is not None and found.trainee_id == first.trainee_id
    assert found.form.first_name == "علی" and found.form.photo is not None
    assert found.form.birth_date == date(2000, 3, 21)
    assert any(bidi_code("2701-000001") in line for line in found.enrollments)  # isolated
    assert find_applicant(office, "0499370899") is None
    # registering again updates the same person, it does not create a second one
    again = confirm_registration(
        office, replace(found.form, **_course_fields(other), mobile="09351234567")
    )
    assert again.trainee_id == first.trainee_id
    with office.session() as session:
        assert len(session.scalars(select(Trainee)).all()) == 1
        assert session.get(Trainee, first.trainee_id).mobile == "09351234567"


def _course_fields(course_id) -> dict:
    base = valid_form(course_id)
    names = (
        "province",
        "course_kind",
        "course_id",
        "payment_method",
        "order_code",
        "payment_tracking_code",
        "file_number",
        "payment_code",
        "amount",
    )
    return {name: getattr(base, name) for name in names}


# -- tracking codes --------------------------------------------------------------------------------


def test_tracking_codes_unique_across_two_offices(tmp_path):
    offices = []
    for code in ("2701", "2702"):
        ctx = AppContext.open(tmp_path / code)
        ctx.user = system_actor()
        set_office(ctx, code=code)
        offices.append((ctx, make_course(ctx)))
    codes = []
    national_codes = ["0012345679", "0499370899", "1111111111"]
    try:
        for ctx, course in offices:
            for national in national_codes[:2]:
                codes.append(
                    confirm_registration(
                        ctx, valid_form(course, national_code=national)
                    ).tracking_code
                )
    finally:
        for ctx, _ in offices:
            ctx.close()
    assert codes == ["2701-000001", "2701-000002", "2702-000001", "2702-000002"]
    assert len(set(codes)) == len(codes)


def test_foreign_national_is_found_again_by_foreign_id(office, course_id):
    form = replace(
        valid_form(course_id), foreign_national=True, national_code="", foreign_id="123456789012"
    )
    done = confirm_registration(office, form)
    found = find_applicant(office, "۱۲۳۴۵۶۷۸۹۰۱۲")
    assert found is not None and found.trainee_id == done.trainee_id
    assert found.form.foreign_national and found.form.person_key() == "123456789012"
    again = replace(
        valid_form(course_id), foreign_national=True, national_code="", foreign_id="123456789012"
    )
    error = _refusal(office, again)
    assert error.field == "foreign_id"


def test_a_card_serves_one_registration(office, course_id):
    """Seed 000 steps 4–6: each code of the registration card is used once."""
    from desktop_app.persian import to_persian_digits

    first = valid_form(course_id)
    confirm_registration(office, first)
    for field in ("order_code", "payment_tracking_code", "file_number", "payment_code"):
        other = valid_form(course_id, national_code="0499370899")
        # typed again in Persian digits: still the same card
        setattr(other, field, to_persian_digits(getattr(first, field)))
        error = _refusal(office, other)
        assert error.field == field
        assert "یک بار مصرف" in error.message
    # a withdrawn registration frees its card
    from desktop_app.services.registration.trainees import set_enrollment_state

    with office.session() as session:
        enrollment = session.scalars(select(Enrollment)).one()
    set_enrollment_state(office, enrollment.id, enrollment.version, "withdrawn")
    again = valid_form(course_id, national_code="0499370899")
    again.order_code = first.order_code
    assert confirm_registration(office, again).tracking_code == "2701-000002"
