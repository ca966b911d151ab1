"""A push group's fewer statements (issue 22, ``central_server.group_commit``): the
set-wise judging takes no savepoint (a poison push undoes the group, which runs one
by one: it alone is refused), the device states are written with the numbering
(``finish_pushes``, ``JudgedPush.last_seq``), one workstation's pushes never share a
group, and a writer keeps its connection from group to group. SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import uuid

from fastapi import HTTPException
from sqlalchemy import event, select

from central_server import admin, group_judge, stored_results, sync_service, token_cache
from central_server.group_commit import GroupCommit, _Ticket
from central_server.models import Device, DeviceState, RecordChange
from central_server.set_based import pipelined_rows
from desktop_app.models import Place
from tests.sync.pushes import enrolled_device, one_place
from tests.sync.test_group_commit import _devices, _Hold, _insert, _run_together, _writer
from tests.sync.test_group_commit_setwise import _one


def _set_wise_writer(server, hold: _Hold) -> GroupCommit:
    return _writer(server, hold, judge_group=group_judge.judge_together)[0]


def _last_seqs(server, devices: list) -> list[int | None]:
    with server.sessions() as s:
        states = {d.device_uid: s.get(DeviceState, d.device_uid) for d in devices}
        return [None if st is None else st.last_seq for st in states.values()]


class _Statements:
    """The SQL the engine runs, a ``BEGIN`` mark where each transaction starts."""

    def __init__(self, engine) -> None:
        self.engine = engine
        self.seen: list[str] = []
        self.checkouts = 0
        event.listen(engine, "begin", self._begin)
        event.listen(engine, "before_cursor_execute", self._sql)
        event.listen(engine.pool, "checkout", self._checkout)

    def _begin(self, _conn) -> None:
        self.seen.append("BEGIN")

    def _sql(self, _conn, _cursor, statement, *_args) -> None:
        self.seen.append(statement)

    def _checkout(self, *_args) -> None:
        self.checkouts += 1

    def last_transaction(self) -> list[str]:
        at = len(self.seen) - 1 - self.seen[::-1].index("BEGIN")
        return self.seen[at + 1 :]

    def close(self) -> None:
        event.remove(self.engine, "begin", self._begin)
        event.remove(self.engine, "before_cursor_execute", self._sql)
        event.remove(self.engine.pool, "checkout", self._checkout)


def test_a_set_wise_group_takes_no_savepoint_and_writes_the_device_states(server):
    devices = _devices(server, 6)
    hold = _Hold()
    writer = _set_wise_writer(server, hold)
    statements = _Statements(server.engine)
    try:
        answers = _run_together(
            writer, hold, [(d, _insert(1, f"n{i}")) for i, d in enumerate(devices)]
        )
        group = statements.last_transaction()
    finally:
        statements.close()

    assert writer.groups == 1 and writer.set_wise == 5
    assert all(a.results[0].status == "applied" for a in answers)
    assert not [sql for sql in group if "SAVEPOINT" in sql.upper()]
    if server.engine.dialect.name == "postgresql":
        # no statement of their own for the device states: part of the numbering's one
        assert not [sql for sql in group if sql.startswith("UPDATE device_states")]
        assert [sql for sql in group if sql.startswith("WITH") and "UPDATE device_states" in sql]
    assert _last_seqs(server, devices) == [1] * 6


def test_a_groups_first_reads_are_sent_at_once_on_postgresql(server):
    """A set-wise group's reads before its judging — the devices and offices
    (``token_cache.devices_read``, ``admin.OFFICE_ROWS``), the device states, stored
    results and merged tables (``group_judge._READS``) — are the statements the
    one-by-one path runs: on PostgreSQL sent through psycopg's pipeline (none of them
    a statement of SQLAlchemy's), elsewhere one after another; the same rows."""
    devices = _devices(server, 4)
    hold = _Hold()
    writer = _set_wise_writer(server, hold)
    statements = _Statements(server.engine)
    try:
        _run_together(writer, hold, [(d, _insert(1, f"p{i}")) for i, d in enumerate(devices)])
        group = statements.last_transaction()
    finally:
        statements.close()

    assert writer.set_wise == 3
    reads = ("FROM devices", "FROM offices", "FROM device_states", "FROM applied_mutations")
    seen = {name for name in reads if any(name in sql for sql in group)}
    assert seen == (set() if server.engine.dialect.name == "postgresql" else set(reads))
    with server.engine.connect() as conn, conn.begin():
        read = token_cache.devices_read(conn, [d.id for d in devices])
        rows, offices = pipelined_rows(conn, [read, (admin.OFFICE_ROWS, {})])
        assert sorted(map(tuple, rows)) == sorted(map(tuple, conn.execute(*read)))
        assert len(rows) == 4
        assert sorted(map(tuple, offices)) == sorted(map(tuple, conn.execute(admin.OFFICE_ROWS)))


