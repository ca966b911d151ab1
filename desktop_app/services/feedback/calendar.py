"""The office's deadline table and working-day arithmetic on the Jalali calendar.

A request is answered within ``answer_days`` working days (from the office's service level
agreement; ``DEFAULT_ANSWER_DAYS`` until the office sets its own), or within its kind's own
days (``kind_days``: a complaint may have fewer days than an opinion), or within its
service's own days when the service's SLA promises its own (``service_days``; a service's
days come before its kind's). Working days skip the
Iranian weekend (``WEEKEND``: Thursday and Friday, as government offices close) and the
official holidays the office keeps per Jalali year in ``WorkCalendar``. A holiday outside
its year is refused at the holidays field with its row number.

Reading the table needs somebody signed in (a request's deadline is computed from it when
the request is saved); saving or deleting one year's table is the office's settings
(``SETTINGS``), written to the audit log like every record. ``CALENDARS`` lists this
office's years for the deadline-table screen. No Qt; any thread.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import String, cast, func, select
from sqlalchemy.orm import Session

from desktop_app.documents.feedback import REQUEST_KINDS
from desktop_app.models import ServiceCard, WorkCalendar, live
from desktop_app.persian import format_jalali, normalize, to_jalali, to_persian_digits
from desktop_app.persian.dates import JALALI_MAX_YEAR, JALALI_MIN_YEAR
from desktop_app.services.accounts import access
from desktop_app.services.core.context import AppContext
from desktop_app.services.core.errors import ServiceError
from desktop_app.services.core.listing import Listing, ListQuery
from desktop_app.services.core.records import (
    live_record,
    new_record,
    office_code,
    record_for_update,
)

#: Python weekday numbers of the Iranian weekend: Thursday (3) and Friday (4).
WEEKEND: frozenset[int] = frozenset({3, 4})
DEFAULT_ANSWER_DAYS = 10
MAX_ANSWER_DAYS = 90
NOT_FOUND = "جدول مهلت‌های این سال پیدا نشد."


@dataclass(frozen=True)
class Holiday:
    on: date
    title: str = ""


@dataclass(frozen=True)
class ServiceDays:
    """A service card's own answer days (its SLA): ``card_id`` is the card's id as text."""

    card_id: str
    days: int | None = None


@dataclass
class CalendarData:
    """One Jalali year of the deadline table as the form edits it."""

    year: int
    answer_days: int = DEFAULT_ANSWER_DAYS
    holidays: list[Holiday] = field(default_factory=list)
    id: object | None = None
    version: int = 0
    #: Answer days of a request kind (``REQUEST_KINDS`` key); a kind not named (or None)
    #: waits ``answer_days``.
    kind_days: dict[str, int | None] = field(default_factory=dict)
    #: Services with days of their own (their SLA), one row each, as the form lists them.
    service_days: list[ServiceDays] = field(default_factory=list)

    def days_for(self, kind: str | None, card_id: object | None = None) -> int:
        """The working days a request of ``kind`` about the card ``card_id`` may wait for
        its answer: the service's own days, else the kind's, else the general days."""
        for row in self.service_days:
            if card_id is not None and row.card_id == str(card_id) and row.days:
                return row.days
        return self.kind_days.get(kind or "") or self.answer_days

    def validated(self) -> CalendarData:
        if not JALALI_MIN_YEAR <= self.year <= JALALI_MAX_YEAR:
            raise ServiceError("سال جدول مهلت‌ها را درست وارد کنید.", "year")
        if not 1 <= self.answer_days <= MAX_ANSWER_DAYS:
            raise ServiceError(
                f"مهلت پاسخ باید بین ۱ و {to_persian_digits(MAX_ANSWER_DAYS)} روز کاری باشد.",
                "answer_days",
            )
        kinds: dict[str, int | None] = {}
        for kind, days in self.kind_days.items():
            if kind not in REQUEST_KINDS:
                raise ServiceError("نوع درخواست ناشناخته است.", f"kind_days_{kind}")
            if days is None:
                continue
            if not 1 <= days <= MAX_ANSWER_DAYS:
                raise ServiceError(
                    f"مهلت پاسخ {REQUEST_KINDS[kind]} باید بین ۱ و "
                    f"{to_persian_digits(MAX_ANSWER_DAYS)} روز کاری باشد.",
                    f"kind_days_{kind}",
                )
            kinds[kind] = days
        services: list[ServiceDays] = []
        for row, entry in enumerate(self.service_days, start=1):
            where = f"ردیف {to_persian_digits(row)}: "
            if not entry.card_id:
                raise ServiceError(where + "خدمت را انتخاب کنید.", "service_days")
            if entry.card_id in {s.card_id for s in services}:
                raise ServiceError(where + "این خدمت دو بار آمده است.", "service_days")
            if entry.days is None or not 1 <= entry.days <= MAX_ANSWER_DAYS:
                raise ServiceError(
                    where
                    + f"مهلت باید بین ۱ و {to_persian_digits(MAX_ANSWER_DAYS)} روز کاری باشد.",
                    "service_days",
                )
            services.append(entry)
        seen: set[date] = set()
        clean: list[Holiday] = []
        for row, holiday in enumerate(self.holidays, start=1):
            where = f"ردیف {to_persian_digits(row)}: "
            if to_jalali(holiday.on)[0] != self.year:
                raise ServiceError(
                    where + f"تاریخ {format_jalali(holiday.on)} در سال "
                    f"{to_persian_digits(self.year)} نیست.",
                    "holidays",
                )
            if holiday.on in seen:
                raise ServiceError(where + "این روز دو بار آمده است.", "holidays")
            seen.add(holiday.on)
            clean.append(Holiday(holiday.on, normalize(holiday.title)))
        clean.sort(key=lambda h: h.on)
        return CalendarData(
            self.year, self.answer_days, clean, self.id, self.version, kinds, services
        )


def _row(session: Session, year: int) -> WorkCalendar | None:
    return session.scalars(
        select(WorkCalendar).where(
            WorkCalendar.year == year,
            WorkCalendar.origin_office == office_code(session),
            live(WorkCalendar),
        )
    ).first()


def _data(row: WorkCalendar | None, year: int) -> CalendarData:
    if row is None:
        return CalendarData(year)
    holidays = [Holiday(date.fromisoformat(h["on"]), h.get("title", "")) for h in row.holidays]
    kinds: dict[str, int | None] = {
        k: int(v) for k, v in (row.kind_days or {}).items() if k in REQUEST_KINDS and v
    }
    services = [ServiceDays(k, int(v)) for k, v in (row.service_days or {}).items() if v]
    return CalendarData(row.year, row.answer_days, holidays, row.id, row.version, kinds, services)


@access.operation(access.SIGNED_IN)
def get_calendar(ctx: AppContext, year: int) -> CalendarData:
    """This office's table of ``year`` (the defaults, no holidays, when none is saved)."""
    with ctx.session() as session:
        return _data(_row(session, year), year)


