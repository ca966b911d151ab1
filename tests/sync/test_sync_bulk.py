"""Sync in bulk (issue 22): a workstation is not sent back its own changes, batches of
inserts are applied set-based, and nothing of exactly-once changes. Both backends."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from central_server import stored_results
from central_server.models import RecordChange
from desktop_app.models import Place
from desktop_app.sync import state
from tests.sync.test_sync_robust import _edit, _get, _place, _ws


def _pulled(sync_engine) -> int:
    return sync_engine.run().pulled


def test_own_inserts_are_not_pulled_back_but_the_cursor_passes_them(server):
    a, sync_a, _ = _ws(server, "a", "C11")
    b, sync_b, _ = _ws(server, "b", "C11")
    ids = [_place(a, f"30{i}", name=f"مرکز {i}") for i in range(7)]
    report = sync_a.run()
    assert report.pushed == 7
    assert report.pulled == 0  # its own rows stay where they are
    with server.sessions() as s:
        top = s.scalar(select(RecordChange.seq).order_by(RecordChange.seq.desc()).limit(1))
        server_rows = {p.id: (p.server_seq, p.version) for p in s.scalars(select(Place))}
    with a.session() as s:
        assert state.get_state(s, state.CURSOR) == top
        assert state.get_state(s, state.OWN_THROUGH) == top
    for pid in ids:  # what pulling it back would have written
        row = _get(a, pid)
        assert (row.server_seq, row.version) == server_rows[pid]
    assert _pulled(sync_b) == 7
    for pid in ids:
        mine, theirs = _get(a, pid), _get(b, pid)
        assert (mine.name, mine.code, mine.server_seq, mine.version, mine.origin_office) == (
            theirs.name,
            theirs.code,
            theirs.server_seq,
            theirs.version,
            theirs.origin_office,
        )


def test_a_merged_change_is_pulled_back_whole(server):
    """B changed the city, A (not having pulled it) the manager: the server merges both,
    so A must receive the merged row — its copy lacks B's city."""
    a, sync_a, _ = _ws(server, "a", "C11")
    b, sync_b, _ = _ws(server, "b", "C11")
    pid = _place(a, "401")
    sync_a.run()
    sync_b.run()
    _edit(b, pid, city="ساری")
    sync_b.run()
    _edit(a, pid, manager="احمدی")
    report = sync_a.run()
    assert report.conflicts == 0
    assert report.pulled >= 1
    row = _get(a, pid)
    assert (row.city, row.manager) == ("ساری", "احمدی")
    with server.sessions() as s:
        assert s.get(Place, pid).version == row.version


def test_a_workstation_restored_from_an_older_state_gets_its_rows_back(server):
    """``own_through`` lives in the workstation's database: a copy from before the push
    (own_through 0, old cursor) is sent everything again, its own rows included."""
    a, sync_a, _ = _ws(server, "a", "C11")
    ids = [_place(a, f"50{i}") for i in range(3)]
    sync_a.run()
    with a.session() as s:  # what an older copy of the database held
        state.set_state(s, state.OWN_THROUGH, 0)
        state.set_state(s, state.CURSOR, 0)
    assert sync_a.run().pulled == len(ids)


def test_own_updates_are_not_pulled_back_and_the_copies_are_equal(server):
    """An update sends what the save stamped (``updated_at``) with the changed columns:
    the server's copy is then exactly the workstation's, so it is not sent back."""
    a, sync_a, _ = _ws(server, "a", "C11")
    b, sync_b, _ = _ws(server, "b", "C11")
    ids = [_place(a, f"55{i}") for i in range(4)]
    sync_a.run()
    sync_b.run()
    for pid in ids:
        _edit(a, pid, city="ساری")
    report = sync_a.run()
    assert (report.pushed, report.pulled) == (4, 0)
    assert sync_b.run().pulled == 4
    columns = ("city", "updated_at", "server_seq", "version")
    with server.sessions() as s:
        on_server = {pid: tuple(getattr(s.get(Place, pid), c) for c in columns) for pid in ids}
    for pid in ids:
        mine, theirs = _get(a, pid), _get(b, pid)
        assert tuple(getattr(mine, c) for c in columns) == tuple(
            getattr(theirs, c) for c in columns
        )
        stamp = on_server[pid][1].replace(tzinfo=None)  # SQLite keeps naive UTC
        assert (mine.city, mine.updated_at, mine.server_seq, mine.version) == (
            on_server[pid][0],
            stamp,
            *on_server[pid][2:],
        )
    assert sync_a.run().pulled == 0


