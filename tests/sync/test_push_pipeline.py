"""The pipelined push (``SyncEngine._push``): batch k+1 goes as soon as batch k's clean
answer is in, before k's answer is recorded; whatever goes wrong, every change is
applied once and stamped, and what the server did not apply stays in the outbox.

Also the server's side of it: a batch that reaches the server before the batch ahead
of it is committed waits for it or is answered ``expected_seq`` with nothing applied —
never applied out of order, never taken for a replay."""

from __future__ import annotations

import json
import threading
import time

import httpx
import pytest
from sqlalchemy import func, select, text

from central_server import stored_results, sync_service
from desktop_app.models import Place, SyncConflict, SyncOutbox
from desktop_app.sync import client as client_module
from desktop_app.sync.client import SyncError, _OutboxRow, _push_body
from tests.sync.test_sync_faults import _count, _places, _server_count

BATCH = 10


def _engine(server, name: str = "a", places: int = 45):
    ctx, sync, transport = server.workstation(name, "C11")
    sync.batch_size = BATCH
    _places(ctx, places)
    return ctx, sync, transport


def _applied_once(server, ctx, places: int) -> None:
    """Every place of ``ctx`` on the server once, as sent (version 1), its result stored
    once, nothing left to send, every local record stamped with its change number."""
    assert _server_count(server, "SELECT count(*) FROM places") == places
    assert _server_count(server, "SELECT count(DISTINCT id) FROM places") == places
    assert _server_count(server, "SELECT max(version) FROM places") == 1
    with server.sessions() as s:
        assert stored_results.count(s) == places
    assert _count(ctx, SyncOutbox) == 0
    with ctx.session() as s:
        assert s.scalar(select(func.count()).where(Place.server_seq.is_(None))) == 0
        assert len(set(s.scalars(select(Place.server_seq)))) == places


def _batches(ctx) -> list[list[_OutboxRow]]:
    """The outbox in push batches, as the engine reads them."""
    columns = ", ".join(_OutboxRow._fields)
    with ctx.engine.connect() as conn:
        rows = [
            _OutboxRow(*r)
            for r in conn.exec_driver_sql(f"SELECT {columns} FROM sync_outbox ORDER BY seq")
        ]
    return [rows[i : i + BATCH] for i in range(0, len(rows), BATCH)]


def test_the_next_batch_is_sent_before_the_answer_ahead_is_recorded(server, monkeypatch):
    a, sync_a, _transport = _engine(server)
    posted: list[int] = []  # pushes that reached _post (on the sender thread)
    ahead: list[int] = []  # pushes posted when each batch's answer was recorded
    seen = threading.Condition()
    post, record = client_module._post, client_module.SyncEngine._record_results

    def counted_post(http, path, body, answer, retries, backoff):
        if path == "/sync/push":
            with seen:
                posted.append(len(json.loads(body)["mutations"]))
                seen.notify_all()
        return post(http, path, body, answer, retries, backoff)

    def counted_record(self, session, entries, answer, report):
        with seen:  # the next batch's post (the last batch has none)
            seen.wait_for(
                lambda: len(posted) > len(ahead) + 1 or entries[-1].seq == last, timeout=10
            )
            ahead.append(len(posted))
        return record(self, session, entries, answer, report)

    with a.session() as s:
        last = s.scalar(select(func.max(SyncOutbox.seq)))
    monkeypatch.setattr(client_module, "_post", counted_post)
    monkeypatch.setattr(client_module.SyncEngine, "_record_results", counted_record)
    shown: list[tuple[str, int]] = []
    report = sync_a.run(progress=lambda stage, count: shown.append((stage, count)))
    assert report.pushed == 45 and report.conflicts == 0
    assert len(posted) == 5
    # what is still to send, before each batch, as the sequential loop showed it
    assert [count for stage, count in shown if stage == "push"] == [45, 35, 25, 15, 5]
    # batch k recorded once batch k+1 was posted; the last one with nothing after it
    assert ahead == [2, 3, 4, 5, 5]
    _applied_once(server, a, 45)


