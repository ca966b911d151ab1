"""Places (centers and private institutes) and their workshops: validate, save, get,
delete, and the paged lists.

``PlaceData``/``WorkshopData`` are the plain records a form edits; ``validated()``
normalizes them and raises ``ServiceError(message, field)`` with a Persian message
naming the field. ``save_*`` creates (no ``id``) or updates (``version`` must match the
stored one, else the clerk is told someone else changed it) in one transaction;
``delete_*`` tombstones. Lists use ``PLACES``/``WORKSHOPS`` (``services.core.listing``):
``count_places(ctx, query)`` and ``place_page(ctx, query, offset, limit)``.

Saving needs the ``ENTER`` permission, deleting ``DELETE`` (``services.accounts.access``).

No Qt; any thread (one short session per call; plain data in and out).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.models import Course, Equipment, Place, Trainer, Workshop, live
from desktop_app.models.limits import text_lengths
from desktop_app.persian import (
    ValidationError,
    normalize,
    normalize_code,
    search_key,
    sort_key,
    to_persian_digits,
    validate_phone,
    validate_postal_code,
)
from desktop_app.services.accounts import access
from desktop_app.services.core.context import AppContext
from desktop_app.services.core.dependents import Dependent, refuse_if_depended, unfinished_courses
from desktop_app.services.core.errors import NotFoundError, ServiceError
from desktop_app.services.core.listing import Listing, ListQuery
from desktop_app.services.core.records import (
    live_record,
    new_record,
    record_for_update,
)
from desktop_app.services.core.reference import PROVINCES

PLACE_KINDS: dict[str, str] = {"center": "مرکز", "institute": "آموزشگاه آزاد"}
#: How long each text of a place may be (the form caps its editors at these).
PLACE_LENGTHS = text_lengths(Place)
WORKSHOP_STATUSES: dict[str, str] = {
    "active": "فعال",
    "repair": "در دست تعمیر",
    "closed": "تعطیل",
}
OCCUPATION_GROUPS: tuple[str, ...] = (
    "برق",
    "الکترونیک",
    "رایانه",
    "جوشکاری و ساخت",
    "مکانیک خودرو",
    "تأسیسات",
    "صنایع چوب",
    "صنایع پوشاک",
    "صنایع غذایی",
    "کشاورزی",
    "هنرهای تجسمی",
    "صنایع دستی",
    "معماری و ساختمان",
    "گردشگری و هتلداری",
    "مدیریت و بازرگانی",
)
_PLACE_CODE = re.compile(r"^[0-9]{2,12}$")


def _required(value: str, message: str, field: str) -> str:
    value = normalize(value)
    if not value:
        raise ServiceError(message, field)
    return value


def _checked(validator: Callable[[str], str], value: str, field: str) -> str:
    """``validator(value)`` for a filled optional field; "" when empty."""
    if not normalize_code(value):
        return ""
    try:
        return str(validator(value))
    except ValidationError as exc:
        raise ServiceError(exc.message, field) from exc


# -- places ------------------------------------------------------------------------------


@dataclass
class PlaceData:
    """A place as a form edits it (``id`` None: not saved yet)."""

    id: uuid.UUID | None = None
    version: int = 0
    kind: str = "center"
    province: str = ""
    city: str = ""
    name: str = ""
    code: str = ""
    address: str = ""
    postal_code: str = ""
    phone: str = ""
    manager: str = ""
    licence_number: str = ""
    licence_expiry: date | None = None

    def validated(self) -> PlaceData:
        """A normalized copy, or ``ServiceError`` naming the first bad field."""
        if self.kind not in PLACE_KINDS:
            raise ServiceError("نوع مکان باید «مرکز» یا «آموزشگاه آزاد» باشد.", "kind")
        name = _required(self.name, "نام مکان را وارد کنید.", "name")
        code = normalize_code(self.code)
        if not code:
            raise ServiceError("کد مکان را وارد کنید.", "code")
        if not _PLACE_CODE.match(code):
            raise ServiceError("کد مکان باید از ۲ تا ۱۲ رقم باشد.", "code")
        province = normalize(self.province)
        if province not in PROVINCES:
            raise ServiceError("استان را از فهرست انتخاب کنید.", "province")
        city = _required(self.city, "شهر را وارد کنید.", "city")
        licence_number, licence_expiry = "", None
        if self.kind == "institute":
            licence_number = _required(
                self.licence_number, "شمارهٔ پروانهٔ آموزشگاه آزاد را وارد کنید.", "licence_number"
            )
            if self.licence_expiry is None:
                raise ServiceError(
                    "تاریخ پایان اعتبار پروانهٔ آموزشگاه را وارد کنید.", "licence_expiry"
                )
            licence_expiry = self.licence_expiry
        return replace(
            self,
            name=name,
            code=code,
            province=province,
            city=city,
            address=normalize(self.address, keep_newlines=True),
            postal_code=_checked(validate_postal_code, self.postal_code, "postal_code"),
            phone=_checked(validate_phone, self.phone, "phone"),
            manager=normalize(self.manager),
            licence_number=licence_number,
            licence_expiry=licence_expiry,
        )


@dataclass(frozen=True)
class PlaceRow:
    """One line of the places list."""

    id: uuid.UUID
    kind: str
    province: str
    city: str
    name: str
    code: str
    manager: str
    phone: str
    licence_expiry: date | None


PLACES: Listing[PlaceRow] = Listing(
    model=Place,
    row=PlaceRow,
    columns={
        "id": Place.id,
        "kind": Place.kind,
        "province": Place.province,
        "city": Place.city,
        "name": Place.name,
        "code": Place.code,
        "manager": Place.manager,
        "phone": Place.phone,
        "licence_expiry": Place.licence_expiry,
    },
    search_column=Place.search_text,
    filters={"province": Place.province, "kind": Place.kind},
    sort_keys={"name": Place.name_sort},
    default_sort="name",
)


def place_search_text(place: PlaceData | Place) -> str:
    return search_key(" ".join([place.name, place.code, place.city, place.manager]))


def _place_data(row: Place) -> PlaceData:
    return PlaceData(
        id=row.id,
        version=row.version,
        **{
            f: getattr(row, f) for f in PlaceData.__dataclass_fields__ if f not in ("id", "version")
        },
    )


PLACE_NOT_FOUND = "این مکان پیدا نشد؛ شاید حذف شده باشد."
WORKSHOP_NOT_FOUND = "این کارگاه پیدا نشد؛ شاید حذف شده باشد."


def _live_place(session: Session, place_id: uuid.UUID) -> Place:
    return live_record(session, Place, place_id, PLACE_NOT_FOUND)


@access.operation(access.SIGNED_IN)
def get_place(ctx: AppContext, place_id: uuid.UUID) -> PlaceData:
    with ctx.session() as session:
        return _place_data(_live_place(session, place_id))


@access.operation(access.ENTER)
def save_place(ctx: AppContext, data: PlaceData) -> PlaceData:
    """Create or update a place; returns it as stored (new id and version)."""
    clean = data.validated()
    with ctx.session() as session:
        same_code = select(Place).where(Place.code == clean.code, live(Place))
        if clean.id is not None:
            same_code = same_code.where(Place.id != clean.id)
        clash = session.scalars(same_code).first()
        if clash is not None:
            raise ServiceError(
                f"کد {to_persian_digits(clean.code)} را مکان دیگری («{clash.name}») دارد.", "code"
            )
        if clean.id is None:
            row = new_record(session, Place)
        else:
            row = record_for_update(session, Place, clean.id, clean.version, PLACE_NOT_FOUND)
        for name in PlaceData.__dataclass_fields__:
            if name not in ("id", "version"):
                setattr(row, name, getattr(clean, name))
        row.search_text = place_search_text(clean)
        row.name_sort = sort_key(clean.name)
        session.flush()
        return _place_data(row)


#: What stops a place from being deleted (closed workshops do not: they go with it).
PLACE_DEPENDENTS = (
    Dependent(
        "کارگاه فعال یا در دست تعمیر",
        Workshop,
        Workshop.place_id,
        (Workshop.status != "closed",),
        "کارگاهِ تعطیل و خالی همراه مکان حذف می‌شود.",
    ),
    Dependent("قلم تجهیزات", Equipment, Equipment.place_id),
    Dependent("مربی", Trainer, Trainer.place_id),
    unfinished_courses(Course.place_id),
)
#: What stops a workshop from being deleted.
WORKSHOP_DEPENDENTS = (
    Dependent("قلم تجهیزات", Equipment, Equipment.workshop_id),
    unfinished_courses(Course.workshop_id),
)


@access.operation(access.DELETE)
def delete_place(ctx: AppContext, place_id: uuid.UUID) -> None:
    """Tombstone a place and its closed workshops; refused (naming what and how many)
    while open workshops, equipment, trainers or unfinished courses point at it."""
    with ctx.session() as session:
        row = _live_place(session, place_id)
        refuse_if_depended(session, f"مکان «{row.name}»", row.id, PLACE_DEPENDENTS)
        workshops = session.scalars(
            select(Workshop).where(Workshop.place_id == place_id, live(Workshop))
        ).all()
        for workshop in workshops:
            refuse_if_depended(
                session, f"کارگاه «{workshop.name}»", workshop.id, WORKSHOP_DEPENDENTS
            )
            workshop.mark_deleted()
        row.mark_deleted()


@access.operation(access.SIGNED_IN)
def count_places(ctx: AppContext, query: ListQuery) -> int:
    return PLACES.count(ctx, query)


@access.operation(access.SIGNED_IN)
def place_page(ctx: AppContext, query: ListQuery, offset: int, limit: int) -> list[PlaceRow]:
    return PLACES.page(ctx, query, offset, limit)


@access.operation(access.SIGNED_IN)
def place_choices(ctx: AppContext, limit: int = 5000) -> list[tuple[uuid.UUID, str]]:
    """(id, "name — city") of live places by name, for a place picker."""
    with ctx.session() as session:
        rows = session.execute(
            select(Place.id, Place.name, Place.city)
            .where(live(Place))
            .order_by(Place.name_sort)
            .limit(limit)
        ).all()
    return [(r.id, f"{r.name} — {r.city}") for r in rows]


# -- workshops ---------------------------------------------------------------------------


@dataclass
class WorkshopData:
    """A workshop as a form edits it (``id`` None: not saved yet)."""

    id: uuid.UUID | None = None
    version: int = 0
    place_id: uuid.UUID | None = None
    name: str = ""
    occupation_group: str = ""
    area_m2: int | None = None
    capacity: int | None = None
    status: str = "active"

    def validated(self) -> WorkshopData:
        if self.place_id is None:
            raise ServiceError("مکانِ کارگاه را انتخاب کنید.", "place_id")
        name = _required(self.name, "نام کارگاه را وارد کنید.", "name")
        group = _required(
            self.occupation_group, "گروه شغلی کارگاه را وارد کنید.", "occupation_group"
        )
        if self.area_m2 is not None and not 1 <= self.area_m2 <= 100_000:
            raise ServiceError("مساحت کارگاه باید بین ۱ تا ۱۰۰٬۰۰۰ متر مربع باشد.", "area_m2")
        if self.capacity is not None and not 1 <= self.capacity <= 1000:
            raise ServiceError("ظرفیت کارگاه باید بین ۱ تا ۱٬۰۰۰ نفر باشد.", "capacity")
        if self.status not in WORKSHOP_STATUSES:
            raise ServiceError("وضعیت کارگاه باید فعال، در دست تعمیر یا تعطیل باشد.", "status")
        return replace(self, name=name, occupation_group=group)


@dataclass(frozen=True)
class WorkshopRow:
    """One line of the workshops list."""

    id: uuid.UUID
    place_id: uuid.UUID
    place_name: str
    name: str
    occupation_group: str
    area_m2: int | None
    capacity: int | None
    status: str


WORKSHOPS: Listing[WorkshopRow] = Listing(
    model=Workshop,
    row=WorkshopRow,
    columns={
        "id": Workshop.id,
        "place_id": Workshop.place_id,
        "place_name": Place.name,
        "name": Workshop.name,
        "occupation_group": Workshop.occupation_group,
        "area_m2": Workshop.area_m2,
        "capacity": Workshop.capacity,
        "status": Workshop.status,
    },
    search_column=Workshop.search_text,
    filters={"place_id": Workshop.place_id, "status": Workshop.status},
    sort_keys={"name": Workshop.name_sort, "place_name": Place.name_sort},
    default_sort="name",
    join=lambda stmt: stmt.join(Place, Place.id == Workshop.place_id),
)


def workshop_search_text(workshop: WorkshopData | Workshop) -> str:
    return search_key(f"{workshop.name} {workshop.occupation_group}")


def _workshop_data(row: Workshop) -> WorkshopData:
    return WorkshopData(
        id=row.id,
        version=row.version,
        place_id=row.place_id,
        name=row.name,
        occupation_group=row.occupation_group,
        area_m2=row.area_m2,
        capacity=row.capacity,
        status=row.status,
    )


def _live_workshop(session: Session, workshop_id: uuid.UUID) -> Workshop:
    return live_record(session, Workshop, workshop_id, WORKSHOP_NOT_FOUND)


@access.operation(access.SIGNED_IN)
def get_workshop(ctx: AppContext, workshop_id: uuid.UUID) -> WorkshopData:
    with ctx.session() as session:
        return _workshop_data(_live_workshop(session, workshop_id))


@access.operation(access.ENTER)
def save_workshop(ctx: AppContext, data: WorkshopData) -> WorkshopData:
    """Create or update a workshop; returns it as stored."""
    clean = data.validated()
    assert clean.place_id is not None
    with ctx.session() as session:
        try:
            _live_place(session, clean.place_id)
        except NotFoundError as exc:
            raise ServiceError(
                "مکانِ انتخاب‌شده پیدا نشد؛ مکان دیگری انتخاب کنید.", "place_id"
            ) from exc
        same_name = select(func.count()).where(
            Workshop.place_id == clean.place_id,
            Workshop.name == clean.name,
            live(Workshop),
        )
        if clean.id is not None:
            same_name = same_name.where(Workshop.id != clean.id)
        clash = session.scalar(same_name)
        if clash:
            raise ServiceError("این مکان کارگاهی به همین نام دارد.", "name")
        if clean.id is None:
            row = new_record(session, Workshop)
        else:
            row = record_for_update(session, Workshop, clean.id, clean.version, WORKSHOP_NOT_FOUND)
        for name in ("place_id", "name", "occupation_group", "area_m2", "capacity", "status"):
            setattr(row, name, getattr(clean, name))
        row.search_text = workshop_search_text(clean)
        row.name_sort = sort_key(clean.name)
        session.flush()
        return _workshop_data(row)


@access.operation(access.DELETE)
def delete_workshop(ctx: AppContext, workshop_id: uuid.UUID) -> None:
    """Tombstone a workshop; refused while equipment or unfinished courses are in it."""
    with ctx.session() as session:
        row = _live_workshop(session, workshop_id)
        refuse_if_depended(session, f"کارگاه «{row.name}»", row.id, WORKSHOP_DEPENDENTS)
        row.mark_deleted()


@access.operation(access.SIGNED_IN)
def count_workshops(ctx: AppContext, query: ListQuery) -> int:
    return WORKSHOPS.count(ctx, query)


@access.operation(access.SIGNED_IN)
def workshop_page(ctx: AppContext, query: ListQuery, offset: int, limit: int) -> list[WorkshopRow]:
    return WORKSHOPS.page(ctx, query, offset, limit)
