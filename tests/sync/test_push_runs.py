"""Runs of inserts sent as columns and answered as ranges (protocol 2, issue 22):
``InsertRun`` in the push request, ``AppliedRange`` in its answer
(``central_server.push_runs``, ``client._push_body``). On SQLite and PostgreSQL:

- a run's inserts applied as sent are one range, numbered as the change log says, and
  a replay of the same body gets the same answer (each record once);
- any other outcome of a run's insert (a refusal, a merge) is its own result, the
  ranges around it numbered right; runs and updates mix in one push;
- hostile run bodies are 422 (never a 500); a bad value in a row refuses that row;
- a workstation sends its backlog as runs and stamps what the ranges say; against a
  server that ignores runs (protocol 1) it believes nothing of them and sends them
  again as mutations; a workstation that sends no run gets no range.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from central_server import push_runs, stored_results
from central_server.models import AppliedRun, RecordChange
from desktop_app.models import Place, Trainee
from desktop_app.sync.client import SyncError
from desktop_app.sync.outbox import SyncOutbox
from desktop_app.sync.protocol import MAX_BATCH, MAX_INT, PushResponse
from tests.sync.pushes import outbox_entry
from tests.sync.test_sync_hostile import Device


def _row(code: str, **kw: Any) -> dict[str, Any]:
    return {"name": "مرکز " + code, "code": code, "origin_office": "C11", **kw}


def _run(device: Device, rows: list[dict[str, Any]], table: str = "places") -> dict[str, Any]:
    """A run of inserts of ``rows`` (same columns), numbered after the device's last seq."""
    first = device.seq + 1
    device.seq += len(rows)
    columns = list(rows[0])
    return {
        "table": table,
        "first_seq": first,
        "mutation_ids": [str(uuid.uuid4()) for _ in rows],
        "record_ids": [str(uuid.uuid4()) for _ in rows],
        "columns": columns,
        "rows": [[row[c] for c in columns] for row in rows],
    }


def _push(device: Device, mutations: list[dict] | None = None, runs: list[dict] | None = None):
    response = device.post("/sync/push", {"mutations": mutations or [], "runs": runs or []})
    assert response.status_code == 200, response.text
    return response.json()


def _numbers(server) -> dict[str, tuple[int, int]]:
    """Each place's (server_seq, change-log number) by record id."""
    with server.sessions() as s:
        logged = dict(s.execute(select(RecordChange.record_id, RecordChange.seq)).all())
        return {
            str(i): (n, logged[str(i)]) for i, n in s.execute(select(Place.id, Place.server_seq))
        }


def _ranged(run: dict, answer: dict) -> dict[str, int]:
    """The change-log number the answer's ranges give each record of ``run``."""
    out = {}
    for r in answer["ranges"]:
        for k in range(r["count"]):
            at = r["first_seq"] + k - run["first_seq"]
            if 0 <= at < len(run["record_ids"]):
                out[run["record_ids"][at]] = r["first_change_seq"] + k
    return out


def test_a_run_is_applied_and_answered_as_one_range_and_a_replay_the_same(server):
    device = Device(server)
    run = _run(device, [_row(f"r{i}") for i in range(6)])
    answer = _push(device, runs=[run])
    assert answer["protocol"] == 2 and answer["results"] == []
    (whole,) = answer["ranges"]
    assert (whole["first_seq"], whole["count"]) == (1, 6)
    numbers = _numbers(server)
    given_ = _ranged(run, answer)
    assert list(given_.values()) == list(
        range(whole["first_change_seq"], whole["first_change_seq"] + 6)
    )
    for record, number in given_.items():
        assert numbers[record] == (number, number)  # the row, the log, the answer agree
    with server.sessions() as s:
        assert s.scalar(select(func.count()).select_from(AppliedRun)) == 1
    assert _push(device, runs=[run]) == answer  # the answer lost, the body sent again
    with server.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Place)) == 6
        assert stored_results.count(s) == 6


def test_a_run_is_taken_apart_and_answered_off_the_event_loop(server, monkeypatch):
    """A push with runs is expanded and answered on a pool thread, not on the event
    loop (a backlog's thousands would hold up the worker's other requests); a push of
    mutations only, on the loop (nothing to take apart: no thread hop)."""
    on_loop: list[tuple[str, bool]] = []

    def watched(name: str, work):
        def run(*args):
            try:
                asyncio.get_running_loop()
            except RuntimeError:
                on_loop.append((name, False))
            else:
                on_loop.append((name, True))
            return work(*args)

        return run

    for name in ("expanded", "answered"):
        monkeypatch.setattr(push_runs, name, watched(name, getattr(push_runs, name)))
    device = Device(server)
    answer = _push(device, runs=[_run(device, [_row(f"t{i}") for i in range(3)])])
    assert answer["ranges"][0]["count"] == 3
    assert on_loop == [("expanded", False), ("answered", False)]
    on_loop.clear()
    assert device.push_one(_row("t3"))["status"] == "applied"
    assert on_loop == [("expanded", True), ("answered", True)]


