"""Two workstations and a server: offline edits on both converge; different fields
merge; the same field becomes a conflict with both versions kept; tombstones travel."""

from __future__ import annotations

import json

from sqlalchemy import select

from desktop_app.models import Place, SyncConflict, SyncOutbox, Workshop


def _place(ctx, **values):
    with ctx.session() as s:
        place = Place(origin_office="", **values)
        s.add(place)
    return place.id


def _edit(ctx, place_id, **values):
    with ctx.session() as s:
        place = s.get(Place, place_id)
        for k, v in values.items():
            setattr(place, k, v)


def _get(ctx, place_id):
    with ctx.session() as s:
        return s.get(Place, place_id)


def test_two_workstations_converge_and_merge_different_fields(server):
    a, sync_a, _ = server.workstation("a", "C11")
    b, sync_b, _ = server.workstation("b", "C11")
    pid = _place(a, name="مرکز یک", code="101", city="گرگان")
    with a.session() as s:
        s.add(Workshop(place_id=pid, name="جوشکاری"))
    assert sync_a.run().pushed == 2
    assert sync_b.run().pulled == 2
    assert _get(b, pid).name == "مرکز یک"
    # offline on both: different fields
    _edit(a, pid, name="مرکز شماره یک")
    _edit(b, pid, city="گنبد")
    sync_a.run()
    report = sync_b.run()
    assert report.conflicts == 0
    sync_a.run()
    for ctx in (a, b):
        place = _get(ctx, pid)
        assert (place.name, place.city) == ("مرکز شماره یک", "گنبد")
        with ctx.session() as s:
            assert s.scalar(select(SyncOutbox).limit(1)) is None
    assert _get(a, pid).version == _get(b, pid).version


def test_same_field_edit_is_a_conflict_with_both_versions(server):
    a, sync_a, _ = server.workstation("a", "C11")
    b, sync_b, _ = server.workstation("b", "C11")
    pid = _place(a, name="مرکز", code="102")
    sync_a.run()
    sync_b.run()
    _edit(a, pid, name="نام الف")
    _edit(b, pid, name="نام ب")
    sync_a.run()
    assert sync_b.run().conflicts == 1
    # the server kept A's; B shows the server's and keeps its own in the conflict row
    assert _get(b, pid).name == "نام الف"
    with b.session() as s:
        conflict = s.scalar(select(SyncConflict))
        assert conflict.kind == "conflict"
        assert json.loads(conflict.fields) == ["name"]
        assert json.loads(conflict.local_values)["name"] == "نام ب"
        assert json.loads(conflict.server_values)["name"] == "نام الف"
    sync_a.run()
    assert _get(a, pid).name == "نام الف"


def test_tombstone_travels_and_edit_after_delete_does_not_resurrect(server):
    a, sync_a, _ = server.workstation("a", "C11")
    b, sync_b, _ = server.workstation("b", "C11")
    pid = _place(a, name="حذفی", code="103")
    sync_a.run()
    sync_b.run()
    with a.session() as s:
        s.get(Place, pid).mark_deleted()
    _edit(b, pid, city="ساری")
    sync_a.run()
    sync_b.run()  # different fields: merged, the record stays deleted
    sync_a.run()
    assert _get(a, pid).deleted_at is not None
    assert _get(b, pid).deleted_at is not None
    assert _get(a, pid).city == "ساری"


def test_clerk_resolves_a_conflict_keeping_mine_or_theirs(server):
    from desktop_app.sync.conflicts import list_conflicts, resolve_conflict

    a, sync_a, _ = server.workstation("a", "C11")
    b, sync_b, _ = server.workstation("b", "C11")
    pid = _place(a, name="مرکز", code="104", city="گرگان")
    sync_a.run()
    sync_b.run()
    _edit(a, pid, name="الف", city="شهر الف")
    _edit(b, pid, name="ب")
    _edit(b, pid, city="شهر ب")
    sync_a.run()
    assert sync_b.run().conflicts == 2
    first, second = list_conflicts(b)
    assert (first.fields, first.local_values["name"], first.server_values["name"]) == (
        ["name"],
        "ب",
        "الف",
    )
    resolve_conflict(b, first.id, "mine")
    resolve_conflict(b, second.id, "theirs")
    assert list_conflicts(b) == []
    sync_b.run()
    sync_a.run()
    for ctx in (a, b):
        place = _get(ctx, pid)
        assert (place.name, place.city) == ("ب", "شهر الف")
