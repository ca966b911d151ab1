"""A run of inserts judged as columns (``central_server.run_judge``) is judged exactly
as its inserts one by one (issue 22), on SQLite and PostgreSQL.

The same requests — fresh runs, runs of a table with references (a parent missing,
deleted, written by an earlier run of the push), a doubted value, an office outside
the device's scope, a record the server holds, a record twice, a record a mutation of
the same push changes, server-owned columns, a replay, a lost answer replayed with a
run more, a mutation id stored as refused sent again, a gap, a number used twice, a
second device of another office — are pushed to a new server twice: with runs judged
as columns, and with every run taken apart into its mutations (``run_judge.columnar``
says no). The answers, the rows, the change log, the stored results, the device
states and the check's kept figures are the same; and the columnar way was taken for
the runs it may take. A generated test does the same with runs of places spoiled at
random (``SPOILS``: bad values, an office outside the scope, a live code taken, a
record born deleted), records sent again and bodies sent twice, and finds every run
sent once with nothing spoiled written as columns (and some written so over the
examples).
"""

from __future__ import annotations

import random
import uuid
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from central_server import check_figures, run_judge, stored_results
from central_server.models import Device as Enrolled
from central_server.models import DeviceState, RecordChange
from desktop_app.models import Base
from tests.sync.conftest import Harness, _empty_pg
from tests.sync.test_sync_hostile import Device

#: Columns the server stamps with its own clock (not part of a judgement).
CLOCK = {"created_at", "updated_at"}
TABLES = ("places", "workshops")


class Scenario:
    """Request bodies built once, with fixed ids, for two devices."""

    def __init__(self) -> None:
        self.rng = random.Random(22)
        self.seq = {"a": 0, "b": 0}
        self.places: list[str] = []  # ids of places on the server (as sent)
        self.steps: list[tuple[str, dict[str, Any]]] = []
        #: runs sure to be written as columns (``_generated``: sent once, none of their
        #: rows spoiled, none of their records in another entry of the push)
        self.sure = 0

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def run(
        self,
        device: str,
        rows: list[dict[str, Any]],
        table: str = "places",
        record_ids: list[str] | None = None,
        first_seq: int | None = None,
    ) -> dict[str, Any]:
        first = first_seq if first_seq is not None else self.seq[device] + 1
        self.seq[device] = max(self.seq[device], first + len(rows) - 1)
        columns = list(rows[0])
        return {
            "table": table,
            "first_seq": first,
            "mutation_ids": [self.uid() for _ in rows],
            "record_ids": record_ids or [self.uid() for _ in rows],
            "columns": columns,
            "rows": [[row[c] for c in columns] for row in rows],
        }

    def mutation(self, device: str, fields: dict[str, Any], **kw: Any) -> dict[str, Any]:
        self.seq[device] += 1
        body = {
            "mutation_id": self.uid(),
            "seq": self.seq[device],
            "table": "places",
            "record_id": self.uid(),
            "op": "insert",
            "fields": fields,
        }
        body.update(kw)
        return body

    def push(self, device: str, runs: Sequence[dict] = (), mutations: Sequence[dict] = ()) -> dict:
        body = {"mutations": list(mutations), "runs": list(runs)}
        self.steps.append((device, body))
        return body


def _place(n: int, **kw: Any) -> dict[str, Any]:
    return {"name": f"مرکز {n}", "code": f"c{n}", "city": "گرگان", "origin_office": "C11", **kw}


def _workshop(n: int, place: str, **kw: Any) -> dict[str, Any]:
    return {"place_id": place, "name": f"کارگاه {n}", "origin_office": "C11", **kw}


