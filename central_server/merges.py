"""The server side of "one person, one record" (``desktop_app.sync.natural_keys``).

When a pushed insert shares a filled natural key with a live record, the record that
is already here wins: the newcomer is stored as a tombstone, ``loser → winner`` is
remembered in ``record_merges``, the winner's empty columns are filled from the
loser, and columns both filled with different values go back to the clerk as a
conflict. Every later mutation naming the loser — its own edits, or a reference to it
in another record — is applied to the winner. Generic: nothing names a table.
No Qt; any thread, inside the push transaction.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, insert, select, update
from sqlalchemy.orm import Session

from desktop_app.models import utcnow
from desktop_app.sync.codec import row_values
from desktop_app.sync.natural_keys import find_live_twin, merge_values, natural_keys

from .models import RecordMerge

DERIVED = frozenset({"search_text", "created_at", "updated_at"})


@dataclass
class Merged:
    """What a merge did: the winner, its new version and values, the clashes."""

    winner: uuid.UUID
    version: int
    server_values: dict[str, Any]
    conflict_fields: list[str]
    winner_changed: bool


def winner_of(session: Session, table_name: str, record_id: uuid.UUID) -> uuid.UUID | None:
    """The record a merged-away ``record_id`` lives on as (None if it was never merged)."""
    current, seen = str(record_id), set()
    while current not in seen:
        seen.add(current)
        winner = session.scalar(
            select(RecordMerge.winner_id).where(
                RecordMerge.table_name == table_name, RecordMerge.loser_id == current
            )
        )
        if winner is None:
            break
        current = winner
    return None if current == str(record_id) else uuid.UUID(current)


def merged_from(
    session: Session, table: Table, winner: uuid.UUID, offices: set[str] | None
) -> bool:
    """Whether a record of one of ``offices`` (None: any) was merged into ``winner``:
    that office had the same person, so it may point at the winner and its edits of
    the winner are judged as edits of its own merged-away record (``merge_update``)."""
    losers = list(
        session.scalars(
            select(RecordMerge.loser_id).where(
                RecordMerge.table_name == table.name, RecordMerge.winner_id == str(winner)
            )
        )
    )
    if not losers:
        return False
    if offices is None:
        return True
    owners = session.scalars(
        select(table.c.origin_office).where(table.c.id.in_([uuid.UUID(i) for i in losers]))
    )
    return any(owner in offices for owner in owners)


def redirect_references(
    session: Session, table: Table, values: dict[str, Any], losers: Losers | None = None
) -> bool:
    """Rewrite foreign-key values that name a merged-away record to its winner; whether
    one was. ``losers``: the merged-away records read ahead for a run of inserts — a
    reference to a record no merge names as its loser is left as it is without asking
    record by record (``winner_of`` would find nothing); any other is asked."""
    redirected = False
    for fk in table.foreign_keys:
        name = fk.parent.name
        value = values.get(name)
        if not isinstance(value, uuid.UUID):
            continue
        target = fk.column.table.name
        if losers is not None and losers.merged_away(target, str(value)) is False:
            continue
        winner = winner_of(session, target, value)
        if winner is not None:
            values[name], redirected = winner, True
    return redirected


class Losers:
    """Which records a run of inserts points at are merged away, read with one query
    per parent table for all of them (``redirect_references`` without them asks record
    by record): what ``_Push.prepare_insert`` gives ``redirect_references``. Only ``merge_insert`` makes a
    merge inside a push; the push notes each it made (``add``)."""

    def __init__(self) -> None:
        self.asked: dict[str, set[str]] = {}  # table -> ids (text) read
        self.found: dict[str, set[str]] = {}  # table -> those of them merged away

    def read(self, session: Session, table_name: str, ids: set[str]) -> None:
        """Read which of ``ids`` (text) of ``table_name`` were merged away (one statement)."""
        from .set_based import among  # (set_based knows nothing of merges)

        found = set(
            session.scalars(
                select(RecordMerge.loser_id).where(
                    RecordMerge.table_name == table_name,
                    among(session, RecordMerge.loser_id, sorted(ids)),
                )
            )
        )
        self.asked.setdefault(table_name, set()).update(ids)
        self.found.setdefault(table_name, set()).update(found)

    def merged_away(self, table_name: str, record_id: str) -> bool | None:
        """Whether a merge names the record as its loser (None: not read ahead)."""
        if record_id not in self.asked.get(table_name, ()):
            return None
        return record_id in self.found[table_name]

    def add(self, table_name: str, record_id: str) -> None:
        """A merge this push made (the record ``record_id`` merged away)."""
        self.asked.setdefault(table_name, set()).add(record_id)
        self.found.setdefault(table_name, set()).add(record_id)


def _derived(model: Any) -> set[str]:
    return set(DERIVED) | set(getattr(model, "__sync_derived__", ()))


def _fill(
    session: Session,
    table: Table,
    model: Any,
    winner: dict[str, Any],
    loser: dict[str, Any],
    writable: set[str],
) -> Merged:
    fill, conflicts = merge_values(table, dict(winner), loser, _derived(model))
    if winner["origin_office"] not in writable:
        # the winner belongs to an office this device may not write: nothing is filled,
        # every difference goes to the clerk instead (scope holds for merges too)
        conflicts, fill = sorted(set(conflicts) | set(fill)), {}
    version = winner["version"]
    if fill:
        version += 1
        session.execute(
            update(table).where(table.c.id == winner["id"]).values(version=version, **fill)
        )
    row = session.execute(select(table).where(table.c.id == winner["id"])).mappings().one()
    return Merged(winner["id"], version, row_values(table, dict(row)), conflicts, bool(fill))


def merge_insert(
    session: Session,
    model: Any,
    table: Table,
    values: dict[str, Any],
    device_uid: str,
    writable: set[str],
) -> Merged | None:
    """Merge a new live record into the live one with its natural key, if there is one.

    ``values`` are the decoded columns of the insert (with ``id`` and ``origin_office``).
    The loser is inserted as a tombstone so its id stays known."""
    keys = natural_keys(model)
    if not keys or values.get("deleted_at") is not None:
        return None
    twin = find_live_twin(session.connection(), table, keys, values)
    if twin is None:
        return None
    session.execute(insert(table).values(**{**values, "deleted_at": utcnow(), "version": 1}))
    merged = _fill(session, table, model, dict(twin), values, writable)
    session.add(
        RecordMerge(
            table_name=table.name,
            loser_id=str(values["id"]),
            winner_id=str(merged.winner),
            device_uid=device_uid,
            conflict_fields=json.dumps(merged.conflict_fields),
        )
    )
    session.flush()
    return merged


def merge_update(
    session: Session,
    model: Any,
    table: Table,
    winner: uuid.UUID,
    values: dict[str, Any],
    writable: set[str],
) -> Merged:
    """An edit of a merged-away record, applied to its winner: empty columns are filled,
    different filled ones are a conflict (the winner's value stays until the clerk
    chooses)."""
    row = session.execute(select(table).where(table.c.id == winner).with_for_update()).mappings()
    current = row.one()
    values = {k: v for k, v in values.items() if k != "deleted_at"}
    return _fill(session, table, model, dict(current), values, writable)
