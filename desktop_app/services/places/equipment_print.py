"""Printing the equipment list of a workshop or a place (PDF), by the clerk's key.

A place is addressed by its code (``270101``); a workshop — which has no code of its
own — by its place's code and its name, ``270101/کارگاه برق صنعتی`` (the name
compared like a search: any keyboard, digits in any script, with or without ZWNJ;
names are unique within a place). ``find_scope`` resolves such a key (or the id of a
place or a workshop); ``print_equipment_list`` writes the PDF, optionally of one
condition only. The CLI (``miz print equipment-list``) and the window call these.

No Qt; worker threads, CLI and tests.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from desktop_app.models import Place, Workshop, live
from desktop_app.persian import format_jalali, normalize_code, search_key, to_persian_digits, today
from desktop_app.reports.equipment_list import EquipmentListDoc, write_equipment_list
from desktop_app.services.accounts import access
from desktop_app.services.core.context import AppContext
from desktop_app.services.core.errors import NotFoundError, ServiceError
from desktop_app.services.core.listing import ListQuery
from desktop_app.services.office.settings import load_office_settings
from desktop_app.services.places.equipment import CONDITIONS, EquipmentRow, equipment_rows


@dataclass(frozen=True)
class EquipmentScope:
    """What a list covers: a whole place, or one workshop of it."""

    place_id: uuid.UUID
    place_name: str
    workshop_id: uuid.UUID | None = None
    workshop_name: str = ""

    def query(self, condition: str | None = None) -> ListQuery:
        query = ListQuery(sort="asset_number").with_filter("place_id", self.place_id)
        return query.with_filter("workshop_id", self.workshop_id).with_filter(
            "condition", condition
        )


def _by_id(ctx: AppContext, key: str) -> EquipmentScope | None:
    try:
        record_id = uuid.UUID(key.strip())
    except ValueError:
        return None
    with ctx.session() as session:
        place = session.get(Place, record_id)
        if place is not None and place.deleted_at is None:
            return EquipmentScope(place.id, place.name)
        workshop = session.get(Workshop, record_id)
        if workshop is not None and workshop.deleted_at is None:
            owner = session.get(Place, workshop.place_id)
            assert owner is not None
            return EquipmentScope(owner.id, owner.name, workshop.id, workshop.name)
    return None


@access.operation(access.SIGNED_IN)
def find_scope(ctx: AppContext, key: str) -> EquipmentScope:
    """The place (``CODE``) or workshop (``CODE/WORKSHOP NAME``, or an id) of ``key``."""
    found = _by_id(ctx, key)
    if found is not None:
        return found
    code_part, _slash, workshop_part = key.partition("/")
    code = normalize_code(code_part)
    with ctx.session() as session:
        place = session.scalars(select(Place).where(Place.code == code, live(Place))).first()
        if place is None:
            raise NotFoundError(f"مکانی با کد «{to_persian_digits(code)}» پیدا نشد.")
        if not workshop_part.strip():
            return EquipmentScope(place.id, place.name)
        wanted = search_key(workshop_part)
        workshops = session.scalars(
            select(Workshop).where(Workshop.place_id == place.id, live(Workshop))
        ).all()
        for workshop in workshops:
            if search_key(workshop.name) == wanted:
                return EquipmentScope(place.id, place.name, workshop.id, workshop.name)
        names = "، ".join(w.name for w in workshops) or "هیچ کارگاهی ثبت نشده است"
        raise NotFoundError(
            f"«{place.name}» کارگاهی به نام «{workshop_part.strip()}» ندارد ({names})."
        )


def _cells(row: EquipmentRow) -> list[str]:
    return [
        row.asset_number,
        row.name,
        row.category,
        row.brand_model,
        row.serial_number,
        f"{to_persian_digits(row.quantity)} {row.unit}",
        format_jalali(row.acquired_on),
        CONDITIONS.get(row.condition, row.condition),
        format_jalali(row.last_inspection),
        row.workshop_name,
    ]


@access.operation(access.PRINT)
def equipment_list_doc(
    ctx: AppContext, scope: EquipmentScope, condition: str | None = None
) -> EquipmentListDoc:
    """The printed list of ``scope`` (only items in ``condition`` if given)."""
    if condition is not None and condition not in CONDITIONS:
        raise ServiceError(f"وضعیت «{condition}» شناخته نشد.", "condition")
    rows = equipment_rows(ctx, scope.query(condition))
    office = load_office_settings(ctx)
    lines = [f"مکان: {scope.place_name}"]
    if scope.workshop_id is not None:
        lines[0] += f" — کارگاه: {scope.workshop_name}"
    if condition is not None:
        lines.append(f"فقط اقلام با وضعیت «{CONDITIONS[condition]}»")
    lines.append(f"تاریخ تهیه: {format_jalali(today())}")
    counts = Counter(row.condition for row in rows)
    summary = "جمع: " + to_persian_digits(len(rows)) + " قلم"
    if rows:
        parts = [f"{label} {to_persian_digits(counts[key])}" for key, label in CONDITIONS.items()]
        summary += " (" + "، ".join(parts) + ")"
    return EquipmentListDoc(
        title="فهرست تجهیزات کارگاهی",
        lines=lines,
        header=office.office_name or office.agency,
        rows=[_cells(row) for row in rows],
        summary=summary,
    )


@access.operation(access.PRINT)
def print_equipment_list(
    ctx: AppContext, key: str, output: Path, condition: str | None = None
) -> Path:
    """Write the equipment list of the place or workshop ``key`` to ``output``."""
    write_equipment_list(output, equipment_list_doc(ctx, find_scope(ctx, key), condition))
    return output
