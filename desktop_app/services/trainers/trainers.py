"""Trainer records (اطلاعات مربیان): validate, save with their education and
retraining rows, get, delete, photo, find by national code, and the paged list.

``validated(data)`` normalizes a ``TrainerData`` and raises ``ServiceError(message,
field)`` with a Persian message naming the field (row problems name the row and go to
the field ``"education"`` or ``"retraining"``). ``save_trainer`` creates (no ``id``)
or updates (``version`` must match) the trainer and its rows in ONE transaction: new
rows become records, changed rows are updated, rows no longer listed are tombstoned,
and ``position`` keeps the clerk's order. A change to the rows alone still raises the
trainer's version, so a second form open on the same trainer is refused.

No Qt; any thread (one short session per call; plain data in and out).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import String, cast, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from desktop_app.documents.trainer_data import (
    EMPLOYMENT_TYPES,
    GENDERS,
    EducationRow,
    RetrainingRow,
    TrainerData,
)
from desktop_app.models import Place, Retraining, Trainer, TrainerEducation, live
from desktop_app.models.base import utcnow
from desktop_app.models.limits import text_lengths
from desktop_app.persian import (
    ValidationError,
    age_on,
    format_jalali,
    normalize,
    normalize_code,
    search_key,
    sort_key,
    to_ascii_digits,
    to_jalali,
    to_persian_digits,
    today,
    validate_mobile,
    validate_national_code,
)
from desktop_app.persian.bidi import code as bidi_code
from desktop_app.services.accounts import access
from desktop_app.services.core.context import AppContext
from desktop_app.services.core.dependents import TRAINER_COURSES, refuse_if_depended
from desktop_app.services.core.errors import NotFoundError, ServiceError
from desktop_app.services.core.images import PERSONNEL, photo_size, prepare_photo
from desktop_app.services.core.listing import (
    CodeLookup,
    Listing,
    ListQuery,
    like_pattern,
    national_code_word,
)
from desktop_app.services.core.records import live_record, new_record, record_for_update

__all__ = [
    "EMPLOYMENT_TYPES",
    "GENDERS",
    "TRAINERS",
    "TRAINER_NOT_FOUND",
    "TrainerRow",
    "clear_trainer_photo",
    "count_trainers",
    "delete_trainer",
    "find_trainer",
    "get_trainer",
    "normalize_standard_code",
    "save_trainer",
    "set_trainer_photo",
    "trainer_name_sort",
    "trainer_page",
    "validated",
]

TRAINER_NOT_FOUND = "این مربی پیدا نشد؛ شاید حذف شده باشد."
#: Text lengths of the trainer form's fields (the model's ``String(n)`` columns).
TRAINER_LENGTHS = text_lengths(Trainer)
MIN_AGE_AT_HIRE = 18
MAX_RETRAINING_HOURS = 2000
#: A skill-standard code: digits with "-", "/" or "." between them, e.g. 7-23/42/1/4
#: (the older format) or 16 digits (the national standards system).
_STANDARD_CODE = re.compile(r"^[0-9]+(?:[-/.][0-9]+)*$")
_INVISIBLES = re.compile(r"[\s\u200c\u200d\u200e\u200f]+")


def _fa(value: object) -> str:
    return to_persian_digits(value)


def normalize_standard_code(text: str | None) -> str:
    """A standard code as stored: Latin digits, no spaces; "-" and "/" kept."""
    return _INVISIBLES.sub("", to_ascii_digits(normalize(text)))


def _standard_code(text: str, field: str, where: str = "") -> str:
    code = normalize_standard_code(text)
    if code and (len(code) > 40 or not _STANDARD_CODE.match(code)):
        raise ServiceError(
            f"{where}کد استاندارد «{_fa(code)}» درست نیست؛ کد از رقم‌هایی ساخته می‌شود که با "
            f"«-» یا «/» جدا شده‌اند، مثل {bidi_code('7-23/42/1/4')}.",
            field,
        )
    return code


def _required(value: str, message: str, field: str) -> str:
    value = normalize(value)
    if not value:
        raise ServiceError(message, field)
    return value


def _unique(values: Sequence[str]) -> list[str]:
    seen: list[str] = []
    for value in values:
        if value and value not in seen:
            seen.append(value)
    return seen


# -- validation --------------------------------------------------------------------------


def validated(data: TrainerData, on: date | None = None) -> TrainerData:
    """A normalized copy of ``data``, or ``ServiceError`` naming the first bad field.

    ``on`` is "today" for the date checks (tests pass a fixed day).
    """
    now = on or today()
    first_name = _required(data.first_name, "نام مربی را وارد کنید.", "first_name")
    last_name = _required(data.last_name, "نام خانوادگی مربی را وارد کنید.", "last_name")
    try:
        national_code = validate_national_code(data.national_code)
    except ValidationError as exc:
        raise ServiceError(exc.message, "national_code") from exc
    certificate = normalize_code(data.birth_certificate_number)
    if certificate and not (certificate.isascii() and certificate.isdigit()):
        raise ServiceError("شمارهٔ شناسنامه فقط باید رقم داشته باشد.", "birth_certificate_number")
    if len(certificate) > 10:
        raise ServiceError("شمارهٔ شناسنامه بیش از ۱۰ رقم است.", "birth_certificate_number")
    if data.gender not in GENDERS:
        raise ServiceError("جنسیت را انتخاب کنید.", "gender")
    mobile = ""
    if normalize_code(data.mobile):
        try:
            mobile = validate_mobile(data.mobile)
        except ValidationError as exc:
            raise ServiceError(exc.message, "mobile") from exc
    _check_dates(data, now)
    if data.employment_type not in EMPLOYMENT_TYPES:
        raise ServiceError("نوع استخدام را از فهرست انتخاب کنید.", "employment_type")
    if data.place_id is None:
        raise ServiceError("محل خدمت مربی را انتخاب کنید.", "place_id")
    groups = _unique([normalize(g) for g in data.occupation_groups])
    codes = _unique([_standard_code(c, "standard_codes") for c in data.standard_codes])
    birth_year = to_jalali(data.birth_date)[0] if data.birth_date else None
    # Row numbers count every row as the form shows it; blank rows are dropped.
    education = [
        _education_row(row, n, birth_year, to_jalali(now)[0])
        for n, row in enumerate(data.education, start=1)
        if not row.is_blank()
    ]
    retraining = [
        _retraining_row(row, n, data.birth_date, now)
        for n, row in enumerate(data.retraining, start=1)
        if not row.is_blank()
    ]
    return replace(
        data,
        first_name=first_name,
        last_name=last_name,
        father_name=normalize(data.father_name),
        national_code=national_code,
        birth_certificate_number=certificate,
        mobile=mobile,
        address=normalize(data.address, keep_newlines=True),
        occupation_groups=groups,
        standard_codes=codes,
        grade=normalize(data.grade),
        education=education,
        retraining=retraining,
    )


def _check_dates(data: TrainerData, now: date) -> None:
    birth, hire = data.birth_date, data.hire_date
    if birth is not None:
        if birth > now:
            raise ServiceError("تاریخ تولد نمی‌تواند در آینده باشد.", "birth_date")
        if age_on(birth, now) < MIN_AGE_AT_HIRE:
            raise ServiceError(
                f"مربی باید دست‌کم {_fa(MIN_AGE_AT_HIRE)} سال داشته باشد؛ تاریخ تولد را بررسی کنید.",
                "birth_date",
            )
        if age_on(birth, now) > 100:
            raise ServiceError("تاریخ تولد درست به نظر نمی‌رسد (بیش از ۱۰۰ سال).", "birth_date")
    if hire is not None:
        if hire > now:
            raise ServiceError("تاریخ استخدام نمی‌تواند در آینده باشد.", "hire_date")
        if birth is not None and (hire <= birth or age_on(birth, hire) < MIN_AGE_AT_HIRE):
            raise ServiceError(
                f"تاریخ استخدام ({format_jalali(hire)}) باید دست‌کم {_fa(MIN_AGE_AT_HIRE)} سال "
                f"پس از تاریخ تولد ({format_jalali(birth)}) باشد.",
                "hire_date",
            )


def _education_row(
    row: EducationRow, n: int, birth_year: int | None, this_year: int
) -> EducationRow:
    where = f"ردیف {_fa(n)} سوابق تحصیلی: "
    degree = _required(row.degree, f"{where}مقطع تحصیلی را وارد کنید.", "education")
    field = _required(row.field, f"{where}رشتهٔ تحصیلی را وارد کنید.", "education")
    year = row.graduation_year
    if year is not None:
        if 1900 <= year <= 2100:
            raise ServiceError(
                f"{where}سال فراغت از تحصیل {_fa(year)} میلادی به نظر می‌رسد؛ سال شمسی "
                "وارد کنید (مثلاً ۱۳۹۵).",
                "education",
            )
        low = birth_year + 10 if birth_year else 1300
        if not low <= year <= this_year:
            raise ServiceError(
                f"{where}سال فراغت از تحصیل باید بین {_fa(low)} و {_fa(this_year)} باشد.",
                "education",
            )
    return replace(row, degree=degree, field=field, university=normalize(row.university))


def _retraining_row(row: RetrainingRow, n: int, birth: date | None, now: date) -> RetrainingRow:
    where = f"ردیف {_fa(n)} بازآموزی: "
    title = _required(row.course_title, f"{where}عنوان دوره را وارد کنید.", "retraining")
    code = _standard_code(row.standard_code, "retraining", where)
    if row.hours is not None and not 1 <= row.hours <= MAX_RETRAINING_HOURS:
        raise ServiceError(
            f"{where}ساعت دوره باید عددی مثبت و حداکثر {_fa(MAX_RETRAINING_HOURS)} باشد.",
            "retraining",
        )
    start, end = row.start_date, row.end_date
    if start is None:
        raise ServiceError(f"{where}تاریخ شروع دوره را وارد کنید.", "retraining")
    if end is not None and end < start:
        raise ServiceError(
            f"{where}تاریخ پایان ({format_jalali(end)}) پیش از تاریخ شروع "
            f"({format_jalali(start)}) است.",
            "retraining",
        )
    if start > now:
        raise ServiceError(f"{where}تاریخ شروع دوره نمی‌تواند در آینده باشد.", "retraining")
    if birth is not None and start <= birth:
        raise ServiceError(f"{where}تاریخ شروع دوره پیش از تاریخ تولد است.", "retraining")
    return replace(
        row,
        course_title=title,
        standard_code=code,
        certificate_number=to_ascii_digits(normalize(row.certificate_number)),
    )


# -- storage -----------------------------------------------------------------------------

_TRAINER_FIELDS = (
    "first_name",
    "last_name",
    "father_name",
    "national_code",
    "birth_certificate_number",
    "birth_date",
    "gender",
    "mobile",
    "address",
    "employment_type",
    "place_id",
    "occupation_groups",
    "standard_codes",
    "hire_date",
    "grade",
    "active",
)
_EDUCATION_FIELDS = ("degree", "field", "university", "graduation_year")
_RETRAINING_FIELDS = (
    "course_title",
    "standard_code",
    "hours",
    "start_date",
    "end_date",
    "certificate_number",
)


def trainer_search_text(data: TrainerData | Trainer) -> str:
    return search_key(
        " ".join(
            [data.first_name, data.last_name, data.father_name, data.national_code, data.mobile]
        )
    )


def trainer_name_sort(first_name: str, last_name: str) -> str:
    """The stored sort key of a trainer: family name, then first name, in Persian order."""
    return sort_key(f"{last_name} {first_name}")


def _live_trainer(session: Session, trainer_id: object) -> Trainer:
    return live_record(session, Trainer, trainer_id, TRAINER_NOT_FOUND)


def _rows(session: Session, model: Any, trainer_id: uuid.UUID) -> list[Any]:
    stmt = (
        select(model)
        .where(model.trainer_id == trainer_id, live(model))
        .order_by(model.position, model.created_at)
    )
    return list(session.scalars(stmt))


def _trainer_data(session: Session, row: Trainer) -> TrainerData:
    values = {name: getattr(row, name) for name in _TRAINER_FIELDS}
    values["occupation_groups"] = list(row.occupation_groups or [])
    values["standard_codes"] = list(row.standard_codes or [])
    education = [
        EducationRow(id=e.id, **{f: getattr(e, f) for f in _EDUCATION_FIELDS})
        for e in _rows(session, TrainerEducation, row.id)
    ]
    retraining = [
        RetrainingRow(id=r.id, **{f: getattr(r, f) for f in _RETRAINING_FIELDS})
        for r in _rows(session, Retraining, row.id)
    ]
    return TrainerData(
        id=row.id,
        version=row.version,
        photo=row.photo,
        education=education,
        retraining=retraining,
        **values,
    )


@access.operation(access.SIGNED_IN)
def get_trainer(ctx: AppContext, trainer_id: uuid.UUID) -> TrainerData:
    """The trainer with photo and rows (``NotFoundError`` if missing or deleted)."""
    with ctx.session() as session:
        return _trainer_data(session, _live_trainer(session, trainer_id))


@access.operation(access.SIGNED_IN)
def find_trainer(ctx: AppContext, national_code_or_id: str) -> TrainerData:
    """The live trainer with this national code (any digit script) or record id."""
    key = normalize_code(national_code_or_id)
    with ctx.session() as session:
        code = key.zfill(10) if key.isascii() and key.isdigit() else key
        row = session.scalars(
            select(Trainer).where(Trainer.national_code == code, live(Trainer))
        ).first()
        if row is None:
            try:
                row = _live_trainer(session, key)
            except NotFoundError:
                raise NotFoundError(
                    f"مربی با کد ملی {_fa(national_code_or_id)} پیدا نشد."
                ) from None
        return _trainer_data(session, row)


def _stored_photo(photo: bytes | None) -> bytes | None:
    """Photo bytes as stored: what ``prepare_photo`` made passes; anything else is prepared."""
    if photo is None:
        return None
    if photo[:3] == b"\xff\xd8\xff":
        try:
            width, height = photo_size(photo)
        except Exception:  # unreadable: prepare_photo gives the message
            pass
        else:
            if width <= PERSONNEL.max_width and height <= PERSONNEL.max_height:
                return photo
    return prepare_photo(photo, PERSONNEL)


@access.operation(access.ENTER)
def save_trainer(ctx: AppContext, data: TrainerData) -> TrainerData:
    """Create or update a trainer with its rows in one transaction; returns it as stored."""
    clean = validated(data)
    photo = _stored_photo(clean.photo)
    with ctx.session() as session:
        _check_place(session, clean.place_id)
        same_code = select(Trainer).where(
            Trainer.national_code == clean.national_code, live(Trainer)
        )
        if clean.id is not None:
            same_code = same_code.where(Trainer.id != clean.id)
        clash = session.scalars(same_code).first()
        if clash is not None:
            raise ServiceError(
                f"کد ملی {_fa(clean.national_code)} برای مربی دیگری "
                f"(«{clash.first_name} {clash.last_name}») ثبت شده است.",
                "national_code",
            )
        if clean.id is None:
            row = new_record(session, Trainer)
        else:
            row = record_for_update(session, Trainer, clean.id, clean.version, TRAINER_NOT_FOUND)
        with session.no_autoflush:  # one flush at the end: the version rises once
            for name in _TRAINER_FIELDS:
                if getattr(row, name) != getattr(clean, name):
                    setattr(row, name, getattr(clean, name))
            if row.photo != photo:
                row.photo = photo
            row.search_text = trainer_search_text(clean)
            row.name_sort = trainer_name_sort(clean.first_name, clean.last_name)
            trainer_changed = session.is_modified(row)
        if clean.id is None:
            session.flush()  # no relationship orders the inserts: the trainer goes first
        with session.no_autoflush:
            rows_changed = _sync_rows(
                session, row, TrainerEducation, clean.education, _EDUCATION_FIELDS, "education"
            )
            rows_changed |= _sync_rows(
                session, row, Retraining, clean.retraining, _RETRAINING_FIELDS, "retraining"
            )
            if rows_changed and clean.id is not None and not trainer_changed:
                row.updated_at = utcnow()  # only the rows changed: the trainer's version rises
        session.flush()
        return _trainer_data(session, row)


def _check_place(session: Session, place_id: uuid.UUID | None) -> None:
    place = session.get(Place, place_id) if place_id is not None else None
    if place is None or place.deleted_at is not None:
        raise ServiceError("محل خدمتِ انتخاب‌شده پیدا نشد؛ مکان دیگری انتخاب کنید.", "place_id")


def _sync_rows(
    session: Session,
    trainer: Trainer,
    model: Any,
    wanted: Sequence[EducationRow | RetrainingRow],
    fields: Sequence[str],
    field: str,
) -> bool:
    """Make the trainer's live rows of ``model`` what ``wanted`` says; True if any changed."""
    existing = {r.id: r for r in _rows(session, model, trainer.id)}
    changed = False
    for position, item in enumerate(wanted):
        if item.id is None:
            record = new_record(session, model)
            record.trainer_id = trainer.id
            changed = True
        else:
            found = existing.pop(item.id, None)
            if found is None:
                raise ServiceError(
                    "ردیفی از این فرم جای دیگری حذف شده است؛ فرم را ببندید و دوباره باز کنید.",
                    field,
                )
            record = found
        for name in (*fields, "position"):
            value = position if name == "position" else getattr(item, name)
            if getattr(record, name) != value:
                setattr(record, name, value)
                changed = True
    for leftover in existing.values():
        leftover.mark_deleted()
        changed = True
    return changed


