"""Group commit: the pushes a worker receives at once, applied in ONE transaction.

A commit costs a disk flush (fsync: 5–10 ms on an ordinary disk), and a push holds the
change-log lock until its commit (``docs/sync.md``: seq order is commit order), so one
transaction per push allows at most one push per flush, whatever the cores. Here a
push request queues its push; the first request thread that finds no writer at work
becomes the writer and applies every queued push (at most ``max_pushes`` pushes and
``max_mutations`` mutations) in one transaction, each push in its own savepoint, in the
order they were queued, then commits once: one flush, one hold of the change-log lock
(on SQLite one ``BEGIN IMMEDIATE``) for the whole group.

What each workstation sees is unchanged:

- every push gets its own answer, given only after the group's commit succeeded;
- a push refused with an HTTP error (409: a sequence number used twice) is undone
  alone (its savepoint) and answered with that error; the others go on;
- any other failure (contention: a deadlock, SQLite busy; an unexpected error; the
  commit itself) rolls the whole group back — nothing of it was applied — and each
  push is then run alone, in its own transaction, exactly as without grouping
  (``alone``: retried on contention by ``retry.run_retrying``);
- a push alone in the queue runs alone (no savepoint).

The pushes of a group made only of new records' inserts are judged set-wise first
(``judge_group``: ``group_judge``, one statement per kind across them, in the group's
transaction: no savepoint); the others push by push as above; the group is numbered in
the order it was judged (the set-wise pushes first). When the database refuses the
set-wise inserts (a poison push: rare, a constraint the rules do not foresee) the whole
group is undone and each push run alone, as after any other failure: the poison push
is refused alone, the others applied, the answers those of pushes never grouped. A push whose token came from
the worker's cache (``token_cache``) is checked in the group's transaction (one
statement for the group): a revoked or replaced token is refused with 401 there.

A request waits for its answer on its event loop, holding no thread, so a group can
hold more pushes than the worker has request threads.

The pushes of a group commit together, so the change log's numbers they took are still
in commit order, and a replayed push finds its stored result (exactly once). Request
loops wait; the writers are threads of their own (``MIZ_PUSH_WRITERS`` of them), each
keeping its database connection from group to group while it has work.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import HTTPException
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from desktop_app.models.sync_local import NO_OUTBOX
from desktop_app.sync.protocol import PushRequest, PushResponse

from . import admin, collector, push_runs, token_cache
from .db import READ_ONLY
from .models import Device
from .push_body import id_text
from .set_based import pipelined_rows
from .sync_service import JudgedPush

log = logging.getLogger(__name__)

#: ``judge(session, device, request)``: a push judged and written, not yet numbered.
Judge = Callable[[Session, Device, PushRequest], JudgedPush]
#: ``finish(connection, pushes)``: number the judged pushes at once, store their results.
Finish = Callable[[Connection, list[JudgedPush]], list[PushResponse]]
#: ``alone(device, request)``: one push in its own transaction (committed, retried).
Alone = Callable[[Device, PushRequest], PushResponse]
#: ``judge_group(session, pushes)``: pushes judged set-wise, or None (judged alone).
JudgeGroup = Callable[[Session, list[tuple[Device, PushRequest]]], list[JudgedPush | None]]


#: Seconds an idle writer thread waits for work before it ends (started again on demand).
IDLE_SECONDS = 2.0


@dataclass(eq=False)
class _Ticket:
    device: Device
    request: PushRequest
    loop: asyncio.AbstractEventLoop
    future: asyncio.Future[PushResponse]
    #: the hash of a token taken from the cache: checked in the writer's transaction
    claim: str | None = None
    refused: bool = False  # its token was refused by that check (401)
    judged: JudgedPush | None = None
    response: PushResponse | None = None
    error: BaseException | None = None
    #: what grouping keeps apart (``_keys``), worked out when first asked
    keys: set[object] | None = None

    def settle(self) -> None:
        """Hand the answer (or the error) to the waiting request (its event loop). A
        request whose loop is gone (given up, its worker stopping) hears nothing; the
        writer goes on with the others (its push stays applied: a replay is answered)."""
        try:
            self.loop.call_soon_threadsafe(_settle, self.future, self.response, self.error)
        except RuntimeError:  # the loop is closed
            log.info("push answered after its request's event loop closed")


def _settle(
    future: asyncio.Future[PushResponse], response: PushResponse | None, error: BaseException | None
) -> None:
    if future.cancelled():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(response)  # type: ignore[arg-type]


class GroupCommit:
    """The push writers of one worker process: ``writers`` threads, each writing one
    group at a time (on PostgreSQL they overlap but for the numbering and the commit,
    which the change-log lock takes in turn); a request waits without holding a thread."""

    def __init__(
        self,
        engine: Engine,
        judge: Judge,
        finish: Finish,
        alone: Alone,
        writers: int = 1,
        max_pushes: int = 64,
        max_mutations: int = 1000,
        judge_group: JudgeGroup | None = None,
        tokens: token_cache.TokenCache | None = None,
    ) -> None:
        self.engine = engine
        self.judge = judge
        self.finish = finish
        self.alone = alone
        self.judge_group = judge_group
        #: for a lone push's token check: on SQLite a read never takes the write lock
        self._reader = engine.execution_options(**{READ_ONLY: True})
        self.tokens = tokens or token_cache.TokenCache()
        self.writers = writers
        self.max_pushes = max_pushes
        self.max_mutations = max_mutations
        # one session per push, bound to the group's connection: its transaction is a
        # savepoint of the group's (a clean identity map per push, as without grouping)
        self._sessions = sessionmaker(
            expire_on_commit=False,
            info={NO_OUTBOX: True},
            join_transaction_mode="create_savepoint",
        )
        # the set-wise judging's session: in the group's transaction itself, no savepoint
        # (a database refusal there undoes the whole group: ``_write`` runs it one by one)
        self._joined = sessionmaker(
            expire_on_commit=False, info={NO_OUTBOX: True}, join_transaction_mode="rollback_only"
        )
        self._cond = threading.Condition()
        self._queue: deque[_Ticket] = deque()
        self._threads = 0  # writer threads alive
        self._idle = 0  # of them, waiting for work
        #: groups written together and the pushes in them, and of those the pushes
        #: judged set-wise (for tests and measurements)
        self.groups = 0
        self.grouped = 0
        self.set_wise = 0

    async def push(
        self, device: Device, request: PushRequest, claim: str | None = None
    ) -> PushResponse:
        """Apply ``request`` (with whatever else is queued) and answer it after the commit;
        ``claim``: the hash of a cached token, checked before the push is written."""
        loop = asyncio.get_running_loop()
        ticket = _Ticket(device, request, loop, loop.create_future(), claim)
        with self._cond:
            self._queue.append(ticket)
            if self._idle:
                self._cond.notify()
            elif self._threads < self.writers:
                self._threads += 1
                threading.Thread(target=self._serve, name="miz-push-writer", daemon=True).start()
        return await ticket.future

    def _serve(self) -> None:
        """A writer thread: groups from the queue until it stays empty ``IDLE_SECONDS``.
        It keeps one connection from group to group (``_Held``: no pool checkout and
        ping per group), given back when it ends or after a group failed."""
        held = _Held(self.engine)
        try:
            while True:
                with self._cond:
                    self._idle += 1
                    deadline = time.monotonic() + IDLE_SECONDS
                    while not self._queue and time.monotonic() < deadline:
                        self._cond.wait(max(0.0, deadline - time.monotonic()))
                    self._idle -= 1
                    if not self._queue:
                        self._threads -= 1
                        return
                    group = self._take()
                try:
                    self._write(group, held)
                except BaseException as exc:  # pragma: no cover - a bug: nobody waits forever
                    for t in group:
                        if t.response is None and t.error is None:
                            t.error = exc
                    with self._cond:  # this writer ends: the next push starts another
                        self._threads -= 1
                    raise
                finally:
                    for t in group:
                        t.settle()
        finally:
            held.close()

    def _take(self) -> list[_Ticket]:
        """The next group (the caller holds the lock): queued pushes in order, at least
        one, of distinct devices touching distinct records. A push that shares a device
        or a record with one taken or passed over waits for a later group, so a device's
        pushes keep their order and no push of a group reads what another one of it
        wrote before that one is numbered."""
        queue = list(self._queue)
        group: list[_Ticket] = [queue[0]]
        mutations = push_runs.size(queue[0].request)
        # the keys are worked out only when a second push is considered (a lone push —
        # a workstation's backlog, 2,000 records — is taken without them), once a push
        taken: set[object] = set(_keys(queue[0])) if len(queue) > 1 else set()
        passed: set[object] = set()
        for t in queue[1:]:
            if len(group) >= self.max_pushes:
                break
            keys = _keys(t)
            size = push_runs.size(t.request)
            if keys & (taken | passed) or mutations + size > self.max_mutations:
                passed |= keys
                continue
            group.append(t)
            taken |= keys
            mutations += size
        for t in group:
            self._queue.remove(t)
        return group

    def _write(self, group: list[_Ticket], held: _Held) -> None:
        """The group written: together, or one push at a time (alone, or after the
        group failed); a big one (``collector.MIN_MUTATIONS`` mutations or more, all its
        pushes' together) with the cyclic garbage collector held off throughout."""
        size = sum(push_runs.size(t.request) for t in group)
        with collector.held_off(size >= collector.MIN_MUTATIONS):
            self._write_held(group, held)

    def _write_held(self, group: list[_Ticket], held: _Held) -> None:
        if len(group) > 1:
            try:
                self._together(group, held.connection())
                self.groups += 1
                self.grouped += len(group)
                return
            except Exception as exc:
                held.close()  # a fresh (pinged) connection for the next group
                log.info("push group of %d run one by one after %s", len(group), type(exc).__name__)
                for t in group:
                    if not t.refused:
                        t.response = t.error = t.judged = None
        claimed = [t for t in group if t.claim is not None and not t.refused]
        if claimed:
            try:
                with self._reader.connect() as conn, conn.begin():
                    self._check(conn, claimed)
            except Exception as exc:
                for t in claimed:
                    t.refused, t.error = True, exc
        for t in group:
            if t.refused:
                continue
            try:
                t.response = self.alone(t.device, t.request)
            except Exception as exc:
                t.error = exc

    def _check(
        self, conn: Connection, tickets: list[_Ticket], rows: list[dict[str, Any]] | None = None
    ) -> None:
        """The devices of ``tickets`` checked in ``conn``'s transaction (a cached token:
        still its device's): a push whose device was revoked, or whose token is no longer
        its device's, is refused (401) and its token forgotten; the others go on with
        their device as read now (``rows``: their rows read already)."""
        claims = [(t.device.id, t.claim) for t in tickets]
        if rows is None:
            devices = token_cache.current(conn, claims)
        else:
            devices = token_cache.still_held(rows, claims)
        for t in tickets:
            device = devices.get(t.device.id)
            if device is None:
                if t.claim is not None:
                    self.tokens.forget(t.claim)
                t.refused, t.error = True, HTTPException(401, token_cache.UNKNOWN_TOKEN)
            else:
                t.device, t.claim = device, None

    def _together(self, group: list[_Ticket], conn: Connection) -> None:
        """One transaction on ``conn``: the pushes judged set-wise together, the others
        each in its own savepoint, then all numbered at once (the change-log lock from
        there to the commit); raises (all undone) on any failure other than a push's
        own HTTP refusal."""
        with conn.begin():
            # every push's device read again here, cached token or not: one revoked
            # after its request was authenticated is refused by this transaction; the
            # offices read once for the group (one round trip for both on PostgreSQL)
            tree = self._first_reads(conn, group)
            live = [t for t in group if not t.refused]
            rest = self._set_wise(conn, tree, live) if len(live) > 1 else live
            for t in rest:
                with self._sessions(bind=conn, info={admin.OFFICE_TREE: tree}) as session:
                    try:
                        with session.begin():  # SAVEPOINT … RELEASE
                            t.judged = self.judge(session, t.device, t.request)
                    except HTTPException as exc:
                        t.error = exc  # undone alone (ROLLBACK TO SAVEPOINT)
            # numbered in the order judged (the set-wise ones first): each push's
            # judgment holds in the change log's order (a record after its parent)
            done = [t for t in live if t not in rest]
            judged = [(t, t.judged) for t in done + rest if t.judged is not None]
            answers = self.finish(conn, [pending for _t, pending in judged])
            for (t, _pending), response in zip(judged, answers, strict=True):
                t.response = response

    def _first_reads(self, conn: Connection, group: list[_Ticket]) -> admin.OfficeTree:
        """The group's devices checked (``_check``) and the offices read: on PostgreSQL
        sent at once with the transaction's start (``set_based.pipelined_rows``)."""
        read = token_cache.devices_read(conn, [t.device.id for t in group])
        devices, offices = pipelined_rows(conn, [read, (admin.OFFICE_ROWS, {})])
        columns = read[0].selected_columns.keys()
        self._check(conn, group, [dict(zip(columns, row, strict=True)) for row in devices])
        return admin.OfficeTree.of_rows(offices)

    def _set_wise(
        self, conn: Connection, tree: admin.OfficeTree, group: list[_Ticket]
    ) -> list[_Ticket]:
        """The pushes ``judge_group`` judges at once, in the group's transaction (no
        savepoint: two round trips a group); those it leaves, to judge one by one. The
        database refusing its writes (a poison push) is raised: the whole group is
        undone and each push run alone (``_write``), the poison push refused alone."""
        if self.judge_group is None:
            return group
        with self._joined(bind=conn, info={admin.OFFICE_TREE: tree}) as session:
            try:
                done = self.judge_group(session, [(t.device, t.request) for t in group])
                session.flush()
            except (IntegrityError, DataError) as exc:
                log.info("set-wise push group of %d refused: %s", len(group), type(exc).__name__)
                raise
        for t, judged in zip(group, done, strict=True):
            t.judged = judged
        self.set_wise += sum(judged is not None for judged in done)
        return [t for t in group if t.judged is None]


class _Held:
    """A writer thread's connection, kept from group to group (taken from the pool on
    first use, given back by ``close``)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._conn: Connection | None = None

    def connection(self) -> Connection:
        if self._conn is None or self._conn.closed or self._conn.invalidated:
            self.close()
            self._conn = self.engine.connect()
        return self._conn

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()
            except Exception:  # pragma: no cover - a broken connection: the pool drops it
                log.info("a push writer's connection could not be given back", exc_info=True)


def _keys(ticket: _Ticket) -> set[object]:
    """The device, its workstation and the records a push names (grouping keeps them
    apart: one workstation's pushes, under two enrollments too, never share a group, so
    each is judged against its device state as the one before it left it —
    ``finish_pushes`` writes the states); worked out once a push, kept on its ticket."""
    if ticket.keys is None:
        device = ticket.device
        ticket.keys = {("device", device.id), ("workstation", device.device_uid)}
        ticket.keys.update((t, id_text(r)) for t, r in push_runs.records(ticket.request))
    return ticket.keys
