"""Restore: a pre-restore copy is always left; a database another program holds open is
not replaced; a restored file that cannot be opened is rolled back to the old database."""

from __future__ import annotations

import sqlite3

import pytest

from desktop_app.models import Setting
from desktop_app.models.database import DatabaseError
from desktop_app.services.office.backup import BackupError, backup_database, list_backups
from desktop_app.services.office.restore import MSG_BUSY, restore_backup


def _note(ctx) -> str:
    with ctx.session() as session:
        return session.get(Setting, "note").value


def _set_note(ctx, value: str) -> None:
    with ctx.session() as session:
        row = session.get(Setting, "note")
        if row is None:
            session.add(Setting(key="note", value=value))
        else:
            row.value = value


def test_restore_leaves_a_pre_restore_backup(ctx, tmp_path):
    _set_note(ctx, "old")
    old = backup_database(ctx, tmp_path / "old.mizbak")
    _set_note(ctx, "new")
    result = restore_backup(ctx, old.path)
    assert _note(ctx) == "old"
    pre = list_backups(ctx.data_dir / "backups")
    assert [b.kind for b in pre] == ["pre-restore"] and pre[0].path == result.pre_restore.path
    conn = sqlite3.connect(pre[0].path)
    try:
        assert conn.execute("SELECT value FROM settings WHERE key='note'").fetchone() == ("new",)
    finally:
        conn.close()
    # and the pre-restore copy restores the work done before the restore
    restore_backup(ctx, pre[0].path)
    assert _note(ctx) == "new"


def test_database_open_elsewhere_is_not_replaced(ctx, tmp_path):
    _set_note(ctx, "old")
    old = backup_database(ctx, tmp_path / "old.mizbak")
    _set_note(ctx, "new")
    other = sqlite3.connect(ctx.database_path)  # another Miz process, idle
    other.execute("SELECT count(*) FROM settings").fetchall()
    try:
        with pytest.raises(BackupError) as info:
            restore_backup(ctx, old.path)
    finally:
        other.close()
    assert info.value.message == MSG_BUSY
    assert _note(ctx) == "new"
    assert not list(ctx.data_dir.glob("*.restore-tmp"))


def test_unopenable_restore_is_rolled_back(ctx, tmp_path, monkeypatch):
    _set_note(ctx, "old")
    old = backup_database(ctx, tmp_path / "old.mizbak")
    _set_note(ctx, "new")
    real_reopen = ctx.reopen
    calls = []

    def failing_once(before_migration=None):
        calls.append(before_migration)
        if len(calls) == 1:
            real_reopen()
            raise DatabaseError("باز نشد")
        real_reopen(before_migration)

    monkeypatch.setattr(ctx, "reopen", failing_once)
    with pytest.raises(BackupError) as info:
        restore_backup(ctx, old.path)
    assert "پیشین برگردانده شد" in info.value.message
    assert _note(ctx) == "new"
