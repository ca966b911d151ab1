"""Reports of participation: totals of gifts by period, kind, channel, intention,
center and Jalali month (for the window's charts and the PDF), the benefactor's
annual statement, and the Excel export of every participation list.

Cancelled gifts are left out of every total. Client intentions are one bucket
(«مددجوی معین») in reports: a report never names a client. Personal exports
(benefactors, volunteers) go through ``privacy.personal_export`` (supervisors,
audited); the gifts export needs ``EXPORT`` and leaves the client's identity out.

No Qt; any thread.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from ...documents.participation import (
    BenefactorStatement,
    Bucket,
    ParticipationSummary,
    StatementLine,
)
from ...models import (
    Allocation,
    BankStatementLine,
    Benefactor,
    Gift,
    Volunteer,
    VolunteerHours,
    live,
)
from ...persian import JALALI_MONTHS, format_jalali, from_jalali, to_jalali, to_persian_digits
from ..accounts import access
from ..accounts.audit import record_event_now
from ..core.context import AppContext
from ..core.errors import ServiceError
from ..core.excel import write_sheet
from ..core.privacy import personal_export
from ..office.settings import load_office_logo, load_office_settings
from .benefactors import display_name, find_benefactor
from .gifts import area_titles
from .vocab import CHANNELS, GIFT_KINDS, HIDDEN_CLIENT, INTENTIONS, intention_key, intention_label


def _conditions(since: date | None, until: date | None) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = [live(Gift), Gift.cancelled_on.is_(None)]
    if since is not None:
        conds.append(Gift.received_on >= since)
    if until is not None:
        conds.append(Gift.received_on <= until)
    return conds


def _grouped(
    session: Session, column: Any, conds: list[ColumnElement[bool]]
) -> list[tuple[Any, int, int]]:
    stmt = select(column, func.count(), func.coalesce(func.sum(Gift.amount), 0)).where(*conds)
    return [(k, int(c), int(a)) for k, c, a in session.execute(stmt.group_by(column))]


def _buckets(rows: list[tuple[Any, int, int]], label: Callable[[Any], str]) -> tuple[Bucket, ...]:
    merged: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for key, count, amount in rows:
        entry = merged[label(key)]
        entry[0] += count
        entry[1] += amount
    return tuple(sorted((Bucket(k, c, a) for k, (c, a) in merged.items()), key=lambda b: -b.amount))


@access.operation(access.SIGNED_IN)
def participation_summary(
    ctx: AppContext, since: date | None = None, until: date | None = None
) -> ParticipationSummary:
    """Totals of the gifts received in the period (not cancelled)."""
    office = load_office_settings(ctx)
    conds = _conditions(since, until)
    with ctx.session() as session:
        areas = area_titles(session)
        count, amount = session.execute(
            select(func.count(), func.coalesce(func.sum(Gift.amount), 0)).where(*conds)
        ).one()
        by_kind = _buckets(_grouped(session, Gift.kind, conds), lambda k: GIFT_KINDS.get(k, k))
        by_channel = _buckets(
            _grouped(session, Gift.channel, [*conds, Gift.kind == "cash"]),
            lambda k: CHANNELS.get(k, k),
        )
        area_key = Gift.intention + ":" + Gift.intention_area
        by_intention = _buckets(
            _grouped(session, area_key, conds),
            lambda k: _intention_bucket(str(k), areas),
        )
        by_center = _buckets(_grouped(session, Gift.center, conds), lambda k: k or "ستاد اداره")
        by_office = _buckets(_grouped(session, Gift.code_office, conds), str)
        days = _grouped(session, Gift.received_on, conds)
    months: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    for day, c, a in days:
        y, m, _d = to_jalali(day)
        months[(y, m)][0] += c
        months[(y, m)][1] += a
    by_month = tuple(
        Bucket(f"{JALALI_MONTHS[m - 1]} {to_persian_digits(y)}", c, a)
        for (y, m), (c, a) in sorted(months.items())
    )
    return ParticipationSummary(
        office, since, until, int(count), int(amount), by_kind, by_channel, by_intention,
        by_center, by_month, by_office,
    )  # fmt: skip


def _intention_bucket(key: str, areas: dict[str, str]) -> str:
    intention, _, area = key.partition(":")
    if intention == "area":
        return intention_label(f"area:{area}", areas)
    if intention == "client":
        return "مددجوی معین"
    return INTENTIONS["general"]


@access.operation(access.PRINT)
def print_summary(
    ctx: AppContext,
    output: str | Path | BinaryIO,
    since: date | None = None,
    until: date | None = None,
) -> ParticipationSummary:
    """Write the report with its charts as PDF (``PRINT``)."""
    from ...reports.participation.summary import write_summary

    summary = participation_summary(ctx, since, until)
    write_summary(output, summary, load_office_logo(ctx))
    return summary


# -- the benefactor's annual statement ------------------------------------------------------


def jalali_year_bounds(year: int) -> tuple[date, date]:
    from ...persian import jalali_month_days

    return from_jalali(year, 1, 1), from_jalali(year, 12, jalali_month_days(year, 12))


@access.operation(access.SIGNED_IN)
def benefactor_statement(ctx: AppContext, key: str, year: int) -> BenefactorStatement:
    """Every gift of the benefactor (code, mobile or id) in the Jalali ``year``."""
    try:
        start, end = jalali_year_bounds(year)
    except Exception:
        raise ServiceError(f"سال «{year}» سال شمسی درستی نیست.", "year") from None
    benefactor = find_benefactor(ctx, key)
    office, logo = load_office_settings(ctx), load_office_logo(ctx)
    with ctx.session() as session:
        areas = area_titles(session)
        gifts = session.scalars(
            select(Gift)
            .where(
                Gift.benefactor_id == benefactor.id,
                live(Gift),
                Gift.received_on >= start,
                Gift.received_on <= end,
            )
            .order_by(Gift.received_on, Gift.receipt_no)
        ).all()
        lines = tuple(
            StatementLine(
                g.receipt_no, g.received_on, GIFT_KINDS[g.kind], g.amount,
                CHANNELS.get(g.channel, "—"),
                intention_label(
                    intention_key(g.intention, g.intention_area, g.client_national_code), areas
                ),
                g.cancelled_on is not None,
            )
            for g in gifts
        )  # fmt: skip
    return BenefactorStatement(
        office, logo, year, display_name(benefactor),
        benefactor.national_code or benefactor.legal_id, lines,
    )  # fmt: skip


@access.operation(access.PRINT)
def print_benefactor_statement(
    ctx: AppContext, key: str, year: int, output: str | Path | BinaryIO
) -> BenefactorStatement:
    """Write the annual statement (``PRINT``; a personal document: audited)."""
    from ...reports.participation.statement import write_statement

    statement = benefactor_statement(ctx, key, year)
    write_statement(output, statement)
    record_event_now(
        ctx, "print", "benefactors", None, f"صورت مشارکت‌های {statement.name} در {year}"
    )
    return statement


# -- Excel exports --------------------------------------------------------------------------


@access.operation(access.EXPORT)
def export_gifts(
    ctx: AppContext, path: Path | str, since: date | None = None, until: date | None = None
) -> int:
    """Every gift of the period (cancelled ones marked) to Excel; no client identity."""
    conds: list[ColumnElement[bool]] = [live(Gift)]
    if since is not None:
        conds.append(Gift.received_on >= since)
    if until is not None:
        conds.append(Gift.received_on <= until)
    with ctx.session() as session:
        areas = area_titles(session)
        rows = session.execute(
            select(
                Gift.receipt_no, Gift.received_on, Gift.benefactor_name, Gift.kind, Gift.amount,
                Gift.channel, Gift.bank_ref, Gift.intention, Gift.intention_area, Gift.center,
                Gift.item_description, Gift.service_what, Gift.clerk_name, Gift.cancelled_on,
                Gift.cancel_reason,
            ).where(*conds).order_by(Gift.received_on, Gift.receipt_no)
        ).all()  # fmt: skip
    headers = ["شمارهٔ رسید", "تاریخ", "خیّر", "نوع", "مبلغ یا ارزش (ریال)", "شیوهٔ پرداخت",
               "کد مرجع", "نیت", "مرکز", "شرح", "کارشناس", "ابطال", "دلیل ابطال"]  # fmt: skip
    data = (
        [
            r.receipt_no, format_jalali(r.received_on, persian_digits=False), r.benefactor_name,
            GIFT_KINDS[r.kind], r.amount, CHANNELS.get(r.channel, ""), r.bank_ref,
            HIDDEN_CLIENT if r.intention == "client"
            else intention_label(intention_key(r.intention, r.intention_area), areas),
            r.center, r.item_description or r.service_what, r.clerk_name,
            format_jalali(r.cancelled_on, persian_digits=False) if r.cancelled_on else "",
            r.cancel_reason,
        ]
        for r in rows
    )  # fmt: skip
    count = write_sheet(
        Path(path), "مشارکت‌ها", headers, data, (16, 12, 26, 12, 18, 20, 16, 24, 20, 30, 18, 12, 24)
    )
    record_event_now(ctx, "export", "gifts", None, f"{count} مشارکت → {Path(path).name}")
    return count


@access.operation(access.EXPORT_PERSONAL)
def export_benefactors(ctx: AppContext, path: Path | str) -> int:
    from .vocab import BENEFACTOR_KINDS, CONTACT_BY

    with ctx.session() as session:
        rows = session.scalars(
            select(Benefactor).where(live(Benefactor)).order_by(Benefactor.name_sort)
        ).all()
        personal_export(ctx, "benefactors", len(rows), path)
        data = [
            [display_name(b), BENEFACTOR_KINDS[b.kind], b.national_code or b.legal_id, b.mobile,
             b.phone, b.address, CONTACT_BY.get(b.contact_by, "")]
            for b in rows
        ]  # fmt: skip
    return write_sheet(
        Path(path), "خیّران",
        ["نام", "نوع", "کد ملی / شناسهٔ ملی", "همراه", "تلفن", "نشانی", "شیوهٔ تماس"],
        data, (28, 16, 16, 14, 14, 40, 14),
    )  # fmt: skip


@access.operation(access.EXPORT_PERSONAL)
def export_volunteers(ctx: AppContext, path: Path | str) -> int:
    hours = (
        select(func.coalesce(func.sum(VolunteerHours.hours), 0))
        .where(VolunteerHours.volunteer_id == Volunteer.id, live(VolunteerHours))
        .correlate(Volunteer)
        .scalar_subquery()
    )
    with ctx.session() as session:
        rows = session.execute(
            select(Volunteer, hours).where(live(Volunteer)).order_by(Volunteer.name_sort)
        ).all()
        personal_export(ctx, "volunteers", len(rows), path)
        data = [
            [v.first_name, v.last_name, v.national_code, v.mobile, v.skills, v.availability, h]
            for v, h in rows
        ]
    return write_sheet(
        Path(path), "داوطلبان",
        ["نام", "نام خانوادگی", "کد ملی", "همراه", "مهارت‌ها", "زمان‌های آمادگی", "ساعت خدمت"],
        data, (16, 20, 14, 14, 36, 30, 12),
    )  # fmt: skip


@access.operation(access.EXPORT)
def export_allocations(
    ctx: AppContext, path: Path | str, since: date | None = None, until: date | None = None
) -> int:
    """The allocations proposed in the period (``since``–``until``, inclusive; None: no
    limit on that side) to Excel, as the account tab lists them."""
    from .allocations import allocation_label
    from .vocab import ALLOCATION_STATES

    if since is not None and until is not None and since > until:
        raise ServiceError("تاریخ آغاز دوره پس از تاریخ پایان آن است.", "since")
    conds: list[ColumnElement[bool]] = [live(Allocation)]
    if since is not None:
        conds.append(Allocation.proposed_on >= since)
    if until is not None:
        conds.append(Allocation.proposed_on <= until)
    with ctx.session() as session:
        areas = area_titles(session)
        rows = session.scalars(
            select(Allocation).where(*conds).order_by(Allocation.proposed_on)
        ).all()
        data = [
            [format_jalali(a.proposed_on, persian_digits=False),
             allocation_label(a.intention_key, areas, False), a.amount, a.purpose, a.recipient,
             ALLOCATION_STATES[a.state], a.proposed_by, a.decided_by, a.decision_note]
            for a in rows
        ]  # fmt: skip
    return write_sheet(
        Path(path), "هزینه‌کرد",
        ["تاریخ پیشنهاد", "نیت", "مبلغ (ریال)", "موضوع", "گیرنده", "وضعیت", "پیشنهاددهنده",
         "تصمیم‌گیرنده", "یادداشت تصمیم"],
        data, (12, 26, 16, 30, 20, 12, 18, 18, 24),
    )  # fmt: skip


@access.operation(access.EXPORT)
def export_statement_lines(ctx: AppContext, path: Path | str) -> int:
    with ctx.session() as session:
        rows = session.execute(
            select(BankStatementLine, Gift.receipt_no)
            .outerjoin(Gift, Gift.id == BankStatementLine.gift_id)
            .where(live(BankStatementLine))
            .order_by(BankStatementLine.booked_on)
        ).all()
        data = [
            [format_jalali(line.booked_on, persian_digits=False), line.amount, line.bank_ref,
             line.description, receipt or "",
             "تأیید شده" if line.confirmed_on else ("پیشنهادی" if receipt else "بدون رسید")]
            for line, receipt in rows
        ]  # fmt: skip
    return write_sheet(
        Path(path), "صورتحساب بانک",
        ["تاریخ", "مبلغ (ریال)", "کد مرجع", "شرح", "رسید", "وضعیت تطبیق"],
        data, (12, 16, 18, 34, 16, 14),
    )  # fmt: skip
