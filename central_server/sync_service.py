"""Push (exactly once, in device order, conflicts by field) and pull (by commit order).

Generic over every model with ``__sync__ = True``; nothing names a table. One call
is one database transaction owned by the caller (the router commits, and retries the
whole call on a deadlock: ``central_server.retry``). Each mutation is judged alone in
its own savepoint: values are checked with the shared rules (``sync.codec
.decode_checked``), referential rules across workstations (``_referential``) and the
database's constraints refuse it with a ``problem`` and the ``field``, and its
neighbours go on; a mutation that needs a record this device had refused waits with
it (``depends``). The rows a batch touches are locked in one stable order first.
No Qt; any thread.
"""

from __future__ import annotations

import functools
import itertools
import json
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from operator import attrgetter, itemgetter
from typing import Any, TypeVar

from fastapi import HTTPException
from sqlalchemy import Connection, Table, func, insert, or_, select, update
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session

from desktop_app.models import Base, FieldRuleError, Record, synced_models, utcnow
from desktop_app.sync.bulk import insert_rows
from desktop_app.sync.codec import decode_values_checked, row_values
from desktop_app.sync.columns import decode_rows_checked
from desktop_app.sync.protocol import (
    ChangeRow,
    InsertRun,
    Mutation,
    MutationResult,
    PullRequest,
    PullResponse,
    PushRequest,
    PushResponse,
)
from desktop_app.sync.superseded import supersede

from . import admin, check_figures, merges, push_body, push_runs, run_judge
from .authority import Authority
from .models import AppliedMutation, Device, DeviceState, RecordChange, RecordMerge
from .push_body import id_text, id_texts
from .push_rules import PushRules, Refusal, column_names, integrity_refusal, table_order
from .run_judge import Entry, Written
from .set_based import (
    Writes,
    among,
    log_changes,
    pipelined_rows,
    set_last_seqs,
    stamp_server_seqs,
)
from .stored_results import Stored
from .stored_results import answers as stored_results_of
from .stored_results import store as store_results

T = TypeVar("T")

#: Key of the transaction-level advisory lock around change-log sequence numbers.
CHANGE_LOG_LOCK = 0x4D495A  # "MIZ"
#: Takes it (PostgreSQL; held to the commit): ``_locked_top``, ``check_figures``.
LOCK_CHANGE_LOG = select(func.pg_advisory_xact_lock(CHANGE_LOG_LOCK))
#: How many pages of the change log one pull may read past a workstation's own changes.
OWN_SCAN_FACTOR = 20
#: A run of inserts this long or longer is numbered before it is written on PostgreSQL
#: too (``_prenumbered``: a guess, checked under the change-log lock).
GUESS_MIN = 32
#: Columns the server owns or a client may not set.
SERVER_OWNED = frozenset({"id", "version", "server_seq"})
#: Columns derived from others or bookkeeping: never a conflict on their own.
DERIVED = frozenset({"search_text", "created_at", "updated_at"})


def synced_tables() -> dict[str, type[Record]]:
    """Every synced model by table name (a copy of the one worked out once: every model
    is mapped when ``desktop_app.models`` is imported, and walking the mapper registry
    on every push cost more than the push's office reads)."""
    return dict(_synced_tables())


@functools.cache
def _synced_tables() -> dict[str, type[Record]]:
    return {m.__tablename__: m for m in synced_models()}


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def _changed_elsewhere(
    session: Session, device_uid: str, table: str, record_id: str, base_seq: int | None
) -> set[str]:
    """Columns other devices changed on this record after the clerk's copy (``base_seq``)."""
    query = select(AppliedMutation.fields).where(
        AppliedMutation.table_name == table,
        AppliedMutation.record_id == record_id,
        AppliedMutation.device_uid != device_uid,
        AppliedMutation.status.in_(("applied", "merged")),
    )
    if base_seq is not None:
        query = query.where(AppliedMutation.change_seq > base_seq)
    changed: set[str] = set()
    for fields in session.scalars(query):
        changed.update(json.loads(fields))
    if base_seq is None:
        inserter = session.scalar(
            select(RecordChange.inserted_by).where(
                RecordChange.table_name == table, RecordChange.record_id == record_id
            )
        )
        changed |= _inserted_elsewhere(table, inserter, device_uid)
    return changed


def _inserted_elsewhere(table: str, inserter: str | None, device_uid: str) -> frozenset[str]:
    """The columns another device's insert set, as an update with no base (a record
    this device made, or thinks it did: a copied database) reads them. An insert stored
    in a run has no fields row: a workstation's insert sends every column, so every
    column but the server's number (``stored_results``)."""
    if inserter is None or inserter == device_uid:
        return frozenset()
    return column_names(table) - {"server_seq"}


