"""Issue 22, the server's side of a first sync: a snapshot line written by pydantic's
serializer reads back as ``json.dumps``'s would, and what it refuses goes through
``json.dumps``."""

from __future__ import annotations

import gzip
import json
import math
import uuid

import pytest

from central_server import snapshot
from tests.sync.test_sync_speed import SAMPLES


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def test_a_line_reads_back_as_json_dumps_writes_it():
    values = [v for v in SAMPLES if not (isinstance(v, str) and "\ud800" in v)]
    values += ['quote " and \\ backslash', "line\nbreak\ttab\x01", 2**70, -(2**70), 1e16, 0.1 + 0.2]
    values += [float("inf"), -0.0, {"k": [1, "س", None]}, [True, None]]
    part = [tuple(values), tuple(reversed(values))]
    line = snapshot._line(part)
    assert line.endswith(b"\n") and line.count(b"\n") == 1
    expected = json.loads(json.dumps(part, ensure_ascii=False))
    assert _same(json.loads(line), expected)


def test_a_value_the_serializer_refuses_goes_through_json_dumps():
    with pytest.raises(UnicodeEncodeError):  # json.dumps's own answer to a lone surrogate
        snapshot._line([("\ud800",)])


def _json_kinds_table(name: str):
    """A table of every column kind SQLite's ``json_array`` writes for the file."""
    from sqlalchemy import (
        BigInteger,
        Column,
        Date,
        DateTime,
        Integer,
        MetaData,
        String,
        Table,
        Text,
        Uuid,
    )

    return Table(
        name,
        MetaData(),
        Column("id", Uuid, primary_key=True),
        Column("code", String(20)),
        Column("note", Text),
        Column("n", Integer),
        Column("big", BigInteger),
        Column("day", Date),
        Column("at", DateTime(timezone=True)),
        Column("origin_office", String(20)),
        Column("server_seq", Integer),
    )


_TEXTS = [
    'quote " and \\ backslash',
    "line\nbreak\ttab\x01\x1f\x7f",
    "مرکز ۱ ي ك \u200c",
    "emoji \U0001f600 and \u2028\u2029",
    "",
    "</script>",
]


def _filled(url: str, name: str):
    """An engine whose table ``name`` (``_json_kinds_table``) holds rows of every kind's
    edge values, NULLs included; the table and the rows as inserted."""
    from datetime import UTC, date, datetime

    from sqlalchemy import create_engine, insert

    engine = create_engine(url)
    table = _json_kinds_table(name)
    table.metadata.create_all(engine)
    rows = [
        {
            "id": uuid.uuid4(),
            "code": f"c{i}",
            "note": text,
            "n": [0, -1, 2**31 - 1, -(2**31), 7, None][i],
            "big": [2**63 - 1, -(2**63), 0, None, 5, 1][i],
            "day": [date(2024, 2, 29), date(1, 1, 1), date(9999, 12, 31), None, date.today(), None][
                i
            ],
            "at": [
                datetime(2024, 3, 20, 10, 0, 0, tzinfo=UTC),
                datetime(2024, 3, 20, 10, 0, 0, 123456, tzinfo=UTC),
                None,
                datetime(1, 1, 1, tzinfo=UTC),
                datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
                datetime.now(UTC),
            ][i],
            "origin_office": "C11",
            "server_seq": i + 1,
        }
        for i, text in enumerate(_TEXTS)
    ]
    with engine.begin() as conn:
        conn.execute(insert(table), rows)
    return engine, table, rows


def _lines(engine, table, path, in_sql: bool) -> list[object]:
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    query = select(*snapshot._wire_columns(table, engine.dialect.name))
    with Session(engine) as session, session.begin():
        snapshot._write(session, path, {"cursor": 1}, [(table, query)], in_sql=in_sql)
    return [json.loads(line) for line in gzip.decompress(path.read_bytes()).splitlines()]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'server.sqlite3'}"
    return request.getfixturevalue("pg_database_url")


def test_rows_the_database_writes_as_json_read_back_as_the_codec_s(db_url, tmp_path):
    """SQLite writes a table of text, numbers, ids, dates and stamps into the file as
    JSON itself (``_json_row``); every line reads back as the lines written through
    Python, and every row decodes to exactly the row inserted (PostgreSQL: its dates
    written by ``to_char``, whatever the session's DateStyle)."""
    from sqlalchemy import event

    from desktop_app.sync import codec

    engine, table, rows = _filled(db_url, f"snap_kinds_{uuid.uuid4().hex[:8]}")
    if engine.dialect.name == "postgresql":

        @event.listens_for(engine, "connect")
        def _style(dbapi_connection, _record):
            with dbapi_connection.cursor() as cursor:
                cursor.execute("SET DateStyle = 'SQL, DMY'")

        engine.dispose()
    try:
        assert (snapshot._json_row(table, engine.dialect.name) is not None) == (
            engine.dialect.name == "sqlite"
        )
        in_sql = _lines(engine, table, tmp_path / "sql.gz", in_sql=True)
        through_python = _lines(engine, table, tmp_path / "python.gz", in_sql=False)
        assert in_sql == through_python
        header, columns, *parts = in_sql
        assert header == {"cursor": 1} and columns == {"t": table.name, "c": list(table.c.keys())}
        got = [
            codec.decode_values_checked(table, dict(zip(columns["c"], row, strict=True)))
            for part in parts
            for row in part
        ]
        assert sorted(got, key=lambda r: r["code"]) == rows
    finally:
        table.metadata.drop_all(engine)
        engine.dispose()


