"""FTS5 trigram indexes of the big lists' ``search_text`` (SQLite only, issue 22).

Each table named in ``SEARCHED_TABLES`` has an external-content FTS5 table
``fts_<table>`` over its ``search_text`` column (the ``persian.search_key`` of what a
clerk may type; the index stores no second copy of the text) with the ``trigram``
tokenizer, case-sensitive so that a match is exactly ``instr(search_text, word) > 0``
for a word of three characters or more (``services.core.listing`` keeps ``instr`` for
shorter words). Three triggers keep it in step with every insert, delete and change of
``search_text`` — by the services, a sync pull's ``executemany`` or raw SQL alike —
keyed on the row's ``rowid``.

Cost: the triggers add about 25–60 µs to each inserted row of these tables on the
2-core benchmark machine (a clerk's save does not notice; 100,000 rows of a first sync
would take 3–6 s more), while rebuilding an index from its table takes about 0.7 s per
100,000 rows: a bulk load into an empty or nearly empty table goes inside
``bulk_load(connection, tables)``, which takes the triggers off and rebuilds after.

Migration 0027 creates them. A later migration that rebuilds one of these tables
(Alembic's batch "move and copy") drops its triggers and renumbers its rowids:
``ensure_search_indexes``, run by ``models.database.migrate`` after every upgrade,
finds the missing triggers, recreates them and rebuilds that index from its table.

No Qt; any thread.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

#: Tables whose list search goes through ``fts_<table>``.
SEARCHED_TABLES = (
    "benefactors",
    "certificate_inquiries",
    "certificates",
    "enrollments",
    "equipment",
    "gifts",
    "places",
    "public_requests",
    "trainers",
    "volunteers",
)

#: Words shorter than this cannot be found by trigrams (the list uses ``instr``).
MIN_WORD = 3


def fts_name(table: str) -> str:
    return f"fts_{table}"


def _triggers(table: str) -> dict[str, str]:
    fts = fts_name(table)
    remove = f"INSERT INTO {fts}({fts}, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);"
    add = f"INSERT INTO {fts}(rowid, search_text) VALUES (new.rowid, new.search_text);"
    return {
        f"{fts}_insert": f"AFTER INSERT ON {table} BEGIN {add} END",
        f"{fts}_delete": f"AFTER DELETE ON {table} BEGIN {remove} END",
        f"{fts}_update": f"AFTER UPDATE OF search_text ON {table} BEGIN {remove} {add} END",
    }


def create_statements(table: str) -> list[str]:
    """The SQL that creates ``fts_<table>``, its triggers, and fills it."""
    fts = fts_name(table)
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5(search_text, content='{table}',"
        " tokenize='trigram case_sensitive 1')",
        *(f"CREATE TRIGGER {name} {body}" for name, body in _triggers(table).items()),
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def drop_statements(table: str) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {name}" for name in _triggers(table)] + [
        f"DROP TABLE IF EXISTS {fts_name(table)}"
    ]


def ensure_search_indexes(connection: Any) -> list[str]:
    """Recreate what is missing of each search index (a table rebuilt by a migration
    loses its triggers) and rebuild that index; the tables repaired. ``connection`` is
    a SQLAlchemy connection inside a transaction."""
    from sqlalchemy import text

    if connection.dialect.name != "sqlite":
        return []
    present = {
        (kind, name)
        for kind, name in connection.execute(
            text("SELECT type, name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        )
    }
    repaired = []
    for table in SEARCHED_TABLES:
        if ("table", table) not in present:
            continue
        fts = fts_name(table)
        triggers = _triggers(table)
        if ("table", fts) in present and all(("trigger", t) in present for t in triggers):
            continue
        for statement in [*drop_statements(table), *create_statements(table)]:
            connection.execute(text(statement))
        repaired.append(table)
    return repaired


def not_a_search_index(name: str | None, type_: str, _parent_names: Any = None) -> bool:
    """Alembic's ``include_name``: autogenerate leaves the FTS tables (and their shadow
    tables ``fts_<table>_data`` …) alone; they are not models."""
    return not (type_ == "table" and (name or "").startswith("fts_"))


@contextmanager
def bulk_load(connection: Any, tables: Sequence[str]) -> Iterator[None]:
    """Write many rows into ``tables`` without their search triggers, then rebuild
    their indexes from the tables (about ten times faster per row than the triggers,
    but a rebuild reads the whole table: for a first sync or a restore, not for a page
    of changes). ``connection``: a SQLAlchemy connection inside a transaction."""
    from sqlalchemy import text

    searched = [t for t in tables if t in SEARCHED_TABLES]
    if connection.dialect.name != "sqlite" or not searched:
        yield
        return
    for table in searched:
        for name in _triggers(table):
            connection.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
    yield
    ensure_search_indexes(connection)
