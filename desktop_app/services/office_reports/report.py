"""The services report of a Jalali year (or one month of it): every registered counted
source, per service and month, complaints by state and lateness, people per office below;
its PDF (``reports.feedback.services_report``) and Excel; and the count a service card's
«آمار تعداد خدمت‌گیرندگان» is offered from (``recipients_offer``: the last finished year,
season, month, or the daily average of the last month).

The figures come from this workstation's database, counted by ``models.office_figures``
(the same counting the central server does, ``central_server.figures``): the office's
own rows at a center; every row it holds at a province or headquarters (its own and its
offices'): a province's report sums its offices, and the offices table shows each one.
Permissions: ``services_report`` needs a signed-in actor; the PDF needs ``PRINT`` and the
Excel ``EXPORT``. No Qt; any thread (one read session per report).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from sqlalchemy.orm import Session

from desktop_app.documents.feedback import ServicesReport
from desktop_app.documents.service_card_data import PERIODS
from desktop_app.models import ServiceCard
from desktop_app.models.office_figures import count_report, month_bounds, people_of_card
from desktop_app.persian import JALALI_MONTHS, to_jalali, to_persian_digits, today
from desktop_app.persian.dates import JALALI_MAX_YEAR, JALALI_MIN_YEAR
from desktop_app.services.accounts import access
from desktop_app.services.accounts.access import current_actor
from desktop_app.services.core.context import AppContext
from desktop_app.services.core.errors import ServiceError
from desktop_app.services.core.excel import write_sheet
from desktop_app.services.core.records import office_code
from desktop_app.services.office.settings import load_office_settings
from desktop_app.sync.state import OWN_SCOPE, get_state

LEVEL_NAMES = {"center": "اداره", "province": "استان", "headquarters": "ستاد"}


def _check_period(year: int, month: int | None) -> None:
    if not JALALI_MIN_YEAR <= year <= JALALI_MAX_YEAR:
        raise ServiceError("سال گزارش را شمسی وارد کنید (مثلاً ۱۴۰۵).", "year")
    if month is not None and not 1 <= month <= 12:
        raise ServiceError("ماه گزارش باید از ۱ تا ۱۲ باشد.", "month")


def _level(ctx: AppContext) -> str:
    return current_actor(ctx).office_level or load_office_settings(ctx).level


def _scope(level: str, session: Session) -> set[str] | None:
    """The offices whose rows this workstation's figures count: a center its own (a pull
    also brings the rows of the offices above it); a province its own and its offices'
    (as the server's last check named them: the rows of headquarters that a pull brings
    down are not its figures; before a first check, every row it holds); headquarters
    every row (None)."""
    if level in ("center", "institute"):
        return {office_code(session)}
    if level == "headquarters":
        return None
    named = get_state(session, OWN_SCOPE)
    return set(named) if named is not None else None


@access.operation(access.SIGNED_IN)
def services_report(ctx: AppContext, year: int, month: int | None = None) -> ServicesReport:
    """The report of the Jalali ``year`` (only ``month`` of it when given).

    A center counts its own office's rows (a pull also brings the rows of the offices
    above it, which are not its numbers); a province or headquarters counts every row it
    holds: its own and its offices' (``models.office_figures.count_report``, the same
    counting the server does for the same office)."""
    _check_period(year, month)
    office = load_office_settings(ctx)
    level = _level(ctx)
    with ctx.session() as session:
        counted = count_report(session, year, month, _scope(level, session))
    scope = f"{LEVEL_NAMES.get(level, 'اداره')} {office.office_name or office.province}".strip()
    return counted.report(office.office_name, scope, year, month)


@access.operation(access.PRINT)
def write_report_pdf(
    ctx: AppContext, target: str | Path | BinaryIO, report: ServicesReport
) -> None:
    # reportlab loads with the first print, not with the service-card section
    from desktop_app.reports.feedback.services_report import write_services_report

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
    level = _level(ctx)
    with ctx.session() as session:
        card = session.get(ServiceCard, card_id)
        if card is None or card.deleted_at is not None:
            return None
        count = people_of_card(session, card, year, months, _scope(level, session))
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
    level = _level(ctx)
    with ctx.session() as session:
        card = session.get(ServiceCard, card_id)
        if card is None or card.deleted_at is not None:
            return None
        return people_of_card(session, card, year, frozenset(range(1, 13)), _scope(level, session))
