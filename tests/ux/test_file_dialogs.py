"""The file dialogs are Qt's own, in Persian and right to left, list dates in the Jalali
calendar and start in the office's documents folder (created on demand)."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QTreeView

from desktop_app.persian.dates import format_jalali
from desktop_app.ui.app import install_qt_translation
from desktop_app.ui.widgets import file_dialogs

SHOTS = Path(__file__).resolve().parents[2] / "out" / "screenshots"


@pytest.fixture
def documents(tmp_path, monkeypatch):
    folder = tmp_path / "اسناد" / "میز خدمت"
    monkeypatch.setenv(file_dialogs.DOCUMENTS_ENV, str(folder))
    return folder


def _shown(qtbot, dialog: QFileDialog) -> None:
    qtbot.addWidget(dialog)
    dialog.resize(900, 520)
    dialog.show()
    qtbot.waitExposed(dialog)


def _date_texts(
    qtbot, dialog: QFileDialog, name: str, column: int = file_dialogs.DATE_COLUMN
) -> str:
    view = dialog.findChild(QTreeView, "treeView")
    assert view is not None
    model = view.model()

    def row_text() -> str:
        root = view.rootIndex()
        for row in range(model.rowCount(root)):
            if model.index(row, 0, root).data() == name:
                return str(model.index(row, column, root).data())
        return ""

    qtbot.waitUntil(lambda: row_text() != "", timeout=5000)
    return row_text()


def test_save_dialog_is_persian_jalali_and_starts_in_documents(qtbot, documents):
    assert install_qt_translation(QApplication.instance())
    assert not documents.exists()
    assert file_dialogs.documents_folder() == documents and documents.is_dir()
    sample = documents / "فهرست دوره‌ها.pdf"
    sample.write_bytes(b"%PDF-1.4\n")
    stamp = datetime(2026, 3, 21, 9, 30).timestamp()  # ۱۴۰۵/۰۱/۰۱
    os.utime(sample, (stamp, stamp))

    dialog = file_dialogs.build_dialog(
        None,
        "چاپ فهرست",
        "course.pdf",
        "PDF (*.pdf)",
        mode=QFileDialog.FileMode.AnyFile,
        saving=True,
    )
    _shown(qtbot, dialog)
    assert dialog.testOption(QFileDialog.Option.DontUseNativeDialog)
    assert dialog.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert Path(dialog.directory().absolutePath()) == documents
    assert dialog.defaultSuffix() == "pdf"
    labels = {label.objectName(): label.text() for label in dialog.findChildren(QLabel)}
    assert labels["lookInLabel"] != "Look in:" and labels["fileTypeLabel"] != "Files of type:"
    for text in (labels["lookInLabel"], labels["fileTypeLabel"], labels["fileNameLabel"]):
        assert any("\u0600" <= ch <= "\u06ff" for ch in text), text
    date_text = _date_texts(qtbot, dialog, sample.name)
    assert date_text == f"{format_jalali(datetime(2026, 3, 21).date())} ۰۹:۳۰"
    assert date_text.startswith("۱۴۰۵/۰۱/۰۱")
    big = documents / "گزارش.pdf"
    big.write_bytes(b"%" * 1536)
    assert _date_texts(qtbot, dialog, big.name, file_dialogs.SIZE_COLUMN) == "۱٫۵ کیلوبایت"
    assert _date_texts(qtbot, dialog, sample.name, file_dialogs.SIZE_COLUMN) == "۹ بایت"
    assert file_dialogs.persian_size(3 * 1024 * 1024) == "۳ مگابایت"
    assert _date_texts(qtbot, dialog, big.name, file_dialogs.TYPE_COLUMN) == "سند PDF"
    view = dialog.findChild(QTreeView, "treeView")
    metrics = view.fontMetrics()
    for column, text in (
        (file_dialogs.SIZE_COLUMN, "۱٫۵ کیلوبایت"),
        (file_dialogs.TYPE_COLUMN, "سند PDF"),
    ):
        qtbot.waitUntil(lambda c=column, t=text: view.columnWidth(c) > metrics.horizontalAdvance(t))
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SHOTS / "file_dialog_save.png"))


def test_helpers_ask_through_one_dialog_and_return_the_choice(qtbot, documents, monkeypatch):
    seen: list[QFileDialog] = []

    def answer(dialog: QFileDialog) -> str:
        seen.append(dialog)
        return str(Path(dialog.directory().absolutePath()) / "x.pdf")

    monkeypatch.setattr(file_dialogs, "run", answer)
    chosen = file_dialogs.save_file_name(None, "ذخیره", "x.pdf", "PDF (*.pdf)")
    assert chosen == str(documents / "x.pdf")
    assert seen[-1].acceptMode() == QFileDialog.AcceptMode.AcceptSave
    file_dialogs.open_file_name(None, "انتخاب", "", "CSV (*.csv)")
    assert seen[-1].fileMode() == QFileDialog.FileMode.ExistingFile
    other = documents.parent / "پشتیبان"
    other.mkdir()
    file_dialogs.folder_name(None, "پوشه", str(other))
    assert seen[-1].fileMode() == QFileDialog.FileMode.Directory
    assert Path(seen[-1].directory().absolutePath()) == other


def test_every_file_dialog_goes_through_the_helper():
    ui = Path(file_dialogs.__file__).resolve().parents[1]
    direct = [
        str(path.relative_to(ui))
        for path in ui.rglob("*.py")
        if path.name != "file_dialogs.py" and "QFileDialog" in path.read_text(encoding="utf-8")
    ]
    assert direct == []
