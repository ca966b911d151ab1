"""The services report of a Jalali year (or one month of it): every registered counted
source, per service and month, complaints by state and lateness, people per office below;
its PDF (``reports.feedback.services_report``) and Excel; and the count a service card's
«آمار تعداد خدمت‌گیرندگان» is offered from (``recipients_offer``: the last finished year,
season, month, or the daily average of the last month).

The figures come from this workstation's database, which holds what its office may see
(the office's own rows at a center; every office below at a province or headquarters):
a province's report sums its offices, and the offices table shows each one.
Permissions: ``services_report`` needs a signed-in actor; the PDF needs ``PRINT`` and the
Excel ``EXPORT``. No Qt; any thread (one read session per report).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.documents.feedback import (
    REQUEST_STATES,
    ReportFigure,
    ServiceFigures,
    ServicesReport,
)
from desktop_app.documents.service_card_data import PERIODS
from desktop_app.models import PublicRequest, ServiceCard
from desktop_app.persian import JALALI_MONTHS, normalize, to_jalali, to_persian_digits, today
from desktop_app.persian.dates import JALALI_MAX_YEAR, JALALI_MIN_YEAR
from desktop_app.reports.feedback.services_report import write_services_report
from desktop_app.services.accounts import access
from desktop_app.services.accounts.access import current_actor
from desktop_app.services.core.context import AppContext
from desktop_app.services.core.errors import ServiceError
from desktop_app.services.core.excel import write_sheet
from desktop_app.services.office.settings import load_office_settings
from desktop_app.services.office_reports.sources import (
    COMPLAINT_KINDS,
    CountedSource,
    Tally,
    _as_utc,
    month_bounds,
    sources,
)

LEVEL_NAMES = {"center": "اداره", "province": "استان", "headquarters": "ستاد"}


def _check_period(year: int, month: int | None) -> None:
    if not JALALI_MIN_YEAR <= year <= JALALI_MAX_YEAR:
        raise ServiceError("سال گزارش را شمسی وارد کنید (مثلاً ۱۴۰۵).", "year")
    if month is not None and not 1 <= month <= 12:
        raise ServiceError("ماه گزارش باید از ۱ تا ۱۲ باشد.", "month")


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


@access.operation(access.SIGNED_IN)
def services_report(ctx: AppContext, year: int, month: int | None = None) -> ServicesReport:
    """The report of the Jalali ``year`` (only ``month`` of it when given)."""
    actor = current_actor(ctx)
    _check_period(year, month)
    bounds = month_bounds(year)
    office = load_office_settings(ctx)
    with ctx.session() as session:
        grouped: dict[str, dict[str, list[Tally]]] = defaultdict(lambda: defaultdict(list))
        order: dict[str, None] = {}
        titles: dict[object, str] = {}
        people: dict[str, int] = defaultdict(int)
        late = 0
        for source in sources():
            for tally in source.tally(session, bounds):
                if month is not None and tally.month != month:
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
        states = _complaints_by_state(session, bounds, month)
    level = LEVEL_NAMES.get(actor.office_level or office.level, "اداره")
    scope = f"{level} {office.office_name or office.province}".strip()
    if len(people) > 1:
        scope += f" ({to_persian_digits(len(people))} اداره)"
    return ServicesReport(
        office.office_name,
        scope,
        year,
        month,
        services,
        states,
        late,
        tuple(sorted(people.items())),
    )


def _complaints_by_state(
    session: Session, bounds: list, month: int | None
) -> tuple[tuple[str, int], ...]:
    start, end = (bounds[0], bounds[12]) if month is None else (bounds[month - 1], bounds[month])
    rows = session.execute(
        select(PublicRequest.state, func.count())
        .where(
            PublicRequest.deleted_at.is_(None),
            PublicRequest.kind.in_(COMPLAINT_KINDS),
            PublicRequest.received_at >= _as_utc(start),
            PublicRequest.received_at < _as_utc(end),
        )
        .group_by(PublicRequest.state)
    ).all()
    counts = dict(rows)
    return tuple((REQUEST_STATES[s], int(counts.get(s, 0))) for s in REQUEST_STATES)


@access.operation(access.PRINT)
def write_report_pdf(
    ctx: AppContext, target: str | Path | BinaryIO, report: ServicesReport
) -> None:
    write_services_report(target, report, agency=load_office_settings(ctx).agency)


@access.operation(access.EXPORT)
def write_report_excel(ctx: AppContext, path: Path, report: ServicesReport) -> int:
    headers = ["خدمت", "شاخص", *JALALI_MONTHS, "جمع یا میانگین"]
    rows = [
        [service.service_title, figure.title, *figure.months, figure.total]
        for service in report.services
        for figure in service.figures
    ]
    rows += [
        ["شکایت‌ها بر حسب وضعیت", state, *[""] * 12, count]
        for state, count in report.complaints_by_state
    ]
    rows += [
        ["خدمت‌گیرندگان هر اداره", code or "—", *[""] * 12, count] for code, count in report.offices
    ]
    return write_sheet(path, f"گزارش {report.year}", headers, rows, widths=[34, 30] + [9] * 13)


#: The seasons of the Jalali year (months 1–3, 4–6, 7–9, 10–12).
SEASONS = ("بهار", "تابستان", "پاییز", "زمستان")


@dataclass(frozen=True)
class RecipientsOffer:
    """The people a card's service served in a finished period, offered for its
    «آمار تعداد خدمت‌گیرندگان»: ``count`` per ``period`` (a ``PERIODS`` key), counted over
    ``label`` (e.g. «سال ۱۴۰۴»; for a day, the daily average of the last month)."""

    count: int
    period: str
    label: str


def _people(session: Session, card: ServiceCard, year: int, months: frozenset[int]) -> int | None:
    """People the card's service served in ``months`` of the Jalali ``year``, from the
    counted sources marked ``people`` that belong to the card (None when none does): a
    row of the card itself, or of a source named after the card's service code or title."""
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
            if mine and tally.month in months:
                counted = (counted or 0) + tally.count
    return counted


