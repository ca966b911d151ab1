"""The check's figures of each synced table kept by triggers (workstation, SQLite only).

The check after sync (``sync.check``) compares, per synced table, the count and the
total ``2·server_seq + deleted`` of the rows with a ``server_seq`` whose
``origin_office`` the device may read. Counting them is a scan of the table (about
20 ms per 100,000 rows, each round). Here they are kept instead: the table
``sync_figures`` holds one row per (table, origin office) — how many rows with a
``server_seq`` and their total — and four triggers per synced table keep it in step with
every insert, delete, and change of ``server_seq``, ``deleted_at`` or
``origin_office``: by a sync pull, a clerk's save or raw SQL alike. A round reads
``sync_figures`` (one small query) and the window's rows through the index
``sync_seq_<table>`` on ``server_seq``: no scan. A row an ``INSERT OR REPLACE``
replaces fires the delete trigger too (``recursive_triggers`` is on).

What the kept figures prove: they equal what a scan finds as long as every write since
they were last counted went through SQLite with the triggers in place. A write behind
sync's back is such a write — exactly what the check must find, and the triggers count
it. What goes around them — the file changed outside SQLite, or a migration that
rebuilt a table (Alembic's batch "move and copy" drops its triggers) — is caught by
``ensure_kept_figures`` (run after every migration and before every check: a missing
trigger, table or index is recreated and that table counted again from a scan) and by
the day's first round, which scans every table and sets the kept figures right when
they differ (``recount``). docs/sync.md "Check after sync".

Cost: a trigger adds a few µs to each write that changes those columns (a pulled row
always does); a clerk's edit of other columns fires nothing. The push answer's stamp
(one ``UPDATE … FROM json_each`` per table, ``sync.client``) fires the update trigger
for each stamped row: below 1 µs a row there, measured with and without it (issue
22), so no stamp goes around it and the figures need no second bookkeeping. The central server (a
table scope) and PostgreSQL have none of this. No Qt; any thread.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

#: The kept figures: one row per (table, origin office).
FIGURES_TABLE = "sync_figures"
_DELETED = "(CASE WHEN {r}.deleted_at IS NULL THEN 0 ELSE 1 END)"


def index_name(table: str) -> str:
    return f"sync_seq_{table}"


def _add(table: str, row: str, sign: str) -> str:
    """The statement adding (or taking off) ``row``'s figures (``new``/``old``)."""
    deleted = _DELETED.format(r=row)
    return (
        f"INSERT INTO {FIGURES_TABLE} (table_name, office, n, total) "
        f"SELECT '{table}', {row}.origin_office, {sign}1, {sign}(2 * {row}.server_seq + {deleted}) "
        f"WHERE {row}.server_seq IS NOT NULL "
        "ON CONFLICT (table_name, office) DO UPDATE SET "
        "n = n + excluded.n, total = total + excluded.total;"
    )


def _triggers(table: str) -> dict[str, str]:
    changed = (
        "old.server_seq IS NOT new.server_seq OR old.origin_office IS NOT new.origin_office "
        "OR (old.deleted_at IS NULL) <> (new.deleted_at IS NULL)"
    )
    return {
        f"sync_figures_{table}_insert": f"AFTER INSERT ON {table} BEGIN {_add(table, 'new', '+')} END",
        f"sync_figures_{table}_delete": f"AFTER DELETE ON {table} BEGIN {_add(table, 'old', '-')} END",
        f"sync_figures_{table}_update": (
            f"AFTER UPDATE OF server_seq, deleted_at, origin_office ON {table} WHEN {changed} "
            f"BEGIN {_add(table, 'old', '-')} {_add(table, 'new', '+')} END"
        ),
    }


def _count_statements(table: str) -> list[str]:
    """Count ``table``'s figures again from a scan."""
    deleted = _DELETED.format(r=table)
    return [
        f"DELETE FROM {FIGURES_TABLE} WHERE table_name = '{table}'",
        f"INSERT INTO {FIGURES_TABLE} (table_name, office, n, total) "
        f"SELECT '{table}', origin_office, count(*), sum(2 * server_seq + {deleted}) "
        f"FROM {table} WHERE server_seq IS NOT NULL GROUP BY origin_office",
    ]


