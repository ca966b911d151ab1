"""Registering a trainee for a course at the counter: each wizard step's checks, the
draft written on every step change, the returning applicant, and the confirmation.

- ``validate_step(ctx, step, form)`` checks the fields of one step (``STEPS``) and
  returns a normalized copy, or raises ``ServiceError(message, field)`` naming the
  field in Persian; ``validate_all`` runs every step.
- ``save_draft`` / ``latest_draft`` / ``load_draft`` / ``discard_draft``: the wizard's
  unfinished work (``RegistrationDraft``, local to the workstation).
- ``find_applicant(ctx, code)``: a trainee who registered before, by national code or
  foreign-national ID, with their data to offer in the wizard.
- ``confirm_registration(ctx, form, draft_id)``: one transaction that re-checks the
  whole form and the course (open, window, seats, gender, minimum age of the
  standard, not already enrolled), saves the trainee, the enrollment with a new
  tracking code (office code + per-office counter: unique across offices without a
  server) and the payment, and drops the draft. Any refusal names its reason and
  changes nothing.

No Qt; any thread (one short session per call, plain data in and out).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from desktop_app.documents.course import CourseInfo
from desktop_app.documents.registration_data import (
    COURSE_KINDS,
    EDUCATION_LEVELS,
    EMPLOYMENT_STATUSES,
    GENDERS,
    HEARD_FROM,
    LEVELS_WITH_FIELD,
    MARITAL_STATUSES,
    MILITARY_STATUSES,
    PAYMENT_METHODS,
    STEPS,
    RegistrationForm,
)
from desktop_app.models import (
    Enrollment,
    RegistrationDraft,
    RegistrationPayment,
    Trainee,
    enrolled,
    live,
    utcnow,
)
from desktop_app.models.numbering import IssuedCode, next_code
from desktop_app.persian import (
    ValidationError,
    age_on,
    format_jalali,
    normalize,
    normalize_code,
    search_key,
    to_ascii_digits,
    to_persian_digits,
    today,
    validate_mobile,
    validate_national_code,
    validate_phone,
    validate_postal_code,
)
from desktop_app.services.accounts import access
from desktop_app.services.core.context import AppContext
from desktop_app.services.core.errors import ServiceError
from desktop_app.services.core.records import new_record, office_code
from desktop_app.services.core.reference import PROVINCES
from desktop_app.services.courses.courses import COURSE_GENDERS
from desktop_app.services.office.settings import load_office_settings
from desktop_app.services.registration.registration_courses import OPEN_STATE, course_info_in
from desktop_app.services.registration.trainees import (
    enrollment_lines,
    enrollment_search_text,
    refresh_enrollment_search,
)
from desktop_app.sync.once_only import used_by

_FOREIGN_ID = re.compile(r"^[0-9]{12}$")
#: A code from a payment receipt, kept as printed (``F-1405-22`` stays with its dashes).
_PAYMENT_CODE = re.compile(r"^[0-9A-Za-z](?:[0-9A-Za-z/-]{2,28})[0-9A-Za-z]$")
_BIRTH_CERTIFICATE = re.compile(r"^[0-9]{1,10}$")


# -- one step at a time ------------------------------------------------------------------


def _required(value: str, label: str, field: str) -> str:
    value = normalize(value)
    if not value:
        raise ServiceError(f"«{label}» را وارد کنید.", field)
    return value


def _choice(value: str, vocabulary: dict[str, str], label: str, field: str) -> str:
    if value not in vocabulary:
        raise ServiceError(f"«{label}» را از فهرست انتخاب کنید.", field)
    return value


def _code(validator: Callable[[str], str], value: str, field: str, required: bool = True) -> str:
    if not normalize_code(value) and not required:
        return ""
    try:
        return str(validator(value))
    except ValidationError as exc:
        raise ServiceError(exc.message, field) from exc


def _step_course_kind(form: RegistrationForm) -> RegistrationForm:
    province = normalize(form.province)
    if province not in PROVINCES:
        raise ServiceError("استان را از فهرست انتخاب کنید.", "province")
    _choice(form.course_kind, COURSE_KINDS, "نوع دوره", "course_kind")
    _choice(form.gender, GENDERS, "جنسیت متقاضی", "gender")
    return replace(form, province=province)


def _step_course(session: Session, form: RegistrationForm) -> RegistrationForm:
    if not form.course_id:
        raise ServiceError("یکی از دوره‌های فهرست را انتخاب کنید.", "course_id")
    info = _course(session, form.course_id)
    if info.place_province != form.province or info.kind != form.course_kind:
        raise ServiceError(
            "این دوره با استان و نوع دورهٔ انتخاب‌شده در گام اول نمی‌خواند؛ "
            "دوره را دوباره انتخاب کنید.",
            "course_id",
        )
    course_refusal(info, form.gender, form.birth_date)
    return form


def receipt_code(text: str) -> str:
    """A code copied from a receipt, as printed: Latin digits, no spaces or invisible
    marks, its dashes and slashes kept (no silent rewriting: ``F-1405-22`` is not
    ``F140522``); any dash-like character becomes ``-``."""
    value = normalize(text or "")
    value = re.sub(r"[\u2010-\u2015\u2212\u0640]", "-", to_ascii_digits(value))
    return re.sub(r"\s+", "", value)


def _step_payment(form: RegistrationForm) -> RegistrationForm:
    _choice(form.payment_method, PAYMENT_METHODS, "روش پرداخت", "payment_method")
    if form.amount is None or form.amount < 0:
        raise ServiceError("مبلغ کارت ثبت‌نام را وارد کنید.", "amount")
    if form.payment_method == "counter":
        return replace(
            form, order_code="", payment_tracking_code="", file_number="", payment_code=""
        )
    codes: dict[str, Any] = {}
    for field, label in (
        ("order_code", "کد سفارش"),
        ("payment_tracking_code", "کد پیگیری پرداخت"),
        ("file_number", "شمارهٔ پرونده"),
        ("payment_code", "کد پرداخت"),
    ):
        value = receipt_code(getattr(form, field))
        if not value:
            raise ServiceError(f"«{label}» را از رسید سامانهٔ پرداخت وارد کنید.", field)
        if not _PAYMENT_CODE.match(value):
            raise ServiceError(
                f"«{label}» باید ۴ تا ۳۰ رقم، حرف لاتین یا خط تیره باشد، همان‌طور که در "
                "رسید آمده است.",
                field,
            )
        codes[field] = value
    return replace(form, **codes)


_CARD_FIELDS = (
    ("order_code", "order_code", "کد سفارش"),
    ("payment_tracking_code", "tracking_code", "کد پیگیری پرداخت"),
    ("file_number", "file_number", "شمارهٔ پرونده"),
    ("payment_code", "payment_code", "کد پرداخت"),
)


def _refuse_if_card_used(session: Session, form: RegistrationForm) -> None:
    """Each code of a registration card serves one live registration (not withdrawn)."""
    for field, column, label in _CARD_FIELDS:
        value = getattr(form, field)
        payment = used_by(session, RegistrationPayment, column, value)
        if payment is None:
            continue
        enrollment = session.get(Enrollment, payment.enrollment_id)
        code = enrollment.tracking_code if enrollment is not None else ""
        raise ServiceError(
            f"«{label}» {to_persian_digits(value)} پیش‌تر برای ثبت‌نامِ "
            f"{to_persian_digits(code)} به کار رفته است؛ هر کارت ثبت‌نام یک بار مصرف "
            "می‌شود. رسید را دوباره بخوانید یا کارت دیگری تهیه کنید.",
            field,
        )


def _step_personal(form: RegistrationForm, on: date) -> RegistrationForm:
    if form.foreign_national:
        foreign_id = normalize_code(form.foreign_id)
        if not foreign_id:
            raise ServiceError("«شناسهٔ فراگیر اتباع» را وارد کنید.", "foreign_id")
        if not _FOREIGN_ID.match(foreign_id):
            raise ServiceError(
                "شناسهٔ فراگیر اتباع باید ۱۲ رقم باشد؛ "
                f"{to_persian_digits(len(foreign_id))} نویسه وارد شده است.",
                "foreign_id",
            )
        national_code = ""
    else:
        national_code = _code(validate_national_code, form.national_code, "national_code")
        foreign_id = ""
    first_name = _required(form.first_name, "نام", "first_name")
    last_name = _required(form.last_name, "نام خانوادگی", "last_name")
    father_name = _required(form.father_name, "نام پدر", "father_name")
    certificate = normalize_code(form.birth_certificate_number)
    if not form.foreign_national:
        if not certificate:
            raise ServiceError("«شمارهٔ شناسنامه» را وارد کنید.", "birth_certificate_number")
        if not _BIRTH_CERTIFICATE.match(certificate):
            raise ServiceError(
                "شمارهٔ شناسنامه باید فقط رقم باشد (حداکثر ۱۰ رقم).", "birth_certificate_number"
            )
    if form.birth_date is None:
        raise ServiceError("«تاریخ تولد» را وارد کنید.", "birth_date")
    if form.birth_date >= on:
        raise ServiceError("تاریخ تولد باید پیش از امروز باشد.", "birth_date")
    if age_on(form.birth_date, on) > 100:
        raise ServiceError("تاریخ تولد درست به نظر نمی‌رسد (بیش از ۱۰۰ سال).", "birth_date")
    birthplace = _required(form.birthplace, "محل تولد", "birthplace")
    gender = _choice(form.gender, GENDERS, "جنسیت", "gender")
    marital = _choice(form.marital_status, MARITAL_STATUSES, "وضعیت تأهل", "marital_status")
    military = ""
    if gender == "male":
        military = _choice(
            form.military_status, MILITARY_STATUSES, "وضعیت نظام وظیفه", "military_status"
        )
    disability_kind = normalize(form.disability_kind) if form.disability else ""
    if form.disability and not disability_kind:
        raise ServiceError("«نوع معلولیت» را وارد کنید.", "disability_kind")
    mobile = _code(validate_mobile, form.mobile, "mobile")
    phone = _code(validate_phone, form.phone, "phone", required=False)
    address = _required(form.address, "نشانی", "address")
    postal_code = _code(validate_postal_code, form.postal_code, "postal_code", required=False)
    return replace(
        form,
        national_code=national_code,
        foreign_id=foreign_id,
        first_name=first_name,
        last_name=last_name,
        father_name=father_name,
        birth_certificate_number=certificate,
        birthplace=birthplace,
        marital_status=marital,
        military_status=military,
        disability_kind=disability_kind,
        mobile=mobile,
        phone=phone,
        address=address,
        postal_code=postal_code,
    )


def _step_photo(form: RegistrationForm) -> RegistrationForm:
    if not form.photo:
        raise ServiceError("عکس پرسنلی متقاضی را از یک پرونده انتخاب کنید.", "photo")
    return form


def _step_education(form: RegistrationForm) -> RegistrationForm:
    level = _choice(form.education_level, EDUCATION_LEVELS, "مقطع تحصیلی", "education_level")
    field_of_study = normalize(form.education_field)
    if level in LEVELS_WITH_FIELD and not field_of_study:
        raise ServiceError("«رشتهٔ تحصیلی» را وارد کنید.", "education_field")
    _choice(form.employment_status, EMPLOYMENT_STATUSES, "وضعیت اشتغال", "employment_status")
    _choice(form.heard_from, HEARD_FROM, "نحوهٔ آشنایی با دوره", "heard_from")
    return replace(form, education_level=level, education_field=field_of_study)


def _check_step(session: Session, step: str, form: RegistrationForm, on: date) -> RegistrationForm:
    if step == "course_kind":
        return _step_course_kind(form)
    if step == "course":
        return _step_course(session, form)
    if step == "payment":
        clean = _step_payment(form)
        _refuse_if_card_used(session, clean)
        return clean
    if step == "personal":
        clean = _step_personal(form, on)
        if clean.course_id:
            info = _course(session, clean.course_id)
            course_refusal(info, clean.gender, clean.birth_date)
            _refuse_if_enrolled(session, clean, info)
        return clean
    if step == "photo":
        return _step_photo(form)
    if step == "education":
        return _step_education(form)
    if step == "review":
        return form
    raise ValueError(f"unknown step {step!r}")


@access.operation(access.SIGNED_IN)
def validate_step(
    ctx: AppContext, step: str, form: RegistrationForm, on: date | None = None
) -> RegistrationForm:
    """A normalized copy of ``form`` once the fields of ``step`` pass their checks."""
    with ctx.session() as session:
        return _check_step(session, step, form, on or today())


@access.operation(access.SIGNED_IN)
def validate_all(
    ctx: AppContext, form: RegistrationForm, on: date | None = None
) -> RegistrationForm:
    with ctx.session() as session:
        return _all_steps(session, form, on or today())


def _all_steps(session: Session, form: RegistrationForm, on: date) -> RegistrationForm:
    for step in STEPS:
        form = _check_step(session, step, form, on)
    return form


# -- the course rules --------------------------------------------------------------------


def _course(session: Session, course_id: str) -> CourseInfo:
    try:
        key = uuid.UUID(str(course_id))
    except ValueError:
        key = None
    info = course_info_in(session, key) if key is not None else None
    if info is None:
        raise ServiceError("دورهٔ انتخاب‌شده پیدا نشد؛ شاید حذف شده باشد.", "course_id")
    return info


def course_refusal(
    info: CourseInfo, gender: str, birth_date: date | None, on: date | None = None
) -> None:
    """Raise ``ServiceError`` naming why ``info`` cannot take this applicant now."""
    on = on or today()
    name = f"«{info.standard_title}»"
    if info.state != OPEN_STATE:
        raise ServiceError(f"ثبت‌نام دورهٔ {name} باز نیست.", "course_id")
    if not info.window_open(on):
        window = (
            f"{format_jalali(info.registration_open)} تا {format_jalali(info.registration_close)}"
        )
        raise ServiceError(f"مهلت ثبت‌نام دورهٔ {name} ({window}) امروز نیست.", "course_id")
    if info.free_seats <= 0:
        raise ServiceError(
            f"ظرفیت دورهٔ {name} ({to_persian_digits(info.capacity)} نفر) پر شده است.",
            "course_id",
        )
    if gender and not info.admits(gender):
        for_whom = COURSE_GENDERS.get(
            info.gender if info.gender != "mixed" else info.standard_gender, ""
        )
        raise ServiceError(
            f"دورهٔ {name} ویژهٔ {for_whom} است و جنسیت متقاضی با آن نمی‌خواند.", "gender"
        )
    if birth_date is not None and info.min_age:
        start = info.start_date or on
        age = age_on(birth_date, start) if birth_date <= start else 0
        if age < info.min_age:
            raise ServiceError(
                f"حداقل سن استاندارد {name} {to_persian_digits(info.min_age)} سال است؛ "
                f"متقاضی در آغاز دوره {to_persian_digits(age)} ساله است.",
                "birth_date",
            )


def _person_filter(form: RegistrationForm) -> ColumnElement[bool]:
    if form.foreign_national:
        return Trainee.foreign_id == form.foreign_id
    return Trainee.national_code == form.national_code


def _refuse_if_enrolled(session: Session, form: RegistrationForm, info: CourseInfo) -> None:
    already = session.scalar(
        select(Enrollment.tracking_code)
        .join(Trainee, Trainee.id == Enrollment.trainee_id)
        .where(
            _person_filter(form),
            live(Trainee),
            Enrollment.course_id == info.id,
            enrolled(),
        )
    )
    if already is not None:
        raise ServiceError(
            f"این متقاضی در دورهٔ «{info.standard_title}» ثبت‌نام کرده است (کد رهگیری {already}).",
            "national_code" if not form.foreign_national else "foreign_id",
        )


# -- drafts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Draft:
    id: uuid.UUID
    step: int
    form: RegistrationForm


@access.operation(access.ENTER)
def save_draft(
    ctx: AppContext, draft_id: uuid.UUID | None, step: int, form: RegistrationForm
) -> uuid.UUID:
    """Write the wizard's step and fields; returns the draft's id (new when None)."""
    with ctx.session() as session:
        row = session.get(RegistrationDraft, draft_id) if draft_id is not None else None
        if row is None:
            row = new_record(session, RegistrationDraft, draft_id)
        row.step = step
        row.data = form.to_json()
        session.flush()
        return row.id


@access.operation(access.ENTER)
def advance(
    ctx: AppContext, draft_id: uuid.UUID | None, step: int, form: RegistrationForm
) -> tuple[uuid.UUID, RegistrationForm]:
    """The wizard's "next": check step ``step`` and write the draft at the next step.

    Returns the draft's id and the normalized form; a refusal writes nothing."""
    clean = validate_step(ctx, STEPS[step], form)
    return save_draft(ctx, draft_id, min(step + 1, len(STEPS) - 1), clean), clean


