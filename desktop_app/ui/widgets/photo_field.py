"""``PhotoField``: a photo preview with «انتخاب عکس…» and «حذف عکس» buttons.

The field holds the stored photo's bytes (``photo()``, None when there is none) and
shows them scaled into its frame. Choosing a file only emits ``fileChosen(path)``:
the form reads and converts it off the UI thread (``services.core.images.prepare_photo``)
and hands the result back with ``set_photo``, or shows the refusal with
``set_error`` — the photo shown before stays (and saving is not blocked by that
message). A ``ValidatedField``, so a ``FormRow`` shows the message under it.

Qt widget: UI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.widgets.field import ValidatedField

from . import file_dialogs

__all__ = ["IMAGE_FILTER", "PhotoField"]

IMAGE_FILTER = "تصویر (*.jpg *.jpeg *.png *.bmp *.gif *.tif *.tiff *.webp);;همهٔ پرونده‌ها (*)"


class PhotoField(ValidatedField, QWidget):
    fileChosen = Signal(str)
    photoChanged = Signal(object)  # bytes | None

    def __init__(
        self, parent: QWidget | None = None, *, width: int = 96, height: int = 128
    ) -> None:
        super().__init__(parent)
        self._photo: bytes | None = None
        self.preview = QLabel()
        self.preview.setFixedSize(width, height)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet("border: 1px solid #9aa3ad; background: #f4f5f7;")
        self.preview.setAccessibleName("پیش‌نمایش عکس")
        self.choose_button = QPushButton("انتخاب عکس…")
        self.choose_button.setAutoDefault(False)
        self.choose_button.clicked.connect(self.choose_file)
        self.clear_button = QPushButton("حذف عکس")
        self.clear_button.setAutoDefault(False)
        self.clear_button.clicked.connect(lambda: self.set_photo(None))
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
        self.photoChanged.emit(data)

    def _show(self) -> None:
        pixmap = QPixmap()
        if self._photo and pixmap.loadFromData(self._photo):
            self.preview.setPixmap(
                pixmap.scaled(
                    self.preview.size(),
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        else:
            self.preview.clear()
            self.preview.setText("بدون عکس")
        self.clear_button.setEnabled(self._photo is not None)

    def validate(self) -> bool:
        """A refused file never blocks saving: the photo shown before is what is kept."""
        return True

    def choose_file(self) -> None:
        path = file_dialogs.open_file_name(self, "انتخاب عکس", "", IMAGE_FILTER)
        if path:
            self.fileChosen.emit(path)
