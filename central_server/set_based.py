"""Set-based SQL for a push's or a pull's many rows (issue 22). No Qt; any thread.

``among(session, column, values)`` is ``column IN (values)``; on PostgreSQL it is
``column = ANY(:values)``: one array parameter instead of one parameter per value (a
500-mutation batch made SQLAlchemy render, and psycopg parse, statements of 500
casts, uncached). ``log_changes`` writes change-log rows: a record's first row, or its
row moved to a new number (``INSERT … ON CONFLICT DO UPDATE``; on PostgreSQL one
statement over ``unnest`` of arrays) — no lookup of which records have one (that
lookup, by a two-column key, was planned as a scan of the table's rows on a young
database: linear in the log). ``stamp_server_seqs`` gives rows their change-log numbers: one
``UPDATE … FROM unnest(…)`` on PostgreSQL, an ``executemany`` of plain tuples elsewhere
(``sync.bulk.execute_rows``); a bookkeeping update keeps what a save stamps
(``codec.stamps_kept``); ``set_last_seqs`` moves devices' last applied sequence numbers
on. All write through ``Writes``: on PostgreSQL the numbering step's writes (log rows,
stamps, check figures, stored results, device states) are collected and
sent as ONE statement of data-modifying ``WITH`` queries, and ``pipelined_rows`` sends
Core statements, each compiled once, at once (psycopg's pipeline mode): the change-log
lock and the log's top read — the numbering step, which holds the change-log lock to
the commit, is three round trips.
"""

from __future__ import annotations

import functools
import json
import re
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    String,
    Table,
    any_,
    bindparam,
    cast,
    func,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from desktop_app.sync.bulk import (
    bind_processor,
    bind_processors,
    bound,
    bound_columns,
    execute_rows,
    insert_rows,
)
from desktop_app.sync.codec import stamps_kept

from .models import DeviceState, RecordChange


def _postgres(session: Session | Connection) -> bool:
    return _connection(session).dialect.name == "postgresql"


def _connection(session: Session | Connection) -> Connection:
    """The connection a session writes on (a group commit's writer passes its own)."""
    return session if isinstance(session, Connection) else session.connection()


def among(session: Session | Connection, column: Any, values: Iterable[Any]) -> ColumnElement[bool]:
    """``column IN (values)`` (see the module docstring)."""
    values = list(values)
    conn = _connection(session)
    if len(values) >= MANY:
        many = _as_text(conn, column, values)
        if many is not None:
            return many
    if conn.dialect.name == "postgresql":
        return column == any_(bindparam(None, values, type_=ARRAY(column.type)))  # type: ignore[no-any-return]
    return column.in_(values)  # type: ignore[no-any-return]


#: Values from this many on are sent to ``among`` as one text parameter.
MANY = 64


def _as_text(conn: Connection, column: Any, values: list[Any]) -> ColumnElement[bool] | None:
    """``among`` of many values with the values as ONE text parameter the database
    parses: on PostgreSQL an array's text (``CAST(:v AS uuid[])``) unnested, on SQLite a
    JSON array read by ``json_each`` (each value through the column type's bind
    processing first, as ``IN`` sends it), each in a subquery. Binding a list of 2,000 values went through a Python
    call or two per value in the driver (psycopg's array dumper; SQLAlchemy's expanding
    ``IN``, a statement rendered anew each time). None: a value of a kind not covered
    (``among`` binds them as before)."""
    dialect = conn.dialect
    if dialect.name == "postgresql":
        array = array_text(values)
        if array is None:
            return None
        # unnest in a subquery: the text is parsed once, whatever the plan (``= ANY(CAST
        # …)`` in a prepared statement's generic plan parsed it again for every row)
        typed = cast(bindparam(None, array, type_=String), ARRAY(column.type))
        return column.in_(select(func.unnest(typed)))  # type: ignore[no-any-return]
    if dialect.name != "sqlite":
        return None
    values = bound(values, bind_processor(column, dialect))
    if not all(type(v) in (str, int) for v in values):
        return None
    listed = func.json_each(bindparam(None, json.dumps(values), type_=String))
    return column.in_(select(listed.table_valued("value").c.value))  # type: ignore[no-any-return]


def array_text(values: Iterable[Any]) -> str | None:
    """PostgreSQL's text of an array of ``values`` — texts (quoted), integers, UUIDs,
    None (NULL) — for ``CAST(:p AS type[])``; None when one is of another kind (bind
    the list). A list of texts free of quotes and backslashes, of integers or of UUIDs
    is joined by C code at once (the change log's six arrays of 2,000 values a push
    went through a Python step per value)."""
    values = list(values)
    kinds = set(map(type, values))
    if kinds == {str}:
        joined = "".join(values)
        if '"' not in joined and "\\" not in joined:
            return '{"' + '","'.join(values) + '"}'
    elif kinds == {int} or kinds == {uuid.UUID}:
        return "{" + ",".join(map(str, values)) + "}"
    return _array_text_each(values)