def _draft(row: RegistrationDraft) -> Draft:
    return Draft(row.id, row.step, RegistrationForm.from_json(dict(row.data or {})))


@access.operation(access.SIGNED_IN)
def latest_draft(ctx: AppContext) -> Draft | None:
    """The most recently written unfinished registration of this workstation."""
    with ctx.session() as session:
        row = session.scalars(
            select(RegistrationDraft)
            .where(live(RegistrationDraft))
            .order_by(RegistrationDraft.updated_at.desc())
            .limit(1)
        ).first()
        return _draft(row) if row is not None else None


@access.operation(access.SIGNED_IN)
def load_draft(ctx: AppContext, draft_id: uuid.UUID) -> Draft | None:
    with ctx.session() as session:
        row = session.get(RegistrationDraft, draft_id)
        return _draft(row) if row is not None and row.deleted_at is None else None


@access.operation(access.ENTER)
def discard_draft(ctx: AppContext, draft_id: uuid.UUID) -> None:
    """Forget a draft (local, never synced: it is really deleted)."""
    with ctx.session() as session:
        row = session.get(RegistrationDraft, draft_id)
        if row is not None:
            session.delete(row)


# -- the returning applicant ---------------------------------------------------------------


@dataclass(frozen=True)
class Applicant:
    """A trainee found again: their stored data as a form, and their enrollments."""

    trainee_id: uuid.UUID
    form: RegistrationForm
    enrollments: tuple[str, ...]  # "standard — tracking code (state)"


