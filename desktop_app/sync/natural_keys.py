"""One person, one record: records that share a natural key are merged.

A model declares its natural keys (``__natural_keys__`` on ``models.base.Record``):
tuples of columns that name one real-world thing, e.g. a trainee's national code or
foreign-national ID. A key counts only when all its columns are filled. Two counters
that create the same person offline make two records with two ids; the first one the
central server accepts is the **winner**, the other is the **loser**:

- the server stores the loser as a tombstone, remembers ``loser → winner``
  (``central_server.models.RecordMerge``), fills the winner's empty columns from the
  loser, and applies every later mutation that names the loser (its own edits,
  references to it) to the winner; columns both filled with different values are
  answered back as a conflict for the clerk (the usual both-versions choice);
- a workstation that pulls the winner while it holds a live loser re-points its own
  references (every synced foreign key to that table) to the winner and tombstones the
  loser, and writes the merge to its audit trail.

Every machine ends with the same winner because only the server decides (by commit
order) and the decision travels as ordinary rows. Nothing here names a table.
Server and workstation both call these helpers with a Core connection; no Qt; any
thread, inside the caller's transaction.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy import Connection, Table, and_, insert, or_, select, update

from ..models import AuditEntry, Base, live, synced_models, utcnow

#: Columns that are bookkeeping, not what a clerk typed: never filled or compared.
BOOKKEEPING = frozenset(
    {"id", "created_at", "updated_at", "deleted_at", "version", "origin_office", "server_seq"}
)
MERGE_ACTION = "merge"


def natural_keys(model: Any) -> tuple[tuple[str, ...], ...]:
    return tuple(getattr(model, "__natural_keys__", ()))


def _filled(value: Any) -> bool:
    return value not in (None, "")


def find_live_twin(
    conn: Connection, table: Table, keys: tuple[tuple[str, ...], ...], values: dict[str, Any]
) -> Any | None:
    """A live row of ``table`` (not ``values['id']``) sharing a filled natural key."""
    matches = [
        and_(*(table.c[c] == values[c] for c in key))
        for key in keys
        if all(_filled(values.get(c)) for c in key)
    ]
    if not matches:
        return None
    return (
        conn.execute(
            select(table)
            .where(or_(*matches), live(table), table.c.id != values["id"])
            .order_by(table.c.created_at, table.c.id)
        )
        .mappings()
        .first()
    )


def references_to(table_name: str) -> list[tuple[Table, str]]:
    """Every synced (table, column) whose foreign key points at ``table_name``."""
    found: list[tuple[Table, str]] = []
    for model in synced_models():
        table = Base.metadata.tables[model.__tablename__]
        for fk in table.foreign_keys:
            if fk.column.table.name == table_name:
                found.append((table, fk.parent.name))
    return found


def repoint(
    conn: Connection, table_name: str, loser: uuid.UUID, winner: uuid.UUID
) -> list[tuple[str, uuid.UUID]]:
    """Point every reference to ``loser`` at ``winner``; returns the rows changed."""
    changed: list[tuple[str, uuid.UUID]] = []
    for table, column in references_to(table_name):
        ids = list(conn.execute(select(table.c.id).where(table.c[column] == loser)).scalars())
        if ids:
            conn.execute(update(table).where(table.c.id.in_(ids)).values({column: winner}))
            changed += [(table.name, i) for i in ids]
    return changed


def merge_values(
    table: Table, winner: dict[str, Any], loser: dict[str, Any], derived: set[str]
) -> tuple[dict[str, Any], list[str]]:
    """What the loser adds to the winner: columns the winner left empty (``fill``), and
    columns both filled differently (``conflicts``: the winner's value stays)."""
    fill: dict[str, Any] = {}
    conflicts: list[str] = []
    for column in table.c:
        name = column.name
        if name in BOOKKEEPING or name in derived or name not in loser:
            continue
        mine, theirs = winner.get(name), loser[name]
        if not _filled(theirs) or mine == theirs:
            continue
        if not _filled(mine):
            fill[name] = theirs
        else:
            conflicts.append(name)
    return fill, conflicts


def audit_merge(
    conn: Connection,
    table_name: str,
    loser: uuid.UUID,
    winner: uuid.UUID,
    repointed: int,
    office: str = "",
) -> None:
    """The merge in the audit trail (who: the sync engine; the loser named in detail)."""
    conn.execute(
        insert(AuditEntry),
        [
            {
                "at": utcnow(),
                "user_name": "sync",
                "office_code": office,
                "action": MERGE_ACTION,
                "table_name": table_name,
                "record_id": str(winner),
                "changes": json.dumps({"merged": [str(loser), str(winner)]}),
                "detail": (
                    f"رکورد {loser} با همین شناسهٔ یکتا در باجهٔ دیگری ثبت شده بود و در این "
                    f"رکورد ادغام شد؛ {repointed} رکورد وابسته به آن منتقل شد."
                ),
            }
        ],
    )


def merge_into_pulled(conn: Connection, model: Any, rows: list[dict[str, Any]]) -> int:
    """Before pulled ``rows`` of ``model`` are written: each live local record sharing a
    natural key with a live pulled row is merged into it (references re-pointed, the
    local one tombstoned, audited). The server holds at most one live record per key,
    so the local one is always the loser. Returns how many were merged."""
    keys = natural_keys(model)
    if not keys:
        return 0
    table = Base.metadata.tables[model.__tablename__]
    merged = 0
    for values in rows:
        if values.get("deleted_at") is not None:
            continue
        twin = find_live_twin(conn, table, keys, values)
        while twin is not None:
            winner_exists = conn.execute(
                select(table.c.id).where(table.c.id == values["id"])
            ).first()
            loser = twin["id"]
            # the key moves to the winner first (the live unique index allows one)
            conn.execute(update(table).where(table.c.id == loser).values(deleted_at=utcnow()))
            if winner_exists is None:
                conn.execute(insert(table).values(**values))
            changed = repoint(conn, table.name, loser, values["id"])
            audit_merge(conn, table.name, loser, values["id"], len(changed))
            merged += 1
            twin = find_live_twin(conn, table, keys, values)
    return merged
