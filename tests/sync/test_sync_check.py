"""The check after sync: a table whose copy differs from the server's (count or
digest over the office's scope) is re-pulled and then matches (issue 14); a round
after an equal check hashes only the rows changed since, and still finds a copy
that diverged (issue 22)."""

from __future__ import annotations

import json
import uuid

import httpx
import pytest
from sqlalchemy import delete, func, select, update

from desktop_app.models import Base, Place, SyncState, Workshop, utcnow


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


# -- the windowed check (issue 22): a round hashes what changed, and still finds -----
# -- a copy that diverged -----------------------------------------------------------


def _windowed(ctx) -> int:
    """The window the next round's check asks (fails if it would hash everything)."""
    from desktop_app.sync import check_window

    with ctx.session() as s:
        since = check_window.since_to_ask(s)
    assert since is not None, "the next round's check would hash the whole scope"
    return since


@pytest.fixture(autouse=True)
def _one_day(monkeypatch):
    """Every round of a test on one day (a test crossing midnight UTC stays windowed)."""
    from desktop_app.sync import check_window

    monkeypatch.setattr(check_window, "today", lambda: "2026-12-06")


@pytest.fixture
def spied(monkeypatch):
    """Every table_figures call of the workstation and the server: (side, table, since,
    rows hashed, rows counted)."""
    from central_server import check_figures
    from desktop_app.sync import check_window

    calls: list[tuple[str, str, int | None, int, int]] = []

    def spy(side, real):
        def figures(conn, table, offices, since=None):
            found = real(conn, table, offices, since)
            calls.append((side, table, since, found.hashed, found.count))
            return found

        return figures

    def window_spy(real):
        def digest(conn, table, offices, since):
            found = real(conn, table, offices, since)
            calls.append(("ws", table, since, found[1], WINDOW_ONLY))
            return found

        return digest

    monkeypatch.setattr(check_window, "table_figures", spy("ws", check_window.table_figures))
    monkeypatch.setattr(check_window, "window_digest", window_spy(check_window.window_digest))
    monkeypatch.setattr(check_figures, "table_figures", spy("server", check_figures.table_figures))

    def server_window(real):
        def digests(conn, tables, offices, since):
            found = real(conn, tables, offices, since)
            calls.extend(("server", t, since, rows, WINDOW_ONLY) for t, (_d, rows) in found.items())
            return found

        return digests

    monkeypatch.setattr(
        check_figures, "window_digests", server_window(check_figures.window_digests)
    )
    return calls


#: ``spied``'s count of a windowed call: the window's rows read through an index (the
#: workstation's on ``server_seq``, the server's change log), the count and total
#: taken from the kept figures (no scan of the table).
WINDOW_ONLY = -1


def _seed_many(server, places: int = 20):
    a, sync_a, _ = server.workstation("a", "C11")
    b, sync_b, _ = server.workstation("b", "C11")
    with a.session() as s:
        for i in range(places):
            place = Place(name=f"مرکز {i}", code=f"5{i:02}")
            s.add(place)
            s.flush()
            s.add(Workshop(place_id=place.id, name=f"کارگاه {i}"))
    sync_a.run()
    assert sync_b.run().repaired == []  # the first sync: the whole scope, equal
    _windowed(b)
    return a, sync_a, b, sync_b


def test_a_windowed_round_hashes_only_the_changed_rows(server, spied, monkeypatch):
    from desktop_app.sync import check_window

    a, sync_a, _b, sync_b = _seed_many(server)
    _windowed(a)
    with a.session() as s:
        for place in s.scalars(select(Place).limit(3)):
            place.city = "ساری"
    spied.clear()
    assert sync_a.run().pushed == 3
    assert sync_b.run().pulled == 3
    assert spied, "no check ran"
    for side, table, since, hashed, counted in spied:
        assert since is not None, (side, table)
        assert hashed == (3 if table == "places" else 0), (side, table, hashed)
        # neither side scans a table: the figures are kept on both
        assert counted == WINDOW_ONLY, (side, table, counted)
    # the next day's first round hashes the whole scope once, then windows again
    monkeypatch.setattr(check_window, "today", lambda: "2099-01-01")
    spied.clear()
    assert sync_b.run().repaired == []
    assert {(since, hashed) for _s, t, since, hashed, _c in spied if t == "places"} == {(None, 20)}
    spied.clear()
    assert sync_b.run().repaired == []
    assert {(since is None, hashed) for _s, t, since, hashed, _c in spied} == {(False, 0)}


