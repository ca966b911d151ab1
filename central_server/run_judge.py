"""A run of inserts judged as columns (issue 22). Push writers; no Qt; any thread.

A workstation's backlog reaches the server as runs of inserts (``InsertRun``: one
table, the same columns, consecutive sequence numbers). Judged as the mutations they
stand for (``push_runs.mutations``), every insert costs a ``Mutation``, a dictionary
of values, a result and a place in the answer's ranges found again; a first sync of
100,000 records spent about a third of the server's time on that. Here a run that is
surely judged as its inserts would be one by one is judged at once, as columns:

- **which runs** (``columnar``, ``in_order``): of a table whose inserts are judged in
  a batch at all (``_Push.alone`` is not, its references and rules asked per row as
  ``_Push.prepare_insert`` asks them), naming only columns the table has, numbered
  after the device's last sequence number (no replay by number), no sequence number
  shared with another entry of the request, each record once in the request; then,
  in ``sync_service.judge_push``, no id among the device's stored results (a replay by
  id) and no record the server already holds. Any other run is taken apart into its
  mutations, where it stands, and judged as before;
- **the judging** (``write``): the columns decoded and checked at once
  (``columns.decode_columns_checked``), every row's origin office inside the device's
  scope and, for a table with references or rules, every row admitted by
  ``_Push.admitted`` (the rules ``prepare_insert`` asks); the rows written in one
  statement in a savepoint (``bulk.insert_columns``). A row the checks doubt or a rule
  would refuse, or the database refusing the statement, and the run is judged as its
  mutations instead (``None``), where each refusal is the one-by-one path's own;
- **the answer** (``numbered``): the run's change-log numbers, given by
  ``assign_sequences`` as to any record, as ``AppliedRange``s and one stored run
  (``stored_results.store``'s ``AppliedRun``) — what the one-by-one path answers and
  stores for inserts applied as sent.

``tests/sync/test_push_columnar.py`` pushes the same requests both ways (hostile ones
among them) and finds the same answers, rows, change log and stored results.
"""

from __future__ import annotations

import functools
import itertools
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Table
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session

from desktop_app.models import Base, synced_models
from desktop_app.sync.bulk import insert_columns, sqlite_moment_text
from desktop_app.sync.columns import decode_columns_checked, sqlite_moments
from desktop_app.sync.protocol import AppliedRange, InsertRun, Mutation, PushRequest
from desktop_app.sync.superseded import one_current

from . import merges
from .authority import PER_ROW_TABLES
from .push_body import id_texts
from .push_rules import column_names
from .push_runs import mutations

if TYPE_CHECKING:
    from .sync_service import _Push

#: One entry of a request in sequence order: a mutation, or a run judged as columns.
Entry = Mutation | InsertRun


@dataclass
class Written:
    """A run written as columns: its records' keys (table, id as text) in run order,
    and its change-log numbers once ``assign_sequences`` gave them."""

    run: InsertRun
    keys: list[tuple[str, str]]
    numbers: list[int] | None = None


@functools.cache
def alone(name: str) -> bool:
    """Whether inserts into synced table ``name`` are judged one at a time
    (``_Push.apply``), never in a batch nor as columns: one person, one record
    (``_merge`` decides row by row), a row judged against the rows written before it
    (an account's balance), a second current row kept superseded."""
    model = {m.__tablename__: m for m in synced_models()}[name]
    return bool(merges.natural_keys(model) or name in PER_ROW_TABLES or one_current(model))


def columnar(run: InsertRun) -> bool:
    """Whether ``run`` may be judged as columns as far as the request alone tells: a
    synced table judged in batches, only columns the table has (nothing ignored)."""
    return (
        run.table in _synced()  # (before any cache keyed by the name a client sent)
        and not alone(run.table)
        and set(run.columns) <= column_names(run.table)
    )


@functools.cache
def _synced() -> frozenset[str]:
    """The synced tables' names."""
    return frozenset(m.__tablename__ for m in synced_models())


def in_order(request: PushRequest, last_seq: int) -> list[Entry]:
    """The entries of ``request`` (its mutations and the runs ``push_runs.expanded``
    left: of ``columnar`` tables) in sequence order, each run that may not be judged
    as columns (module docstring: not ``columnar``, numbered at or before
    ``last_seq``, a record shared with another entry or twice in it) taken apart into
    its mutations. (No sequence number is used twice in a request: ``PushRequest``
    refuses it.)"""
    if not request.runs:
        return list(request.mutations)
    records = [(m.table, m.record_id) for m in request.mutations]
    for run in request.runs:
        records.extend(zip(itertools.repeat(run.table), run.record_ids))
    twice: set[tuple[str, Any]] = set()
    if len(set(records)) != len(records):
        twice = {record for record, count in Counter(records).items() if count > 1}
    entries: list[Entry] = list(request.mutations)
    for run in request.runs:
        own = (
            columnar(run)
            and run.first_seq > last_seq
            and not (twice and any((run.table, rid) in twice for rid in run.record_ids))
        )
        entries.extend([run] if own else mutations(run))
    entries.sort(key=first_seq)
    return entries


def first_seq(entry: Entry) -> int:
    return entry.first_seq if isinstance(entry, InsertRun) else entry.seq


def last_seq(entry: Entry) -> int:
    return entry.first_seq + len(entry.rows) - 1 if isinstance(entry, InsertRun) else entry.seq


