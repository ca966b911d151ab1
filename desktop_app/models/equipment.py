"""Workshop equipment (تجهیزات کارگاهی) and the history of its moves. No Qt; any thread.

An ``Equipment`` item belongs to a workshop; its ``place_id`` repeats the workshop's
place so the asset number (شماره اموال) can be unique per place among live rows (a
partial unique index: a tombstoned item frees its number) and lists can filter by
place without a join. The service keeps ``place_id`` equal to the workshop's place.
The optional photo is a compact JPEG made by ``services.core.images`` and is ``deferred``:
lists never load it. ``search_text`` is the ``persian.search_key`` of what a clerk
searches an item by, and ``name_sort`` the ``persian.sort_key`` of its name (the
list's default order along an index), both maintained by the service.

An ``EquipmentMove`` records one move of an item from a workshop to another (date,
who moved it or why), written by ``services.places.equipment.move_equipment``; the item's
form shows them as its history.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import (
    BigInteger,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    Uuid,
    text,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column

from .base import Record


class Equipment(Record):
    """An item of workshop equipment with its asset number."""

    __tablename__ = "equipment"
    __sync_derived__ = ("name_sort",)  # computed from name: never a conflict

    workshop_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("workshops.id"), index=True)
    place_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("places.id"), index=True)
    asset_number: Mapped[str] = mapped_column(String(30), default="")
    name: Mapped[str] = mapped_column(String(200), default="")
    #: ``persian.sort_key(name)``: sorts by name in Persian order along an index.
    name_sort: Mapped[str] = mapped_column(String(200), default="", index=True)
    category: Mapped[str] = mapped_column(String(80), default="")
    brand_model: Mapped[str] = mapped_column(String(120), default="")
    serial_number: Mapped[str] = mapped_column(String(60), default="")
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    unit: Mapped[str] = mapped_column(String(20), default="")
    acquired_on: Mapped[date | None] = mapped_column(Date, default=None)
    price_rial: Mapped[int | None] = mapped_column(BigInteger, default=None)
    condition: Mapped[str] = mapped_column(String(20), default="sound", index=True)
    last_inspection: Mapped[date | None] = mapped_column(Date, default=None)
    notes: Mapped[str] = mapped_column(Text, default="")
    photo: Mapped[bytes | None] = deferred(mapped_column(LargeBinary, default=None))
    search_text: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        Index(
            "uq_equipment_place_asset_live",
            "place_id",
            "asset_number",
            unique=True,
            sqlite_where=text("deleted_at IS NULL"),
            postgresql_where=text("deleted_at IS NULL"),
        ),
        # A search that is one whole asset number, in every workshop (migration 0017).
        Index(
            "ix_equipment_asset_number_live",
            "asset_number",
            sqlite_where=text("deleted_at IS NULL"),
            postgresql_where=text("deleted_at IS NULL"),
        ),
    )


class EquipmentMove(Record):
    """One move of an item from a workshop to another."""

    __tablename__ = "equipment_moves"

    equipment_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("equipment.id"), index=True)
    from_workshop_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("workshops.id"))
    to_workshop_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("workshops.id"))
    moved_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