def test_a_row_deleted_behind_syncs_back_is_found_by_a_windowed_round(server):
    _a, _sync_a, b, sync_b = _seed_many(server)
    with b.session() as s:
        victim = s.scalars(select(Workshop.id).order_by(Workshop.server_seq)).first()
        s.execute(delete(Workshop).where(Workshop.id == victim))
    _windowed(b)
    report = sync_b.run()
    assert report.repaired == ["workshops"] and report.mismatched == []
    with b.session() as s:
        assert s.get(Workshop, victim) is not None


def test_a_tombstone_flag_flipped_behind_syncs_back_is_found(server):
    _a, _sync_a, b, sync_b = _seed_many(server)
    with b.session() as s:  # the server_seq kept: only the deleted flag differs
        victim = s.scalars(select(Place.id).order_by(Place.server_seq)).first()
        s.execute(update(Place).where(Place.id == victim).values(deleted_at=utcnow()))
    _windowed(b)
    assert sync_b.run().repaired == ["places"]
    with b.session() as s:
        assert s.get(Place, victim).deleted_at is None


@pytest.mark.parametrize("direction", ["newer", "older"])
def test_a_server_seq_changed_on_the_server_behind_its_writer_is_found_by_the_whole_check(
    server, direction, monkeypatch
):
    """The server's row moved to another version around the push writer (no change-log
    row, no kept figure changed): a windowed round compares what the writer kept and
    sees nothing; the day's first round scans the server's tables, finds the row,
    re-pulls it, and counts the server's kept figures again (``check_figures``)."""
    from central_server import check_figures
    from desktop_app.sync import check_window

    _a, _sync_a, b, sync_b = _seed_many(server)
    places = Base.metadata.tables["places"]
    with server.engine.begin() as conn:
        first, top = conn.execute(
            select(func.min(places.c.server_seq), func.max(places.c.server_seq))
        ).one()
        victim = conn.execute(select(places.c.id).where(places.c.server_seq == top)).scalar()
        seq = top + 1000 if direction == "newer" else first - 1
        conn.execute(
            update(places).where(places.c.id == victim).values(server_seq=seq, name="تازه")
        )
    _windowed(b)
    assert sync_b.run().repaired == []  # the kept figures: what the writer wrote
    monkeypatch.setattr(check_window, "today", lambda: "2099-01-01")
    report = sync_b.run()
    assert report.repaired == ["places"] and report.mismatched == []
    with b.session() as s:
        assert (s.get(Place, victim).server_seq, s.get(Place, victim).name) == (seq, "تازه")
    with server.engine.connect() as conn:  # the server's figures counted again
        assert check_figures.kept(conn, None)["places"] == (
            20,
            2 * sum(conn.scalars(select(places.c.server_seq)).all()),
        )


def _local_place(ws, name: str, code: str, **columns) -> None:
    """A place row written straight into the workstation's table (no outbox entry)."""
    with ws.session() as s:
        s.execute(
            Base.metadata.tables["places"]
            .insert()
            .values(
                id=uuid.uuid4(),
                name=name,
                code=code,
                origin_office="C11",
                version=1,
                created_at=utcnow(),
                updated_at=utcnow(),
                **columns,
            )
        )


def test_an_extra_local_row_is_found_by_a_windowed_round(server):
    _a, _sync_a, b, sync_b = _seed_many(server)
    _local_place(b, "اضافه", "999", server_seq=1)  # as if pulled, below the window
    _windowed(b)
    report = sync_b.run()
    # the re-pull cannot take away a row the server never had: reported, not hidden
    assert report.repaired == ["places"] and report.mismatched == ["places"]
    assert sync_b.run().mismatched == ["places"]  # and the next round checks it whole


