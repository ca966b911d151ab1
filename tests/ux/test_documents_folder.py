"""The documents folder (where the file dialogs open and PDFs are saved) is a setting of
this workstation on the settings page: chosen through the Persian folder dialog or typed,
refused with a Persian message under the field when it cannot take a file, and used by
the next file dialog."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QFileDialog

from desktop_app.services.core.workstation import CONFIG_NAME, WorkstationConfig
from desktop_app.ui.widgets import file_dialogs

SHOTS = Path(__file__).resolve().parents[2] / "out" / "screenshots"


@pytest.fixture
def page(ctx, miz_app, qtbot, tmp_path, monkeypatch):
    from desktop_app.ui.settings_page import SettingsPage
    from desktop_app.ui.tasks import TaskRunner

    monkeypatch.setenv(file_dialogs.DOCUMENTS_ENV, str(tmp_path / "پیش‌فرض"))
    monkeypatch.setattr(file_dialogs, "_chosen", None)
    runner = TaskRunner()
    settings = SettingsPage(ctx, runner)
    qtbot.addWidget(settings)
    settings.resize(1100, 900)
    settings.show()
    qtbot.waitExposed(settings)
    yield settings
    runner.wait_for_done()
    qtbot.wait(50)  # the last save's answer, on this thread
    file_dialogs.use_documents_folder(None)


def _stored(ctx) -> str:
    raw = json.loads((ctx.data_dir / CONFIG_NAME).read_text(encoding="utf-8"))
    return raw.get("documents_dir", "")


def _type(qtbot, page, text: str) -> None:
    edit = page.documents_dir
    edit.setFocus()
    edit.selectAll()
    for char in text:  # QTest.keyClicks aborts on non-Latin letters: the same key events
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(edit, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))
    qtbot.keyClick(edit, Qt.Key.Key_Return)  # editingFinished


def test_chosen_folder_is_saved_and_file_dialogs_open_there(
    page, ctx, qtbot, tmp_path, monkeypatch
):
    assert page.documents_dir.text() == str(tmp_path / "پیش‌فرض")  # the default, shown
    chosen = tmp_path / "share" / "اسناد اداره"
    asked: list[QFileDialog] = []

    def answer(dialog: QFileDialog) -> str:
        asked.append(dialog)
        return str(chosen)

    monkeypatch.setattr(file_dialogs, "run", answer)
    qtbot.mouseClick(page.documents_button, Qt.MouseButton.LeftButton)
    assert asked and asked[0].fileMode() == QFileDialog.FileMode.Directory
    assert asked[0].testOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.waitUntil(lambda: page.status.text() == "پوشهٔ اسناد ذخیره شد.", timeout=10_000)

    assert chosen.is_dir()  # created, and a file could be written in it
    assert _stored(ctx) == str(chosen)
    assert WorkstationConfig.load(ctx.data_dir).documents_dir == str(chosen)
    assert page.documents_dir.text() == str(chosen)
    assert page.documents_row.message_label().isHidden()
    assert [p.name for p in chosen.iterdir()] == []  # the write test left nothing behind

    # The next save dialog starts in the chosen folder with the suggested name.
    monkeypatch.setattr(file_dialogs, "run", lambda d: d.selectedFiles()[0])
    path = file_dialogs.save_file_name(page, "ذخیره", "فهرست.pdf", "PDF (*.pdf)")
    assert Path(path) == chosen / "فهرست.pdf"

    # A new window of this workstation (the next sign-in) takes it from workstation.json.
    file_dialogs.use_documents_folder(None)
    assert file_dialogs.documents_folder() == tmp_path / "پیش‌فرض"
    file_dialogs.use_documents_folder(WorkstationConfig.load(ctx.data_dir).documents_dir)
    assert file_dialogs.documents_folder() == chosen

    SHOTS.mkdir(parents=True, exist_ok=True)
    page.grab().save(str(SHOTS / "settings-documents-folder.png"))


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("اسناد", "باید کامل باشد"),  # not a full path
        ("/proc/miz-documents", "ساخته نمی‌شود"),  # cannot be created
        ("/proc", "نمی‌توان پرونده نوشت"),  # exists, takes no file (even for root)
        (f"/{CONFIG_NAME}", None),  # replaced below by a file
    ],
)
def test_unusable_folder_is_refused_under_the_field(page, ctx, qtbot, tmp_path, typed, expected):
    if expected is None:  # a path that is a file
        typed = str(ctx.data_dir / CONFIG_NAME)
        expected = "یک پرونده است"
    before = _stored(ctx)
    _type(qtbot, page, typed)
    message = page.documents_row.message_label()
    qtbot.waitUntil(lambda: message.isVisible(), timeout=10_000)
    assert expected in message.text()
    assert page.documents_dir.text() == typed  # what the clerk typed is kept
    assert page.documents_dir.error() == message.text()
    assert _stored(ctx) == before
    assert file_dialogs.documents_folder() == tmp_path / "پیش‌فرض"
    # Typing a good folder clears the message and saves.
    good = tmp_path / "خوب"
    _type(qtbot, page, str(good))
    qtbot.waitUntil(lambda: page.status.text() == "پوشهٔ اسناد ذخیره شد.", timeout=10_000)
    assert _stored(ctx) == str(good)
    assert message.isHidden()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes in a read-only folder")
def test_read_only_folder_is_refused(page, ctx, qtbot, tmp_path):
    folder = tmp_path / "فقط خواندنی"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        _type(qtbot, page, str(folder))
        message = page.documents_row.message_label()
        qtbot.waitUntil(lambda: message.isVisible(), timeout=10_000)
        assert "نمی‌توان پرونده نوشت" in message.text()
    finally:
        folder.chmod(0o755)


def test_clerk_sees_the_folder_but_cannot_change_it(ctx, miz_app, qtbot, monkeypatch):
    from desktop_app.ui.settings_page import SettingsPage
    from desktop_app.ui.tasks import TaskRunner
    from tests.accounts.helpers import sign_in_as

    sign_in_as(ctx, "clerk7", "clerk")
    runner = TaskRunner()
    settings = SettingsPage(ctx, runner)
    qtbot.addWidget(settings)
    assert not settings.documents_dir.isEnabled()
    assert not settings.documents_button.isEnabled()
    runner.wait_for_done()
