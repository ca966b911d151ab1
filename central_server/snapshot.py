"""The first sync from a snapshot (issue 22): instead of replaying the change log page
by page, a new workstation fetches ONE compressed file of its office's scope.

``build(session, device)`` reads, in one consistent read-only transaction (REPEATABLE
READ on PostgreSQL; a read transaction on SQLite's WAL), the change log's highest
number and the current state of every synced record the device's office may read
(``admin.visible_offices``), plus every parent outside that scope such a record
references (as a pull sends them), parents before children; a table that holds no
synced row is not read at all (``_holding``). Because change-log numbers
are taken in commit order (docs/sync.md), every change up to that number is in the
file and none after it: the file's ``cursor`` is where the workstation's ordinary
pulls go on.

The file is gzip-compressed JSON lines — a header ``{"cursor": N, "offices": […],
"tables": […]}`` (the scope and tables the check after sync compares), then for each
table ``{"t": table, "c": [column, …]}`` followed by lines that are each an array of
up to ``BATCH`` rows, a row the array of its wire values (``sync.codec``) in the
order of ``c`` (no column names repeated per row; the workstation checks and writes a
line at a time, ``desktop_app.sync.snapshot_load``) — written as it is read (one
line's rows are held at a time; on SQLite a table of text, numbers, ids, dates and
stamps is read as one JSON text per row written by the database, ``_json_row``),
kept per device in ``folder`` with its sha256, so a download cut off resumes at an
offset of the same file (``/sync/snapshot``), and the workstation checks the hash of
the whole before it uses it. A pull from cursor 0 whose log is longer than
``MIZ_SNAPSHOT_MIN_ROWS`` and than one page answers ``snapshot: true`` (the pull
endpoint, ``central_server.app``). No Qt; any thread.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import json
import os
import queue
import tempfile
import threading
import uuid
from collections import defaultdict
from collections.abc import Iterator, Sequence
from itertools import chain
from pathlib import Path
from typing import Any

from pydantic_core import PydanticSerializationError, to_json
from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Enum,
    Integer,
    Select,
    String,
    Table,
    Text,
    TypeDecorator,
    Uuid,
    cast,
    func,
    inspect,
    or_,
    select,
    text,
    type_coerce,
)
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from desktop_app.models import Base
from desktop_app.models.rules import kind_of
from desktop_app.sync.codec import WIRE_AS_IS, column_values

from . import admin
from .models import Device, RecordChange

#: Rows per line of the file (one ``executemany`` each on the workstation).
BATCH = 2000
#: gzip's level for the file. Measured on 100,000 places (20.7 MB of JSON): level 1
#: 3.74 MB in 0.12 s of CPU, level 4 3.20 MB in 0.17 s, 6 3.27 MB in 0.26 s; the
#: workstation's decompression ~0.06 s at each. A clerk's office link of 10 Mbit/s
#: carries the 0.54 MB level 4 saves in 0.4 s, for 0.05 s more of the server's CPU
#: once per new workstation.
LEVEL = 4


def default_folder() -> Path:
    """Where built snapshots are kept (one per device, replaced by the next build)."""
    return Path(tempfile.gettempdir()) / "miz-snapshots"


def build(session: Session, device: Device, synced: set[str], folder: Path) -> tuple[str, int]:
    """Write the compressed snapshot for ``device`` into ``folder`` (see the module
    docstring); its sha256 and its cursor. Call it first in a read-only transaction of
    its own. Each row is written to the file as it is read (no Python object per row
    is kept; the driver holds one table's result)."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"))
    cursor = session.scalar(select(func.max(RecordChange.seq))) or 0
    visible = admin.visible_offices(session, device.office_code)
    present = set(inspect(session.connection()).get_table_names())  # a model newer than the schema
    tables = [t for t in Base.metadata.sorted_tables if t.name in synced & present]  # parents first
    filled = _holding(session, tables)
    outside = _outside_parents(session, filled, visible)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{device.device_uid or ''}.snapshot"
    tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
    # the offices and tables of the check after sync (``app.check_answer``): the
    # workstation may count the file as a whole check at ``cursor``
    offices = sorted(visible) if visible is not None else None
    header = {"cursor": cursor, "offices": offices, "tables": sorted(t.name for t in tables)}
    queries = []
    for table in filled:
        query = select(*_wire_columns(table, dialect)).where(table.c.server_seq.is_not(None))
        if visible is not None:
            wanted: ColumnElement[bool] = table.c.origin_office.in_(sorted(visible))
            extra = outside.get(table.name)
            if extra:
                wanted = or_(wanted, table.c.id.in_([uuid.UUID(i) for i in extra]))
            query = query.where(wanted)
        queries.append((table, query))
    hexdigest = _write_file(session, tmp, header, queries)
    os.replace(tmp, path)
    path.with_suffix(".sha256").write_text(hexdigest, encoding="ascii")
    return hexdigest, cursor


def _holding(session: Session, tables: list[Table]) -> list[Table]:
    """The tables of ``tables`` that hold a synced row, in their order: one statement of
    literal SQL, an ``EXISTS`` per table. A table without one is left out of the file
    (its header line and its ``SELECT``): compiling that ``SELECT`` of its wire forms
    (``_wire_columns``) and its parents' look-ups (``_outside_parents``) costs a
    process about 10 ms a table the first time, for no row. The header still names it
    (the check after sync compares it: empty on both sides)."""
    if not tables:
        return []
    quote = session.get_bind().dialect.identifier_preparer.quote
    probes = " UNION ALL ".join(
        f"SELECT {i} WHERE EXISTS (SELECT 1 FROM {quote(t.name)} WHERE server_seq IS NOT NULL)"
        for i, t in enumerate(tables)
    )
    held = set(session.execute(text(probes)).scalars())
    return [t for i, t in enumerate(tables) if i in held]


def _write_file(
    session: Session, tmp: Path, header: dict[str, Any], queries: list[tuple[Table, Select[Any]]]
) -> str:
    """``_write`` with the rows' JSON written by the database where it can; on SQLite,
    a value its ``json_array`` refuses (a BLOB where text belongs) has the file written
    again with every row through Python (the same read transaction: the same rows)."""
    try:
        return _write(session, tmp, header, queries, in_sql=True)
    except OperationalError:
        if session.get_bind().dialect.name != "sqlite":
            raise
        return _write(session, tmp, header, queries, in_sql=False)


def _write(
    session: Session,
    tmp: Path,
    header: dict[str, Any],
    queries: list[tuple[Table, Select[Any]]],
    in_sql: bool,
) -> str:
    """The file at ``tmp``: ``header``, then each table's line of columns and its lines
    of rows (each query's rows); its sha256. ``in_sql``: a table whose every column
    the database can write as its wire JSON (``_json_row``) is read as one text per
    row (no Python object per value); any other through ``_parts`` and ``_line``."""
    dialect = session.get_bind().dialect.name
    digest = hashlib.sha256()
    with tmp.open("wb") as raw:
        sink = _Hashing(raw, digest)
        with gzip.GzipFile(fileobj=sink, mode="wb", compresslevel=LEVEL) as gz:  # type: ignore[arg-type]
            with _WrittenBehind(gz) as out:
                out.write((json.dumps(header) + "\n").encode("utf-8"))
                for table, query in queries:
                    names = [c.name for c in table.columns]
                    out.write((json.dumps({"t": table.name, "c": names}) + "\n").encode("utf-8"))
                    row = _json_row(table, dialect) if in_sql else None
                    if row is not None:
                        lines = _json_lines(session, query.with_only_columns(row))
                    else:
                        lines = map(_line, _parts(session, query, table))
                    for line in lines:
                        out.write(line)
    return digest.hexdigest()


class _WrittenBehind:
    """What ``_write`` writes, compressed and hashed on a thread of its own, in order:
    the database reads the next rows while the last ones are compressed (SQLite, zlib
    and hashlib each let go of the GIL while they work: a 100,000-row file built in
    about the time of its reading alone). Leaving the ``with`` block waits for the
    thread; an error of the thread is raised there or by the next ``write``, an error
    of the block itself is raised as it is (the file is then not used)."""

    def __init__(self, out: Any) -> None:
        self.out = out
        self.queue: queue.Queue[bytes | None] = queue.Queue(maxsize=8)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="miz-snapshot-gzip", daemon=True)

    def __enter__(self) -> _WrittenBehind:
        self.thread.start()
        return self

    def _run(self) -> None:
        while (data := self.queue.get()) is not None:
            if self.error is None:  # after an error: drained, not written
                try:
                    self.out.write(data)
                except BaseException as exc:  # raised in the caller's thread
                    self.error = exc

    def write(self, data: bytes) -> None:
        if self.error is not None:
            raise self.error
        self.queue.put(data)

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        self.queue.put(None)
        self.thread.join()
        if kind is None and self.error is not None:
            raise self.error


