"""Counseling sessions (مشاوره) for applicants: who, when, counselor, topic, the
standards recommended, the advice given and the outcome.

An applicant may be counseled before any registration: the session stores their name,
national code (optional; checked when given) and mobile itself, and links to the
trainee with that national code when there is one (``trainee_id``), so a trainee's
sessions are found either way. ``COUNSELING`` is the list (``services.core.listing``).

No Qt; any thread (one short session per call, plain data in and out).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select

from desktop_app.models import Counseling, Trainee, live
from desktop_app.models.limits import text_lengths
from desktop_app.persian import (
    ValidationError,
    normalize,
    normalize_code,
    search_key,
    today,
    validate_mobile,
    validate_national_code,
)
from desktop_app.services.accounts import access
from desktop_app.services.core.context import AppContext
from desktop_app.services.core.errors import ServiceError
from desktop_app.services.core.listing import CodeLookup, Listing, ListQuery, national_code_word
from desktop_app.services.core.records import live_record, new_record, record_for_update

TOPICS: dict[str, str] = {
    "course_choice": "انتخاب دوره",
    "career": "مسیر شغلی",
    "employment": "اشتغال و کارآفرینی",
}
OUTCOMES: dict[str, str] = {
    "will_register": "ثبت‌نام خواهد کرد",
    "registered": "ثبت‌نام کرد",
    "needs_follow_up": "نیاز به پیگیری",
    "not_interested": "منصرف شد",
}
COUNSELING_NOT_FOUND = "این جلسهٔ مشاوره پیدا نشد؛ شاید حذف شده باشد."
#: Text lengths of the counseling form's fields (the model's ``String(n)`` columns).
COUNSELING_LENGTHS = text_lengths(Counseling)


@dataclass
class CounselingData:
    """A session as its form edits it (``id`` None: not saved yet)."""

    id: uuid.UUID | None = None
    version: int = 0
    applicant_name: str = ""
    national_code: str = ""
    mobile: str = ""
    session_date: date | None = None
    counselor: str = ""
    topic: str = "course_choice"
    recommended_standards: str = ""
    advice: str = ""
    outcome: str = ""
    trainee_id: uuid.UUID | None = None

    def validated(self) -> CounselingData:
        name = normalize(self.applicant_name)
        if not name:
            raise ServiceError("«نام متقاضی» را وارد کنید.", "applicant_name")
        national_code = ""
        if normalize_code(self.national_code):
            try:
                national_code = validate_national_code(self.national_code)
            except ValidationError as exc:
                raise ServiceError(exc.message, "national_code") from exc
        mobile = ""
        if normalize_code(self.mobile):
            try:
                mobile = validate_mobile(self.mobile)
            except ValidationError as exc:
                raise ServiceError(exc.message, "mobile") from exc
        if self.session_date is None:
            raise ServiceError("«تاریخ جلسه» را وارد کنید.", "session_date")
        if self.session_date > today():
            raise ServiceError("تاریخ جلسه نمی‌تواند بعد از امروز باشد.", "session_date")
        counselor = normalize(self.counselor)
        if not counselor:
            raise ServiceError("«مشاور» را وارد کنید.", "counselor")
        if self.topic not in TOPICS:
            raise ServiceError("«موضوع مشاوره» را از فهرست انتخاب کنید.", "topic")
        if self.outcome and self.outcome not in OUTCOMES:
            raise ServiceError("«نتیجه» را از فهرست انتخاب کنید.", "outcome")
        return replace(
            self,
            applicant_name=name,
            national_code=national_code,
            mobile=mobile,
            counselor=counselor,
            recommended_standards=normalize(self.recommended_standards, keep_newlines=True),
            advice=normalize(self.advice, keep_newlines=True),
        )


@dataclass(frozen=True)
class CounselingRow:
    id: uuid.UUID
    session_date: date | None
    applicant_name: str
    national_code: str
    counselor: str
    topic: str
    outcome: str


COUNSELING: Listing[CounselingRow] = Listing(
    model=Counseling,
    row=CounselingRow,
    columns={
        "id": Counseling.id,
        "session_date": Counseling.session_date,
        "applicant_name": Counseling.applicant_name,
        "national_code": Counseling.national_code,
        "counselor": Counseling.counselor,
        "topic": Counseling.topic,
        "outcome": Counseling.outcome,
    },
    search_column=Counseling.search_text,
    filters={"topic": Counseling.topic, "trainee_id": Counseling.trainee_id},
    default_sort="session_date",
    codes={"national_code": CodeLookup(Counseling.national_code, national_code_word)},
)

_FIELDS = (
    "applicant_name",
    "national_code",
    "mobile",
    "session_date",
    "counselor",
    "topic",
    "recommended_standards",
    "advice",
    "outcome",
    "trainee_id",
)


def _data(row: Counseling) -> CounselingData:
    return CounselingData(
        id=row.id, version=row.version, **{name: getattr(row, name) for name in _FIELDS}
    )


@access.operation(access.SIGNED_IN)
def get_counseling(ctx: AppContext, session_id: uuid.UUID) -> CounselingData:
    with ctx.session() as session:
        return _data(live_record(session, Counseling, session_id, COUNSELING_NOT_FOUND))


@access.operation(access.ENTER)
def save_counseling(ctx: AppContext, data: CounselingData) -> CounselingData:
    """Create or update a session; links it to the trainee with its national code."""
    clean = data.validated()
    with ctx.session() as session:
        if clean.id is None:
            row = new_record(session, Counseling)
        else:
            row = record_for_update(
                session, Counseling, clean.id, clean.version, COUNSELING_NOT_FOUND
            )
        trainee_id = None
        if clean.national_code:
            trainee_id = session.scalar(
                select(Trainee.id).where(
                    Trainee.national_code == clean.national_code, live(Trainee)
                )
            )
        clean = replace(clean, trainee_id=trainee_id)
        for name in _FIELDS:
            setattr(row, name, getattr(clean, name))
        row.search_text = search_key(
            " ".join([clean.applicant_name, clean.national_code, clean.mobile, clean.counselor])
        )
        session.flush()
        return _data(row)


@access.operation(access.DELETE)
def delete_counseling(ctx: AppContext, session_id: uuid.UUID) -> None:
    with ctx.session() as session:
        live_record(session, Counseling, session_id, COUNSELING_NOT_FOUND).mark_deleted()


@access.operation(access.SIGNED_IN)
def count_counseling(ctx: AppContext, query: ListQuery) -> int:
    return COUNSELING.count(ctx, query)


@access.operation(access.SIGNED_IN)
def counseling_page(
    ctx: AppContext, query: ListQuery, offset: int, limit: int
) -> list[CounselingRow]:
    return COUNSELING.page(ctx, query, offset, limit)  # masked by Listing.page