class _Push:
    def __init__(self, session: Session, device: Device, request: PushRequest) -> None:
        self.session = session
        self.device = device
        self.uid = device.device_uid or ""
        tree = admin.OfficeTree.read(session)
        self.writable = tree.subtree(device.office_code)
        self.models = synced_tables()
        self.authority = Authority(
            session, device.office_code, device.counter_number, tree, synced=self.models.keys()
        )
        self.touched: dict[tuple[str, str], str] = {}  # (table, id) -> origin office
        #: (table, id) -> True while the pushing workstation's copy equals the server's
        #: (every change of the batch applied as sent, none merged): not sent back to it
        self.own: dict[tuple[str, str], bool] = {}
        self.rules = PushRules(session, self.uid, self.models, request)
        self.authority.known = self.rules.known  # parent rows read ahead, asked by both
        #: read ahead for a group of updates (``_write_updates``), each used once
        self.ahead = _ReadAhead()
        #: Tables with merged-away records (read once for a run of grouped inserts;
        #: merges are made only inside ``apply``, which forgets it).
        self._merged_tables: set[str] | None = None
        #: which records the inserts read ahead point at are merged away
        #: (``decode_inserts``; a merge ``_merge`` makes is added)
        self.losers = merges.Losers()
        #: (table, id) -> the change-log number written with an insert's row, guessed
        #: before it was written (``_prenumbered``); ``assign_sequences`` stamps a
        #: record only when its number is another one
        self.written: dict[tuple[str, str], int] = {}
        #: id(mutation) -> its values decoded with the other inserts of its table and
        #: columns (``decode_inserts``), each taken once by ``prepare_insert``
        self.decoded: dict[int, dict[str, Any]] = {}
        #: table -> whether a new record of it is refused by its scope only (``plain``)
        self._plain: dict[str, bool] = {}
        #: (table, id) -> (origin office, deleted) of a record this push inserted and
        #: nothing changed since: the check figures' deltas without reading it back
        #: (``check_figures.numbered``); a later change of it drops it here
        self.fresh: dict[tuple[str, str], tuple[str, bool]] = {}
        #: id(mutation) -> its record's key, (table, id as text): worked out once
        #: (``key``; ``str`` of a ``UUID`` formats it afresh each time)
        self.keys: dict[int, tuple[str, str]] = {}
        #: the runs written as columns (``run_judge.write``), in sequence order
        self.columnar: list[Written] = []

    #: Columns the server owns: checked, never written as sent.
    server_owned = SERVER_OWNED

    def key(self, m: Mutation) -> tuple[str, str]:
        """The (table, id as text) of the record ``m`` changes, worked out once a push."""
        key = self.keys.get(id(m))
        if key is None:
            key = self.keys[id(m)] = (m.table, id_text(m.record_id))
        return key

    def decode_inserts(self, mutations: list[Mutation]) -> None:
        """Decode and check the values of the inserts ``prepare_insert`` may take a
        column at a time (``columns.decode_rows_checked``), a run per table and set of
        columns sent; an insert whose values the column-wise checks doubt is left to
        ``decode_values_checked`` (and so refused, if it is, exactly as before). The
        parent rows the decoded inserts point at are read ahead, one statement per
        parent table (``PushRules.known``)."""
        runs: dict[tuple[str, tuple[str, ...]], list[Mutation]] = defaultdict(list)
        for m in mutations:
            if m.op == "insert" and m.table in self.models and not self.alone(m.table):
                runs[(m.table, tuple(m.fields))].append(m)
        parents: dict[str, set[uuid.UUID]] = defaultdict(set)
        for (name, _columns), run in runs.items():
            if len(run) < 2:
                continue  # one value at a time is as quick
            table = _table(name)
            decoded = decode_rows_checked(table, [m.fields for m in run], SERVER_OWNED)
            for m, values in zip(run, decoded, strict=True):
                if values is not None:
                    self.decoded[id(m)] = values
            rows = [values for values in decoded if values is not None]
            for fk in table.foreign_keys:
                target = fk.column.table.name
                if target in self.models and rows and fk.parent.name in rows[0]:
                    parents[target].update(map(itemgetter(fk.parent.name), rows))
        self.read_parents(parents)

    def read_parents(self, parents: dict[str, set[uuid.UUID]]) -> None:
        """Read ahead the parent rows ``parents`` names (by parent table), and which of
        them are merged away, one statement each (``PushRules.known``, ``losers``)."""
        merged = self.merged_tables() if parents else set()
        for target, ids in parents.items():
            ids.discard(None)  # type: ignore[arg-type]
            if ids:
                self.rules.known.read(self.session, target, ids)
                if target in merged:
                    self.losers.read(self.session, target, {str(i) for i in ids})

    def share(self, reader: _Push) -> None:
        """Take what ``reader.decode_inserts`` decoded and read ahead (a group's pushes,
        ``group_judge``: each insert's values taken once, by its own push)."""
        self.decoded = reader.decoded
        self.rules.known = self.authority.known = reader.rules.known
        self.losers = reader.losers

    def alone(self, name: str) -> bool:
        """Whether inserts into table ``name`` are judged one at a time by ``apply``:
        one person, one record (``_merge`` decides row by row), a row judged against
        the rows written before it (an account's balance), a second current row kept
        superseded."""
        return run_judge.alone(name)

    def apply(self, m: Mutation) -> tuple[MutationResult, list[str]]:
        self._merged_tables = None  # this mutation may merge a record
        self.rules.known.forget()  # it may change a parent row read ahead
        model = self.models[m.table]
        table = _table(m.table)
        ignored = sorted(set(m.fields) - set(table.c.keys()))

        def result(status: str, **kw: Any) -> MutationResult:
            return MutationResult(
                mutation_id=m.mutation_id, seq=m.seq, status=status, ignored_fields=ignored, **kw
            )  # type: ignore[arg-type]

        def refused(refusal: Refusal) -> tuple[MutationResult, list[str]]:
            return result(
                "rejected",
                reason=refusal.reason,
                problem=refusal.problem,
                field=refusal.field,
                depends_on=refusal.depends_on,
            ), []

        try:
            values = decode_values_checked(table, m.fields)
        except FieldRuleError as exc:
            return refused(Refusal("invalid_value", f"{exc.field}: {exc.detail}", exc.field))
        for key in SERVER_OWNED & set(values):
            del values[key]
        sent = dict(values)  # the references as the device wrote them (before merges)
        # a reference re-pointed to a merge's winner: the workstation's copy differs
        redirected = merges.redirect_references(self.session, table, values)
        rid = m.record_id
        record_key = (m.table, str(rid))
        self.fresh.pop(record_key, None)  # changed again: its state is read back
        merged = None
        if not self.ahead.unmerged(record_key):
            self.ahead = _ReadAhead()  # a merge may write other rows: read them afresh
            merged = self._merge(m, model, table, values)
        if merged is not None:
            return merged
        row: Any = self.ahead.rows.pop(record_key, None) or (
            self.session.execute(select(table).where(table.c.id == rid).with_for_update())
            .mappings()
            .first()
        )

        # -- AUTHORITY CHECK: workflow steps, certificate serials, references -------------
        # (central_server/authority.py; the one place the push path asks it)
        denial = self.authority.refusal(m.table, row, values, sent)
        if denial is not None:
            return refused(Refusal("forbidden", denial))
        # -----------------------------------------------------------------------------------
        if row is None:
            if m.op == "update":
                waiting = self.rules.refused_before([(m.table, str(rid))])
                if waiting:
                    return refused(
                        Refusal(
                            "depends",
                            "waits for a refused insert of this record",
                            "",
                            waiting[(m.table, str(rid))],
                        )
                    )
                return refused(Refusal("unknown_record", "record unknown to the server"))
            origin = values.get("origin_office") or self.device.office_code
            if origin not in self.writable:
                return refused(
                    Refusal(
                        "scope", f"office {origin} is outside this device's scope", "origin_office"
                    )
                )
            try:
                self.rules.referential(rid, table, values, None)
            except Refusal as refusal:
                return refused(refusal)
            # one current row per key: a second one (its parent merged) is kept superseded
            superseded = supersede(self.session.connection(), model, values)
            self.session.execute(insert(table), [self.insert_values(m, values, origin)])
            self.touched[(m.table, str(rid))] = origin
            self.fresh[record_key] = (origin, values.get("deleted_at") is not None)
            self.mark_own(
                m, m.fields.get("origin_office") == origin and not redirected and not superseded
            )
            return result("applied", version=1), sorted(values)
        if row["origin_office"] not in self.writable:
            if merges.merged_from(self.session, table, rid, self.writable):
                # the winner of a merge with this office's own record (the same person):
                # judged as an edit of that record (differences go to the clerk)
                done = merges.merge_update(self.session, model, table, rid, values, self.writable)
                return self._merged_result(m, done, values), []
            return refused(
                Refusal("scope", f"record of office {row['origin_office']} is outside this scope")
            )
        values.pop("origin_office", None)  # a record never changes office
        values = {k: v for k, v in values.items() if row[k] != v}
        elsewhere = self.ahead.changed_elsewhere(record_key, m.base_seq)
        if elsewhere is None:
            elsewhere = _changed_elsewhere(self.session, self.uid, m.table, str(rid), m.base_seq)
        strict = set(getattr(model, "__sync_strict_fields__", ()))
        derived = DERIVED | set(getattr(model, "__sync_derived__", ()))
        clash = (set(values) & elsewhere) - derived
        if elsewhere - derived and strict & set(values):
            clash |= strict & set(values)
        if clash:
            return result(
                "conflict",
                conflict_fields=sorted(clash),
                server_values=row_values(table, row),
                version=row["version"],
                reason="changed on another workstation",
            ), []
        try:
            self.rules.referential(rid, table, values, row)
        except Refusal as refusal:
            if refusal.problem != "has_live_children":
                return refused(refusal)
            # shown to the supervisor as a conflict; the workstation gets the live record back
            return result(
                "conflict",
                conflict_fields=["deleted_at"],
                server_values=row_values(table, row),
                version=row["version"],
                reason=refusal.reason,
                problem=refusal.problem,
                field="deleted_at",
            ), []
        version = row["version"] + (1 if values else 0)
        if values:
            self.session.execute(
                update(table).where(table.c.id == rid).values(version=version, **values)
            )
            self.touched[(m.table, str(rid))] = row["origin_office"]
            # the workstation's copy equals this one only when it sent every column it
            # stamps on a save (updated_at); otherwise it gets the row back
            stamped = {c.name for c in table.columns if c.onupdate is not None}
            self.mark_own(m, not elsewhere and stamped <= set(m.fields) and not redirected)
        return result("merged" if elsewhere else "applied", version=version), sorted(values)

    def _merge(
        self, m: Mutation, model: Any, table: Table, values: dict[str, Any]
    ) -> tuple[MutationResult, list[str]] | None:
        """One person, one record (``central_server.merges``): an insert that shares a
        natural key with a live record, or any edit of a merged-away record, lands on
        the winner."""
        winner = merges.winner_of(self.session, m.table, m.record_id)
        if winner is not None:
            done = merges.merge_update(self.session, model, table, winner, values, self.writable)
        elif m.op == "insert" and self.session.get(model, m.record_id) is None:
            origin = values.get("origin_office") or self.device.office_code
            if origin not in self.writable:
                return None  # the ordinary path refuses it
            candidate = {**values, "id": m.record_id, "origin_office": origin}
            found = merges.merge_insert(
                self.session, model, table, candidate, self.uid, self.writable
            )
            if found is None:
                return None
            done = found
            self.losers.add(m.table, str(m.record_id))  # references to it now re-point
            self.touched[(m.table, str(m.record_id))] = origin
        else:
            return None
        return self._merged_result(m, done, values), []

    def _merged_result(
        self, m: Mutation, done: merges.Merged, values: dict[str, Any]
    ) -> MutationResult:
        if done.winner_changed:
            self.touched[(m.table, str(done.winner))] = done.server_values.get("origin_office", "")
            self.fresh.pop((m.table, str(done.winner)), None)
        return MutationResult(
            mutation_id=m.mutation_id,
            seq=m.seq,
            status="merged",
            version=done.version,
            merged_into=done.winner,
            conflict_fields=done.conflict_fields,
            server_values=done.server_values,
            ignored_fields=sorted(set(m.fields) - set(values)),
            reason="merged with the record of the same person",
        )

    def prepare_insert(self, m: Mutation) -> tuple[dict[str, Any], str] | None:
        """The row and origin office of an insert of a new record that passes every rule
        ``apply`` checks, without writing it; None when it does not (then ``apply``
        judges it alone and says why). A model whose insert needs a per-row decision
        beyond these rules must return None here (``alone``)."""
        if self.alone(m.table):
            return None
        table = _table(m.table)
        values = self.decoded.pop(id(m), None)
        if values is None:
            try:
                values = decode_values_checked(table, m.fields)
            except FieldRuleError:
                return None
        for key in SERVER_OWNED & values.keys():
            del values[key]  # (checked, left out already by ``decode_inserts``)
        origin = self.admitted(table, values)
        if origin is None:
            return None
        return self.insert_values(m, values, origin), origin

    def admitted(self, table: Table, values: dict[str, Any]) -> str | None:
        """The origin office of a new record of ``table`` with the checked ``values``
        when it passes every rule ``apply`` asks of it; None when it does not (then
        ``apply`` judges it alone and says why)."""
        plain = self.plain(table)
        if not plain:
            merged = self.merged_tables()
            if any(fk.column.table.name in merged for fk in table.foreign_keys):
                # a reference re-pointed to a merge's winner: ``apply`` (decoding the
                # values afresh) re-points it and says so
                if merges.redirect_references(self.session, table, values, self.losers):
                    return None
            if self.authority.refusal(table.name, None, values) is not None:
                return None
        origin: str = values.get("origin_office") or self.device.office_code
        if origin not in self.writable:
            return None
        if not plain:
            try:
                self.rules.referential(None, table, values, None)
            except Refusal:
                return None
        return origin

    def plain(self, table: Table) -> bool:
        """Whether a new record of ``table`` is refused by its scope only: it has no
        reference (nothing to re-point to a merge's winner, no parent for
        ``referential`` to judge) and the authority has no rule for it
        (``Authority.may_refuse_new``) — those rules are not asked record by record."""
        plain = self._plain.get(table.name)
        if plain is None:
            plain = self._plain[table.name] = not table.foreign_keys and not (
                self.authority.may_refuse_new(table.name)
            )
        return plain

    def first_number(self, count: int) -> int | None:
        """The change-log top a run of ``count`` new records is numbered after when
        written (``_prenumbered``), or None: numbered after the write."""
        conn = self.session.connection()
        exact = conn.dialect.name == "sqlite"
        guess = conn.dialect.name == "postgresql" and count >= GUESS_MIN
        if self.touched or not (exact or guess):
            return None
        return int(conn.scalar(select(func.coalesce(func.max(RecordChange.seq), 0))) or 0)

    def merged_tables(self) -> set[str]:
        """The tables with merged-away records (read once for a run of inserts)."""
        if self._merged_tables is None:
            self._merged_tables = set(
                self.session.scalars(select(RecordMerge.table_name).distinct())
            )
        return self._merged_tables

    @staticmethod
    def insert_values(m: Mutation, values: dict[str, Any], origin: str) -> dict[str, Any]:
        """The row an applied insert writes (``values`` as checked, with its keys)."""
        values.update(id=m.record_id, origin_office=origin, version=1)
        return values

    def mark_own(self, m: Mutation, same_as_sent: bool, key: tuple[str, str] | None = None) -> None:
        """Whether the record's new state is exactly the pushing workstation's copy
        (``key``: the record's, when the caller has it)."""
        key = key or self.key(m)
        self.own[key] = self.own.get(key, True) and same_as_sent


