"""The services report of a Jalali year (or one month of it): every registered counted
source, per service and month, complaints by state and lateness, people per office below;
its PDF (``reports.feedback.services_report``) and Excel; and the yearly count a service
card's «آمار تعداد خدمت‌گیرندگان» is offered from.

The figures come from this workstation's database, which holds what its office may see
(the office's own rows at a center; every office below at a province or headquarters):
a province's report sums its offices, and the offices table shows each one.
Permissions: ``services_report`` needs a signed-in actor; the PDF needs ``PRINT`` and the
Excel ``EXPORT``. No Qt; any thread (one read session per report).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.documents.feedback import (
    REQUEST_STATES,
    ReportFigure,
    ServiceFigures,
    ServicesReport,
)
from desktop_app.models import ServiceCard
from desktop_app.persian import JALALI_MONTHS, to_persian_digits
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
    month_bounds,
    request_tallies,
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
    counts: dict[str, int] = defaultdict(int)
    for row in request_tallies(session, bounds):
        if row.kind in COMPLAINT_KINDS and (month is None or row.month == month):
            counts[row.state] += row.count
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


@access.operation(access.SIGNED_IN)
def recipients_for_card(ctx: AppContext, card_id: uuid.UUID, year: int) -> int | None:
    """People served by the card's service in the Jalali ``year``: the sum of the counted
    sources marked ``people`` that belong to it (None when no source counts for it)."""
    report = services_report(ctx, year)
    with ctx.session() as session:
        card = session.get(ServiceCard, card_id)
        title = card.title if card else ""
    people_keys = {s.key for s in sources() if s.people}
    for service in report.services:
        if service.service_title == title:
            counted = [f.total for f in service.figures if f.key in people_keys]
            return int(sum(counted)) if counted else None
    return None