def test_a_local_row_the_server_never_accepted_is_no_difference(server, spied):
    _a, _sync_a, b, sync_b = _seed_many(server)
    _local_place(b, "ردشده", "998")  # no server_seq: a refused insert kept for the clerk
    spied.clear()
    assert sync_b.run().repaired == []
    assert all(since is not None for _s, _t, since, _h, _c in spied)


def test_a_deleted_and_a_superseded_record_on_the_server_are_followed(server, spied):
    a, sync_a, _b, sync_b = _seed_many(server)
    with a.session() as s:
        gone, edited = s.scalars(select(Workshop).order_by(Workshop.name).limit(2)).all()
        gone.mark_deleted()
        edited.name = "دوباره"
    pushed = sync_a.run()
    assert pushed.pushed == 2, pushed
    spied.clear()
    report = sync_b.run()
    assert report.pulled == 2 and report.repaired == []
    windowed = {(side, hashed) for side, t, since, hashed, _c in spied if t == "workshops"}
    assert windowed == {("ws", 2), ("server", 2)}
    assert all(since is not None for _s, _t, since, _h, _c in spied)


class _OlderServer(httpx.BaseTransport):
    """A server from before the window: ``since`` unknown, no ``since``/``total`` in the
    check's answer."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.asked: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/sync/pull":  # no check with the last page either
            response = self.inner.handle_request(request)
            body = json.loads(response.read())
            body.pop("check", None)
            return httpx.Response(response.status_code, json=body)
        if request.url.path != "/sync/check":
            return self.inner.handle_request(request)
        self.asked.append(str(request.url.query, "ascii"))
        request = httpx.Request("GET", request.url.copy_with(query=None), headers=request.headers)
        response = self.inner.handle_request(request)
        body = json.loads(response.read())
        body.pop("since", None)
        for row in body["tables"]:
            row.pop("total", None)
        return httpx.Response(200, json=body)


def test_an_older_server_without_the_window_gets_the_whole_check(server, spied):
    from desktop_app.sync.client import SyncEngine

    _a, _sync_a, b, _sync_b = _seed_many(server)
    older = _OlderServer(server.transport())
    engine = SyncEngine(b, transport=older, retries=0, backoff=0)
    with b.session() as s:  # a lost row: the whole scope's digest finds it
        victim = s.scalars(select(Workshop.id).order_by(Workshop.server_seq)).first()
        s.execute(delete(Workshop).where(Workshop.id == victim))
    spied.clear()
    report = engine.run()
    assert older.asked[0].startswith("since=")  # asked, ignored
    assert report.repaired == ["workshops"] and report.mismatched == []
    # (the server's spy also saw the check this server computed for the last page,
    # which the older server's answer left out)
    assert {since for side, _t, since, _h, _c in spied if side == "ws"} == {None}


def test_the_check_comes_with_the_pulls_last_page(server, spied):
    a, sync_a, b, sync_b = _seed_many(server)
    with a.session() as s:
        for place in s.scalars(select(Place).limit(2)):
            place.city = "آمل"
    calls_a, calls_b = sync_a.transport.calls, sync_b.transport.calls
    calls_a.clear()
    calls_b.clear()
    spied.clear()
    assert sync_a.run().pushed == 2
    assert sync_b.run().pulled == 2
    # a round is its push and its pull: the server's figures came with the last page
    assert [c for c in calls_a if c != "/sync/device"] == ["/sync/push", "/sync/pull"]
    assert [c for c in calls_b if c != "/sync/device"] == ["/sync/pull"]
    assert {(side, hashed) for side, t, _s, hashed, _c in spied if t == "places"} == {
        ("ws", 2),
        ("server", 2),
    }
    # a copy that diverged is still found, re-pulled, and checked whole over /sync/check
    with b.session() as s:
        s.execute(update(Place).where(Place.city == "آمل").values(server_seq=1))
    report = sync_b.run()
    assert report.repaired == ["places"] and report.mismatched == []
    assert "/sync/check" in calls_b
