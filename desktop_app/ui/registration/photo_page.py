"""Step 5 of the wizard: the personnel photo, one bound ``PhotoField`` whose chosen file
is prepared by ``services.core.images.prepare_photo`` on a worker (any common format,
EXIF orientation, 3×4 crop, compact JPEG) and shown as it will be stored and printed. A
broken, tiny or huge file gets the service's Persian message under the photo; the
previous photo stays. UI thread only.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QLabel

from ...services.core.images import PERSONNEL, prepare_photo
from ..listing.binding import Field
from ..widgets import PhotoField
from .step_page import StepPage

PERSONNEL_PHOTO = partial(
    PhotoField,
    width=PERSONNEL.max_width // 2 + 20,
    height=PERSONNEL.max_height // 2 + 20,
    prepare=partial(prepare_photo, kind=PERSONNEL),
    stacked=True,
)


class PhotoPage(StepPage):
    """Step 5: choose the photo; the preview shows the 3×4 crop that will be stored."""

    photo: PhotoField  # bound in ``build``

    def build(self) -> None:
        self.bind((Field("photo", "عکس پرسنلی", PERSONNEL_PHOTO, True),))
        hint = QLabel(
            "فایل عکس (JPEG، PNG و دیگر قالب‌های رایج) را انتخاب کنید؛ عکس به نسبت ۳×۴ "
            "بریده و فشرده ذخیره می‌شود و همین پیش‌نمایش روی فرم معرفی چاپ می‌شود."
        )
        hint.setWordWrap(True)
        self.layout_.addWidget(hint)