def last_period(period: str, on: date) -> tuple[int, frozenset[int], str]:
    """The last finished ``period`` ("year", "season", "month"; "day" → the last month)
    before ``on``: its Jalali year, its months and its name («پاییز ۱۴۰۵»)."""
    year, month, _day = to_jalali(on)
    if period == "year":
        return year - 1, frozenset(range(1, 13)), f"سال {to_persian_digits(year - 1)}"
    if period == "season":
        season = (month - 1) // 3 - 1
        if season < 0:
            year, season = year - 1, 3
        months = frozenset(range(season * 3 + 1, season * 3 + 4))
        return year, months, f"{SEASONS[season]} {to_persian_digits(year)}"
    month -= 1
    if month == 0:
        year, month = year - 1, 12
    return year, frozenset({month}), f"{JALALI_MONTHS[month - 1]} {to_persian_digits(year)}"


@access.operation(access.SIGNED_IN)
def recipients_offer(
    ctx: AppContext, card_id: uuid.UUID, period: str = "year", on: date | None = None
) -> RecipientsOffer | None:
    """The card's people served in the last finished ``period`` before ``on`` (today),
    from this workstation's records (what the services report counts); None when no
    counted source belongs to the card. ``period`` "day" is the daily average of the
    last finished month."""
    if period not in PERIODS:
        raise ServiceError("دورهٔ آمار را از فهرست انتخاب کنید.", "recipients_period")
    year, months, label = last_period(period, on or today())
    with ctx.session() as session:
        card = session.get(ServiceCard, card_id)
        if card is None or card.deleted_at is not None:
            return None
        count = _people(session, card, year, months)
    if count is None:
        return None
    if period == "day":
        (month,) = months
        bounds = month_bounds(year)
        days = (bounds[month] - bounds[month - 1]).days
        return RecipientsOffer(round(count / days), period, f"میانگین روزانهٔ {label}")
    return RecipientsOffer(count, period, label)


@access.operation(access.SIGNED_IN)
def recipients_for_card(ctx: AppContext, card_id: uuid.UUID, year: int) -> int | None:
    """People served by the card's service in the Jalali ``year``: the sum of the counted
    sources marked ``people`` that belong to it (None when no source counts for it)."""
    _check_period(year, None)
    with ctx.session() as session:
        card = session.get(ServiceCard, card_id)
        if card is None or card.deleted_at is not None:
            return None
        return _people(session, card, year, frozenset(range(1, 13)))
