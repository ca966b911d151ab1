"""``miz backup``, ``miz verify-backup`` and ``miz restore`` round trip, and a refusal."""

from __future__ import annotations

from pathlib import Path

from desktop_app.cli import main
from desktop_app.models import Setting
from desktop_app.services.core.context import AppContext
from desktop_app.services.office.backup import list_backups


def _set(data_dir, value):
    ctx = AppContext.open(data_dir)
    try:
        with ctx.session() as session:
            row = session.get(Setting, "note")
            if row is None:
                session.add(Setting(key="note", value=value))
            else:
                row.value = value
    finally:
        ctx.close()


def _get(data_dir):
    ctx = AppContext.open(data_dir)
    try:
        with ctx.session() as session:
            return session.get(Setting, "note").value
    finally:
        ctx.close()


def test_backup_verify_restore_round_trip(data_dir, tmp_path, capsys):
    _set(data_dir, '"first"')
    assert main(["backup", "--data-dir", str(data_dir)]) == 0
    default = Path(capsys.readouterr().out.strip())
    assert default.parent == data_dir / "backups" and default.exists()

    target = tmp_path / "usb" / "copy.mizbak"
    target.parent.mkdir()
    assert main(["--data-dir", str(data_dir), "backup", "-o", str(target)]) == 0
    assert capsys.readouterr().out.strip() == str(target)

    assert main(["verify-backup", str(target)]) == 0
    assert "سالم" in capsys.readouterr().out

    _set(data_dir, '"second"')
    assert main(["restore", str(target), "--yes", "--data-dir", str(data_dir)]) == 0
    assert "بازگردانی شد" in capsys.readouterr().out
    assert _get(data_dir) == '"first"'
    kinds = [b.kind for b in list_backups(data_dir / "backups")]
    assert sorted(kinds) == ["manual", "pre-restore"]


def test_restore_of_a_bad_file_exits_1_with_the_reason(data_dir, tmp_path, capsys):
    _set(data_dir, '"mine"')
    bad = tmp_path / "bad.mizbak"
    bad.write_bytes(b"not a database at all" * 100)
    assert main(["verify-backup", str(bad)]) == 1
    assert "پشتیبان میز نیست" in capsys.readouterr().err
    assert main(["restore", str(bad), "--yes", "--data-dir", str(data_dir)]) == 1
    assert "پشتیبان میز نیست" in capsys.readouterr().err
    assert _get(data_dir) == '"mine"'
    assert list_backups(data_dir / "backups") == []


def test_backup_never_overwrites_a_file(data_dir, tmp_path, capsys):
    _set(data_dir, '"x"')
    existing = tmp_path / "old.mizbak"
    existing.write_bytes(b"an older backup")
    assert main(["backup", "-o", str(existing), "--data-dir", str(data_dir)]) == 1
    assert "از پیش وجود دارد" in capsys.readouterr().err
    assert existing.read_bytes() == b"an older backup"