def assign_sequences(writes: Writes, jobs: list[_Push]) -> list[dict[tuple[str, str], int]]:
    """Change-log numbers for the records each push touched, in commit order (see
    docs/sync.md): the pushes in their order, each push's records one after another, as
    if each push had been numbered alone (a record touched by two pushes gets both
    numbers and keeps the later). The change-log lock is taken once, here, and held to
    the commit; the log and the records' ``server_seq`` are written once for all, with
    ``writes`` (PostgreSQL: one statement, sent by the caller)."""
    top = _locked_top(writes)
    out: list[dict[tuple[str, str], int]] = []
    final: dict[tuple[str, str], dict[str, Any]] = {}  # the log's row of each record
    for job in jobs:
        seqs: dict[tuple[str, str], int] = {}
        for key, origin in by_first_table(job.touched.items(), lambda kv: kv[0][0]):
            top += 1
            seqs[key] = top
            earlier = final.pop(key, None)  # re-inserted: the log's rows in seq order
            final[key] = {
                "table_name": key[0],
                "record_id": key[1],
                "seq": top,
                "origin_office": origin,
                "origin_device": job.uid if job.own.get(key) else None,
                # its insert's: kept by a record that has a row, and by one an earlier
                # push of the group made (another push's merge into it changes it)
                "inserted_by": earlier["inserted_by"] if earlier else job.uid,
            }
        out.append(seqs)
    written: dict[tuple[str, str], int] = {}
    for job in jobs:
        written.update(job.written)
    by_table: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in final.values():
        by_table[row["table_name"]].append(row)
    # the check's kept figures take this numbering's deltas (before the stamps below)
    check_figures.numbered(
        writes,
        {t: {r["record_id"]: r["seq"] for r in rs} for t, rs in by_table.items()},
        _fresh(jobs),
        written,
    )
    for table_name, rows in by_table.items():
        log_changes(writes, rows)  # a new record's row, or its row moved to ``seq``
        stamp_server_seqs(
            writes,
            _table(table_name),
            {
                r["record_id"]: r["seq"]
                for r in rows
                if written.get((table_name, r["record_id"])) != r["seq"]
            },
        )
    return out