@access.operation(access.SETTINGS)
def save_calendar(ctx: AppContext, data: CalendarData) -> CalendarData:
    """Save one year's table (the office's settings)."""
    clean = data.validated()
    with ctx.session() as session:
        if clean.id is None:
            if _row(session, clean.year) is not None:
                raise ServiceError("جدول مهلت‌های این سال پیش‌تر ثبت شده است.", "year")
            row = new_record(session, WorkCalendar)
            row.year = clean.year
        else:
            row = record_for_update(
                session, WorkCalendar, clean.id, clean.version, "جدول مهلت‌ها پیدا نشد."
            )
        row.answer_days = clean.answer_days
        row.kind_days = {k: v for k, v in clean.kind_days.items() if v is not None}
        for number, entry in enumerate(clean.service_days, start=1):
            try:
                card = session.get(ServiceCard, uuid.UUID(entry.card_id))
            except ValueError:
                card = None
            if card is None or card.deleted_at is not None:
                raise ServiceError(
                    f"ردیف {to_persian_digits(number)}: این خدمت پیدا نشد.", "service_days"
                )
        row.service_days = {e.card_id: int(e.days or 0) for e in clean.service_days}
        row.holidays = [{"on": h.on.isoformat(), "title": h.title} for h in clean.holidays]
        session.flush()
        return _data(row, row.year)


