"""Opening the workstation's SQLite database safely, and migrating it. No Qt.

Call ``open_database(path)`` once at start-up (any thread, before the UI uses
it). It sets WAL mode, ``synchronous=FULL`` and foreign keys on every
connection, registers the ``PERSIAN`` collation (``persian.collation``:
Persian alphabetical order for ``ORDER BY``), runs the Alembic migrations up to
the app's head, and refuses to open a database written by a newer Miz
(``SchemaTooNewError``) instead of touching it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.orm import Session, sessionmaker

from ..paths import migrations_dir
from ..persian import collation as persian_collation
from .rules import install_rules

if TYPE_CHECKING:
    from alembic.config import Config

#: The newest migration this app knows. Start-up compares the database with it and
#: loads Alembic (slow to import) only when they differ; a test keeps it true.
SCHEMA_HEAD = "0029"

log = logging.getLogger(__name__)


class DatabaseError(RuntimeError):
    """A database problem with a Persian ``message`` for the clerk."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SchemaTooNewError(DatabaseError):
    """The database was migrated by a newer Miz than this one."""


def _set_sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    # A row replaced by INSERT OR REPLACE fires its table's delete triggers too, so the
    # lists' FTS indexes (models.search_index) never keep an entry of a replaced row.
    cursor.execute("PRAGMA recursive_triggers=ON")
    cursor.close()
    # ORDER BY name COLLATE PERSIAN: Persian alphabetical order (پ after ب, not after ی).
    dbapi_connection.create_collation("PERSIAN", persian_collation.compare)


def create_sqlite_engine(path: Path) -> Engine:
    """An engine on ``path`` with the durability pragmas on every connection."""
    engine = create_engine(f"sqlite:///{path}", future=True)
    event.listen(engine, "connect", _set_sqlite_pragmas)
    return engine


def alembic_config() -> Config:
    """The Alembic configuration of the workstation database (no ini file)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    return cfg


#: ``Config.attributes`` key: the names of the tables the migrations may create or change
#: in this database (absent: every table). The central server passes the synced tables,
#: so its database never gets the workstation's own (settings, users, the outbox...).
TABLE_SCOPE = "miz_table_scope"


def migrates_table(name: str) -> bool:
    """Inside a migration: whether this database keeps the table ``name``.

    A migration that creates or changes a table local to the workstation (one of no
    synced model: ``settings``, ``users``, ``sync_outbox``...) skips it unless this is
    true, so the central server, which runs the same migrations, never gets it.
    ``tests/sync/test_server_schema.py`` fails for a migration that forgets.
    """
    from alembic import op

    config = op.get_context().config
    scope = None if config is None else config.attributes.get(TABLE_SCOPE)
    return scope is None or name in scope


#: The columns the workstation's lists sort and search by. Their indexes serve those
#: lists only: the central server never sorts or searches by them, and keeping them
#: there costs every record it takes (about a tenth of a first sync's push: issue 22),
#: so the server has none (migration 0029). A migration that creates, changes or drops
#: a plain (not unique) index of one of them does so only where ``serves_lists()``;
#: ``tests/sync/test_server_schema.py`` fails for one that forgets. A unique index
#: refuses duplicates: the server keeps it like any other.
LIST_KEYS = frozenset({"name", "name_sort", "search_text", "last_name", "title"})


def serves_lists() -> bool:
    """Inside a migration: whether this database serves the workstation's lists (not the
    central server, which runs the workstation's migrations with a table scope)."""
    from alembic import op

    config = op.get_context().config
    return config is None or config.attributes.get(TABLE_SCOPE) is None


def current_revisions(engine: Engine) -> set[str]:
    """The revisions stamped in the database (empty for a new database)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return set()
        return set(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())


def check_not_newer(engine: Engine, cfg: Config | None = None) -> None:
    """Raise ``SchemaTooNewError`` if the database has revisions this app lacks."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(cfg or alembic_config())
    known = {rev.revision for rev in script.walk_revisions()}
    unknown = current_revisions(engine) - known
    if unknown:
        raise SchemaTooNewError(
            "این پایگاه داده با نسخهٔ جدیدتری از میز ساخته شده است و این نسخه "
            "نمی‌تواند آن را باز کند. برای جلوگیری از خراب شدن داده‌ها چیزی تغییر نکرد؛ "
            "لطفاً میز را به‌روز کنید. "
            f"(نسخهٔ پایگاه داده: {', '.join(sorted(unknown))})"
        )


def script_heads(cfg: Config | None = None) -> set[str]:
    from alembic.script import ScriptDirectory

    return set(ScriptDirectory.from_config(cfg or alembic_config()).get_heads())


def migrate(engine: Engine, before_migration: Callable[[], None] | None = None) -> None:
    """Bring the schema to the app's head, refusing newer databases.

    ``before_migration`` runs only when there is something to migrate (the
    backup feature hooks in here to copy the database first).
    """
    current = current_revisions(engine)
    if current == {SCHEMA_HEAD}:
        return  # the common start: nothing to do, Alembic not even imported
    from alembic import command

    cfg = alembic_config()
    check_not_newer(engine, cfg)
    if current == script_heads(cfg):
        return
    if before_migration is not None and current:
        before_migration()
    from .base import synced_models
    from .kept_figures import ensure_kept_figures
    from .search_index import ensure_search_indexes

    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        repaired = ensure_search_indexes(conn)  # a migration may have rebuilt a table
        # ... and dropped its kept figures' triggers (sync.check)
        recounted = ensure_kept_figures(conn, [m.__tablename__ for m in synced_models()])
    if recounted:
        log.info("kept sync figures counted again: %s", ", ".join(recounted))
    if repaired:
        log.info("search indexes rebuilt: %s", ", ".join(repaired))
    log.info("database migrated to %s", current_revisions(engine))


def open_database(
    path: Path, before_migration: Callable[[], None] | None = None
) -> tuple[Engine, sessionmaker[Session]]:
    """Create/migrate the database at ``path``; return its engine and session factory
    (whose sessions check the models' value rules before each flush)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_sqlite_engine(path)
    migrate(engine, before_migration)
    factory = sessionmaker(engine, expire_on_commit=False)
    install_rules(factory)
    return engine, factory