def _json_lines(session: Session, query: Select[Any]) -> Iterator[bytes]:
    """The lines of ``query``'s rows, each row one JSON text written by the database
    (``_json_row``): up to ``BATCH`` of them joined into one line."""
    result = session.connection().execute(query)
    cursor = result.cursor
    try:
        while part := cursor.fetchmany(BATCH):
            yield ("[" + ",".join([row[0] for row in part]) + "]\n").encode("utf-8")
    finally:
        result.close()


#: Column kinds whose wire value SQLite writes into JSON itself: the selected form
#: (``_in_wire_form``) is already the wire text or number.
_JSON_KINDS = (String, Integer, Uuid, DateTime, Date)


@functools.lru_cache(maxsize=512)
def _json_row(table: Table, dialect: str) -> ColumnElement[Any] | None:
    """On SQLite, the row of ``table`` as the JSON array of its wire values written by
    ``json_array`` (its C code: 0.4 s instead of 0.7 s for 100,000 places), or None
    when a column's kind is not one of ``_JSON_KINDS`` (booleans, JSON, numbers with a
    scale, binary: the codec writes those). Not on PostgreSQL: its
    ``json_build_array`` costs the database more (0.55 s instead of 0.13 s for 100,000
    places) than it saves this process, whose rows of text and numbers are written as
    read (``_parts``)."""
    kinds = [kind_of(c.type) for c in table.columns]
    if dialect != "sqlite" or len(kinds) > _JSON_MAX_COLUMNS:
        return None
    if not all(isinstance(k, _JSON_KINDS) and not isinstance(k, Enum) for k in kinds):
        return None  # an Enum is a String whose Python value is no text
    return type_coerce(func.json_array(*_wire_columns(table, dialect)), String)


