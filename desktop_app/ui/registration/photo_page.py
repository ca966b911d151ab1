"""Step 5 of the wizard: the personnel photo, chosen from a file, prepared by
``services.core.images.prepare_photo`` on a worker (any common format, EXIF orientation,
3×4 crop, compact JPEG) and shown as it will be stored and printed. A broken, tiny or
huge file gets the service's Persian message under the photo; the previous photo
stays. UI thread only.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

from ...documents.registration_data import RegistrationForm
from ...persian import format_number, to_persian_digits
from ...services.core.images import PERSONNEL, photo_size, prepare_photo
from ..errors import error_message
from ..widgets import ValidatedField, file_dialogs
from .step_page import StepPage

IMAGE_FILTER = "تصویر (*.jpg *.jpeg *.png *.bmp *.gif *.tif *.tiff *.webp *.heic);;همهٔ پرونده‌ها (*)"


class PhotoBox(ValidatedField, QFrame):
    """The preview of the stored photo, carrying the photo step's error state."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.preview = QLabel("عکسی انتخاب نشده است.")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setFixedSize(PERSONNEL.max_width // 2 + 20, PERSONNEL.max_height // 2 + 20)
        self.info = QLabel()
        self.info.setObjectName("photoInfo")
        self.choose = QPushButton("انتخاب پرونده…")
        layout = QVBoxLayout(self)
        layout.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.info, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.choose, 0, Qt.AlignmentFlag.AlignHCenter)


class PhotoPage(StepPage):
    """Step 5: choose the photo; the preview shows the 3×4 crop that will be stored."""

    def build(self) -> None:
        self.photo: bytes | None = None
        self.box = PhotoBox()
        self.box.choose.clicked.connect(self.choose_file)
        self.add_row("photo", "عکس پرسنلی", self.box, required=True)
        hint = QLabel(
            "فایل عکس (JPEG، PNG و دیگر قالب‌های رایج) را انتخاب کنید؛ عکس به نسبت ۳×۴ "
            "بریده و فشرده ذخیره می‌شود و همین پیش‌نمایش روی فرم معرفی چاپ می‌شود."
        )
        hint.setWordWrap(True)
        self.layout_.addWidget(hint)

    def choose_file(self) -> None:
        path = file_dialogs.open_file_name(self, "انتخاب عکس پرسنلی", "", IMAGE_FILTER)
        if path:
            self.load_photo(path)

    def load_photo(self, source: str | bytes) -> None:
        """Prepare ``source`` (a path or bytes) off the UI thread and show the result."""
        self.box.set_error(None)
        self.box.info.setText("در حال آماده‌سازی عکس…")
        self.wizard.runner.submit(
            lambda _c: prepare_photo(source, PERSONNEL),
            on_done=self._prepared,
            on_error=self._refused,
        )

    def _prepared(self, data: bytes) -> None:
        self.photo = data
        self._show_photo()

    def _refused(self, exc: Exception) -> None:
        self._show_photo()
        self.box.set_error(error_message(exc))

    def _show_photo(self) -> None:
        if not self.photo:
            self.box.preview.setText("عکسی انتخاب نشده است.")
            self.box.preview.setPixmap(QPixmap())
            self.box.info.setText("")
            return
        pixmap = QPixmap()
        pixmap.loadFromData(self.photo, "JPEG")
        self.box.preview.setPixmap(
            pixmap.scaled(
                self.box.preview.size(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
        width, height = photo_size(self.photo)
        kb = max(1, round(len(self.photo) / 1024))
        self.box.info.setText(
            f"{to_persian_digits(width)}×{to_persian_digits(height)} نقطه، "
            f"{format_number(kb)} کیلوبایت"
        )
        self.box.set_error(None)

    def show_form(self, form: RegistrationForm) -> None:
        self.photo = form.photo
        self._show_photo()

    def read_into(self, form: RegistrationForm) -> RegistrationForm:
        return replace(form, photo=self.photo)
