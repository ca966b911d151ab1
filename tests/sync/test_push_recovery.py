"""A push survives what goes wrong around it (issue 22's faster push paths):

- a push writer's kept connection (``group_commit._Held``) lost to a PostgreSQL
  restart between groups costs one group run one by one, never an answer;
- a run of inserts whose answer was lost, sent again as plain mutations, or its tail
  again within a longer run, is applied once and answered with its first numbers;
- the garbage collector held off for a big push comes back on when that push fails.
"""

from __future__ import annotations

import gc

import pytest
from sqlalchemy import create_engine, func, select, text

from central_server import collector, group_judge, stored_results
from desktop_app.models import Place
from tests.sync.test_group_commit import _devices, _Hold, _insert, _run_together, _writer
from tests.sync.test_push_runs import _push, _ranged, _row, _run
from tests.sync.test_sync_hostile import Device


def test_a_writer_s_kept_connection_killed_between_groups_loses_no_push(pg_server):
    server = pg_server
    devices = _devices(server, 8)
    hold = _Hold()
    writer, _judged = _writer(server, hold, judge_group=group_judge.judge_together)
    first = _run_together(writer, hold, [(d, _insert(1, f"a{i}")) for i, d in enumerate(devices)])
    assert all(a.results[0].status == "applied" for a in first)
    assert writer.groups == 1
    # every connection of the server's database dropped, as by a restart (the writer's
    # kept one among them: its thread is still alive, idle)
    killer = create_engine(server.engine.url, isolation_level="AUTOCOMMIT")
    with killer.connect() as conn:
        killed = conn.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        ).scalar()
    killer.dispose()
    assert killed >= 1
    hold.clear()
    hold.busy.clear()
    second = _run_together(writer, hold, [(d, _insert(2, f"b{i}")) for i, d in enumerate(devices)])
    assert all(not isinstance(a, Exception) for a in second), second
    assert all(a.results[0].status == "applied" for a in second)
    assert writer.groups == 1  # the group on the dead connection was run one by one
    with server.sessions() as s:
        assert len(s.scalars(select(Place.id)).all()) == 16


def _as_mutations(run: dict) -> list[dict]:
    """The inserts of ``run`` as plain mutations (what a workstation falls back to)."""
    return [
        {
            "mutation_id": mid,
            "seq": run["first_seq"] + i,
            "table": run["table"],
            "record_id": rid,
            "op": "insert",
            "fields": dict(zip(run["columns"], row, strict=True)),
        }
        for i, (mid, rid, row) in enumerate(
            zip(run["mutation_ids"], run["record_ids"], run["rows"], strict=True)
        )
    ]


def test_a_run_replayed_as_mutations_or_split_with_new_inserts_is_applied_once(server):
    device = Device(server)
    run = _run(device, [_row(f"r{i}") for i in range(6)])
    first = _ranged(run, _push(device, runs=[run]))  # its answer lost
    # sent again as plain mutations: each answered alone, as the first time
    again = _push(device, mutations=_as_mutations(run))
    assert again["ranges"] == []
    assert {str(r["mutation_id"]): r["change_seq"] for r in again["results"]} == {
        mid: first[rid] for mid, rid in zip(run["mutation_ids"], run["record_ids"], strict=True)
    }
    assert all(r["status"] == "applied" and r["version"] == 1 for r in again["results"])
    # its last three sent again as a run with three new inserts after them
    tail = _run(device, [_row(f"n{i}") for i in range(3)])
    joined = {key: run[key][3:] + tail[key] for key in ("mutation_ids", "record_ids", "rows")} | {
        "table": "places",
        "first_seq": run["first_seq"] + 3,
        "columns": run["columns"],
    }
    answer = _push(device, runs=[joined])
    assert answer["results"] == []
    given = _ranged(joined, answer)
    for rid in run["record_ids"][3:]:
        assert given[rid] == first[rid]  # the replayed ones: their first numbers
    with server.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Place)) == 9
        assert stored_results.count(s) == 9


def test_the_collector_comes_back_on_when_a_big_push_fails():
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector.held_off(True):
        assert not gc.isenabled()
        with collector.held_off(True):  # another big push at once (any thread)
            pass
        assert not gc.isenabled()  # the first one still runs
        raise RuntimeError("a push failed")
    assert gc.isenabled()
