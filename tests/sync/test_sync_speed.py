"""Issue 22 (sync part): the short paths taken for speed give exactly the answers of
the long ones they stand in for."""

from __future__ import annotations

import functools
import uuid

import pytest

from desktop_app.models import FieldRuleError, synced_models
from desktop_app.sync import codec, state

#: Wire values of every kind, well-formed and not (each column sees all of them).
SAMPLES = [
    None,
    True,
    False,
    0,
    1,
    -1,
    2**15,
    2**31,
    2**63,
    3.5,
    float("nan"),
    "",
    "abc",
    "x" * 300,
    "a\x00b",
    "\ud800",
    "سلام",
    "12",
    "1.5",
    "AAAA",
    "pending",
    "confirmed",
    str(uuid.uuid4()),
    "{12345678-1234-5678-1234-567812345678}",
    "2024-01-02",
    "2024-01-02T03:04:05+03:30",
    "2024-01-02T03:04:05",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-12:00",
    "not-a-date",
    [1],
    {"a": 1},
]


def _outcome(call, value):
    try:
        return ("ok", call(value))
    except FieldRuleError as exc:
        return ("refused", exc.field, exc.detail, exc.message)


@pytest.mark.parametrize("model", synced_models(), ids=lambda m: m.__tablename__)
def test_the_compiled_check_of_every_column_answers_as_decode_checked(model):
    for column in model.__table__.columns:
        compiled = codec.checked_decoder(column)
        for value in SAMPLES:
            slow = _outcome(functools.partial(codec.decode_checked, column), value)
            assert _outcome(compiled, value) == slow, (column.name, value)


def test_decode_values_checked_refuses_the_first_bad_column_and_drops_unknown_ones():
    from desktop_app.models import Base

    places = Base.metadata.tables["places"]
    values = {"name": "مرکز", "code": "c1", "unknown_column": 5, "version": 1}
    assert codec.decode_values_checked(places, values) == {
        "name": "مرکز",
        "code": "c1",
        "version": 1,
    }
    with pytest.raises(FieldRuleError) as refused:
        codec.decode_values_checked(places, {"name": "x" * 5000})
    assert refused.value.field == "name"
    with pytest.raises(FieldRuleError):
        codec.decode_values_checked(places, {"version": "1"})


def test_row_values_keeps_the_wire_form_of_every_type():
    from datetime import UTC, date, datetime
    from decimal import Decimal

    from sqlalchemy import Column, Date, DateTime, Integer, MetaData, Numeric, String, Table, Uuid

    table = Table(
        "t",
        MetaData(),
        Column("id", Uuid, primary_key=True),
        Column("s", String(5)),
        Column("n", Integer),
        Column("d", Date),
        Column("ts", DateTime),
        Column("m", Numeric),
    )
    rid = uuid.uuid4()
    row = {
        "id": rid,
        "s": "ab",
        "n": 3,
        "d": date(2024, 1, 2),
        "ts": datetime(2024, 1, 2, 3, 4, 5),
        "m": Decimal("1.50"),
    }
    assert codec.row_values(table, row) == {
        "id": str(rid),
        "s": "ab",
        "n": 3,
        "d": "2024-01-02",
        "ts": datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC).isoformat(),
        "m": "1.50",
    }


