"""Restoring the workstation database from a backup file. No Qt.

``restore_backup(ctx, path)`` refuses (``BackupError``, nothing changed) unless
the file verifies; then it backs up the current database (kind
``pre-restore``), copies the backup next to the database, fsyncs it, closes the
context's engine, checkpoints the old WAL into the old file, removes the empty
``-wal``/``-shm`` and swaps the file in with ``os.replace`` (atomic: a power
cut leaves the old or the new database, never half of one). Then the context
reopens its engine in place (``AppContext.reopen``), migrating an older
backup; the window keeps its ``ctx`` and only needs to refresh its views. If
the restored file cannot be opened, the pre-restore copy is put back the same
way.

Administrator only (enforced once accounts exist). Call it from the write
worker (the window) or the CLI, never while another process has the database
open: close the app before ``miz restore``.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .backup import (
    BackupError,
    BackupInfo,
    backup_database,
    fsync_dir,
    migration_backup_hook,
    verify_backup,
)
from .context import AppContext

MSG_BUSY = (
    "پایگاه داده در حال استفاده است و اکنون نمی‌توان آن را جایگزین کرد؛ "
    "چیزی تغییر نکرد. کمی بعد دوباره امتحان کنید."
)


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    pre_restore: BackupInfo
    revision: str

    @property
    def message(self) -> str:
        return (
            "پایگاه داده از فایل پشتیبان بازگردانی شد. "
            f"نسخهٔ پیشین در این فایل نگه داشته شد: {self.pre_restore.path}"
        )


def _copy_next_to(source: Path, db: Path) -> Path:
    tmp = db.with_name(db.name + ".restore-tmp")
    tmp.unlink(missing_ok=True)
    shutil.copyfile(source, tmp)
    fd = os.open(tmp, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    return tmp


def _checkpoint(db: Path) -> None:
    """Fold the old WAL into the database file, or refuse if anyone is reading."""
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=rw", uri=True, timeout=10)
    try:
        busy, _log, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        conn.close()
    if busy:
        raise BackupError(MSG_BUSY)


def _swap_in(tmp: Path, db: Path) -> None:
    _checkpoint(db)
    for extra in ("-wal", "-shm"):
        Path(f"{db}{extra}").unlink(missing_ok=True)
    os.replace(tmp, db)
    fsync_dir(db.parent)


def restore_backup(ctx: AppContext, path: Path, now: datetime | None = None) -> RestoreResult:
    """Replace the context's database by the backup at ``path`` (see the module doc)."""
    path = Path(path)
    checked = verify_backup(path)
    if not checked.ok:
        raise BackupError(checked.message)
    pre = backup_database(ctx, kind="pre-restore", now=now)
    db = ctx.database_path
    tmp = _copy_next_to(path, db)
    try:
        if not verify_backup(tmp).ok:  # the copy itself went wrong (disk full, USB pulled)
            raise BackupError("رونوشت فایل پشتیبان درست نوشته نشد؛ چیزی تغییر نکرد.")
        ctx.engine.dispose()
        _swap_in(tmp, db)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    hook = migration_backup_hook(ctx.data_dir)
    try:
        ctx.reopen(before_migration=hook)
    except Exception as exc:  # migration or open failed: put the old database back
        _swap_in(_copy_next_to(pre.path, db), db)
        ctx.reopen()
        reason = getattr(exc, "message", str(exc))
        raise BackupError(
            f"پایگاه دادهٔ بازگردانی‌شده باز نشد و پایگاه دادهٔ پیشین برگردانده شد. {reason}"
        ) from exc
    return RestoreResult(path, pre, checked.revision)
