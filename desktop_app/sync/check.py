"""The check after sync: per table, the office's scope counted and the changed rows hashed.

After a round that left nothing in the outbox, the workstation asks the server for
the figures of every synced table over the records its office may read
(``origin_office`` in the visible offices), computes the same over its own copy,
and re-pulls each table that differs from cursor 0 (``SyncEngine``); a table that
still differs is reported. Figures of a table (:func:`table_figures`):

- ``count`` and ``total`` over the whole scope: how many rows, and the sum of
  ``2·server_seq + deleted`` — one pass of the database's own aggregate, no row
  reaches Python. A lost or extra row changes the count; a row at another version
  or a tombstone flag flipped changes the total.
- ``digest``: sha256 over the sorted lines ``id:server_seq:deleted`` of the rows with
  ``server_seq > since`` (the window; ``since=None``: the whole scope). The server
  stamps ``server_seq`` on every change and the workstation gets it back with the
  pulled row, so equal digests mean the same records at the same versions. Only the
  window's rows are read into Python and hashed: a round costs what changed.

Local rows the server never accepted (no ``server_seq``: a refused insert, kept in the
conflicts list) are left out. Why a window is enough, and when the whole scope is
hashed instead: docs/sync.md "Check after sync". Server and workstation call
:func:`table_figures` on a Core connection (PostgreSQL computes the same figures
itself, ``sha256`` over the same lines). No Qt; any thread.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    String,
    Table,
    func,
    select,
    text,
    type_coerce,
)

from ..models import Base


@dataclass(frozen=True)
class TableFigures:
    """What the check compares of one table (see the module docstring)."""

    count: int
    total: int
    digest: str
    hashed: int  # rows the digest covers (the window's; the whole scope's when since=None)


def table_figures(
    conn: Connection, table_name: str, offices: list[str] | None, since: int | None = None
) -> TableFigures:
    """The table's figures over the rows of ``offices`` (None: every office), the digest
    over the rows with ``server_seq > since`` (None: all of them)."""
    table: Table = Base.metadata.tables[table_name]
    if conn.dialect.name == "postgresql":
        return _figures_in_postgres(conn, table, offices, since)
    # one pass: the aggregates, and the window's lines joined by SQLite (the id as
    # stored, 32 hex digits, without building a UUID and a datetime per row)
    deleted = type_coerce(table.c.deleted_at.is_not(None), Integer)
    line = (
        type_coerce(table.c.id, String)
        + ":"
        + type_coerce(table.c.server_seq, String)
        + ":"
        + type_coerce(deleted, String)
    )
    in_window: ColumnElement[bool] = table.c.server_seq.is_not(None)
    if since is not None:
        in_window = table.c.server_seq > since
    query = select(
        func.count(),
        func.coalesce(func.sum(2 * table.c.server_seq + deleted), 0),
        # FILTER: rows outside the window never reach the aggregate (a CASE would
        # call it once per row of the scope: three times slower at 100,000 rows)
        func.group_concat(line, "\n").filter(in_window),
    ).where(table.c.server_seq.is_not(None))
    if offices is not None:
        query = query.where(table.c.origin_office.in_(offices))
    count, total, joined = conn.execute(query).one()
    lines = sorted(_canonical(found) for found in joined.split("\n")) if joined else []
    digest = hashlib.sha256("\n".join(lines).encode("ascii")).hexdigest()
    return TableFigures(int(count), int(total), digest, len(lines))


def table_digest(conn: Connection, table_name: str, offices: list[str] | None) -> tuple[int, str]:
    """(count, sha256 hex) of the table's whole scope (the full check)."""
    figures = table_figures(conn, table_name, offices)
    return figures.count, figures.digest


def _canonical(line: str) -> str:
    """A line whose id is as SQLite stores it, with the id in the canonical text form of
    ``str(uuid.UUID)``."""
    rid, rest = line.split(":", 1)
    rid = rid.lower()
    if len(rid) == 32:
        rid = f"{rid[:8]}-{rid[8:12]}-{rid[12:16]}-{rid[16:20]}-{rid[20:]}"
    return f"{rid}:{rest}"


def _figures_in_postgres(
    conn: Connection, table: Table, offices: list[str] | None, since: int | None
) -> TableFigures:
    """The same figures computed by PostgreSQL in one pass (``sha256`` over the same
    lines in the same byte order): the rows never travel to Python."""
    name = conn.dialect.identifier_preparer.format_table(table)
    where = "server_seq IS NOT NULL"
    params: dict[str, object] = {"since": -1 if since is None else since}
    if offices is not None:
        where += " AND origin_office = ANY(:offices)"
        params["offices"] = list(offices)
    line = (
        "id::text || ':' || server_seq::text || ':' || "
        "CASE WHEN deleted_at IS NULL THEN '0' ELSE '1' END"
    )
    window = "FILTER (WHERE server_seq > :since)"
    count, total, digest, hashed = conn.execute(
        text(
            "SELECT count(*), "
            "coalesce(sum(2 * server_seq::bigint + "
            "CASE WHEN deleted_at IS NULL THEN 0 ELSE 1 END), 0)::bigint, "
            f"encode(sha256(convert_to(coalesce(string_agg({line}, E'\\n' "
            f"ORDER BY id::text COLLATE \"C\") {window}, ''), 'UTF8')), 'hex'), "
            f"count(*) {window} FROM {name} WHERE {where}"
        ),
        params,
    ).one()
    return TableFigures(int(count), int(total), str(digest), int(hashed))