def _fresh(jobs: list[_Push]) -> dict[tuple[str, str], tuple[str, bool]]:
    """The records the pushes inserted and nothing changed since (``_Push.fresh``),
    each touched by one push only (a record another push of the group touched too is
    read back): their origin office and deleted flag."""
    pushes_of: dict[tuple[str, str], int] = defaultdict(int)
    for job in jobs:
        for key in job.touched:
            pushes_of[key] += 1
    return {
        key: state
        for job in jobs
        for key, state in job.fresh.items()
        if key in job.touched and pushes_of[key] == 1
    }


#: The change log's top number.
_TOP = select(func.coalesce(func.max(RecordChange.seq), 0))


def _locked_top(writes: Writes) -> int:
    """The change-log lock taken (PostgreSQL: held to the commit; SQLite: the write
    transaction holds the database's one write lock), then the log's top number read —
    in that order, in one round trip: the read's snapshot is taken once the lock is
    held, so it sees every number committed before."""
    reads = [(LOCK_CHANGE_LOG, {}), (_TOP, {})] if writes.postgres else [(_TOP, {})]
    return int(pipelined_rows(writes.conn, reads)[-1][0][0] or 0)


class JudgedPush:
    """A push judged and written, waiting for its change-log numbers, stored results and
    its device's new last sequence number (``finish_pushes``): ``push`` is
    ``judge_push`` then ``finish_pushes``; the group commit
    (``central_server.group_commit``) judges several, then finishes them at once.
    ``last_seq``: the device's last applied sequence number after it (None: unchanged),
    its ``device_states`` row locked by the judging and written by ``finish_pushes``."""

    def __init__(
        self,
        job: _Push,
        judged: list[Judged],
        response: PushResponse,
        last_seq: int | None = None,
    ) -> None:
        self.job = job
        self.judged = judged
        self.response = response
        self.last_seq = last_seq


