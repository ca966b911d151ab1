"""The start-up backup dialog: a database that cannot be opened is explained in Persian
and the latest good backup is offered. Restoring keeps the damaged file beside it and
opens the office on the backup; closing changes nothing. Driven through the real message
box (its buttons clicked) and the real start (``ui.startup.StartUp`` and its loader)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextLayout, QTextOption
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from desktop_app.models import User
from desktop_app.paths import DATABASE_NAME
from desktop_app.services.accounts.access import CLERK
from desktop_app.services.office.backup import backup_database
from desktop_app.ui.startup import StartUp
from tests.accounts.helpers import make_user

SHOTS = Path(__file__).resolve().parents[2] / "out" / "screenshots"
RESTORE = "بازگرداندن آخرین پشتیبان"
CLOSE = "بستن برنامه"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def damaged(ctx, data_dir):
    """An office with a backup, work done after it, then a database that cannot be read."""
    make_user(ctx, "maryam", CLERK)
    backup = backup_database(ctx).path
    make_user(ctx, "reza", CLERK)  # after the backup: lost by a restore (the box says so)
    ctx.close()
    db = data_dir / DATABASE_NAME
    raw = bytearray(db.read_bytes())
    raw[:100] = b"\0" * 100  # the header gone: "file is not a database"
    db.write_bytes(bytes(raw))
    for extra in ("-wal", "-shm"):
        (data_dir / f"{DATABASE_NAME}{extra}").unlink(missing_ok=True)
    return backup, bytes(raw)


def _lines_of(box: QMessageBox, words: tuple[str, ...]) -> set[int]:
    """The lines of the box's main text (as Qt wraps it at the label's width) on which
    ``words`` fall."""
    label = box.findChild(QLabel, "qt_msgbox_label")
    text = label.text()
    layout = QTextLayout(text, label.font())
    option = QTextOption()
    option.setTextDirection(Qt.LayoutDirection.RightToLeft)
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    lines = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(label.contentsRect().width())
        lines.append((line.textStart(), line.textStart() + line.textLength()))
    layout.endLayout()
    starts = [text.index(word) for word in words]
    return {i for i, (a, b) in enumerate(lines) for s in starts if a <= s < b}


def _answer(qtbot, button_text: str, seen: list[dict]) -> None:
    """Click ``button_text`` on the message box once it is up (it runs its own loop)."""

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or not box.isVisible():
            QTimer.singleShot(20, click)
            return
        seen.append(
            {
                "command_lines": _lines_of(box, ("miz", "restore")),
                "width": box.width(),
                "text": box.text(),
                "informative": box.informativeText(),
                "buttons": [b.text() for b in box.buttons()],
                "default": box.defaultButton().text(),
                "direction": box.layoutDirection(),
            }
        )
        SHOTS.mkdir(parents=True, exist_ok=True)
        box.grab().save(str(SHOTS / f"start-recovery-{len(box.buttons())}.png"))
        button = next(b for b in box.buttons() if b.text() == button_text)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, click)


def _start(data_dir, quits: list[bool]) -> StartUp:
    start = StartUp(data_dir, quit_app=lambda: quits.append(True))
    start.start()
    return start


def test_restore_puts_the_backup_in_place_and_keeps_the_damaged_file(
    miz_app, data_dir, qtbot, damaged
):
    backup, broken = damaged
    backup_digest = _digest(backup)
    seen: list[dict] = []
    quits: list[bool] = []
    _answer(qtbot, RESTORE, seen)
    start = _start(data_dir, quits)
    qtbot.waitUntil(lambda: start.session is not None, timeout=30_000)

    [box] = seen
    assert box["buttons"] == [RESTORE, CLOSE] and box["default"] == CLOSE  # Enter never restores
    assert box["direction"] == Qt.LayoutDirection.RightToLeft
    assert backup.name in box["informative"] and "damaged" in box["informative"]
    assert "Traceback" not in box["text"] and box["text"].strip()
    # wide enough for a few long lines, and «miz restore» on one of them, not split
    assert box["width"] >= 500
    assert len(box["command_lines"]) == 1, box["command_lines"]

    kept = list(data_dir.glob(f"{DATABASE_NAME}.damaged-*"))
    assert [p.read_bytes() == broken for p in kept] == [True]  # nothing thrown away
    assert _digest(backup) == backup_digest  # the backup itself untouched
    assert not quits and start.error == ""
    with start.ctx.session() as session:  # the office opened on the backup
        names = {u.user_name for u in session.query(User)}
    assert "maryam" in names and "reza" not in names
    start.shutdown()


def test_closing_changes_nothing(miz_app, data_dir, qtbot, damaged):
    backup, broken = damaged
    backups = {p.name: _digest(p) for p in backup.parent.iterdir()}
    seen: list[dict] = []
    quits: list[bool] = []
    _answer(qtbot, CLOSE, seen)
    start = _start(data_dir, quits)
    qtbot.waitUntil(lambda: bool(quits), timeout=30_000)

    assert seen and seen[0]["buttons"] == [RESTORE, CLOSE]
    assert start.error == "database" and start.session is None
    assert (data_dir / DATABASE_NAME).read_bytes() == broken  # left exactly as it was
    assert not list(data_dir.glob(f"{DATABASE_NAME}.damaged-*"))
    assert {p.name: _digest(p) for p in backup.parent.iterdir()} == backups
    start.shutdown()


def test_without_a_good_backup_only_closing_is_offered(miz_app, data_dir, qtbot, damaged):
    backup, broken = damaged
    backup.write_bytes(b"not a backup")  # the only backup fails its check
    seen: list[dict] = []
    quits: list[bool] = []
    _answer(qtbot, CLOSE, seen)
    start = _start(data_dir, quits)
    qtbot.waitUntil(lambda: bool(quits), timeout=30_000)

    assert seen[0]["buttons"] == [CLOSE] and seen[0]["informative"] == ""
    assert (data_dir / DATABASE_NAME).read_bytes() == broken
    assert backup.read_bytes() == b"not a backup"
    start.shutdown()


def test_a_command_stays_on_one_line_and_types_as_shown():
    from desktop_app.persian.bidi import LRI, NBSP, PDI, command, strip_isolates

    assert command("miz restore") == f"{LRI}miz{NBSP}restore{PDI}"  # no break inside
    assert strip_isolates(command("miz restore")) == "miz restore"  # the terminal's copy