#: The most arguments SQLite's functions take by default (``SQLITE_MAX_FUNCTION_ARG``).
_JSON_MAX_COLUMNS = 100


def _parts(session: Session, query: Select[Any], table: Table) -> Iterator[Sequence[Any]]:
    """The rows of ``query`` (``_wire_columns`` of ``table``) in lists of up to ``BATCH``,
    each row its wire values. The driver's rows are read as they are (no SQLAlchemy
    ``Row`` per row); only a column whose type converts what the driver gives (SQLite's
    booleans and dates, …) goes through its result processor and ``codec.column_values``.
    A part whose every value is already wire (text, numbers, null) is sent as read."""
    connection = session.connection()
    result = connection.execute(query)
    cursor = result.cursor
    dialect = connection.dialect
    processors = [
        element.type._cached_result_processor(dialect, described[1])
        for element, described in zip(query.selected_columns, cursor.description, strict=True)
    ]
    plain = not any(processors)
    columns = list(table.columns)
    try:
        while part := cursor.fetchmany(BATCH):
            if plain and set(map(type, chain.from_iterable(part))) <= WIRE_AS_IS:
                yield part
                continue
            wire = [
                column_values(c, v if p is None else list(map(p, v)))
                for c, p, v in zip(columns, processors, zip(*part, strict=True), strict=True)
            ]
            yield list(zip(*wire, strict=True))
    finally:
        result.close()


def _line(part: Sequence[Any]) -> bytes:
    """One line of rows: compact JSON in UTF-8 by pydantic's serializer (Rust: a
    quarter of ``json.dumps``'s time; NaN and big integers written as ``json.dumps``
    writes them); what it refuses goes through ``json.dumps`` (a lone surrogate is
    refused there too)."""
    try:
        return to_json(part, inf_nan_mode="constants") + b"\n"
    except PydanticSerializationError:
        return (json.dumps(part, ensure_ascii=False) + "\n").encode("utf-8")


@functools.lru_cache(maxsize=512)
def _wire_columns(table: Table, dialect: str) -> tuple[ColumnElement[Any], ...]:
    """What ``build`` selects of ``table`` (built once per table and dialect)."""
    return tuple(_in_wire_form(c, dialect) for c in table.columns)


