"""The form of one place (a center or a private institute). UI thread only.

The licence rows are shown for institutes only; the service requires them there.
"""

from __future__ import annotations

import uuid
from functools import partial

from PySide6.QtCore import Qt

from ...services.core.reference import PROVINCES
from ...services.places.places import (
    PLACE_KINDS,
    PLACE_LENGTHS,
    PlaceData,
    get_place,
    save_place,
)
from ..listing import ChoiceBox, RecordFormDialog
from ..listing.binding import Field
from ..widgets import DigitLineEdit, JalaliDateEdit, PostalCodeEdit, TextLineEdit


def _phone() -> DigitLineEdit:
    edit = DigitLineEdit(max_digits=14, allow="-")
    edit.setPlaceholderText("با پیش‌شماره، مثلاً ۰۱۷۳۲۲۲۴۴۵۵")
    return edit


def _licence_number() -> TextLineEdit:
    edit = TextLineEdit(required=True)
    # a licence number is mostly digits: keep it on the right like the digit fields
    edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
    return edit


class PlaceForm(RecordFormDialog):
    new_title = "مکان جدید"
    edit_title = "ویرایش مکان"
    data_class = PlaceData
    lengths = PLACE_LENGTHS
    fields = (
        Field("kind", "نوع", partial(ChoiceBox, PLACE_KINDS.items())),
        Field("name", "نام", partial(TextLineEdit, required=True), required=True),
        Field("code", "کد مکان", partial(DigitLineEdit, max_digits=12, required=True), True),
        Field(
            "province",
            "استان",
            partial(ChoiceBox, [(p, p) for p in PROVINCES], empty="", required=True),
            required=True,
        ),
        Field("city", "شهر", partial(TextLineEdit, required=True), required=True),
        Field("address", "نشانی", TextLineEdit),
        Field("postal_code", "کد پستی", PostalCodeEdit),
        Field("phone", "تلفن", _phone),
        Field("manager", "مدیر", TextLineEdit),
        Field("licence_number", "شمارهٔ پروانه", _licence_number, required=True),
        Field(
            "licence_expiry",
            "پایان اعتبار پروانه",
            partial(JalaliDateEdit, required=True),
            required=True,
        ),
    )

    def build(self) -> None:
        super().build()
        self.kind = self.bound["kind"]
        assert isinstance(self.kind, ChoiceBox)
        self.kind.currentIndexChanged.connect(lambda _i: self._show_licence())

    def _show_licence(self) -> None:
        institute = self.bound["kind"].value() == "institute"  # type: ignore[attr-defined]
        self.rows["licence_number"].setVisible(institute)
        self.rows["licence_expiry"].setVisible(institute)
        self.adjustSize()

    def load(self, record_id: uuid.UUID) -> PlaceData:
        return get_place(self.ctx, record_id)

    def show_data(self, data: PlaceData) -> None:
        super().show_data(data)
        self._show_licence()

    def store(self, data: PlaceData) -> PlaceData:
        return save_place(self.ctx, data)
