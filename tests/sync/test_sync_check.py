"""The check after sync: a table whose copy differs from the server's (count or
digest over the office's scope) is re-pulled and then matches (issue 14)."""

from __future__ import annotations

from sqlalchemy import delete, select, update

from desktop_app.models import Place, SyncState, Workshop


def _seed(server):
    a, sync_a, _ = server.workstation("a", "C11")
    b, sync_b, _ = server.workstation("b", "C11")
    with a.session() as s:
        for i in range(3):
            place = Place(name=f"مرکز {i}", code=f"40{i}")
            s.add(place)
            s.flush()
            s.add(Workshop(place_id=place.id, name=f"کارگاه {i}"))
    sync_a.run()
    first = sync_b.run()
    assert first.repaired == [] and first.mismatched == []
    return a, sync_a, b, sync_b


def test_a_row_lost_on_the_workstation_is_pulled_again(server):
    _a, _sync_a, b, sync_b = _seed(server)
    with b.session() as s:  # as if a page had been lost: one workshop gone
        victim = s.scalars(select(Workshop.id)).first()
        s.execute(delete(Workshop).where(Workshop.id == victim))
    report = sync_b.run()
    assert report.repaired == ["workshops"] and report.mismatched == []
    with b.session() as s:
        assert s.get(Workshop, victim) is not None
        assert s.get(SyncState, "check_mismatch").value == "[]"


def test_a_stale_row_is_refreshed(server):
    _a, _sync_a, b, sync_b = _seed(server)
    with b.session() as s:
        pid = s.scalars(select(Place.id).where(Place.code == "401")).one()
        s.execute(update(Place).where(Place.id == pid).values(name="کهنه", server_seq=1))
    report = sync_b.run()
    assert report.repaired == ["places"]
    with b.session() as s:
        assert s.get(Place, pid).name == "مرکز 1"
    assert sync_b.run().repaired == []  # nothing left to repair


def test_own_pushed_changes_are_no_difference(server):
    from desktop_app.sync.client import SyncEngine

    _a, _sync_a, b, _sync_b = _seed(server)
    transport = server.transport()
    with b.session() as s:
        s.add(Place(name="تازه", code="499"))
    engine = SyncEngine(b, transport=transport, retries=0, backoff=0)
    report = engine.run()
    assert report.pushed == 1 and report.repaired == []
