"""Issue 22, the first sync's pull: a snapshot batch written in one statement
(``sync.snapshot_load``) stores exactly what the row-by-row applier stores, never
writes a value the strict checks refuse, and a hostile snapshot — its hash right, its
content not — is refused as cleanly as a hostile page."""

from __future__ import annotations

import gzip
import hashlib
import json
import uuid
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import (
    Column,
    Integer,
    String,
    Table,
    create_engine,
    func,
    insert,
    select,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from desktop_app.models import FieldRuleError
from desktop_app.sync import codec, snapshot_load, state
from tests.sync.test_sync_speed import SAMPLES, all_types_table


def _table(name: str) -> Table:
    return all_types_table(
        name,
        Column("kind", String(10), info={"choices": ("a", "b")}),
        Column("small", Integer),
    )


def _row(i: int) -> dict:
    return {
        "id": uuid.uuid4(),
        "code": f"c{i}",
        "kind": "ab"[i % 2],
        "note": "یادداشت\nدوم" if i % 3 else None,
        "n": -i,
        "small": i,
        "big": 2**40 + i,
        "flag": i % 2 == 0,
        "day": date(2024, 1, 1 + i % 28),
        "at": datetime(2024, 3, 20, 10, i % 60, 5, i * 7 % 3 * 1000, tzinfo=UTC),  # µs 0 too
        "amount": None,
        "photo": bytes([i % 256, 0, 255]) if i % 2 else None,
        "extra": {"k": [i, "س", None]},
    }


@pytest.fixture
def db(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'ws.sqlite3'}")
    fast, slow = _table("fast_rows"), _table("slow_rows")
    fast.metadata.create_all(engine)
    slow.metadata.create_all(engine)
    yield engine, fast, slow
    engine.dispose()


def _stored(conn, table: Table) -> list[tuple]:
    """The raw stored values (SQLite's storage form), ordered by code."""
    return [tuple(r) for r in conn.exec_driver_sql(f"SELECT * FROM {table.name} ORDER BY code")]


def _wire_batch(table: Table, rows: list[dict]) -> tuple[list[str], list[list]]:
    names = [c.name for c in table.columns]
    wires = [codec.row_values(table, r) for r in rows]
    return names, [[w[n] for n in names] for w in wires]


def test_a_batch_stores_exactly_what_the_row_applier_stores(db):
    engine, fast, slow = db
    rows = [_row(i) for i in range(12)]
    names, batch = _wire_batch(fast, rows)
    with engine.begin() as conn:
        assert snapshot_load.load_batch(conn, fast, names, batch)
        wires = [dict(zip(names, r, strict=True)) for r in batch]
        conn.execute(insert(slow), [codec.decode_values_checked(slow, w) for w in wires])
        assert _stored(conn, fast) == _stored(conn, slow)
        assert len(_stored(conn, fast)) == 12


#: Values the fast path must doubt (or get right) besides the codec's samples.
HOSTILE = [
    str(uuid.uuid4()).upper(),
    f"{uuid.uuid4()}\n{uuid.uuid4()}",
    "2024-01-02T03:04:05+03:30",
    "2024-13-02T03:04:05+00:00",
    "2024-02-30T03:04:05.000001+00:00",
    "2024-01-02T03:04:05.1+00:00",
    "20240102",
    "2024-02-30",
    "۲۰۲۴-01-02",
    "c\n1",
    "z" * 21,
    "c",
]


@pytest.mark.parametrize("column", [c.name for c in _table("t").columns])
def test_a_batch_never_writes_a_value_the_strict_checks_refuse(db, column):
    """Each column, each sample: a value ``decode_checked`` refuses makes the batch
    go row by row (False, nothing written); one it accepts is stored as ``insert()``
    stores it (or the batch goes row by row)."""
    engine, fast, slow = db
    for value in [*SAMPLES, *HOSTILE]:
        names, batch = _wire_batch(fast, [_row(1), _row(2)])
        batch[1][names.index(column)] = value
        try:
            codec.decode_checked(fast.c[column], value)
            refused = False
        except FieldRuleError:
            refused = True
        with engine.connect() as conn:
            conn.exec_driver_sql("BEGIN")  # pysqlite: the savepoint inside a real transaction
            try:
                with conn.begin_nested():
                    written = snapshot_load.load_batch(conn, fast, names, batch)
            except DBAPIError:  # the database refused it (the caller's savepoint)
                written = False
            if refused:
                assert not written, (column, value)
            if written:
                wires = [dict(zip(names, r, strict=True)) for r in batch]
                conn.execute(insert(slow), [codec.decode_values_checked(slow, w) for w in wires])
                assert _stored(conn, fast) == _stored(conn, slow), (column, value)
            else:
                assert _stored(conn, fast) == [], (column, value)
            conn.rollback()


def test_a_malformed_batch_goes_row_by_row(db):
    engine, fast, _slow = db
    names, batch = _wire_batch(fast, [_row(1), _row(2)])
    with engine.begin() as conn:
        assert not snapshot_load.load_batch(conn, fast, names, [batch[0], batch[1][:-1]])
        assert not snapshot_load.load_batch(conn, fast, names, [batch[0], {"id": 1}])
        assert not snapshot_load.load_batch(conn, fast, [*names[:-1], "id"], batch)
        assert _stored(conn, fast) == []
    assert list(snapshot_load.read_batches(['{"t": "x", "c": ["id"]}', '[["a"]]'])) == [
        ("x", ["id"], [["a"]])
    ]
    with pytest.raises(ValueError):
        list(snapshot_load.read_batches(['[["a"]]']))


def _tamper(monkeypatch, change):
    """The server's snapshot built as usual, then its lines passed through ``change``
    and its sha256 written anew: a file whose hash is right and content is not."""
    from central_server import snapshot

    real = snapshot.build

    def build(session, device, synced, folder):
        _digest, cursor = real(session, device, synced, folder)
        path = folder / f"{device.device_uid}.snapshot"
        lines = gzip.decompress(path.read_bytes()).decode("utf-8").splitlines()
        data = gzip.compress(("\n".join(change(lines)) + "\n").encode("utf-8"))
        path.write_bytes(data)
        digest = hashlib.sha256(data).hexdigest()
        path.with_suffix(".sha256").write_text(digest, encoding="ascii")
        return digest, cursor

    monkeypatch.setattr(snapshot, "build", build)


def test_a_hostile_snapshot_sets_its_bad_rows_aside_and_writes_no_bad_value(server, monkeypatch):
    from desktop_app.models import Place, SyncProblem
    from tests.sync.test_sync_robust import _ws
    from tests.sync.test_sync_speed import _snapshot_office

    _a, _sync_a, ids, _hidden = _snapshot_office(server)

    def change(lines):
        out, columns = [], []
        for line in lines:
            item = json.loads(line)
            if isinstance(item, dict) and "c" in item:
                columns = item["c"] if item["t"] == "places" else []
            elif isinstance(item, list) and columns:
                item[0][columns.index("name")] = "x" * 5000  # longer than the column
                item[1][columns.index("created_at")] = "2024-13-01T00:00:00+00:00"
                item[2] = item[2][:-1]  # a value short
                line = json.dumps(item, ensure_ascii=False)
            out.append(line)
        return out

    _tamper(monkeypatch, change)
    b, sync_b, transport_b = _ws(server, "b", "C11")
    sync_b.page_size = 4
    sync_b.run()
    assert transport_b.calls.count("/sync/snapshot") == 1
    with b.session() as s:
        assert s.scalar(select(func.count()).select_from(SyncProblem)) == 3
        assert s.scalar(select(func.max(func.length(Place.name)))) < 5000
        stored = s.scalar(select(func.count()).select_from(Place))
    assert stored == len(ids) - 3


def test_an_unreadable_snapshot_writes_nothing_and_the_next_round_starts_over(server, monkeypatch):
    from desktop_app.models import Place
    from desktop_app.sync.client import SyncError
    from tests.sync.test_sync_robust import _ws
    from tests.sync.test_sync_speed import _same_places, _snapshot_office

    _a, _sync_a, ids, _hidden = _snapshot_office(server)
    _tamper(monkeypatch, lambda lines: [*lines[:-1], "[[not json"])
    b, sync_b, transport_b = _ws(server, "b", "C11")
    sync_b.page_size = 4
    with pytest.raises(SyncError):
        sync_b.run()
    with b.session() as s:
        assert s.scalar(select(func.count()).select_from(Place)) == 0
        assert state.get_state(s, state.CURSOR, 0) == 0
    assert not (b.data_dir / "first-sync.snapshot").exists()
    monkeypatch.undo()
    report = sync_b.run()
    assert transport_b.calls.count("/sync/snapshot") == 2
    assert report.pulled == len(ids) and report.mismatched == []
    _same_places(server, b, ids)


def test_the_ids_and_stamps_the_database_writes_decode_as_the_codec_s(server):
    """The snapshot's ids and stamps are written as text by the database (not by
    ``codec.encode``): every row of the file decodes to exactly the server's row, a
    stamp without microseconds and a tombstone included."""
    from sqlalchemy import update

    from central_server import snapshot, sync_service
    from central_server.models import Device
    from desktop_app.models import Base, Place
    from tests.sync.test_sync_speed import _snapshot_office

    _a, _sync_a, ids, _hidden = _snapshot_office(server)
    with server.sessions() as s, s.begin():
        s.execute(
            update(Place)
            .where(Place.id == ids[0])
            .values(updated_at=datetime(2024, 3, 20, 10, 0, 0, tzinfo=UTC))
        )
        device = s.scalars(select(Device).where(Device.office_code == "C11")).first()
        s.expunge(device)
    folder = server.tmp_path / "built"
    with server.engine.connect() as conn:
        if conn.dialect.name == "postgresql":  # stamps are UTC whatever the session's zone
            conn.exec_driver_sql("SET TIME ZONE 'Asia/Tehran'")
            conn.commit()
        with Session(bind=conn) as s:
            snapshot.build(s, device, set(sync_service.synced_tables()), folder)
    path = folder / f"{device.device_uid}.snapshot"
    lines = gzip.decompress(path.read_bytes()).decode("utf-8").splitlines()
    seen = 0
    with server.sessions() as s:
        for name, columns, rows in snapshot_load.read_batches(lines[1:]):
            table = Base.metadata.tables[name]
            for row in rows:
                got = codec.decode_values_checked(table, dict(zip(columns, row, strict=True)))
                stored = s.execute(select(table).where(table.c.id == got["id"])).one()
                expected = codec.decode_values(table, codec.row_values(table, stored._mapping))
                assert got == expected, name
                seen += 1
    assert seen >= len(ids)


def test_a_workstation_that_pushed_the_long_log_does_not_fetch_it_back(server):
    """The snapshot is for records a workstation does not hold: one that pushed a long
    log before its first pull goes on with pages (skipping its own records)."""
    from tests.sync.test_sync_robust import _place, _ws

    server.app.state.settings.snapshot_min_rows = 5
    other, sync_other, _ = _ws(server, "other", "C11")
    _place(other, "6000")
    sync_other.run()
    a, sync_a, transport_a = _ws(server, "a", "C11")
    ids = [_place(a, f"61{i:02d}") for i in range(12)]
    sync_a.page_size = 1  # its own records fill more than the pages' scan
    report = sync_a.run()
    assert "/sync/snapshot" not in transport_a.calls
    assert report.pulled == 1 and report.mismatched == []
    _c, sync_c, transport_c = _ws(server, "c", "C11")  # a new one still takes the snapshot
    sync_c.page_size = 4
    report = sync_c.run()
    assert transport_c.calls.count("/sync/snapshot") == 1
    assert report.pulled == len(ids) + 1 and report.mismatched == []
