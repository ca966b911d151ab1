"""A group's pushes judged set-wise: one statement per kind across the group (issue 22).

Judged one after another (``sync_service.judge_push``, each in its savepoint), a push
of one insert cost a dozen statements, each a round trip: its device's state, its
stored results, its row locks, its savepoints, its insert, its new state. Here the
group commit (``group_commit``) judges the pushes of a group that are made only of
inserts of new records passing every rule (``_Push.prepare_insert``: what
workstations send most) together, in the group's transaction (no savepoint of their
own): the device states read and locked in one statement, the stored results looked
up in one, the rows locked in one per table, the offices and merged tables read once,
the inserts of one table across the pushes in one, the device states written with
the numbering's writes (``finish_pushes``: no statement of their own), the values of
all their inserts decoded a column at a time together (``_Push.decode_inserts``,
``_Push.share``). Every other push (a replay, a sequence number not the next one, an
update, an insert judged row by row, one whose parent another push of the group
inserts) is left to ``judge_push``, after these in the same transaction. When the
database refuses the group's inserts (a poison push), the refusal is raised: the
caller undoes the whole group and runs each of its pushes alone (its own
transaction), where the poison push is refused alone. The answers are those of
``judge_push``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, Table, insert, select
from sqlalchemy.orm import Session

from desktop_app.sync.protocol import Mutation, PushRequest, PushResponse

from .models import AppliedMutation, Device, DeviceState, RecordMerge
from .push_body import id_text
from .push_rules import PushRules
from .set_based import among_param, pipelined_rows
from .sync_service import JudgedPush, _Push, inserted, synced_tables, write_prepared

Prepared = list[tuple[Mutation, dict[str, Any], str]]
_STATES: Table = DeviceState.__table__  # type: ignore[assignment]


def judge_together(
    session: Session, pushes: list[tuple[Device, PushRequest]]
) -> list[JudgedPush | None]:
    """Each push of ``pushes`` (distinct device rows and records) judged and written, or
    None: left to ``judge_push``. Raises the database's refusal (the caller undoes the
    transaction ``session`` writes in). Each judged push's device state is written by
    ``finish_pushes`` (``JudgedPush.last_seq``)."""
    models = synced_tables()
    uids = [device.device_uid or "" for device, _request in pushes]
    last, stored, merged = _read(
        session, uids, [id_text(m.mutation_id) for _d, r in pushes for m in r.mutations]
    )
    # one workstation under two enrollments (the old one's push authenticated before its
    # revocation): one sequence, so judged one by one (the second use of a number: 409)
    twice = {uid for uid in uids if uids.count(uid) > 1}
    fresh = [
        uid not in twice and _all_fresh_inserts(request, uid, last[uid], stored, models)
        for (_device, request), uid in zip(pushes, uids, strict=True)
    ]
    mutations = [m for ok, (_d, r) in zip(fresh, pushes, strict=True) if ok for m in r.mutations]
    existing = PushRules(
        session, "", models, PushRequest.model_construct(mutations=mutations)
    ).lock_rows(mutations)
    candidates = [
        ok and not any((m.table, id_text(m.record_id)) in existing for m in request.mutations)
        for ok, (_device, request) in zip(fresh, pushes, strict=True)
    ]
    judges = _judges(session, pushes, candidates, merged)
    jobs = [
        None if judge is None else _prepared(judge, request)
        for judge, (_device, request) in zip(judges, pushes, strict=True)
    ]
    write_prepared(session.connection(), [row for job in jobs if job for row in job[1]])
    out: list[JudgedPush | None] = []
    for job in jobs:
        if job is None:
            out.append(None)
            continue
        push, run = job
        pending = inserted(push, run)
        response = PushResponse(results=[r for _m, r, _f in pending])
        # the device state (locked above) is written by ``finish_pushes``
        out.append(JudgedPush(push, pending, response, last_seq=run[-1][0].seq))
    return out


def _reads(postgres: bool) -> tuple[Select[Any], ...]:
    """``_read``'s three statements (``uids``: the devices, ``ids``: the mutation ids)."""
    stored = AppliedMutation.__table__.c
    return (
        select(_STATES.c.device_uid, _STATES.c.last_seq)
        .where(among_param(_STATES.c.device_uid, "uids", postgres))
        .order_by(_STATES.c.device_uid)
        .with_for_update(),
        select(stored.device_uid, stored.mutation_id).where(
            among_param(stored.device_uid, "uids", postgres),
            among_param(stored.mutation_id, "ids", postgres),
        ),
        select(RecordMerge.table_name).distinct(),
    )