def test_another_workstations_later_change_of_my_record_reaches_me(server):
    a, sync_a, _ = _ws(server, "a", "C11")
    b, sync_b, _ = _ws(server, "b", "C11")
    pid = _place(a, "601")
    sync_a.run()
    sync_b.run()
    _edit(b, pid, city="بابل")
    sync_b.run()
    sync_a.run()
    assert _get(a, pid).city == "بابل"


@pytest.mark.parametrize("page", [1, 3])
def test_pages_of_only_own_changes_still_move_the_cursor(server, page):
    a, sync_a, _ = _ws(server, "a", "C11")
    b, sync_b, _ = _ws(server, "b", "C11")
    sync_a.page_size = sync_b.page_size = page
    for i in range(5):
        _place(a, f"70{i}")
    other = _place(b, "799")
    sync_b.run()
    sync_a.run()
    assert _get(a, other) is not None
    with server.sessions() as s:
        assert stored_results.count(s) > 0
        top = s.scalar(select(RecordChange.seq).order_by(RecordChange.seq.desc()).limit(1))
    with a.session() as s:
        assert state.get_state(s, state.CURSOR) == top


def test_a_batch_of_inserts_with_one_refused_row_keeps_exact_outcomes(server):
    """The set-based insert of a batch falls back to one savepoint per mutation when the
    database refuses a row: the clash alone is refused, every other insert is applied
    with its own change-log entry, in device order."""
    other, sync_other, _ = _ws(server, "other", "C12")
    _place(other, "801")
    sync_other.run()
    a, sync_a, _ = _ws(server, "a", "C11")
    before = [_place(a, f"81{i}") for i in range(3)]
    clash = _place(a, "801", name="تکراری")
    after = [_place(a, f"82{i}") for i in range(3)]
    report = sync_a.run()
    assert (report.pushed, report.conflicts) == (7, 1)  # a refusal leaves the outbox too
    with server.sessions() as s:
        # the device's mutations 1‥7 in the order they were made
        stored = stored_results.outcomes(s, str(a.workstation.device_id))
        rows = {pid: stored[seq][1:] for seq, pid in enumerate([*before, clash, *after], 1)}
        seqs = {c.record_id: c.seq for c in s.scalars(select(RecordChange))}
        assert s.get(Place, clash) is None
    assert rows[clash] == ("rejected", None)
    for pid in before + after:
        assert rows[pid] == ("applied", seqs[str(pid)])
    ordered = [seqs[str(p)] for p in before + after]
    assert ordered == sorted(ordered) and len(set(ordered)) == len(ordered)


def test_an_insert_then_its_update_in_one_batch(server):
    a, sync_a, _ = _ws(server, "a", "C11")
    b, sync_b, _ = _ws(server, "b", "C11")
    pid = _place(a, "851")
    _edit(a, pid, city="گنبد")
    _place(a, "852")
    assert sync_a.run().pushed == 3
    sync_b.run()
    assert _get(b, pid).city == "گنبد"
    with server.sessions() as s:
        assert s.get(Place, pid).version == _get(a, pid).version == _get(b, pid).version


def test_on_sqlite_a_bad_token_a_pull_and_a_check_never_wait_for_the_writer(
    tmp_path, sqlite_template
):
    """Authentication, pulls and the check after sync run in read-only transactions:
    while another request holds SQLite's write lock, a bad token is answered 401, a pull
    and a check 200 (before, they queued behind the writer until its busy timeout)."""
    import shutil

    from sqlalchemy import text

    from tests.sync.conftest import Harness

    path = tmp_path / "server.sqlite3"
    shutil.copy(sqlite_template, path)
    server = Harness(f"sqlite:///{path}", tmp_path)
    try:
        a, sync_a, _ = _ws(server, "a", "C11")
        _place(a, "901")
        sync_a.run()
        token = (a.data_dir / "sync-token").read_text().strip()
        with server.engine.connect() as writer:  # BEGIN IMMEDIATE: the write lock
            writer.execute(text("UPDATE device_states SET last_seq = last_seq"))
            bad = server.client.post(
                "/sync/push",
                json={"mutations": []},
                headers={"Authorization": "Bearer not-a-token"},
            )
            pulled = server.client.post(
                "/sync/pull", json={"since": 0}, headers={"Authorization": f"Bearer {token}"}
            )
            checked = server.client.get("/sync/check", headers={"Authorization": f"Bearer {token}"})
            writer.rollback()
        assert bad.status_code == 401
        assert pulled.status_code == 200 and len(pulled.json()["changes"]) == 1
        places = [t for t in checked.json()["tables"] if t["table"] == "places"]
        assert checked.status_code == 200 and places[0]["count"] == 1
    finally:
        server.close()
