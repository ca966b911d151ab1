"""Stored results in runs (``central_server.stored_results``): a device's plain inserts
are stored as one ``applied_runs`` row, and every answer — a replay, a refusal cleared
by a later insert, another device's update of a run-inserted record, a poison row in
the middle of a run — is the one an ``applied_mutations`` row each gave. SQLite and
PostgreSQL."""

from __future__ import annotations

import uuid

import pytest
from fastapi import HTTPException
from sqlalchemy import func, select

from central_server import stored_results, sync_service
from central_server.models import AppliedMutation, AppliedRun, RecordChange
from desktop_app.sync.protocol import Mutation, MutationResult, PushRequest
from tests.sync.pushes import enrolled_device


def _push(server, device, mutations: list[Mutation]) -> list[MutationResult]:
    with server.sessions() as s, s.begin():
        return sync_service.push(s, device, PushRequest(mutations=mutations)).results


def _insert(seq: int, code: str, table: str = "places", **fields) -> Mutation:
    values = {"name": code, "code": code, "origin_office": "C11"} if table == "places" else {}
    return Mutation(
        mutation_id=uuid.uuid4(),
        seq=seq,
        table=table,
        record_id=fields.pop("record_id", None) or uuid.uuid4(),
        op="insert",
        fields={**values, **fields},
    )


def _update(seq: int, record: uuid.UUID, base_seq: int | None, **fields) -> Mutation:
    return Mutation(
        mutation_id=uuid.uuid4(),
        seq=seq,
        table="places",
        record_id=record,
        op="update",
        base_seq=base_seq,
        fields=fields,
    )


def _stored(server, device) -> tuple[int, int]:
    """(applied_mutations rows, applied_runs rows) of ``device``."""
    with server.sessions() as s:
        rows = s.scalar(
            select(func.count())
            .select_from(AppliedMutation)
            .where(AppliedMutation.device_uid == device.device_uid)
        )
        runs = s.scalar(
            select(func.count())
            .select_from(AppliedRun)
            .where(AppliedRun.device_uid == device.device_uid)
        )
    return rows or 0, runs or 0


def test_a_run_of_inserts_is_one_row_and_a_replay_answers_identically(server):
    device = enrolled_device(server, "C11")
    batch = [_insert(seq, f"r{seq}") for seq in range(1, 6)]
    first = _push(server, device, batch)
    assert [r.status for r in first] == ["applied"] * 5
    assert _stored(server, device) == (0, 1)
    assert _push(server, device, batch) == first  # the whole batch again
    assert _push(server, device, batch[2:4]) == first[2:4]  # a part of it
    with server.sessions() as s:
        assert stored_results.count(s, device.device_uid) == 5
        outcomes = stored_results.outcomes(s, device.device_uid)
    assert outcomes == {r.seq: (str(r.mutation_id), "applied", r.change_seq) for r in first}
    # the same answer, as JSON, as a stored row gives: what the workstation reads
    row_answer = MutationResult.model_validate_json(first[0].model_dump_json(exclude_defaults=True))
    assert row_answer == first[0]


def test_a_number_of_a_run_sent_with_another_id_is_refused(server):
    device = enrolled_device(server, "C11")
    _push(server, device, [_insert(1, "n1"), _insert(2, "n2")])
    with pytest.raises(HTTPException) as refused:
        _push(server, device, [_insert(2, "other")])
    assert refused.value.status_code == 409


def test_a_run_id_sent_with_another_used_number_gets_its_stored_answer(server):
    device = enrolled_device(server, "C11")
    batch = [_insert(1, "m1"), _insert(2, "m2"), _insert(3, "m3")]
    first = _push(server, device, batch)
    moved = batch[2].model_copy(update={"seq": 1})  # found by its id, as a row would be
    assert _push(server, device, [moved]) == [first[2]]


def test_a_poison_row_in_a_run_is_refused_alone_and_the_run_stored_around_it(server):
    other = enrolled_device(server, "C11")
    _push(server, other, [_insert(1, "p-taken")])
    device = enrolled_device(server, "C11")
    batch = [
        *(_insert(seq, f"p{seq}") for seq in range(1, 4)),
        _insert(4, "p-taken"),  # the database refuses it: a live place has the code
        *(_insert(seq, f"p{seq}") for seq in range(5, 8)),
    ]
    first = _push(server, device, batch)
    assert [r.status for r in first] == ["applied"] * 3 + ["rejected"] + ["applied"] * 3
    assert first[3].problem == "unique"
    assert _stored(server, device) == (1, 2)  # seqs 1-3 and 5-7; the refusal its own row
    assert _push(server, device, batch) == first
    numbers = [r.change_seq for r in first if r.change_seq is not None]
    assert numbers == sorted(numbers) and len(set(numbers)) == 6