def push(session: Session, device: Device, request: PushRequest) -> PushResponse:
    """One push in the caller's transaction: judged, numbered, its results stored (the
    server's pushes come through ``group_commit``, which holds the cyclic garbage
    collector off for a big one: ``collector``)."""
    return finish_pushes(session.connection(), [judge_push(session, device, request)])[0]


def _locked_last_seq(session: Session, uid: str) -> int:
    """The device's last applied sequence, its row locked for the push (made at 0 the
    first time); plain statements, no ORM object to load and flush on every push."""
    states = DeviceState.__table__
    last = session.scalar(
        select(states.c.last_seq).where(states.c.device_uid == uid).with_for_update()
    )
    if last is None:
        session.execute(insert(states).values(device_uid=uid, last_seq=0))
        return 0
    return int(last)


def judge_push(session: Session, device: Device, request: PushRequest) -> JudgedPush:
    """Everything of a push but its change-log numbers and stored results (flushed)."""
    uid = device.device_uid or ""
    first_seq = _locked_last_seq(session, uid)
    job = _Push(session, device, request)
    # its mutations and the runs it may judge as columns, in sequence order (run_judge)
    entries = run_judge.in_order(request, first_seq)
    runs = run_judge.runs_of(entries)
    stored_results = stored_results_of(
        session,
        uid,
        run_judge.mutations_of(entries),
        first_seq,
        [text for run in runs for text in id_texts(run.mutation_ids)],
    )
    if runs and stored_results:  # a run with a stored mutation: a replay, taken apart
        entries = run_judge.taken_apart(
            entries, lambda run: stored_results.keys().isdisjoint(id_texts(run.mutation_ids))
        )
        runs = run_judge.runs_of(entries)
    existing = job.rules.lock_rows(run_judge.mutations_of(entries), runs)
    if runs and existing:  # a run of records the server holds: taken apart
        entries = run_judge.taken_apart(
            entries,
            lambda run: existing.isdisjoint(
                zip(itertools.repeat(run.table), id_texts(run.record_ids))
            ),
        )
    results: list[MutationResult] = []  # the stored ones (replays)
    fresh: list[Entry] = []  # to judge, in device order
    response = PushResponse(results=[])
    last_seq = first_seq
    for m in entries:
        if isinstance(m, InsertRun):  # (its numbers are its own: ``in_order``)
            if m.first_seq != last_seq + 1:
                response.expected_seq = last_seq + 1
                break
            last_seq = run_judge.last_seq(m)
            fresh.append(m)
            continue
        # (none stored: a push sent once, no id to format)
        stored = stored_results.get(id_text(m.mutation_id)) if stored_results else None
        if stored is not None:  # a replay: the same answer as the first time
            results.append(stored)
            continue
        if m.seq <= last_seq:
            raise HTTPException(409, f"sequence {m.seq} was already used by another mutation")
        if m.seq != last_seq + 1:
            response.expected_seq = last_seq + 1
            break
        if m.table not in job.models:
            response.deferred = f"the server does not know table {m.table} yet"
            response.expected_seq = m.seq
            break
        last_seq = m.seq
        fresh.append(m)
    pending = _judge(session, job, fresh, existing)
    results.extend(result for _m, result, _fields in pending)
    session.flush()
    response.results = sorted(results, key=attrgetter("seq"))  # (device order)
    # the device's row stays locked; its new number is written with the numbering's writes
    return JudgedPush(job, pending, response, last_seq if last_seq != first_seq else None)


def finish_pushes(conn: Connection, pushes: list[JudgedPush]) -> list[PushResponse]:
    """Number the pushes' records (``assign_sequences``, in their order), store each
    judged mutation's result and move each device's last sequence number on (one write
    for all); their answers. The pushes are of distinct workstations."""
    numbered = [p for p in pushes if p.job.touched]
    writes = Writes(conn)
    # nothing to number (replays, refusals): no change-log lock, no wait behind a commit
    numbers = assign_sequences(writes, [p.job for p in numbered]) if numbered else []
    seqs_of = dict(zip(map(id, numbered), numbers, strict=True))
    stored: list[Stored] = []
    runs: list[dict[str, Any]] = []  # the runs judged as columns, stored as they are
    now = utcnow()
    for judged in pushes:
        seqs = seqs_of.get(id(judged), {})
        uid = judged.job.uid
        for m, result, fields in judged.judged:
            if result.status in ("applied", "merged"):
                result.change_seq = seqs.get((m.table, id_text(m.record_id)))
            stored.append((uid, m, result, fields))
        for written in judged.job.columnar:
            judged.response.ranges.extend(run_judge.numbered(written, seqs))
            runs.append(run_judge.stored_run(uid, written, now))
    store_results(writes, stored, now, runs)
    set_last_seqs(writes, {p.job.uid: p.last_seq for p in pushes if p.last_seq is not None})
    writes.send()  # PostgreSQL: the log, stamps, figures, results, states in one round trip
    return [p.response for p in pushes]