_PERSON_FIELDS = (
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


@access.operation(access.SIGNED_IN)
def find_applicant(ctx: AppContext, code: str) -> Applicant | None:
    """The live trainee whose national code or foreign-national ID is ``code``."""
    key = normalize_code(code)
    if not key:
        return None
    try:
        key = validate_national_code(key)
    except ValidationError:
        pass
    with ctx.session() as session:
        row = session.scalars(
            select(Trainee).where(
                (Trainee.national_code == key) | (Trainee.foreign_id == key),
                live(Trainee),
            )
        ).first()
        if row is None:
            return None
        form = RegistrationForm(
            trainee_id=str(row.id), **{name: getattr(row, name) for name in _PERSON_FIELDS}
        )
        return Applicant(row.id, form, tuple(enrollment_lines(session, row.id)))


# -- confirmation --------------------------------------------------------------------------


@dataclass(frozen=True)
class Confirmation:
    enrollment_id: uuid.UUID
    trainee_id: uuid.UUID
    tracking_code: str


def next_tracking_code(session: Session, office: str) -> IssuedCode:
    """The next tracking code of this counter (``2701-2-000017``; ``models.numbering``)."""
    return next_code(session, Enrollment, office)


@access.operation(access.ENTER)
def confirm_registration(
    ctx: AppContext,
    form: RegistrationForm,
    draft_id: uuid.UUID | None = None,
    on: date | None = None,
) -> Confirmation:
    """Enroll the applicant in one transaction; refused with the reason named."""
    on = on or today()
    fee = load_office_settings(ctx).registration_fee
    with ctx.session() as session:
        office = office_code(session)
        if not office:
            raise ServiceError(
                "کد اداره در تنظیمات ثبت نشده است؛ کد رهگیری بدون آن ساخته نمی‌شود. "
                "ابتدا در بخش تنظیمات کد اداره را وارد کنید."
            )
        clean = _all_steps(session, form, on)
        info = _course(session, clean.course_id)
        course_refusal(info, clean.gender, clean.birth_date, on)
        _refuse_if_enrolled(session, clean, info)
        trainee = session.scalars(
            select(Trainee).where(_person_filter(clean), live(Trainee))
        ).first()
        if trainee is None:
            trainee = new_record(session, Trainee)
        for name in _PERSON_FIELDS:
            setattr(trainee, name, getattr(clean, name))
        trainee.search_text = trainee_search_text(trainee)
        session.flush()
        issued = next_tracking_code(session, office)
        code = issued.code
        enrollment = new_record(session, Enrollment)
        enrollment.trainee_id = trainee.id
        enrollment.course_id = info.id
        issued.assign(enrollment)
        enrollment.state = "registered"
        enrollment.confirmed_at = utcnow()
        enrollment.search_text = enrollment_search_text(
            trainee, code, info.code, info.standard_title
        )
        session.flush()
        refresh_enrollment_search(session, trainee)  # their other enrollments
        payment = new_record(session, RegistrationPayment)
        payment.enrollment_id = enrollment.id
        payment.method = clean.payment_method
        payment.order_code = clean.order_code
        payment.tracking_code = clean.payment_tracking_code
        payment.file_number = clean.file_number
        payment.payment_code = clean.payment_code
        payment.amount = clean.amount if clean.amount is not None else fee
        if draft_id is not None:
            draft = session.get(RegistrationDraft, draft_id)
            if draft is not None:
                session.delete(draft)
        session.flush()
        return Confirmation(enrollment.id, trainee.id, code)


def trainee_search_text(trainee: Trainee) -> str:
    return search_key(
        " ".join(
            [
                trainee.first_name,
                trainee.last_name,
                trainee.father_name,
                trainee.national_code,
                trainee.foreign_id,
                trainee.mobile,
            ]
        )
    )
