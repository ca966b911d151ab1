"""The application context: data folder, database and workstation config.

One ``AppContext`` is made at start-up (``AppContext.open``) and handed to every
use case. Its session factory is thread-safe; each use case opens its own short
session with ``ctx.session()``. No Qt.

``ctx.user`` is who acts (``services.access.Actor``; ``None`` until someone signs
in): every session made by ``ctx.session()`` carries it in ``session.info["actor"]``
and the audit listener (``services.audit``, installed on the session factory here)
writes it into each ``audit_log`` row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from ..models.database import open_database
from ..paths import DATABASE_NAME, default_data_dir
from ..sync import outbox as _outbox  # noqa: F401  (installs the outbox hook)
from .audit import install_audit
from .workstation import WorkstationConfig

if TYPE_CHECKING:
    from .access import Actor


@dataclass
class AppContext:
    data_dir: Path
    engine: Engine
    session_factory: sessionmaker[Session]
    workstation: WorkstationConfig
    #: Who acts (see ``services.access``): None until someone signs in.
    user: Actor | None = None

    @classmethod
    def open(
        cls, data_dir: Path | None = None, before_migration: Callable[[], None] | None = None
    ) -> AppContext:
        """Open (creating and migrating on first start) the data folder's database."""
        data_dir = Path(data_dir) if data_dir else default_data_dir()
        data_dir.mkdir(parents=True, exist_ok=True)
        engine, factory = open_database(data_dir / DATABASE_NAME, before_migration)
        install_audit(factory)
        return cls(data_dir, engine, factory, WorkstationConfig.load(data_dir))

    @property
    def database_path(self) -> Path:
        return self.data_dir / DATABASE_NAME

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose transaction commits on success and rolls back on error."""
        with self.session_factory() as session, session.begin():
            session.info["actor"] = self.user
            yield session

    def reopen(self, before_migration: Callable[[], None] | None = None) -> None:
        """Open the database file again (after a restore replaced it), migrating it.

        Sessions made after this use the new engine; the old one is disposed.
        """
        self.engine.dispose()
        self.engine, self.session_factory = open_database(self.database_path, before_migration)
        install_audit(self.session_factory)

    def close(self) -> None:
        self.engine.dispose()
