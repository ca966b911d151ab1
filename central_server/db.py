"""The server's database: engine, sessions and migrations. No Qt; any thread.

``migrate(engine)`` runs the workstation's migrations (the synced tables, same
definitions) and then the server's own (``central_server/migrations``, version table
``server_alembic_version``), so a new model reaches the server through the one
migration its author already writes. The workstation's migrations run with a table
scope (:func:`shared_tables`: the tables of the synced models, which the server
receives), so the server never gets a table local to the workstation (settings,
users, audit log, registration drafts, the sync client's outbox/state/conflicts/
problems); ``s0012`` drops them from a server migrated before the scope existed.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from desktop_app.models import synced_models
from desktop_app.models.database import TABLE_SCOPE, alembic_config
from desktop_app.models.sync_local import NO_OUTBOX

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def normalize_url(url: str) -> str:
    """``postgresql://`` → the psycopg 3 driver."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


#: Execution option of a read-only transaction (SQLite: a deferred BEGIN, no write lock).
READ_ONLY = "miz_read_only"


def make_engine(url: str, pool_size: int = 5) -> Engine:
    """The server's engine; ``pool_size`` connections for as many request threads
    (``ServerSettings.threads``) so no request waits for a connection."""
    url = normalize_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(
            url, connect_args={"check_same_thread": False}, pool_size=pool_size, max_overflow=4
        )

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, _record) -> None:
            dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(conn) -> None:
            if conn.get_execution_options().get(READ_ONLY):
                conn.exec_driver_sql("BEGIN")  # a reader never waits for the writer
            else:
                conn.exec_driver_sql("BEGIN IMMEDIATE")  # one writer: commit order = seq order

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=pool_size, max_overflow=4)


def make_sessions(engine: Engine, read_only: bool = False) -> sessionmaker[Session]:
    """Sessions of the server; ``read_only`` ones never take SQLite's write lock."""
    bind = engine.execution_options(**{READ_ONLY: True}) if read_only else engine
    return sessionmaker(bind, expire_on_commit=False, info={NO_OUTBOX: True})


def server_alembic_config():
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def shared_tables() -> frozenset[str]:
    """The workstation tables the server keeps: those of the synced models."""
    return frozenset(model.__tablename__ for model in synced_models())


def migrate(engine: Engine) -> None:
    """Bring both the shared tables and the server tables to their heads."""
    from alembic import command

    shared = alembic_config()
    shared.attributes[TABLE_SCOPE] = shared_tables()
    for cfg in (shared, server_alembic_config()):
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
