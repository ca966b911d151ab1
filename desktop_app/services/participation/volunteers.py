"""Volunteers (داوطلبان): registration with skills and availability, hours of service
logged per center, and the data of the letter of appreciation (تقدیرنامه).

A volunteer is unique by national code among live volunteers (as trainees). Hours are
whole hours, 1–24 per entry, on a day not in the future. Lists mask national codes and
mobiles for clerks (``privacy.shown`` in ``Listing.page``). No Qt; any thread.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import func, select

from ...documents.participation import AppreciationLetter
from ...models import Volunteer, VolunteerHours, live
from ...persian import (
    ValidationError,
    normalize,
    search_key,
    sort_key,
    today,
    validate_mobile,
    validate_national_code,
)
from ..accounts import access
from ..accounts.audit import record_event_now
from ..core.context import AppContext
from ..core.dependents import Dependent, refuse_if_depended
from ..core.errors import ServiceError
from ..core.listing import Listing, ListQuery
from ..core.records import live_record, new_record, record_for_update
from ..office.settings import load_office_settings

NOT_FOUND = "این داوطلب پیدا نشد؛ شاید حذف شده باشد."
MAX_HOURS_A_DAY = 24


@dataclass
class VolunteerData:
    id: uuid.UUID | None = None
    version: int | None = None
    national_code: str = ""
    first_name: str = ""
    last_name: str = ""
    mobile: str = ""
    skills: str = ""
    availability: str = ""
    note: str = ""


def _to_data(row: Volunteer) -> VolunteerData:
    return VolunteerData(
        row.id, row.version, row.national_code, row.first_name, row.last_name, row.mobile,
        row.skills, row.availability, row.note,
    )  # fmt: skip


@access.operation(access.ENTER)
def save_volunteer(ctx: AppContext, data: VolunteerData) -> VolunteerData:
    """Register or edit a volunteer (``ENTER``); the same person never twice."""
    try:
        code = validate_national_code(data.national_code)
    except ValidationError as exc:
        raise ServiceError(exc.message, "national_code") from None
    first, last = normalize(data.first_name), normalize(data.last_name)
    if not first:
        raise ServiceError("نام داوطلب را بنویسید.", "first_name")
    if not last:
        raise ServiceError("نام خانوادگی داوطلب را بنویسید.", "last_name")
    mobile = ""
    if data.mobile.strip():
        try:
            mobile = validate_mobile(data.mobile)
        except ValidationError as exc:
            raise ServiceError(exc.message, "mobile") from None
    skills = normalize(data.skills, keep_newlines=True)
    if not skills:
        raise ServiceError("مهارت‌های داوطلب را بنویسید.", "skills")
    with ctx.session() as session:
        twin = session.scalars(
            select(Volunteer).where(
                Volunteer.national_code == code,
                live(Volunteer),
                Volunteer.id != (data.id or uuid.uuid4()),
            )
        ).first()
        if twin is not None:
            raise ServiceError(
                f"داوطلبی با این کد ملی پیش‌تر ثبت شده است: «{twin.first_name} {twin.last_name}».",
                "national_code",
            )
        if data.id is None:
            row = new_record(session, Volunteer)
        else:
            row = record_for_update(session, Volunteer, data.id, data.version, NOT_FOUND)
        row.national_code, row.first_name, row.last_name, row.mobile = code, first, last, mobile
        row.skills = skills
        row.availability = normalize(data.availability, keep_newlines=True)
        row.note = normalize(data.note, keep_newlines=True)
        row.name_sort = sort_key(f"{last} {first}")
        row.search_text = search_key(" ".join([first, last, code, mobile, skills]))
        session.flush()
        return _to_data(row)


@access.operation(access.SIGNED_IN)
def get_volunteer(ctx: AppContext, volunteer_id: uuid.UUID) -> VolunteerData:
    with ctx.session() as session:
        return _to_data(live_record(session, Volunteer, volunteer_id, NOT_FOUND))


@access.operation(access.DELETE)
def delete_volunteer(ctx: AppContext, volunteer_id: uuid.UUID) -> None:
    with ctx.session() as session:
        row = live_record(session, Volunteer, volunteer_id, NOT_FOUND)
        refuse_if_depended(
            session,
            f"داوطلب «{row.first_name} {row.last_name}»",
            row.id,
            (Dependent("نوبت خدمت ثبت‌شده", VolunteerHours, VolunteerHours.volunteer_id),),
        )
        row.mark_deleted()


@dataclass(frozen=True)
class HoursEntry:
    id: uuid.UUID | None
    served_on: date
    center: str
    hours: int
    activity: str


@access.operation(access.ENTER)
def log_hours(ctx: AppContext, volunteer_id: uuid.UUID, entry: HoursEntry) -> HoursEntry:
    """Record hours of service at a center (``ENTER``)."""
    if entry.served_on > today():
        raise ServiceError("تاریخ خدمت نمی‌تواند در آینده باشد.", "served_on")
    if not 1 <= entry.hours <= MAX_HOURS_A_DAY:
        raise ServiceError("ساعت خدمت در یک روز باید بین ۱ و ۲۴ باشد.", "hours")
    center = normalize(entry.center)
    if not center:
        raise ServiceError("مرکزی را که داوطلب در آن خدمت کرده است بنویسید.", "center")
    with ctx.session() as session:
        live_record(session, Volunteer, volunteer_id, NOT_FOUND)
        row = new_record(session, VolunteerHours)
        row.volunteer_id, row.served_on, row.center = volunteer_id, entry.served_on, center
        row.hours, row.activity = entry.hours, normalize(entry.activity)
        session.flush()
        return HoursEntry(row.id, row.served_on, row.center, row.hours, row.activity)


@access.operation(access.SIGNED_IN)
def hours_of(ctx: AppContext, volunteer_id: uuid.UUID) -> list[HoursEntry]:
    with ctx.session() as session:
        rows = session.scalars(
            select(VolunteerHours)
            .where(VolunteerHours.volunteer_id == volunteer_id, live(VolunteerHours))
            .order_by(VolunteerHours.served_on.desc())
        )
        return [HoursEntry(r.id, r.served_on, r.center, r.hours, r.activity) for r in rows]


@access.operation(access.SIGNED_IN)
def appreciation_letter(ctx: AppContext, volunteer_id: uuid.UUID) -> AppreciationLetter:
    office = load_office_settings(ctx)
    with ctx.session() as session:
        v = live_record(session, Volunteer, volunteer_id, NOT_FOUND)
        total, first, last = session.execute(
            select(
                func.coalesce(func.sum(VolunteerHours.hours), 0),
                func.min(VolunteerHours.served_on),
                func.max(VolunteerHours.served_on),
            ).where(VolunteerHours.volunteer_id == v.id, live(VolunteerHours))
        ).one()
        centers = session.scalars(
            select(VolunteerHours.center)
            .where(VolunteerHours.volunteer_id == v.id, live(VolunteerHours))
            .group_by(VolunteerHours.center)
            .order_by(func.sum(VolunteerHours.hours).desc())
        ).all()
        if not total:
            raise ServiceError("برای این داوطلب هنوز ساعت خدمتی ثبت نشده است.")
        return AppreciationLetter(
            office, today(), f"{v.first_name} {v.last_name}", v.national_code, int(total),
            tuple(centers), first, last, v.skills,
        )  # fmt: skip


@access.operation(access.PRINT)
def print_appreciation(
    ctx: AppContext, volunteer_id: uuid.UUID, output: str | Path | BinaryIO
) -> AppreciationLetter:
    """Write the letter of appreciation (``PRINT``; a personal document: audited)."""
    from ...reports.participation.appreciation import write_appreciation

    letter = appreciation_letter(ctx, volunteer_id)
    write_appreciation(output, letter)
    record_event_now(ctx, "print", "volunteers", volunteer_id, f"تقدیرنامهٔ {letter.name}")
    return letter


# -- the list -------------------------------------------------------------------------------


@dataclass(frozen=True)
class VolunteerRow:
    id: uuid.UUID
    last_name: str
    first_name: str
    national_code: str
    mobile: str
    skills: str
    total_hours: int

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


_HOURS = (
    select(func.coalesce(func.sum(VolunteerHours.hours), 0))
    .where(VolunteerHours.volunteer_id == Volunteer.id, live(VolunteerHours))
    .correlate(Volunteer)
    .scalar_subquery()
)

VOLUNTEERS: Listing[VolunteerRow] = Listing(
    model=Volunteer,
    row=VolunteerRow,
    columns={
        "id": Volunteer.id,
        "last_name": Volunteer.last_name,
        "first_name": Volunteer.first_name,
        "national_code": Volunteer.national_code,
        "mobile": Volunteer.mobile,
        "skills": Volunteer.skills,
        "total_hours": _HOURS,
    },
    search_column=Volunteer.search_text,
    default_sort="last_name",
    sort_keys={"last_name": Volunteer.name_sort},
)


@access.operation(access.SIGNED_IN)
def count_volunteers(ctx: AppContext, query: ListQuery) -> int:
    return VOLUNTEERS.count(ctx, query)


@access.operation(access.SIGNED_IN)
def volunteer_page(
    ctx: AppContext, query: ListQuery, offset: int, limit: int
) -> list[VolunteerRow]:
    """A page of volunteers, codes and mobiles as the actor may see them
    (``Listing.page``: the one masking rule)."""
    return VOLUNTEERS.page(ctx, query, offset, limit)
