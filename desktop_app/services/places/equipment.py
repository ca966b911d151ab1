"""Workshop equipment (تجهیزات کارگاهی): validate, save, get, delete, move between
workshops with a history, the paged list, and the Excel export.

``EquipmentData`` is the plain record the form edits; ``validated()`` normalizes it
and raises ``ServiceError(message, field)`` with a Persian message naming the field.
``save_equipment`` creates (no ``id``) or updates (``version`` must match) in one
transaction; the asset number (شماره اموال) must be unique among the live items of
the workshop's place. ``photo`` is the stored JPEG (``services.core.images.prepare_photo``
with ``EQUIPMENT`` makes it from any image the clerk picks). ``move_equipment`` moves
an item to another workshop and writes an ``EquipmentMove``; ``equipment_moves``
lists them. ``delete_equipment`` tombstones. Lists use ``EQUIPMENT`` (filters:
``place_id``, ``workshop_id``, ``condition``); ``equipment_rows`` gives every
matching row (for the PDF list and the Excel export).

No Qt; any thread (one short session per call; plain data in and out).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from desktop_app.models import Equipment, EquipmentMove, Place, Workshop, live
from desktop_app.models.limits import text_lengths
from desktop_app.persian import (
    format_jalali,
    normalize,
    search_key,
    sort_key,
    to_ascii_digits,
    to_persian_digits,
)
from desktop_app.persian import today as local_today
from desktop_app.services.accounts import access
from desktop_app.services.core.context import AppContext
from desktop_app.services.core.errors import NotFoundError, ServiceError
from desktop_app.services.core.excel import write_sheet
from desktop_app.services.core.listing import CodeLookup, Listing, ListQuery
from desktop_app.services.core.records import live_record, new_record, record_for_update

#: Condition (وضعیت) of an item: stored key → Persian label, in order of decline.
CONDITIONS: dict[str, str] = {
    "sound": "سالم",
    "needs_repair": "نیازمند تعمیر",
    "unusable": "غیرقابل استفاده",
    "scrapped": "اسقاط",
}
CATEGORIES: tuple[str, ...] = (
    "ماشین‌آلات",
    "ابزار دستی",
    "ابزار برقی",
    "تجهیزات رایانه‌ای",
    "تجهیزات اندازه‌گیری",
    "تجهیزات ایمنی",
    "مبلمان و تجهیزات کلاس",
    "تجهیزات آموزشی",
    "سایر",
)
UNITS: tuple[str, ...] = ("عدد", "دستگاه", "دست", "جفت", "متر", "کیلوگرم", "بسته", "سری")
MAX_PRICE_RIAL = 10**15

#: Text lengths of the equipment form's fields (the model's ``String(n)`` columns).
EQUIPMENT_LENGTHS = text_lengths(Equipment)
EQUIPMENT_NOT_FOUND = "این قلم تجهیزات پیدا نشد؛ شاید حذف شده باشد."
WORKSHOP_GONE = "کارگاه انتخاب‌شده پیدا نشد؛ کارگاه دیگری انتخاب کنید."


@dataclass
class EquipmentData:
    """An item as a form edits it (``id`` None: not saved yet).

    ``place_id`` is the workshop's place, filled by the service (read only)."""

    id: uuid.UUID | None = None
    version: int = 0
    workshop_id: uuid.UUID | None = None
    place_id: uuid.UUID | None = None
    asset_number: str = ""
    name: str = ""
    category: str = ""
    brand_model: str = ""
    serial_number: str = ""
    quantity: int | None = 1
    unit: str = "عدد"
    acquired_on: date | None = None
    price_rial: int | None = None
    condition: str = "sound"
    last_inspection: date | None = None
    notes: str = ""
    photo: bytes | None = None

    def validated(self) -> EquipmentData:
        """A normalized copy, or ``ServiceError`` naming the first bad field."""
        if self.workshop_id is None:
            raise ServiceError("کارگاهِ این قلم را انتخاب کنید.", "workshop_id")
        asset = asset_number_key(self.asset_number)
        if not asset:
            raise ServiceError("شمارهٔ اموال را وارد کنید.", "asset_number")
        if len(asset) > 30:
            raise ServiceError("شمارهٔ اموال حداکثر ۳۰ نویسه است.", "asset_number")
        name = normalize(self.name)
        if not name:
            raise ServiceError("نام تجهیزات را وارد کنید.", "name")
        if self.quantity is None:
            raise ServiceError("تعداد را وارد کنید.", "quantity")
        if not 1 <= self.quantity <= 100_000:
            raise ServiceError("تعداد باید بین ۱ تا ۱۰۰٬۰۰۰ باشد.", "quantity")
        unit = normalize(self.unit)
        if not unit:
            raise ServiceError("واحد شمارش را وارد کنید (مثلاً عدد یا دستگاه).", "unit")
        if self.price_rial is not None and not 0 <= self.price_rial <= MAX_PRICE_RIAL:
            raise ServiceError("بهای خرید (ریال) درست نیست.", "price_rial")
        if self.condition not in CONDITIONS:
            raise ServiceError(
                "وضعیت را انتخاب کنید: سالم، نیازمند تعمیر، غیرقابل استفاده یا اسقاط.",
                "condition",
            )
        now = local_today()
        if self.acquired_on is not None and self.acquired_on > now:
            raise ServiceError("تاریخ تحویل نمی‌تواند بعد از امروز باشد.", "acquired_on")
        if self.last_inspection is not None:
            if self.last_inspection > now:
                raise ServiceError(
                    "تاریخ آخرین بازدید نمی‌تواند بعد از امروز باشد.", "last_inspection"
                )
            if self.acquired_on is not None and self.last_inspection < self.acquired_on:
                raise ServiceError(
                    "تاریخ آخرین بازدید نمی‌تواند پیش از تاریخ تحویل باشد.", "last_inspection"
                )
        return replace(
            self,
            asset_number=asset,
            name=name,
            category=normalize(self.category),
            brand_model=normalize(self.brand_model),
            serial_number=normalize(self.serial_number),
            unit=unit,
            notes=normalize(self.notes, keep_newlines=True),
        )


