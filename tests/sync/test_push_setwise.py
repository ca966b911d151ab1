"""The push's quicker forms give what their one-at-a-time forms give (issue 22), on
SQLite and PostgreSQL: ``set_based.among`` over many values (sent as one text
parameter) finds exactly the rows ``IN`` finds, hostile texts among them; an array's
text carries each value as it is; ``bulk``'s text of a moment is SQLAlchemy's; the
references of a run of inserts to merged-away records are read for the run at once
and decided as record by record; a run of a table only scope refuses is judged as
with every rule asked."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Column, MetaData, String, Table, Uuid, create_engine, select

from central_server import admin, merges, participation_account, sync_service
from central_server.authority import OWN_RULES, Authority
from central_server.set_based import MANY, _array_text_each, among, array_text
from desktop_app.models import Base, synced_models
from desktop_app.sync.bulk import bind_processors
from desktop_app.sync.protocol import Mutation, PushRequest
from tests.sync.pushes import enrolled_device
from tests.sync.test_push_columns import _hostile_push, _outcomes, _parents_on_server, _written

#: Texts an array's or a JSON's text must carry as they are.
HOSTILE = ["a,b", 'x"y', "back\\slash", "{brace}", "NULL", "null", " sp ", "", "فارسی", "'q'"]


def test_among_many_values_finds_what_in_finds(server):
    meta = MetaData()
    table = Table(
        "among_probe", meta, Column("id", Uuid, primary_key=True), Column("name", String(40))
    )
    ids = [uuid.uuid4() for _ in range(3 * MANY)]
    names = [*HOSTILE, *(f"n{i}" for i in range(3 * MANY - len(HOSTILE)))]
    meta.create_all(server.engine)
    try:
        with server.engine.begin() as conn:
            conn.execute(
                table.insert(), [{"id": i, "name": n} for i, n in zip(ids, names, strict=True)]
            )
            wanted_ids = [*ids[::2], *(uuid.uuid4() for _ in range(MANY))]  # some unknown
            wanted_names = [*HOSTILE, *names[1::3], "a", "b", '"', "\\"]
            for column, wanted in ((table.c.id, wanted_ids), (table.c.name, wanted_names)):
                assert len(wanted) >= MANY
                got = set(conn.scalars(select(table.c.id).where(among(conn, column, wanted))))
                expected = set(conn.scalars(select(table.c.id).where(column.in_(wanted))))
                assert got == expected and len(got) > MANY // 2
    finally:
        meta.drop_all(server.engine)


def test_array_text_covers_texts_integers_uuids_and_none_only():
    rid = uuid.uuid4()
    assert array_text(["a,b", 'x"y', "b\\s", 7, rid, None]) == (
        f'{{"a,b","x\\"y","b\\\\s",7,{rid},NULL}}'
    )
    assert array_text([1.5]) is None and array_text([True]) is None and array_text([]) == "{}"


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.lists(st.text()),
        st.lists(st.text(alphabet=st.characters(exclude_characters='"\\'))),
        st.lists(st.integers()),
        st.lists(st.uuids()),
        st.lists(st.one_of(st.none(), st.text(), st.integers(), st.uuids(), st.booleans())),
    )
)
def test_array_text_joined_at_once_is_the_text_of_one_value_at_a_time(values):
    assert array_text(values) == _array_text_each(values)


def test_an_array_text_reads_back_as_its_values_on_postgresql(server):
    """Texts without quotes or backslashes (joined at once), integers, UUIDs and the
    hostile texts: PostgreSQL reads each array's text back as the values."""
    from sqlalchemy import text

    if server.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's reading of an array's text")
    plain = [h for h in HOSTILE if '"' not in h and "\\" not in h] + ["x" * 300, "سلام،\tدنیا"]
    cases = [(plain, "varchar"), (HOSTILE, "varchar"), ([0, -(2**63), 2**63 - 1], "bigint")]
    cases.append(([uuid.uuid4() for _ in range(5)], "uuid"))
    with server.engine.connect() as conn:
        for values, kind in cases:
            read = conn.execute(
                text(f"SELECT CAST(:a AS {kind}[])"), {"a": array_text(values)}
            ).scalar_one()
            assert read == values, kind


