"""Codes used once: a model's ``__once_only__`` columns (the registration card's
order, payment-tracking, file and payment codes) belong to one live record.

A model declares the columns and, optionally, which of its rows count
(``once_only_live()``: a SQL condition, e.g. "of a registration not withdrawn").
The counter refuses a reuse when it is typed (:func:`used_by`, called by the
service); a reuse that only sync brings together — two counters or two offices
that each accepted the same card offline — is written after each pull as a
``sync_conflicts`` row of kind ``reuse`` (:func:`report_reuse`), which the sync
section shows to the supervisor with both records; nothing is changed or dropped.
Generic: nothing names a table. No Qt; any thread, inside the caller's session.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from ..models import Base, SyncConflict, live, synced_models
from .codec import row_values

REUSE = "reuse"
DEFAULT_MESSAGE = (
    "مقدار «{value}» که فقط یک بار به کار می‌رود در {count} رکورد دیده شد؛ "
    "هر دو را ببینید و نادرست را اصلاح کنید."
)
_NAMESPACE = uuid.UUID("1b0f4e5c-6f6a-4d53-9a53-6d697a2d6f6e")


def _counted(model: Any) -> Any:
    alive = live(model)
    extra = getattr(model, "once_only_live", None)
    return and_(alive, extra()) if extra is not None else alive


def used_by(
    session: Session, model: Any, column: str, value: str, exclude: uuid.UUID | None = None
) -> Any | None:
    """A counted record of ``model`` that already holds ``value`` in ``column``."""
    if not value:
        return None
    query = select(model).where(getattr(model, column) == value, _counted(model))
    if exclude is not None:
        query = query.where(model.id != exclude)
    return session.scalars(query.limit(1)).first()


def find_reuse(session: Session) -> list[tuple[Any, str, str, list[uuid.UUID]]]:
    """Every (model, column, value, record ids) held by more than one counted record."""
    found = []
    for model in synced_models():
        for column in getattr(model, "__once_only__", ()):
            col = getattr(model, column)
            values = session.execute(
                select(col).where(_counted(model), col != "").group_by(col).having(func.count() > 1)
            ).scalars()
            for value in values:
                ids = sorted(
                    session.scalars(select(model.id).where(col == value, _counted(model))),
                    key=str,
                )
                found.append((model, column, value, ids))
    return found


def report_reuse(session: Session) -> int:
    """A conflict row for each reuse not reported yet (one per code and set of records);
    returns how many new ones were written."""
    written = 0
    for model, column, value, ids in find_reuse(session):
        key = f"{model.__tablename__}|{column}|{value}|" + ",".join(map(str, ids))
        mutation_id = str(uuid.uuid5(_NAMESPACE, key))
        if session.scalar(select(SyncConflict.id).where(SyncConflict.mutation_id == mutation_id)):
            continue
        table = Base.metadata.tables[model.__tablename__]
        rows = [session.execute(select(table).where(table.c.id == i)).mappings().one() for i in ids]
        session.add(
            SyncConflict(
                mutation_id=mutation_id,
                kind=REUSE,
                table_name=model.__tablename__,
                record_id=str(ids[0]),
                fields=json.dumps([column]),
                local_values=json.dumps(row_values(table, dict(rows[0])), ensure_ascii=False),
                server_values=json.dumps(row_values(table, dict(rows[1])), ensure_ascii=False),
                reason=getattr(model, "__once_only_message__", DEFAULT_MESSAGE).format(
                    value=value, count=len(ids)
                ),
            )
        )
        written += 1
    session.flush()
    return written
