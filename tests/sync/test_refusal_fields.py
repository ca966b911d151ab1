"""What a database refusal tells the clerk (``central_server.push_rules.integrity_refusal``),
on SQLite and PostgreSQL: the column of the unique index a write broke — the code, not
the reference beside it in the index (an item's asset number within its place); no
column for a record's id (the clerk cannot change it); and the kind of refusal from
the database's own code, never from its message (PostgreSQL's quotes the row's values).
Found by the office model's backlog step (``test_sync_counters_model.py``): an item's
taken asset number was named ``Key (place_id`` on PostgreSQL and ``place_id`` on SQLite.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, insert
from sqlalchemy.exc import IntegrityError

from central_server.db import make_engine, migrate
from central_server.push_rules import integrity_refusal
from desktop_app.models import Equipment, Place, Workshop
from tests.sync.conftest import _empty_pg

PLACE, WORKSHOP = uuid.uuid4(), uuid.uuid4()
ITEM = {"workshop_id": WORKSHOP, "place_id": PLACE, "asset_number": "A-1"}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def server(request, tmp_path) -> Iterator[Engine]:
    """A server database holding a place (code 4100), its workshop and an item (A-1)."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'server.sqlite3'}")
        migrate(engine)
    else:
        url = request.getfixturevalue("pg_database_url")
        _empty_pg(url)
        engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(insert(Place.__table__).values(id=PLACE, code="4100", origin_office="2701"))
        conn.execute(
            insert(Workshop.__table__).values(id=WORKSHOP, place_id=PLACE, origin_office="2701")
        )
        conn.execute(
            insert(Equipment.__table__).values(id=uuid.uuid4(), origin_office="2701", **ITEM)
        )
    yield engine
    engine.dispose()


def _refused(engine: Engine, table, **values):
    with engine.connect() as conn, pytest.raises(IntegrityError) as caught:
        conn.execute(insert(table).values(**values))
    return integrity_refusal(caught.value)


def test_a_taken_asset_number_is_named_as_its_column(server):
    refusal = _refused(server, Equipment.__table__, id=uuid.uuid4(), origin_office="2701", **ITEM)
    assert (refusal.problem, refusal.field) == ("unique", "asset_number")
    assert refusal.reason == "a live record already has this asset_number"


def test_a_taken_code_is_named_as_its_column(server):
    refusal = _refused(server, Place.__table__, id=uuid.uuid4(), code="4100", origin_office="2701")
    assert (refusal.problem, refusal.field) == ("unique", "code")


def test_a_taken_record_id_names_no_column(server):
    refusal = _refused(server, Place.__table__, id=PLACE, code="4101", origin_office="2701")
    assert (refusal.problem, refusal.field) == ("unique", "")


def test_a_value_quoting_unique_does_not_make_a_refusal_unique(server):
    """A NOT NULL refusal whose row holds the word (PostgreSQL's DETAIL line quotes the
    row) is the database's, not a taken value."""
    refusal = _refused(
        server,
        Place.__table__,
        id=uuid.uuid4(),
        code="4102",
        address="UNIQUE constraint failed: places.code",
        name=None,
        origin_office="2701",
    )
    assert refusal.problem == "database", refusal
    assert refusal.field in ("", "name")