def test_sqlite_moment_text_is_sqlalchemys():
    """``bulk``'s quick text of a moment for SQLite equals SQLAlchemy's own."""
    dialect = create_engine("sqlite://").dialect
    table = Base.metadata.tables["places"]
    (quick,) = bind_processors(table, ["created_at"], dialect)
    slow = table.c.created_at.type._cached_bind_processor(dialect)
    assert quick is not slow
    tehran = timezone(timedelta(hours=3, minutes=30))
    moments = [
        datetime(1, 1, 1),
        datetime(999, 12, 31, 23, 59, 59),
        datetime(2024, 2, 29, tzinfo=UTC),
        datetime(2024, 1, 2, 3, 4, 5, 6, tzinfo=UTC),
        datetime(2024, 1, 2, 3, 4, 5, 999999),
        datetime(2024, 1, 2, 3, 4, 5, 6, tzinfo=tehran),  # the slow way: its wall time
        date(2024, 3, 20),
    ]
    assert [quick(m) for m in moments] == [slow(m) for m in moments]


# -- references to merged-away records: read for a run, decided as record by record ----

_STAMP = "2026-01-01T00:00:00+00:00"


def _insert(seq: int, table: str, record: uuid.UUID, **fields: Any) -> Mutation:
    return Mutation(
        mutation_id=uuid.uuid4(), seq=seq, table=table, record_id=record, op="insert",
        fields={"created_at": _STAMP, "updated_at": _STAMP, **fields},
    )  # fmt: skip


def _trainee(seq: int, record: uuid.UUID, office: str, **fields: Any) -> Mutation:
    return _insert(seq, "trainees", record, first_name="زهرا", last_name="احمدی",
                   origin_office=office, **fields)  # fmt: skip


def test_references_to_merged_away_records_are_judged_as_record_by_record(server, monkeypatch):
    """A run of counselling sessions pointing at a trainee, at one merged into it
        before the push, at one the push itself merges into it first, at an unknown one,
        one of another province and a tombstone (and a tombstone session pointing at the
    trainee merged in the push): the same answers and rows when each
        reference is asked record by record (``merges.winner_of``) as when the run's
        references are read at once (``merges.Losers``); a reference no merge names is not asked."""
    winner, loser, other, dead = (uuid.uuid4() for _ in range(4))
    for office, trainee in (
        ("C11", _trainee(1, winner, "C11", national_code="0012345679")),
        ("C11", _trainee(1, loser, "C11", national_code="0012345679")),  # merged into winner
        ("C21", _trainee(1, other, "C21", national_code="2220458717")),
        ("C11", _trainee(1, dead, "C11", deleted_at=_STAMP)),
    ):
        with server.sessions() as s, s.begin():
            device = enrolled_device(server, office, f"setup {trainee.record_id}")
            sync_service.push(s, device, PushRequest(mutations=[trainee]))
    device = enrolled_device(server, "C11")
    merged_now = uuid.uuid4()
    parents = [winner, loser, merged_now, uuid.uuid4(), other, dead, winner, None, loser]
    parents.append(merged_now)  # a tombstone: no parent rule stops it, only the merge
    mutations = [_trainee(1, merged_now, "C11", national_code="0012345679")] + [
        _insert(2 + i, "counseling_sessions", uuid.uuid4(), applicant_name=f"م {i}",
                trainee_id=None if p is None else str(p), origin_office="C11",
                deleted_at=_STAMP if i == 9 else None)
        for i, p in enumerate(parents)
    ]  # fmt: skip
    judged = []
    winner_of = merges.winner_of
    for read_ahead in (False, True):
        asked: list[uuid.UUID] = []

        def spy(session: Any, table_name: str, record_id: uuid.UUID, asked=asked) -> Any:
            asked.append(record_id)
            return winner_of(session, table_name, record_id)

        with monkeypatch.context() as patch:
            patch.setattr(merges, "winner_of", spy)
            if not read_ahead:
                patch.setattr(merges.Losers, "merged_away", lambda *_a: None)
            with server.sessions() as s:
                s.begin()
                answer = sync_service.push(s, device, PushRequest(mutations=mutations))
                table = Base.metadata.tables["counseling_sessions"]
                rows = s.execute(
                    select(table.c.applicant_name, table.c.trainee_id, table.c.version)
                ).all()
                s.rollback()
        outcomes = [r.model_dump(exclude={"change_seq"}) for r in answer.results]
        judged.append((outcomes, sorted(rows, key=str), asked))
    (old, old_rows, old_asked), (new, new_rows, new_asked) = judged
    assert new == old and new_rows == old_rows
    assert old[0]["status"] == "merged"  # the push's own trainee merged into the winner
    problems = {r["problem"] for r in new[1:]}
    assert {"forbidden", "missing_parent", "parent_deleted"} <= problems
    redirected = {name for name, trainee_id, _v in new_rows if trainee_id == winner}
    assert redirected == {"م 0", "م 1", "م 2", "م 6", "م 8", "م 9"}  # loser, merged_now too
    # record by record every reference was asked; read ahead, not one to a record no
    # merge names (those judged alone, refused or redirected, are asked by ``apply``)
    assert old_asked.count(winner) == 2 and winner not in new_asked
    assert {loser, merged_now} <= set(new_asked)


