"""Restoring the workstation database from a backup file. No Qt.

``restore_backup(ctx, path)`` refuses (``BackupError``, nothing changed) unless
the file verifies; then it backs up the current database (kind
``pre-restore``), copies the backup next to the database, fsyncs it, closes the
context's engine, takes the old file out of WAL mode (which folds the WAL in,
and is refused while any other connection, e.g. another running Miz, has the
file open), removes any ``-wal``/``-shm`` left and swaps the file in with
``os.replace`` (atomic: a power cut leaves the old or the new database, never
half of one). Then the context
reopens its engine in place (``AppContext.reopen``), migrating an older
backup; the window keeps its ``ctx`` and only needs to refresh its views. If
the restored file cannot be opened, the pre-restore copy is put back the same
way.

Administrator only (to be enforced once accounts exist). Call it from the write
worker (the window) or the CLI; while another process has the database open the
restore is refused (close the app before ``miz restore``).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desktop_app.persian.bidi import isolate
from desktop_app.services.accounts import access
from desktop_app.services.accounts.audit import record_event_now
from desktop_app.services.core.context import AppContext
from desktop_app.services.office.backup import (
    BackupError,
    BackupInfo,
    backup_database,
    fsync_dir,
    migration_backup_hook,
    verify_backup,
)

MSG_BUSY = (
    "پایگاه داده در حال استفاده است (شاید میز در پنجرهٔ دیگری باز است) و اکنون "
    "نمی‌توان آن را جایگزین کرد؛ چیزی تغییر نکرد. میز را در جاهای دیگر ببندید و "
    "دوباره امتحان کنید."
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
            f"نسخهٔ پیشین در این فایل نگه داشته شد: {isolate(str(self.pre_restore.path))}"
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


def _leave_wal(db: Path) -> None:
    """Fold the WAL into the database file and leave WAL mode, or refuse.

    Leaving WAL mode needs the only connection to the file: it fails while
    anyone (another Miz window or ``miz`` process, a running read) has it open.
    """
    try:
        conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=rw", uri=True, timeout=2)
        try:
            mode = conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        mode = "busy"
    if mode != "delete":
        raise BackupError(MSG_BUSY)


def _swap_in(tmp: Path, db: Path) -> None:
    _leave_wal(db)
    try:
        for extra in ("-wal", "-shm"):
            Path(f"{db}{extra}").unlink(missing_ok=True)
        os.replace(tmp, db)  # atomic: the old file or the new one, never half
    except OSError as exc:
        raise BackupError(f"{MSG_BUSY} ({exc.strerror or exc})") from exc
    fsync_dir(db.parent)


@access.operation(access.RESTORE)
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
        reason = getattr(exc, "message", str(exc))
        try:
            ctx.engine.dispose()
            _swap_in(_copy_next_to(pre.path, db), db)
            ctx.reopen()
        except Exception as again:
            raise BackupError(
                "پایگاه دادهٔ بازگردانی‌شده باز نشد و برگرداندن پایگاه دادهٔ پیشین هم "
                f"انجام نشد. پایگاه دادهٔ پیشین در این فایل سالم است: {isolate(str(pre.path))}. {reason}"
            ) from again
        raise BackupError(
            f"پایگاه دادهٔ بازگردانی‌شده باز نشد و پایگاه دادهٔ پیشین برگردانده شد. {reason}"
        ) from exc
    # Written into the restored database: its history says when it came back, and by whom.
    record_event_now(ctx, "restore", "database", None, f"{path.name} (پیش از آن: {pre.path.name})")
    return RestoreResult(path, pre, checked.revision)