def asset_number_key(text: str) -> str:
    """An asset number as stored: Latin digits and capitals, no spaces or invisible
    characters; separators such as ``-`` and ``/`` are kept (``۲۷-۰۱۲`` → ``27-012``)."""
    return "".join(to_ascii_digits(normalize(text)).upper().split())


def equipment_search_text(item: EquipmentData | Equipment) -> str:
    return search_key(
        " ".join(
            [item.asset_number, item.name, item.category, item.brand_model, item.serial_number]
        )
    )


_FIELDS = tuple(f for f in EquipmentData.__dataclass_fields__ if f not in ("id", "version"))


def _data(row: Equipment) -> EquipmentData:
    return EquipmentData(id=row.id, version=row.version, **{f: getattr(row, f) for f in _FIELDS})


def _live(session: Session, equipment_id: uuid.UUID) -> Equipment:
    return live_record(session, Equipment, equipment_id, EQUIPMENT_NOT_FOUND)


def _workshop(session: Session, workshop_id: uuid.UUID, field: str) -> Workshop:
    try:
        workshop = live_record(session, Workshop, workshop_id, WORKSHOP_GONE)
    except NotFoundError as exc:
        raise ServiceError(WORKSHOP_GONE, field) from exc
    return workshop


def _check_asset_number(
    session: Session, place_id: uuid.UUID, asset: str, item_id: uuid.UUID | None, field: str
) -> None:
    same = select(Equipment).where(
        Equipment.place_id == place_id,
        Equipment.asset_number == asset,
        live(Equipment),
    )
    if item_id is not None:
        same = same.where(Equipment.id != item_id)
    clash = session.scalars(same).first()
    if clash is not None:
        raise ServiceError(
            f"شمارهٔ اموال {to_persian_digits(asset)} در این مکان به «{clash.name}» داده شده است.",
            field,
        )


@access.operation(access.SIGNED_IN)
def get_equipment(ctx: AppContext, equipment_id: uuid.UUID) -> EquipmentData:
    with ctx.session() as session:
        return _data(_live(session, equipment_id))


@access.operation(access.ENTER)
def save_equipment(ctx: AppContext, data: EquipmentData) -> EquipmentData:
    """Create or update an item; returns it as stored (new id and version) (``ENTER``).

    Changing the workshop of a saved item is a move: it is recorded in its history
    (dated today), as ``move_equipment`` would."""
    clean = data.validated()
    assert clean.workshop_id is not None
    with ctx.session() as session:
        workshop = _workshop(session, clean.workshop_id, "workshop_id")
        _check_asset_number(
            session, workshop.place_id, clean.asset_number, clean.id, "asset_number"
        )
        if clean.id is None:
            row = new_record(session, Equipment)
        else:
            row = record_for_update(
                session, Equipment, clean.id, clean.version, EQUIPMENT_NOT_FOUND
            )
            if row.workshop_id != workshop.id:
                _record_move(session, row, workshop.id, local_today(), "")
        for name in _FIELDS:
            setattr(row, name, getattr(clean, name))
        row.place_id = workshop.place_id
        row.search_text = equipment_search_text(clean)
        row.name_sort = sort_key(clean.name)
        session.flush()
        return _data(row)


