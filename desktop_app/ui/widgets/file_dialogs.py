"""Persian, Jalali-aware file dialogs that open in the office's documents folder. UI thread.

Every place that asks the clerk for a file or folder goes through this module (never
``QFileDialog`` directly), so all of them look the same:

- Qt's own dialog (not the platform's), with Qt's Persian texts (``qtbase_fa``, installed
  by ``ui.app.install_qt_translation``) and right-to-left layout; the five labels that
  ``qtbase_fa`` leaves in English («&Look in:», «Cancel», ...) are set here;
- the «تاریخ تغییر» column in Jalali with Persian digits (``JalaliDates``, a proxy over
  the dialog's ``QFileSystemModel``);
- starting in ``documents_folder()``: the workstation's documents folder chosen on the
  settings page (``use_documents_folder``, from ``workstation.json``), else
  ``MIZ_DOCUMENTS_DIR`` when set, otherwise the user's Documents/«میز خدمت», created on
  first use (the home folder if none can be).

``open_file_name``, ``save_file_name`` and ``folder_name`` return the chosen path, or ""
when the clerk cancels. Tests replace ``file_dialogs.run`` (called with the built dialog,
returns the accepted path or "") to answer without a window.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QIdentityProxyModel,
    QModelIndex,
    QPersistentModelIndex,
    QStandardPaths,
    Qt,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QFileSystemModel,
    QHeaderView,
    QTreeView,
    QWidget,
)

from ...persian.dates import format_jalali
from ...persian.digits import format_number, to_persian_digits

__all__ = [
    "DOCUMENTS_ENV",
    "DOCUMENTS_SUBFOLDER",
    "JalaliDates",
    "build_dialog",
    "default_documents_folder",
    "documents_folder",
    "folder_name",
    "jalali_stamp",
    "open_file_name",
    "persian_size",
    "prints_folder",
    "run",
    "save_file_name",
    "use_documents_folder",
]

DOCUMENTS_ENV = "MIZ_DOCUMENTS_DIR"
DOCUMENTS_SUBFOLDER = "میز خدمت"
SIZE_COLUMN, TYPE_COLUMN, DATE_COLUMN = 1, 2, 3  # QFileSystemModel: name, size, type, date
#: The type column in Persian for the files Miz reads and writes (Qt names them in English).
TYPE_TITLES = {
    "pdf": "سند PDF",
    "xlsx": "کاربرگ Excel",
    "csv": "جدول CSV",
    "png": "تصویر",
    "jpg": "تصویر",
    "jpeg": "تصویر",
    "mizbak": "پشتیبان میز",
    "sqlite3": "پایگاه داده",
    "json": "پروندهٔ JSON",
    "txt": "متن",
}
_SIZE_UNITS = ("بایت", "کیلوبایت", "مگابایت", "گیگابایت", "ترابایت")


def persian_size(size: int) -> str:
    """``۹ بایت``, ``۱٫۵ کیلوبایت``: a file's size in Persian (Qt's says "bytes")."""
    value, unit = float(size), 0
    while value >= 1024 and unit < len(_SIZE_UNITS) - 1:
        value /= 1024
        unit += 1
    rounded = round(value, 1)
    shown = format_number(int(rounded) if rounded == int(rounded) else rounded)
    return f"{shown} {_SIZE_UNITS[unit]}"


_chosen: Path | None = None  # the settings page's folder (workstation.json)


def use_documents_folder(folder: str | Path | None) -> None:
    """Make ``folder`` (the workstation's ``documents_dir``) the documents folder;
    ""/None goes back to the default."""
    global _chosen
    _chosen = Path(folder).expanduser() if folder else None


def default_documents_folder() -> Path:
    """The documents folder when the settings page names none (not created)."""
    configured = os.environ.get(DOCUMENTS_ENV, "").strip()
    if configured:
        return Path(configured).expanduser()
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return (Path(base) if base else Path.home() / "Documents") / DOCUMENTS_SUBFOLDER


def documents_folder() -> Path:
    """The folder dialogs open in; created on demand (a chosen folder that has gone
    missing, such as an unplugged drive, falls back to the default)."""
    for folder in (_chosen, default_documents_folder()):
        if folder is None:
            continue
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        return folder
    return Path.home()


def prints_folder(kind: str) -> Path:
    """Where a print made without a file dialog goes (an introduction form after a
    registration, a participation receipt, a certificate, a workshop's programme):
    ``kind``'s subfolder of the documents folder, as a print a clerk saves by hand.
    Not created here: the worker that writes the file makes it."""
    return documents_folder() / kind


def jalali_stamp(moment: datetime) -> str:
    """``۱۴۰۵/۰۹/۱۵ ۱۴:۰۵`` for a file's modification time."""
    return f"{format_jalali(moment.date())} {to_persian_digits(moment.strftime('%H:%M'))}"


class JalaliDates(QIdentityProxyModel):
    """The file list with its modification date shown in the Jalali calendar and its
    sizes in Persian (``persian_size``)."""

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole and column in (
            SIZE_COLUMN,
            TYPE_COLUMN,
            DATE_COLUMN,
        ):
            source = self.sourceModel()
            if isinstance(source, QFileSystemModel):
                inner = self.mapToSource(index)
                if column == SIZE_COLUMN:
                    return "" if source.isDir(inner) else persian_size(source.size(inner))
                if column == TYPE_COLUMN:
                    if source.isDir(inner):
                        return "پوشه"
                    suffix = source.fileInfo(inner).suffix().lower()
                    return TYPE_TITLES.get(suffix) or super().data(index, role)
                stamp = source.lastModified(inner)
                if stamp.isValid():
                    return jalali_stamp(stamp.toPython())  # type: ignore[arg-type]
        return super().data(index, role)


def _start(start: str | Path | None) -> str:
    """``start`` as given when it names a folder or full path; a bare file name goes in
    the documents folder; nothing → the documents folder."""
    if not start:
        return str(documents_folder())
    path = Path(start)
    if path.is_absolute():
        return str(path)
    return str(documents_folder() / path)


def build_dialog(
    parent: QWidget | None,
    title: str,
    start: str | Path | None,
    file_filter: str = "",
    *,
    mode: QFileDialog.FileMode = QFileDialog.FileMode.ExistingFile,
    saving: bool = False,
) -> QFileDialog:
    """The configured dialog (not shown)."""
    dialog = QFileDialog(parent, title, _start(start), file_filter)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    dialog.setFileMode(mode)
    if mode == QFileDialog.FileMode.Directory:
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    else:
        dialog.setProxyModel(JalaliDates(dialog))
    if saving:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        suffix = _default_suffix(file_filter)
        if suffix:
            dialog.setDefaultSuffix(suffix)
    dialog.setViewMode(QFileDialog.ViewMode.Detail)
    view = dialog.findChild(QTreeView, "treeView")
    if view is not None:  # the name takes the room; size, type and date show whole
        header = view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (SIZE_COLUMN, TYPE_COLUMN, DATE_COLUMN):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    Label = QFileDialog.DialogLabel
    accept = (
        "ذخیره" if saving else "انتخاب" if mode == QFileDialog.FileMode.Directory else "باز کردن"
    )
    for label, text in (
        (Label.LookIn, "پوشه:"),
        (Label.FileName, "نام پوشه:" if mode == QFileDialog.FileMode.Directory else "نام پرونده:"),
        (Label.FileType, "نوع پرونده:"),
        (Label.Accept, accept),
        (Label.Reject, "انصراف"),
    ):
        dialog.setLabelText(label, text)
    return dialog


def _default_suffix(file_filter: str) -> str:
    """``pdf`` from a filter naming one pattern such as ``*.pdf``; "" otherwise."""
    if "(*." not in file_filter:
        return ""
    pattern = file_filter.split("(*.", 1)[1].split(")", 1)[0]
    return "" if " " in pattern or "*" in pattern else pattern


def _exec(dialog: QFileDialog) -> str:
    if dialog.exec() != QFileDialog.DialogCode.Accepted:
        return ""
    chosen = dialog.selectedFiles()
    return chosen[0] if chosen else ""


run = _exec


def _ask(dialog: QFileDialog) -> str:
    try:
        return run(dialog)
    finally:
        dialog.deleteLater()


def open_file_name(
    parent: QWidget | None, title: str, start: str | Path | None = None, file_filter: str = ""
) -> str:
    """An existing file the clerk chose, or ""."""
    return _ask(build_dialog(parent, title, start, file_filter))


def save_file_name(
    parent: QWidget | None, title: str, suggested: str | Path | None, file_filter: str = ""
) -> str:
    """Where to write a file (``suggested``: a file name, put in the documents folder,
    or a full path), or ""."""
    return _ask(
        build_dialog(
            parent, title, suggested, file_filter, mode=QFileDialog.FileMode.AnyFile, saving=True
        )
    )


def folder_name(parent: QWidget | None, title: str, start: str | Path | None = None) -> str:
    """A folder the clerk chose, or ""."""
    return _ask(build_dialog(parent, title, start, mode=QFileDialog.FileMode.Directory))
