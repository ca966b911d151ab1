"""Places (public centers and licensed private institutes) and their workshops. No Qt;
any thread.

A ``Place`` is a public training center (مرکز, kind ``"center"``) or a licensed private
institute (آموزشگاه آزاد, kind ``"institute"``). Its ``code`` is unique among places
that are not deleted (a partial unique index, so a tombstoned place frees its code).
Licence number and expiry concern institutes only; the service enforces that.
``info={"choices": ...}`` declares a closed set of values (``models.rules`` refuses
anything else, on the workstation and on the server).

A ``Workshop`` belongs to a place. Both keep a ``search_text`` column: the
``persian.search_key`` of what a clerk searches them by, maintained by the service,
so a list can search with SQL without loading rows, and a ``name_sort`` column (the
``persian.sort_key`` of the name) so the list sorted by name in Persian alphabetical
order walks an index instead of sorting every row.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, Uuid, text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Record


class Place(Record):
    """مکان آموزشی: a center or an institute of a province and city."""

    __tablename__ = "places"
    __sync_derived__ = ("name_sort",)  # computed from name: never a conflict

    kind: Mapped[str] = mapped_column(
        String(20), default="center", info={"choices": ("center", "institute")}
    )
    province: Mapped[str] = mapped_column(String(60), default="", index=True)
    city: Mapped[str] = mapped_column(String(80), default="")
    name: Mapped[str] = mapped_column(String(200), default="", index=True)
    #: ``persian.sort_key(name)``: sorts by name in Persian order along an index.
    name_sort: Mapped[str] = mapped_column(String(200), default="", index=True)
    code: Mapped[str] = mapped_column(String(20), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    postal_code: Mapped[str] = mapped_column(String(10), default="")
    phone: Mapped[str] = mapped_column(String(11), default="")
    manager: Mapped[str] = mapped_column(String(120), default="")
    licence_number: Mapped[str] = mapped_column(String(40), default="")
    licence_expiry: Mapped[date | None] = mapped_column(Date, default=None)
    search_text: Mapped[str] = mapped_column(Text, default="", index=True)

    __table_args__ = (
        Index(
            "uq_places_code_live",
            "code",
            unique=True,
            sqlite_where=text("deleted_at IS NULL"),
            postgresql_where=text("deleted_at IS NULL"),
        ),
    )


class Workshop(Record):
    """کارگاه: a workshop of a place, for one occupation group."""

    __tablename__ = "workshops"
    __sync_derived__ = ("name_sort",)  # computed from name: never a conflict

    place_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("places.id"), index=True)
    name: Mapped[str] = mapped_column(String(200), default="", index=True)
    #: ``persian.sort_key(name)``: sorts by name in Persian order along an index.
    name_sort: Mapped[str] = mapped_column(String(200), default="", index=True)
    occupation_group: Mapped[str] = mapped_column(String(80), default="")
    area_m2: Mapped[int | None] = mapped_column(Integer, default=None)
    capacity: Mapped[int | None] = mapped_column(Integer, default=None)
    status: Mapped[str] = mapped_column(
        String(20), default="active", info={"choices": ("active", "repair", "closed")}
    )
    search_text: Mapped[str] = mapped_column(Text, default="", index=True)
