"""Backups of the workstation database: take, name, verify and rotate them. No Qt.

A backup is ONE self-contained SQLite file with the extension ``.mizbak``, made
with SQLite's online backup API (``sqlite3.Connection.backup`` in one step): a
consistent snapshot of the last committed state even while other threads keep
writing, since a WAL reader never blocks the writer. The copy is switched to
the rollback journal (``journal_mode=DELETE``) before it gets its final name, so
it never needs a ``-wal``/``-shm`` companion; a clerk can copy it anywhere. It
is written as ``NAME.partial``, fsynced and renamed, so a half-written backup
never looks like a backup.

Names carry the office code (when set), the local time and the kind, e.g.
``miz-2701-20261122-093015-auto.mizbak``. Kinds:

* ``auto``: the start-of-day backup (``auto_backup_if_due``). Rotation keeps the
  newest of each of the last ``keep_daily`` days that have one, then, among older
  ones, the newest of each of the last ``keep_weekly`` ISO weeks; the rest are
  deleted.
* ``manual``, ``pre-restore``, ``pre-migration``: never deleted by Miz.

Any thread: every call opens its own sqlite3 connections. Calls that write to the
backup folder should come from one thread at a time (the window uses the write
worker of ``ui.tasks``).
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from desktop_app.models.database import SCHEMA_HEAD, DatabaseError
from desktop_app.persian.bidi import isolate
from desktop_app.services.accounts import access
from desktop_app.services.core.context import DATABASE_NAME, AppContext
from desktop_app.services.core.errors import ServiceError
from desktop_app.services.core.problems import explain
from desktop_app.services.core.workstation import CONFIG_NAME, WorkstationConfig

BACKUP_SUFFIX = ".mizbak"
KINDS = ("auto", "manual", "pre-restore", "pre-migration")
_NAME = re.compile(
    r"^miz-(?:(?P<office>\d+)-)?(?P<stamp>\d{8}-\d{6})-(?P<kind>"
    + "|".join(KINDS)
    + r")(?:-\d+)?\.mizbak$"
)
_SQLITE_MAGIC = b"SQLite format 3\x00"

MSG_OK = "فایل پشتیبان سالم است."
MSG_NOT_FOUND = "فایل پشتیبان پیدا نشد."
MSG_NOT_MIZ = "این فایل، پشتیبان میز نیست."
MSG_CORRUPT = "فایل پشتیبان خراب یا ناقص است و نمی‌توان از آن استفاده کرد."
MSG_NEWER = (
    "این پشتیبان با نسخهٔ جدیدتری از میز ساخته شده است؛ برای بازگردانی آن ابتدا میز را به‌روز کنید."
)
MSG_NEEDS_WAL = (
    f"این فایل بدون فایل همراهش ({isolate('-wal')}) کامل نیست؛ "
    "لطفاً با «پشتیبان‌گیری اکنون» یک فایل پشتیبان درست بسازید."
)


class BackupError(ServiceError):
    """A backup, verification or restore that was refused; nothing was changed."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    kind: str
    taken_at: datetime
    size: int = 0


@dataclass(frozen=True)
class VerifyResult:
    path: Path
    ok: bool
    message: str
    revision: str = ""


# -- names ----------------------------------------------------------------------------
def backup_name(kind: str, taken_at: datetime, office_code: str = "") -> str:
    office = re.sub(r"\D", "", office_code)
    parts = ["miz", *([office] if office else []), taken_at.strftime("%Y%m%d-%H%M%S"), kind]
    return "-".join(parts) + BACKUP_SUFFIX


def parse_backup_name(path: Path) -> BackupInfo | None:
    """The kind and time a backup's name says, or None for any other file."""
    match = _NAME.match(path.name)
    if match is None:
        return None
    taken_at = datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S")
    return BackupInfo(path, match["kind"], taken_at)


def list_backups(folder: Path) -> list[BackupInfo]:
    """Miz backups in ``folder``, oldest first (other files are ignored)."""
    if not folder.is_dir():
        return []
    found = [info for p in folder.iterdir() if (info := parse_backup_name(p)) is not None]
    return sorted(found, key=lambda b: (b.taken_at, b.path.name))


