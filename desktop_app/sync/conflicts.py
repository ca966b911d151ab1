"""Sync conflicts for the clerk: list them with both versions, and resolve one.

"mine" writes ALL the clerk's values of that save again as a NEW local edit (not only
the conflicting columns: the others of the same save were not applied either), through
the ORM, so it is queued in the outbox with the record's current server sequence as
its base: it wins unless someone changes the same field again before it arrives.
For a refused change ("rejected") "mine" sends the record again (a refused insert as
a whole new insert with the record's current values, so a clerk who corrected the
code resends the corrected record), and the changes "held" behind it (kind "held",
they depended on it) are queued again after it. "theirs" keeps the server's version,
which the workstation already shows, and closes the held ones with it.
No Qt; any thread (worker).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import Base, SyncConflict, SyncOutbox, synced_models, utcnow
from .codec import decode_values
from .outbox import entry_for_existing


@dataclass(frozen=True)
class ConflictView:
    id: int
    kind: str  # conflict / rejected / held (waits for a rejected one)
    table: str
    record_id: str
    fields: list[str]
    local_values: dict[str, Any]
    server_values: dict[str, Any]
    reason: str
    created_at: datetime


def list_conflicts(ctx: Any) -> list[ConflictView]:
    """Open conflicts, oldest first (plain data)."""
    with ctx.session() as session:
        rows = session.scalars(
            select(SyncConflict).where(SyncConflict.resolved_at.is_(None)).order_by(SyncConflict.id)
        )
        return [
            ConflictView(
                id=r.id,
                kind=r.kind,
                table=r.table_name,
                record_id=r.record_id,
                fields=json.loads(r.fields) or sorted(json.loads(r.local_values)),
                local_values=json.loads(r.local_values),
                server_values=json.loads(r.server_values),
                reason=r.reason,
                created_at=r.created_at,
            )
            for r in rows
        ]


def resolve_conflict(ctx: Any, conflict_id: int, keep: Literal["mine", "theirs"]) -> None:
    """Close a conflict, keeping the clerk's values (``mine``) or the server's."""
    with ctx.session() as session:
        conflict = session.get(SyncConflict, conflict_id)
        if conflict is None or conflict.resolved_at is not None:
            return
        held = list(
            session.scalars(
                select(SyncConflict)
                .where(
                    SyncConflict.depends_on == conflict.mutation_id,
                    SyncConflict.resolved_at.is_(None),
                )
                .order_by(SyncConflict.id)
            )
        )
        if keep == "mine":
            _send_again(session, conflict)
            for waiting in held:
                _send_again(session, waiting)
        for closed in (conflict, *held):
            closed.resolved_at = utcnow()
            closed.resolution = keep


def _send_again(session: Session, conflict: SyncConflict) -> None:
    """Queue the clerk's change of ``conflict`` again (see the module docstring)."""
    model = {m.__tablename__: m for m in synced_models()}[conflict.table_name]
    row = session.get(model, uuid.UUID(conflict.record_id))
    if row is None:
        return
    if conflict.kind != "conflict" and conflict.op == "insert":
        session.flush()
        session.add(SyncOutbox(**entry_for_existing(row)))
        session.flush()
        return
    table = Base.metadata.tables[conflict.table_name]
    values = decode_values(table, json.loads(conflict.local_values))
    queued = (
        select(func.count())
        .select_from(SyncOutbox)
        .where(SyncOutbox.record_id == conflict.record_id)
    )
    before = session.scalar(queued)
    for column, value in values.items():
        if (
            column != "id"
            and column not in ("version", "server_seq")
            and not _stamped(table, column)
        ):
            setattr(row, table.c[column].key, value)
    session.flush()
    if conflict.kind != "conflict" and session.scalar(queued) == before:
        # a refused update whose values the record still shows: queue them as they are
        entry = entry_for_existing(row)
        entry.update(op="update", fields=json.dumps(json.loads(conflict.local_values)))
        session.add(SyncOutbox(**entry))
        session.flush()


def _stamped(table: Any, column: str) -> bool:
    """A column every save stamps anew (``updated_at``): the save of "mine" stamps it."""
    return table.c[column].onupdate is not None
