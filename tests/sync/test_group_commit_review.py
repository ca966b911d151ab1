"""Group commit under review: several PostgreSQL writers still commit in change-log
order (no puller skips a row); a push that numbers nothing never waits for the
change-log lock; a writer whose waiting request's event loop is gone keeps serving."""

from __future__ import annotations

import asyncio
import threading
import time
import uuid

import pytest
from fastapi import HTTPException
from sqlalchemy import event, select

from central_server import admin, stored_results, sync_service
from central_server.group_commit import GroupCommit
from central_server.models import DeviceState, RecordChange
from desktop_app.models import Place
from desktop_app.sync.protocol import PushRequest
from tests.sync.pushes import enrolled_device, one_place, pull_until


def _alone(server):
    def alone(device, request):
        with server.sessions() as s, s.begin():
            return sync_service.push(s, device, request)

    return alone


@pytest.mark.postgres
def test_several_writers_commit_in_change_log_order(pg_server):
    """The commit-order proof (test_sync_postgres) through the group writer with four
    writers: groups judged side by side, numbered and committed in turn; a puller that
    moves its cursor forward only misses nothing."""
    pushers = [enrolled_device(pg_server, o) for o in ("C11", "C12", "C21", "P1", "C11", "C12")]
    reader = enrolled_device(pg_server, "HQ")
    per_pusher = 12

    def judge(session, device, request):
        time.sleep(0.002)  # let the groups of the four writers overlap
        return sync_service.judge_push(session, device, request)

    writer = GroupCommit(
        pg_server.engine, judge, sync_service.finish_pushes, _alone(pg_server), writers=4
    )
    stop = threading.Event()
    seen_by: list[set[str]] = [set(), set()]

    def pull(seen: set[str]) -> None:
        pull_until(stop, pg_server, reader, seen)

    async def one_device(device, tag: str) -> None:
        for i in range(per_pusher):
            answer = await writer.push(device, one_place(i + 1, f"{tag}-{i}"))
            assert answer.results[0].status == "applied"

    async def main() -> None:
        await asyncio.gather(*(one_device(d, f"d{n}") for n, d in enumerate(pushers)))

    readers = [threading.Thread(target=pull, args=(seen,)) for seen in seen_by]
    for t in readers:
        t.start()
    try:
        asyncio.run(main())
    finally:
        stop.set()
        for t in readers:
            t.join(60)
    expected = {f"d{n}-{i}" for n in range(len(pushers)) for i in range(per_pusher)}
    for seen in seen_by:
        assert seen == expected
    with pg_server.sessions() as s:
        seqs = sorted(s.scalars(select(RecordChange.seq)))
    assert seqs == list(range(1, len(expected) + 1))  # no number taken twice or lost


def test_a_push_that_numbers_nothing_leaves_the_change_log_alone(server):
    """A replay (or a push all refused) numbers nothing: it neither takes the change-log
    lock nor reads the log's top, so it never waits behind another group's commit."""
    device = enrolled_device(server, "C11")
    request = one_place(1, "once")
    with server.sessions() as s, s.begin():
        first = sync_service.push(s, device, request)
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement.lower())

    event.listen(server.engine, "before_cursor_execute", seen)
    try:
        with server.sessions() as s, s.begin():
            again = sync_service.push(s, device, request)
    finally:
        event.remove(server.engine, "before_cursor_execute", seen)
    assert again.results == first.results
    assert not [q for q in statements if "advisory" in q or "max(record_changes.seq)" in q]


def test_a_writer_outlives_a_request_whose_loop_is_gone(server):
    """A request given up while its push is being written (its event loop closed) must
    not take the writer down with it: the next push is still answered."""
    one, two = enrolled_device(server, "C11"), enrolled_device(server, "C11")
    hold = threading.Event()
    judging = threading.Event()

    def judge(session, device, request):
        judging.set()
        hold.wait(30)
        return sync_service.judge_push(session, device, request)

    def alone(device, request):
        judging.set()
        hold.wait(30)
        return _alone(server)(device, request)

    writer = GroupCommit(server.engine, judge, sync_service.finish_pushes, alone, writers=1)

    async def given_up() -> None:
        task = asyncio.create_task(writer.push(one, one_place(1, "given-up")))
        while not judging.is_set():
            await asyncio.sleep(0.01)
        task.cancel()  # the loop ends while the push is being written

    asyncio.run(given_up())
    hold.set()

    async def next_push():
        return await asyncio.wait_for(writer.push(two, one_place(1, "next")), 20)

    answer = asyncio.run(next_push())
    assert answer.results[0].status == "applied"