def _array_text_each(values: list[Any]) -> str | None:
    """``array_text`` a value at a time (any list it takes)."""
    parts = []
    for value in values:
        kind = type(value)
        if kind is str:
            parts.append('"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"')
        elif kind is int or kind is uuid.UUID:
            parts.append(str(value))
        elif value is None:
            parts.append("NULL")
        else:
            return None
    return "{" + ",".join(parts) + "}"


def _sent(value: Any) -> Any:
    """A parameter of ``Writes`` as sent: a list as its array's text, when it can be."""
    if type(value) is list:
        return array_text(value) or value
    return value


class Writes:
    """The writes of one step sent to the database together: on PostgreSQL as ONE
    statement (each a data-modifying ``WITH`` query of it: one round trip for all, the
    numbering step's log rows, stamps, figures and stored results under the change-log
    lock), elsewhere each executed when it is added (SQLite: in-process, no round trip).
    The writes must touch distinct rows (one statement sees one snapshot) and return
    nothing; ``send`` sends what is collected."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.postgres = conn.dialect.name == "postgresql"
        self._parts: list[tuple[str, dict[str, Any]]] = []

    def execute(self, sql: str, params: dict[str, Any]) -> None:
        """Plain SQL with ``:name`` parameters (PostgreSQL's, with arrays: collected;
        each array — a list, always in ``CAST(:name AS type[])`` — sent as its text when
        ``array_text`` covers its values: psycopg's array dumper took a Python call or
        two per value)."""
        if self.postgres:
            self._parts.append((sql, {k: _sent(v) for k, v in params.items()}))
        else:
            self.conn.execute(text(sql), params)

    def insert(self, table: Table, rows: Sequence[dict[str, Any]]) -> None:
        """``rows`` into ``table`` (PostgreSQL: one ``INSERT … SELECT FROM unnest`` of a
        typed array per column, collected; elsewhere ``bulk.insert_rows`` now)."""
        if not rows:
            return
        names = list(rows[0])
        if not self.postgres or any(len(row) != len(names) for row in rows):
            insert_rows(self.conn, table, rows)
            return
        dialect = self.conn.dialect
        bound = bound_columns(rows, names, bind_processors(table, names, dialect))
        casts, params = [], {}
        for i, (name, values) in enumerate(zip(names, bound, strict=True)):
            params[f"c{i}"] = values
            casts.append(f"CAST(:c{i} AS {table.c[name].type.compile(dialect=dialect)}[])")
        columns = ", ".join(dialect.identifier_preparer.quote(n) for n in names)
        self.execute(
            f"INSERT INTO {dialect.identifier_preparer.format_table(table)} ({columns}) "
            f"SELECT * FROM unnest({', '.join(casts)})",
            params,
        )

    def send(self) -> None:
        """Send what was collected: one statement (its parameters renamed apart)."""
        parts, self._parts = self._parts, []
        if len(parts) == 1:
            self.conn.execute(text(parts[0][0]), parts[0][1])
        elif parts:
            queries, params = [], {}
            for i, (sql, values) in enumerate(parts):
                renamed = _PARAMETER.sub(lambda m, i=i: f":w{i}_{m.group(1)}", sql)  # type: ignore[misc]
                queries.append(f"w{i} AS ({renamed})")
                params.update({f"w{i}_{k}": v for k, v in values.items()})
            self.conn.execute(text(f"WITH {', '.join(queries)} SELECT 1"), params)


#: A ``:name`` parameter of plain SQL (not a ``::`` cast).
_PARAMETER = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


def among_param(column: Any, name: str, postgres: bool) -> ColumnElement[bool]:
    """``column IN (:name)``, the list ``name`` given when the statement runs — for a
    statement built once (per dialect) and run by ``pipelined_rows``: on PostgreSQL
    ``column = ANY(:name)`` (one array parameter: the statement is compiled once),
    elsewhere an expanding ``IN``."""
    if postgres:
        return column == any_(bindparam(name, type_=ARRAY(column.type)))  # type: ignore[no-any-return]
    return column.in_(bindparam(name, expanding=True))  # type: ignore[no-any-return]


#: A statement ``pipelined_rows`` runs and its parameters: a Core statement built once
#: (a module's constant; on PostgreSQL compiled once, so with no expanding parameter:
#: ``among_param``).
Statement = tuple[Select[*tuple[Any, ...]], dict[str, Any]]


def pipelined_rows(
    conn: Connection, statements: Sequence[Statement]
) -> list[Sequence[Sequence[Any]]]:
    """Statements run in order, sent at once with psycopg's pipeline mode (one round
    trip; each still starts after the one before it has finished, so it reads with its
    own snapshot, taken then, and waits for its own locks); every statement's rows
    (tuples in its columns' order). Another driver: one after another."""
    dialect = conn.dialect
    raw = conn.connection.driver_connection
    pipeline = getattr(raw, "pipeline", None)
    if dialect.driver != "psycopg" or pipeline is None:
        return [conn.execute(statement, params).all() for statement, params in statements]
    sent = [_driver_sql(statement, params, dialect) for statement, params in statements]
    try:
        with pipeline():
            cursors = [raw.execute(sql, params) for sql, params in sent]  # type: ignore[union-attr]
        return [cursor.fetchall() if cursor.description else [] for cursor in cursors]
    except dialect.loaded_dbapi.Error as exc:  # as SQLAlchemy raises it (retry.is_contention)
        raise DBAPIError.instance(sent[-1][0], None, exc, dialect.loaded_dbapi.Error) from exc


def _driver_sql(
    statement: Select[Any], params: dict[str, Any], dialect: Any
) -> tuple[str, dict[str, Any]]:
    """A Core statement's SQL and parameters as the driver is given them: compiled once
    for the dialect, each parameter through its type's bind processing."""
    compiled = _compiled(statement, dialect)
    values = compiled.construct_params(params)
    for name, process in compiled._bind_processors.items():
        if values.get(name) is not None:
            values[name] = process(values[name])
    return compiled.string, values


@functools.lru_cache(maxsize=64)
def _compiled(statement: Select[Any], dialect: Any) -> Any:
    return statement.compile(dialect=dialect)


def stamp_server_seqs(writes: Writes, table: Table, seqs: dict[str, int]) -> None:
    """Set ``server_seq`` of each record id (text) of ``table`` to its number."""
    if not seqs:
        return
    if writes.postgres:
        name = writes.conn.dialect.identifier_preparer.format_table(table)
        writes.execute(
            f"UPDATE {name} SET server_seq = u.s "
            "FROM unnest(CAST(:ids AS uuid[]), CAST(:seqs AS bigint[])) AS u(id, s) "
            f"WHERE {name}.id = u.id",
            {"ids": [uuid.UUID(r) for r in seqs], "seqs": list(seqs.values())},
        )
        return
    execute_rows(
        writes.conn,
        update(table)
        .where(table.c.id == bindparam("rid"))
        .values(server_seq=bindparam("s"), **stamps_kept(table)),
        [{"rid": uuid.UUID(rid), "s": seq} for rid, seq in seqs.items()],
    )


#: Of ``log_changes``: the change log's columns and their PostgreSQL array types.
_LOG_COLUMNS = {
    "table_name": "varchar",
    "record_id": "varchar",
    "seq": "bigint",
    "origin_office": "varchar",
    "origin_device": "varchar",
    "inserted_by": "varchar",
}


def log_changes(writes: Writes, rows: list[dict[str, Any]]) -> None:
    """Write change-log rows (``RecordChange`` columns); a record that has one keeps
    its ``origin_office`` and ``inserted_by`` and takes the new ``seq`` and
    ``origin_device``."""
    if not rows:
        return
    if writes.postgres:
        arrays = ", ".join(f"CAST(:{c} AS {k}[])" for c, k in _LOG_COLUMNS.items())
        writes.execute(
            f"INSERT INTO record_changes ({', '.join(_LOG_COLUMNS)}) SELECT * FROM unnest({arrays}) "
            "ON CONFLICT (table_name, record_id) "
            "DO UPDATE SET seq = EXCLUDED.seq, origin_device = EXCLUDED.origin_device",
            {c: [row[c] for row in rows] for c in _LOG_COLUMNS},
        )
        return
    changes: Table = RecordChange.__table__  # type: ignore[assignment]
    statement = sqlite_insert(changes)
    execute_rows(
        writes.conn,
        statement.on_conflict_do_update(
            index_elements=[changes.c.table_name, changes.c.record_id],
            set_={
                "seq": statement.excluded.seq,
                "origin_device": statement.excluded.origin_device,
            },
        ),
        rows,
    )


def set_last_seqs(writes: Writes, last: dict[str, int]) -> None:
    """Set each device's (by workstation id) last applied sequence number
    (``device_states``; its row locked, or made, by the push's judging): on PostgreSQL
    one ``UPDATE … FROM unnest(…)`` collected with the numbering's writes (no round
    trip of its own), elsewhere an ``executemany`` now."""
    if not last:
        return
    if writes.postgres:
        writes.execute(
            "UPDATE device_states SET last_seq = u.s "
            "FROM unnest(CAST(:uids AS varchar[]), CAST(:seqs AS bigint[])) AS u(uid, s) "
            "WHERE device_states.device_uid = u.uid",
            {"uids": list(last), "seqs": list(last.values())},
        )
        return
    states: Table = DeviceState.__table__  # type: ignore[assignment]
    execute_rows(
        writes.conn,
        update(states)
        .where(states.c.device_uid == bindparam("uid"))
        .values(last_seq=bindparam("seq")),
        [{"uid": uid, "seq": seq} for uid, seq in last.items()],
    )
