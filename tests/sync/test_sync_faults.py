"""Faults: a dropped request or answer, a push answer lost after the server committed,
the app killed between a server answer and its local commit, or in the middle of
applying a page. No change is lost, none is applied twice."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from central_server import stored_results
from desktop_app.models import Place, SyncOutbox
from desktop_app.sync import client as client_module
from desktop_app.sync import state
from desktop_app.sync.client import SyncError


def _places(ctx, n, prefix="p"):
    with ctx.session() as s:
        for i in range(n):
            s.add(Place(name=f"{prefix}{i}", code=f"{prefix}{i}"))


def _count(ctx, model=Place) -> int:
    with ctx.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def _server_count(server, sql: str) -> int:
    with server.engine.connect() as conn:
        return conn.execute(text(sql)).scalar_one()


def test_dropped_request_keeps_outbox_and_retry_delivers_once(server):
    a, sync_a, transport = server.workstation("a", "C11")
    _places(a, 3)
    transport.faults = ["drop-request"]
    with pytest.raises(SyncError):
        sync_a.run()
    assert _count(a, SyncOutbox) == 3
    sync_a.run()
    assert _count(a, SyncOutbox) == 0
    assert _server_count(server, "SELECT count(*) FROM places") == 3


def test_lost_answer_after_server_commit_is_replayed_not_duplicated(server):
    a, sync_a, transport = server.workstation("a", "C11")
    _places(a, 3)
    transport.faults = ["drop-response"]  # the server applied the push; the answer is lost
    with pytest.raises(SyncError):
        sync_a.run()
    assert _count(a, SyncOutbox) == 3  # not acknowledged: kept
    assert _server_count(server, "SELECT count(*) FROM places") == 3
    report = sync_a.run()  # the same mutations again: answered from the stored results
    assert report.pushed == 3
    assert _count(a, SyncOutbox) == 0
    assert _server_count(server, "SELECT count(*) FROM places") == 3
    with server.sessions() as s:
        assert stored_results.count(s) == 3  # stored once
    assert _server_count(server, "SELECT max(version) FROM places") == 1


def test_duplicated_and_reordered_pushes(server):
    from desktop_app.sync.client import _mutation

    a, sync_a, _transport = server.workstation("a", "C11")
    _places(a, 3)
    with a.session() as s:
        entries = list(s.scalars(select(SyncOutbox).order_by(SyncOutbox.seq)))
    token = client_module.load_token(a.data_dir)
    headers = {"Authorization": f"Bearer {token}"}

    def push(es):
        body = {"mutations": [_mutation(e).model_dump(mode="json") for e in es]}
        return server.client.post("/sync/push", json=body, headers=headers).json()

    # out of order: the third alone is a gap, nothing applied
    answer = push(entries[2:])
    assert answer["expected_seq"] == 1 and answer["results"] == []
    first = push(entries[:2])
    again = push(entries[:2])  # duplicate: same stored answers
    assert [r["status"] for r in first["results"]] == ["applied", "applied"]
    assert again["results"] == first["results"]
    sync_a.run()
    assert _server_count(server, "SELECT count(*) FROM places") == 3
    assert _count(a, SyncOutbox) == 0


def test_app_killed_between_server_answer_and_local_commit(server, monkeypatch):
    a, sync_a, _ = server.workstation("a", "C11")
    _places(a, 2)

    def killed(*_args, **_kw):
        raise KeyboardInterrupt("killed")

    with monkeypatch.context() as m:
        m.setattr(client_module.SyncEngine, "_record_results", killed)
        with pytest.raises(KeyboardInterrupt):
            sync_a.run()
    assert _count(a, SyncOutbox) == 2
    sync_a.run()
    assert _count(a, SyncOutbox) == 0
    assert _server_count(server, "SELECT count(*) FROM places") == 2


def test_app_killed_while_applying_a_page_rolls_back_rows_and_cursor(server, monkeypatch):
    a, sync_a, _ = server.workstation("a", "C11")
    b, sync_b, _ = server.workstation("b", "C11")
    _places(a, 5)
    sync_a.run()
    real = state.set_state

    def die_on_cursor(session, key, value):
        if key == state.CURSOR:
            raise KeyboardInterrupt("killed before the cursor was written")
        real(session, key, value)

    with monkeypatch.context() as m:
        m.setattr(state, "set_state", die_on_cursor)
        with pytest.raises(KeyboardInterrupt):
            sync_b.run()
    assert _count(b) == 0  # the page's rows rolled back with the cursor
    with b.session() as s:
        assert state.get_state(s, state.CURSOR, 0) == 0
    sync_b.page_size = 2  # several pages now
    assert sync_b.run().pulled == 5
    assert _count(b) == 5


def test_unsent_local_edit_survives_a_pull(server):
    a, sync_a, _ = server.workstation("a", "C11")
    b, sync_b, transport_b = server.workstation("b", "C11")
    _places(a, 1)
    sync_a.run()
    sync_b.run()
    with a.session() as s:
        pid = s.scalar(select(Place.id))
        s.get(Place, pid).city = "الف"
        s.get(Place, pid).manager = "مدیر الف"
    sync_a.run()
    with b.session() as s:
        s.get(Place, pid).city = "ب"  # B's unsent edit
    # B pulls while its edit is unsent (as after a failed push): rebase keeps "ب"
    http = client_module._http(b, transport_b, client_module.load_token(b.data_dir))
    sync_b._pull(http, client_module.SyncReport(), None)
    with b.session() as s:
        place = s.get(Place, pid)
        assert (place.city, place.manager) == ("ب", "مدیر الف")
    assert _count(b, SyncOutbox) == 1
    assert sync_b.run().conflicts == 1  # and it is still a same-field conflict on push