def test_a_poison_row_in_a_run_is_refused_by_name_and_the_rest_applied(server):
    other = Device(server, "other")
    _push(other, runs=[_run(other, [_row("taken"), _row("t2")])])
    device = Device(server)
    rows = [_row(f"p{i}") for i in range(3)] + [_row("taken")] + [_row(f"q{i}") for i in range(3)]
    run = _run(device, rows)
    answer = _push(device, runs=[run])
    (refused,) = answer["results"]
    assert (refused["seq"], refused["status"], refused["problem"]) == (4, "rejected", "unique")
    assert refused["mutation_id"] == run["mutation_ids"][3]
    assert [(r["first_seq"], r["count"]) for r in answer["ranges"]] == [(1, 3), (5, 3)]
    numbers = _numbers(server)
    given_ = _ranged(run, answer)
    assert len(given_) == 6 and run["record_ids"][3] not in given_
    assert all(numbers[record] == (n, n) for record, n in given_.items())
    assert len(set(given_.values())) == 6
    assert _push(device, runs=[run]) == answer


def test_a_bad_value_in_a_row_refuses_that_row_only(server):
    device = Device(server)
    rows = [_row("v1"), _row("v2", name="a\x00b"), _row("v3", name=12), _row("v4")]
    answer = _push(device, runs=[_run(device, rows)])
    assert [(r["seq"], r["problem"], r["field"]) for r in answer["results"]] == [
        (2, "invalid_value", "name"),
        (3, "invalid_value", "name"),
    ]
    assert [(r["first_seq"], r["count"]) for r in answer["ranges"]] == [(1, 1), (4, 1)]


def test_a_run_s_row_sharing_a_natural_key_is_merged_and_answered_alone(server):
    person = {"first_name": "رضا", "last_name": "کریمی", "origin_office": "C11"}
    other = Device(server, "other")
    kept = _run(other, [{**person, "national_code": "2220458717"}], "trainees")
    _push(other, runs=[kept])
    device = Device(server)
    codes = ["0012345679", "2220458717", "0084575948"]
    run = _run(device, [{**person, "national_code": c} for c in codes], "trainees")
    answer = _push(device, runs=[run])
    (merged,) = answer["results"]
    assert (merged["seq"], merged["status"]) == (2, "merged")
    assert merged["merged_into"] == kept["record_ids"][0]
    assert [(r["first_seq"], r["count"]) for r in answer["ranges"]] == [(1, 1), (3, 1)]
    with server.sessions() as s:
        live = s.scalars(select(Trainee.national_code).where(Trainee.deleted_at.is_(None)))
        assert sorted(live) == sorted(codes)
    assert _push(device, runs=[run]) == answer


def test_runs_and_updates_mix_in_one_push(server):
    device = Device(server)
    first = _run(device, [_row("m1"), _row("m2")])
    before = _push(device, runs=[first])
    base = before["ranges"][0]["first_change_seq"]
    edit = device.mutation({"city": "ساری"}, op="update", record_id=first["record_ids"][0])
    edit["base_seq"] = base
    run = _run(device, [_row("m3"), _row("m4"), _row("m5")])
    last = device.mutation({"city": "گنبد"}, op="update", record_id=run["record_ids"][1])
    last["base_seq"] = None
    answer = _push(device, mutations=[last, edit], runs=[run])  # any order: seqs decide
    assert [(r["seq"], r["status"]) for r in answer["results"]] == [(3, "applied"), (7, "applied")]
    assert [(r["first_seq"], r["count"]) for r in answer["ranges"]] == [(4, 3)]
    with server.sessions() as s:
        cities = dict(s.execute(select(Place.code, Place.city)).all())
    assert (cities["m1"], cities["m4"]) == ("ساری", "گنبد")
    assert _push(device, mutations=[edit, last], runs=[run]) == answer


def test_a_workstation_s_mutations_get_no_range(server):
    """A mutation sent alone (a workstation from before protocol 2) is answered alone."""
    device = Device(server)
    answer = _push(device, mutations=[device.mutation(_row(f"o{i}")) for i in range(3)])
    assert [r["status"] for r in answer["results"]] == ["applied"] * 3
    assert answer["ranges"] == []


