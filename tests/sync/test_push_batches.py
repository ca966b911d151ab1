"""Issue 22: a push carries up to ``MAX_BATCH`` (2,000) mutations; a server from
before it, which takes 500, refuses a larger batch (422) and gets batches of 500 —
nothing lost, nothing sent twice — while a 422 for a batch it could take still stops
the round with the outbox kept."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from desktop_app.models import Place
from desktop_app.sync import client as client_module
from desktop_app.sync.client import RequestRefused, SyncError
from desktop_app.sync.protocol import MAX_BATCH, OLDER_MAX_BATCH
from desktop_app.sync.state import pending_count
from tests.sync.test_sync_robust import _ws


def _places(ctx, count: int) -> None:
    with ctx.session() as s:
        s.add_all(
            Place(name=f"مرکز {i}", code=f"b{i}", city="گرگان", origin_office="C11")
            for i in range(count)
        )


def _older_server(monkeypatch, refuse_all: bool = False) -> list[int]:
    """Push bodies answered as a server that takes at most 500 mutations would (422
    above that; ``refuse_all``: every push); returns each push's size."""
    sizes: list[int] = []
    post = client_module._post

    def older(http, path, body, answer, retries, backoff):
        if path == "/sync/push":
            sent = json.loads(body)
            size = len(sent["mutations"])
            sizes.append(size)
            if refuse_all or size > OLDER_MAX_BATCH:
                raise RequestRefused("۴۲۲")
            if sent.pop("runs", None):  # it ignores runs (and answers without protocol)
                return post(http, path, json.dumps(sent), answer, retries, backoff).model_copy(
                    update={"protocol": 1}
                )
        return post(http, path, body, answer, retries, backoff)

    monkeypatch.setattr(client_module, "_post", older)
    return sizes


def test_a_push_sends_up_to_max_batch_mutations(server, monkeypatch):
    a, sync_a, _ = _ws(server, "a", "C11")
    _places(a, 1100)
    sizes: list[int] = []
    post = client_module._post

    def counted(http, path, body, answer, retries, backoff):
        if path == "/sync/push":
            sent = json.loads(body)  # mutations, and inserts in runs (protocol 2)
            sizes.append(len(sent["mutations"]) + sum(len(r["rows"]) for r in sent["runs"]))
        return post(http, path, body, answer, retries, backoff)

    monkeypatch.setattr(client_module, "_post", counted)
    assert MAX_BATCH > OLDER_MAX_BATCH
    assert sync_a.run().pushed == 1100
    assert sizes == [1100]


def test_an_older_server_gets_batches_of_500_and_every_change_once(server, monkeypatch):
    a, sync_a, _ = _ws(server, "a", "C11")
    _places(a, 1100)
    sizes = _older_server(monkeypatch)
    report = sync_a.run()
    # its runs ignored (nothing of them believed), then mutations: 1,100 refused, 500s
    assert sizes == [0, 1100, 500, 500, 100] and not sync_a.send_runs
    assert report.pushed == 1100 and sync_a.batch_size == OLDER_MAX_BATCH
    with a.session() as s:
        assert pending_count(s) == 0
        assert s.scalar(select(func.count()).where(Place.server_seq.is_(None))) == 0
    with server.engine.connect() as conn:
        table = Place.__table__
        assert conn.execute(select(func.count()).select_from(table)).scalar_one() == 1100


@pytest.mark.parametrize("count", [3, 600])
def test_a_refused_batch_the_server_could_take_stops_the_round_and_keeps_the_outbox(
    server, monkeypatch, count
):
    a, sync_a, _ = _ws(server, "a", "C11")
    _places(a, count)
    _older_server(monkeypatch, refuse_all=True)
    with pytest.raises(SyncError):
        sync_a.run()
    with a.session() as s:
        assert pending_count(s) == count