def test_a_poison_push_undoes_the_group_and_only_it_is_refused(server):
    devices = _devices(server, 4)
    with server.sessions() as s, s.begin():
        sync_service.push(s, devices[0], _insert(1, "taken"))
    hold = _Hold()
    writer = _set_wise_writer(server, hold)
    calls = [
        (devices[1], _insert(1, "lead")),
        (devices[2], _insert(1, "ok")),
        (devices[3], _insert(1, "taken")),  # a live place has this code: the database refuses
        (devices[0], _insert(2, "ok-2")),
    ]
    answers = _run_together(writer, hold, calls)

    # the set-wise inserts refused: the whole group undone, each push run alone
    assert writer.groups == 0 and writer.set_wise == 0
    assert (answers[2].results[0].status, answers[2].results[0].problem) == ("rejected", "unique")
    assert [answers[i].results[0].status for i in (0, 1, 3)] == ["applied"] * 3
    assert _last_seqs(server, devices) == [2, 1, 1, 1]  # the refused push used its number
    with server.sessions() as s:
        assert sorted(s.scalars(select(Place.name))) == ["lead", "ok", "ok-2", "taken"]
        assert len(s.scalars(select(RecordChange.seq)).all()) == 4
        assert stored_results.count(s) == 5


def test_a_replay_after_a_lost_answer_changes_no_device_state(server):
    """A group of pushes, each sent again (its answer lost) in a later group with a
    device's next push: the replays answered as the first time, nothing applied twice,
    the device states where the new pushes left them; pushes judged one by one (an
    update) write their state with the numbering too."""
    devices = _devices(server, 4)
    hold = _Hold()
    writer = _set_wise_writer(server, hold)
    firsts = [_insert(1, f"r{i}") for i in range(4)]
    answers = _run_together(writer, hold, list(zip(devices, firsts, strict=True)))
    record = firsts[1].mutations[0].record_id
    seq = answers[1].results[0].change_seq
    calls = [
        (devices[0], firsts[0]),  # a replay
        (devices[1], _one(2, "places", record, "update", {"city": "ساری"}, seq)),  # one by one
        (devices[2], firsts[2]),  # a replay
        (devices[3], _insert(2, "next")),
    ]
    hold = _Hold()
    again = _set_wise_writer(server, hold)
    second = _run_together(again, hold, calls)

    assert second[0].results == answers[0].results and second[2].results == answers[2].results
    assert [second[i].results[0].status for i in (1, 3)] == ["applied", "applied"]
    assert _last_seqs(server, devices) == [1, 2, 1, 2]
    with server.sessions() as s:
        assert len(s.scalars(select(Place.id)).all()) == 5
        assert stored_results.count(s) == 6


def test_one_workstation_under_two_enrollments_never_shares_a_group(server):
    """Two enrollments of one workstation (one sequence, one device state) are never
    taken into one group: the second is judged after the first's state is written."""
    writer = _set_wise_writer(server, _Hold())
    workstation = str(uuid.uuid4())
    old, new, other = (
        Device(id=uuid.uuid4(), device_uid=uid, office_code="C11")
        for uid in (workstation, workstation, str(uuid.uuid4()))
    )

    async def queue() -> list[list[Device]]:
        loop = asyncio.get_running_loop()
        for device, name in ((old, "a"), (new, "b"), (other, "c")):
            writer._queue.append(_Ticket(device, _insert(1, name), loop, loop.create_future()))
        return [[t.device for t in writer._take()] for _ in range(2)]

    first, second = asyncio.run(queue())
    assert first == [old, other] and second == [new]