def _hostile_bodies() -> list[tuple[str, dict[str, Any]]]:
    def run(**kw: Any) -> dict[str, Any]:
        body = {
            "table": "places",
            "first_seq": 1,
            "mutation_ids": [str(uuid.uuid4()), str(uuid.uuid4())],
            "record_ids": [str(uuid.uuid4()), str(uuid.uuid4())],
            "columns": ["name", "code"],
            "rows": [["a", "a"], ["b", "b"]],
        }
        body.update(kw)
        return body

    one = run()
    mutation = {
        "mutation_id": one["mutation_ids"][0],
        "seq": 3,
        "table": "places",
        "record_id": str(uuid.uuid4()),
        "op": "insert",
        "fields": {},
    }
    many = MAX_BATCH // 2 + 1
    big = run(
        mutation_ids=[str(uuid.uuid4()) for _ in range(many)],
        record_ids=[str(uuid.uuid4()) for _ in range(many)],
        rows=[["x", "x"]] * many,
    )
    return [
        ("ids shorter than rows", {"runs": [run(mutation_ids=[str(uuid.uuid4())])]}),
        ("records shorter than rows", {"runs": [run(record_ids=[str(uuid.uuid4())])]}),
        ("a row too short", {"runs": [run(rows=[["a", "a"], ["b"]])]}),
        ("a row too long", {"runs": [run(rows=[["a", "a"], ["b", "b", "c"]])]}),
        ("an empty run", {"runs": [run(mutation_ids=[], record_ids=[], rows=[])]}),
        ("a column twice", {"runs": [run(columns=["name", "name"])]}),
        ("a bad column name", {"runs": [run(columns=["name", "Code; drop"])]}),
        ("a NUL in a column name", {"runs": [run(columns=["name", "co\x00de"])]}),
        ("a bad table name", {"runs": [run(table="places\x00")]}),
        ("a mutation id twice", {"runs": [run(mutation_ids=[one["mutation_ids"][0]] * 2)]}),
        ("an id of a run and a mutation", {"runs": [one], "mutations": [mutation]}),
        ("a seq of a run and a mutation", {"runs": [run()], "mutations": [{**mutation, "seq": 2}]}),
        ("two runs overlapping", {"runs": [run(), run(first_seq=2)]}),
        ("seq 0", {"runs": [run(first_seq=0)]}),
        ("past the largest integer", {"runs": [run(first_seq=MAX_INT)]}),
        (
            "more than a batch in all",
            {"runs": [big, {**big, "first_seq": many + 1, **_fresh(big)}]},
        ),
        ("rows not lists", {"runs": [run(rows=[{"name": "a"}, {"name": "b"}])]}),
        ("ids not UUIDs", {"runs": [run(mutation_ids=["x", "y"])]}),
    ]


def _fresh(run: dict[str, Any]) -> dict[str, Any]:
    count = len(run["rows"])
    return {
        "mutation_ids": [str(uuid.uuid4()) for _ in range(count)],
        "record_ids": [str(uuid.uuid4()) for _ in range(count)],
    }


@pytest.mark.parametrize(
    ("name", "body"), _hostile_bodies(), ids=[n for n, _b in _hostile_bodies()]
)
def test_a_hostile_run_is_a_422(server, name, body) -> None:
    device = Device(server)
    response = device.post("/sync/push", {"mutations": [], **body})
    assert response.status_code == 422, (name, response.text)
    with server.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Place)) == 0


_VALUE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False),
    st.text(max_size=8),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    columns=st.lists(
        st.sampled_from(["name", "code", "city", "province", "deleted_at", "id", "x", "Bad"]),
        min_size=1,
        max_size=4,
    ),
    data=st.data(),
    first_seq=st.integers(min_value=-1, max_value=3),
    extra=st.integers(min_value=-1, max_value=1),
)
def test_generated_run_bodies_are_answered_never_a_500(
    server, columns, data, first_seq, extra
) -> None:
    count = data.draw(st.integers(min_value=0, max_value=4))
    width = len(columns) + extra
    rows = data.draw(
        st.lists(st.lists(_VALUE, min_size=width, max_size=width), min_size=count, max_size=count)
    )
    body = {
        "mutations": [],
        "runs": [
            {
                "table": data.draw(st.sampled_from(["places", "nope", "trainees"])),
                "first_seq": first_seq,
                "mutation_ids": [str(uuid.uuid4()) for _ in range(count)],
                "record_ids": [str(uuid.uuid4()) for _ in range(count)],
                "columns": columns,
                "rows": rows,
            }
        ],
    }
    device = Device(server, uuid.uuid4().hex)
    response = device.post("/sync/push", body)
    assert response.status_code in (200, 422), response.text
    if response.status_code == 200:
        answer = PushResponse.model_validate_json(response.content)
        answered = {r.seq for r in answer.results} | {
            a.first_seq + k for a in answer.ranges for k in range(a.count)
        }
        assert answered <= set(range(first_seq, first_seq + count))


