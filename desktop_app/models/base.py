"""The declarative base and the columns every record carries. No Qt; any thread.

Every record a clerk creates is a ``Record``: a UUID primary key made on the
workstation (two offline offices never collide; time-ordered, ``time_ordered_uuid``), timestamps, a ``deleted_at``
tombstone (synced data is never physically deleted), a ``version`` counter that
sync and optimistic locking use, the office that created it and the last server
sequence it was seen at.

A model joins sync by declaration: ``__sync__ = True`` (the default for
``Record``); a purely local table sets it to ``False``. The sync engine walks
``synced_models()`` instead of naming tables. A model names what identifies it in the
real world in ``__natural_keys__`` (one person, one record).

``live(Model)`` is the one way a query says "not tombstoned" (``deleted_at IS NULL``):
for a mapped class, an ``aliased()`` one or a Core table, several at once for a join
(``live(Course, Place)``); ``tests/test_architecture.py`` keeps it the only spelling.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import DateTime, Integer, MetaData, String, Uuid, and_, event, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, object_session
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.expression import FromClause

# Stable constraint names, so Alembic migrations work the same on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """The current time in UTC, timezone-aware (stored as UTC)."""
    return datetime.now(UTC)


def time_ordered_uuid() -> uuid.UUID:
    """A new UUID in the version 7 layout (RFC 9562): its first 48 bits the time in
    milliseconds, 74 of the rest random (unguessable as a version 4 is for any use here).
    Rows made one after another are neighbours in every index on their ids: a big
    backlog's inserts, stamps and deletes touch a few pages of an index instead of one
    page a row (issue 22). On the wire and in the database a UUID like any other."""
    value = (time.time_ns() // 1_000_000) << 80 | int.from_bytes(os.urandom(10), "big")
    value = value & ~(0xF << 76) | 0x7 << 76  # version 7
    value = value & ~(0x3 << 62) | 0x2 << 62  # the RFC 4122 variant
    return uuid.UUID(int=value)


class Base(DeclarativeBase):
    """Base of every table of the workstation and the central server."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Record(Base):
    """Abstract base of every record a clerk creates (synced by default)."""

    __abstract__ = True
    __sync__: ClassVar[bool] = True
    #: Natural keys: tuples of columns naming one real-world thing (a person's national
    #: code). Two live records sharing a filled key are merged by sync
    #: (``desktop_app.sync.natural_keys``); each key is also a live unique index.
    __natural_keys__: ClassVar[tuple[tuple[str, ...], ...]] = ()

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=time_ordered_uuid)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    version: Mapped[int] = mapped_column(Integer, default=1)
    origin_office: Mapped[str] = mapped_column(String(20), default="")
    server_seq: Mapped[int | None] = mapped_column(Integer, default=None)

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def mark_deleted(self) -> None:
        """Tombstone the record; it stays in the database for sync."""
        self.deleted_at = utcnow()


def live(*entities: Any, indexed: bool = True) -> ColumnElement[bool]:
    """The rows of ``entities`` that are not tombstoned: ``deleted_at IS NULL`` of each
    (ANDed). An entity is a mapped class, an ``aliased()`` class or a Core table/subquery.

    ``indexed=False`` writes it ``coalesce(deleted_at, NULL) IS NULL``: the same rows, but
    SQLite no longer sees a partial ``WHERE deleted_at IS NULL`` index in it, so a search
    scans the table instead of walking such an index and fetching rows out of order
    (``services.core.listing``)."""
    if not entities:
        raise TypeError("live() needs at least one model or table")
    conditions: list[ColumnElement[bool]] = []
    for entity in entities:
        column = entity.c.deleted_at if isinstance(entity, FromClause) else entity.deleted_at
        if not indexed:
            column = func.coalesce(column, None)
        conditions.append(column.is_(None))
    return conditions[0] if len(conditions) == 1 else and_(*conditions)


def synced_models() -> list[type[Record]]:
    """Every mapped model class that declares ``__sync__ = True``."""
    models: list[type[Record]] = []
    for mapper in Base.registry.mappers:
        cls = mapper.class_
        if issubclass(cls, Record) and getattr(cls, "__sync__", False):
            models.append(cls)
    return sorted(models, key=lambda c: c.__tablename__)


@event.listens_for(Record, "before_update", propagate=True)
def _bump_version(_mapper, _connection, target: Record) -> None:
    """Every real change of a record raises its version by one."""
    session = object_session(target)
    if session is not None and session.is_modified(target, include_collections=False):
        if not getattr(target, "_keep_version", False):
            target.version = (target.version or 0) + 1


def listen_once(factory: Any, identifier: str, fn: Callable[..., Any]) -> None:
    """``event.listen(factory, identifier, fn)`` unless this factory already has it.

    Not ``event.contains``: SQLAlchemy keys its registry by ``id()`` of the factory's
    Session class, so a new factory can be taken for an earlier one that was garbage
    collected at the same address, and would then get no listener at all (seen as a
    workstation whose saves queued nothing to sync). The mark lives on the factory."""
    marks: set[tuple[str, Any]] = factory.__dict__.setdefault("_miz_listeners", set())
    if (identifier, fn) in marks:
        return
    event.listen(factory, identifier, fn)
    marks.add((identifier, fn))