# -- tables whose new records only their scope refuses: not asked record by record -----


def test_a_run_of_plain_tables_is_judged_as_with_every_rule_asked(server, monkeypatch):
    """The hostile push of ``test_push_columns`` (places: scope, unique, bad values;
    workshops: missing, refused, other office's and tombstoned parents) gets the same
    answers and rows when every insert is asked every rule (``_Push.plain`` False)."""
    _parents_on_server(server)
    device = enrolled_device(server, "C11")
    mutations = _hostile_push()
    judged = []
    refusal = Authority.refusal
    for shortcut in (False, True):
        asked: list[str] = []

        def spy(self: Authority, table: str, *args: Any, asked=asked) -> Any:
            asked.append(table)
            return refusal(self, table, *args)

        with monkeypatch.context() as patch:
            patch.setattr(Authority, "refusal", spy)
            if not shortcut:
                patch.setattr(sync_service._Push, "plain", lambda _self, _table: False)
            with server.sessions() as s:
                s.begin()
                answer = sync_service.push(s, device, PushRequest(mutations=mutations))
                judged.append((_outcomes(answer.results), _written(s), asked))
                s.rollback()
    (old, old_rows, old_asked), (new, new_rows, new_asked) = judged
    assert new == old and new_rows == old_rows
    assert {r["problem"] for r in new} >= {"scope", "unique", "forbidden", "missing_parent"}
    # every place was asked before; now only those judged alone (refused) by ``apply``
    assert old_asked.count("places") > new_asked.count("places")
    assert new_asked.count("workshops") == old_asked.count("workshops")


def test_the_authority_refuses_no_new_record_of_a_plain_table():
    """``Authority.may_refuse_new`` is False only for tables ``refusal`` says nothing
    of, for a new record naming no record, whatever its values: another office's
    origin, serial, state. It is True exactly for the tables of the rules ``refusal``
    dispatches through (a gift is judged only when it changes; a reference is not a
    rule of its own: ``_Push.plain`` never asks for a table with references)."""
    tree = admin.OfficeTree(
        {
            "HQ": "headquarters",
            "P1": "province",
            "P2": "province",
            "C11": "center",
            "C21": "center",
        },
        {"HQ": None, "P1": "HQ", "C11": "P1", "C21": "P2", "P2": "HQ"},
    )
    authority = Authority(None, "C11", 1, tree)  # type: ignore[arg-type]
    hostile = {"origin_office": "C21", "serial": "C21-000001", "code_office": "C21",
               "state": "nowhere", "action": "x", "amount": -5, "deleted_at": None}  # fmt: skip
    names = {model.__tablename__ for model in synced_models()}
    refusing = {name for name in names if authority.may_refuse_new(name)}
    assert refusing == set(OWN_RULES) | set(participation_account.NEW_RECORD_RULES)
    assert "gifts" not in refusing and "enrollments" not in refusing
    for name in names - refusing:  # a table the shortcut skips, when it has no references
        assert authority.refusal(name, None, hostile) is None


def test_sqlite_moments_from_the_wire_text_are_sqlalchemys():
    """A run's moments written for SQLite from their wire text (``columns.sqlite_moments``,
    the server's columnar insert) are the text SQLAlchemy writes for the decoded moment;
    a value not in the canonical wire form leaves the column to the bind processing."""
    from desktop_app.sync.codec import decode_checked
    from desktop_app.sync.columns import sqlite_moments

    dialect = create_engine("sqlite://").dialect
    column = Base.metadata.tables["places"].c.created_at
    slow = column.type._cached_bind_processor(dialect)
    wire = [
        "2024-01-02T03:04:05.000006+00:00",
        "2024-02-29T00:00:00+00:00",
        None,
        "0001-01-01T00:00:00.999999+00:00",
        "2026-12-07T23:59:59+00:00",
    ]
    expected = [None if w is None else slow(decode_checked(column, w)) for w in wire]
    assert sqlite_moments(wire) == expected
    assert sqlite_moments([w for w in wire if w]) == [e for e in expected if e]
    two = "2024-01-02T03:04:05+00:00\n2024-01-03T03:04:05+00:00"  # two moments in one value
    for odd in (
        "2024-01-02T03:04:05+03:30",
        "2024-01-02 03:04:05",
        "2024-01-02T03:04:05Z",
        "2024-12-31T24:00:00+00:00",  # a newer Python reads it as the next midnight
        two,
        7,
    ):
        assert sqlite_moments([wire[0], odd]) is None
    assert sqlite_moments([None]) is None
