"""The form of one place (a center or a private institute). UI thread only.

The licence rows are shown for institutes only; the service requires them there.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Qt

from desktop_app.services.core.changes import Change

from ...services.core.reference import PROVINCES
from ...services.places.places import PLACE_KINDS, PlaceData, get_place, save_place
from ..listing import ChoiceBox, RecordFormDialog
from ..widgets import DigitLineEdit, JalaliDateEdit, PostalCodeEdit, TextLineEdit


class PlaceForm(RecordFormDialog):
    kinds = frozenset({Change.PLACES})
    new_title = "مکان جدید"
    edit_title = "ویرایش مکان"

    def build(self) -> None:
        self.kind = ChoiceBox(PLACE_KINDS.items())
        self.name = TextLineEdit(required=True)
        self.code = DigitLineEdit(max_digits=12, required=True)
        self.province = ChoiceBox(((p, p) for p in PROVINCES), empty="", required=True)
        self.city = TextLineEdit(required=True)
        self.address = TextLineEdit()
        self.postal_code = PostalCodeEdit()
        self.phone = DigitLineEdit(max_digits=14, allow="-")
        self.phone.setPlaceholderText("با پیش‌شماره، مثلاً ۰۱۷۳۲۲۲۴۴۵۵")
        self.manager = TextLineEdit()
        self.licence_number = TextLineEdit(required=True)
        # a licence number is mostly digits: keep it on the right like the digit fields
        self.licence_number.setAlignment(
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute
        )
        self.licence_expiry = JalaliDateEdit(required=True)
        self.add_row("kind", "نوع", self.kind)
        self.add_row("name", "نام", self.name, required=True)
        self.add_row("code", "کد مکان", self.code, required=True)
        self.add_row("province", "استان", self.province, required=True)
        self.add_row("city", "شهر", self.city, required=True)
        self.add_row("address", "نشانی", self.address)
        self.add_row("postal_code", "کد پستی", self.postal_code)
        self.add_row("phone", "تلفن", self.phone)
        self.add_row("manager", "مدیر", self.manager)
        self.add_row("licence_number", "شمارهٔ پروانه", self.licence_number, required=True)
        self.add_row("licence_expiry", "پایان اعتبار پروانه", self.licence_expiry, required=True)
        self.kind.currentIndexChanged.connect(lambda _i: self._show_licence())

    def _show_licence(self) -> None:
        institute = self.kind.value() == "institute"
        self.rows["licence_number"].setVisible(institute)
        self.rows["licence_expiry"].setVisible(institute)
        self.adjustSize()

    def new_data(self) -> PlaceData:
        return PlaceData()

    def load(self, record_id: uuid.UUID) -> PlaceData:
        return get_place(self.ctx, record_id)

    def show_data(self, data: PlaceData) -> None:
        self.kind.setValue(data.kind)
        self.name.setText(data.name)
        self.code.setValue(data.code)
        self.province.setValue(data.province)
        self.city.setText(data.city)
        self.address.setText(data.address)
        self.postal_code.setValue(data.postal_code)
        self.phone.setValue(data.phone)
        self.manager.setText(data.manager)
        self.licence_number.setText(data.licence_number)
        self.licence_expiry.setDate(data.licence_expiry)
        self._show_licence()

    def typed_data(self) -> PlaceData:
        base: Any = self.loaded_data or PlaceData()
        return PlaceData(
            id=base.id,
            version=base.version,
            kind=self.kind.value(),
            province=self.province.value() or "",
            city=self.city.text(),
            name=self.name.text(),
            code=self.code.value(),
            address=self.address.text(),
            postal_code=self.postal_code.value(),
            phone=self.phone.value(),
            manager=self.manager.text(),
            licence_number=self.licence_number.text(),
            licence_expiry=self.licence_expiry.date(),
        )

    def store(self, data: PlaceData) -> PlaceData:
        return save_place(self.ctx, data)