def _in_wire_form(column: Column[Any], dialect: str) -> ColumnElement[Any]:
    """``column`` as selected for the file: ids and stamps — most of a row's values —
    already in their wire text by the database (the canonical UUID; ISO 8601 in UTC
    with ``+00:00``, the form ``codec.encode`` writes but always with microseconds),
    so no Python object is made per value; other columns as they are (``codec``)."""
    kind = column.type.impl_instance if isinstance(column.type, TypeDecorator) else column.type
    if isinstance(kind, Uuid) and dialect == "postgresql":
        wire: ColumnElement[Any] = cast(column, Text)
    elif isinstance(kind, Uuid) and dialect == "sqlite":  # stored as 32 hex digits
        parts = [func.substr(column, start, size) for start, size in _UUID_PARTS]
        wire = func.lower(
            parts[0] + "-" + parts[1] + "-" + parts[2] + "-" + parts[3] + "-" + parts[4]
        )
    elif isinstance(kind, DateTime) and dialect == "postgresql":
        utc = func.timezone("UTC", column) if kind.timezone else column
        wire = func.to_char(utc, 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"')
    elif isinstance(kind, DateTime) and dialect == "sqlite":  # stored as UTC "… HH:MM:SS.ffffff"
        wire = func.replace(column, " ", "T") + "+00:00"
    elif isinstance(kind, Date) and dialect == "postgresql":
        wire = func.to_char(column, "YYYY-MM-DD")  # whatever the session's DateStyle
    else:
        return column
    return type_coerce(wire, String).label(column.name)


_UUID_PARTS = ((1, 8), (9, 4), (13, 4), (17, 4), (21, 12))


class _Hashing:
    """A binary sink that hashes what it writes (the compressed bytes)."""

    def __init__(self, raw: Any, digest: Any) -> None:
        self.raw, self.digest = raw, digest

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        return int(self.raw.write(data))

    def flush(self) -> None:
        self.raw.flush()


def _outside_parents(
    session: Session, tables: list[Table], visible: set[str] | None
) -> dict[str, set[str]]:
    """Ids of records outside the scope that a record of the snapshot references
    (directly or through another such record), by table: a pull sends them too."""
    outside: dict[str, set[str]] = defaultdict(set)
    if visible is None:
        return outside  # headquarters reads everything
    offices = sorted(visible)
    grew = True
    while grew:
        grew = False
        for table in tables:
            for fk in table.foreign_keys:
                parent = fk.column.table
                if parent not in tables or "origin_office" not in parent.c:
                    continue
                column = table.c[fk.parent.name]
                included: ColumnElement[bool] = table.c.origin_office.in_(offices)
                if outside.get(table.name):
                    ids = [uuid.UUID(i) for i in outside[table.name]]
                    included = or_(included, table.c.id.in_(ids))
                in_scope = (
                    select(parent.c.id)
                    .where(parent.c.id == column, parent.c.origin_office.in_(offices))
                    .exists()
                )
                query = (
                    select(column)
                    .distinct()
                    .where(column.is_not(None), table.c.server_seq.is_not(None), included)
                    .where(~in_scope)
                )
                for value in session.scalars(query):
                    if str(value) not in outside[parent.name]:
                        outside[parent.name].add(str(value))
                        grew = True
    return outside


def stored(folder: Path, device_uid: str, digest: str) -> bytes | None:
    """The device's kept snapshot if its hash is ``digest`` (a download resuming)."""
    path = folder / f"{device_uid}.snapshot"
    try:
        kept = path.with_suffix(".sha256").read_text(encoding="ascii").strip()
        if kept != digest:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    return data if hashlib.sha256(data).hexdigest() == digest else None


def worth_it(
    session: Session, device: Device, since: int, min_rows: int, own_through: int = 0
) -> bool:
    """Whether a pull from ``since`` should rather fetch the snapshot: a first sync
    (cursor 0) of a log with more than ``min_rows`` records the device may read and
    does not hold — its own pushes up to ``own_through`` are not counted (a workstation
    that pushed a backlog before its first pull would fetch its own records back)."""
    if since != 0 or min_rows <= 0:
        return False
    visible = admin.visible_offices(session, device.office_code)
    query = select(RecordChange.seq)
    if visible is not None:
        query = query.where(RecordChange.origin_office.in_(sorted(visible)))
    if own_through:
        mine = (RecordChange.origin_device == (device.device_uid or "")) & (
            RecordChange.seq <= own_through
        )
        query = query.where(or_(RecordChange.origin_device.is_(None), ~mine))
    bounded = query.limit(min_rows + 1).subquery()
    return (session.scalar(select(func.count()).select_from(bounded)) or 0) > min_rows
