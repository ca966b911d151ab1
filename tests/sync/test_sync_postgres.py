"""On the real PostgreSQL: a puller never skips a row committed by a concurrent pusher
(the change-log number is taken under a transaction-level advisory lock held until
commit, so number order is commit order), with many pushers and pullers at once; and
a real uvicorn server killed and restarted mid-push loses and duplicates nothing."""

from __future__ import annotations

import signal
import threading
import time

import httpx
import pytest
from sqlalchemy import func, select, text

from central_server import stored_results, sync_service
from desktop_app.models import Place, SyncOutbox
from desktop_app.sync.client import SyncEngine, SyncError
from tests.sync.pushes import enrolled_device, one_place, pull_all, pull_until
from tests.sync.server_process import free_port, start_server

pytestmark = pytest.mark.postgres


def test_first_committer_cannot_be_skipped_by_a_later_number(pg_server):
    one, two, reader = (enrolled_device(pg_server, o) for o in ("C11", "C12", "HQ"))
    pushed = threading.Event()
    release = threading.Event()
    two_done = threading.Event()

    def slow_pusher():  # takes its number, then waits before committing
        with pg_server.sessions() as s, s.begin():
            sync_service.push(s, one, one_place(1, "first"))
            pushed.set()
            release.wait(10)

    def fast_pusher():
        with pg_server.sessions() as s, s.begin():
            sync_service.push(s, two, one_place(1, "second"))
        two_done.set()

    t1 = threading.Thread(target=slow_pusher)
    t1.start()
    assert pushed.wait(10)
    t2 = threading.Thread(target=fast_pusher)
    t2.start()
    time.sleep(0.5)
    # the later pusher waits for the earlier one's commit instead of committing a
    # higher number first; a puller now sees neither (not: "second" alone)
    assert not two_done.is_set()
    names, cursor = pull_all(pg_server, reader, 0)
    assert names == [] and cursor == 0
    release.set()
    t1.join(10)
    t2.join(10)
    names, cursor = pull_all(pg_server, reader, 0)
    assert names == ["first", "second"]


def test_many_pushers_and_pullers_never_miss_a_row(pg_server):
    pushers = [enrolled_device(pg_server, o) for o in ("C11", "C12", "C21", "P1")]
    reader = enrolled_device(pg_server, "HQ")
    per_pusher = 15
    stop = threading.Event()
    errors: list[BaseException] = []

    def push(device, tag):
        try:
            for i in range(per_pusher):
                with pg_server.sessions() as s, s.begin():
                    sync_service.push(s, device, one_place(i + 1, f"{tag}-{i}"))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    seen_by: list[set[str]] = [set(), set()]

    def pull(seen: set[str]) -> None:
        pull_until(stop, pg_server, reader, seen)

    threads = [threading.Thread(target=push, args=(d, f"d{n}")) for n, d in enumerate(pushers)]
    readers = [threading.Thread(target=pull, args=(seen,)) for seen in seen_by]
    for t in readers + threads:
        t.start()
    for t in threads:
        t.join(60)
    stop.set()
    for t in readers:
        t.join(60)
    assert not errors
    expected = {f"d{n}-{i}" for n in range(len(pushers)) for i in range(per_pusher)}
    for seen in seen_by:  # each puller moved its cursor forward only, and missed nothing
        assert seen == expected


def test_real_server_killed_and_restarted_mid_push(pg_server, pg_database_url, tmp_path):
    from desktop_app.services.core.context import AppContext
    from desktop_app.sync.client import enroll

    port = free_port()
    proc = start_server(pg_database_url, port)
    ctx = AppContext.open(tmp_path / "ws")
    try:
        enroll(ctx, f"http://127.0.0.1:{port}", pg_server.enroll_code("C11"))
        with ctx.session() as s:
            for i in range(40):
                s.add(Place(name=f"p{i}", code=f"p{i}"))
        engine = SyncEngine(ctx, batch_size=10, retries=0, backoff=0)
        calls = {"n": 0}
        real_post = httpx.Client.post

        def post_then_kill(self, url, *args, **kwargs):
            response = real_post(self, url, *args, **kwargs)
            calls["n"] += 1
            if calls["n"] == 2:  # the second batch was committed; kill before it is recorded
                proc.send_signal(signal.SIGKILL)
                proc.wait(10)
                raise httpx.ReadError("server died")
            return response

        with pytest.MonkeyPatch.context() as m:
            m.setattr(httpx.Client, "post", post_then_kill)
            with pytest.raises(SyncError):
                engine.run()
        with ctx.session() as s:
            assert s.scalar(select(func.count()).select_from(SyncOutbox)) == 30
        with pytest.raises(SyncError):  # server down: nothing lost
            engine.run()
        proc = start_server(pg_database_url, port)
        report = engine.run()
        assert report.pushed == 30
        with ctx.session() as s:
            assert s.scalar(select(func.count()).select_from(SyncOutbox)) == 0
        with pg_server.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM places")).scalar_one() == 40
            assert stored_results.count(conn) == 40
    finally:
        ctx.close()
        proc.kill()
        proc.wait(10)
