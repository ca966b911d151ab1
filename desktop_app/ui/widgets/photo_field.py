"""``PhotoField``: a photo with a preview and "choose" / "clear" buttons, for any form
that stores a photo (equipment; trainers and trainees may reuse it).

Choosing a file sends it through ``services.images.prepare_photo`` on a worker of the
``TaskRunner`` (any common format, EXIF orientation, downscaled JPEG); a refused
file leaves the previous photo in place and shows the Persian reason on the field,
and nothing else of the form changes. ``photo()`` is the JPEG bytes to store (None:
no photo).

UI thread only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ...services.images import EQUIPMENT, PhotoKind, prepare_photo
from .field import ValidatedField

__all__ = ["PhotoField"]

IMAGE_FILTER = "تصویر (*.jpg *.jpeg *.png *.bmp *.gif *.tif *.tiff *.webp);;همه پرونده‌ها (*)"


class PhotoField(ValidatedField, QWidget):
    photoChanged = Signal()

    def __init__(
        self,
        runner: Any,
        kind: PhotoKind = EQUIPMENT,
        parent: QWidget | None = None,
        *,
        preview_size: tuple[int, int] = (160, 120),
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.kind = kind
        self._photo: bytes | None = None
        self._busy = False
        self.preview = QLabel()
        self.preview.setObjectName("photoPreview")
        self.preview.setFixedSize(*preview_size)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet("border: 1px solid #b0bec5; background: #fafafa;")
        self.choose_button = QPushButton("انتخاب تصویر…")
        self.choose_button.clicked.connect(self.choose)
        self.clear_button = QPushButton("حذف تصویر")
        self.clear_button.clicked.connect(self.clear_photo)
        buttons = QVBoxLayout()
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.preview)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self._show()

    def photo(self) -> bytes | None:
        return self._photo

    def set_photo(self, data: bytes | None) -> None:
        self._photo = data
        self.set_error(None)
        self._show()

    def clear_photo(self) -> None:
        self.set_photo(None)
        self.photoChanged.emit()

    def is_busy(self) -> bool:
        """True while a chosen file is being prepared."""
        return self._busy

    def choose(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, "انتخاب تصویر", "", IMAGE_FILTER)
        if path:
            self.choose_file(Path(path))

    def choose_file(self, path: Path) -> None:
        """Prepare ``path`` off the UI thread; show it, or the reason it was refused."""
        self._busy = True
        self.choose_button.setEnabled(False)
        kind = self.kind
        self.runner.submit(
            lambda _c: prepare_photo(path, kind), on_done=self._prepared, on_error=self._refused
        )

    def _prepared(self, data: bytes) -> None:
        self._busy = False
        self.choose_button.setEnabled(True)
        self.set_photo(data)
        self.photoChanged.emit()

    def _refused(self, exc: Exception) -> None:
        self._busy = False
        self.choose_button.setEnabled(True)
        self.set_error(getattr(exc, "message", None) or str(exc))

    def validate(self) -> bool:
        return not self._busy and self.error() is None

    def _show(self) -> None:
        self.clear_button.setEnabled(self._photo is not None)
        if self._photo is None:
            self.preview.setPixmap(QPixmap())
            self.preview.setText("بدون تصویر")
            return
        pixmap = QPixmap()
        pixmap.loadFromData(self._photo)
        self.preview.setPixmap(
            pixmap.scaled(
                self.preview.size(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
