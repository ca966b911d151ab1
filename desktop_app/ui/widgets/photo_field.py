"""``PhotoField``: a photo preview with «انتخاب عکس…» and «حذف عکس» buttons.

The field holds the stored photo's bytes (``photo()``, None when there is none) and
shows them scaled into its frame. A chosen file (``fileChosen(path)``), or bytes handed
to ``load``, is converted by the field's ``prepare`` (e.g. ``services.core.images
.prepare_photo`` for its kind of photo) on a worker of the form's ``TaskRunner``
(``use_runner``, called by ``binding.bind_fields``); the result is shown, or the
refusal is shown under the field with ``set_error`` — the photo shown before stays
(and saving is not blocked by that message). A ``ValidatedField``, so a ``FormRow``
shows the message under it. ``stacked``: the preview framed above its size line and
one choose button (the wizard's photo step).

Qt widget: UI thread only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.widgets.field import ValidatedField

from ...persian import format_number, to_persian_digits
from ..errors import error_message
from . import file_dialogs

__all__ = ["IMAGE_FILTER", "PhotoField"]

IMAGE_FILTER = "تصویر (*.jpg *.jpeg *.png *.bmp *.gif *.tif *.tiff *.webp *.heic);;همهٔ پرونده‌ها (*)"


class PhotoField(ValidatedField, QFrame):
    fileChosen = Signal(str)
    photoChanged = Signal(object)  # bytes | None

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        width: int = 96,
        height: int = 128,
        prepare: Callable[[str | bytes], bytes] | None = None,
        stacked: bool = False,
    ) -> None:
        super().__init__(parent)
        self._photo: bytes | None = None
        self._prepare = prepare
        self._runner: Any = None
        self._stacked = stacked
        self.preview = QLabel()
        self.preview.setFixedSize(width, height)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setAccessibleName("پیش‌نمایش عکس")
        self.info = QLabel()  # the stored size (``stacked``)
        self.info.setObjectName("photoInfo")
        self.choose_button = QPushButton("انتخاب پرونده…" if stacked else "انتخاب عکس…")
        self.choose_button.setAutoDefault(False)
        self.choose_button.clicked.connect(self.choose_file)
        self.clear_button = QPushButton("حذف عکس")
        self.clear_button.setAutoDefault(False)
        self.clear_button.clicked.connect(lambda: self.set_photo(None))
        self.fileChosen.connect(self._file_chosen)
        if stacked:
            self._stack()
        else:
            self._side_by_side()
        self._show()

    def _side_by_side(self) -> None:
        self.preview.setStyleSheet("border: 1px solid #9aa3ad; background: #f4f5f7;")
        self.info.hide()
        buttons = QVBoxLayout()
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.preview)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def _stack(self) -> None:
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.clear_button.hide()
        layout = QVBoxLayout(self)
        for widget in (self.preview, self.info, self.choose_button):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)

    # -- preparing a chosen file ----------------------------------------------------------
    def use_runner(self, runner: Any) -> None:
        """The ``ui.tasks.TaskRunner`` whose worker prepares a chosen file."""
        self._runner = runner

    def _file_chosen(self, path: str) -> None:
        if self._prepare is not None and self._runner is not None:
            self.load(path)

    def load(self, source: str | bytes) -> None:
        """Prepare ``source`` (a path or bytes) off the UI thread and show the result."""
        prepare = self._prepare
        assert prepare is not None and self._runner is not None
        self.set_error(None)
        self.choose_button.setEnabled(False)
        self.info.setText("در حال آماده‌سازی عکس…")
        self._runner.submit(
            lambda _c: prepare(source), on_done=self._prepared, on_error=self._refused
        )

    def _prepared(self, data: bytes) -> None:
        self.choose_button.setEnabled(True)
        self.set_photo(data)

    def _refused(self, exc: Exception) -> None:
        self.choose_button.setEnabled(True)
        self._show()
        self.set_error(error_message(exc))

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
            kb = format_number(max(1, round(len(self._photo) / 1024)))
            size = f"{to_persian_digits(pixmap.width())}×{to_persian_digits(pixmap.height())}"
            self.info.setText(f"{size} نقطه، {kb} کیلوبایت")
        else:
            self.preview.clear()
            self.preview.setText("عکسی انتخاب نشده است." if self._stacked else "بدون عکس")
            self.info.setText("")
        self.clear_button.setEnabled(self._photo is not None)

    def validate(self) -> bool:
        """A refused file never blocks saving: the photo shown before is what is kept."""
        return True

    def choose_file(self) -> None:
        path = file_dialogs.open_file_name(self, "انتخاب عکس", "", IMAGE_FILTER)
        if path:
            self.fileChosen.emit(path)
