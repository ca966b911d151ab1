"""The server's push decodes a run of inserts a column at a time
(``sync.columns.decode_rows_checked``, ``_Push.decode_inserts``): differential tests
against the per-value path (``codec.decode_values_checked``, each insert judged as
before) on hostile values — the same decoded values, the same answers (status,
problem, field, reason), the same rows written; on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Double,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    SmallInteger,
    String,
    Table,
    Text,
    Uuid,
    select,
)

from central_server import group_judge, sync_service
from desktop_app.models import Base, FieldRuleError
from desktop_app.sync.codec import decode_values_checked
from desktop_app.sync.columns import decode_rows_checked
from desktop_app.sync.protocol import Mutation, PushRequest
from tests.sync.pushes import enrolled_device

#: One column of each kind the codec knows (``choices``, lengths, nullability).
KINDS = Table(
    "column_kinds",
    MetaData(),
    Column("id", Uuid, primary_key=True),
    Column("flag", Boolean, nullable=False),
    Column("small", SmallInteger),
    Column("count", Integer, nullable=False),
    Column("big", BigInteger),
    Column("kind", String(12), info={"choices": ("center", "institute")}),
    Column("name", String(20), nullable=False),
    Column("note", Text),
    Column("day", Date),
    Column("at", DateTime(timezone=True)),
    Column("amount", Numeric(12, 2)),
    Column("score", Double),
    Column("extra", JSON),
    Column("photo", LargeBinary),
)


def _row(i: int) -> dict[str, Any]:
    """A well-formed row of ``KINDS`` in wire form."""
    return {
        "id": str(uuid.UUID(int=i + 1)),
        "flag": i % 2 == 0,
        "small": i,
        "count": -i,
        "big": 2**40 + i,
        "kind": "center" if i % 2 else "institute",
        "name": f"نام {i}",
        "note": "یادداشت\nدو خط" if i % 3 else None,
        "day": f"2026-01-{i % 28 + 1:02d}",
        "at": f"2026-01-01T10:00:{i % 60:02d}.{i:06d}+00:00" if i % 4 else None,
        "amount": "12.50",
        "score": 1.5,
        "extra": {"a": [1, 2]},
        "photo": "AAEC",
    }


#: Hostile wire values by column (each also a value some other row's column holds well).
HOSTILE: list[tuple[str, Any]] = [
    ("id", "NOT-A-UUID"),
    ("id", "0000000000000000000000000000000A"),  # a UUID without dashes, upper case
    ("id", str(uuid.UUID(int=7)).upper()),
    ("id", None),  # the primary key may be None (the server sets it from record_id)
    ("flag", 1),
    ("flag", "true"),
    ("flag", None),  # not nullable
    ("small", 2**15),
    ("small", True),
    ("count", 2**31),
    ("count", -(2**31) - 1),
    ("count", 1.0),  # a float where an integer goes
    ("count", "3"),
    ("big", 2**63),  # beyond BIGINT
    ("big", 2**70),
    ("kind", "mobile_unit"),  # not one of its choices
    ("kind", 7),
    ("name", "a\x00b"),  # NUL
    ("name", "\ud800"),  # a lone surrogate
    ("name", "م" * 21),  # longer than its column
    ("name", ["a"]),
    ("name", None),  # not nullable
    ("name", ""),
    ("note", "x" * 100_001),
    ("note", "line\nbreak\n"),
    ("day", "1403-13-45"),
    ("day", "2026-02-30"),
    ("day", 20240101),
    ("day", "2026-01-01\n2026-01-02"),
    ("day", "2026-01-01T00:00:00+00:00"),
    ("at", "yesterday"),
    ("at", "2026-01-01T00:00:00"),  # naive: taken as UTC by the codec
    ("at", "2026-01-01T03:30:00+03:30"),  # another offset: converted by the codec
    ("at", "2026-01-01 00:00:00+00:00"),
    ("at", "2026-02-30T00:00:00+00:00"),
    ("at", "2026-01-01T24:00:00+00:00"),
    ("amount", "NaN"),
    ("amount", 1.5),
    ("score", float("inf")),
    ("score", "1.5"),
    ("extra", {"a": "\x00"}),
    ("photo", "not base64!"),
    ("unknown_column", "ignored"),
]


def _same(new: dict[str, Any], old: dict[str, Any]) -> None:
    assert new == old
    for key, value in old.items():
        assert type(new[key]) is type(value), key
        assert getattr(new[key], "tzinfo", None) is getattr(value, "tzinfo", None), key


def _per_value(table: Table, row: dict[str, Any]) -> dict[str, Any] | FieldRuleError:
    try:
        return decode_values_checked(table, row)
    except FieldRuleError as exc:
        return exc


def _differ_on(
    table: Table, rows: list[dict[str, Any]], drop: tuple[str, ...] = ()
) -> list[dict[str, Any] | None]:
    """``decode_rows_checked`` of ``rows``, asserted to agree with the per-value path:
    a row it decodes is decoded the same way and refused by neither (the columns
    in ``drop`` checked, left out)."""
    decoded = decode_rows_checked(table, rows, drop)
    assert len(decoded) == len(rows)
    for new, row in zip(decoded, rows, strict=True):
        old = _per_value(table, row)
        if new is not None:
            assert not isinstance(old, FieldRuleError), (row, old)
            _same(new, {k: v for k, v in old.items() if k not in drop})
    return decoded


def test_well_formed_rows_are_decoded_a_column_at_a_time_as_the_codec_does():
    rows = [_row(i) for i in range(40)]
    decoded = _differ_on(KINDS, rows)
    assert None not in decoded  # nothing doubted: the column-wise path took them all
    assert decoded[5]["at"] == datetime(2026, 1, 1, 10, 0, 5, 5, tzinfo=UTC)
    assert decoded[5]["day"] == date(2026, 1, 6)
    assert decoded[5]["id"] == uuid.UUID(int=6)


@pytest.mark.parametrize("drop", [(), ("id", "count", "name")], ids=["all", "some-only-checked"])
@pytest.mark.parametrize(("field", "value"), HOSTILE, ids=[f"{f}={v!r:.20}" for f, v in HOSTILE])
def test_a_hostile_value_is_doubted_or_decoded_as_the_codec_decodes_it(field, value, drop):
    rows = [_row(i) for i in range(12)]
    for i in (0, 5, 11):  # the first value (compared with the codec's), one inside, the last
        rows[i] = {**rows[i], field: value}
    if field not in KINDS.c:
        rows = [{**row, field: value} for row in rows]
    decoded = _differ_on(KINDS, rows, drop)
    # the rows around it keep the fast path's values
    assert all(decoded[i] is not None for i in (1, 2, 3, 4, 6, 7, 8, 9, 10))
    for i in (0, 5, 11):
        if isinstance(_per_value(KINDS, rows[i]), FieldRuleError):
            assert decoded[i] is None


def test_every_hostile_value_at_once_agrees_with_the_codec():
    rows = [_row(i) for i in range(len(HOSTILE) + 5)]
    for i, (field, value) in enumerate(HOSTILE):
        if field in KINDS.c:
            rows[i] = {**rows[i], field: value}
    _differ_on(KINDS, rows)


def test_the_synced_tables_decode_as_the_codec_does():
    places = Base.metadata.tables["places"]
    rows = [_place_fields(i) for i in range(20)]
    rows[3]["licence_expiry"] = "2026-13-01"
    decoded = _differ_on(places, rows)
    assert [i for i, d in enumerate(decoded) if d is None] == [3]


# -- the push: old (per value) and new (a column at a time) judge alike ----------------


def _place_fields(i: int, **kw: Any) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "kind": "center",
        "province": "گلستان",
        "city": "گرگان",
        "name": f"مرکز {i}",
        "name_sort": f"مرکز {i}",
        "code": f"d{i}",
        "address": "",
        "postal_code": "",
        "phone": "",
        "manager": "",
        "licence_number": "",
        "licence_expiry": "2027-01-01",
        "search_text": "",
        "origin_office": "C11",
        "created_at": "2026-01-01T00:00:00.000001+00:00",
        "updated_at": "2026-01-01T00:00:00+00:00",
        "deleted_at": None,
        **kw,
    }


#: Hostile values of a pushed place (each refused by the per-value path, or taken).
PLACE_HOSTILE: list[dict[str, Any]] = [
    {"name": "a\x00b"},
    {"name": "\ud800"},
    {"name": "م" * 201},
    {"name": 7},
    {"kind": "mobile_unit"},
    {"licence_expiry": "1403-13-45"},
    {"licence_expiry": 20240101},
    {"deleted_at": "yesterday"},
    {"created_at": "2026-01-01T00:00:00"},  # naive: taken as UTC
    {"updated_at": "2026-01-01T03:30:00+03:30"},  # converted to UTC
    {"server_seq": 2**70},  # server-owned, still checked
    {"server_seq": 1.5},
    {"version": "x"},
    {"id": "not-a-uuid"},
    {"origin_office": "C21"},  # another office: outside this device's scope
    {"origin_office": "C12"},  # a sibling office: outside too
    {"code": "d0"},  # the code of another record of the push: unique
    {"name": None},  # not nullable
]


def _mutations(seq: int, fields: list[dict[str, Any]], table: str = "places") -> list[Mutation]:
    return [
        Mutation(
            mutation_id=uuid.uuid4(),
            seq=seq + i,
            table=table,
            record_id=uuid.uuid4(),
            op="insert",
            fields=f,
        )
        for i, f in enumerate(fields)
    ]


def _hostile_push() -> list[Mutation]:
    """Runs of places (one with an unknown column), hostile ones among them, and of
    workshops whose parent is missing, refused before, or of another office."""
    places = [_place_fields(i) for i in range(30)]
    for i, bad in enumerate(PLACE_HOSTILE):
        places[1 + i] = {**places[1 + i], **bad}
    places += [_place_fields(100 + i, colour="blue") for i in range(3)]  # unknown column
    mutations = _mutations(1, places)
    refused = mutations[5].record_id  # a place this push's own insert refused (NUL name)
    unknown, other_office = uuid.uuid4(), _OTHER_PLACE
    workshops = [
        _workshop(i, place)
        for i, place in enumerate(
            [
                mutations[0].record_id,
                unknown,
                refused,
                other_office,
                _TOMBSTONED_PLACE,
                mutations[0].record_id,
            ]
        )
    ]
    return mutations + _mutations(len(mutations) + 1, workshops, "workshops")


_OTHER_PLACE = uuid.UUID(int=0xC21)
_TOMBSTONED_PLACE = uuid.UUID(int=0xDEAD)
_LIVE_PLACE = uuid.UUID(int=0x11FE)
_STAMP = "2026-01-01T00:00:00+00:00"


def _workshop(i: int, place: uuid.UUID) -> dict[str, Any]:
    return {
        "name": f"کارگاه {i}",
        "place_id": str(place),
        "origin_office": "C11",
        "created_at": "2026-01-02T00:00:00+00:00",
        "updated_at": "2026-01-02T00:00:00+00:00",
    }


def _outcomes(results: list[Any]) -> list[dict[str, Any]]:
    return [r.model_dump(exclude={"change_seq"}) for r in results]


def _written(session) -> list[tuple[Any, ...]]:
    out = []
    for name in ("places", "workshops"):
        table = Base.metadata.tables[name]
        rows = session.execute(select(table).order_by(table.c.id)).all()
        out += [tuple(v for k, v in r._mapping.items() if k != "server_seq") for r in rows]
    return out


def _judged(server, device, mutations, per_value: bool, monkeypatch) -> tuple[list, list]:
    """The push's answers and the rows written, judged per value or a column at a
    time; rolled back."""
    decoded: list[int] = []
    column_wise = sync_service._Push.decode_inserts

    def spy(job: Any, mutations: list[Mutation]) -> None:
        if not per_value:
            column_wise(job, mutations)
        decoded.append(len(job.decoded))

    with monkeypatch.context() as patch:
        patch.setattr(sync_service._Push, "decode_inserts", spy)
        with server.sessions() as s:
            s.begin()
            answer = sync_service.push(s, device, PushRequest(mutations=mutations))
            written = _written(s)
            s.rollback()
    assert bool(sum(decoded)) is not per_value  # the column-wise path did decode most
    return _outcomes(answer.results), written


def _parents_on_server(server) -> None:
    """A place of another office and a tombstoned place of this one."""
    for office, record, fields in (
        ("C21", _OTHER_PLACE, _place_fields(999, code="other", origin_office="C21")),
        ("C11", _TOMBSTONED_PLACE, _place_fields(998, code="gone", deleted_at=_STAMP)),
        ("C11", _LIVE_PLACE, _place_fields(997, code="live")),
    ):
        with server.sessions() as s, s.begin():
            request = PushRequest(mutations=_mutations(1, [fields]))
            request.mutations[0].record_id = record
            device = enrolled_device(server, office, f"setup {office}")
            assert sync_service.push(s, device, request).results[0].status == "applied"


def test_a_hostile_push_is_judged_alike_per_value_and_column_wise(server, monkeypatch):
    _parents_on_server(server)
    device = enrolled_device(server, "C11")
    mutations = _hostile_push()
    old, old_rows = _judged(server, device, mutations, True, monkeypatch)
    new, new_rows = _judged(server, device, mutations, False, monkeypatch)
    assert new == old
    assert new_rows == old_rows
    statuses = {r["status"] for r in new}
    assert statuses == {"applied", "rejected"}  # both kinds of answer were compared
    problems = {r["problem"] for r in new}
    assert {
        "invalid_value",
        "scope",
        "unique",
        "missing_parent",
        "depends",
        "forbidden",
        "parent_deleted",
    } <= problems


def test_a_group_of_pushes_is_judged_alike_per_value_and_column_wise(server, monkeypatch):
    """The group commit's set-wise path (``group_judge``): a push with a hostile insert
    is left to ``judge_push`` alike; the others are written alike."""
    _parents_on_server(server)
    devices = [enrolled_device(server, "C11", f"g{i}") for i in range(7)]
    pushes = []
    for i, device in enumerate(devices[:4]):
        fields = [_place_fields(10 * i + j) for j in range(6)]
        if i % 2:
            fields[3] = {**fields[3], **PLACE_HOSTILE[i]}
        pushes.append((device, PushRequest(mutations=_mutations(1, fields))))
    for device, parent in zip(
        devices[4:], (_LIVE_PLACE, _OTHER_PLACE, _TOMBSTONED_PLACE), strict=True
    ):
        workshops = [_workshop(i, parent) for i in range(3)]
        pushes.append((device, PushRequest(mutations=_mutations(1, workshops, "workshops"))))
    outcomes = []
    for per_value in (True, False):
        with monkeypatch.context() as patch:
            if per_value:
                patch.setattr(sync_service._Push, "decode_inserts", lambda self, mutations: None)
            with server.sessions() as s:
                s.begin()
                judged = group_judge.judge_together(s, pushes)
                outcomes.append(
                    (
                        [None if j is None else _outcomes(j.response.results) for j in judged],
                        _written(s),
                    )
                )
                s.rollback()
    assert outcomes[0] == outcomes[1]
    assert [j is None for j in outcomes[1][0]] == [False, True, False, True, False, True, True]