@access.operation(access.DELETE)
def delete_equipment(ctx: AppContext, equipment_id: uuid.UUID) -> None:
    """Tombstone an item (its move history stays); needs ``DELETE``."""
    with ctx.session() as session:
        _live(session, equipment_id).mark_deleted()


# -- moves --------------------------------------------------------------------------------


@dataclass(frozen=True)
class MoveRow:
    """One line of an item's move history."""

    id: uuid.UUID
    moved_on: date
    from_workshop: str
    to_workshop: str
    note: str


def _record_move(
    session: Session, row: Equipment, to_workshop: uuid.UUID, moved_on: date, note: str
) -> None:
    move = new_record(session, EquipmentMove)
    move.equipment_id = row.id
    move.from_workshop_id = row.workshop_id
    move.to_workshop_id = to_workshop
    move.moved_on = moved_on
    move.note = note


@access.operation(access.ENTER)
def move_equipment(
    ctx: AppContext,
    equipment_id: uuid.UUID,
    version: int,
    to_workshop_id: uuid.UUID | None,
    moved_on: date | None,
    note: str = "",
) -> EquipmentData:
    """Move an item to another workshop (of any place) and record the move."""
    if to_workshop_id is None:
        raise ServiceError("کارگاه مقصد را انتخاب کنید.", "to_workshop_id")
    if moved_on is None:
        raise ServiceError("تاریخ انتقال را وارد کنید.", "moved_on")
    if moved_on > local_today():
        raise ServiceError("تاریخ انتقال نمی‌تواند بعد از امروز باشد.", "moved_on")
    with ctx.session() as session:
        row = record_for_update(session, Equipment, equipment_id, version, EQUIPMENT_NOT_FOUND)
        if row.workshop_id == to_workshop_id:
            raise ServiceError("این قلم هم‌اکنون در همین کارگاه است.", "to_workshop_id")
        target = _workshop(session, to_workshop_id, "to_workshop_id")
        if row.acquired_on is not None and moved_on < row.acquired_on:
            raise ServiceError("تاریخ انتقال نمی‌تواند پیش از تاریخ تحویل باشد.", "moved_on")
        if target.place_id != row.place_id:
            _check_asset_number(
                session, target.place_id, row.asset_number, row.id, "to_workshop_id"
            )
        _record_move(session, row, target.id, moved_on, normalize(note, keep_newlines=True))
        row.workshop_id = target.id
        row.place_id = target.place_id
        session.flush()
        return _data(row)


@access.operation(access.SIGNED_IN)
def equipment_moves(ctx: AppContext, equipment_id: uuid.UUID) -> list[MoveRow]:
    """The moves of an item, oldest first, with "workshop — place" names."""
    source, target = aliased(Workshop), aliased(Workshop)
    source_place, target_place = aliased(Place), aliased(Place)
    with ctx.session() as session:
        rows = session.execute(
            select(
                EquipmentMove.id,
                EquipmentMove.moved_on,
                EquipmentMove.note,
                source.name.label("from_name"),
                source_place.name.label("from_place"),
                target.name.label("to_name"),
                target_place.name.label("to_place"),
            )
            .join(source, source.id == EquipmentMove.from_workshop_id)
            .join(source_place, source_place.id == source.place_id)
            .join(target, target.id == EquipmentMove.to_workshop_id)
            .join(target_place, target_place.id == target.place_id)
            .where(EquipmentMove.equipment_id == equipment_id, live(EquipmentMove))
            .order_by(EquipmentMove.moved_on, EquipmentMove.created_at)
        ).all()
    return [
        MoveRow(
            id=r.id,
            moved_on=r.moved_on,
            from_workshop=f"{r.from_name} — {r.from_place}",
            to_workshop=f"{r.to_name} — {r.to_place}",
            note=r.note,
        )
        for r in rows
    ]


# -- lists --------------------------------------------------------------------------------


@dataclass(frozen=True)
class EquipmentRow:
    """One line of the equipment list (and of its PDF and Excel forms)."""

    id: uuid.UUID
    asset_number: str
    name: str
    category: str
    brand_model: str
    serial_number: str
    quantity: int
    unit: str
    acquired_on: date | None
    price_rial: int | None
    condition: str
    last_inspection: date | None
    workshop_name: str
    place_name: str


