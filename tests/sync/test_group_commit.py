"""Group commit (``central_server.group_commit``): pushes that arrive together share one
transaction and still get exactly the answers, change-log order and exactly-once
replays of pushes applied one by one; a refused push is undone alone, and a group that
fails as a whole is run again one push at a time. SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import gc
import threading
import uuid

from fastapi import HTTPException
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from central_server import collector, stored_results, sync_service
from central_server.group_commit import GroupCommit
from central_server.models import RecordChange
from desktop_app.models import Place
from desktop_app.sync.protocol import PushRequest
from tests.sync.pushes import enrolled_device, one_place


def _devices(server, count: int) -> list:
    return [enrolled_device(server, "C11", "group") for _ in range(count)]


def _insert(seq: int, name: str, record: uuid.UUID | None = None) -> PushRequest:
    return one_place(seq, name, record, origin_office="C11")


def _alone(server):
    def alone(device, request):
        with server.sessions() as s, s.begin():
            return sync_service.push(s, device, request)

    return alone


class _Hold(threading.Event):
    """Released by ``set()``; ``busy`` is set once the writer started on a push."""

    def __init__(self) -> None:
        super().__init__()
        self.busy = threading.Event()


def _writer(server, hold: _Hold, **kw) -> tuple[GroupCommit, list[int]]:
    """A writer whose pushes wait for ``hold`` (so the rest queue behind the first),
    grouped or alone."""
    judged: list[int] = []

    def held(request) -> None:
        hold.busy.set()
        hold.wait(30)
        judged.append(request.mutations[0].seq if request.mutations else 0)

    def judge(session, device, request):
        held(request)
        return sync_service.judge_push(session, device, request)

    def alone(device, request):
        held(request)
        return _alone(server)(device, request)

    writer = GroupCommit(server.engine, judge, sync_service.finish_pushes, alone, writers=1, **kw)
    return writer, judged


def _run_together(writer: GroupCommit, hold: _Hold, calls: list) -> list:
    """The first push taken by the writer (and held), every other one queued behind it
    meanwhile, then the writer let go: the first runs alone, the rest in one group."""

    async def main() -> list:
        first = asyncio.create_task(_answer(writer.push(*calls[0])))
        while not hold.busy.is_set():
            await asyncio.sleep(0.01)
        rest = [asyncio.create_task(_answer(writer.push(d, r))) for d, r in calls[1:]]
        await asyncio.sleep(0)  # each task queues its push before its first wait
        hold.set()
        return [await first, *await asyncio.gather(*rest)]

    return asyncio.run(main())


async def _answer(pending):
    try:
        return await pending
    except HTTPException as exc:
        return exc


def assert_numbered(server, devices: list, requests: list, seqs: list[int]) -> None:
    """Each push's record has its number in the change log, on its row and beside its
    stored result; the log holds nothing else."""
    with server.sessions() as s:
        log = s.execute(select(RecordChange.record_id, RecordChange.seq)).all()
        assert sorted(seq for _r, seq in log) == seqs
        by_record = {r: seq for r, seq in log}
        for request, seq, device in zip(requests, seqs, devices, strict=True):
            m = request.mutations[0]
            assert by_record[str(m.record_id)] == seq
            assert s.get(Place, m.record_id).server_seq == seq
            stored = stored_results.outcomes(s, device.device_uid)
            assert stored[m.seq] == (str(m.mutation_id), "applied", seq)


def test_a_group_answers_like_pushes_one_by_one(server):
    devices = _devices(server, 6)
    hold = _Hold()
    writer, _ = _writer(server, hold)
    requests = [_insert(1, f"g{i}") for i in range(6)]
    answers = _run_together(writer, hold, list(zip(devices, requests, strict=True)))

    # the first alone (the writer was busy with it when the rest came), five in one group
    assert writer.groups == 1 and writer.grouped == 5
    seqs = [a.results[0].change_seq for a in answers]
    assert all(a.results[0].status == "applied" for a in answers)
    assert seqs == sorted(seqs) and len(set(seqs)) == 6  # queue order is change-log order
    assert_numbered(server, devices, requests, seqs)
    # exactly once: every push sent again is answered from its stored result
    again = GroupCommit(
        server.engine, sync_service.judge_push, sync_service.finish_pushes, _alone(server)
    )

    async def replay_all():
        return await asyncio.gather(
            *(again.push(d, r) for d, r in zip(devices, requests, strict=True))
        )

    for first, second in zip(answers, asyncio.run(replay_all()), strict=True):
        assert second.results[0] == first.results[0]
    with server.sessions() as s:
        assert len(s.scalars(select(Place.id)).all()) == 6


def test_a_refused_push_is_undone_alone_and_a_device_keeps_its_order(server):
    one, two, three = _devices(server, 3)
    with server.sessions() as s, s.begin():
        sync_service.push(s, one, _insert(1, "before"))  # seq 1 of device one is used
    hold = _Hold()
    writer, judged = _writer(server, hold)
    shared = uuid.uuid4()
    calls = [
        (three, _insert(1, "first")),
        (one, _insert(1, "reused")),  # seq 1 again with a new id: 409
        (two, _insert(1, "a", shared)),
        (two, _insert(2, "b")),  # the same device: never in the same group as its seq 1
        (three, _insert(2, "c", shared)),  # the same record as another push: waits too
    ]
    answers = _run_together(writer, hold, calls)

    assert isinstance(answers[1], HTTPException) and answers[1].status_code == 409
    assert answers[2].results[0].status == "applied"
    assert answers[3].results[0].status == "applied"
    assert answers[3].results[0].change_seq > answers[2].results[0].change_seq
    # judged after the other device's insert of that record was numbered, as one by one:
    # that device changed the same fields since this copy
    assert answers[4].results[0].status == "conflict"
    assert len(judged) == 5  # every push was judged
    with server.sessions() as s:
        names = set(s.scalars(select(Place.name)))
        assert names == {"before", "first", "a", "b"}


def test_a_group_that_fails_runs_again_one_push_at_a_time(server, monkeypatch):
    devices = _devices(server, 4)
    hold = _Hold()
    failures = []

    def failing_finish(conn, pushes):
        if len(pushes) > 1 and not failures:
            failures.append(len(pushes))
            raise OperationalError("numbering", {}, Exception("database is locked"))
        return sync_service.finish_pushes(conn, pushes)

    writer, _ = _writer(server, hold)
    writer.finish = failing_finish
    requests = [_insert(1, f"f{i}") for i in range(4)]
    answers = _run_together(writer, hold, list(zip(devices, requests, strict=True)))

    assert failures and failures[0] >= 3  # the group was refused once, as a whole
    assert all(a.results[0].status == "applied" for a in answers)
    with server.sessions() as s:
        assert sorted(s.scalars(select(Place.name))) == ["f0", "f1", "f2", "f3"]
        assert stored_results.count(s) == 4
        assert len(s.scalars(select(RecordChange.seq)).all()) == 4


def test_a_big_group_is_judged_with_the_collector_held_off(server, monkeypatch):
    """A group whose pushes hold ``collector.MIN_MUTATIONS`` mutations together (none
    that many alone) is judged with Python's cyclic collector off, grouped and, after
    the group failed, one by one; a small lone push with it on; on again after."""
    monkeypatch.setattr(collector, "MIN_MUTATIONS", 4)
    devices = _devices(server, 5)
    hold = _Hold()
    writer, _ = _writer(server, hold)
    seen: list[tuple[str, bool]] = []
    judge, alone = writer.judge, writer.alone

    def watched_judge(session, device, request):
        seen.append(("grouped", gc.isenabled()))
        return judge(session, device, request)

    def watched_alone(device, request):
        seen.append(("alone", gc.isenabled()))
        return alone(device, request)

    def failing_finish(conn, pushes):
        raise OperationalError("numbering", {}, Exception("database is locked"))

    writer.judge, writer.alone, writer.finish = watched_judge, watched_alone, failing_finish
    requests = [_insert(1, f"c{i}") for i in range(5)]
    assert gc.isenabled()
    answers = _run_together(writer, hold, list(zip(devices, requests, strict=True)))

    assert all(a.results[0].status == "applied" for a in answers)
    # the first alone (one mutation: left on); the four others grouped, then alone
    assert seen == [("alone", True)] + [("grouped", False)] * 4 + [("alone", False)] * 4
    assert gc.isenabled()


def test_the_endpoint_pushes_through_the_writer(server):
    """The app's push endpoint answers through its group writer (one push: alone)."""
    _ctx, sync, _transport = server.workstation("w", "C11")
    with _ctx.session() as s:
        s.add(Place(name="مرکز", code="g-1", city="گرگان", origin_office="C11"))
    sync.run()
    assert server.app.state.push_writer.groups == 0  # nothing else was queued with it
    with server.sessions() as s:
        assert s.scalar(select(Place.code)) == "g-1"