def test_a_batch_of_updates_is_judged_as_one_by_one(server):
    """Updates of distinct records are judged in one savepoint with what they read
    fetched once; a row the database refuses (a code another office's place holds) undoes the
    group and each is judged alone: the clash alone is refused, a concurrent change of
    the same column is a conflict, a change of another column merges, the rest apply,
    each with its own change-log number."""
    from sqlalchemy import select

    from central_server.models import AppliedMutation, RecordChange
    from desktop_app.models import Place
    from tests.sync.test_sync_robust import _edit, _get, _place, _ws

    other, sync_other, _ = _ws(server, "other", "C12")  # a sibling office A cannot read
    _place(other, "909")
    sync_other.run()
    a, sync_a, _ = _ws(server, "a", "C11")
    b, sync_b, _ = _ws(server, "b", "C11")
    ids = [_place(a, f"90{i}") for i in range(6)]
    sync_a.run()
    sync_b.run()
    _edit(b, ids[2], city="بابل")  # the same column as A's edit: a conflict
    _edit(b, ids[4], manager="رضایی")  # another column: merged
    sync_b.run()
    for i, pid in enumerate(ids):
        if i == 1:  # with the code the sibling office's place holds: the server refuses it
            _edit(a, pid, city="ساری", code="909")
        else:
            _edit(a, pid, city="ساری")
    report = sync_a.run()
    assert report.conflicts == 2
    with server.sessions() as s:
        outcome = {
            m.record_id: (m.status, m.change_seq)
            for m in s.scalars(
                select(AppliedMutation).where(
                    AppliedMutation.device_uid == str(a.workstation.device_id)
                )
            )
            if m.seq > len(ids)
        }
        seqs = {c.record_id: c.seq for c in s.scalars(select(RecordChange))}
        on_server = {pid: s.get(Place, pid) for pid in ids}
        assert [on_server[p].city for p in ids] == [
            "ساری",
            "گرگان",
            "بابل",
            "ساری",
            "ساری",
            "ساری",
        ]
        assert on_server[ids[1]].code == "901" and on_server[ids[4]].manager == "رضایی"
    statuses = [outcome[str(p)][0] for p in ids]
    assert statuses == ["applied", "rejected", "conflict", "applied", "merged", "applied"]
    changed = [outcome[str(p)][1] for p in (ids[0], ids[3], ids[4], ids[5])]
    assert changed == [seqs[str(p)] for p in (ids[0], ids[3], ids[4], ids[5])]
    assert changed == sorted(changed)
    assert _get(a, ids[4]).manager == "رضایی"  # the merged row came back whole


def all_types_table(name: str = "", *extra):
    """A table with a column of every type the synced models use (``extra`` columns
    added after ``code``); a fresh name each call unless ``name`` is given."""
    from sqlalchemy import (
        JSON,
        BigInteger,
        Boolean,
        Column,
        Date,
        DateTime,
        Integer,
        LargeBinary,
        MetaData,
        Numeric,
        String,
        Table,
        Text,
        Uuid,
    )

    return Table(
        name or f"bulk_types_{uuid.uuid4().hex[:8]}",
        MetaData(),
        Column("id", Uuid, primary_key=True),
        Column("code", String(20), nullable=False, unique=True),
        *extra,
        Column("note", Text),
        Column("n", Integer),
        Column("big", BigInteger),
        Column("flag", Boolean),
        Column("day", Date),
        Column("at", DateTime(timezone=True)),
        Column("amount", Numeric(12, 2)),
        Column("photo", LargeBinary),
        Column("extra", JSON),
    )


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_insert_rows_writes_what_insert_writes_and_raises_as_it_does(backend, tmp_path, request):
    """``sync.bulk.insert_rows`` (COPY on PostgreSQL, plain tuples on SQLite) stores
    every column type exactly as ``insert()`` does, and a refused row raises
    SQLAlchemy's IntegrityError (the push's per-row fallback relies on it)."""
    from datetime import UTC, date, datetime
    from decimal import Decimal

    from sqlalchemy import create_engine, insert, select
    from sqlalchemy.exc import IntegrityError

    from desktop_app.sync import bulk

    url = (
        f"sqlite:///{tmp_path / 'bulk.sqlite3'}"
        if backend == "sqlite"
        else request.getfixturevalue("pg_database_url")
    )
    engine = create_engine(url)
    table = all_types_table()
    table.metadata.create_all(engine)

    def rows(tag: str) -> list[dict]:
        return [
            {
                "id": uuid.uuid4(),
                "code": f"{tag}{i}",
                "note": "یادداشت\n" * (i % 3) if i % 4 else None,
                "n": -i,
                "big": 2**40 + i,
                "flag": i % 2 == 0,
                "day": date(2024, 1, 1 + i % 28),
                "at": datetime(2024, 3, 20, 10, i % 60, tzinfo=UTC),
                "amount": Decimal(f"{i}.25"),
                "photo": bytes([i % 256, 0, 255]),
                "extra": {"k": [i, "س", None]},
            }
            for i in range(bulk.MIN_ROWS + 4)
        ]

    def stored(ids) -> list[tuple]:
        with engine.connect() as conn:
            found = conn.execute(select(table).where(table.c.id.in_(ids)).order_by(table.c.n))
            return [
                tuple(v for k, v in r._mapping.items() if k not in ("id", "code")) for r in found
            ]

    fast, plain = rows("a"), rows("b")
    with engine.begin() as conn:
        bulk.insert_rows(conn, table, fast)
        conn.execute(insert(table), plain)
    assert stored([r["id"] for r in fast]) == stored([r["id"] for r in plain])
    with pytest.raises(IntegrityError), engine.begin() as conn:
        bulk.insert_rows(conn, table, [{**r, "id": uuid.uuid4()} for r in fast])  # same codes
    table.metadata.drop_all(engine)
    engine.dispose()


