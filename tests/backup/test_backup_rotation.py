"""The rotation policy, on files with fake timestamps: the newest automatic backup of each
of the last N days, then of each of the last M ISO weeks before those; manual,
pre-restore and pre-migration backups and foreign files are never touched."""

from __future__ import annotations

from datetime import datetime, timedelta

from desktop_app.services.office.backup import auto_backup_if_due, backup_name, list_backups, rotate


def _touch(folder, kind, when):
    path = folder / backup_name(kind, when, "2701")
    path.write_bytes(b"")
    return path


def test_rotation_keeps_exactly_the_policy(tmp_path):
    folder = tmp_path
    start = datetime(2026, 2, 1, 8, 0)  # a Sunday (ISO week 5)
    for day in range(29):  # 1 Feb .. 1 Mar, one automatic backup a day
        _touch(folder, "auto", start + timedelta(days=day))
    _touch(folder, "auto", datetime(2026, 3, 1, 7, 0))  # an earlier one the same day
    manual = _touch(folder, "manual", datetime(2026, 2, 2, 12, 0))
    pre_restore = _touch(folder, "pre-restore", datetime(2026, 2, 3, 12, 0))
    pre_migration = _touch(folder, "pre-migration", datetime(2026, 1, 1, 12, 0))
    notes = folder / "notes.txt"
    notes.write_text("a clerk's file")

    deleted = rotate(folder, keep_daily=7, keep_weekly=3)

    kept_auto = [b.taken_at for b in list_backups(folder) if b.kind == "auto"]
    daily = [datetime(2026, 2, d, 8, 0) for d in range(23, 29)] + [datetime(2026, 3, 1, 8, 0)]
    weekly = [datetime(2026, 2, 8, 8, 0), datetime(2026, 2, 15, 8, 0), datetime(2026, 2, 22, 8)]
    assert kept_auto == sorted(weekly + daily)
    assert len(deleted) == 30 - 10
    assert all(p.exists() for p in (manual, pre_restore, pre_migration, notes))


def test_rotation_with_nothing_to_do(tmp_path):
    assert rotate(tmp_path, 7, 4) == []
    assert rotate(tmp_path / "missing", 7, 4) == []


def test_auto_backup_once_a_day_then_rotated(ctx):
    ctx.workstation.keep_daily, ctx.workstation.keep_weekly = 2, 0
    day = datetime(2026, 11, 22, 8, 0)
    first = auto_backup_if_due(ctx, now=day)
    assert first is not None and first.kind == "auto"
    assert auto_backup_if_due(ctx, now=day + timedelta(hours=5)) is None  # same day
    second = auto_backup_if_due(ctx, now=day + timedelta(days=1))
    third = auto_backup_if_due(ctx, now=day + timedelta(days=2))
    assert second is not None and third is not None
    names = [b.path.name for b in list_backups(ctx.data_dir / "backups")]
    assert names == [second.path.name, third.path.name]
