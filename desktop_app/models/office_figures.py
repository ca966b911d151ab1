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

from sqlalchemy import Date, and_, case, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from desktop_app.documents.feedback import (
    REQUEST_STATES,
    ReportFigure,
    ServiceFigures,
    ServicesReport,
)
from desktop_app.persian import from_jalali, normalize, to_persian_digits

from .base import live
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


def monthly_rows(
    session: Session,
    bounds: Sequence[date],
    model: Any,
    column: Any,
    *where: ColumnElement[bool],
    groups: Sequence[Any] = (),
    sums: Sequence[Any] = (),
    sums_when: Callable[[Sequence[Any]], ColumnElement[bool]] | None = None,
) -> list[tuple[tuple[Any, ...], int, int, tuple[float, ...]]]:
    """(group, month, count, sums) of the live rows of ``model`` matching ``where``, per
    distinct value of the ``groups`` columns and per month of the year ``bounds`` by
    ``column`` (a ``DATE`` or a UTC timestamp); months without rows are left out.

    Set-based and sort-free: one statement lists the groups (``DISTINCT``) and, for each,
    counts every month with a correlated subquery that is one range of an index
    ``(*groups, column, …) WHERE deleted_at IS NULL`` (workstation migration 0027 declares
    one for every built-in source: each row of the year is stepped over once per
    aggregate, no row is sorted or fetched from the table). Without such an index it
    stays right but walks a wider range per month. ``sums_when``, a condition on the
    group's columns, limits the sums to the groups meeting it (0 elsewhere: those rows
    are not walked)."""
    is_date = isinstance(getattr(column, "type", None), Date)
    edges = list(bounds) if is_date else [utc_edge(session, d) for d in bounds]
    alive = live(model)
    keys = select(*groups).where(alive, *where).distinct().subquery()
    key_columns = list(keys.c)
    same = [g == k for g, k in zip(groups, key_columns, strict=True)]

    def per_month(month: int, aggregate: Any) -> Any:
        return (
            select(aggregate)
            .where(alive, *same, column >= edges[month - 1], column < edges[month], *where)
            .scalar_subquery()
        )

    def summed(month: int, value: Any) -> Any:
        total = per_month(month, func.coalesce(func.sum(value), 0))
        return total if sums_when is None else case((sums_when(key_columns), total), else_=0)

    cells = [
        cell
        for month in range(1, 13)
        for cell in (per_month(month, func.count()), *(summed(month, v) for v in sums))
    ]
    stmt = select(*key_columns, *cells).select_from(keys)
    width = 1 + len(sums)
    out = []
    for row in session.execute(stmt):
        group, figures = tuple(row[: len(groups)]), row[len(groups) :]
        for month in range(1, 13):
            at = (month - 1) * width
            if figures[at]:
                out.append(
                    (
                        group,
                        month,
                        int(figures[at]),
                        tuple(float(v or 0) for v in figures[at + 1 : at + width]),
                    )
                )
    return out


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
    by ``column`` (a ``DATE`` or a UTC timestamp) inside the year ``bounds``
    (``monthly_rows``: fastest with an index ``(origin_office[, card], column)``)."""
    groups = [model.origin_office] + ([card] if card is not None else [])
    rows = monthly_rows(
        session,
        bounds,
        model,
        column,
        *where,
        groups=groups,
        sums=[value] if value is not None else [],
    )
    return [
        Tally(
            group[0] or "",
            group[1] if card is not None else None,
            month,
            count,
            sums[0] if value is not None else float(count),
        )
        for group, month, count, sums in rows
    ]


# -- the built-in sources ----------------------------------------------------------------------

COMPLAINT_KINDS = ("complaint", "violation")


def _registrations(session: Session, bounds: Sequence[date]) -> list[Tally]:
    """Registrations *made*: confirmed in the month, withdrawn later or not (the service
    was given); not ``registration.enrolled()``, which says who is in a course now."""
    return monthly_tally(
        session, bounds, Enrollment, Enrollment.confirmed_at, Enrollment.confirmed_at.is_not(None)
    )


def _certificates(session: Session, bounds: Sequence[date]) -> list[Tally]:
    return monthly_tally(session, bounds, Certificate, Certificate.issued_on)


def _inquiry_tallies(session: Session, bounds: Sequence[date]) -> list[Tally]:
    """Answered inquiries per office and month with the sum of their hours to answer
    (one statement shared by the count and the average time)."""
    memo_key = ("office_figures.inquiries", tuple(bounds))
    if memo_key not in session.info:
        hours = hours_between(session, CertificateInquiry.asked_at, CertificateInquiry.answered_at)
        session.info[memo_key] = monthly_tally(
            session, bounds, CertificateInquiry, CertificateInquiry.answered_at, value=hours
        )
    return list(session.info[memo_key])


def _inquiries(session: Session, bounds: Sequence[date]) -> list[Tally]:
    return [
        Tally(t.office, t.card_id, t.month, t.count, float(t.count))
        for t in _inquiry_tallies(session, bounds)
    ]


def _inquiry_hours(session: Session, bounds: Sequence[date]) -> list[Tally]:
    return _inquiry_tallies(session, bounds)


@dataclass(frozen=True)
class RequestTally:
    """Public requests of one office, card, kind, state and month; ``late`` of them
    answered after their deadline or still open past it (complaints only)."""

    office: str
    card_id: uuid.UUID
    kind: str
    state: str
    month: int
    count: int
    late: int


def request_tallies(session: Session, bounds: Sequence[date]) -> list[RequestTally]:
    """The year's public requests per office, card, kind, state and month, in one
    statement shared (per read session) by the requests, complaints and late-complaints
    figures and the complaints-by-state table."""
    today = date.today()
    memo_key = ("office_figures.requests", tuple(bounds), today)
    if memo_key not in session.info:
        rows = monthly_rows(
            session,
            bounds,
            PublicRequest,
            PublicRequest.received_at,
            groups=(
                PublicRequest.origin_office,
                PublicRequest.service_card_id,
                PublicRequest.kind,
                PublicRequest.state,
            ),
            sums=(case((late_condition(today, session), 1), else_=0),),
            # lateness counts for complaints only: other requests are not walked for it
            sums_when=lambda key: key[2].in_(COMPLAINT_KINDS),
        )
        session.info[memo_key] = [
            RequestTally(office or "", card, kind, state, month, count, int(late))
            for (office, card, kind, state), month, count, (late,) in rows
        ]
    return list(session.info[memo_key])


def _request_figure(
    session: Session, bounds: Sequence[date], kinds: Sequence[str] = (), late: bool = False
) -> list[Tally]:
    summed: dict[tuple[str, uuid.UUID, int], int] = {}
    for row in request_tallies(session, bounds):
        if kinds and row.kind not in kinds:
            continue
        key = (row.office, row.card_id, row.month)
        summed[key] = summed.get(key, 0) + (row.late if late else row.count)
    return [
        Tally(office, card, month, count, float(count))
        for (office, card, month), count in summed.items()
        if count
    ]


def _requests(session: Session, bounds: Sequence[date]) -> list[Tally]:
    return _request_figure(session, bounds)


def _complaints(session: Session, bounds: Sequence[date]) -> list[Tally]:
    return _request_figure(session, bounds, COMPLAINT_KINDS)


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
    return _request_figure(session, bounds, COMPLAINT_KINDS, late=True)


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
                        live(ServiceCard),
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
    counts: dict[str, int] = defaultdict(int)
    for row in request_tallies(session, bounds):
        if row.kind not in COMPLAINT_KINDS or (month is not None and row.month != month):
            continue
        if offices is None or row.office in offices:
            counts[row.state] += row.count
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
