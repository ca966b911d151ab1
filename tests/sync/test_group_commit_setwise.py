"""A group's pushes judged set-wise (``central_server.group_judge``) and pushes whose
token came from the worker's cache (``central_server.token_cache``): the answers,
change-log order and exactly-once replays of pushes judged one by one; a poison push
refused alone; a revoked or replaced token refused in the push's own transaction.
SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import uuid

from fastapi import HTTPException
from fastapi.testclient import TestClient
from sqlalchemy import select

from central_server import admin, group_judge, sync_service
from central_server.admin import token_hash
from central_server.group_commit import GroupCommit
from central_server.models import Device, RecordChange, RecordMerge
from central_server.token_cache import TokenCache
from desktop_app.models import Place, Trainee
from desktop_app.sync.protocol import Mutation, PushRequest
from tests.sync.pushes import one_place
from tests.sync.test_group_commit import (
    _alone,
    _devices,
    _Hold,
    _insert,
    _run_together,
    _writer,
    assert_numbered,
)


def _set_wise_writer(server, hold: _Hold, **kw) -> GroupCommit:
    writer, _judged = _writer(server, hold, judge_group=group_judge.judge_together, **kw)
    return writer


def _one(
    seq: int, table: str, record: uuid.UUID, op: str, fields: dict, base_seq: int | None = None
) -> PushRequest:
    """A push of one mutation."""
    return PushRequest(
        mutations=[
            Mutation(
                mutation_id=uuid.uuid4(),
                seq=seq,
                table=table,
                record_id=record,
                op=op,
                fields=fields,
                base_seq=base_seq,
            )
        ]
    )


def _one_used(server, count: int, used_by: int, code: str) -> tuple[list, _Hold, GroupCommit]:
    """``count`` devices, device ``used_by`` having pushed a place coded ``code`` (its
    seq 1), and a set-wise writer that holds its first push."""
    devices = _devices(server, count)
    with server.sessions() as s, s.begin():
        sync_service.push(s, devices[used_by], _insert(1, code))
    hold = _Hold()
    return devices, hold, _set_wise_writer(server, hold)


def test_new_records_of_a_group_are_judged_set_wise_as_one_by_one(server):
    devices = _devices(server, 6)
    hold = _Hold()
    writer = _set_wise_writer(server, hold)
    requests = [_insert(1, f"s{i}") for i in range(6)]
    answers = _run_together(writer, hold, list(zip(devices, requests, strict=True)))

    assert writer.groups == 1 and writer.set_wise == 5  # the first ran alone
    seqs = [a.results[0].change_seq for a in answers]
    assert all(a.results[0].status == "applied" for a in answers)
    assert seqs == sorted(seqs) and len(set(seqs)) == 6  # queue order is change-log order
    assert_numbered(server, devices, requests, seqs)
    # the devices' next sequence numbers moved on: seq 2 is taken, seq 1 again is a replay
    again = GroupCommit(
        server.engine,
        sync_service.judge_push,
        sync_service.finish_pushes,
        _alone(server),
        judge_group=group_judge.judge_together,
    )

    async def replay_and_go_on():
        return await asyncio.gather(
            *(again.push(d, r) for d, r in zip(devices, requests, strict=True)),
            *(again.push(d, _insert(2, f"t{i}")) for i, d in enumerate(devices)),
        )

    answered = asyncio.run(replay_and_go_on())
    for first, second in zip(answers, answered[:6], strict=True):
        assert second.results[0] == first.results[0]  # exactly once
    assert all(a.results[0].status == "applied" for a in answered[6:])
    with server.sessions() as s:
        assert len(s.scalars(select(Place.id)).all()) == 12


def test_a_poison_push_is_refused_alone_and_the_rest_applied(server):
    devices, hold, writer = _one_used(server, 4, 0, "taken")
    calls = [
        (devices[1], _insert(1, "first")),
        (devices[2], _insert(1, "ok-1")),
        (devices[3], _insert(1, "taken")),  # a live place has this code: the database refuses
        (devices[0], _insert(2, "ok-2")),
    ]
    answers = _run_together(writer, hold, calls)

    assert writer.set_wise == 0  # the group's set-wise inserts were refused: one by one
    assert answers[2].results[0].status == "rejected"
    assert answers[2].results[0].problem == "unique"
    assert [answers[i].results[0].status for i in (0, 1, 3)] == ["applied"] * 3
    with server.sessions() as s:
        assert sorted(s.scalars(select(Place.code))) == ["first", "ok-1", "ok-2", "taken"]
        assert len(s.scalars(select(RecordChange.seq)).all()) == 4
    # the refused push's sequence number is used: the device goes on with seq 2
    with server.sessions() as s, s.begin():
        assert sync_service.push(s, devices[3], _insert(2, "later")).results[0].status == "applied"


def test_pushes_that_are_not_new_records_are_judged_one_by_one(server):
    devices = _devices(server, 5)
    replayed = _insert(1, "replayed")
    existing = uuid.uuid4()
    with server.sessions() as s, s.begin():
        first = sync_service.push(s, devices[1], replayed)
        sync_service.push(s, devices[2], _insert(1, "old", existing))
    update = _one(2, "places", existing, "update", {"city": "ساری"}, first.results[0].change_seq)
    hold = _Hold()
    writer = _set_wise_writer(server, hold)
    calls = [
        (devices[0], _insert(1, "lead")),
        (devices[1], replayed),  # answered from its stored result
        (devices[2], update),  # an update: judged alone
        (devices[3], _insert(1, "fresh")),  # set-wise
        (devices[4], _insert(3, "gap")),  # not the next number: told which one
    ]
    answers = _run_together(writer, hold, calls)

    assert writer.set_wise == 1
    assert answers[1].results[0] == first.results[0]
    assert answers[2].results[0].status == "applied"
    assert answers[3].results[0].status == "applied"
    assert answers[4].expected_seq == 1 and not answers[4].results
    with server.sessions() as s:
        assert s.get(Place, existing).city == "ساری"
        assert sorted(s.scalars(select(Place.code))) == ["fresh", "lead", "old", "replayed"]


def test_a_sequence_number_used_twice_is_refused_in_a_set_wise_group(server):
    devices, hold, writer = _one_used(server, 3, 1, "used")
    calls = [
        (devices[0], _insert(1, "lead")),
        (devices[1], _insert(1, "again")),  # seq 1 with a new mutation id: 409
        (devices[2], _insert(1, "fine")),
    ]
    answers = _run_together(writer, hold, calls)

    assert isinstance(answers[1], HTTPException) and answers[1].status_code == 409
    assert answers[2].results[0].status == "applied" and writer.set_wise == 1
    with server.sessions() as s:
        assert "again" not in set(s.scalars(select(Place.code)))


def _cached(server, count: int) -> tuple[list[Device], list[str], TokenCache]:
    """``count`` enrolled devices, their tokens, a cache that holds every token."""
    tokens = TokenCache()
    devices, secrets = [], []
    with server.sessions() as s, s.begin():
        for _ in range(count):
            code = admin.enroll_device(s, "C11", "cached")
            device, token = admin.redeem_code(s, code, uuid.uuid4(), "", "")
            device.enrollment_code_hash = None  # its token arrived
            devices.append(device)
            secrets.append(token)
    for device, token in zip(devices, secrets, strict=True):
        tokens.remember(f"Bearer {token}", device)
    return devices, secrets, tokens


def test_a_revoked_or_replaced_cached_token_is_refused_by_the_writer(server):
    devices, secrets, tokens = _cached(server, 5)
    with server.sessions() as s, s.begin():
        admin.revoke_device(s, str(devices[1].id))
        s.get(Device, devices[2].id).token_hash = token_hash("a newer token")
        s.get(Device, devices[3].id).counter_number = 7  # the device as read now is used
    hold = _Hold()
    writer = _set_wise_writer(server, hold, tokens=tokens)
    claims = [tokens.claim(f"Bearer {t}") for t in secrets]
    assert all(claims)
    calls = [(c[0], one_place(1, f"c{i}", origin_office="C11")) for i, c in enumerate(claims)]

    async def main() -> list:
        async def answer(i: int):
            device, request = calls[i]
            try:
                return await writer.push(device, request, claim=claims[i][1])
            except HTTPException as exc:
                return exc

        first = asyncio.create_task(answer(0))
        while not hold.busy.is_set():
            await asyncio.sleep(0.01)
        rest = [asyncio.create_task(answer(i)) for i in range(1, 5)]
        await asyncio.sleep(0)
        hold.set()
        return [await first, *await asyncio.gather(*rest)]

    answers = asyncio.run(main())
    assert answers[0].results[0].status == "applied"  # alone, checked before its write
    assert [a.status_code for a in answers[1:3]] == [401, 401]
    assert [a.results[0].status for a in answers[3:]] == ["applied"] * 2
    assert writer.set_wise == 2
    assert tokens.claim(f"Bearer {secrets[1]}") is None  # forgotten
    assert tokens.claim(f"Bearer {secrets[2]}") is None
    with server.sessions() as s:
        assert sorted(s.scalars(select(Place.code))) == ["c0", "c3", "c4"]
    # a push alone with a revoked cached token is refused too
    tokens.remember(f"Bearer {secrets[1]}", devices[1])
    device, digest = tokens.claim(f"Bearer {secrets[1]}")

    async def lone():
        try:
            return await writer.push(device, one_place(1, "lone", origin_office="C11"), digest)
        except HTTPException as exc:
            return exc

    assert asyncio.run(lone()).status_code == 401


def test_the_push_endpoint_honours_a_revocation_after_its_token_was_cached(server):
    with server.sessions() as s, s.begin():
        code = admin.enroll_device(s, "C11", "endpoint")
        device, token = admin.redeem_code(s, code, uuid.uuid4(), "", "")
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    with TestClient(server.app, base_url="https://miz.test") as client:
        first = client.post(
            "/sync/push", content=_insert(1, "e1").model_dump_json(), headers=headers
        )
        assert first.status_code == 200 and first.json()["results"][0]["status"] == "applied"
        second = client.post(
            "/sync/push", content=_insert(2, "e2").model_dump_json(), headers=headers
        )
        assert second.status_code == 200  # through the cache
        with server.sessions() as s, s.begin():
            admin.revoke_device(s, str(device.id))
        third = client.post(
            "/sync/push", content=_insert(3, "e3").model_dump_json(), headers=headers
        )
        assert third.status_code == 401
        assert "unknown or revoked token" in third.json()["detail"]
    with server.sessions() as s:
        assert sorted(s.scalars(select(Place.code))) == ["e1", "e2"]


def test_a_record_whose_parent_another_push_of_the_group_inserts_is_judged_after_it(server):
    devices = _devices(server, 3)
    place = uuid.uuid4()
    fields = {"name": "کارگاه", "place_id": str(place), "origin_office": "C11"}
    workshop = _one(1, "workshops", uuid.uuid4(), "insert", fields)
    hold = _Hold()
    writer = _set_wise_writer(server, hold)
    calls = [
        (devices[0], _insert(1, "lead")),
        (devices[1], workshop),  # its place is unknown until the next push is written
        (devices[2], _insert(1, "parent", place)),
    ]
    answers = _run_together(writer, hold, calls)

    assert writer.set_wise == 1  # the place; the workshop judged after it, one by one
    assert answers[1].results[0].status == "applied"
    assert answers[1].results[0].change_seq > answers[2].results[0].change_seq
    assert answers[2].results[0].status == "applied"


def test_one_workstation_under_two_enrollments_never_uses_a_sequence_twice(server):
    """A workstation's old enrollment (revoked while its push was being judged: on
    PostgreSQL after the writer's check) and its new one (the same workstation id: one
    sequence) in ONE group, each sending seq 1 for a different record: neither is judged
    set-wise (``judge_push`` then refuses the second use of the number), never both
    applied under one sequence number."""
    workstation = uuid.uuid4()
    with server.sessions() as s, s.begin():
        old, _t = admin.redeem_code(s, admin.enroll_device(s, "C11", "old"), workstation, "", "")
    with server.sessions() as s, s.begin():
        admin.revoke_device(s, str(old.id))
    with server.sessions() as s, s.begin():
        new, _t = admin.redeem_code(s, admin.enroll_device(s, "C11", "new"), workstation, "", "")
    other = _devices(server, 1)[0]
    pushes = [(old, _insert(1, "first")), (new, _insert(1, "second")), (other, _insert(1, "o"))]
    with server.sessions() as s, s.begin():
        judged = group_judge.judge_together(s, pushes)
    assert judged[0] is None and judged[1] is None and judged[2] is not None
    with server.sessions() as s:
        assert sorted(s.scalars(select(Place.code))) == ["o"]


def _one_person_by_two_counters_in_one_group(server, **second_fills):
    """The same national code inserted by two workstations of one office in ONE group
    (a third's push opens it); the second's record also carries ``second_fills``.
    Asserts the group applied the first and merged the second; returns the devices and
    the two record ids."""
    devices = _devices(server, 3)
    fields = {"first_name": "رضا", "last_name": "کریمی", "national_code": "2220458717"}
    first, second = uuid.uuid4(), uuid.uuid4()
    hold = _Hold()
    writer = _set_wise_writer(server, hold)
    calls = [
        (devices[0], _insert(1, "plug")),
        (devices[1], _one(1, "trainees", first, "insert", {**fields, "origin_office": "C11"})),
        (
            devices[2],
            _one(
                1, "trainees", second, "insert", {**fields, "origin_office": "C11", **second_fills}
            ),
        ),
    ]
    answers = _run_together(writer, hold, calls)
    assert [a.results[0].status for a in answers[1:]] == ["applied", "merged"]
    assert writer.groups == 1
    return devices, first, second


def test_one_person_inserted_by_two_counters_in_one_group_is_merged(server):
    """The same national code inserted by two workstations of one office in ONE group:
    one live trainee and a merge, as when they come in different groups (natural-key
    tables are left to ``judge_push``; judged set-wise, the database's unique index
    would send the group one by one)."""
    _, first, second = _one_person_by_two_counters_in_one_group(server)
    with server.sessions() as s:
        live = s.scalars(select(Trainee.id).where(Trainee.deleted_at.is_(None))).all()
        assert live == [first]
        merge = s.scalars(select(RecordMerge)).one()
        assert (merge.loser_id, merge.winner_id) == (str(second), str(first))


def test_a_record_inserted_in_a_group_is_its_inserter_s_when_another_push_merges_into_it(
    server,
):
    """One person inserted by two workstations in ONE group, the second filling an
    empty column of the first's record (a merge that changes the winner): the change
    log says the first inserted it (``inserted_by``), as when they come in different
    groups, so the first's own edit with no base (made before its insert's answer) is
    applied, not a conflict with its own insert."""
    devices, first, _ = _one_person_by_two_counters_in_one_group(server, phone="0111")
    with server.sessions() as s:
        inserter = s.scalar(
            select(RecordChange.inserted_by).where(RecordChange.record_id == str(first))
        )
    assert inserter == devices[1].device_uid
    with server.sessions() as s, s.begin():
        edit = _one(2, "trainees", first, "update", {"father_name": "علی"})
        answer = sync_service.push(s, devices[1], edit).results[0]
    assert (answer.status, answer.conflict_fields) == ("applied", [])


def test_a_device_revoked_after_its_request_was_authenticated_is_refused_by_the_write(server):
    """A push looked up in the database (no cached token) and queued, its device revoked
    before the writer's transaction: refused (401) by that transaction, in a group and
    alone, and nothing of it written."""
    devices = _devices(server, 3)
    with server.sessions() as s, s.begin():
        admin.revoke_device(s, str(devices[1].id))
    hold = _Hold()
    writer = _set_wise_writer(server, hold)
    calls = [(d, one_place(1, f"r{i}", origin_office="C11")) for i, d in enumerate(devices)]
    answers = _run_together(writer, hold, calls)

    assert isinstance(answers[1], HTTPException) and answers[1].status_code == 401
    assert answers[2].results[0].status == "applied"
    with TestClient(server.app, base_url="https://miz.test"):
        alone = server.app.state.push_writer.alone
        try:
            alone(devices[1], one_place(1, "lone", origin_office="C11"))
        except HTTPException as exc:
            assert exc.status_code == 401
        else:
            raise AssertionError("a revoked device's lone push was written")
    with server.sessions() as s:
        assert sorted(s.scalars(select(Place.code))) == ["r0", "r2"]


def test_a_record_outside_the_device_scope_is_refused_in_a_set_wise_group(server):
    """A C11 workstation's insert for office C12 (outside its scope) among new records of
    a set-wise group: refused as alone (scope), nothing of it written; the rest set-wise."""
    devices = _devices(server, 4)
    hold = _Hold()
    writer = _set_wise_writer(server, hold)
    calls = [(d, one_place(1, f"p{i}", origin_office="C11")) for i, d in enumerate(devices)]
    calls[2] = (devices[2], one_place(1, "outside", origin_office="C12"))
    answers = _run_together(writer, hold, calls)

    refused = answers[2].results[0]
    assert (refused.status, refused.problem, refused.field) == (
        "rejected",
        "scope",
        "origin_office",
    )
    assert [answers[i].results[0].status for i in (0, 1, 3)] == ["applied"] * 3
    assert writer.set_wise == 2
    with server.sessions() as s:
        assert sorted(s.scalars(select(Place.code))) == ["p0", "p1", "p3"]
