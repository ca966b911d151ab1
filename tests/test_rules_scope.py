"""The models' value rules check the workstation's sessions only.

``models.rules.install_rules`` puts the before-flush check on the session factory of
``open_database`` (the one ``AppContext`` uses); a foreign ``Session`` — a test's
own, the central server's — is not touched by it.
"""

from __future__ import annotations

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from desktop_app.models import Setting
from desktop_app.models.rules import _check_changed_records
from desktop_app.services.core.errors import ServiceError

TOO_LONG_KEY = "ک" * 101  # Setting.key is String(100)


def test_the_app_sessions_refuse_a_value_the_column_cannot_hold(ctx):
    with pytest.raises(ServiceError) as caught, ctx.session() as session:
        session.add(Setting(key=TOO_LONG_KEY, value="1"))
    assert caught.value.field == "key"
    with ctx.session() as session:
        assert session.scalar(select(Setting).where(Setting.key == TOO_LONG_KEY)) is None


def test_a_foreign_session_is_not_checked(ctx):
    with Session(ctx.engine) as session, session.begin():
        session.add(Setting(key=TOO_LONG_KEY, value="1"))  # SQLite keeps it; no rule ran
    with Session(ctx.engine) as session:
        assert session.get(Setting, TOO_LONG_KEY) is not None
    assert not event.contains(Session, "before_flush", _check_changed_records)


def test_the_server_sessions_carry_no_rule_check(tmp_path):
    from central_server.db import make_engine, make_sessions

    engine = make_engine(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    for read_only in (False, True):
        factory = make_sessions(engine, read_only=read_only)
        assert not event.contains(factory, "before_flush", _check_changed_records)
    engine.dispose()


def test_installing_twice_checks_once(ctx):
    from desktop_app.models.rules import install_rules

    install_rules(ctx.session_factory)
    install_rules(ctx.session_factory)
    assert event.contains(ctx.session_factory, "before_flush", _check_changed_records)
