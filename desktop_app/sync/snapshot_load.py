"""A first-sync snapshot's rows straight into the workstation's empty tables (issue 22).

The snapshot (``central_server.snapshot``) carries each table as a line
``{"t": table, "c": [column, …]}`` followed by lines that are each a JSON array of
rows, a row an array of wire values (``sync.codec``) in the order of ``c``.
``read_batches(lines)`` yields ``(table, columns, rows)`` for each such line.

``load_batch(conn, table, columns, rows)`` writes one batch into a table the
workstation held no row of when the snapshot began — nothing to merge, supersede or
rebase on (``SyncEngine.write_rows`` does that for a table that had rows) — with ONE
``executemany`` of values already in SQLite's storage form. Its checks are those of
``codec.decode_checked`` done a column at a time by C code (``columns.checked_column``,
shared with the server's push); a column kind without such a check goes value by
value through the codec's compiled checker and its bind processor.
On any doubt — a value the strict checks might refuse, a shape not expected, the
database refusing the batch — it writes nothing and answers False: the caller sends
that batch through the row-by-row applier, which refuses exactly as a pull does (the
row is set aside as a problem). So a hostile snapshot is refused as cleanly as a
hostile page.

``EmptyTables(conn)`` is what the load takes off a table it fills from empty, at that
table's first batch (``take``), and puts back once when the load succeeds: the search
triggers (``models.search_index.bulk_load``: the FTS index rebuilt), the kept figures'
triggers and index (``models.kept_figures.bulk_load``: counted once), and the table's
other non-unique indexes (recreated by their own ``CREATE INDEX``: SQLite builds an
index by one sort faster than by 100,000 inserts of random keys). Unique indexes and
the primary key stay, so a duplicate is still refused in the batch's savepoint. A
table that no batch reaches is not touched. All of it is DDL inside the load's one
transaction (begun before the first ``DROP``: ``sqlite3`` would commit DDL that comes
before any row on its own): a load that fails rolls it back with the rows. While a table is taken,
the connection's page cache is larger (``LOAD_CACHE_KIB``; restored whatever happens),
so the batches' pages are not spilled to the WAL before the commit. No Qt; any thread.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from types import TracebackType
from typing import Any

from sqlalchemy import Column, Connection, Dialect, Table, insert, text, types
from sqlalchemy.exc import SQLAlchemyError

from ..models import kept_figures, search_index
from ..models.rules import FieldRuleError, kind_of
from .bulk import bind_processor
from .codec import checked_decoder, decode_checked
from .columns import Checked, Doubt, checked_column, column_wise, moments_text

#: What a snapshot line of rows looks like to ``read_batches``.
Batch = tuple[str, list[str], list[Any]]


def read_batches(lines: Iterable[str]) -> Iterator[Batch]:
    """``(table, columns, rows)`` for each line of rows after the header line."""
    table, columns = "", []
    for line in lines:
        item = json.loads(line)
        if isinstance(item, dict):
            table, columns = str(item["t"]), [str(c) for c in item["c"]]
        elif isinstance(item, list) and table:
            yield table, columns, item
        else:
            raise ValueError("snapshot line out of place")


#: The page cache (KiB) of the connection while a snapshot fills tables (SQLite's
#: default is 2 MiB: 100,000 rows of a table and its indexes spill long before).
LOAD_CACHE_KIB = 32 * 1024


class EmptyTables:
    """The tables a snapshot's load fills from empty (module docstring): ``take`` one at
    its first batch, ``give_back`` its indexes before rows go in one by one (the
    row-by-row applier looks records up through them); leaving the ``with`` block
    normally puts everything back, an exception leaves it to the rollback."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.taken: set[str] = set()
        self.indexes: dict[str, list[str]] = {}  # table → its dropped CREATE INDEX
        self.stack = ExitStack()
        self.cache: int | None = None

    def __enter__(self) -> EmptyTables:
        return self

    def take(self, table: str) -> None:
        """Take ``table``'s triggers and non-unique indexes off (once)."""
        if table in self.taken or self.conn.dialect.name != "sqlite":
            return
        if self.cache is None:
            _in_transaction(self.conn)
            self.cache = int(self.conn.exec_driver_sql("PRAGMA cache_size").scalar_one())
            self.conn.exec_driver_sql(f"PRAGMA cache_size = -{LOAD_CACHE_KIB}")
        self.taken.add(table)
        self.stack.enter_context(search_index.bulk_load(self.conn, [table]))
        self.stack.enter_context(kept_figures.bulk_load(self.conn, [table]))
        self.indexes[table] = []
        for name in _plain_indexes(self.conn, table):
            sql = self.conn.execute(
                text("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = :n"),
                {"n": name},
            ).scalar_one()
            self.conn.exec_driver_sql(f'DROP INDEX "{name}"')
            self.indexes[table].append(sql)

    def give_back(self, table: str) -> None:
        """Recreate ``table``'s dropped indexes now (rows go in one by one from here)."""
        for sql in self.indexes.pop(table, []):
            self.conn.exec_driver_sql(sql)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> bool | None:
        try:
            if kind is None:
                for table in list(self.indexes):
                    self.give_back(table)
            return self.stack.__exit__(kind, error, trace)  # FTS rebuilt, figures counted
        finally:
            if self.cache is not None:
                try:
                    self.conn.exec_driver_sql(f"PRAGMA cache_size = {self.cache}")
                except SQLAlchemyError:
                    if kind is None:  # else the load's own error is the one to see
                        raise


