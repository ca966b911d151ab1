"""Before a migration the database is backed up (kind "pre-migration"); a new database or
one already at head is not; a failed backup stops the migration; an older backup is
migrated when restored. A dummy migration on top of the app's head, in a temporary
script folder, plays the next version of Miz."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

import desktop_app.models.database as database
from desktop_app.models import Setting
from desktop_app.models.database import SCHEMA_HEAD as HEAD
from desktop_app.models.database import DatabaseError, current_revisions
from desktop_app.paths import migrations_dir
from desktop_app.services.accounts.access import system_actor
from desktop_app.services.core.context import AppContext
from desktop_app.services.office.backup import (
    backup_database,
    list_backups,
    migration_backup_hook,
    verify_backup,
)
from desktop_app.services.office.restore import restore_backup

MIGRATION_NEXT = '''"""dummy table"""
import sqlalchemy as sa
from alembic import op

revision = "9999"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("dummy_next", sa.Column("id", sa.Integer, primary_key=True))


def downgrade() -> None:
    op.drop_table("dummy_next")
'''


@pytest.fixture
def next_version(tmp_path, monkeypatch):
    """Make the app believe its head is 9999 (call it after creating the database at HEAD)."""

    def install() -> None:
        scripts = tmp_path / "migrations"
        shutil.copytree(migrations_dir(), scripts, ignore=shutil.ignore_patterns("__pycache__"))
        (scripts / "versions" / "9999_dummy.py").write_text(
            MIGRATION_NEXT.replace("{head}", HEAD), encoding="utf-8"
        )
        monkeypatch.setattr(database, "migrations_dir", lambda: scripts)
        monkeypatch.setattr(database, "SCHEMA_HEAD", "9999")

    return install


def _tables(db) -> set[str]:
    conn = sqlite3.connect(db)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()


def test_migration_of_an_existing_database_is_preceded_by_a_backup(data_dir, next_version):
    ctx = AppContext.open(data_dir, before_migration=migration_backup_hook(data_dir))
    with ctx.session() as session:
        session.add(Setting(key="kept", value='"yes"'))
    ctx.close()
    assert list_backups(data_dir / "backups") == []  # a new database: nothing to back up

    next_version()
    ctx = AppContext.open(data_dir, before_migration=migration_backup_hook(data_dir))
    try:
        assert current_revisions(ctx.engine) == {"9999"}
    finally:
        ctx.close()
    backups = list_backups(data_dir / "backups")
    assert [b.kind for b in backups] == ["pre-migration"]
    assert verify_backup(backups[0].path).revision == HEAD
    assert "dummy_next" not in _tables(backups[0].path)

    # at head: no more backups
    AppContext.open(data_dir, before_migration=migration_backup_hook(data_dir)).close()
    assert len(list_backups(data_dir / "backups")) == 1


def test_failed_backup_stops_the_migration(data_dir, next_version, tmp_path):
    AppContext.open(data_dir).close()
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the backup folder should be")
    ctx = AppContext.open(data_dir)
    ctx.workstation.backup_dir = str(blocker)
    ctx.workstation.save(data_dir)
    ctx.close()
    next_version()
    with pytest.raises(DatabaseError) as info:
        AppContext.open(data_dir, before_migration=migration_backup_hook(data_dir))
    assert "پشتیبان" in info.value.message
    assert "dummy_next" not in _tables(data_dir / "miz.sqlite3")  # not migrated


def test_restoring_an_older_backup_migrates_it(data_dir, next_version, tmp_path):
    ctx = AppContext.open(data_dir)
    with ctx.session() as session:
        session.add(Setting(key="old", value='"from 0001"'))
    old = backup_database(ctx, tmp_path / "old.mizbak")
    ctx.close()
    next_version()
    ctx = AppContext.open(data_dir)
    ctx.user = system_actor()
    try:
        result = restore_backup(ctx, old.path)
        assert result.revision == HEAD
        assert current_revisions(ctx.engine) == {"9999"}
        with ctx.session() as session:
            assert session.get(Setting, "old").value == '"from 0001"'
    finally:
        ctx.close()
    assert "dummy_next" in _tables(data_dir / "miz.sqlite3")