@access.operation(access.DELETE)
def delete_trainer(ctx: AppContext, trainer_id: uuid.UUID) -> None:
    """Tombstone a trainer and their rows (the national code is free again); refused
    while the trainer teaches an unfinished course."""
    with ctx.session() as session:
        row = _live_trainer(session, trainer_id)
        name = f"{row.first_name} {row.last_name}"
        refuse_if_depended(session, f"مربی «{name}»", row.id, (TRAINER_COURSES,))
        for model in (TrainerEducation, Retraining):
            for child in _rows(session, model, row.id):
                child.mark_deleted()
        row.mark_deleted()


@access.operation(access.ENTER)
def set_trainer_photo(
    ctx: AppContext, trainer_id: uuid.UUID, source: str | Path | bytes
) -> TrainerData:
    """Store ``source`` (a path or bytes, any common format) as the trainer's photo."""
    photo = prepare_photo(source, PERSONNEL)
    with ctx.session() as session:
        row = _live_trainer(session, trainer_id)
        row.photo = photo
        session.flush()
        return _trainer_data(session, row)


@access.operation(access.ENTER)
def clear_trainer_photo(ctx: AppContext, trainer_id: uuid.UUID) -> TrainerData:
    """Remove the trainer's photo."""
    with ctx.session() as session:
        row = _live_trainer(session, trainer_id)
        if row.photo is not None:
            row.photo = None
        session.flush()
        return _trainer_data(session, row)