def create_table_statement() -> str:
    return (
        f"CREATE TABLE IF NOT EXISTS {FIGURES_TABLE} (table_name TEXT NOT NULL, "
        "office TEXT NOT NULL, n INTEGER NOT NULL, total INTEGER NOT NULL, "
        "PRIMARY KEY (table_name, office)) WITHOUT ROWID"
    )


def create_statements(table: str) -> list[str]:
    """The SQL that gives ``table`` its index, its triggers and its counted figures."""
    return [
        f"CREATE INDEX IF NOT EXISTS {index_name(table)} ON {table} (server_seq)",
        *(f"CREATE TRIGGER IF NOT EXISTS {name} {body}" for name, body in _triggers(table).items()),
        *_count_statements(table),
    ]


def drop_statements(table: str) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {name}" for name in _triggers(table)] + [
        f"DROP INDEX IF EXISTS {index_name(table)}",
        f"DELETE FROM {FIGURES_TABLE} WHERE table_name = '{table}'",
    ]


def ensure_kept_figures(connection: Any, tables: Iterable[str]) -> list[str]:
    """Recreate what is missing of the kept figures of ``tables`` (those present in the
    database) and count those tables again; the tables repaired. ``connection``: a
    SQLAlchemy connection inside a transaction, on SQLite."""
    from sqlalchemy import text

    present = {
        (kind, name)
        for kind, name in connection.execute(
            text("SELECT type, name FROM sqlite_master WHERE type IN ('table', 'trigger', 'index')")
        )
    }
    repaired = []
    if ("table", FIGURES_TABLE) not in present:
        connection.execute(text(create_table_statement()))
    for table in sorted(tables):
        if ("table", table) not in present:
            continue
        wanted = [("trigger", t) for t in _triggers(table)] + [("index", index_name(table))]
        if ("table", FIGURES_TABLE) in present and all(w in present for w in wanted):
            continue
        for statement in [*drop_statements(table), *create_statements(table)]:
            connection.execute(text(statement))
        repaired.append(table)
    return repaired


@contextmanager
def bulk_load(connection: Any, tables: Sequence[str]) -> Iterator[None]:
    """Write many rows into ``tables`` without their figures' triggers and index, then
    recreate both and count each table once (``ensure_kept_figures``): for a first sync
    into empty tables, where a trigger per row and an index kept row by row cost more
    than one scan at the end. ``connection``: a SQLAlchemy connection inside a
    transaction; the count is in that transaction, so nothing is left uncounted."""
    from sqlalchemy import text

    if connection.dialect.name != "sqlite" or not tables:
        yield
        return
    for table in tables:
        for name in _triggers(table):
            connection.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
        connection.execute(text(f"DROP INDEX IF EXISTS {index_name(table)}"))
    yield
    ensure_kept_figures(connection, tables)


def kept(connection: Any, offices: list[str] | None) -> dict[str, tuple[int, int]]:
    """Per table: (count, total) of the rows of ``offices`` (None: every office)."""
    from sqlalchemy import bindparam, text

    where = "" if offices is None else "WHERE office IN :offices"
    query = text(
        f"SELECT table_name, sum(n), sum(total) FROM {FIGURES_TABLE} {where} GROUP BY table_name"
    )
    params: dict[str, Any] = {}
    if offices is not None:
        query = query.bindparams(bindparam("offices", expanding=True))
        params["offices"] = list(offices)
    return {name: (int(n), int(total)) for name, n, total in connection.execute(query, params)}


def recount(connection: Any, table: str) -> None:
    """Count ``table``'s figures again from a scan (the day's whole check found them
    different from the scan's)."""
    from sqlalchemy import text

    for statement in _count_statements(table):
        connection.execute(text(statement))


def outside_models(name: str | None, type_: str, parents: Any = None) -> bool:
    """Alembic's ``include_name``: autogenerate leaves alone what is kept outside the
    models — the lists' FTS tables (``models.search_index``) and the kept figures' table
    and indexes."""
    from .search_index import not_a_search_index

    if type_ == "table" and name == FIGURES_TABLE:
        return False
    if type_ == "index" and (name or "").startswith("sync_seq_"):
        return False
    return not_a_search_index(name, type_, parents)