@pytest.mark.postgres
def test_a_retry_written_by_another_writer_is_applied_once(pg_server):
    """A workstation sends its push again (a timeout) while the first copy is still
    being written by one writer: the copy taken by another writer waits for the first
    one's commit (the device's state row) and is answered from its stored results; the
    retry's one new mutation is applied once."""
    device = enrolled_device(pg_server, "C11")
    first = one_place(1, "once")
    retry = PushRequest(mutations=[*first.mutations, *one_place(2, "more").mutations])
    writing = threading.Event()
    release = threading.Event()
    calls: list[int] = []

    def alone(dev, request):
        calls.append(len(request.mutations))
        with pg_server.sessions() as s, s.begin():
            answer = sync_service.push(s, dev, request)
            if len(calls) == 1:
                writing.set()
                release.wait(30)  # the first copy holds its transaction open
        return answer

    writer = GroupCommit(
        pg_server.engine, sync_service.judge_push, sync_service.finish_pushes, alone, writers=2
    )

    async def main():
        one = asyncio.create_task(writer.push(device, first))
        while not writing.is_set():
            await asyncio.sleep(0.01)
        two = asyncio.create_task(writer.push(device, retry))  # the second writer
        await asyncio.sleep(0.5)
        assert not two.done()  # waits for the first copy's commit
        release.set()
        return await one, await two

    a, b = asyncio.run(main())
    assert calls == [1, 2]
    assert b.results[0] == a.results[0]
    assert [r.status for r in b.results] == ["applied", "applied"]
    with pg_server.sessions() as s:
        assert sorted(s.scalars(select(Place.name))) == ["more", "once"]
        assert stored_results.count(s) == 2
        assert sorted(s.scalars(select(RecordChange.seq))) == [1, 2]


def test_one_workstation_enrolled_again_never_shares_a_group(server):
    """A workstation's enrollment revoked and made again (a new device row, the same
    workstation id, whose sequence numbers and stored results go on) while its push
    sent under the old one is still queued: the copy sent again under the new one
    names the same records, so it waits for a later group and is answered from the
    stored results (not refused as a sequence used twice)."""
    plug = enrolled_device(server, "C11")
    workstation = uuid.uuid4()
    with server.sessions() as s, s.begin():
        old, _token = admin.redeem_code(
            s, admin.enroll_device(s, "C11", "old"), workstation, "", ""
        )
    with server.sessions() as s, s.begin():
        admin.revoke_device(s, str(old.id))
    with server.sessions() as s, s.begin():
        new, _token = admin.redeem_code(
            s, admin.enroll_device(s, "C11", "new"), workstation, "", ""
        )
    assert new.id != old.id and new.device_uid == old.device_uid
    hold = threading.Event()
    busy = threading.Event()

    def held() -> None:
        busy.set()
        hold.wait(30)

    def judge(session, device, request):
        held()
        return sync_service.judge_push(session, device, request)

    def alone(device, request):
        held()
        return _alone(server)(device, request)

    writer = GroupCommit(server.engine, judge, sync_service.finish_pushes, alone)
    request = one_place(1, "sent-twice")

    async def main():
        first = asyncio.create_task(writer.push(plug, one_place(1, "plug")))
        while not busy.is_set():
            await asyncio.sleep(0.01)
        copies = [asyncio.create_task(writer.push(d, request)) for d in (old, new)]
        await asyncio.sleep(0)  # both queued behind the plug
        hold.set()
        await first
        return await asyncio.gather(*copies)

    before, again = asyncio.run(main())
    assert again.results == before.results
    with server.sessions() as s:
        assert s.scalars(select(Place.name).where(Place.name == "sent-twice")).all() == [
            "sent-twice"
        ]


def test_a_push_refused_after_its_writes_is_undone_alone(server):
    """A push whose judging wrote rows (a bulk insert: COPY on PostgreSQL, one
    executemany on SQLite; its device's last sequence) and then was refused with an HTTP
    error leaves nothing behind; the push judged after it in the same group, which read
    the database after those writes, and the one before it are applied."""
    before, refused, after = (enrolled_device(server, "C11") for _ in range(3))
    plug = enrolled_device(server, "C11")
    many = PushRequest(
        mutations=[m for i in range(12) for m in one_place(i + 1, f"bulk-{i}").mutations]
    )
    hold = threading.Event()
    busy = threading.Event()

    def judge(session, device, request):
        busy.set()
        hold.wait(30)
        judged = sync_service.judge_push(session, device, request)
        if device.id == refused.id:
            raise HTTPException(409, "refused after its writes")
        return judged

    def alone(device, request):
        busy.set()
        hold.wait(30)
        return _alone(server)(device, request)

    writer = GroupCommit(server.engine, judge, sync_service.finish_pushes, alone)

    async def main():
        first = asyncio.create_task(writer.push(plug, one_place(1, "plug")))
        while not busy.is_set():
            await asyncio.sleep(0.01)
        tasks = [
            asyncio.create_task(_answer(writer.push(d, r)))
            for d, r in (
                (before, one_place(1, "before")),
                (refused, many),
                (after, one_place(1, "after")),
            )
        ]
        await asyncio.sleep(0)
        hold.set()
        await first
        return await asyncio.gather(*tasks)

    one, two, three = asyncio.run(main())
    assert writer.groups == 1 and writer.grouped == 3
    assert isinstance(two, HTTPException)
    assert one.results[0].status == three.results[0].status == "applied"
    assert three.results[0].change_seq == one.results[0].change_seq + 1  # no number lost
    with server.sessions() as s:
        names = set(s.scalars(select(Place.name)))
        assert names == {"plug", "before", "after"}
        state = s.get(DeviceState, refused.device_uid)
        assert state is None or state.last_seq == 0
        assert stored_results.count(s, refused.device_uid) == 0


async def _answer(pending):
    try:
        return await pending
    except HTTPException as exc:
        return exc