def test_a_batch_reaching_the_server_before_the_one_ahead_of_it_applies_nothing(server):
    a, sync_a, transport = _engine(server, places=30)
    first, second, _third = _batches(a)
    headers = {"Authorization": f"Bearer {client_module.load_token(a.data_dir)}"}
    early: list[dict] = []

    def second_first(request: httpx.Request) -> None:
        if request.url.path == "/sync/push" and not early:
            body, _runs = _push_body(second, runs=True)
            answer = server.client.post(
                "/sync/push",
                content=body,
                headers={**headers, "Content-Type": "application/json"},
            )
            early.append(answer.json())

    transport.before = second_first
    report = sync_a.run()
    (answer,) = early
    assert answer["expected_seq"] == first[0].seq
    assert answer["results"] == [] and answer["ranges"] == []
    assert report.pushed == 30
    _applied_once(server, a, 30)


def test_a_batch_arriving_while_the_one_ahead_is_uncommitted_waits_or_applies_nothing(
    server, monkeypatch
):
    """Batch k is judged and holds its device (row lock; SQLite: the one writer) when
    batch k+1 arrives from another thread: k+1 waits for k's commit, then applies after
    it, or is answered ``expected_seq`` with nothing applied."""
    a, sync_a, _transport = _engine(server, places=20)
    first, second = _batches(a)
    headers = {
        "Authorization": f"Bearer {client_module.load_token(a.data_dir)}",
        "Content-Type": "application/json",
    }
    writer = server.app.state.push_writer
    answers: dict[str, dict] = {}
    raced: list[str] = []

    def post(name: str, batch) -> None:
        body, _runs = _push_body(batch, runs=True)
        answers[name] = server.client.post("/sync/push", content=body, headers=headers).json()

    def waiting() -> str | None:
        """How the later batch is held back, once it is."""
        if "second" in answers:
            return "answered"
        if server.engine.dialect.name == "sqlite":
            return "queued" if writer._queue else None
        with server.engine.connect() as conn:  # PostgreSQL: k+1 waits for k's locks
            locked = conn.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND wait_event_type = 'Lock'"
                )
            ).scalar_one()
        return "locked" if locked else None

    finish = sync_service.finish_pushes

    def finish_after_the_race(conn, pushes):
        if not raced and any(p.job.uid for p in pushes):
            later = threading.Thread(target=post, args=("second", second))
            later.start()
            deadline = time.monotonic() + 20
            while (how := waiting()) is None and time.monotonic() < deadline:
                time.sleep(0.05)
            raced.append(how or "not seen")
            answers["thread"] = later  # type: ignore[assignment]
        return finish(conn, pushes)

    monkeypatch.setattr(sync_service, "finish_pushes", finish_after_the_race)
    monkeypatch.setattr(writer, "finish", finish_after_the_race)
    post("first", first)
    answers.pop("thread").join(30)  # type: ignore[attr-defined]
    assert raced and raced[0] in ("queued", "locked", "answered"), raced
    assert answers["first"]["expected_seq"] is None
    later = answers["second"]
    if later["expected_seq"] is not None:  # refused: nothing of it applied
        assert later["expected_seq"] == first[0].seq
        assert later["results"] == [] and later["ranges"] == []
        assert _server_count(server, "SELECT count(*) FROM places") == BATCH
    else:  # it waited: applied after the first, numbered after it
        assert sum(r["count"] for r in later["ranges"]) == BATCH
        assert min(r["first_change_seq"] for r in later["ranges"]) > max(
            r["first_change_seq"] + r["count"] - 1 for r in answers["first"]["ranges"]
        )
    monkeypatch.undo()
    report = sync_a.run()  # both answers lost to the workstation: sent again, replays
    assert report.pushed == 20
    _applied_once(server, a, 20)


