"""A backup taken while another thread keeps writing is one consistent, self-contained
file: integrity ok, a committed prefix of the writes (never half a transaction), no
-wal needed."""

from __future__ import annotations

import shutil
import sqlite3
import threading
import time

from desktop_app.models import Setting
from desktop_app.services.office.backup import backup_database, header_is_wal, verify_backup
from desktop_app.services.office.restore import restore_backup


def _writer(ctx, stop: threading.Event, committed: list[int]) -> None:
    """Commit pairs of rows (k00001a, k00001b), one transaction per pair, until stopped."""
    n = 0
    while not stop.is_set() and n < 5000:
        n += 1
        with ctx.session() as session:
            session.add(Setting(key=f"k{n:05d}a", value=str(n)))
            session.add(Setting(key=f"k{n:05d}b", value=str(n)))
        committed.append(n)


def _pairs(db) -> list[int]:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        keys = [r[0] for r in conn.execute("SELECT key FROM settings WHERE key LIKE 'k%'")]
    finally:
        conn.close()
    numbers = sorted({int(k[1:6]) for k in keys})
    assert len(keys) == 2 * len(numbers), "a transaction was torn in half"
    assert numbers == list(range(1, len(numbers) + 1)), "not a prefix of the commits"
    return numbers


def test_backup_while_another_thread_writes(ctx, tmp_path):
    stop = threading.Event()
    committed: list[int] = []
    thread = threading.Thread(target=_writer, args=(ctx, stop, committed))
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while len(committed) < 50 and time.monotonic() < deadline:
            time.sleep(0.005)
        before = len(committed)
        info = backup_database(ctx, tmp_path / "during.mizbak")
        after = len(committed)
        time.sleep(0.05)  # the writer keeps going after the backup
    finally:
        stop.set()
        thread.join()
    assert before >= 50
    assert len(committed) > after  # writes really went on concurrently
    taken = _pairs(info.path)
    assert before <= len(taken) <= after + 1

    # restoring it brings back exactly that prefix, consistent
    result = restore_backup(ctx, info.path)
    assert result.pre_restore.path.exists()
    assert _pairs(ctx.database_path) == taken
    with ctx.session() as session:  # the context works on the restored file
        assert session.get(Setting, "k00001a").value == "1"


def test_backup_is_one_file_that_opens_alone(ctx, tmp_path):
    with ctx.session() as session:
        session.add(Setting(key="only", value='"here"'))
    info = backup_database(ctx)
    assert info.path.suffix == ".mizbak"
    assert info.path.parent == ctx.data_dir / "backups"
    assert not header_is_wal(info.path)
    assert sorted(p.name for p in info.path.parent.iterdir()) == [info.path.name]

    elsewhere = tmp_path / "usb"
    elsewhere.mkdir()
    copy = elsewhere / info.path.name
    shutil.copyfile(info.path, copy)  # the file alone, as a clerk would copy it
    assert verify_backup(copy).ok
    conn = sqlite3.connect(copy)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert conn.execute("SELECT value FROM settings WHERE key='only'").fetchone() == ('"here"',)
    finally:
        conn.close()
    assert sorted(p.name for p in elsewhere.iterdir()) == [copy.name]


def test_name_carries_office_code_and_time(ctx):
    from datetime import datetime

    from desktop_app.documents.office import OfficeSettings
    from desktop_app.services.office.settings import save_office_settings

    save_office_settings(ctx, OfficeSettings(office_name="مرکز", office_code="2701"))
    info = backup_database(ctx, now=datetime(2026, 11, 22, 9, 30, 5))
    assert info.path.name == "miz-2701-20261122-093005-manual.mizbak"
    again = backup_database(ctx, now=datetime(2026, 11, 22, 9, 30, 5))
    assert again.path.name == "miz-2701-20261122-093005-manual-2.mizbak"