# -- list ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrainerRow:
    """One line of the trainers list."""

    id: uuid.UUID
    last_name: str
    first_name: str
    national_code: str
    place_name: str | None
    employment_type: str
    mobile: str
    hire_date: date | None
    active: bool

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


def _in_occupation_group(group: str) -> ColumnElement[bool]:
    """Trainers whose occupation groups hold ``group`` (the JSON text of the list holds
    it as ``json.dumps`` writes it)."""
    encoded = json.dumps(normalize(group))
    return cast(Trainer.occupation_groups, String).like(like_pattern(encoded), escape="\\")


TRAINERS: Listing[TrainerRow] = Listing(
    model=Trainer,
    row=TrainerRow,
    columns={
        "id": Trainer.id,
        "last_name": Trainer.last_name,
        "first_name": Trainer.first_name,
        "national_code": Trainer.national_code,
        "place_name": Place.name,
        "employment_type": Trainer.employment_type,
        "mobile": Trainer.mobile,
        "hire_date": Trainer.hire_date,
        "active": Trainer.active,
    },
    search_column=Trainer.search_text,
    filters={
        "place_id": Trainer.place_id,
        "employment_type": Trainer.employment_type,
        "active": Trainer.active,
        "occupation_group": _in_occupation_group,
    },
    sort_keys={"last_name": Trainer.name_sort},
    default_sort="last_name",
    codes={"national_code": CodeLookup(Trainer.national_code, national_code_word)},
    join=lambda stmt: stmt.outerjoin(Place, Place.id == Trainer.place_id),
)


@access.operation(access.SIGNED_IN)
def count_trainers(ctx: AppContext, query: ListQuery) -> int:
    return TRAINERS.count(ctx, query)


@access.operation(access.SIGNED_IN)
def trainer_page(ctx: AppContext, query: ListQuery, offset: int, limit: int) -> list[TrainerRow]:
    """One page of the list; national codes and mobiles masked unless the actor may see them."""
    return TRAINERS.page(ctx, query, offset, limit)  # masked by Listing.page