def _scenario() -> Scenario:
    s = Scenario()
    dead = "2026-01-02T03:04:05.000006+00:00"
    # a fresh run (one inserted already deleted); a run without the office (the device's)
    first = s.run("a", [_place(i, deleted_at=dead if i == 3 else None) for i in range(40)])
    no_office = s.run("a", [{"name": f"م{i}", "code": f"n{i}"} for i in range(9)])
    s.push("a", [first, no_office])
    live, deleted = first["record_ids"][0], first["record_ids"][3]
    # references: all known; one missing; one under a deleted place; parents written
    # by an earlier run of the same push
    parents = s.run("a", [_place(100 + i) for i in range(10)])
    s.push(
        "a",
        [
            s.run("a", [_workshop(i, live) for i in range(12)], "workshops"),
            s.run(
                "a", [_workshop(20 + i, s.uid() if i == 5 else live) for i in range(8)], "workshops"
            ),
            s.run(
                "a",
                [_workshop(30 + i, deleted if i == 2 else live) for i in range(8)],
                "workshops",
            ),
            parents,
            s.run(
                "a",
                [_workshop(40 + i, p) for i, p in enumerate(parents["record_ids"])],
                "workshops",
            ),
        ],
    )
    # a doubted value; an office outside the scope; server-owned columns sent
    lost = s.push(
        "a",
        [
            s.run(
                "a", [_place(200 + i, postal_code="9" * 40 if i == 4 else "") for i in range(10)]
            ),
            s.run(
                "a", [_place(300 + i, origin_office="C21" if i == 1 else "C11") for i in range(10)]
            ),
            s.run("a", [dict(_place(400 + i), version=7, server_seq=99) for i in range(10)]),
        ],
    )
    refused_id = lost["runs"][0]["mutation_ids"][4]
    # the answer was lost: the same body again (a replay), then again with a run more
    s.push("a", lost["runs"])
    s.push("a", [*lost["runs"], s.run("a", [_place(500 + i) for i in range(10)])])
    # a record the server holds; a record twice in a run; a record a mutation changes
    twice = s.uid()
    changed = s.uid()
    held = s.run("a", [_place(600 + i) for i in range(10)])
    held["record_ids"][7] = live
    s.push(
        "a",
        [
            held,
            s.run(
                "a",
                [_place(700 + i) for i in range(10)],
                record_ids=[twice, *[s.uid() for _ in range(8)], twice],
            ),
            s.run(
                "a",
                [_place(800 + i) for i in range(10)],
                record_ids=[changed, *[s.uid() for _ in range(9)]],
            ),
        ],
        [s.mutation("a", {"city": "ساری"}, op="update", record_id=changed, base_seq=0)],
    )
    # a big run after a mutation of the push (numbered after the write)
    before = s.mutation("a", _place(999))
    s.push("a", [s.run("a", [_place(1000 + i) for i in range(70)])], [before])
    # another device, another office: its own run, and one of an office not its own
    s.push("b", [s.run("b", [_place(1100 + i, origin_office="C12") for i in range(12)])])
    s.push("b", [s.run("b", [_place(1200 + i) for i in range(12)])])
    # a gap; a number used twice (422)
    base = s.seq["a"]
    gap = s.run("a", [_place(1300 + i) for i in range(10)], first_seq=s.seq["a"] + 3)
    s.push("a", [gap])
    s.seq["a"] -= 12
    reuse = s.run("a", [_place(1400 + i) for i in range(10)])
    s.push("a", [reuse], [dict(s.mutation("a", _place(1499)), seq=reuse["first_seq"] + 2)])
    # a mutation id stored as refused, sent again in a run with new numbers
    # (the stored answer is given, and the device is expected to send the number on)
    again = s.run("a", [_place(900 + i) for i in range(10)], first_seq=base + 1)
    again["mutation_ids"][0] = refused_id
    s.push("a", [again])
    return s


def _state(harness: Harness, names: dict[str | None, str]) -> dict[str, Any]:
    """What the server holds, device uids replaced by the devices' names."""
    out: dict[str, Any] = {}
    with harness.sessions() as s:
        for name in TABLES:
            table = Base.metadata.tables[name]
            rows = s.execute(select(table).order_by(table.c.id)).mappings()
            out[name] = [{k: v for k, v in r.items() if k not in CLOCK} for r in rows]
        out["log"] = [
            (
                c.seq,
                c.table_name,
                c.record_id,
                c.origin_office,
                names.get(c.origin_device, c.origin_device),
                names.get(c.inserted_by, c.inserted_by),
            )
            for c in s.scalars(select(RecordChange).order_by(RecordChange.seq))
        ]
        for uid, name in names.items():
            out[f"stored {name}"] = stored_results.outcomes(s, uid or "")
        out["states"] = sorted(
            (names[d.device_uid], d.last_seq) for d in s.scalars(select(DeviceState))
        )
    with harness.engine.connect() as conn:  # the check's kept figures, as kept
        out["figures"] = check_figures.kept(conn, None)
    return out


def _played(harness: Harness, scenario: Scenario) -> tuple[list[Any], dict[str, Any]]:
    devices = {"a": _device(harness, "C11"), "b": _device(harness, "C12")}
    with harness.sessions() as s:
        offices = {"C11": "a", "C12": "b"}
        names = {d.device_uid: offices[d.office_code] for d in s.scalars(select(Enrolled))}
    with harness.engine.begin() as conn:  # the check's figures kept from the start
        check_figures.recount(conn, TABLES)
    answers = []
    for name, body in scenario.steps:
        response = devices[name].post("/sync/push", body)
        answers.append((response.status_code, response.json()))
    return answers, _state(harness, names)


