"""One current row per key: a model's ``__one_current__`` columns (a completion
certificate's invitation) hold at most one row that counts as current (the model's
``is_current`` / ``current_clause``, the condition of its partial unique index).

Two current rows of one key are made only when sync brings their keys together: the
same person registered at two counters offline, each counter certified them, and the
natural-key merge (``sync.natural_keys``) re-points both certificates at one
invitation. Neither is dropped — both were handed out and both stay verifiable: the
row the server accepted first stays current, the other is written as superseded by it
(the model's ``superseded_by(current)``: for a certificate, replaced by the first
serial). The server applies it to a pushed insert (:func:`supersede`), a workstation
to its own row when it pulls the current one (:func:`supersede_local`), so both end
with the server's decision. Generic: nothing names a table. No Qt; any thread, inside
the caller's transaction (Core, so a workstation's change is not queued for pushing).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table, select, update

from ..models import Base


def one_current(model: Any) -> tuple[str, ...]:
    return tuple(getattr(model, "__one_current__", ()))


def _twins(conn: Connection, model: Any, table: Table, values: dict[str, Any]) -> list[Any]:
    """Current rows of ``values``' key other than ``values`` itself, oldest first."""
    keys = one_current(model)
    if not keys or not model.is_current(values) or any(values.get(k) is None for k in keys):
        return []
    query = (
        select(table)
        .where(*(table.c[k] == values[k] for k in keys), model.current_clause())
        .order_by(table.c.created_at, table.c.id)
    )
    if values.get("id") is not None:
        query = query.where(table.c.id != values["id"])
    return list(conn.execute(query).mappings())


def supersede(conn: Connection, model: Any, values: dict[str, Any]) -> bool:
    """Before a pushed new row is written: when its key already has a current row, the
    newcomer becomes superseded by it (``values`` changed in place). True if it did."""
    twins = _twins(conn, model, Base.metadata.tables[model.__tablename__], values)
    if not twins:
        return False
    values.update(model.superseded_by(twins[0]))
    return True


def supersede_local(conn: Connection, model: Any, rows: list[dict[str, Any]]) -> int:
    """Before pulled ``rows`` are written: a local current row sharing the key of a
    pulled current one is superseded by it (the server holds one current row per key,
    so the local one is the loser, as the server decided). Returns how many."""
    if not one_current(model):
        return 0
    table = Base.metadata.tables[model.__tablename__]
    done = 0
    for values in rows:
        for twin in _twins(conn, model, table, values):
            conn.execute(
                update(table).where(table.c.id == twin["id"]).values(**model.superseded_by(values))
            )
            done += 1
    return done