EQUIPMENT: Listing[EquipmentRow] = Listing(
    model=Equipment,
    row=EquipmentRow,
    columns={
        "id": Equipment.id,
        "asset_number": Equipment.asset_number,
        "name": Equipment.name,
        "category": Equipment.category,
        "brand_model": Equipment.brand_model,
        "serial_number": Equipment.serial_number,
        "quantity": Equipment.quantity,
        "unit": Equipment.unit,
        "acquired_on": Equipment.acquired_on,
        "price_rial": Equipment.price_rial,
        "condition": Equipment.condition,
        "last_inspection": Equipment.last_inspection,
        "workshop_name": Workshop.name,
        "place_name": Place.name,
    },
    search_column=Equipment.search_text,
    filters={
        "place_id": Equipment.place_id,
        "workshop_id": Equipment.workshop_id,
        "condition": Equipment.condition,
    },
    sort_keys={
        "name": Equipment.name_sort,
        "workshop_name": Workshop.name_sort,
        "place_name": Place.name_sort,
    },
    default_sort="name",
    codes={"asset_number": CodeLookup(Equipment.asset_number, asset_number_key)},
    join=lambda stmt: stmt.join(Workshop, Workshop.id == Equipment.workshop_id).join(
        Place, Place.id == Equipment.place_id
    ),
)


@access.operation(access.SIGNED_IN)
def count_equipment(ctx: AppContext, query: ListQuery) -> int:
    return EQUIPMENT.count(ctx, query)


@access.operation(access.SIGNED_IN)
def equipment_page(
    ctx: AppContext, query: ListQuery, offset: int, limit: int
) -> list[EquipmentRow]:
    return EQUIPMENT.page(ctx, query, offset, limit)


@access.operation(access.SIGNED_IN)
def equipment_rows(ctx: AppContext, query: ListQuery) -> list[EquipmentRow]:
    """Every row matching ``query`` (for a printed list or an export)."""
    return EQUIPMENT.page(ctx, query, 0, 1_000_000)


@access.operation(access.SIGNED_IN)
def workshop_choices(
    ctx: AppContext, place_id: uuid.UUID | None = None
) -> list[tuple[uuid.UUID, str]]:
    """(id, label) of live workshops, of one place ("name") or of all ("name — place")."""
    with ctx.session() as session:
        stmt = (
            select(Workshop.id, Workshop.name, Place.name.label("place_name"))
            .join(Place, Place.id == Workshop.place_id)
            .where(live(Workshop), live(Place))
            .order_by(Place.name_sort, Workshop.name_sort)
        )
        if place_id is not None:
            stmt = stmt.where(Workshop.place_id == place_id)
        rows = session.execute(stmt).all()
    if place_id is not None:
        return [(r.id, r.name) for r in rows]
    return [(r.id, f"{r.name} — {r.place_name}") for r in rows]


# -- Excel --------------------------------------------------------------------------------

EXCEL_COLUMNS = (
    "شماره اموال",
    "نام",
    "دسته",
    "مارک و مدل",
    "شماره سریال",
    "تعداد",
    "واحد",
    "تاریخ تحویل",
    "بها (ریال)",
    "وضعیت",
    "آخرین بازدید",
    "کارگاه",
    "مکان",
)


def _jalali_cell(value: date | None) -> str:
    return format_jalali(value, persian_digits=False) if value else ""


@access.operation(access.EXPORT)
def export_equipment_excel(ctx: AppContext, path: Path, query: ListQuery | None = None) -> int:
    """Write the items matching ``query`` (all live items by default; e.g.
    ``ListQuery().with_filter("condition", "needs_repair")``) to an .xlsx sheet;
    returns the row count. Dates are Jalali (۱۴۰۳/۰۱/۱۵ with Latin digits, as Excel
    users type them), prices numbers."""
    rows = equipment_rows(ctx, query or ListQuery(sort="place_name"))
    cells = (
        [
            r.asset_number,
            r.name,
            r.category,
            r.brand_model,
            r.serial_number,
            r.quantity,
            r.unit,
            _jalali_cell(r.acquired_on),
            r.price_rial,
            CONDITIONS.get(r.condition, r.condition),
            _jalali_cell(r.last_inspection),
            r.workshop_name,
            r.place_name,
        ]
        for r in rows
    )
    widths = (14, 30, 18, 20, 16, 8, 8, 12, 16, 16, 12, 24, 36)
    return write_sheet(path, "تجهیزات کارگاهی", EXCEL_COLUMNS, cells, widths)
