"""Many rows into one table in one statement: ``COPY`` on PostgreSQL, one prepared
``executemany`` of plain tuples on SQLite. No Qt; any thread.

``insert_rows(conn, table, rows)`` does what ``conn.execute(insert(table), rows)`` does
for rows that all name the same columns — the same values reach the database through
each column type's own bind processing — without SQLAlchemy building a parameter
dictionary per row. A failure is raised as SQLAlchemy's exception for it
(``IntegrityError``, ``DataError``, …), so a caller's savepoint and per-row fallback
work as with ``insert()``. Rows whose columns leave out one with a Python-side default
(``created_at``), or mix sets of columns, go through ``insert()`` as before.

Used by the server's push (a batch's new records, ``central_server.sync_service``)
and the workstation's pull applier (``sync.client``): issue 22.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Connection, Table, insert
from sqlalchemy import exc as sa_exc

#: Rows below this go through ``insert()`` (nothing to gain).
MIN_ROWS = 8


def insert_rows(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` into ``table`` (see the module docstring)."""
    if not rows:
        return
    names = list(rows[0])
    if len(rows) < MIN_ROWS or not _fast_path_fits(table, names, rows):
        conn.execute(insert(table), list(rows))
        return
    dialect = conn.dialect
    if dialect.name == "postgresql" and dialect.driver == "psycopg":
        _copy(conn, table, names, _tuples(table, names, rows, dialect))
        return
    compiled = insert(table).compile(dialect=dialect, column_keys=names)
    order = list(compiled.positiontup or ())
    if sorted(order) != sorted(names):  # not one positional parameter per column
        conn.execute(insert(table), list(rows))
        return
    conn.exec_driver_sql(str(compiled), _tuples(table, order, rows, dialect))


def _tuples(
    table: Table, names: list[str], rows: Sequence[dict[str, Any]], dialect: Any
) -> list[tuple[Any, ...]]:
    """Each row's values in the order of ``names``, through each column's bind processing."""
    processors = [_bind_processor(table.c[name], dialect) for name in names]
    return [
        tuple(
            value if process is None or value is None else process(value)
            for value, process in zip([row[n] for n in names], processors, strict=True)
        )
        for row in rows
    ]


def _fast_path_fits(table: Table, names: list[str], rows: Sequence[dict[str, Any]]) -> bool:
    given = set(names)
    if not given <= set(table.c.keys()):
        return False
    if any(c.default is not None and c.name not in given for c in table.columns):
        return False  # a Python-side default to compute per row: insert() does it
    return all(len(row) == len(names) and given.issuperset(row) for row in rows)


def _bind_processor(column: Any, dialect: Any) -> Callable[[Any], Any] | None:
    processor: Callable[[Any], Any] | None = column.type._cached_bind_processor(dialect)
    return processor


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