def test_a_refused_insert_then_applied_in_a_run_no_longer_holds_its_children(server):
    device = enrolled_device(server, "C11")
    place = uuid.uuid4()
    bad = _insert(1, "x" * 30, record_id=place)  # longer than the column: refused
    assert _push(server, device, [bad])[0].status == "rejected"
    waiting = _insert(2, "", table="workshops", place_id=str(place), name="w1")
    answer = _push(server, device, [waiting])[0]
    assert (answer.status, answer.problem, answer.depends_on) == (
        "rejected",
        "depends",
        bad.mutation_id,
    )
    again = _insert(3, "fixed", record_id=place)
    assert _push(server, device, [again])[0].status == "applied"
    assert _stored(server, device) == (2, 1)  # the refusals rows, the insert in a run
    child = _insert(4, "", table="workshops", place_id=str(place), name="w2")
    edit = _update(5, place, None, city="ساری")
    assert [r.status for r in _push(server, device, [child, edit])] == ["applied", "applied"]


def _another_device_edits(server, tag: str) -> list[tuple]:
    """Device A inserts three places (a run); then another device of its office edits
    them with the base its pull gave it, with no base (a copied database), after A's
    own later edit; a third inserts one of them again. What each was answered."""
    a = enrolled_device(server, "C11")
    b = enrolled_device(server, "C11")
    c = enrolled_device(server, "C11")
    inserts = [_insert(seq, f"{tag}{seq}") for seq in range(1, 4)]
    one, two, three = (m.record_id for m in inserts)
    numbers = [r.change_seq for r in _push(server, a, inserts)]
    later = _push(server, a, [_update(4, three, numbers[2], city="گرگان")])[0].change_seq
    answers = _push(
        server,
        b,
        [
            _update(1, one, numbers[0], city="ساری"),  # based on the insert: applied
            _update(2, two, None, city="ساری"),  # no base: the insert counts
            _update(3, three, numbers[2], city="بابل"),  # A changed the city since
            _update(4, three, later, manager="رضایی"),  # based on A's edit: applied
        ],
    )
    answers += _push(server, c, [_insert(1, "again", record_id=two)])
    return [(r.status, r.conflict_fields, r.version, r.problem, r.ignored_fields) for r in answers]


def test_an_update_after_a_run_inserted_record_reads_what_a_row_gave(server, monkeypatch):
    """The proof that an insert stored in a run, whose fields are not stored, never
    changes another device's answer: the same edits, the insert stored as a row."""
    in_runs = _another_device_edits(server, "q")
    with monkeypatch.context() as m:
        m.setattr(stored_results, "plain_insert", lambda _m, _r: False)
        in_rows = _another_device_edits(server, "s")
    assert in_runs == in_rows
    assert [status for status, *_ in in_runs] == [
        "applied",
        "conflict",
        "conflict",
        "applied",
        "conflict",
    ]


def test_a_run_numbered_before_it_is_written_keeps_the_log_s_numbers(server):
    """A run's records are written with the numbers the push will give them (SQLite);
    when the push then changes a record of the run's first table, the second table's
    records move one number on and are stamped with it: every record's ``server_seq``
    is its change-log number and its answer's."""
    from desktop_app.models import Place, Workshop

    device = enrolled_device(server, "C11")
    existing = _insert(1, "e1")
    _push(server, device, [existing])
    batch = [
        _insert(2, "e2"),
        _insert(3, "", table="workshops", place_id=str(existing.record_id), name="w"),
        _update(4, existing.record_id, None, city="ساری"),
    ]
    answers = _push(server, device, batch)
    assert [r.status for r in answers] == ["applied"] * 3
    first = answers[0].change_seq
    # the log numbers a push's records table by table, in the order first touched
    assert [r.change_seq for r in answers] == [first, first + 2, first + 1]
    with server.sessions() as s:
        logged = dict(s.execute(select(RecordChange.record_id, RecordChange.seq)).all())
        for model, m, answer in zip((Place, Workshop, Place), batch, answers, strict=True):
            assert s.get(model, m.record_id).server_seq == answer.change_seq
            assert logged[str(m.record_id)] == answer.change_seq


