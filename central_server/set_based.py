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
(``codec.stamps_kept``).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, Connection, Table, any_, bindparam, text, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from desktop_app.sync.bulk import execute_rows
from desktop_app.sync.codec import stamps_kept

from .models import RecordChange


def _postgres(session: Session | Connection) -> bool:
    return _connection(session).dialect.name == "postgresql"


def _connection(session: Session | Connection) -> Connection:
    """The connection a session writes on (a group commit's writer passes its own)."""
    return session if isinstance(session, Connection) else session.connection()


def among(session: Session | Connection, column: Any, values: Iterable[Any]) -> ColumnElement[bool]:
    """``column IN (values)`` (see the module docstring)."""
    values = list(values)
    if _postgres(session):
        return column == any_(bindparam(None, values, type_=ARRAY(column.type)))  # type: ignore[no-any-return]
    return column.in_(values)  # type: ignore[no-any-return]


def stamp_server_seqs(session: Session | Connection, table: Table, seqs: dict[str, int]) -> None:
    """Set ``server_seq`` of each record id (text) of ``table`` to its number."""
    if not seqs:
        return
    if _postgres(session):
        preparer = _connection(session).dialect.identifier_preparer
        name = preparer.format_table(table)
        session.execute(
            text(
                f"UPDATE {name} SET server_seq = u.s "
                "FROM unnest(CAST(:ids AS uuid[]), CAST(:seqs AS bigint[])) AS u(id, s) "
                f"WHERE {name}.id = u.id"
            ).bindparams(
                bindparam("ids", type_=ARRAY(table.c.id.type)),
                bindparam("seqs", type_=ARRAY(BigInteger())),
            ),
            {"ids": [uuid.UUID(r) for r in seqs], "seqs": list(seqs.values())},
        )
        return
    execute_rows(
        _connection(session),
        update(table)
        .where(table.c.id == bindparam("rid"))
        .values(server_seq=bindparam("s"), **stamps_kept(table)),
        [{"rid": uuid.UUID(rid), "s": seq} for rid, seq in seqs.items()],
    )


def log_changes(session: Session | Connection, rows: list[dict[str, Any]]) -> None:
    """Write change-log rows (``RecordChange`` columns); a record that has one keeps
    its ``origin_office`` and ``inserted_by`` and takes the new ``seq`` and
    ``origin_device``."""
    if not rows:
        return
    if _postgres(session):
        columns = (
            "table_name",
            "record_id",
            "seq",
            "origin_office",
            "origin_device",
            "inserted_by",
        )
        kinds = ("varchar", "varchar", "bigint", "varchar", "varchar", "varchar")
        arrays = ", ".join(f"CAST(:{c} AS {k}[])" for c, k in zip(columns, kinds, strict=True))
        session.execute(
            text(
                f"INSERT INTO record_changes ({', '.join(columns)}) SELECT * FROM unnest({arrays}) "
                "ON CONFLICT (table_name, record_id) "
                "DO UPDATE SET seq = EXCLUDED.seq, origin_device = EXCLUDED.origin_device"
            ),
            {c: [row[c] for row in rows] for c in columns},
        )
        return
    changes: Table = RecordChange.__table__  # type: ignore[assignment]
    statement = sqlite_insert(changes)
    execute_rows(
        _connection(session),
        statement.on_conflict_do_update(
            index_elements=[changes.c.table_name, changes.c.record_id],
            set_={
                "seq": statement.excluded.seq,
                "origin_device": statement.excluded.origin_device,
            },
        ),
        rows,
    )
