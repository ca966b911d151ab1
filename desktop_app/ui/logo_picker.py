"""The office logo row of the settings section: a preview, "choose image…" and
"remove". The page stores the choice through ``services.office.settings.save_office_logo``
on the write worker. UI thread only."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from .widgets import file_dialogs

PREVIEW = 56


class LogoPicker(QWidget):
    #: A file the user picked (``Path``), or ``None`` to remove the logo.
    chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = QLabel("بدون نشان")
        self.preview.setFixedSize(PREVIEW * 2, PREVIEW)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setObjectName("logoPreview")
        self.choose_button = QPushButton("انتخاب تصویر…")
        self.choose_button.clicked.connect(self.choose)
        self.remove_button = QPushButton("برداشتن")
        self.remove_button.clicked.connect(lambda: self.chosen.emit(None))
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.preview)
        layout.addWidget(self.choose_button)
        layout.addWidget(self.remove_button)
        layout.addWidget(self.message, 1)
        self.show_logo(None)

    def choose(self) -> None:
        path = file_dialogs.open_file_name(
            self, "نشان اداره", "", "تصویر (*.png *.jpg *.jpeg *.bmp *.gif)"
        )
        if path:
            self.chosen.emit(Path(path))

    def show_logo(self, png: bytes | None) -> None:
        pixmap = QPixmap()
        if png and pixmap.loadFromData(png):
            self.preview.setPixmap(
                pixmap.scaled(
                    self.preview.size(),
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        else:
            self.preview.clear()
            self.preview.setText("بدون نشان")
        self.remove_button.setEnabled(bool(png))
