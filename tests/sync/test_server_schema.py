"""The central server's database holds only what it owns or receives.

The server runs the workstation's migrations for the synced tables with a table scope
(``central_server.db.shared_tables``); a table local to the workstation (settings,
users, the audit log, registration drafts, the sync client's outbox, state, conflicts
and problems) never reaches it, and ``s0012`` drops them from a server migrated before
the scope. A new migration that creates or changes a workstation-only table without
``migrates_table`` makes these tests fail.
"""

from __future__ import annotations

import uuid

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

from central_server.db import make_engine, migrate, server_alembic_config, shared_tables
from central_server.models import ServerBase
from desktop_app.models import Base
from desktop_app.models.database import LIST_KEYS, TABLE_SCOPE, alembic_config
from tests.sync.conftest import PG_ADMIN_URL

VERSION_TABLES = {"alembic_version", "server_alembic_version"}
#: The application's tables (a test elsewhere may register a throw-away model).
APP_TABLES = {
    m.class_.__tablename__
    for m in Base.registry.mappers
    if m.class_.__module__.startswith("desktop_app.")
}


def shared() -> set[str]:
    return set(shared_tables()) & APP_TABLES


def expected_tables() -> set[str]:
    return shared() | set(ServerBase.metadata.tables) | VERSION_TABLES


def workstation_only() -> set[str]:
    return APP_TABLES - shared()


def test_the_scope_keeps_every_synced_table_and_leaves_out_the_local_ones():
    local = workstation_only()
    assert {"settings", "users", "audit_log", "registration_drafts", "sync_outbox"} <= local
    assert {"sync_state", "sync_conflicts", "sync_problems"} <= local
    assert {"trainees", "courses", "certificates", "places"} <= shared()


def _tables(engine) -> set[str]:
    return set(inspect(engine).get_table_names())


def test_a_fresh_sqlite_server_has_only_its_tables(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    migrate(engine)
    assert _tables(engine) == expected_tables()
    engine.dispose()


def test_the_scoped_workstation_migrations_create_only_the_shared_tables(tmp_path):
    """Without the server's own chain (whose s0012 would hide a forgotten guard)."""
    engine = make_engine(f"sqlite:///{tmp_path / 'scoped.sqlite3'}")
    cfg = alembic_config()
    cfg.attributes[TABLE_SCOPE] = shared_tables()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    assert _tables(engine) == shared() | {"alembic_version"}
    with engine.begin() as conn:  # and back down, skipping the same tables
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    assert _tables(engine) == {"alembic_version"}
    engine.dispose()


def test_a_fresh_postgres_server_has_only_its_tables(pg_database_url):
    engine = create_engine(pg_database_url)
    assert _tables(engine) == expected_tables()
    with engine.connect() as conn:
        functions = conn.execute(
            text("SELECT proname FROM pg_proc WHERE proname = 'audit_log_append_only'")
        ).all()
    assert functions == []
    engine.dispose()


#: The workstation's head when servers still ran its migrations unscoped (the last one
#: that landed before the scope; later ones, e.g. 0027's workstation-only search
#: indexes, never ran that way).
OLD_WORKSTATION_HEAD = "0019"


def _migrate_the_old_way(engine) -> None:
    """As the server migrated before the scope: every workstation table, server s0005."""
    old = ((alembic_config(), OLD_WORKSTATION_HEAD), (server_alembic_config(), "s0005"))
    for cfg, head in old:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, head)


def _upgrade_drops_the_local_tables(engine) -> None:
    _migrate_the_old_way(engine)
    assert workstation_only() <= _tables(engine)
    migrate(engine)
    assert _tables(engine) == expected_tables()


def test_an_older_sqlite_server_loses_the_local_tables(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    _upgrade_drops_the_local_tables(engine)
    engine.dispose()


def test_an_older_postgres_server_loses_the_local_tables(pg_database_url):
    name = f"miz_schema_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}")
    try:
        _upgrade_drops_the_local_tables(engine)
        with engine.connect() as conn:
            assert not conn.execute(
                text("SELECT 1 FROM pg_proc WHERE proname = 'audit_log_append_only'")
            ).first()
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.mark.parametrize("table", sorted(["settings", "users", "sync_outbox"]))
def test_the_workstation_still_gets_its_local_tables(tmp_path, table):
    from desktop_app.models.database import create_sqlite_engine
    from desktop_app.models.database import migrate as migrate_workstation

    engine = create_sqlite_engine(tmp_path / "miz.sqlite3")
    migrate_workstation(engine)
    assert _tables(engine) >= APP_TABLES
    assert table in _tables(engine)
    engine.dispose()


#: The indexes of list keys migration 0029 drops on the server.
LIST_INDEXES = ScriptDirectory.from_config(alembic_config()).get_revision("0029").module.INDEXES


def _list_key_indexes(engine) -> set[tuple[str, str]]:
    """The (table, index) of every plain index of a shared table over a list key
    (``LIST_KEYS``; a unique index refuses duplicates: the server keeps it)."""
    found = set()
    inspector = inspect(engine)
    for table in set(inspector.get_table_names()) & shared():
        for index in inspector.get_indexes(table):
            if not index["unique"] and LIST_KEYS & set(index["column_names"]):
                found.add((table, index["name"]))
    return found


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_a_fresh_server_has_no_index_of_a_list_key(backend, request, tmp_path):
    """The lists' sort and search indexes serve the workstation only (migration 0029):
    a new migration that gives the server one without ``serves_lists`` fails here."""
    if backend == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'server.sqlite3'}")
        migrate(engine)
    else:
        engine = create_engine(request.getfixturevalue("pg_database_url"))
    try:
        assert _list_key_indexes(engine) == set()
    finally:
        engine.dispose()


def test_the_workstation_keeps_its_lists_indexes_and_an_older_server_drops_them(tmp_path):
    from desktop_app.models.database import create_sqlite_engine
    from desktop_app.models.database import migrate as migrate_workstation

    workstation = create_sqlite_engine(tmp_path / "miz.sqlite3")
    migrate_workstation(workstation)
    kept = {(table, index) for table, index, _column in LIST_INDEXES}
    assert kept <= _list_key_indexes(workstation)
    workstation.dispose()

    server = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    shared_cfg = alembic_config()
    shared_cfg.attributes[TABLE_SCOPE] = shared_tables()
    for cfg, head in ((shared_cfg, "0028"), (server_alembic_config(), "head")):
        with server.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, head)
    assert kept <= _list_key_indexes(server)  # a server before 0029 had them
    migrate(server)
    assert _list_key_indexes(server) == set()
    with server.begin() as conn:  # and back: the server gets them again
        shared_cfg.attributes["connection"] = conn
        command.downgrade(shared_cfg, "0028")
    assert kept <= _list_key_indexes(server)
    server.dispose()