Judged = tuple[Mutation, MutationResult, list[str]]


def _judge(
    session: Session, job: _Push, entries: list[Entry], existing: set[tuple[str, str]]
) -> list[Judged]:
    """Judge ``entries`` in order. A run is judged as columns (``run_judge.write``:
    ``job.columnar``) or, when it may not be, as its mutations. Consecutive inserts of
    new records that pass every rule are written together (``_write_inserts``: one
    INSERT per table); any other mutation, and every insert of a group the database
    refuses, goes alone."""
    out: list[Judged] = []
    job.decode_inserts(run_judge.mutations_of(entries))
    run: list[tuple[Mutation, dict[str, Any], str]] = []
    updates: list[Mutation] = []  # consecutive updates of distinct existing records
    seen: set[tuple[str, str]] = set()  # records an earlier mutation of the batch touched

    def flush() -> None:
        if run:
            out.extend(_write_inserts(session, job, run))
            run.clear()
        if updates:
            out.extend(_write_updates(session, job, updates))
            updates.clear()

    def judge(m: Mutation) -> None:
        key = job.key(m)
        if m.op == "update" and key in existing:
            if run or any((u.table, str(u.record_id)) == key for u in updates):
                flush()  # a second change of one record reads the first one's result
            updates.append(m)
            seen.add(key)
            return
        if updates:
            flush()  # what follows is judged against the group's writes
        prepared = None
        if m.op == "insert" and key not in existing and key not in seen:
            prepared = job.prepare_insert(m)
        seen.add(key)
        if prepared is not None:
            run.append((m, *prepared))
            return
        flush()
        out.append((m, *_judged_alone(session, job, m)))

    for entry in entries:
        if not isinstance(entry, InsertRun):
            judge(entry)
            continue
        flush()  # (its records are no other entry's: ``run_judge.in_order``)
        written = run_judge.write(session, job, entry)
        if written is not None:
            job.columnar.append(written)
            continue
        for m in push_runs.mutations(entry):
            judge(m)
    flush()
    return out


def _write_updates(session: Session, job: _Push, group: list[Mutation]) -> list[Judged]:
    """Judge a group of updates of distinct existing records in ONE savepoint, with the
    rows, the merge map and the other devices' changes read once for the group
    (``_ReadAhead``). When the database refuses any of them, the group is undone and
    each is judged alone in its own savepoint, so the outcomes are exactly those of the
    one-by-one path."""
    if len(group) == 1:
        return [(group[0], *_judged_alone(session, job, group[0]))]
    saved = (dict(job.touched), dict(job.own), dict(job.rules.refused))
    try:
        with session.begin_nested():
            job.ahead = _ReadAhead.read(session, job.uid, group)
            judged = [(m, *job.apply(m)) for m in group]
    except (IntegrityError, DataError):
        job.touched, job.own, job.rules.refused = (dict(d) for d in saved)  # type: ignore[assignment]
        job.ahead = _ReadAhead()
        return [(m, *_judged_alone(session, job, m)) for m in group]
    finally:
        job.ahead = _ReadAhead()
    return judged