def test_a_value_sqlite_s_json_refuses_has_the_file_written_through_python(tmp_path):
    """A BLOB where text belongs (``json_array`` refuses it): the whole file is written
    again through Python, the value as the codec writes bytes (base64)."""
    from sqlalchemy import select, text
    from sqlalchemy.exc import OperationalError
    from sqlalchemy.orm import Session

    engine, table, rows = _filled(f"sqlite:///{tmp_path / 'server.sqlite3'}", "snap_blob")
    with engine.begin() as conn:
        conn.execute(text("UPDATE snap_blob SET note = X'00ff' WHERE code = 'c0'"))
    query = select(*snapshot._wire_columns(table, "sqlite"))
    path = tmp_path / "file.gz"
    with Session(engine) as session, session.begin():
        with pytest.raises(OperationalError):
            snapshot._write(session, path, {}, [(table, query)], in_sql=True)
        snapshot._write_file(session, path, {}, [(table, query)])
    _header, _columns, *parts = [
        json.loads(line) for line in gzip.decompress(path.read_bytes()).splitlines()
    ]
    notes = {row[1]: row[2] for part in parts for row in part}
    assert notes["c0"] == "AP8=" and notes["c1"] == rows[1]["note"]
    engine.dispose()


def test_only_tables_holding_a_synced_row_are_read_but_the_header_names_every_one(server):
    """A table without a synced row gets no lines in the file (``_holding``: its
    ``SELECT`` is not even compiled); the header still names it for the check after
    sync, and the rows of the others are all there."""
    from sqlalchemy import func, inspect, select

    from central_server import sync_service
    from central_server.models import Device
    from desktop_app.models import Base
    from tests.sync.test_sync_speed import _snapshot_office

    _a, _sync_a, ids, _hidden = _snapshot_office(server)
    # (the server's synced tables: a model another test mapped has no table here)
    with server.engine.connect() as conn:
        synced = set(sync_service.synced_tables()) & set(inspect(conn).get_table_names())
    with server.sessions() as session:
        device = session.scalars(select(Device).where(Device.office_code == "C11")).first()
        assert device is not None
        session.expunge(device)
    with server.sessions() as session, session.begin():  # the build's own transaction
        snapshot.build(session, device, synced, server.tmp_path / "snapshots")
    with server.sessions() as session:
        held = [
            t.name
            for t in Base.metadata.sorted_tables
            if t.name in synced
            and session.scalar(select(func.count()).where(t.c.server_seq.is_not(None)))
        ]
    path = server.tmp_path / "snapshots" / f"{device.device_uid}.snapshot"
    header, *lines = [json.loads(line) for line in gzip.decompress(path.read_bytes()).splitlines()]
    assert "places" in held and len(held) < len(synced)  # some tables are empty
    assert header["tables"] == sorted(synced)
    assert [line["t"] for line in lines if isinstance(line, dict)] == held
    places = [row for line in lines if isinstance(line, list) for row in line]
    assert len(places) == len(ids)


def test_what_is_written_behind_arrives_in_order_and_a_failing_sink_is_raised():
    """``_WrittenBehind``: every write reaches the sink in order on its own thread; an
    error of the sink is raised in the writer's thread (by a later ``write`` or on
    leaving), and no thread is left behind either way."""
    import threading

    received: list[bytes] = []
    threads: set[str] = set()

    class Sink:
        def write(self, data: bytes) -> None:
            threads.add(threading.current_thread().name)
            received.append(data)

    with snapshot._WrittenBehind(Sink()) as out:
        for i in range(500):
            out.write(b"%d\n" % i)
    assert received == [b"%d\n" % i for i in range(500)]
    assert threads == {"miz-snapshot-gzip"}

    class Broken:
        def write(self, data: bytes) -> None:
            raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        with snapshot._WrittenBehind(Broken()) as out:
            for _ in range(500):
                out.write(b"x")
    assert not [t for t in threading.enumerate() if t.name == "miz-snapshot-gzip"]