#: ``_read``'s statements, built once for each kind of database (PostgreSQL or not).
_READS = {postgres: _reads(postgres) for postgres in (False, True)}


def _read(
    session: Session, uids: list[str], mutation_ids: list[str]
) -> tuple[dict[str, int], set[tuple[str, str]], set[str]]:
    """Each device's last applied sequence (its row locked; made at 0 for a device that
    has none), the (device, mutation id) pairs stored among ``mutation_ids``, and the
    tables with merged-away records: three reads, one round trip on PostgreSQL
    (``set_based.pipelined_rows``: each still waits for its locks in turn)."""
    wanted = sorted(set(uids))
    conn = session.connection()
    params = {"uids": wanted, "ids": mutation_ids}
    reads = _READS[conn.dialect.name == "postgresql"]
    states, stored, merged = pipelined_rows(conn, [(read, params) for read in reads])
    last = {uid: int(seq) for uid, seq in states}
    missing = sorted(set(wanted) - set(last))
    if missing:
        session.execute(insert(_STATES), [{"device_uid": u, "last_seq": 0} for u in missing])
        last.update(dict.fromkeys(missing, 0))
    return last, {(uid, mid) for uid, mid in stored}, {name for (name,) in merged}


def _all_fresh_inserts(
    request: PushRequest, uid: str, last_seq: int, stored: set[tuple[str, str]], models: Any
) -> bool:
    """Whether every mutation is an insert of a known table, never stored, numbered on
    from ``last_seq`` without a gap, each of its own record (a push with runs: no, it
    is ``judge_push``'s: ``run_judge``)."""
    records = {(m.table, id_text(m.record_id)) for m in request.mutations}
    return (
        bool(request.mutations)
        and not request.runs
        and len(records) == len(request.mutations)
        and all(
            m.op == "insert"
            and m.table in models
            and m.seq == last_seq + i
            and (uid, id_text(m.mutation_id)) not in stored
            for i, m in enumerate(request.mutations, start=1)
        )
    )


def _judges(
    session: Session,
    pushes: list[tuple[Device, PushRequest]],
    candidates: list[bool],
    merged: set[str],
) -> list[_Push | None]:
    """A judge for each candidate push (None: not one); the first decodes the inserts of
    them all a column at a time and reads their parents ahead, the others share it."""
    out: list[_Push | None] = []
    reader: _Push | None = None
    for candidate, (device, request) in zip(candidates, pushes, strict=True):
        if not candidate:
            out.append(None)
            continue
        judge = _Push(session, device, request)
        judge._merged_tables = merged  # read once for the group
        if reader is None:
            reader = judge
            judge.decode_inserts(
                [m for c, (_d, r) in zip(candidates, pushes, strict=True) if c for m in r.mutations]
            )
        else:
            judge.share(reader)
        out.append(judge)
    return out


def _prepared(job: _Push, request: PushRequest) -> tuple[_Push, Prepared] | None:
    """The push's rows when every insert passes ``prepare_insert`` (None: one does not)."""
    run: Prepared = []
    for m in request.mutations:
        prepared = job.prepare_insert(m)
        if prepared is None:
            return None
        run.append((m, *prepared))
    return job, run