class _ReadAhead:
    """What judging a group of updates reads, fetched with one query per kind and table
    (the rows, already locked by ``lock_rows``; which ids were merged away; the columns
    other devices changed). Each entry is used once, by the group's only change of
    that record; anything not read ahead is read as before."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], Any] = {}
        self.not_losers: set[tuple[str, str]] = set()
        self.others: dict[tuple[str, str], list[tuple[int | None, str]]] = {}
        self.inserters: dict[tuple[str, str], str | None] = {}
        self.uid = ""

    @classmethod
    def read(cls, session: Session, uid: str, group: list[Mutation]) -> _ReadAhead:
        ahead = cls()
        ahead.uid = uid
        by_table: dict[str, list[str]] = defaultdict(list)
        for m in group:
            by_table[m.table].append(str(m.record_id))
        for name, ids in by_table.items():
            table = _table(name)
            for row in session.execute(
                select(table).where(table.c.id.in_([uuid.UUID(i) for i in ids]))
            ).mappings():
                ahead.rows[(name, str(row["id"]))] = row
            losers = set(
                session.scalars(
                    select(RecordMerge.loser_id).where(
                        RecordMerge.table_name == name, RecordMerge.loser_id.in_(ids)
                    )
                )
            )
            ahead.not_losers.update((name, i) for i in ids if i not in losers)
            for rid in ids:
                ahead.others[(name, rid)] = []
            if any(m.base_seq is None for m in group if m.table == name):
                for rid, inserter in session.execute(
                    select(RecordChange.record_id, RecordChange.inserted_by).where(
                        RecordChange.table_name == name, RecordChange.record_id.in_(ids)
                    )
                ):
                    ahead.inserters[(name, rid)] = inserter
            for rid, change_seq, fields in session.execute(
                select(
                    AppliedMutation.record_id, AppliedMutation.change_seq, AppliedMutation.fields
                ).where(
                    AppliedMutation.table_name == name,
                    AppliedMutation.record_id.in_(ids),
                    AppliedMutation.device_uid != uid,
                    AppliedMutation.status.in_(("applied", "merged")),
                )
            ):
                ahead.others[(name, rid)].append((change_seq, fields))
        return ahead

    def unmerged(self, key: tuple[str, str]) -> bool:
        """Known to be no merged-away record (``_merge`` has nothing to do for an update)."""
        if key in self.not_losers:
            self.not_losers.discard(key)
            return True
        return False

    def changed_elsewhere(self, key: tuple[str, str], base_seq: int | None) -> set[str] | None:
        """``_changed_elsewhere`` from what was read ahead (None: not read ahead)."""
        others = self.others.pop(key, None)
        if others is None:
            return None
        changed: set[str] = set()
        for change_seq, fields in others:
            if base_seq is None or (change_seq is not None and change_seq > base_seq):
                changed.update(json.loads(fields))
        if base_seq is None:
            changed |= _inserted_elsewhere(key[0], self.inserters.get(key), self.uid)
        return changed


def _write_inserts(
    session: Session, job: _Push, run: list[tuple[Mutation, dict[str, Any], str]]
) -> list[Judged]:
    """Write a group of inserts already judged acceptable, one INSERT per table in one
    savepoint; when the database refuses any row, the group is undone and each of its
    mutations is judged alone (its own savepoint, its exact refusal)."""
    numbers = _prenumbered(job, run)
    try:
        with session.begin_nested():
            write_prepared(session.connection(), run)
    except (IntegrityError, DataError):
        return [(m, *_judged_alone(session, job, m)) for m, _values, _origin in run]
    job.written.update(numbers)
    return inserted(job, run)


def _prenumbered(
    job: _Push, run: list[tuple[Mutation, dict[str, Any], str]]
) -> dict[tuple[str, str], int]:
    """Give a run of inserts the change-log numbers ``assign_sequences`` will give them
    if the push touches nothing else first (a backlog's push), written with their rows
    so that no ``UPDATE … server_seq`` follows; the numbers given, by record. On
    SQLite the push's transaction holds the database's one write lock from its start
    (``BEGIN IMMEDIATE``), so the log's top cannot move before the numbering (but a
    push after the first of a group commit's transaction guesses past the log's top
    only, not past the records the pushes before it touched, numbered with it at the
    end: ``finish_pushes`` stamps its guess over). On PostgreSQL it is a guess taken
    without the change-log lock (taking it before the write would make a lock holder
    wait for row locks — a parent's ``FOR UPDATE`` —
    held by a push waiting for the lock: a deadlock), for runs of ``GUESS_MIN`` or more
    (the read costs a round trip): another push numbered meanwhile makes it wrong, and
    ``assign_sequences`` stamps the numbers it gives under the lock over it before the
    commit — rows no other transaction sees meanwhile, so what commits is numbered as
    always (docs/sync.md, commit order); a wrong guess costs the read and the stamp it
    would have saved. After other changes of the push: nothing."""
    top = job.first_number(len(run))
    if top is None:
        return {}
    numbers: dict[tuple[str, str], int] = {}
    key = job.key
    for m, values, _origin in by_first_table(run, lambda prepared: prepared[0].table):
        top += 1
        values["server_seq"] = numbers[key(m)] = top
    return numbers


def by_first_table(items: Iterable[T], table_of: Callable[[T], str]) -> list[T]:
    """``items`` by table, the tables in the order first seen, each one's items in
    their order: the order a push's records are numbered in (``assign_sequences``)."""
    by_table: dict[str, list[T]] = defaultdict(list)
    for item in items:
        by_table[table_of(item)].append(item)
    return [item for group in by_table.values() for item in group]


def write_prepared(conn: Connection, run: list[tuple[Mutation, dict[str, Any], str]]) -> None:
    """Write prepared inserts (``prepare_insert``): one INSERT per table and set of
    columns (COPY on PostgreSQL), parent tables first."""
    by_table: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for m, values, _origin in run:
        by_table[m.table].append(values)
    order = table_order()
    for name in sorted(by_table, key=lambda t: (order.get(t, 0), t)):
        for group in _same_columns(by_table[name]).values():
            insert_rows(conn, _table(name), group)


def inserted(job: _Push, run: list[tuple[Mutation, dict[str, Any], str]]) -> list[Judged]:
    """The results of prepared inserts (``prepare_insert``) once written, their records
    marked touched for the change log. The columns ignored and written are listed once
    for each set of columns sent and written (a run's inserts name the same ones)."""
    out: list[Judged] = []
    listed: dict[tuple[Any, ...], tuple[list[str], list[str]]] = {}
    touched, fresh, own, key_of = job.touched, job.fresh, job.own, job.key
    for m, values, origin in run:
        key = key_of(m)
        touched[key] = origin
        fresh[key] = (origin, values.get("deleted_at") is not None)
        # ``mark_own``, inline: the record's state is the workstation's copy
        own[key] = own.get(key, True) and m.fields.get("origin_office") == origin
        names = (m.table, *m.fields, None, *values)  # None: where the columns sent end
        ignored, fields = listed.get(names) or listed.setdefault(names, _listed(m, values))
        # made here, not validated (``push_body.result``): a pydantic object per insert cost
        result = push_body.result(
            m.mutation_id, m.seq, "applied", version=1, ignored_fields=list(ignored)
        )
        out.append((m, result, list(fields)))
    return out


def _listed(m: Mutation, values: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The columns of an insert's answer: those sent that the table lacks (ignored),
    and those written but the server's number (not the client's)."""
    return sorted(set(m.fields).difference(column_names(m.table))), sorted(
        values.keys() - {"server_seq"}
    )


def _same_columns(rows: list[dict[str, Any]]) -> dict[tuple[str, ...], list[dict[str, Any]]]:
    """Rows grouped by their set of columns (one executemany each)."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    sorted_names: dict[tuple[str, ...], tuple[str, ...]] = {}  # as named → sorted, once
    for row in rows:
        names = tuple(row)
        key = sorted_names.get(names)
        if key is None:
            key = sorted_names[names] = tuple(sorted(names))
        groups[key].append(row)
    return groups