# -- taking a backup ------------------------------------------------------------------
def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (a no-op where directories cannot be opened)."""
    if os.name != "nt":
        _fsync(folder)


def header_is_wal(path: Path) -> bool:
    with open(path, "rb") as f:
        header = f.read(20)
    return len(header) == 20 and header[18] == 2


def _office_code(db: Path) -> str:
    try:
        conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=10)
        try:
            row = conn.execute(
                "SELECT value FROM settings WHERE key = 'office.office_code'"
            ).fetchone()
        finally:
            conn.close()
        return str(json.loads(row[0])) if row else ""
    except (sqlite3.Error, ValueError):
        return ""


def snapshot(db: Path, dest: Path) -> None:
    """Copy the committed state of ``db`` into the new single file ``dest``."""
    if not db.is_file():
        raise BackupError("پایگاه داده‌ای برای پشتیبان‌گیری پیدا نشد.")
    tmp = dest.with_name(dest.name + ".partial")
    tmp.unlink(missing_ok=True)
    try:
        src = sqlite3.connect(f"{db.resolve().as_uri()}?mode=rw", uri=True, timeout=10)
        try:
            dst = sqlite3.connect(tmp)
            try:
                src.backup(dst)  # one step: one consistent read snapshot
                dst.execute("PRAGMA journal_mode=DELETE")  # the copy inherited WAL
                dst.commit()
            finally:
                dst.close()
        finally:
            src.close()
        if header_is_wal(tmp):
            raise BackupError(MSG_CORRUPT)
        _fsync(tmp)
        os.replace(tmp, dest)
        fsync_dir(dest.parent)
    except sqlite3.Error as exc:
        reason = (
            explain(exc).message
            if "unable to open" not in str(exc)
            else (f"پوشهٔ {isolate(str(dest.parent))} در دسترس نیست یا اجازهٔ نوشتن در آن نیست.")
        )
        raise BackupError(f"پشتیبان‌گیری انجام نشد: {reason}") from exc
    except OSError as exc:
        raise BackupError(
            f"در پوشهٔ پشتیبان نمی‌توان نوشت ({dest.parent}): {exc.strerror or exc}"
        ) from exc
    finally:
        tmp.unlink(missing_ok=True)
        for extra in ("-journal", "-wal", "-shm"):
            Path(f"{tmp}{extra}").unlink(missing_ok=True)


def _config_for(data_dir: Path) -> WorkstationConfig:
    if (data_dir / CONFIG_NAME).exists():
        return WorkstationConfig.load(data_dir)
    return WorkstationConfig(device_id="")


def _free_path(folder: Path, name: str) -> Path:
    path = folder / name
    n = 2
    while path.exists() or Path(f"{path}.partial").exists():
        path = folder / name.replace(BACKUP_SUFFIX, f"-{n}{BACKUP_SUFFIX}")
        n += 1
    return path


def backup_database(
    source: AppContext | Path,
    target: Path | None = None,
    *,
    kind: str = "manual",
    now: datetime | None = None,
) -> BackupInfo:
    """Back up the context's database (or the database file ``source``).

    ``target`` is a folder (a name is made there) or a file path; by default the
    workstation's backup folder. The result is verified before it is returned.
    """
    if kind not in KINDS:
        raise ValueError(kind)
    if isinstance(source, AppContext):
        db, data_dir, config = source.database_path, source.data_dir, source.workstation
    else:
        db, data_dir = Path(source), Path(source).parent
        config = _config_for(data_dir)
    now = now or datetime.now()
    if target is None or target.is_dir() or (not target.suffix and not target.exists()):
        folder = target or config.backup_path(data_dir)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise BackupError(
                f"پوشهٔ پشتیبان در دسترس نیست ({isolate(str(folder))}): {exc.strerror or exc}"
            ) from exc
        dest = _free_path(folder, backup_name(kind, now, _office_code(db)))
    else:
        dest = target
        if dest.exists():  # never overwrite a file, least of all an older backup
            raise BackupError(f"فایل {isolate(str(dest))} از پیش وجود دارد؛ نام دیگری انتخاب کنید.")
    snapshot(db, dest)
    result = verify_backup(dest)
    if not result.ok:
        dest.unlink(missing_ok=True)
        raise BackupError(result.message)
    return BackupInfo(dest, kind, now.replace(microsecond=0), dest.stat().st_size)


# -- verifying ------------------------------------------------------------------------
def known_revisions() -> set[str]:
    """Every migration revision this app knows."""
    from alembic.script import ScriptDirectory

    from desktop_app.models.database import alembic_config

    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def verify_backup(path: Path) -> VerifyResult:
    """Check a backup file without changing it: SQLite, intact, Miz, not too new."""
    path = Path(path)

    def refuse(message: str) -> VerifyResult:
        return VerifyResult(path, False, message)

    if not path.is_file():
        return refuse(MSG_NOT_FOUND)
    size = path.stat().st_size
    with open(path, "rb") as f:
        header = f.read(100)
    if len(header) < 100 or not header.startswith(_SQLITE_MAGIC):
        return refuse(MSG_NOT_MIZ)
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    page_count = int.from_bytes(header[28:32], "big")
    if header[24:28] == header[92:96] and size < page_size * page_count:
        return refuse(MSG_CORRUPT)
    wal = header[18] == 2
    if wal and Path(f"{path}-wal").is_file() and Path(f"{path}-wal").stat().st_size:
        return refuse(MSG_NEEDS_WAL)
    uri = f"{path.resolve().as_uri()}?mode=ro" + ("&immutable=1" if wal else "")
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=10)
        try:
            if conn.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
                return refuse(MSG_CORRUPT)
            has_version = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
            ).fetchone()
            if not has_version:
                return refuse(MSG_NOT_MIZ)
            revisions = {r[0] for r in conn.execute("SELECT version_num FROM alembic_version")}
        finally:
            conn.close()
    except sqlite3.Error:
        return refuse(MSG_CORRUPT)
    if not revisions:
        return refuse(MSG_NOT_MIZ)
    # a backup of this app's own schema (the daily one) needs no walk of the migration
    # scripts: Alembic stays unloaded (memory after sign-in, docs/performance.md)
    if revisions != {SCHEMA_HEAD} and revisions - known_revisions():
        return refuse(MSG_NEWER)
    return VerifyResult(path, True, MSG_OK, ", ".join(sorted(revisions)))


# -- rotation and the automatic backups -----------------------------------------------
def rotate(folder: Path, keep_daily: int, keep_weekly: int) -> list[Path]:
    """Delete the ``auto`` backups the policy does not keep; returns what was deleted."""
    autos = [b for b in reversed(list_backups(folder)) if b.kind == "auto"]  # newest first
    keep: set[Path] = set()
    days: set[date] = set()
    for b in autos:
        if b.taken_at.date() not in days and len(days) < max(1, keep_daily):
            days.add(b.taken_at.date())
            keep.add(b.path)
    oldest_daily = min((b.taken_at for b in autos if b.path in keep), default=None)
    weeks: set[tuple[int, int]] = set()
    for b in autos:
        week = tuple(b.taken_at.isocalendar())[:2]
        if oldest_daily is not None and b.taken_at >= oldest_daily:
            continue
        if week not in weeks and len(weeks) < max(0, keep_weekly):
            weeks.add((week[0], week[1]))
            keep.add(b.path)
    deleted = [b.path for b in autos if b.path not in keep]
    for path in deleted:
        path.unlink(missing_ok=True)
    return deleted


@access.operation(access.BACKUP)
def auto_backup_if_due(ctx: AppContext, now: datetime | None = None) -> BackupInfo | None:
    """The start-of-day backup: taken if the backup folder has none from today."""
    now = now or datetime.now()
    config = ctx.workstation
    folder = config.backup_path(ctx.data_dir)
    if any(b.kind == "auto" and b.taken_at.date() == now.date() for b in list_backups(folder)):
        return None
    info = backup_database(ctx, kind="auto", now=now)
    rotate(folder, config.keep_daily, config.keep_weekly)
    return info


def migration_backup_hook(data_dir: Path) -> Callable[[], None]:
    """The ``before_migration`` callback of the app's start: back up, or refuse to migrate."""

    def before_migration() -> None:
        try:
            backup_database(Path(data_dir) / DATABASE_NAME, kind="pre-migration")
        except ServiceError as exc:
            raise DatabaseError(
                "پیش از به‌روزرسانی ساختار پایگاه داده باید از آن پشتیبان گرفته شود، "
                f"ولی نشد؛ چیزی تغییر نکرد. {exc.message}"
            ) from exc

    return before_migration


@access.operation(access.SETTINGS)
def save_backup_settings(
    ctx: AppContext, backup_dir: str, keep_daily: int, keep_weekly: int
) -> WorkstationConfig:
    """Validate and store this workstation's backup folder and rotation counts (``SETTINGS``)."""
    if keep_daily < 1:
        raise BackupError("دست‌کم یک پشتیبان روزانه باید نگه داشته شود.", "keep_daily")
    if keep_weekly < 0:
        raise BackupError("تعداد پشتیبان‌های هفتگی نمی‌تواند منفی باشد.", "keep_weekly")
    backup_dir = backup_dir.strip()
    folder = Path(backup_dir) if backup_dir else None
    if folder is not None and not folder.is_absolute():
        raise BackupError("مسیر پوشهٔ پشتیبان باید کامل باشد.", "backup_dir")
    config = ctx.workstation
    config.backup_dir = str(folder) if folder else ""
    config.keep_daily, config.keep_weekly = keep_daily, keep_weekly
    config.save(ctx.data_dir)
    return config