def _device(harness: Harness, office: str) -> Device:
    """A raw device (``test_sync_hostile.Device``) of ``office``, enrolled over HTTP
    with no workstation of its own (quick: no local database made)."""
    answer = harness.client.post(
        "/sync/enroll",
        json={"code": harness.enroll_code(office), "device_id": str(uuid.uuid4())},
    )
    assert answer.status_code == 200, answer.text
    device = Device.__new__(Device)
    device.client = harness.client
    device.headers = {"Authorization": f"Bearer {answer.json()['token']}"}
    device.seq = 0
    return device


def _fresh(request, tmp: Path, sqlite_template: Path) -> Harness:
    import shutil

    tmp.mkdir()
    if request.node.callspec.params["backend"] == "sqlite":
        path = tmp / "server.sqlite3"
        shutil.copy(sqlite_template, path)
        return Harness(f"sqlite:///{path}", tmp)
    url = request.getfixturevalue("pg_database_url")
    _empty_pg(url)
    return Harness(url, tmp)


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_runs_judged_as_columns_are_judged_as_their_inserts(
    backend, request, tmp_path, sqlite_template, monkeypatch
):
    scenario = _scenario()
    written: list[int] = []
    write = run_judge.write

    def counted(session, job, run):
        done = write(session, job, run)
        if done is not None:
            written.append(len(run.rows))
        return done

    monkeypatch.setattr(run_judge, "write", counted)
    columnar = _fresh(request, tmp_path / "columnar", sqlite_template)
    try:
        by_columns = _played(columnar, scenario)
    finally:
        columnar.close()
    monkeypatch.setattr(run_judge, "columnar", lambda run: False)
    alone = _fresh(request, tmp_path / "alone", sqlite_template)
    try:
        one_by_one = _played(alone, scenario)
    finally:
        alone.close()
    # the columnar way was taken: the fresh runs, the clean runs with references, the
    # run after a mutation, the other device's own
    assert len(written) >= 8 and 70 in written, str(written)
    for step, (got, expected) in enumerate(zip(by_columns[0], one_by_one[0], strict=True)):
        assert got == expected, f"answer {step}"
    assert [status for status, _ in by_columns[0]][-3:] == [200, 422, 200]  # gap; used twice
    assert by_columns[1] == one_by_one[1]


#: A run's row made hostile, one way each (the others as ``_place`` makes them).
SPOILS = [
    ("name", "م" * 201),
    ("name", "a\x00b"),
    ("name", "\ud800"),
    ("licence_expiry", "1403-13-45"),
    ("deleted_at", "yesterday"),
    ("kind", "mobile_unit"),
    ("server_seq", "x"),
    ("origin_office", "C21"),  # outside the scope
    ("origin_office", None),  # the device's own
    ("code", "c0"),  # a live code taken (the database refuses the row)
    ("deleted_at", "2026-01-02T03:04:05+00:00"),  # born deleted (its code free again)
]