def _judged_alone(session: Session, job: _Push, m: Mutation) -> tuple[MutationResult, list[str]]:
    """Apply one mutation in its own savepoint; a database refusal undoes only it.

    An earlier mutation of the batch that changed the same record keeps its change-log
    entry (``touched`` is restored as it was before this one)."""
    key = (m.table, str(m.record_id))
    before, own_before = job.touched.get(key), job.own.get(key)
    try:
        with session.begin_nested():
            result, fields = job.apply(m)
    except (IntegrityError, DataError) as exc:
        if before is None:
            job.touched.pop(key, None)
        else:
            job.touched[key] = before
        if own_before is None:
            job.own.pop(key, None)
        else:
            job.own[key] = own_before
        refusal = integrity_refusal(exc)
        result, fields = (
            MutationResult(
                mutation_id=m.mutation_id,
                seq=m.seq,
                status="rejected",
                reason=refusal.reason,
                problem=refusal.problem,  # type: ignore[arg-type]
                field=refusal.field,
            ),
            [],
        )
    if result.status == "rejected" and m.op == "insert":
        job.rules.refused[key] = str(m.mutation_id)
    return result, fields


def _own_only_through(session: Session, query: Any, uid: str, own_through: int) -> int | None:
    """Where the page of ``query`` (a pull's, from its ``since``) may start, every
    change before it up to ``own_through`` being the pulling workstation's own
    (``uid``), which the walk would skip anyway: just before the first change of
    another device there (it must still be sent), or when there is none, the last of
    the window's; None when the window is empty. In the database (the change log's
    order), no row read out: an own window is not walked, page after page. One
    statement: ``coalesce`` asks for the window's last only when no other device's
    change is there, and each of the two walks the change log's ``seq`` index (the first
    up from ``since``, the last down from ``own_through``), stopping at its row."""
    window = query.where(RecordChange.seq <= own_through).subquery()
    others = or_(window.c.origin_device.is_(None), window.c.origin_device != uid)
    first_other = select(window.c.seq).where(others).order_by(window.c.seq).limit(1)
    last = select(window.c.seq).order_by(window.c.seq.desc()).limit(1)
    start: int | None = session.scalar(
        select(func.coalesce(first_other.scalar_subquery() - 1, last.scalar_subquery()))
    )
    return start


#: What a pull reads of the change log (plain rows: no ORM object per change).
_CHANGE_COLUMNS = (
    RecordChange.seq,
    RecordChange.table_name,
    RecordChange.record_id,
    RecordChange.origin_device,
)


def pull(session: Session, device: Device, request: PullRequest, page_limit: int) -> PullResponse:
    models = synced_tables()
    visible = admin.visible_offices(session, device.office_code)
    limit = min(request.limit, page_limit)
    uid = device.device_uid or ""
    query = select(*_CHANGE_COLUMNS).where(RecordChange.seq > request.since)
    if visible is not None:
        query = query.where(RecordChange.origin_office.in_(sorted(visible)))
    if request.tables is not None:
        query = query.where(RecordChange.table_name.in_(request.tables))
    query = query.where(RecordChange.table_name.in_(sorted(models)))
    # A workstation's own changes up to ``own_through`` are skipped (it holds them); the
    # cursor still passes them, so up to OWN_SCAN_FACTOR pages of the log are read —
    # but the run of them right after ``since`` is passed in the database
    # (``_own_only_through``): the page starts at another device's change or past them.
    since = request.since
    if request.own_through > since:
        since = max(since, _own_only_through(session, query, uid, request.own_through) or 0)
        query = query.where(RecordChange.seq > since)
    scan = limit * OWN_SCAN_FACTOR if request.own_through else limit
    scanned = session.execute(query.order_by(RecordChange.seq).limit(scan)).all()
    changes: list[Any] = []
    consumed = 0
    for change in scanned:
        if len(changes) == limit:
            break
        consumed += 1
        if change.origin_device == uid and change.seq <= request.own_through:
            continue
        changes.append(change)
    cursor = scanned[consumed - 1].seq if consumed else since
    more = consumed < len(scanned) or len(scanned) == scan
    wanted: dict[str, set[str]] = defaultdict(set)
    seq_of: dict[tuple[str, str], int] = {}
    for change in changes:
        wanted[change.table_name].add(change.record_id)
        seq_of[(change.table_name, change.record_id)] = change.seq
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    # Fetch the page, then any parent it references that changed after this page
    # (its newer state is not on the workstation yet), until the page is FK-closed.
    while wanted:
        parents: dict[str, set[str]] = defaultdict(set)
        for table_name, ids in wanted.items():
            table = _table(table_name)
            for row in session.execute(
                select(table).where(among(session, table.c.id, [uuid.UUID(i) for i in ids]))
            ).mappings():
                rows[(table_name, str(row["id"]))] = row_values(table, row)
                for fk in table.foreign_keys:
                    target = fk.column.table.name
                    value = row[fk.parent.name]
                    if target in models and value is not None and (target, str(value)) not in rows:
                        parents[target].add(str(value))
        wanted = defaultdict(set)
        for table_name, ids in parents.items():
            for change in session.execute(
                select(*_CHANGE_COLUMNS).where(
                    RecordChange.table_name == table_name,
                    RecordChange.record_id.in_(ids),
                    # newer than the page, or never sent (outside the office's scope)
                    RecordChange.seq > cursor
                    if visible is None
                    else or_(
                        RecordChange.seq > cursor,
                        RecordChange.origin_office.not_in(sorted(visible)),
                    ),
                )
            ):
                seq_of[(table_name, change.record_id)] = change.seq
                wanted[table_name].add(change.record_id)
    order = table_order()
    out = [
        ChangeRow(table=t, seq=seq_of.get((t, rid), 0), values=values)
        for (t, rid), values in rows.items()
    ]
    out.sort(key=lambda c: (order.get(c.table, 0), c.seq))
    return PullResponse(changes=out, cursor=cursor, more=more)
