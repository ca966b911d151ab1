"""The workstation's own sync bookkeeping tables (never synced). No Qt; any thread.

- ``SyncOutbox``: one row per local change of a synced record, written in the same
  SQLite transaction as the change (``desktop_app.sync.outbox``). ``seq`` is the
  device's mutation sequence: AUTOINCREMENT, so a number is never reused after an
  acknowledged entry is deleted.
- ``SyncConflict``: a change the server refused (another workstation changed the same
  field, or the change was outside this office's scope); the clerk's values and the
  server's values side by side until the clerk chooses.
- ``SyncProblem``: a pulled row this workstation could not apply (a local unique
  value, a parent not here, a value this version refuses), kept with its reason
  (Persian) until it applies on a later try or a supervisor sets it aside.
- ``SyncState``: key → JSON text (pull cursor, last sync time, device token is NOT here:
  it lives in a file in the data folder).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow

#: ``session.info`` key: this session never queues outbox entries (``sync.outbox``).
NO_OUTBOX = "no_outbox"


class SyncOutbox(Base):
    """A local change waiting to be acknowledged by the central server."""

    __tablename__ = "sync_outbox"
    __table_args__ = ({"sqlite_autoincrement": True},)

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    mutation_id: Mapped[str] = mapped_column(String(36), unique=True)
    table_name: Mapped[str] = mapped_column(String(80))
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    op: Mapped[str] = mapped_column(String(10))  # insert / update
    base_seq: Mapped[int | None] = mapped_column(Integer, default=None)
    base_version: Mapped[int] = mapped_column(Integer, default=0)
    fields: Mapped[str] = mapped_column(Text, default="{}")  # JSON: column -> encoded value
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SyncConflict(Base):
    """A refused change kept with both versions until the clerk resolves it."""

    __tablename__ = "sync_conflicts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    mutation_id: Mapped[str] = mapped_column(String(36), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # conflict / rejected
    table_name: Mapped[str] = mapped_column(String(80))
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    fields: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of conflicting columns
    local_values: Mapped[str] = mapped_column(Text, default="{}")
    server_values: Mapped[str] = mapped_column(Text, default="{}")
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    resolution: Mapped[str] = mapped_column(String(20), default="")  # mine / theirs
    op: Mapped[str] = mapped_column(String(10), default="update")  # of the refused entry
    #: kind "held": the refused mutation this one waits for (resent or closed with it)
    depends_on: Mapped[str | None] = mapped_column(String(36), default=None)


class SyncProblem(Base):
    """A pulled row set aside: it could not be applied here; retried after each pull."""

    __tablename__ = "sync_problems"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    table_name: Mapped[str] = mapped_column(String(80))
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    seq: Mapped[int] = mapped_column(Integer, default=0)  # the server's change-log number
    values: Mapped[str] = mapped_column(Text, default="{}")  # the row, wire form (JSON)
    reason: Mapped[str] = mapped_column(Text, default="")  # Persian, for the supervisor
    detail: Mapped[str] = mapped_column(Text, default="")  # English, from the database
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_tried_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    resolution: Mapped[str] = mapped_column(String(20), default="")  # applied / dismissed


class SyncState(Base):
    """One value of the sync engine's state (JSON text)."""

    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="null")