@st.composite
def _generated(draw: st.DrawFn) -> Scenario:
    """Pushes of runs of places by device a: rows spoiled one way or another
    (``SPOILS``), a record the server holds sent again, a body sent twice."""
    s = Scenario()
    s.rng = random.Random(draw(st.integers(0, 2**32)))
    code = iter(range(10**6))
    held: list[str] = []
    for _push in range(draw(st.integers(1, 4))):
        replay: bool = draw(st.booleans())
        if s.steps and replay:
            again: list[dict[str, Any]] = s.steps[-1][1]["runs"]
            s.push("a", again)  # the answer lost: sent again
            continue
        runs = []
        clean = []  # the runs of the push none of whose rows is spoiled nor sent before
        for _run in range(draw(st.integers(1, 3))):
            count = draw(st.sampled_from([2, 9, 33]))
            rows = [
                _place(
                    next(code), licence_expiry=None, deleted_at=None, kind="center", server_seq=None
                )
                for _ in range(count)
            ]
            spoils = draw(st.integers(0, 2))
            for _ in range(spoils):
                field, value = draw(st.sampled_from(SPOILS))
                rows[draw(st.integers(0, count - 1))][field] = value
            run = s.run("a", rows)
            sent_again = bool(held) and draw(st.integers(0, 4)) == 0
            if sent_again:
                run["record_ids"][draw(st.integers(0, count - 1))] = draw(st.sampled_from(held))
            held.extend(run["record_ids"])
            runs.append(run)
            if not spoils and not sent_again:
                clean.append(run)
        s.push("a", runs)
        in_push = Counter(rid for run in runs for rid in run["record_ids"])
        s.sure += sum(all(in_push[rid] == 1 for rid in run["record_ids"]) for run in clean)
    return s


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_generated_runs_are_judged_as_their_inserts(
    backend, request, tmp_path_factory, sqlite_template, monkeypatch
):
    # the columnar way counted over the examples (called through; never reached when
    # ``columnar`` says no)
    judged: list[int] = []
    written: list[int] = []
    write = run_judge.write

    def counted(session, job, run):
        done = write(session, job, run)
        judged.append(len(run.rows))
        if done is not None:
            written.append(len(run.rows))
        return done

    monkeypatch.setattr(run_judge, "write", counted)

    @settings(
        max_examples=10,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(scenario=_generated())
    def judged_alike(scenario: Scenario) -> None:
        tmp = tmp_path_factory.mktemp("generated")
        before = len(written)
        by_columns = _both(request, tmp / "columnar", sqlite_template, scenario, columnar=True)
        one_by_one = _both(request, tmp / "alone", sqlite_template, scenario, columnar=False)
        assert by_columns == one_by_one
        # every run sure to be (``Scenario.sure``) was written as columns
        assert len(written) - before >= scenario.sure, (written[before:], scenario.sure)

    judged_alike()
    assert judged and written, (judged, written)


def _both(request, tmp: Path, template: Path, scenario: Scenario, columnar: bool) -> Any:
    """``_played`` on a new server, runs judged as columns where they may be or never."""
    harness = _fresh(request, tmp, template)
    saved = run_judge.columnar
    if not columnar:
        run_judge.columnar = lambda run: False  # type: ignore[assignment]
    try:
        return _played(harness, scenario)
    finally:
        run_judge.columnar = saved  # type: ignore[assignment]
        harness.close()


def test_a_table_name_no_table_has_is_not_remembered():
    """``columnar`` of a run naming a table no synced model has (any name a client
    sends) is no, and no cache of ``run_judge`` keeps the name (one keyed by such names
    would grow without end)."""
    from desktop_app.sync.protocol import InsertRun

    def run(name: str) -> InsertRun:
        return InsertRun(
            table=name,
            first_seq=1,
            mutation_ids=[uuid.uuid4()],
            record_ids=[uuid.uuid4()],
            columns=["name"],
            rows=[["x"]],
        )

    assert run_judge.columnar(run("places"))
    caches = [f for f in vars(run_judge).values() if callable(getattr(f, "cache_info", None))]
    before = [f.cache_info().currsize for f in caches]
    assert not any(run_judge.columnar(run(f"no_such_table_{i}")) for i in range(50))
    assert [f.cache_info().currsize for f in caches] == before


@pytest.mark.parametrize("backend", ["sqlite"])
def test_a_run_of_every_column_stores_its_moments_as_its_inserts_do(
    backend, request, tmp_path, sqlite_template, monkeypatch
):
    """A run naming every column, as a workstation sends it, takes the columnar insert's
    quick path on SQLite, its moments written from their wire text
    (``columns.sqlite_moments``): the text stored is the one the inserts judged one by
    one store (SQLAlchemy's), with and without a fraction, and None."""
    places = Base.metadata.tables["places"]
    scenario = Scenario()
    rows = []
    for n in range(24):
        row = {c: "" for c in places.c.keys() if c not in ("id", "version", "server_seq")}
        row.update(
            _place(n),
            kind="center",
            licence_expiry=None if n % 2 else "2027-03-21",
            created_at=f"2026-12-07T08:{n:02d}:05{'.000123' if n % 3 else ''}+00:00",
            updated_at=f"2026-12-07T09:{n:02d}:00.999999+00:00",
            deleted_at="2026-12-07T10:00:00+00:00" if n == 5 else None,
        )
        rows.append(row)
    scenario.push("a", runs=[scenario.run("a", rows)])
    stored: list[dict] = []
    insert_columns = run_judge.insert_columns

    def spied(conn, table, columns, moments=None):
        stored.append(dict(moments or {}))
        return insert_columns(conn, table, columns, moments)

    monkeypatch.setattr(run_judge, "insert_columns", spied)
    texts = []
    for columnar in (True, False):
        harness = _fresh(request, tmp_path / f"columnar-{columnar}", sqlite_template)
        saved = run_judge.columnar
        if not columnar:
            monkeypatch.setattr(run_judge, "columnar", lambda run: False)
        try:
            answers, _state = _played(harness, scenario)
            assert answers[0][0] == 200 and answers[0][1]["ranges"], answers
            with harness.engine.connect() as conn:
                texts.append(
                    conn.exec_driver_sql(
                        "SELECT id, created_at, updated_at, deleted_at, licence_expiry "
                        "FROM places ORDER BY id"
                    ).all()
                )
        finally:
            monkeypatch.setattr(run_judge, "columnar", saved)
            harness.close()
    assert len(stored) == 1 and {"created_at", "updated_at", "deleted_at"} <= set(stored[0])
    by_columns, one_by_one = texts
    assert len(by_columns) == 24 and by_columns == one_by_one
    assert {len(r[1]) for r in by_columns} == {26}  # the fraction written out, as SQLAlchemy
