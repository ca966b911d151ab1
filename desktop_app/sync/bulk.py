"""Many rows into one table in one statement: ``COPY`` on PostgreSQL, one prepared
``executemany`` of plain tuples on SQLite. No Qt; any thread.

``insert_rows(conn, table, rows)`` does what ``conn.execute(insert(table), rows)`` does
for rows that all name the same columns — the same values reach the database through
each column type's own bind processing — without SQLAlchemy building a parameter
dictionary per row. A failure is raised as SQLAlchemy's exception for it
(``IntegrityError``, ``DataError``, …), so a caller's savepoint and per-row fallback
work as with ``insert()``. Rows whose columns leave out one with a Python-side default
(``created_at``), or mix sets of columns, go through ``insert()`` as before.

``execute_rows(conn, statement, rows)`` is ``conn.execute(statement, rows)`` for an
executemany of an UPDATE whose parameters are ``bindparam``s every row names: on SQLite
one prepared ``executemany`` of plain tuples (each parameter through its type's bind
processing), elsewhere ``conn.execute``.

Used by the server's push (a batch's new records and bookkeeping updates,
``central_server.sync_service``, ``set_based``, ``group_judge``) and the workstation's
pull applier (``sync.client``; its push answers are stamped with one
``UPDATE … FROM json_each`` per table instead, ``client._stamp_table``, and a stretch of
inserts applied as sent with one ``UPDATE … FROM sync_outbox``, ``client._stamp_run``):
issue 22.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Table, insert
from sqlalchemy import exc as sa_exc
from sqlalchemy.dialects import sqlite
from sqlalchemy.sql import Executable

#: Rows below this go through ``insert()`` (nothing to gain).
MIN_ROWS = 8


def insert_rows(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` into ``table`` (see the module docstring)."""
    if not rows:
        return
    names = list(rows[0])
    if len(rows) < MIN_ROWS or not names or not _fast_path_fits(table, names, rows):
        conn.execute(insert(table), list(rows))
        return
    if not _insert_bound(conn, table, names, lambda o: _tuples(table, o, rows, conn.dialect)):
        conn.execute(insert(table), list(rows))


def insert_columns(
    conn: Connection,
    table: Table,
    columns: dict[str, list[Any]],
    stored: Mapping[str, list[Any]] | None = None,
) -> None:
    """``insert_rows`` of rows given as columns (each column's values by name, all as
    long): no row made as a dictionary where the fast path takes them. ``stored``:
    some of those columns' values already in the driver's form (no bind processing),
    used where the fast path takes the rows."""
    names = list(columns)
    count = len(columns[names[0]]) if names else 0
    if count >= MIN_ROWS and _columns_fit(table, set(names)):
        processors = dict(zip(names, bind_processors(table, names, conn.dialect), strict=True))
        given = columns
        if stored:
            given = {**columns, **stored}
            processors.update(dict.fromkeys(stored))
        if _insert_bound(
            conn,
            table,
            names,
            lambda order: list(zip(*(bound(given[n], processors[n]) for n in order), strict=True)),
        ):
            return
    insert_rows(
        conn,
        table,
        [dict(zip(names, row, strict=True)) for row in zip(*columns.values(), strict=True)],
    )


def _insert_bound(
    conn: Connection,
    table: Table,
    names: list[str],
    data: Callable[[list[str]], list[tuple[Any, ...]]],
) -> bool:
    """One statement for rows of ``names``: ``data(order)`` is their tuples, bound, in
    the order of the names given (COPY on psycopg, else SQLite's prepared
    executemany); False, nothing written, when the statement does not take one
    positional parameter per column (the caller uses ``insert()``)."""
    dialect = conn.dialect
    if dialect.name == "postgresql" and dialect.driver == "psycopg":
        _copy(conn, table, names, data(names))
        return True
    compiled = insert(table).compile(dialect=dialect, column_keys=names)
    order = list(compiled.positiontup or ())
    if sorted(order) != sorted(names):
        return False
    conn.exec_driver_sql(str(compiled), data(order))
    return True


def execute_rows(conn: Connection, statement: Executable, rows: Sequence[dict[str, Any]]) -> None:
    """``conn.execute(statement, rows)`` (see the module docstring)."""
    if not rows:
        return
    names = list(rows[0])
    dialect = conn.dialect
    if len(rows) < MIN_ROWS or dialect.paramstyle != "qmark":
        conn.execute(statement, list(rows))
        return
    compiled = statement.compile(dialect=dialect, column_keys=names)  # type: ignore[attr-defined]
    order = list(compiled.positiontup or ())
    if not order or set(order) != set(names) or any(len(row) != len(names) for row in rows):
        conn.execute(statement, list(rows))  # a parameter with its own value, or rows that differ
        return
    processors = [compiled.binds[name].type._cached_bind_processor(dialect) for name in order]
    conn.exec_driver_sql(str(compiled), _as_tuples(rows, order, processors))