def test_execute_rows_updates_what_execute_updates(tmp_path):
    """``sync.bulk.execute_rows`` (plain tuples on SQLite) writes exactly what
    ``conn.execute(update, rows)`` writes, a parameter used twice and a typed id
    included; a statement with a value of its own goes the ordinary way."""
    from datetime import UTC, datetime

    from sqlalchemy import bindparam, create_engine, func, insert, or_, select, update

    from desktop_app.sync import bulk

    engine = create_engine(f"sqlite:///{tmp_path / 'rows.sqlite3'}")
    table = all_types_table()
    table.metadata.create_all(engine)
    count = bulk.MIN_ROWS + 3
    ids = {tag: [uuid.uuid4() for _ in range(count)] for tag in "ab"}
    with engine.begin() as conn:
        for tag, keys in ids.items():
            conn.execute(
                insert(table),
                [{"id": k, "code": f"{tag}{i}", "n": i % 4 or None} for i, k in enumerate(keys)],
            )
    statement = (
        update(table)
        .where(table.c.id == bindparam("rid"), or_(table.c.n.is_(None), table.c.n < bindparam("s")))
        .values(n=bindparam("s"), big=func.coalesce(bindparam("v"), table.c.big), at=bindparam("t"))
    )

    def params(keys) -> list[dict]:
        at = datetime(2024, 3, 20, 10, 0, tzinfo=UTC)
        return [{"rid": k, "s": 2, "v": i if i % 2 else None, "t": at} for i, k in enumerate(keys)]

    def stored(keys) -> list[tuple]:
        with engine.connect() as conn:
            rows = conn.execute(
                select(table.c.n, table.c.big, table.c.at).where(table.c.id.in_(keys))
            )
            return sorted(map(tuple, rows), key=repr)

    with engine.begin() as conn:
        bulk.execute_rows(conn, statement, params(ids["a"]))
        conn.execute(statement, params(ids["b"]))
    assert stored(ids["a"]) == stored(ids["b"])
    assert {r[0] for r in stored(ids["a"])} == {2, 3}  # 3 was not below 2: kept
    with engine.begin() as conn:  # a value of its own (code="x"): the ordinary path
        bulk.execute_rows(
            conn,
            update(table).where(table.c.id == bindparam("rid")).values(note="x"),
            [{"rid": k} for k in ids["a"]],
        )
        assert set(
            conn.execute(select(table.c.note).where(table.c.id.in_(ids["a"]))).scalars()
        ) == {"x"}
    table.metadata.drop_all(engine)
    engine.dispose()


def test_the_push_body_is_the_push_request_of_the_outbox_entries():
    """``client._push_body`` (outbox ``fields`` text spliced in) says exactly what
    ``PushRequest(mutations=[_mutation(e)…])`` says: keys that cannot name a column are
    left out, any text and any base sequence survive."""
    import json

    from desktop_app.sync.client import _mutation, _push_body
    from desktop_app.sync.protocol import PushRequest
    from tests.sync.pushes import outbox_entry as entry

    entries = [
        entry(1, {"name": "مرکز «۱»", "code": "c1", "city": None, "n": 2**40}),
        entry(2, {"name": 'a"\\b\n\u2067'}, op="update", base_seq=7, base_version=3),
        entry(3, {"name": "سلام"}, ascii=True),
        entry(4, {"Bad Key": 1, "name": "x", "a\u200cb": 2}),  # left out, as _mutation does
        entry(5, {}, op="update", base_seq=0),
        entry(6, {"x" * 63: [1, {"k": None}], "flag": True, "rate": 3.5}),
        entry(7, {"name": "y"}),
    ]
    entries[-1].record_id = entries[-1].record_id.upper()  # not canonical: _mutation's way
    body, _runs = _push_body(entries)
    expected = PushRequest(mutations=[_mutation(e) for e in entries])
    assert PushRequest.model_validate_json(body) == expected
    assert json.loads(body) == json.loads(expected.model_dump_json(exclude={"runs"}))
    assert _push_body(entries[:1]) == _push_body(entries[:1])  # the seen-names cache