@access.operation(access.SIGNED_IN)
def get_calendar_record(ctx: AppContext, record_id: uuid.UUID) -> CalendarData:
    """One saved year's table, by its id (the deadline-table form)."""
    with ctx.session() as session:
        row = live_record(session, WorkCalendar, record_id, NOT_FOUND)
        return _data(row, row.year)


@access.operation(access.SETTINGS)
def delete_calendar(ctx: AppContext, record_id: uuid.UUID) -> None:
    """Delete one year's table: that year's requests then wait the default days."""
    with ctx.session() as session:
        live_record(session, WorkCalendar, record_id, NOT_FOUND).mark_deleted()


@dataclass(frozen=True)
class CalendarRow:
    """One year of the deadline table as its list shows it."""

    id: uuid.UUID
    year: int
    answer_days: int
    kind_days: dict[str, int]
    service_days: dict[str, int]
    holidays: list[dict[str, str]]

    @property
    def kinds_text(self) -> str:
        """«شکایت ۷، گزارش تخلف اداری ۵» (the kinds with their own days)."""
        return "، ".join(
            f"{REQUEST_KINDS[k]} {to_persian_digits(d)}"
            for k, d in self.kind_days.items()
            if k in REQUEST_KINDS
        )

    @property
    def holiday_count(self) -> int:
        return len(self.holidays)

    @property
    def service_count(self) -> int:
        """How many services have days of their own."""
        return len(self.service_days)


CALENDARS = Listing(
    model=WorkCalendar,
    row=CalendarRow,
    columns={
        "id": WorkCalendar.id,
        "year": WorkCalendar.year,
        "answer_days": WorkCalendar.answer_days,
        "kind_days": WorkCalendar.kind_days,
        "service_days": WorkCalendar.service_days,
        "holidays": WorkCalendar.holidays,
    },
    search_column=func.coalesce(cast(WorkCalendar.year, String), ""),
    filters={"office": lambda own: WorkCalendar.origin_office == own[0]},
    default_sort="year",
)


def _own(ctx: AppContext, query: ListQuery) -> ListQuery:
    """The query limited to this office's tables (a province also holds its offices')."""
    with ctx.session() as session:
        return query.with_filter("office", (office_code(session),))


@access.operation(access.SIGNED_IN)
def count_calendars(ctx: AppContext, query: ListQuery) -> int:
    return CALENDARS.count(ctx, _own(ctx, query))


@access.operation(access.SIGNED_IN)
def calendar_page(ctx: AppContext, query: ListQuery, offset: int, limit: int) -> list[CalendarRow]:
    return CALENDARS.page(ctx, _own(ctx, query), offset, limit)


class WorkDays:
    """Working-day arithmetic over the holidays of the years it has read."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._years: dict[int, CalendarData] = {}

    def year(self, year: int) -> CalendarData:
        if year not in self._years:
            self._years[year] = _data(_row(self._session, year), year)
        return self._years[year]

    def is_working(self, day: date) -> bool:
        if day.weekday() in WEEKEND:
            return False
        return all(h.on != day for h in self.year(to_jalali(day)[0]).holidays)

    def add(self, start: date, days: int) -> date:
        """The ``days``-th working day after ``start`` (``start`` itself not counted)."""
        day, left = start, days
        while left > 0:
            day += timedelta(days=1)
            if self.is_working(day):
                left -= 1
        return day

    def due_date(
        self, received: date, kind: str | None = None, card_id: object | None = None
    ) -> date:
        """The answer deadline of a request of ``kind`` about ``card_id`` received on
        ``received``."""
        return self.add(received, self.year(to_jalali(received)[0]).days_for(kind, card_id))

    def between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 if not later)."""
        return sum(
            1
            for n in range(1, (end - start).days + 1)
            if self.is_working(start + timedelta(days=n))
        )
