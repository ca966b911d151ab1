"""The application context: data folder, database and workstation config.

One ``AppContext`` is made at start-up (``AppContext.open``) and handed to every
use case. Its session factory is thread-safe; each use case opens its own short
session with ``ctx.session()``. No Qt.

``ctx.user`` is who acts (``services.accounts.access.Actor``; ``None`` until someone signs
in): every session made by ``ctx.session()`` carries it in ``session.info["actor"]``
and the audit and outbox listeners (``services.accounts.audit``, ``sync.outbox``), installed on the session factory here
with the change recorder (``services.core.changes``), write it into each ``audit_log`` row.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from desktop_app.models import FieldRuleError
from desktop_app.models.database import open_database
from desktop_app.paths import DATABASE_NAME, default_data_dir
from desktop_app.services.accounts.audit import install_audit
from desktop_app.services.core.changes import install_change_recorder
from desktop_app.services.core.errors import ServiceError
from desktop_app.services.core.workstation import WorkstationConfig, place_of
from desktop_app.sync import identity
from desktop_app.sync.outbox import install_outbox
from desktop_app.sync.token import token_path

if TYPE_CHECKING:
    from desktop_app.services.accounts.access import Actor


@dataclass
class AppContext:
    data_dir: Path
    engine: Engine
    session_factory: sessionmaker[Session]
    workstation: WorkstationConfig
    #: Who acts (see ``services.accounts.access``): None until someone signs in.
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
        install_outbox(factory)
        install_change_recorder(factory)
        ctx = cls(data_dir, engine, factory, WorkstationConfig.load(data_dir))
        ctx.check_copied()
        return ctx

    def check_copied(self) -> bool:
        """A data folder copied from another workstation (``sync.identity``) gets its
        own device id and loses the copied token and counter, so it never hands out the
        original's codes; its next enrollment assigns it a counter. True if so."""
        with self.session() as session:
            place = place_of(self.data_dir)
            if identity.place_unchanged(session, place):
                return False
        # the files first: a crash before the database is told repeats this harmlessly
        copied_id = self.workstation.device_id
        with self.session() as session:
            if not identity.holds_counter(session):
                identity.claim(session, place, copied_id)
                return False
        self.workstation.device_id = str(uuid.uuid4())
        self.workstation.save(self.data_dir)
        token_path(self.data_dir).unlink(missing_ok=True)
        with self.session() as session:
            return identity.claim(session, place, copied_id)

    @property
    def database_path(self) -> Path:
        return self.data_dir / DATABASE_NAME

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose transaction commits on success and rolls back on error."""
        try:
            with self.session_factory() as session, session.begin():
                session.info["actor"] = self.user
                yield session
        except FieldRuleError as exc:  # the models' shared rules, at the form's field
            raise ServiceError(exc.message, exc.field) from exc

    def reopen(self, before_migration: Callable[[], None] | None = None) -> None:
        """Open the database file again (after a restore replaced it), migrating it.

        Sessions made after this use the new engine; the old one is disposed.
        """
        self.engine.dispose()
        self.engine, self.session_factory = open_database(self.database_path, before_migration)
        install_audit(self.session_factory)
        install_outbox(self.session_factory)
        install_change_recorder(self.session_factory)
        self.check_copied()  # a backup made on another machine is a copy too

    def close(self) -> None:
        self.engine.dispose()
