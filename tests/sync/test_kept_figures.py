"""The check's figures kept by triggers (``models.kept_figures``): every write through
SQLite — a pull, a clerk's save, raw SQL behind sync's back, ``INSERT OR REPLACE`` —
keeps them equal to a scan; what goes around the triggers is counted again; the
window is read through the index, not a scan."""

from __future__ import annotations

import uuid

from sqlalchemy import inspect, text

from desktop_app.models import Base, Place, synced_models, utcnow
from desktop_app.models.kept_figures import ensure_kept_figures, kept
from desktop_app.sync.check import _window_statement, table_figures


def _scanned(conn, offices=None) -> dict[str, tuple[int, int]]:
    found = {}
    present = set(inspect(conn).get_table_names())  # not the test-only models
    for model in synced_models():
        if model.__tablename__ not in present:
            continue
        figures = table_figures(conn, model.__tablename__, offices)
        if figures.count:
            found[model.__tablename__] = (figures.count, figures.total)
    return found


def _kept(conn, offices=None) -> dict[str, tuple[int, int]]:
    return {t: f for t, f in kept(conn, offices).items() if f != (0, 0)}


def _place(seq: int | None, office: str = "C11", **extra) -> dict:
    return {
        "id": uuid.uuid4(),
        "name": f"مرکز {seq}",
        "code": f"k{uuid.uuid4().hex[:6]}",
        "origin_office": office,
        "server_seq": seq,
        "version": 1,
        "created_at": utcnow(),
        "updated_at": utcnow(),
        **extra,
    }


def test_every_write_keeps_the_figures_equal_to_a_scan(ctx):
    places = Base.metadata.tables["places"]
    rows = [_place(s, "C11" if s % 2 else "C12") for s in range(1, 21)] + [_place(None)]
    with ctx.engine.begin() as conn:
        conn.execute(places.insert(), rows)
        assert _kept(conn) == _scanned(conn) != {}
        ids = [r["id"] for r in rows]
        conn.execute(places.update().where(places.c.id == ids[0]).values(server_seq=99))
        conn.execute(places.update().where(places.c.id == ids[1]).values(deleted_at=utcnow()))
        conn.execute(places.update().where(places.c.id == ids[2]).values(origin_office="C21"))
        conn.execute(places.update().where(places.c.id == ids[3]).values(server_seq=None))
        conn.execute(places.update().where(places.c.id == ids[-1]).values(server_seq=7))
        conn.execute(places.update().where(places.c.id == ids[4]).values(city="ساری"))
        conn.execute(places.delete().where(places.c.id == ids[5]))
        row = dict(conn.execute(places.select().where(places.c.id == ids[6])).mappings().one())
        conn.execute(places.insert().prefix_with("OR REPLACE"), [{**row, "server_seq": 500}])
        assert _kept(conn) == _scanned(conn)
        assert _kept(conn, ["C11"]) == _scanned(conn, ["C11"])
        assert _kept(conn, ["C12", "C21"]) == _scanned(conn, ["C12", "C21"])


def test_a_lost_trigger_is_recreated_and_the_table_counted_again(ctx):
    places = Base.metadata.tables["places"]
    with ctx.engine.begin() as conn:
        conn.execute(places.insert(), [_place(s) for s in range(1, 6)])
        # a migration that rebuilt the table dropped its triggers; rows written meanwhile
        conn.execute(text("DROP TRIGGER sync_figures_places_insert"))
        conn.execute(places.insert(), [_place(s) for s in range(6, 9)])
        assert _kept(conn) != _scanned(conn)
        assert ensure_kept_figures(conn, ["places", "workshops"]) == ["places"]
        assert _kept(conn) == _scanned(conn) == {"places": (8, 2 * sum(range(1, 9)))}
        assert ensure_kept_figures(conn, ["places", "workshops"]) == []


def test_the_window_is_read_through_the_index_not_a_scan(ctx):
    with ctx.engine.connect() as conn:
        for scoped in (False, True):
            statement = _window_statement("places", scoped)
            params = {"since": 5, **({"offices": ["C11", "C12"]} if scoped else {})}
            plan = " ".join(
                str(row[-1])
                for row in conn.execute(
                    text(
                        "EXPLAIN QUERY PLAN "
                        + str(
                            statement.compile(
                                conn, compile_kwargs={"literal_binds": True}
                            ).string.replace("__[POSTCOMPILE_offices]", "('C11', 'C12')")
                        )
                    ),
                    params,
                )
            )
            assert "USING INDEX sync_seq_places" in plan, plan


def test_figures_changed_around_the_triggers_are_set_right_by_the_whole_check(server):
    a, sync_a, _ = server.workstation("a", "C11")
    with a.session() as s:
        s.add_all(Place(name=f"مرکز {i}", code=f"7{i}") for i in range(3))
    sync_a.run()
    assert sync_a.run().repaired == []  # a window is kept
    with a.engine.begin() as conn:  # the file changed around SQLite's triggers
        conn.execute(text("UPDATE sync_figures SET n = n + 1 WHERE table_name = 'places'"))
    report = sync_a.run()
    # the windowed round finds it; the re-pull's whole check scans and sets it right
    assert report.repaired == ["places"] and report.mismatched == []
    with a.engine.connect() as conn:
        assert _kept(conn)["places"] == _scanned(conn)["places"]
    assert sync_a.run().repaired == []


def test_a_snapshot_loaded_without_the_triggers_leaves_them_back_and_counted(server):
    """A first sync writes its empty tables with the figures' triggers and index off
    (``kept_figures.bulk_load``); after it the figures equal a scan and the triggers and
    index are back, so a later write behind sync's back still moves the figures."""
    from tests.sync.test_sync_robust import _ws
    from tests.sync.test_sync_speed import _snapshot_office

    _snapshot_office(server)
    b, sync_b, transport_b = _ws(server, "b", "C11")
    sync_b.page_size = 4  # a log longer than a page: the snapshot
    sync_b.run()
    assert transport_b.calls.count("/sync/snapshot") == 1
    with b.engine.begin() as conn:
        assert _kept(conn) == _scanned(conn)
        assert _kept(conn)["places"][0] == 12
        assert ensure_kept_figures(conn, ["places"]) == []  # nothing left to repair
        conn.execute(text("DELETE FROM places WHERE rowid = (SELECT min(rowid) FROM places)"))
        assert _kept(conn) == _scanned(conn)
        assert _kept(conn)["places"][0] == 11