def _snapshot_office(server, rows: int = 12):
    """Workstation A of C11 with ``rows`` places (one deleted) and a trainee with an
    enrollment-free record chain; a sibling office's place B must never see."""
    from tests.sync.test_sync_robust import _edit, _place, _ws

    server.app.state.settings.snapshot_min_rows = 5  # a log this long takes the snapshot
    sibling, sync_sibling, _ = _ws(server, "sibling", "C12")
    hidden = _place(sibling, "999")
    sync_sibling.run()
    a, sync_a, _ = _ws(server, "a", "C11")
    ids = [_place(a, f"70{i:02d}", name=f"مرکز {i}") for i in range(rows)]
    _edit(a, ids[3], city="ساری")
    from desktop_app.models import utcnow

    _edit(a, ids[4], deleted_at=utcnow())
    sync_a.run()
    return a, sync_a, ids, hidden


def _same_places(server, ctx, ids) -> None:
    from desktop_app.models import Place

    columns = [c.key for c in Place.__mapper__.column_attrs]
    with server.sessions() as s:
        on_server = {pid: s.get(Place, pid) for pid in ids}
        for pid in ids:
            with ctx.session() as w:
                mine = w.get(Place, pid)
                for column in columns:
                    theirs = getattr(on_server[pid], column)
                    if hasattr(theirs, "tzinfo") and theirs is not None:
                        theirs = theirs.replace(tzinfo=None)
                    assert getattr(mine, column) == theirs, column


def test_a_first_sync_takes_the_snapshot_and_goes_on_with_pages(server):
    """A new workstation of a long log fetches ONE snapshot of its office's scope (not
    the sibling's), ends equal to the server (the check after sync agrees), and its
    next rounds pull only what changed after the snapshot's cursor."""
    from sqlalchemy import func, select

    from central_server.models import RecordChange
    from desktop_app.models import Place
    from tests.sync.test_sync_robust import _edit, _get, _ws

    a, sync_a, ids, hidden = _snapshot_office(server)
    b, sync_b, transport_b = _ws(server, "b", "C11")
    sync_b.page_size = 4  # the first page says "more": a long log
    report = sync_b.run()
    assert transport_b.calls.count("/sync/snapshot") == 1
    assert report.pulled == len(ids) and report.mismatched == []
    assert _get(b, hidden) is None
    _same_places(server, b, ids)
    with server.sessions() as s:
        top = s.scalar(select(func.max(RecordChange.seq)))
    with b.session() as s:
        assert state.get_state(s, state.CURSOR) == top
        assert s.scalar(select(func.count()).select_from(Place)) == len(ids)
    assert not (b.data_dir / "first-sync.snapshot").exists()
    _edit(a, ids[0], city="بابل")
    sync_a.run()
    report = sync_b.run()
    assert (report.pulled, transport_b.calls.count("/sync/snapshot")) == (1, 1)
    assert _get(b, ids[0]).city == "بابل"


def test_a_cut_off_snapshot_download_resumes_and_a_damaged_one_is_fetched_again(server):
    import json

    from tests.sync.test_sync_robust import _ws

    _a, _sync_a, ids, _hidden = _snapshot_office(server, rows=40)
    b, sync_b, transport_b = _ws(server, "b", "C11")
    sync_b.page_size = 4
    asked: list[dict] = []
    transport_b.before = lambda request: (
        asked.append(json.loads(request.content)) if request.url.path == "/sync/snapshot" else None
    )
    path = b.data_dir / "first-sync.snapshot"
    with httpx_client(sync_b) as http:
        digest = sync_b._download_snapshot(http, path)
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 2])  # the connection dropped half-way
    report = sync_b.run()
    assert asked[-1] == {
        "protocol": asked[-1]["protocol"],
        "sha256": digest,
        "offset": len(whole) // 2,
    }
    assert report.pulled == len(ids) and report.mismatched == []
    _same_places(server, b, ids)

    c, sync_c, _transport_c = _ws(server, "c", "C11")
    sync_c.page_size = 4
    path = c.data_dir / "first-sync.snapshot"
    with httpx_client(sync_c) as http:
        sync_c._download_snapshot(http, path)
    damaged = bytearray(path.read_bytes())
    path.write_bytes(bytes(damaged[:-10]) + b"x" * 5)  # a kept part that is not the file
    report = sync_c.run()
    assert report.pulled == len(ids) and report.mismatched == []
    _same_places(server, c, ids)