def taken_apart(entries: list[Entry], keep: Callable[[InsertRun], bool]) -> list[Entry]:
    """``entries`` with every run ``keep(run)`` is false for taken apart into its
    mutations, in place."""
    out: list[Entry] = []
    for entry in entries:
        if isinstance(entry, InsertRun) and not keep(entry):
            out.extend(mutations(entry))
        else:
            out.append(entry)
    return out


def mutations_of(entries: list[Entry]) -> list[Mutation]:
    """The mutations among ``entries`` (no run)."""
    return [e for e in entries if not isinstance(e, InsertRun)]


def runs_of(entries: list[Entry]) -> list[InsertRun]:
    """The runs among ``entries``."""
    return [e for e in entries if isinstance(e, InsertRun)]


def write(session: Session, job: _Push, run: InsertRun) -> Written | None:
    """Judge and write ``run`` as columns (module docstring); None: judge it as its
    mutations (nothing written, nothing of ``job`` changed)."""
    table: Table = Base.metadata.tables[run.table]
    names = run.columns
    sent = [list(column) for column in zip(*run.rows, strict=True)] if names else []
    decoded, doubted = decode_columns_checked(table, names, sent, job.server_owned)
    if doubted:
        return None
    count = len(run.rows)
    office = job.device.office_code
    origins = [o or office for o in decoded.get("origin_office", itertools.repeat(None, count))]
    if not job.writable.issuperset(origins):
        return None
    if not job.plain(table):
        job.read_parents(_parents(table, decoded, job))
        rows = [dict(zip(decoded, row, strict=True)) for row in zip(*decoded.values(), strict=True)]
        if not rows:
            rows = [{} for _ in range(count)]
        if any(job.admitted(table, values) is None for values in rows):
            return None
    keys = list(zip(itertools.repeat(run.table), id_texts(run.record_ids)))
    columns = {**decoded, "id": list(run.record_ids), "origin_office": origins}
    columns["version"] = [1] * count
    top = job.first_number(len(keys))
    if top is not None:
        columns["server_seq"] = list(range(top + 1, top + 1 + count))
    conn = session.connection()
    kept = {n: v for n, v in zip(names, sent, strict=True) if n in decoded}
    moments = _sqlite_moments(conn, table, kept)
    try:
        with session.begin_nested():  # (its SAVEPOINT is sent at the connection asked for
            # inside it: a connection taken before would write past the savepoint)
            insert_columns(session.connection(), table, columns, moments)
    except (IntegrityError, DataError):
        return None
    if top is not None:
        job.written.update(zip(keys, columns["server_seq"], strict=True))
    job.touched.update(zip(keys, origins, strict=True))
    deleted = decoded.get("deleted_at", itertools.repeat(None, count))
    job.fresh.update(
        (key, (origin, dead is not None))
        for key, origin, dead in zip(keys, origins, deleted, strict=True)
    )
    # the record's state is the workstation's copy when the office sent is the one kept
    as_sent = sent[names.index("origin_office")] if "origin_office" in names else [None] * count
    job.own.update(
        (key, sent_office == origin)
        for key, sent_office, origin in zip(keys, as_sent, origins, strict=True)
    )
    return Written(run, keys)


def _sqlite_moments(
    conn: Connection, table: Table, sent: dict[str, list[Any]]
) -> dict[str, list[Any]]:
    """On SQLite, the run's moments in their storage form made from the text sent
    (``columns.sqlite_moments``: no ``datetime`` formatted a value; about a tenth of
    the writer's time a first sync). ``sent``: the wire values of the columns kept."""
    stored = {}
    for name, values in sent.items():
        if sqlite_moment_text(table.c[name], conn.dialect):
            moments = sqlite_moments(values)
            if moments is not None:
                stored[name] = moments
    return stored


def _parents(table: Table, decoded: dict[str, list[Any]], job: _Push) -> dict[str, set[Any]]:
    """The records the run's references name, by parent table (to read ahead)."""
    parents: dict[str, set[Any]] = defaultdict(set)
    for fk in table.foreign_keys:
        target = fk.column.table.name
        if target in job.models and fk.parent.name in decoded:
            parents[target].update(decoded[fk.parent.name])
    return parents


def numbered(written: Written, seqs: dict[tuple[str, str], int]) -> list[AppliedRange]:
    """The ranges answering ``written`` once its records are numbered (``seqs``, as
    ``assign_sequences`` gave them): consecutive numbers make one range."""
    numbers = written.numbers = [seqs[key] for key in written.keys]
    out: list[AppliedRange] = []
    first = written.run.first_seq
    for start, count in _consecutive(numbers):
        out.append(
            AppliedRange.model_construct(
                first_seq=first + start,
                count=count,
                first_change_seq=numbers[start],
                ignored_fields=[],
            )
        )
    return out


def _consecutive(numbers: list[int]) -> Iterator[tuple[int, int]]:
    """(start, length) of each stretch of ``numbers`` that rises one at a time."""
    start = 0
    for i in range(1, len(numbers) + 1):
        if i == len(numbers) or numbers[i] != numbers[i - 1] + 1:
            yield start, i - start
            start = i


def stored_run(uid: str, written: Written, now: datetime) -> dict[str, Any]:
    """The ``AppliedRun`` row of a run written as columns (``stored_results``' form)."""
    run = written.run
    return {
        "device_uid": uid,
        "first_seq": run.first_seq,
        "last_seq": last_seq(run),
        "mutation_ids": "".join(id_texts(run.mutation_ids)),
        "change_seqs": json.dumps(written.numbers),
        "applied_at": now,
    }