def _in_transaction(conn: Connection) -> None:
    """Open the SQLite transaction now: Python's ``sqlite3`` begins one only before an
    INSERT, UPDATE or DELETE, so DDL that came first (the load's ``DROP``) would be
    committed on its own and survive the load's rollback."""
    if not conn.connection.dbapi_connection.in_transaction:  # type: ignore[union-attr]
        conn.exec_driver_sql("BEGIN")


def _plain_indexes(conn: Connection, table: str) -> list[str]:
    """``table``'s indexes made by ``CREATE INDEX`` that refuse nothing (not unique)."""
    listed = conn.exec_driver_sql(f'PRAGMA index_list("{table}")').all()
    return [row[1] for row in listed if not row[2] and row[3] == "c"]


def load_batch(conn: Connection, table: Table, columns: list[str], rows: list[Any]) -> bool:
    """Insert ``rows`` (wire values in the order of ``columns``) with one executemany;
    False (nothing written) when the batch must go row by row (module docstring).
    Call it inside a savepoint: the database may refuse the batch half-way."""
    if conn.dialect.name != "sqlite" or not rows:
        return False
    known = [i for i, name in enumerate(columns) if name in table.c]
    names = [columns[i] for i in known]
    if len(set(names)) != len(names) or "id" not in names:
        return False
    if any(c.default is not None and c.name not in names for c in table.columns):
        return False  # a Python-side default to compute per row: the applier does it
    if set(map(type, rows)) != {list} or set(map(len, rows)) != {len(columns)}:
        return False
    by_column = list(zip(*rows, strict=True))
    try:
        stored = [_storage(table.c[columns[i]], list(by_column[i]), conn) for i in known]
    except Doubt:
        return False
    sql = _insert_sql(table, tuple(names), conn.dialect)
    if sql is None:
        return False
    conn.exec_driver_sql(sql, list(zip(*stored, strict=True)))
    return True


@functools.lru_cache(maxsize=256)
def _insert_sql(table: Table, names: tuple[str, ...], dialect: Dialect) -> str | None:
    """The ``INSERT`` of ``names`` into ``table``, its parameters in that order — compiled
    once per table and columns, not once per batch (50 compiles of a 100,000-row load:
    about 0.05 s); None when the compiler would order them otherwise."""
    statement = insert(table).compile(dialect=dialect, column_keys=list(names))
    if tuple(statement.positiontup or ()) != names:
        return None
    return str(statement)


def _storage(column: Column[Any], values: list[Any], conn: Connection) -> list[Any]:
    """``values`` checked and in the column's SQLite storage form; ``Doubt`` otherwise."""
    bind = bind_processor(column, conn.dialect) or _as_is
    if not column_wise(column):
        return _one_by_one(column, values, bind)

    def slow(value: Any) -> Any:
        return bind(decode_checked(column, value))

    def stored(column: Column[Any], present: list[Any], checked: Checked) -> list[Any]:
        return _stored(column, present, checked, bind)

    return checked_column(column, values, stored, slow)


def _as_is(value: Any) -> Any:
    return value


def _stored(
    column: Column[Any], values: list[Any], checked: Checked, bind: Callable[[Any], Any]
) -> list[Any]:
    """The SQLite storage form of checked ``values`` (no None among them)."""
    kind = kind_of(column.type)
    if isinstance(kind, types.Boolean):
        return list(map(bind, values))
    if isinstance(kind, types.Uuid):
        return checked.joined.replace("-", "").split("\n")
    if isinstance(kind, types.DateTime):
        return moments_text(checked.joined)
    return values  # integers, dates and text are stored as sent


def _one_by_one(column: Column[Any], values: list[Any], bind: Callable[[Any], Any]) -> list[Any]:
    """Any other kind (JSON, Numeric, LargeBinary, …): the codec's compiled check and
    the bind processor per value, None included (JSON stores it as ``null``)."""
    check: Callable[[Any], Any] = checked_decoder(column)
    try:
        return [bind(check(v)) for v in values]
    except FieldRuleError:
        raise Doubt(column.name) from None
