"""A push's stored results: what a replay is answered from (issue 22). No Qt; any thread.

Every judged mutation's result is stored in the push's transaction, so a replay (the
workstation resending a batch whose answer it never got) gets the same answer. A
mutation is stored one of two ways (``store``):

- a run of a device's *plain inserts* — consecutive sequence numbers, each applied as
  sent (``applied``, version 1, nothing ignored, nothing merged) — as ONE
  ``AppliedRun`` row: the ids in sequence order and the change-log numbers. What a
  big backlog is made of; one row per 500 instead of 500 rows (~25 µs a record);
- every other mutation as an ``AppliedMutation`` row: its result, the fields it
  changed, the mutation as received.

A plain insert needs nothing more than its run, because nothing reads a record's
inserts back: ``PushRules.refused_before`` matters only for a record the server lacks
(an applied insert made it), and ``sync_service._changed_elsewhere`` reads other
devices' fields changed after the base of an update — another device holds the
record only from a pull, at or after the insert's number, so an insert's fields are
never newer than its base (``tests/sync/test_stored_runs.py``).

``answers`` finds the stored results of a batch: rows by mutation id, runs by
sequence number (the id at that position must be the same; one that is not is looked
for in the device's runs by id, as a row would be found). A run is found by sequence
number only: a mutation whose id is in a run but sent with another, unused number is
judged as a new mutation (a workstation never renumbers a sent mutation: a copied
database renumbers its outbox for a *new* device).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from pydantic_core import PydanticSerializationError
from sqlalchemy import Connection, Table, func, select
from sqlalchemy.orm import Session

from desktop_app.sync.protocol import Mutation, MutationResult

from . import push_body
from .models import AppliedMutation, AppliedRun
from .push_body import id_text
from .set_based import Writes, among

#: Characters of one mutation id in ``AppliedRun.mutation_ids`` (a UUID's text).
ID_WIDTH = 36
_RUNS: Table = AppliedRun.__table__  # type: ignore[assignment]
_ROWS: Table = AppliedMutation.__table__  # type: ignore[assignment]

#: One stored mutation: its device, the mutation, its result, the fields it changed.
Stored = tuple[str, Mutation, MutationResult, list[str]]


def plain_insert(m: Mutation, result: MutationResult) -> bool:
    """Whether ``result`` is a plain insert's (stored in a run): applied as sent,
    numbered, nothing else to say."""
    return m.op == "insert" and not result.ignored_fields and applied_as_sent(result)


def applied_as_sent(result: MutationResult) -> bool:
    """Whether ``result`` says only: applied as sent (version 1), numbered (what an
    insert of a new record gets; columns the table lacks may have been ignored)."""
    return (
        result.status == "applied"
        and result.version == 1
        and result.change_seq is not None
        and not result.conflict_fields
        and result.server_values is None
        and result.merged_into is None
        and result.depends_on is None
        and not result.reason
        and not result.problem
        and not result.field
    )


def store(
    writes: Writes,
    stored: Iterable[Stored],
    now: datetime,
    runs: Sequence[dict[str, Any]] = (),
) -> None:
    """Store the results (see the module docstring); ``stored`` in each device's
    sequence order, ``runs`` the ``AppliedRun`` rows of runs judged as columns
    (``run_judge.stored_run``); written with ``writes`` (PostgreSQL: with the
    numbering's writes, one statement)."""
    rows: list[dict[str, Any]] = []
    runs = list(runs)
    ids: list[str] = []
    numbers: list[int] = []
    run: dict[str, Any] | None = None

    def close() -> None:
        if run is not None:
            run["mutation_ids"] = "".join(ids)
            run["change_seqs"] = json.dumps(numbers)
            runs.append(run)
            ids.clear()
            numbers.clear()

    for uid, m, result, fields in stored:
        if plain_insert(m, result):
            if run is None or run["device_uid"] != uid or run["last_seq"] != m.seq - 1:
                close()
                run = {"device_uid": uid, "first_seq": m.seq, "applied_at": now}
            run["last_seq"] = m.seq
            ids.append(id_text(m.mutation_id))
            numbers.append(result.change_seq)  # type: ignore[arg-type]
            continue
        close()
        run = None
        rows.append(
            {
                "device_uid": uid,
                "mutation_id": id_text(m.mutation_id),
                "seq": m.seq,
                "table_name": m.table,
                "record_id": id_text(m.record_id),
                "status": result.status,
                "fields": json.dumps(fields),
                "change_seq": result.change_seq,
                "result": result.model_dump_json(exclude_defaults=True),  # a replay: the same
                "payload": _payload(m),
                "applied_at": now,
            }
        )
    close()
    writes.insert(_ROWS, rows)
    writes.insert(_RUNS, runs)


def _payload(m: Mutation) -> str:
    """The mutation as received, stored beside its result (JSON text)."""
    try:
        return m.model_dump_json()
    except PydanticSerializationError:  # a lone surrogate: escaped, ASCII
        return json.dumps(m.model_dump(), default=str)


def answers(
    session: Session,
    uid: str,
    mutations: Sequence[Mutation],
    last_seq: int,
    fresh_ids: Sequence[str] = (),
) -> dict[str, MutationResult]:
    """The stored result of each of ``mutations`` the device ``uid`` had sent (by
    mutation id); ``last_seq`` is the device's last applied sequence number.
    ``fresh_ids``: more mutation ids (as text), numbered after ``last_seq`` (a run's:
    ``run_judge``), looked for as a mutation of theirs would be."""
    wanted = [id_text(m.mutation_id) for m in mutations]
    wanted.extend(fresh_ids)
    found = {
        mutation_id: MutationResult.model_validate_json(result)
        for mutation_id, result in session.execute(
            select(_ROWS.c.mutation_id, _ROWS.c.result).where(
                _ROWS.c.device_uid == uid, among(session, _ROWS.c.mutation_id, wanted)
            )
        )
    }
    old = [m for m in mutations if m.seq <= last_seq and id_text(m.mutation_id) not in found]
    if not old:
        return found
    runs = [
        (first, last, ids, json.loads(numbers))
        for first, last, ids, numbers in session.execute(
            select(_RUNS.c.first_seq, _RUNS.c.last_seq, _RUNS.c.mutation_ids, _RUNS.c.change_seqs)
            .where(
                _RUNS.c.device_uid == uid,
                _RUNS.c.last_seq >= min(m.seq for m in old),
                _RUNS.c.first_seq <= max(m.seq for m in old),
            )
            .order_by(_RUNS.c.first_seq)
        )
    ]
    elsewhere: list[str] = []  # sent with another number than they were stored with
    for m in old:
        mutation_id = id_text(m.mutation_id)
        for first, last, ids, numbers in runs:
            if first <= m.seq <= last:
                at = (m.seq - first) * ID_WIDTH
                if ids[at : at + ID_WIDTH] == mutation_id:
                    found[mutation_id] = _result(m, first, numbers)
                break
        if mutation_id not in found:
            elsewhere.append(mutation_id)
    if elsewhere:
        found.update(_by_id(session, uid, elsewhere))
    return found


def _result(m: Mutation, first: int, numbers: list[int]) -> MutationResult:
    """A plain insert's stored result (as ``store`` got it), found in its run."""
    return push_body.result(
        m.mutation_id, m.seq, "applied", version=1, change_seq=numbers[m.seq - first]
    )


def _by_id(session: Session, uid: str, wanted: list[str]) -> dict[str, MutationResult]:
    """The stored results of plain inserts of ``uid`` found by their ids alone: every
    run of the device read once (a used number sent with a new id — a workstation
    restored from an old backup — is refused with 409 after this; never a scan per id)."""
    missing = set(wanted)
    out: dict[str, MutationResult] = {}
    for first, ids, numbers in session.execute(
        select(_RUNS.c.first_seq, _RUNS.c.mutation_ids, _RUNS.c.change_seqs).where(
            _RUNS.c.device_uid == uid
        )
    ):
        changes = json.loads(numbers)
        for index in range(len(ids) // ID_WIDTH):
            mutation_id = ids[index * ID_WIDTH : (index + 1) * ID_WIDTH]
            if mutation_id in missing:
                out[mutation_id] = MutationResult(
                    mutation_id=uuid.UUID(mutation_id),
                    seq=first + index,
                    status="applied",
                    version=1,
                    change_seq=changes[index],
                )
    return out


def count(session: Session | Connection, uid: str | None = None) -> int:
    """How many mutations are stored (of device ``uid``, or of all)."""
    rows = select(func.count()).select_from(_ROWS)
    runs = select(func.coalesce(func.sum(_RUNS.c.last_seq - _RUNS.c.first_seq + 1), 0))
    if uid is not None:
        rows = rows.where(_ROWS.c.device_uid == uid)
        runs = runs.where(_RUNS.c.device_uid == uid)
    return int(session.scalar(rows) or 0) + int(session.scalar(runs) or 0)


def outcomes(session: Session, uid: str) -> dict[int, tuple[str, str, int | None]]:
    """Each stored mutation of ``uid`` by sequence number: its id, status and
    change-log number (what tests and an operator ask of the stored results)."""
    out: dict[int, tuple[str, str, int | None]] = {
        seq: (mutation_id, status, change_seq)
        for seq, mutation_id, status, change_seq in session.execute(
            select(_ROWS.c.seq, _ROWS.c.mutation_id, _ROWS.c.status, _ROWS.c.change_seq).where(
                _ROWS.c.device_uid == uid
            )
        )
    }
    for first, ids, numbers in session.execute(
        select(_RUNS.c.first_seq, _RUNS.c.mutation_ids, _RUNS.c.change_seqs).where(
            _RUNS.c.device_uid == uid
        )
    ):
        for index, number in enumerate(json.loads(numbers)):
            at = index * ID_WIDTH
            out[first + index] = (ids[at : at + ID_WIDTH], "applied", number)
    return out