def test_the_answer_of_the_batch_in_flight_lost_keeps_it_and_it_is_replayed_once(server):
    a, sync_a, transport = _engine(server, places=30)
    transport.faults = ["ok", "drop-response"]  # the server applied batch 2; its answer lost
    with pytest.raises(SyncError):
        sync_a.run()
    assert _server_count(server, "SELECT count(*) FROM places") == 20
    assert _count(a, SyncOutbox) == 20  # batch 1 recorded; 2 (answer lost) and 3 kept
    with a.session() as s:
        assert s.scalar(select(func.count()).where(Place.server_seq.is_not(None))) == BATCH
    report = sync_a.run()
    assert report.pushed == 20
    _applied_once(server, a, 30)


class _FailingSecondPush(httpx.BaseTransport):
    """The server failing the second push (500, nothing of it applied)."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.pushes = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/sync/push":
            self.pushes += 1
            if self.pushes == 2:
                return httpx.Response(500, request=request)
        return self.inner.handle_request(request)


def test_a_server_failure_in_the_middle_batch_keeps_it_and_what_follows(server):
    a, sync_a, transport = _engine(server, places=30)
    sync_a.transport = _FailingSecondPush(transport)
    with pytest.raises(SyncError):
        sync_a.run()
    assert _server_count(server, "SELECT count(*) FROM places") == BATCH
    assert _count(a, SyncOutbox) == 20
    sync_a.transport = transport
    assert sync_a.run().pushed == 20
    _applied_once(server, a, 30)


def test_a_poison_row_in_the_middle_batch_is_refused_alone_and_the_rest_applied_once(server):
    b, sync_b, _ = server.workstation("b", "C11")
    with b.session() as s:
        s.add(Place(name="taken", code="p14"))  # the code a's 15th place will carry
    sync_b.run()
    a, sync_a, _transport = _engine(server, places=30)
    report = sync_a.run()
    assert (report.pushed, report.conflicts) == (30, 1)  # the refused one answered too
    with a.session() as s:
        (conflict,) = s.scalars(select(SyncConflict))
        assert conflict.kind == "rejected"
        assert json.loads(conflict.local_values)["code"] == "p14"
        assert s.scalar(select(func.count()).where(Place.server_seq.is_(None))) == 1
    assert _count(a, SyncOutbox) == 0
    assert _server_count(server, "SELECT count(*) FROM places") == 30  # b's and a's 29
    with server.sessions() as s:
        assert stored_results.count(s) == 31


def test_a_damaged_entry_in_the_next_batch_still_lets_the_answer_ahead_be_recorded(server):
    """An outbox row the body cannot carry (its fields not JSON: a damaged database), in
    the batch built while the one ahead is in flight: the answer ahead is recorded (its
    entries leave the outbox, its records are stamped) before the round stops, as the
    sequential loop did, so the round after the repair replays nothing of it."""
    a, sync_a, _transport = _engine(server, places=30)
    damaged = _batches(a)[1][4].seq
    with a.engine.begin() as conn:
        good = conn.execute(
            text("SELECT fields FROM sync_outbox WHERE seq = :seq"), {"seq": damaged}
        ).scalar_one()
        conn.execute(
            text("UPDATE sync_outbox SET fields = '{bad' WHERE seq = :seq"), {"seq": damaged}
        )
    with pytest.raises(json.JSONDecodeError):
        sync_a.run()
    assert _server_count(server, "SELECT count(*) FROM places") == BATCH
    assert _count(a, SyncOutbox) == 20  # the first batch's answer kept
    with a.session() as s:
        assert s.scalar(select(func.count()).where(Place.server_seq.is_not(None))) == BATCH
    with a.engine.begin() as conn:
        conn.execute(
            text("UPDATE sync_outbox SET fields = :good WHERE seq = :seq"),
            {"good": good, "seq": damaged},
        )
    assert sync_a.run().pushed == 20
    _applied_once(server, a, 30)
