"""Small helpers over the local sync tables: state values, pending counts, the
records waiting in the outbox. No Qt; any thread, inside the caller's session.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Integer, bindparam, cast, func, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from ..models import SyncConflict, SyncOutbox, SyncState

CURSOR = "cursor"
LAST_SYNC = "last_sync_at"
UNKNOWN_TABLES = "unknown_tables"
#: The offices whose rows this workstation's own figures count (its office and those
#: under it, from the server's check; absent: not known yet, or every office).
OWN_SCOPE = "own_scope"
CHECK_MISMATCH = "check_mismatch"  # tables still different from the server after a re-pull
#: The highest change-log number of this workstation's own applied pushes it holds.
OWN_THROUGH = "own_through"


def get_state(session: Session, key: str, default: Any = None) -> Any:
    row = session.get(SyncState, key)
    return json.loads(row.value) if row is not None else default


def set_state(session: Session, key: str, value: Any) -> None:
    """Store ``value``; the same value again writes nothing (a round that changes no
    state commits no write transaction for it: no disk flush)."""
    row = session.get(SyncState, key)
    text = json.dumps(value, ensure_ascii=False)
    if row is None:
        session.add(SyncState(key=key, value=text))
    elif row.value != text:
        row.value = text
    else:
        return
    session.flush()


_STATE = SyncState.metadata.tables[SyncState.__tablename__]


_RAISED = sqlite_insert(_STATE).values(key=bindparam("key"), value=bindparam("value"))
#: ``raise_to``'s statement, built once (its cache key is then computed once, not per
#: batch of a push).
_RAISE = _RAISED.on_conflict_do_update(
    index_elements=["key"],
    set_={"value": _RAISED.excluded.value},
    where=cast(_STATE.c.value, Integer) < bindparam("number", type_=Integer),
)


def raise_to(session: Session, key: str, number: int) -> None:
    """Store the whole ``number`` under ``key`` unless the stored one is as high: one
    statement, no read (the push's ``own_through`` after each batch, issue 22). Not
    through the ORM: a ``SyncState`` of ``key`` loaded in this session is not refreshed."""
    number = int(number)
    session.connection().execute(
        _RAISE, {"key": key, "value": json.dumps(number), "number": number}
    )


def pending_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(SyncOutbox)) or 0


def open_conflicts(session: Session) -> int:
    return (
        session.scalar(
            select(func.count()).select_from(SyncConflict).where(SyncConflict.resolved_at.is_(None))
        )
        or 0
    )


def pending_fields(
    session: Session, keys: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], dict[str, Any]]:
    """For each (table, record id) with unsent changes: column → its newest local wire value."""
    ids = {rid for _t, rid in keys}
    found: dict[tuple[str, str], dict[str, Any]] = defaultdict(dict)
    if not ids:
        return found
    rows = session.execute(
        select(SyncOutbox.table_name, SyncOutbox.record_id, SyncOutbox.fields)
        .where(SyncOutbox.record_id.in_(sorted(ids)))
        .order_by(SyncOutbox.seq)
    )
    for table_name, record_id, fields in rows:
        found[(table_name, record_id)].update(json.loads(fields))
    return found
