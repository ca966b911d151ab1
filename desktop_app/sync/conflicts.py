"""Sync conflicts for the clerk: list them with both versions, and resolve one.

"mine" writes the clerk's values again as a NEW local edit (through the ORM, so it is
queued in the outbox with the record's current server sequence as its base: it wins
unless someone changes the same field again before it arrives); "theirs" keeps the
server's version, which the workstation already shows. No Qt; any thread (worker).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import select

from ..models import Base, SyncConflict, synced_models, utcnow
from .codec import decode_values


@dataclass(frozen=True)
class ConflictView:
    id: int
    kind: str  # conflict / rejected
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
        if keep == "mine":
            model = {m.__tablename__: m for m in synced_models()}[conflict.table_name]
            row = session.get(model, uuid.UUID(conflict.record_id))
            if row is not None:
                table = Base.metadata.tables[conflict.table_name]
                values = decode_values(table, json.loads(conflict.local_values))
                chosen = json.loads(conflict.fields) or list(values)
                for column in chosen:
                    if column in values and column != "id":
                        setattr(row, table.c[column].key, values[column])
        conflict.resolved_at = utcnow()
        conflict.resolution = keep
