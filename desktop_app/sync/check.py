"""The check after sync: per table, a count and a hash of the office's scope.

After a round that left nothing in the outbox, the workstation asks the server for
the count and digest of every synced table over the records its office may read
(``origin_office`` in the visible offices), computes the same over its own copy,
and re-pulls each table that differs from cursor 0 (``SyncEngine``); a table that
still differs is reported. The digest is sha256 over the sorted lines
``id:server_seq:deleted`` — the server stamps ``server_seq`` on every change and the
workstation gets it back with the pulled row, so equal digests mean the same
records at the same versions. Local rows the server never accepted (no
``server_seq``: a refused insert, kept in the conflicts list) are left out.
Server and workstation call :func:`table_digest` on a Core connection (PostgreSQL
computes the same digest itself, ``sha256`` over the same lines). No Qt; any thread.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import Connection, String, Table, select, text, type_coerce

from ..models import Base


def table_digest(conn: Connection, table_name: str, offices: list[str] | None) -> tuple[int, str]:
    """(count, sha256 hex) of the table's rows of ``offices`` (None: every office)."""
    table: Table = Base.metadata.tables[table_name]
    if conn.dialect.name == "postgresql":
        return _digest_in_postgres(conn, table, offices)
    # the id as stored (SQLite: 32 hex digits; PostgreSQL: its uuid) and whether the row
    # is a tombstone, without building a UUID and a datetime per row
    query = select(
        type_coerce(table.c.id, String), table.c.server_seq, table.c.deleted_at.is_not(None)
    ).where(table.c.server_seq.is_not(None))
    if offices is not None:
        query = query.where(table.c.origin_office.in_(offices))
    lines = sorted(
        f"{_canonical(rid)}:{seq}:{1 if deleted else 0}"
        for rid, seq, deleted in conn.execute(query)
    )
    digest = hashlib.sha256("\n".join(lines).encode("ascii")).hexdigest()
    return len(lines), digest


def _canonical(rid: object) -> str:
    """A stored id in the canonical text form of ``str(uuid.UUID)``."""
    text = str(rid).lower()
    if len(text) == 32:
        return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"
    return text


def _digest_in_postgres(
    conn: Connection, table: Table, offices: list[str] | None
) -> tuple[int, str]:
    """The same count and digest computed by PostgreSQL (``sha256`` over the same lines
    in the same byte order): the rows never travel to Python."""
    name = conn.dialect.identifier_preparer.format_table(table)
    where = "server_seq IS NOT NULL"
    params: dict[str, object] = {}
    if offices is not None:
        where += " AND origin_office = ANY(:offices)"
        params["offices"] = list(offices)
    line = (
        "id::text || ':' || server_seq::text || ':' || "
        "CASE WHEN deleted_at IS NULL THEN '0' ELSE '1' END"
    )
    count, digest = conn.execute(
        text(
            f"SELECT count(*), encode(sha256(convert_to(coalesce(string_agg({line}, E'\\n' "
            f"ORDER BY id::text COLLATE \"C\"), ''), 'UTF8')), 'hex') FROM {name} WHERE {where}"
        ),
        params,
    ).one()
    return int(count), str(digest)