def test_an_insert_that_is_not_plain_keeps_its_row_with_the_fields_it_set(server):
    """An insert with a column the server does not know is applied in the run but
    answered with what it ignored: stored as a row, with the fields the insert set
    (never the change-log number written with it)."""
    import json

    device = enrolled_device(server, "C11")
    odd = _insert(2, "o2", unknown_col=1)
    answers = _push(server, device, [_insert(1, "o1"), odd, _insert(3, "o3")])
    assert [r.ignored_fields for r in answers] == [[], ["unknown_col"], []]
    assert _stored(server, device) == (1, 2)
    with server.sessions() as s:
        fields = s.scalar(
            select(AppliedMutation.fields).where(
                AppliedMutation.mutation_id == str(odd.mutation_id)
            )
        )
    assert set(json.loads(fields)) == {"id", "name", "code", "origin_office", "version"}


def _numbered_as_logged(server, device, batch, answers) -> None:
    """Every record of ``batch``: its ``server_seq`` its change-log number and its answer's."""
    from desktop_app.models import Place

    assert [r.status for r in answers] == ["applied"] * len(batch)
    with server.sessions() as s:
        logged = dict(s.execute(select(RecordChange.record_id, RecordChange.seq)).all())
        for m, answer in zip(batch, answers, strict=True):
            assert s.get(Place, m.record_id).server_seq == answer.change_seq
            assert logged[str(m.record_id)] == answer.change_seq


def _stamps(server, calls: list[str]):
    """Record the statements that stamp ``server_seq`` (any, or in the numbering's one)."""
    from sqlalchemy import event

    def seen(_conn, _cursor, statement, *_args) -> None:
        if "SET server_seq" in statement:
            calls.append(statement)

    event.listen(server.engine, "before_cursor_execute", seen)
    return lambda: event.remove(server.engine, "before_cursor_execute", seen)


def test_a_long_run_is_written_with_its_numbers_on_both_databases(server):
    """A backlog's push (a run of ``GUESS_MIN`` inserts) alone: written with the
    numbers it is given (SQLite: exact; PostgreSQL: guessed without the change-log
    lock, right when no other push numbered meanwhile): no stamp follows."""
    from tests.sync.test_server_check_figures import assert_kept_equal_scan

    device = enrolled_device(server, "C11")
    batch = [_insert(seq, f"g{seq}") for seq in range(1, sync_service.GUESS_MIN + 1)]
    stamps: list[str] = []
    stop = _stamps(server, stamps)
    try:
        answers = _push(server, device, batch)
    finally:
        stop()
    _numbered_as_logged(server, device, batch, answers)
    assert stamps == []
    assert_kept_equal_scan(server)


@pytest.mark.postgres
def test_a_wrong_guess_is_stamped_over_before_the_commit(pg_server):
    """Another push numbered and committed between a run's guess and its numbering:
    the run's records are stamped with the numbers given under the change-log lock
    (after the other push's), and the check figures count those."""
    from tests.sync.test_server_check_figures import assert_kept_equal_scan

    device, other = enrolled_device(pg_server, "C11"), enrolled_device(pg_server, "C11")
    batch = [_insert(seq, f"w{seq}") for seq in range(1, sync_service.GUESS_MIN + 1)]
    stamps: list[str] = []
    with pg_server.sessions() as s, s.begin():
        judged = sync_service.judge_push(s, device, PushRequest(mutations=batch))
        guessed = dict(judged.job.written)
        early = _push(pg_server, other, [_insert(1, "early")])  # commits in between
        stop = _stamps(pg_server, stamps)
        try:
            answers = sync_service.finish_pushes(s.connection(), [judged])[0].results
        finally:
            stop()
    assert early[0].change_seq == min(guessed.values())  # it took the guessed first number
    assert [r.change_seq for r in answers] == [n + 1 for n in guessed.values()]
    assert len(stamps) == 1
    _numbered_as_logged(pg_server, device, batch, answers)
    assert_kept_equal_scan(pg_server)