def httpx_client(sync_engine):
    from desktop_app.sync.client import _http, load_token

    return _http(sync_engine.ctx, sync_engine.transport, load_token(sync_engine.ctx.data_dir))


def test_the_check_figures_are_those_of_the_python_lines(server):
    """The check's figures (on PostgreSQL computed in SQL, ``sha256`` included; on
    SQLite one aggregate pass) equal the ones of the sorted ``id:server_seq:deleted``
    lines computed in Python, with tombstones, for one office and for all, over the
    whole scope and over a window."""
    import hashlib

    from sqlalchemy import select

    from desktop_app.models import Base, utcnow
    from desktop_app.sync.check import table_digest, table_figures
    from tests.sync.test_sync_robust import _edit, _place, _ws

    a, sync_a, _ = _ws(server, "a", "C11")
    ids = [_place(a, f"80{i}") for i in range(9)]
    _edit(a, ids[2], deleted_at=utcnow())
    sync_a.run()
    table = Base.metadata.tables["places"]
    with server.engine.connect() as conn:
        seqs = sorted(conn.execute(select(table.c.server_seq)).scalars())
        for offices in (["C11"], None, ["C21"]):
            query = select(table.c.id, table.c.server_seq, table.c.deleted_at).where(
                table.c.server_seq.is_not(None)
            )
            if offices is not None:
                query = query.where(table.c.origin_office.in_(offices))
            rows = [
                (str(rid), seq, 0 if gone is None else 1) for rid, seq, gone in conn.execute(query)
            ]
            total = sum(2 * seq + gone for _rid, seq, gone in rows)
            for since in (None, seqs[4]):
                lines = sorted(
                    f"{rid}:{seq}:{gone}" for rid, seq, gone in rows if since is None or seq > since
                )
                digest = hashlib.sha256("\n".join(lines).encode()).hexdigest()
                found = table_figures(conn, "places", offices, since)
                assert (found.count, found.total, found.digest, found.hashed) == (
                    len(rows),
                    total,
                    digest,
                    len(lines),
                )
                if since is None:
                    assert table_digest(conn, "places", offices) == (len(rows), digest)


def test_a_workstation_that_pushed_a_long_backlog_does_not_pull_it_back_as_a_snapshot(server):
    """Its first pull finds only its own changes (it holds them): pages, no snapshot of
    its own records; a new workstation of the office still takes the snapshot."""
    from tests.sync.test_sync_robust import _place, _ws

    server.app.state.settings.snapshot_min_rows = 5
    a, sync_a, transport_a = _ws(server, "a", "C11")
    sync_a.page_size = 1  # a page scans 20 of its own changes: 24 say "more"
    ids = [_place(a, f"71{i:02d}") for i in range(24)]
    report = sync_a.run()
    assert (report.pushed, report.pulled) == (len(ids), 0)
    assert "/sync/snapshot" not in transport_a.calls
    b, sync_b, transport_b = _ws(server, "b", "C11")
    sync_b.page_size = 4
    assert sync_b.run().pulled == len(ids)
    assert transport_b.calls.count("/sync/snapshot") == 1
    _same_places(server, b, ids)


def test_a_server_worker_freezes_what_it_loaded_at_start(server):
    """The modules, models and app a worker loads live as long as it: frozen at start
    (``gc.freeze``), so the collector's full walks during a big push skip them."""
    import gc

    from fastapi.testclient import TestClient

    gc.unfreeze()
    try:
        with TestClient(server.app, base_url="https://miz.test") as client:
            assert client.get("/health").status_code == 200
            assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
