"""The local database: created and migrated on first start, durable pragmas,
tombstones and versions, and refusal to open a newer schema."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import String, select, text
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.models import Record, Setting, synced_models
from desktop_app.models.database import SCHEMA_HEAD, SchemaTooNewError, current_revisions
from desktop_app.services.core.context import AppContext


def test_first_start_creates_and_migrates(data_dir):
    ctx = AppContext.open(data_dir)
    try:
        assert ctx.database_path.exists()
        assert current_revisions(ctx.engine) == {SCHEMA_HEAD}
        with ctx.session() as session:
            session.add(Setting(key="k", value='"v"'))
        with ctx.session() as session:
            assert session.get(Setting, "k").value == '"v"'
    finally:
        ctx.close()
    # a second start finds it migrated and keeps the data
    again = AppContext.open(data_dir)
    try:
        with again.session() as session:
            assert session.get(Setting, "k").value == '"v"'
    finally:
        again.close()


def test_pragmas_are_durable(ctx):
    with ctx.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_newer_schema_is_refused_untouched(data_dir):
    ctx = AppContext.open(data_dir)
    with ctx.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
        conn.execute(
            text("INSERT INTO settings (key, value, updated_at) VALUES ('x', '1', '2024-01-01')")
        )
    ctx.close()
    before = (data_dir / "miz.sqlite3").read_bytes()
    with pytest.raises(SchemaTooNewError) as info:
        AppContext.open(data_dir)
    assert "نسخهٔ جدیدتری" in info.value.message
    assert (data_dir / "miz.sqlite3").read_bytes() == before


def test_workstation_gets_one_device_id(data_dir):
    first = AppContext.open(data_dir)
    device = first.workstation.device_id
    first.close()
    second = AppContext.open(data_dir)
    assert second.workstation.device_id == device
    assert uuid.UUID(device)
    second.close()


class _Probe(Record):
    """A throw-away model to exercise the shared Record columns."""

    __tablename__ = "test_probe"
    name: Mapped[str] = mapped_column(String(50), default="")


def test_record_columns_version_and_tombstone(ctx):
    _Probe.__table__.create(ctx.engine)
    with ctx.session() as session:
        probe = _Probe(name="الف")
        session.add(probe)
    assert isinstance(probe.id, uuid.UUID)
    assert probe.version == 1 and probe.deleted_at is None and probe.created_at
    with ctx.session() as session:
        row = session.get(_Probe, probe.id)
        row.name = "ب"
    with ctx.session() as session:
        row = session.get(_Probe, probe.id)
        assert row.version == 2
        row.mark_deleted()
    with ctx.session() as session:
        row = session.scalars(select(_Probe)).one()  # still there: a tombstone
        assert row.is_deleted and row.version == 3
    assert _Probe in synced_models()


def test_schema_head_constant_matches_the_migrations():
    from desktop_app.models.database import SCHEMA_HEAD, script_heads

    assert script_heads() == {SCHEMA_HEAD}


def test_migrations_create_exactly_the_models(ctx):
    """A model changed without its migration shows up here as a difference."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from desktop_app.models import Base
    from desktop_app.models.kept_figures import outside_models

    with ctx.engine.connect() as conn:
        migration = MigrationContext.configure(conn, opts={"include_name": outside_models})
        diff = compare_metadata(migration, Base.metadata)
    # tables that tests declare for themselves (``test_*``) have no migration, by design
    diff = [d for d in diff if not (d[0] == "add_table" and d[1].name.startswith("test_"))]
    assert diff == []
