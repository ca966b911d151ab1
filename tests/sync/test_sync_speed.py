"""Issue 22 (sync part): the short paths taken for speed give exactly the answers of
the long ones they stand in for."""

from __future__ import annotations

import functools
import uuid

import pytest

from desktop_app.models import FieldRuleError, synced_models
from desktop_app.sync import codec

#: Wire values of every kind, well-formed and not (each column sees all of them).
SAMPLES = [
    None,
    True,
    False,
    0,
    1,
    -1,
    2**15,
    2**31,
    2**63,
    3.5,
    float("nan"),
    "",
    "abc",
    "x" * 300,
    "a\x00b",
    "\ud800",
    "سلام",
    "12",
    "1.5",
    "AAAA",
    "pending",
    "confirmed",
    str(uuid.uuid4()),
    "{12345678-1234-5678-1234-567812345678}",
    "2024-01-02",
    "2024-01-02T03:04:05+03:30",
    "2024-01-02T03:04:05",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-12:00",
    "not-a-date",
    [1],
    {"a": 1},
]


def _outcome(call, value):
    try:
        return ("ok", call(value))
    except FieldRuleError as exc:
        return ("refused", exc.field, exc.detail, exc.message)


@pytest.mark.parametrize("model", synced_models(), ids=lambda m: m.__tablename__)
def test_the_compiled_check_of_every_column_answers_as_decode_checked(model):
    for column in model.__table__.columns:
        compiled = codec._checked_decoder(column)
        for value in SAMPLES:
            slow = _outcome(functools.partial(codec.decode_checked, column), value)
            assert _outcome(compiled, value) == slow, (column.name, value)


def test_decode_values_checked_refuses_the_first_bad_column_and_drops_unknown_ones():
    from desktop_app.models import Base

    places = Base.metadata.tables["places"]
    values = {"name": "مرکز", "code": "c1", "unknown_column": 5, "version": 1}
    assert codec.decode_values_checked(places, values) == {
        "name": "مرکز",
        "code": "c1",
        "version": 1,
    }
    with pytest.raises(FieldRuleError) as refused:
        codec.decode_values_checked(places, {"name": "x" * 5000})
    assert refused.value.field == "name"
    with pytest.raises(FieldRuleError):
        codec.decode_values_checked(places, {"version": "1"})


def test_row_values_keeps_the_wire_form_of_every_type():
    from datetime import UTC, date, datetime
    from decimal import Decimal

    from sqlalchemy import Column, Date, DateTime, Integer, MetaData, Numeric, String, Table, Uuid

    table = Table(
        "t",
        MetaData(),
        Column("id", Uuid, primary_key=True),
        Column("s", String(5)),
        Column("n", Integer),
        Column("d", Date),
        Column("ts", DateTime),
        Column("m", Numeric),
    )
    rid = uuid.uuid4()
    row = {
        "id": rid,
        "s": "ab",
        "n": 3,
        "d": date(2024, 1, 2),
        "ts": datetime(2024, 1, 2, 3, 4, 5),
        "m": Decimal("1.50"),
    }
    assert codec.row_values(table, row) == {
        "id": str(rid),
        "s": "ab",
        "n": 3,
        "d": "2024-01-02",
        "ts": datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC).isoformat(),
        "m": "1.50",
    }