# -- the workstation ---------------------------------------------------------------


def _places(ctx, count: int, prefix: str = "w") -> None:
    with ctx.session() as s:
        s.add_all(
            Place(name=f"مرکز {i}", code=f"{prefix}{i}", city="گرگان", origin_office="C11")
            for i in range(count)
        )


class Recorder(httpx.BaseTransport):
    """Forwards to ``inner``, keeping each push's body and answer (JSON)."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.pushes: list[tuple[dict, dict]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        if request.url.path == "/sync/push":
            response.read()
            self.pushes.append((json.loads(request.content), response.json()))
        return response


class OlderServer(Recorder):
    """A server from before protocol 2: it ignores a push's runs (pydantic drops the
    unknown field) and its answer has no protocol and no ranges."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path != "/sync/push":
            return self.inner.handle_request(request)
        body = json.loads(request.content)
        body.pop("runs", None)
        older = httpx.Request(
            request.method,
            request.url,
            headers={k: v for k, v in request.headers.items() if k.lower() != "content-length"},
            content=json.dumps(body).encode(),
        )
        response = self.inner.handle_request(older)
        response.read()
        answer = response.json()
        answer.pop("protocol", None)
        answer.pop("ranges", None)
        self.pushes.append((json.loads(request.content), answer))
        return httpx.Response(response.status_code, json=answer)


def _server_places(server) -> dict[str, int]:
    with server.sessions() as s:
        return dict(s.execute(select(Place.code, Place.server_seq)).all())


def _local_places(ctx) -> dict[str, int | None]:
    with ctx.session() as s:
        return dict(s.execute(select(Place.code, Place.server_seq)).all())


def test_a_workstation_sends_its_backlog_as_runs_and_stamps_the_ranges(server):
    ctx, engine, transport = server.workstation("a", "C11")
    recorder = engine.transport = Recorder(transport)
    engine.batch_size = 40
    _places(ctx, 100)
    report = engine.run()
    assert report.pushed == 100
    assert [len(body["mutations"]) for body, _a in recorder.pushes] == [0, 0, 0]
    assert all(answer["ranges"] and not answer["results"] for _b, answer in recorder.pushes)
    assert _local_places(ctx) == _server_places(server)  # each stamped with its number
    with ctx.session() as s:
        assert s.scalar(select(func.count()).select_from(SyncOutbox)) == 0


