"""A first-sync snapshot's rows straight into the workstation's empty tables (issue 22).

The snapshot (``central_server.snapshot``) carries each table as a line
``{"t": table, "c": [column, …]}`` followed by lines that are each a JSON array of
rows, a row an array of wire values (``sync.codec``) in the order of ``c``.
``read_batches(lines)`` yields ``(table, columns, rows)`` for each such line.

``load_batch(conn, table, columns, rows)`` writes one batch into a table the
workstation held no row of when the snapshot began — nothing to merge, supersede or
rebase on (``SyncEngine.write_rows`` does that for a table that had rows) — with ONE
``executemany`` of values already in SQLite's storage form. Its checks are those of
``codec.decode_checked`` done a column at a time by C code (type sets, ``min``/``max``,
one regular expression over a column's joined text, ``date``/``datetime.fromisoformat``
mapped over it) instead of a Python call per value; a column kind without such a check
goes value by value through the codec's compiled checker and its bind processor. The
first value of each column is also converted the slow way and must come out equal.
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

import json
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from datetime import date, datetime
from types import TracebackType
from typing import Any

from sqlalchemy import Column, Connection, Table, insert, text, types
from sqlalchemy.exc import SQLAlchemyError

from ..models import kept_figures, search_index
from ..models.rules import INT_RANGES, TEXT_LIMIT, FieldRuleError
from .codec import checked_decoder, decode_checked

#: What a snapshot line of rows looks like to ``read_batches``.
Batch = tuple[str, list[str], list[Any]]


def _lines_of(one: str) -> re.Pattern[str]:
    """A column's values joined by line breaks, each one ``one`` (no empty value)."""
    return re.compile(f"{one}(?:\n{one})*")


_UUID = _lines_of("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_DATE = _lines_of("[0-9]{4}-[0-9]{2}-[0-9]{2}")
_STAMP = _lines_of(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{6})?\+00:00")
#: Longest wire text the codec takes (``codec.decode_checked``).
_WIRE_TEXT_LIMIT = 4 * 2**20


class Doubt(Exception):
    """A batch the fast path will not vouch for (the row-by-row applier decides)."""


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
    statement = insert(table).compile(dialect=conn.dialect, column_keys=names)
    if list(statement.positiontup or ()) != names:
        return False
    conn.exec_driver_sql(str(statement), list(zip(*stored, strict=True)))
    return True


def _storage(column: Column[Any], values: list[Any], conn: Connection) -> list[Any]:
    """``values`` checked and in the column's SQLite storage form; ``Doubt`` otherwise."""
    bind = column.type._cached_bind_processor(conn.dialect) or _as_is
    if not _column_wise(column):
        return _one_by_one(column, values, bind)
    present = values
    if None in values:
        if not column.nullable or column.primary_key:
            raise Doubt(column.name)
        present = [v for v in values if v is not None]
    if not present:
        return values
    converted = _convert(column, present, bind)
    try:
        first = bind(decode_checked(column, present[0]))
    except FieldRuleError:
        raise Doubt(column.name) from None
    if first != converted[0] or type(first) is not type(converted[0]):
        raise Doubt(column.name)  # the fast form is not the storage form
    choices = column.info.get("choices")
    if choices is not None and not set(present) <= set(choices):
        raise Doubt(column.name)
    if present is values:
        return converted
    it = iter(converted)
    return [None if v is None else next(it) for v in values]


def _as_is(value: Any) -> Any:
    return value


def _kind(column: Column[Any]) -> Any:
    kind = column.type
    return kind.impl_instance if isinstance(kind, types.TypeDecorator) else kind


def _column_wise(column: Column[Any]) -> bool:
    """Whether ``_convert`` checks this column's kind a column at a time."""
    kind = _kind(column)
    if isinstance(kind, types.JSON | types.Numeric):
        return False
    return isinstance(
        kind,
        types.Boolean | types.Integer | types.Uuid | types.DateTime | types.Date | types.String,
    )


def _convert(column: Column[Any], values: list[Any], bind: Callable[[Any], Any]) -> list[Any]:
    """The storage form of ``values`` (no None among them), or ``Doubt``."""
    kind = _kind(column)
    kinds = set(map(type, values))
    if isinstance(kind, types.Boolean):
        _only(kinds, bool)
        return list(map(bind, values))
    if isinstance(kind, types.Integer):
        _only(kinds, int)
        bound = next(b for t, b in INT_RANGES if isinstance(kind, t))
        if not (-bound <= min(values) and max(values) < bound):
            raise Doubt(column.name)
        return values
    if isinstance(kind, types.Uuid):
        joined = _joined(kinds, values)
        if _UUID.fullmatch(joined) is None:
            raise Doubt(column.name)
        return joined.replace("-", "").split("\n")
    if isinstance(kind, types.DateTime):
        joined = _joined(kinds, values)
        if _STAMP.fullmatch(joined) is None:
            raise Doubt(column.name)
        _valid(datetime.fromisoformat, values)
        stored = joined.replace("+00:00", "").replace("T", " ").split("\n")
        if not set(map(len, stored)) <= {26}:
            stored = [s if len(s) == 26 else s + ".000000" for s in stored]
        return stored
    if isinstance(kind, types.Date):
        joined = _joined(kinds, values)
        if _DATE.fullmatch(joined) is None:
            raise Doubt(column.name)
        _valid(date.fromisoformat, values)
        return values
    if isinstance(kind, types.String) and not isinstance(kind, types.JSON):
        joined = _joined(kinds, values, split=False)
        limit = min(kind.length or TEXT_LIMIT, _WIRE_TEXT_LIMIT)
        if "\x00" in joined or max(map(len, values)) > limit:
            raise Doubt(column.name)
        try:
            joined.encode("utf-8")  # a lone surrogate
        except UnicodeEncodeError:
            raise Doubt(column.name) from None
        return values
    raise Doubt(column.name)  # not a kind ``_column_wise`` names


def _one_by_one(column: Column[Any], values: list[Any], bind: Callable[[Any], Any]) -> list[Any]:
    """Any other kind (JSON, Numeric, LargeBinary, …): the codec's compiled check and
    the bind processor per value, None included (JSON stores it as ``null``)."""
    check: Callable[[Any], Any] = checked_decoder(column)
    try:
        return [bind(check(v)) for v in values]
    except FieldRuleError:
        raise Doubt(column.name) from None


def _only(kinds: set[type], kind: type) -> None:
    if kinds != {kind}:
        raise Doubt(kind.__name__)


def _joined(kinds: set[type], values: list[str], split: bool = True) -> str:
    """The values (all text) joined by line breaks; ``split``: no value holds one."""
    _only(kinds, str)
    joined = "\n".join(values)
    if split and joined.count("\n") != len(values) - 1:
        raise Doubt("a line break inside a value")
    return joined


def _valid(parse: Callable[[str], Any], values: list[str]) -> None:
    try:
        list(map(parse, values))
    except ValueError:
        raise Doubt(parse.__name__) from None