def _tuples(
    table: Table, names: list[str], rows: Sequence[dict[str, Any]], dialect: Any
) -> list[tuple[Any, ...]]:
    """Each row's values in the order of ``names``, through each column's bind processing."""
    return _as_tuples(rows, names, bind_processors(table, names, dialect))


def bind_processors(
    table: Table, names: Sequence[str], dialect: Any
) -> list[Callable[[Any], Any] | None]:
    """The bind processing of each of ``table``'s columns ``names`` (None: none)."""
    return [bind_processor(table.c[name], dialect) for name in names]


def bound_columns(
    rows: Sequence[dict[str, Any]],
    names: Sequence[str],
    processors: Sequence[Callable[[Any], Any] | None],
) -> list[list[Any]]:
    """The values of each of ``names`` in ``rows``, a column at a time, each non-None
    value through its processor: what the driver is given for them (the server's
    set-wise writes send the columns as arrays: ``set_based.Writes.insert``)."""
    return [
        bound(map(operator.itemgetter(name), rows), process)
        for name, process in zip(names, processors, strict=True)
    ]


def bound(values: Iterable[Any], process: Callable[[Any], Any] | None) -> list[Any]:
    """``values``, each non-None one through ``process`` (None: as they are)."""
    if process is None:
        return list(values)
    return [v if v is None else process(v) for v in values]


def _as_tuples(
    rows: Sequence[dict[str, Any]],
    names: list[str],
    processors: Sequence[Callable[[Any], Any] | None],
) -> list[tuple[Any, ...]]:
    """``rows`` as tuples of ``names``, each non-None value through its processor."""
    if not any(processors):
        get = operator.itemgetter(*names)
        return [get(row) for row in rows] if len(names) > 1 else [(get(row),) for row in rows]
    return list(zip(*bound_columns(rows, names, processors), strict=True))


def _fast_path_fits(table: Table, names: list[str], rows: Sequence[dict[str, Any]]) -> bool:
    given = set(names)
    return _columns_fit(table, given) and all(
        len(row) == len(names) and given.issuperset(row) for row in rows
    )


def _columns_fit(table: Table, given: set[str]) -> bool:
    """Whether rows naming the columns ``given`` take the fast path: columns of the
    table, none left out that has a Python-side default (``insert()`` computes it)."""
    if not given <= set(table.c.keys()):
        return False
    return not any(c.default is not None and c.name not in given for c in table.columns)


def bind_processor(column: Any, dialect: Any) -> Callable[[Any], Any] | None:
    """The bind processing of ``column``'s values (None: none) — SQLite's moments by
    C code (``_sqlite_moment``)."""
    processor: Callable[[Any], Any] | None = column.type._cached_bind_processor(dialect)
    if processor is not None and sqlite_moment_text(column, dialect):
        return _sqlite_moment(processor)
    return processor


def sqlite_moment_text(column: Any, dialect: Any) -> bool:
    """Whether ``column`` keeps moments as SQLite's default text (``_SQLITE_MOMENT``:
    ``columns.moments_text`` writes it from canonical wire moments)."""
    if dialect.name != "sqlite":
        return False
    impl = column.type.dialect_impl(dialect)
    return type(impl) is sqlite.DATETIME and impl._storage_format == _SQLITE_MOMENT


#: SQLite's default text of a moment (``sqlite.DATETIME``): its wall time, to the
#: microsecond, no offset.
_SQLITE_MOMENT = sqlite.DATETIME._storage_format


def _sqlite_moment(slow: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``sqlite.DATETIME``'s bind processing of its default format, by C code for a
    ``datetime`` naive or in UTC (its date's and its wall time's ``isoformat``: the
    same digits; the whole moment's ``isoformat`` writes the offset, to be cut off,
    and took half as long again), ``slow`` for any other value."""

    def process(value: Any) -> Any:
        if type(value) is datetime and (value.tzinfo is None or value.tzinfo is UTC):
            return f"{value.date().isoformat()} {value.time().isoformat('microseconds')}"
        return slow(value)

    return process


def _copy(conn: Connection, table: Table, names: list[str], data: list[tuple[Any, ...]]) -> None:
    """``COPY table (names) FROM STDIN`` through psycopg, errors as SQLAlchemy's."""
    preparer = conn.dialect.identifier_preparer
    statement = "COPY {} ({}) FROM STDIN".format(
        preparer.format_table(table), ", ".join(preparer.quote(n) for n in names)
    )
    dbapi = conn.dialect.loaded_dbapi
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        with cursor.copy(statement) as copy:
            for row in data:
                copy.write_row(row)
    except dbapi.Error as error:
        raise sa_exc.DBAPIError.instance(
            statement, None, error, dbapi.Error, dialect=conn.dialect
        ) from error
    finally:
        cursor.close()
