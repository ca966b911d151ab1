"""``FileNotice``: a line that says where a printed or exported file went, whether the
viewer opened it, and a button to open its folder. UI thread only.

Use ``show_file(path, opened)`` after a print that handed the PDF to a viewer,
``show_saved(path)`` after one that only wrote it; ``open_folder`` is the class attribute
tests replace (the folder is handed to the system's file manager).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from ...persian.bidi import isolate

__all__ = ["FileNotice", "open_in_system"]


def open_in_system(path: Path) -> bool:
    """Hand ``path`` (a file or folder) to the system; False if nothing opened it."""
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))


class FileNotice(QWidget):
    open_folder = staticmethod(open_in_system)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path: Path | None = None
        self.text = QLabel()
        self.text.setObjectName("fileNotice")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_button = QPushButton("باز کردن پوشه")
        self.folder_button.setAutoDefault(False)
        self.folder_button.clicked.connect(self._open_folder)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.folder_button)
        self.hide()

    def show_file(self, path: Path, opened: bool) -> None:
        """Say where ``path`` is; ``opened``: whether a viewer took it."""
        self.path = path
        where = f"پرونده در {isolate(str(path))} نوشته شد"
        self.text.setText(
            f"{where} و برای چاپ باز شد."
            if opened
            else f"{where}؛ برنامهٔ نمایش PDF باز نشد. پوشه را باز کنید و پرونده را از آنجا چاپ کنید."
        )
        self.show()

    def show_saved(self, path: Path, what: str = "پرونده") -> None:
        """Say that ``what`` was written to ``path`` (no viewer was asked)."""
        self.path = path
        self.text.setText(f"{what} در {isolate(str(path))} نوشته شد.")
        self.show()

    def _open_folder(self) -> None:
        if self.path is not None:
            type(self).open_folder(self.path.parent)
