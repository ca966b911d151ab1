"""Issue 22, the first sync's pull: what a snapshot's load takes off the tables it fills
from empty (``sync.snapshot_load.EmptyTables``: search and kept-figures triggers, plain
indexes, a larger page cache) is put back when the load succeeds, rolled back with the
rows when it fails, and only the tables the snapshot fills are touched."""

from __future__ import annotations

from contextlib import nullcontext

import pytest
from sqlalchemy import func, literal_column, select

from desktop_app.models import Place, kept_figures
from desktop_app.sync import snapshot_load
from desktop_app.sync.check import table_figures
from tests.sync.test_snapshot_load import _tamper


def _schema(ctx) -> list[tuple]:
    """Every table, index and trigger of the workstation's database with its SQL."""
    with ctx.engine.connect() as conn:
        return [
            tuple(row)
            for row in conn.exec_driver_sql(
                "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
            )
        ]


def _plain_indexes(conn, table: str) -> list[str]:
    return sorted(snapshot_load._plain_indexes(conn, table))


def _trigger_names(conn, table: str) -> set[str]:
    rows = conn.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", (table,)
    )
    return {name for (name,) in rows}


def test_a_snapshot_load_puts_back_every_index_and_trigger_it_took_off(server, monkeypatch):
    """During the load the places' plain indexes and triggers are off (and no other
    table's); after it the schema is exactly what it was, the search index finds the
    loaded rows and the kept figures equal a scan — also when a doubted batch went in
    row by row (its indexes were given back first)."""
    from desktop_app.sync import client
    from tests.sync.test_sync_robust import _ws
    from tests.sync.test_sync_speed import _snapshot_office

    _a, _sync_a, ids, _hidden = _snapshot_office(server)
    b, sync_b, transport_b = _ws(server, "b", "C11")
    sync_b.page_size = 4
    before = _schema(b)
    with b.engine.connect() as conn:
        plain = _plain_indexes(conn, "places")
        other_triggers = _trigger_names(conn, "trainers")
    assert plain and other_triggers  # the test means something
    seen: list[tuple[str, list[str], set[str], set[str]]] = []
    real = client.load_batch

    def spy(conn, table, columns, rows):
        seen.append(
            (
                table.name,
                _plain_indexes(conn, table.name),
                _trigger_names(conn, table.name),
                _trigger_names(conn, "trainers"),
            )
        )
        return real(conn, table, columns, rows)

    monkeypatch.setattr(client, "load_batch", spy)
    report = sync_b.run()
    assert transport_b.calls.count("/sync/snapshot") == 1
    assert report.pulled == len(ids) and report.mismatched == []
    places = [s for s in seen if s[0] == "places"]
    assert places and places[0][1] == [] and places[0][2] == set()  # off while loading
    assert all(s[3] == other_triggers for s in seen)  # a table not filled keeps its own
    assert _schema(b) == before
    with b.engine.connect() as conn:
        text, rowid = conn.execute(
            select(Place.search_text, literal_column("rowid")).where(Place.id == ids[5])
        ).one()
        quoted = '"' + text.replace('"', '""') + '"'
        found = conn.exec_driver_sql(
            "SELECT rowid FROM fts_places WHERE fts_places MATCH ?", (quoted,)
        ).all()
        assert (rowid,) in found
        scanned = table_figures(conn, "places", ["C11"])
        assert kept_figures.kept(conn, ["C11"])["places"] == (scanned.count, scanned.total)


def test_a_doubted_batch_gives_the_indexes_back_before_its_rows_go_one_by_one(server, monkeypatch):
    from desktop_app.sync import client
    from tests.sync.test_sync_robust import _ws
    from tests.sync.test_sync_speed import _snapshot_office

    _a, _sync_a, ids, _hidden = _snapshot_office(server)
    b, sync_b, _transport = _ws(server, "b", "C11")
    sync_b.page_size = 4
    before = _schema(b)
    with b.engine.connect() as conn:  # the kept figures' own index comes back at the end
        seq = kept_figures.index_name("places")
        plain = [i for i in _plain_indexes(conn, "places") if i != seq]
    during: list[list[str]] = []
    real = client.SyncEngine._apply_rows

    def spy(self, session, rows):
        if any(name == "places" for name, _ in rows):
            during.append(_plain_indexes(session.connection(), "places"))
        return real(self, session, rows)

    monkeypatch.setattr(client, "load_batch", lambda *args: False)  # every batch doubted
    monkeypatch.setattr(client.SyncEngine, "_apply_rows", spy)
    report = sync_b.run()
    assert report.pulled == len(ids) and report.mismatched == []
    assert during and all(found == plain for found in during)
    assert _schema(b) == before


def test_a_failed_load_leaves_no_row_and_the_schema_as_it_was(server, monkeypatch):
    """The places go in fast with their indexes off, then a line cannot be read: the
    rows, the dropped indexes and triggers all roll back together."""
    from desktop_app.sync.client import SyncError
    from tests.sync.test_sync_robust import _ws
    from tests.sync.test_sync_speed import _snapshot_office

    _snapshot_office(server)
    _tamper(monkeypatch, lambda lines: [*lines, "[[not json"])
    b, sync_b, _transport = _ws(server, "b", "C11")
    sync_b.page_size = 4
    before = _schema(b)
    figures = f"SELECT * FROM {kept_figures.FIGURES_TABLE} ORDER BY 1, 2"
    with b.engine.connect() as conn:
        counted = conn.exec_driver_sql(figures).all()
    with pytest.raises(SyncError):
        sync_b.run()
    assert _schema(b) == before
    with b.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Place)).scalar() == 0
        assert conn.exec_driver_sql(figures).all() == counted


@pytest.mark.parametrize("fails", [False, True])
def test_the_page_cache_is_restored_whatever_happens(tmp_path, fails):
    """``EmptyTables`` enlarges the connection's page cache while it holds a table and
    sets it back on leaving, also when the load raises (the rollback then restores the
    dropped indexes)."""
    from desktop_app.services.core.context import AppContext

    ctx = AppContext.open(tmp_path / "ws")
    try:
        with ctx.engine.connect() as conn:
            cache = conn.exec_driver_sql("PRAGMA cache_size").scalar_one()
            plain = _plain_indexes(conn, "places")
            conn.rollback()  # the reads' own transaction
            with pytest.raises(RuntimeError) if fails else nullcontext():
                with conn.begin(), snapshot_load.EmptyTables(conn) as filling:
                    filling.take("places")
                    size = conn.exec_driver_sql("PRAGMA cache_size").scalar_one()
                    assert size == -snapshot_load.LOAD_CACHE_KIB != cache
                    assert _plain_indexes(conn, "places") == []
                    if fails:
                        raise RuntimeError("the load failed")
            assert conn.exec_driver_sql("PRAGMA cache_size").scalar_one() == cache
            assert _plain_indexes(conn, "places") == plain
    finally:
        ctx.close()
