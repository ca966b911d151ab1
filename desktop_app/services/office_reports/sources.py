"""Counted sources: what the services report counts, one small declaration per figure.

A ``CountedSource`` names its figure, its unit (a count, an average in hours, an average
score 1–5) and how to tally one Jalali year: ``tally(session, months)`` returns ``Tally``
rows — per office, per service card (or None when the source is not per card) and per
month (1–12) — with a count and, for averages, the sum. ``months`` are the 13 UTC
boundaries of the year's months (``month_bounds``). A source is shown under the service
card it belongs to: the card of each row when it has one, else the card whose service
code the source names (``service_code``), else its own ``service_name``.

Another figure joins the report with one ``register_source`` call at import time, as the
gifts of issue 18 do below:

    register_source(CountedSource("gifts", "مشارکت‌های مردمی (رسید)", _gifts,
                                  service_code=PARTICIPATION_SERVICE_CODE, people=True))

(``monthly_tally`` does the counting for a model with a date or time column.)
No Qt; any thread (``tally`` runs inside the caller's read session).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import Date, and_, case, func, literal, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from desktop_app.models import (
    Certificate,
    CertificateInquiry,
    Enrollment,
    Gift,
    PublicRequest,
    SurveyAnswer,
)
from desktop_app.persian import from_jalali

#: The service card of the skill training courses (seed 000) and of the participation
#: and volunteer services (seed 004).
TRAINING_SERVICE_CODE = "18051045000"
PARTICIPATION_SERVICE_CODE = "19071058105"


@dataclass(frozen=True)
class Tally:
    office: str
    card_id: uuid.UUID | None
    month: int  # 1–12
    count: int
    total: float  # the sum of the averaged values ("" units: = count)


@dataclass(frozen=True)
class CountedSource:
    key: str
    title: str
    tally: Callable[[Session, Sequence[date]], list[Tally]]
    unit: str = ""  # "" a count · "hour" an average in hours · "score" an average 1–5
    service_code: str = ""
    service_name: str = ""
    #: Its count is people served (offered as the card's «آمار تعداد خدمت‌گیرندگان»).
    people: bool = False


_SOURCES: dict[str, CountedSource] = {}


def register_source(source: CountedSource) -> None:
    """Add (or replace, by key) a counted source of the services report."""
    _SOURCES[source.key] = source


def sources() -> tuple[CountedSource, ...]:
    return tuple(_SOURCES.values())


def month_bounds(year: int) -> list[date]:
    """The first day of each Jalali month of ``year`` and of the next year (13 dates)."""
    return [from_jalali(year, m, 1) for m in range(1, 13)] + [from_jalali(year + 1, 1, 1)]


def _as_utc(day: date) -> datetime:
    """Local midnight of ``day`` as a naive UTC time (how timestamps are stored)."""
    local = datetime.combine(day, time()).astimezone()
    return local.astimezone(UTC).replace(tzinfo=None)


def monthly_tally(
    session: Session,
    bounds: Sequence[date],
    model: Any,
    column: Any,
    *where: ColumnElement[bool],
    card: Any = None,
    value: Any = None,
) -> list[Tally]:
    """Count (and sum ``value``) the live rows of ``model`` per office, card and month,
    by ``column`` (a ``DATE`` or a UTC timestamp) inside the year ``bounds``."""
    is_date = isinstance(getattr(column, "type", None), Date)
    edges = list(bounds) if is_date else [_as_utc(d) for d in bounds]
    whens: list[Any] = [(column < edges[m], m) for m in range(1, 12)]
    bucket = case(*whens, else_=12)
    card_column: Any = card if card is not None else literal(None)
    stmt = (
        select(
            model.origin_office,  # type: ignore[attr-defined]
            card_column,
            bucket.label("month"),
            func.count(),
            func.sum(value) if value is not None else func.count(),
        )
        .where(
            model.deleted_at.is_(None),  # type: ignore[attr-defined]
            column >= edges[0],  # type: ignore[operator]
            column < edges[12],  # type: ignore[operator]
            *where,
        )
        .group_by(model.origin_office, card_column, bucket)  # type: ignore[attr-defined]
    )
    return [
        Tally(office or "", card_id, int(month), int(count), float(total or 0))
        for office, card_id, month, count, total in session.execute(stmt)
    ]


# -- the built-in sources ----------------------------------------------------------------------

COMPLAINT_KINDS = ("complaint", "violation")


def _registrations(session: Session, bounds: Sequence[date]) -> list[Tally]:
    return monthly_tally(
        session, bounds, Enrollment, Enrollment.confirmed_at, Enrollment.confirmed_at.is_not(None)
    )


def _certificates(session: Session, bounds: Sequence[date]) -> list[Tally]:
    return monthly_tally(session, bounds, Certificate, Certificate.issued_on)


def _inquiries(session: Session, bounds: Sequence[date]) -> list[Tally]:
    return monthly_tally(session, bounds, CertificateInquiry, CertificateInquiry.answered_at)


def _inquiry_hours(session: Session, bounds: Sequence[date]) -> list[Tally]:
    hours = (
        func.julianday(CertificateInquiry.answered_at) - func.julianday(CertificateInquiry.asked_at)
    ) * 24.0
    return monthly_tally(
        session, bounds, CertificateInquiry, CertificateInquiry.answered_at, value=hours
    )


def _requests(session: Session, bounds: Sequence[date]) -> list[Tally]:
    return monthly_tally(
        session,
        bounds,
        PublicRequest,
        PublicRequest.received_at,
        card=PublicRequest.service_card_id,
    )


def _complaints(session: Session, bounds: Sequence[date]) -> list[Tally]:
    return monthly_tally(
        session,
        bounds,
        PublicRequest,
        PublicRequest.received_at,
        PublicRequest.kind.in_(COMPLAINT_KINDS),
        card=PublicRequest.service_card_id,
    )


def late_condition(on: date) -> ColumnElement[bool]:
    """Answered after its deadline, or still open past it on ``on``."""
    answered_day = func.date(PublicRequest.answered_at)
    return and_(
        PublicRequest.due_on.is_not(None),
        case(
            (PublicRequest.answered_at.is_not(None), answered_day > PublicRequest.due_on),
            (PublicRequest.state.in_(("received", "assigned")), PublicRequest.due_on < on),
            else_=False,
        ),
    )


def _late_complaints(session: Session, bounds: Sequence[date]) -> list[Tally]:
    return monthly_tally(
        session,
        bounds,
        PublicRequest,
        PublicRequest.received_at,
        PublicRequest.kind.in_(COMPLAINT_KINDS),
        late_condition(date.today()),
        card=PublicRequest.service_card_id,
    )


def _survey_scores(session: Session, bounds: Sequence[date]) -> list[Tally]:
    return monthly_tally(
        session,
        bounds,
        SurveyAnswer,
        SurveyAnswer.answered_on,
        card=SurveyAnswer.service_card_id,
        value=SurveyAnswer.average,
    )


def _gifts(session: Session, bounds: Sequence[date]) -> list[Tally]:
    """Gifts of every kind by the day they were received; a cancelled receipt is not one."""
    return monthly_tally(session, bounds, Gift, Gift.received_on, Gift.cancelled_on.is_(None))


_TRAINING = "آموزش‌های مهارتی فنی و حرفه‌ای"
_PARTICIPATION = "ساماندهی مشارکت‌های مردمی و خدمات داوطلبانه"
_INQUIRY = "پاسخ به استعلام اصالت گواهینامه مهارت"
for _source in (
    CountedSource(
        "registrations",
        "ثبت‌نام",
        _registrations,
        service_code=TRAINING_SERVICE_CODE,
        service_name=_TRAINING,
        people=True,
    ),
    CountedSource(
        "certificates",
        "گواهینامهٔ صادرشده",
        _certificates,
        service_code=TRAINING_SERVICE_CODE,
        service_name=_TRAINING,
    ),
    CountedSource("inquiries", "استعلام پاسخ‌داده", _inquiries, service_name=_INQUIRY, people=True),
    CountedSource(
        "inquiry_hours",
        "میانگین زمان پاسخ استعلام (ساعت)",
        _inquiry_hours,
        unit="hour",
        service_name=_INQUIRY,
    ),
    CountedSource(
        "gifts",
        "مشارکت‌های مردمی (رسید)",
        _gifts,
        service_code=PARTICIPATION_SERVICE_CODE,
        service_name=_PARTICIPATION,
        people=True,
    ),
    CountedSource("requests", "درخواست‌های مردمی", _requests),
    CountedSource("complaints", "شکایت و گزارش تخلف", _complaints),
    CountedSource("late_complaints", "شکایت با تأخیر در پاسخ", _late_complaints),
    CountedSource("survey_score", "میانگین امتیاز نظرسنجی (۱ تا ۵)", _survey_scores, unit="score"),
):
    register_source(_source)