def test_a_lone_push_is_taken_unkeyed_and_a_passed_over_one_keyed_once(server):
    """Grouping works out what a push touches only when another push is there to
    compare it with (a workstation's backlog alone: no set of its records), and once a
    push (kept on its ticket): a push passed over is not keyed again at the next take."""
    writer = _set_wise_writer(server, _Hold())
    one, two = (Device(id=uuid.uuid4(), device_uid=str(uuid.uuid4()), office_code="C11")
                for _ in range(2))  # fmt: skip
    shared = uuid.uuid4()

    async def takes() -> tuple[_Ticket, ...]:
        loop = asyncio.get_running_loop()
        alone = _Ticket(one, _insert(1, "a"), loop, loop.create_future())
        writer._queue.append(alone)
        assert writer._take() == [alone] and alone.keys is None
        first, clash, later = (  # first and clash: the same record (clash waits)
            _Ticket(device, _insert(seq, name, record), loop, loop.create_future())
            for device, seq, name, record in (
                (one, 2, "b", shared), (two, 1, "c", shared), (two, 2, "d", None)
            )
        )  # fmt: skip
        writer._queue.extend((first, clash, later))
        assert writer._take() == [first]  # later: the same workstation as clash, after it
        kept = clash.keys
        assert kept is not None and ("places", str(shared)) in kept
        assert writer._take() == [clash] and clash.keys is kept
        return first, clash, later

    first, _clash, later = asyncio.run(takes())
    assert ("places", str(shared)) in (first.keys or set()) and later.keys is not None


def test_a_writer_keeps_its_connection_from_group_to_group(server):
    devices = _devices(server, 6)
    statements = _Statements(server.engine)
    try:
        hold = _Hold()
        writer = _set_wise_writer(server, hold)
        _run_together(writer, hold, [(d, _insert(1, f"k{i}")) for i, d in enumerate(devices[:3])])
        hold.clear()
        hold.busy.clear()
        _run_together(writer, hold, [(d, _insert(1, f"l{i}")) for i, d in enumerate(devices[3:])])
    finally:
        statements.close()

    assert writer.groups == 2
    # each lone first push takes a connection of its own (``alone``); the two groups
    # share the writer's one
    assert statements.checkouts == 3


def test_a_revoked_device_in_a_group_is_still_refused_with_a_held_connection(server):
    """The writer's kept connection reads each group's devices afresh: a device revoked
    between two groups of the same writer is refused (401) in the second."""
    from central_server import admin

    devices = _devices(server, 4)
    hold = _Hold()
    writer = _set_wise_writer(server, hold)
    _run_together(writer, hold, [(d, _insert(1, f"v{i}")) for i, d in enumerate(devices)])
    with server.sessions() as s, s.begin():
        admin.revoke_device(s, str(devices[2].id))
    hold.clear()
    hold.busy.clear()
    answers = _run_together(writer, hold, [(d, _insert(2, f"w{i}")) for i, d in enumerate(devices)])
    assert isinstance(answers[2], HTTPException) and answers[2].status_code == 401
    assert [answers[i].results[0].status for i in (0, 1, 3)] == ["applied"] * 3


def test_an_office_added_between_two_groups_of_a_writer_is_seen_by_the_second(server):
    """The offices are read by each group's transaction (with its devices, at once on
    PostgreSQL), never kept by the writer: a center added under the devices' province
    between two groups of one writer is in their scope in the second, not in the first."""
    from central_server import admin

    devices = [enrolled_device(server, "P1", "province") for _ in range(3)]
    hold = _Hold()
    writer = _set_wise_writer(server, hold)
    calls = [(d, one_place(1, f"i{i}", origin_office="C13")) for i, d in enumerate(devices)]
    before = _run_together(writer, hold, calls)
    with server.sessions() as s, s.begin():
        admin.create_office(s, "C13", "مرکز کردکوی", "center", "P1")
    hold.clear()
    hold.busy.clear()
    calls = [(d, one_place(2, f"j{i}", origin_office="C13")) for i, d in enumerate(devices)]
    after = _run_together(writer, hold, calls)

    assert [a.results[0].problem for a in before] == ["scope"] * 3
    assert [a.results[0].status for a in after] == ["applied"] * 3
    assert writer.groups == 2
