"""The outbox: a change and its entry commit or roll back together; pulled rows make
no entry; a physical delete of a synced record is refused; every column type
round-trips through the wire form."""

from __future__ import annotations

import json
import uuid
from datetime import date

import pytest
from sqlalchemy import func, select

from desktop_app.models import Base, Place, SyncOutbox, Trainer
from desktop_app.sync import codec
from desktop_app.sync.client import SyncEngine
from desktop_app.sync.codec import decode_values, row_values
from desktop_app.sync.outbox import PhysicalDeleteError


def _entries(ctx) -> list[SyncOutbox]:
    with ctx.session() as s:
        return list(s.scalars(select(SyncOutbox).order_by(SyncOutbox.seq)))


def test_change_and_entry_commit_together_and_roll_back_together(ctx):
    with ctx.session() as s:
        place = Place(name="مرکز", code="1")
        s.add(place)
    with pytest.raises(RuntimeError), ctx.session() as s:
        s.get(Place, place.id).name = "تغییر"
        s.flush()
        raise RuntimeError("crash before commit")
    entries = _entries(ctx)
    assert [(e.seq, e.op) for e in entries] == [(1, "insert")]
    with ctx.session() as s:
        assert s.get(Place, place.id).name == "مرکز"
        s.get(Place, place.id).city = "گرگان"
    entries = _entries(ctx)
    assert [(e.op, e.base_version) for e in entries[1:]] == [("update", 1)]
    sent = json.loads(entries[1].fields)
    with ctx.session() as s:
        stamped = codec.encode(Place.__table__.c.updated_at, s.get(Place, place.id).updated_at)
    # the changed column, and what the save stamped (so the server's copy is this one)
    assert sent == {"city": "گرگان", "updated_at": stamped}
    assert json.loads(entries[0].fields)["name"] == "مرکز"


def test_sequence_is_never_reused_after_acknowledged_entries_leave(ctx):
    with ctx.session() as s:
        s.add(Place(name="a", code="1"))
    with ctx.session() as s:
        s.query(SyncOutbox).delete()
    with ctx.session() as s:
        s.add(Place(name="b", code="2"))
    assert [e.seq for e in _entries(ctx)] == [2]


def test_mutation_ids_are_distinct_uuids_in_the_order_they_were_made(ctx):
    """Version 7 layout (``outbox.new_mutation_id``): distinct, canonical UUIDs whose
    order is the order of their changes a millisecond apart — a batch's entries are
    neighbours in the outbox's index."""
    import time

    for i in range(3):
        with ctx.session() as s:
            s.add_all(Place(name=f"p{i}{j}", code=f"{i}{j}") for j in range(50))
        time.sleep(0.002)
    ids = [e.mutation_id for e in _entries(ctx)]
    assert len(set(ids)) == 150
    assert all(str(uuid.UUID(i)) == i and uuid.UUID(i).version == 7 for i in ids)
    assert [sorted(ids[k * 50 : k * 50 + 50]) for k in range(3)] == [
        sorted(ids)[k * 50 : k * 50 + 50] for k in range(3)
    ]


def test_pulled_rows_make_no_outbox_entry(ctx):
    engine = SyncEngine(ctx)
    pid = uuid.uuid4()
    with ctx.session() as s:
        engine._apply_rows(s, [("places", {"id": str(pid), "name": "از سرور", "version": 3})])
    assert _entries(ctx) == []
    with ctx.session() as s:
        assert s.get(Place, pid).version == 3


def test_physical_delete_of_a_synced_record_is_refused(ctx):
    with ctx.session() as s:
        place = Place(name="a", code="1")
        s.add(place)
    with pytest.raises(PhysicalDeleteError), ctx.session() as s:
        s.delete(s.get(Place, place.id))
    with ctx.session() as s:
        assert s.scalar(select(func.count()).select_from(Place)) == 1


def test_every_column_type_round_trips(ctx):
    with ctx.session() as s:
        trainer = Trainer(
            first_name="علی",
            birth_date=date(1990, 3, 21),
            photo=b"\xff\xd8\x00binary",
            occupation_groups=["برق", "جوش"],
            active=False,
            place_id=None,
        )
        s.add(trainer)
    table = Base.metadata.tables["trainers"]
    with ctx.engine.connect() as conn:
        row = conn.execute(select(table).where(table.c.id == trainer.id)).mappings().one()
    wire = json.loads(json.dumps(row_values(table, row)))
    back = decode_values(table, {**wire, "a_column_from_a_newer_app": 1})
    assert "a_column_from_a_newer_app" not in back
    for key in ("id", "birth_date", "photo", "occupation_groups", "active", "first_name"):
        assert back[key] == row[key]
    sent = json.loads(_entries(ctx)[0].fields)
    assert sent["photo"] == wire["photo"] and sent["active"] is False


def test_a_new_database_always_gets_its_outbox_even_at_a_reused_address(
    data_dir, template_database, monkeypatch
):
    """SQLAlchemy's ``event.contains`` keys listeners by ``id()`` of the factory's Session
    class: a new factory at the address of a collected one looked installed and queued
    nothing (a workstation whose saves never reached the server; seen in CI). The
    listeners are marked on the factory itself (``models.base.listen_once``)."""
    import shutil

    from sqlalchemy import event

    from desktop_app.services.core.context import AppContext

    monkeypatch.setattr(event, "contains", lambda *_args: True)  # every address "taken"
    shutil.copyfile(template_database, data_dir / template_database.name)
    ctx = AppContext.open(data_dir)
    try:
        with ctx.session() as s:
            s.add(Place(name="مرکز", code="1"))
        assert [e.table_name for e in _entries(ctx)] == ["places"]
        from desktop_app.sync.outbox import install_outbox

        install_outbox(ctx.session_factory)  # idempotent: still one entry per change
        with ctx.session() as s:
            s.add(Place(name="مرکز دو", code="2"))
        assert [e.table_name for e in _entries(ctx)] == ["places", "places"]
    finally:
        ctx.close()
