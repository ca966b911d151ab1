"""The office's numbers counted from the records, shared by the workstation's services
report (``services.office_reports``) and the central server (``central_server.figures``), so
both count the same rows the same way on SQLite and on PostgreSQL.

Counted sources: what the services report counts, one small declaration per figure.
A ``CountedSource`` names its figure, its unit (a count, an average in hours, an average
score 1–5) and how to tally one Jalali year: ``tally(session, months)`` returns ``Tally``
rows — per office, per service card (or None when the source is not per card) and per
month (1–12) — with a count and, for averages, the sum. ``months`` are the 13 UTC
boundaries of the year's months (``month_bounds``). A source is shown under the service
card it belongs to: the card of each row when it has one, else the card whose service
code the source names (``service_code``), else its own ``service_name``.

Another figure joins the report with one ``register_source`` call at import time of
this module, as the participation receipts (gifts) of issue 18 do below:

    register_source(CountedSource("gifts", "مشارکت‌های مردمی (رسید)", _gifts,
                                  service_code=PARTICIPATION_SERVICE_CODE, people=True))

(``monthly_tally`` does the counting for a model with a date or time column.) A source
registered here is counted by the server too; one registered only by a workstation
module would make the two disagree. ``count_report`` turns the tallies of a year (or a
month) into the report's figures, limited to some offices when asked.

Timestamps are compared in UTC on both databases: naive UTC on SQLite (as stored),
aware UTC on PostgreSQL (``timestamptz``); the answer day of a request is its UTC day.
No Qt; any thread (``tally`` runs inside the caller's read session).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import Date, and_, case, func, literal, literal_column, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from desktop_app.documents.feedback import (
    REQUEST_STATES,
    ReportFigure,
    ServiceFigures,
    ServicesReport,
)
from desktop_app.persian import from_jalali, normalize, to_persian_digits

from .certificate import Certificate, CertificateInquiry
from .feedback import PublicRequest, SurveyAnswer
from .participation import Gift
from .registration import Enrollment
from .service_card import ServiceCard

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
    """Local midnight of ``day`` as a naive UTC time (how SQLite stores timestamps)."""
    local = datetime.combine(day, time()).astimezone()
    return local.astimezone(UTC).replace(tzinfo=None)


def _postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def utc_edge(session: Session, day: date) -> datetime:
    """Local midnight of ``day`` as the database compares timestamps: naive UTC on
    SQLite, aware UTC on PostgreSQL (whatever the server's time zone)."""
    edge = _as_utc(day)
    return edge.replace(tzinfo=UTC) if _postgres(session) else edge


def utc_day(session: Session, column: Any) -> Any:
    """The UTC calendar day of a timestamp column, on either database."""
    if _postgres(session):
        return func.date(func.timezone("UTC", column))
    return func.date(column)


def hours_between(session: Session, start: Any, end: Any) -> Any:
    """Hours from ``start`` to ``end`` (two timestamp columns), on either database."""
    if _postgres(session):
        return func.extract("epoch", end - start) / 3600.0
    return (func.julianday(end) - func.julianday(start)) * 24.0


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
    edges = list(bounds) if is_date else [utc_edge(session, d) for d in bounds]
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
        # by position: PostgreSQL does not see the month's CASE with its bound edges as
        # the same expression in GROUP BY (each use has parameters of its own)
        .group_by(literal_column("1"), literal_column("2"), literal_column("3"))
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
    hours = hours_between(session, CertificateInquiry.asked_at, CertificateInquiry.answered_at)
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


def late_condition(on: date, session: Session | None = None) -> ColumnElement[bool]:
    """Answered after its deadline, or still open past it on ``on``."""
    answered_day = (
        utc_day(session, PublicRequest.answered_at)
        if session is not None
        else func.date(PublicRequest.answered_at)
    )
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
        late_condition(date.today(), session),
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


# -- the report's figures -------------------------------------------------------------------


@dataclass(frozen=True)
class CountedReport:
    """The figures of a year (or a month): per service, complaints by state, the late
    complaints, and the people served per office (office code → count, sorted)."""

    services: tuple[ServiceFigures, ...]
    complaints_by_state: tuple[tuple[str, int], ...]
    complaints_late: int
    offices: tuple[tuple[str, int], ...]

    def report(self, office_name: str, scope: str, year: int, month: int | None) -> ServicesReport:
        """The printable report of these figures («استان X (۳ اداره)» when several
        offices served people)."""
        if len(self.offices) > 1:
            scope += f" ({to_persian_digits(len(self.offices))} اداره)"
        return ServicesReport(
            office_name,
            scope,
            year,
            month,
            self.services,
            self.complaints_by_state,
            self.complaints_late,
            self.offices,
        )


def _group_title(
    session: Session, source: CountedSource, tally: Tally, titles: dict[object, str]
) -> str:
    key: object = tally.card_id or ("code", source.service_code)
    if key not in titles:
        title = ""
        if tally.card_id is not None:
            card = session.get(ServiceCard, tally.card_id)
            title = card.title if card else ""
        elif source.service_code:
            title = (
                session.scalar(
                    select(ServiceCard.title).where(
                        ServiceCard.service_code == source.service_code,
                        ServiceCard.deleted_at.is_(None),
                    )
                )
                or ""
            )
        titles[key] = title or source.service_name or source.title
    return titles[key]


def _figure(source: CountedSource, rows: list[Tally], month: int | None) -> ReportFigure:
    counts, totals = [0] * 12, [0.0] * 12
    for row in rows:
        if month is None or row.month == month:
            counts[row.month - 1] += row.count
            totals[row.month - 1] += row.total
    if source.unit:
        months = tuple(round(t / c, 2) if c else 0.0 for t, c in zip(totals, counts, strict=True))
        total = round(sum(totals) / sum(counts), 2) if sum(counts) else 0.0
    else:
        months = tuple(float(c) for c in counts)
        total = float(sum(counts))
    return ReportFigure(source.key, source.title, months, total, source.unit)


def _complaints_by_state(
    session: Session, bounds: Sequence[date], month: int | None, offices: Collection[str] | None
) -> tuple[tuple[str, int], ...]:
    start, end = (bounds[0], bounds[12]) if month is None else (bounds[month - 1], bounds[month])
    stmt = (
        select(PublicRequest.state, func.count())
        .where(
            PublicRequest.deleted_at.is_(None),
            PublicRequest.kind.in_(COMPLAINT_KINDS),
            PublicRequest.received_at >= utc_edge(session, start),
            PublicRequest.received_at < utc_edge(session, end),
        )
        .group_by(PublicRequest.state)
    )
    if offices is not None:
        stmt = stmt.where(PublicRequest.origin_office.in_(sorted(offices)))
    counts = {state: int(n) for state, n in session.execute(stmt).all()}
    return tuple((REQUEST_STATES[s], counts.get(s, 0)) for s in REQUEST_STATES)


def count_report(
    session: Session, year: int, month: int | None = None, offices: Collection[str] | None = None
) -> CountedReport:
    """Every registered source's figures of the Jalali ``year`` (only ``month`` of it
    when given), over the rows of ``offices`` (None: every row the database holds)."""
    bounds = month_bounds(year)
    grouped: dict[str, dict[str, list[Tally]]] = defaultdict(lambda: defaultdict(list))
    order: dict[str, None] = {}
    titles: dict[object, str] = {}
    people: dict[str, int] = defaultdict(int)
    late = 0
    for source in sources():
        for tally in source.tally(session, bounds):
            if month is not None and tally.month != month:
                continue
            if offices is not None and tally.office not in offices:
                continue
            title = _group_title(session, source, tally, titles)
            order.setdefault(title)
            grouped[title][source.key].append(tally)
            if source.people:
                people[tally.office] += tally.count
            if source.key == "late_complaints":
                late += tally.count
    by_key = {s.key: s for s in sources()}
    services = tuple(
        ServiceFigures(
            title,
            tuple(_figure(by_key[key], rows, month) for key, rows in grouped[title].items()),
        )
        for title in order
    )
    states = _complaints_by_state(session, bounds, month, offices)
    return CountedReport(services, states, late, tuple(sorted(people.items())))


def people_of_card(
    session: Session,
    card: ServiceCard,
    year: int,
    months: frozenset[int],
    offices: Collection[str] | None = None,
) -> int | None:
    """People the card's service served in ``months`` of the Jalali ``year``, from the
    counted sources marked ``people`` that belong to the card (None when none does): a
    row of the card itself, or of a source named after the card's service code or title;
    only the rows of ``offices`` when given."""
    bounds = month_bounds(year)
    title = normalize(card.title)
    counted: int | None = None
    for source in sources():
        if not source.people:
            continue
        # a source named for no service counts per card (each row has its card)
        per_card = not source.service_code and not source.service_name
        by_code = bool(source.service_code) and source.service_code == card.service_code
        by_name = not source.service_code and normalize(source.service_name) == title != ""
        if per_card or by_code or by_name:
            counted = counted or 0
        for tally in source.tally(session, bounds):
            mine = tally.card_id == card.id if tally.card_id is not None else by_code or by_name
            if offices is not None and tally.office not in offices:
                continue
            if mine and tally.month in months:
                counted = (counted or 0) + tally.count
    return counted
