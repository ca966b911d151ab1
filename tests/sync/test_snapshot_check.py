"""Issue 22, the check after a first sync from a snapshot: a new workstation that the
file alone filled counts the file as a whole check at its cursor
(``check_window.vouch``), so the same round asks only the window above it — and that
window, with the whole scope's count and total, still finds a file short of a row."""

from __future__ import annotations

import json

import pytest

from tests.sync.test_snapshot_load import _tamper


@pytest.fixture
def asked(monkeypatch) -> list[int | None]:
    """The ``since`` of every check the server answers."""
    from central_server import app

    seen: list[int | None] = []
    real = app.check_answer

    def spy(session, device, since, *rest):
        seen.append(since)
        return real(session, device, since, *rest)

    monkeypatch.setattr(app, "check_answer", spy)
    return seen


def _cursor(ctx) -> int:
    from desktop_app.sync import state

    with ctx.session() as s:
        return int(state.get_state(s, state.CURSOR, 0))


def test_a_new_workstation_checks_only_above_its_snapshot(server, asked):
    from tests.sync.test_sync_robust import _ws
    from tests.sync.test_sync_speed import _same_places, _snapshot_office

    _a, _sync_a, ids, _hidden = _snapshot_office(server)
    asked.clear()  # the office's own rounds
    b, sync_b, transport_b = _ws(server, "b", "C11")
    sync_b.page_size = 4
    report = sync_b.run()
    assert transport_b.calls.count("/sync/snapshot") == 1
    assert asked == [_cursor(b)]  # one check, windowed at the snapshot's cursor
    assert report.mismatched == [] and report.repaired == []
    _same_places(server, b, ids)


def test_a_snapshot_short_of_a_row_is_found_by_the_windowed_check(server, asked, monkeypatch):
    """The file's hash is right but a place is missing: the whole scope's count (kept
    figures against the server's) differs, the table is pulled again and ends equal."""
    from tests.sync.test_sync_robust import _ws
    from tests.sync.test_sync_speed import _same_places, _snapshot_office

    _a, _sync_a, ids, _hidden = _snapshot_office(server)

    def drop_one(lines):
        out, table = [], ""
        for line in lines:
            item = json.loads(line)
            if isinstance(item, dict) and "t" in item:
                table = item["t"]
            elif table == "places" and isinstance(item, list):
                line = json.dumps(item[1:], ensure_ascii=False)
            out.append(line)
        return out

    _tamper(monkeypatch, drop_one)
    asked.clear()
    b, sync_b, _transport = _ws(server, "b", "C11")
    sync_b.page_size = 4
    report = sync_b.run()
    assert asked[0] is not None  # the first check was the window's
    assert report.repaired == ["places"] and report.mismatched == []
    _same_places(server, b, ids)


def test_a_workstation_the_file_did_not_fill_alone_checks_the_whole_scope(
    server, asked, monkeypatch
):
    """A batch that went in row by row (the fast path doubted it) vouches for nothing:
    the round's check hashes the whole scope."""
    from desktop_app.sync import client
    from tests.sync.test_sync_robust import _ws
    from tests.sync.test_sync_speed import _snapshot_office

    _snapshot_office(server)
    asked.clear()
    monkeypatch.setattr(client, "load_batch", lambda *args: False)
    _b, sync_b, _transport = _ws(server, "b", "C11")
    sync_b.page_size = 4
    report = sync_b.run()
    assert asked == [None]
    assert report.mismatched == [] and report.repaired == []


@pytest.mark.parametrize(
    "scope",
    [{}, {"offices": [1], "tables": [{}]}, {"offices": "C11", "tables": ["places"]}],
    ids=["older-server", "not-names", "not-a-list"],
)
def test_a_header_without_the_check_s_scope_vouches_for_nothing(server, asked, monkeypatch, scope):
    """An older server's header (the cursor alone) or one whose scope is not lists of
    names: the file loads as before and the round's check hashes the whole scope."""
    from tests.sync.test_sync_robust import _ws
    from tests.sync.test_sync_speed import _snapshot_office

    _a, _sync_a, ids, _hidden = _snapshot_office(server)

    def header(lines):
        cursor = json.loads(lines[0])["cursor"]
        return [json.dumps({"cursor": cursor, **scope}), *lines[1:]]

    _tamper(monkeypatch, header)
    asked.clear()
    _b, sync_b, _transport = _ws(server, "b", "C11")
    sync_b.page_size = 4
    report = sync_b.run()
    assert report.pulled == len(ids)
    assert asked == [None]
    assert report.mismatched == [] and report.repaired == []
