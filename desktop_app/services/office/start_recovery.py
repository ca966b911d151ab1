"""When the database cannot be opened at start: find the latest good backup and put it in
place of the damaged file, which is kept beside it (never deleted).

``ui.app.run_gui`` offers this in a dialog; the command line says «miz restore». The
usual restore (``services.office.restore``) needs an open database to back up first; here the
database cannot be opened, so the damaged file itself is the "before" copy. No Qt; UI
thread at start (nothing else runs yet) or any thread.
"""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path

from desktop_app.services.core.context import DATABASE_NAME
from desktop_app.services.core.workstation import CONFIG_NAME, WorkstationConfig
from desktop_app.services.office.backup import BackupInfo, fsync_dir, list_backups, verify_backup


def backup_folder(data_dir: Path) -> Path:
    """The workstation's backup folder (``workstation.json``), default ``backups/``."""
    config = (
        WorkstationConfig.load(data_dir)
        if (data_dir / CONFIG_NAME).exists()
        else WorkstationConfig(device_id="")
    )
    return config.backup_path(data_dir)


def latest_good_backup(data_dir: Path) -> BackupInfo | None:
    """The newest backup that passes ``verify_backup``, or None."""
    try:
        found = list_backups(backup_folder(data_dir))
    except (OSError, ValueError):
        return None
    for info in reversed(found):
        if verify_backup(info.path).ok:
            return info
    return None


def replace_with_backup(data_dir: Path, backup: Path, now: datetime | None = None) -> Path:
    """Move the database aside (``miz.sqlite3.damaged-<time>``) and copy ``backup`` in
    its place; returns where the damaged file went."""
    db = data_dir / DATABASE_NAME
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    kept = db.with_name(f"{DATABASE_NAME}.damaged-{stamp}")
    tmp = db.with_name(f"{DATABASE_NAME}.restoring")
    shutil.copyfile(backup, tmp)
    with tmp.open("rb") as handle:
        os.fsync(handle.fileno())
    if db.exists():
        os.replace(db, kept)
    for extra in ("-wal", "-shm"):
        side = db.with_name(DATABASE_NAME + extra)
        if side.exists():
            os.replace(side, kept.with_name(kept.name + extra))
    os.replace(tmp, db)
    fsync_dir(data_dir)
    return kept
