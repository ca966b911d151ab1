"""Verification refuses every file that is not a sound Miz backup, each with its
Persian message, and restoring such a file changes nothing at all."""

from __future__ import annotations

import os
import sqlite3

import pytest

from desktop_app.models import Setting
from desktop_app.models.database import SCHEMA_HEAD
from desktop_app.services.office.backup import (
    MSG_CORRUPT,
    MSG_NEWER,
    MSG_NOT_MIZ,
    BackupError,
    backup_database,
    list_backups,
    verify_backup,
)
from desktop_app.services.office.restore import restore_backup


@pytest.fixture
def good_backup(ctx, tmp_path):
    with ctx.session() as session:
        for i in range(300):
            session.add(Setting(key=f"row{i}", value="x" * 200))
    return backup_database(ctx, tmp_path / "good.mizbak").path


def test_a_good_backup_verifies(good_backup):
    result = verify_backup(good_backup)
    assert result.ok and result.revision == SCHEMA_HEAD
    assert result.message == "فایل پشتیبان سالم است."


def test_truncated_file_is_corrupt(good_backup, tmp_path):
    data = good_backup.read_bytes()
    bad = tmp_path / "truncated.mizbak"
    bad.write_bytes(data[: len(data) // 2])
    result = verify_backup(bad)
    assert not result.ok and result.message == MSG_CORRUPT
    assert "خراب" in result.message


def test_damaged_pages_are_corrupt(good_backup, tmp_path):
    data = bytearray(good_backup.read_bytes())
    data[4096 : 4096 * 3] = os.urandom(4096 * 2)
    bad = tmp_path / "damaged.mizbak"
    bad.write_bytes(bytes(data))
    result = verify_backup(bad)
    assert not result.ok and result.message == MSG_CORRUPT


def test_random_bytes_are_not_a_miz_backup(tmp_path):
    bad = tmp_path / "random.mizbak"
    bad.write_bytes(os.urandom(8192))
    result = verify_backup(bad)
    assert not result.ok and result.message == MSG_NOT_MIZ
    assert "پشتیبان میز نیست" in result.message


def test_foreign_sqlite_file_is_not_a_miz_backup(tmp_path):
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.commit()
    conn.close()
    result = verify_backup(other)
    assert not result.ok and result.message == MSG_NOT_MIZ


def test_backup_from_a_newer_miz_is_refused(good_backup):
    conn = sqlite3.connect(good_backup)
    conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.commit()
    conn.close()
    result = verify_backup(good_backup)
    assert not result.ok and result.message == MSG_NEWER
    assert "نسخهٔ جدیدتری" in result.message


def test_missing_file(tmp_path):
    result = verify_backup(tmp_path / "nope.mizbak")
    assert not result.ok and "پیدا نشد" in result.message


def _files(ctx) -> dict[str, bytes]:
    return {
        p.name: p.read_bytes()
        for p in ctx.data_dir.iterdir()
        if p.is_file() and p.name.startswith("miz.sqlite3")
    }


@pytest.mark.parametrize("kind", ["truncated", "random", "newer"])
def test_restoring_a_bad_file_changes_nothing(ctx, good_backup, tmp_path, kind):
    with ctx.session() as session:
        session.add(Setting(key="today", value='"precious"'))
    bad = tmp_path / f"{kind}.mizbak"
    if kind == "truncated":
        bad.write_bytes(good_backup.read_bytes()[:5000])
    elif kind == "random":
        bad.write_bytes(os.urandom(5000))
    else:
        bad.write_bytes(good_backup.read_bytes())
        conn = sqlite3.connect(bad)
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
        conn.commit()
        conn.close()
    before = _files(ctx)
    with pytest.raises(BackupError) as info:
        restore_backup(ctx, bad)
    assert info.value.message == verify_backup(bad).message
    assert _files(ctx) == before  # byte for byte, database and its WAL
    assert list_backups(ctx.workstation.backup_path(ctx.data_dir)) == []
    with ctx.session() as session:  # still opens and has today's work
        assert session.get(Setting, "today").value == '"precious"'
