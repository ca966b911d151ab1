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

import functools
import hashlib
from dataclasses import dataclass

from sqlalchemy import Connection, TextClause, bindparam, text

from ..models import Base

_DELETED = "CASE WHEN deleted_at IS NULL THEN 0 ELSE 1 END"


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
    if table_name not in Base.metadata.tables:  # a name goes into the SQL: only ours
        raise KeyError(table_name)
    postgres = conn.dialect.name == "postgresql"
    query = _statement(table_name, offices is not None, postgres)
    params: dict[str, object] = {"since": -1 if since is None else since}
    if offices is not None:
        params["offices"] = list(offices)
    count, total, found, hashed = conn.execute(query, params).one()
    if postgres:
        return TableFigures(int(count), int(total), str(found), int(hashed))
    digest, hashed = _digest(found)
    return TableFigures(int(count), int(total), digest, hashed)


def window_digest(
    conn: Connection, table_name: str, offices: list[str] | None, since: int
) -> tuple[str, int]:
    """(sha256 hex, rows) of the window's lines of a workstation's table, read through
    its index on ``server_seq`` (``models.kept_figures``): no scan of the table. The
    count and total come from the kept figures."""
    if table_name not in Base.metadata.tables:  # a name goes into the SQL: only ours
        raise KeyError(table_name)
    params: dict[str, object] = {"since": since}
    if offices is not None:
        params["offices"] = list(offices)
    (found,) = conn.execute(_window_statement(table_name, offices is not None), params).one()
    return _digest(found)


def _digest(found: str | None) -> tuple[str, int]:
    """SQLite joined the window's lines with the id as stored (32 hex digits): the
    sha256 of the canonical lines, sorted, and how many."""
    lines = sorted(_canonical(line) for line in found.split("\n")) if found else []
    return hashlib.sha256("\n".join(lines).encode("ascii")).hexdigest(), len(lines)


@functools.cache
def _statement(name: str, scoped: bool, postgres: bool) -> TextClause:
    """One pass over the table: count and total of the scope and the window's lines —
    on PostgreSQL their sha256 (the same lines in the same byte order, so the rows
    never travel to Python), on SQLite joined by ``group_concat``. ``FILTER``: rows
    outside the window never reach the aggregate (a ``CASE`` inside it would call it
    once per row of the scope: three times slower at 100,000 rows). Plain SQL built
    once per table: SQLAlchemy's constructs cost ~2 ms a table, most tables are empty."""
    deleted = _DELETED
    total = f"coalesce(sum(2 * server_seq + {deleted}), 0)"
    window = "FILTER (WHERE server_seq > :since)"
    if postgres:
        line = f"id::text || ':' || server_seq::text || ':' || ({deleted})::text"
        lines = (
            f"encode(sha256(convert_to(coalesce(string_agg({line}, E'\\n' "
            f"ORDER BY id::text COLLATE \"C\") {window}, ''), 'UTF8')), 'hex')"
        )
        total = f"({total})::bigint"
        offices = "origin_office = ANY(:offices)"
    else:
        line = f"id || ':' || server_seq || ':' || ({deleted})"
        lines = f"group_concat({line}, char(10)) {window}"
        offices = "origin_office IN :offices"
    where = "server_seq IS NOT NULL" + (f" AND {offices}" if scoped else "")
    query = text(
        f'SELECT count(*), {total}, {lines}, count(*) {window} FROM "{name}" WHERE {where}'
    )
    if scoped and not postgres:
        query = query.bindparams(bindparam("offices", expanding=True))
    return query


@functools.cache
def _window_statement(name: str, scoped: bool) -> TextClause:
    """The window's lines through the index on ``server_seq`` (SQLite). ``+origin_office``:
    the office is a filter on the window's few rows, never the index to start from."""
    line = f"id || ':' || server_seq || ':' || ({_DELETED})"
    where = "server_seq > :since" + (" AND +origin_office IN :offices" if scoped else "")
    query = text(f'SELECT group_concat({line}, char(10)) FROM "{name}" WHERE {where}')
    if scoped:
        query = query.bindparams(bindparam("offices", expanding=True))
    return query


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