class LoseFirstPushAnswer(Recorder):
    """The first push reaches the server, its answer is lost."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        if request.url.path == "/sync/push" and len(self.pushes) == 1:
            raise httpx.ReadError("injected: answer lost", request=request)
        return response


def test_a_lost_answer_to_a_run_is_replayed_and_each_record_sent_once(server):
    ctx, engine, transport = server.workstation("a", "C11")
    lossy = engine.transport = LoseFirstPushAnswer(transport)
    _places(ctx, 30)
    with pytest.raises(SyncError):
        engine.run()
    assert len(_server_places(server)) == 30  # applied; the workstation does not know
    engine.run()
    (first, lost), (again, replayed) = lossy.pushes[:2]
    assert first == again and replayed == lost  # the same body, the same answer
    assert lost["ranges"] and lost["ranges"][0]["count"] == 30
    assert _local_places(ctx) == _server_places(server)
    assert len(_server_places(server)) == 30
    with ctx.session() as s:
        assert s.scalar(select(func.count()).select_from(SyncOutbox)) == 0


def _edit(ctx, code: str, city: str) -> None:
    with ctx.session() as s:
        s.scalars(select(Place).where(Place.code == code)).one().city = city


def test_an_older_server_ignoring_runs_gets_them_again_as_mutations(server):
    ctx, engine, transport = server.workstation("a", "C11")
    older = engine.transport = OlderServer(transport)
    _places(ctx, 5)
    engine.run()
    (first_body, _first_answer), *rest = older.pushes
    assert first_body["runs"]  # sent as a run first: the server's age was not known
    assert not engine.send_runs
    assert [len(body["mutations"]) for body, _a in rest] == [5]
    assert all("runs" not in body for body, _a in rest)
    assert _local_places(ctx) == _server_places(server)
    with ctx.session() as s:
        assert s.scalar(select(func.count()).select_from(SyncOutbox)) == 0


def test_an_older_server_stopping_at_the_gap_a_run_left_keeps_what_it_applied(server):
    """Mutations before and after a run: the older server applies those before, stops
    at the gap (``expected_seq``); the workstation keeps those answers and sends the
    rest as mutations."""
    ctx, engine, transport = server.workstation("a", "C11")
    _places(ctx, 1, "a")
    engine.run()  # seq 1 (alone: no run)
    _edit(ctx, "a0", "ساری")  # seq 2
    _places(ctx, 4, "b")  # seqs 3-6: a run
    _edit(ctx, "b0", "گنبد")  # seq 7
    older = engine.transport = OlderServer(transport)
    engine.run()
    body, answer = older.pushes[0]
    assert [m["seq"] for m in body["mutations"]] == [2, 7] and body["runs"]
    assert answer["expected_seq"] == 3 and [r["seq"] for r in answer["results"]] == [2]
    assert _local_places(ctx) == _server_places(server)
    with server.sessions() as s:
        cities = dict(s.execute(select(Place.code, Place.city)).all())
    assert (cities["a0"], cities["b0"]) == ("ساری", "گنبد")
    with ctx.session() as s:
        assert s.scalar(select(func.count()).select_from(SyncOutbox)) == 0


def test_a_body_with_runs_says_what_the_mutations_say():
    """``client._push_body(runs=True)``, taken apart by the server
    (``push_runs.expanded``), is exactly the mutations of the outbox entries
    (``_mutation``): runs where inserts of one table name the same columns one after
    another, everything else as mutations."""
    from types import SimpleNamespace

    from central_server.push_runs import expanded
    from desktop_app.sync.client import _mutation, _push_body
    from desktop_app.sync.protocol import PushRequest

    seq = iter(range(1, 100))

    def entry(fields: dict, **kw: Any) -> SimpleNamespace:
        return outbox_entry(next(seq), fields, **kw)

    odd = {
        "name": 'a"\\b\n\u2067',
        "n": 2**62,
        "big": 10**30,
        "rate": 3.5,
        "e": 1e16,  # pydantic writes 1e16 where json writes 1e+16: the same number
        "x": [1, {"k": None}],
        "f": False,
    }
    entries = [
        entry({"name": "مرکز «۱»", "code": "c1", "city": None}),
        entry({"name": "مرکز ۲", "code": "c2", "city": "ساری"}),
        entry({"code": "c3", "name": "n", "city": None}),  # other order: a new run
        entry({"code": "c4", "name": "n", "city": None}),
        entry({"name": "x"}, op="update", base_seq=7, base_version=3),
        entry(odd),
        entry(odd),
        entry(odd, table="workshops"),  # another table
        entry({"name": "سلام"}, ascii=True),  # an escape: as written
        entry({"name": "y"}, base_seq=4),  # a base: not a new record's
        entry({"Bad Key": 1, "name": "z"}),
        entry({"name": "z2"}),
    ]
    body, sent_runs = _push_body(entries, runs=True)
    request = PushRequest.model_validate_json(body)
    assert sent_runs and [len(r.rows) for r in request.runs] == [2, 2, 2]
    expected = [_mutation(e).model_dump() for e in entries]
    assert [m.model_dump() for m in expanded(request).mutations] == expected
    assert _push_body(entries, runs=False)[1] is False


def test_an_entry_pydantic_cannot_read_goes_as_json_reads_it():
    """A ``fields`` text pydantic's parser refuses and json reads (an escaped lone
    surrogate, a value nested deeper than pydantic goes) is sent as written, spliced
    into its mutation, as before ``_push_body`` read texts with pydantic."""
    import json

    from desktop_app.sync.client import _push_body

    deep: Any = None
    for _ in range(300):
        deep = [deep]
    entries = [
        outbox_entry(1, {"name": "\ud800x"}, ascii=True),
        outbox_entry(2, {"city": "\ud800y"}),  # not escaped: pydantic's TypeError
        outbox_entry(3, {"name": "n", "x": deep}),
        outbox_entry(4, {"name": "n", "x": deep}),
    ]
    body, sent_runs = _push_body(entries, runs=True)
    sent = json.loads(body)
    assert [(m["seq"], m["fields"]) for m in sent["mutations"]] == [
        (1, {"name": "\ud800x"}),
        (2, {"city": "\ud800y"}),
    ]
    assert '"fields":' + entries[0].fields in body  # as written: the escape kept
    assert sent_runs and sent["runs"][0]["first_seq"] == 3
    assert sent["runs"][0]["rows"] == [["n", deep], ["n", deep]]
