"""The form of one benefactor (خیّر): kind (person / organization / anonymous), the
fields of that kind, contact details and how they like to be contacted. UI thread only."""

from __future__ import annotations

import uuid
from typing import Any

from ...services.core.changes import Change
from ...services.participation.benefactors import (
    BenefactorData,
    get_benefactor,
    save_benefactor,
)
from ...services.participation.vocab import BENEFACTOR_KINDS, CONTACT_BY
from ..listing import ChoiceBox, RecordFormDialog
from ..widgets import DigitLineEdit, MobileEdit, NationalCodeEdit, TextAreaEdit, TextLineEdit

_PERSON = ("national_code", "first_name", "last_name")
_ORGANIZATION = ("legal_id", "org_name")


class BenefactorForm(RecordFormDialog):
    kinds = frozenset({Change.BENEFACTORS})
    new_title = "خیّر جدید"
    edit_title = "ویرایش خیّر"

    def build(self) -> None:
        self.kind = ChoiceBox(BENEFACTOR_KINDS.items())
        self.national_code = NationalCodeEdit(required=True)
        self.legal_id = DigitLineEdit(max_digits=11, required=True)
        self.first_name = TextLineEdit(required=True)
        self.last_name = TextLineEdit(required=True)
        self.org_name = TextLineEdit(required=True)
        self.mobile = MobileEdit()
        self.phone = DigitLineEdit(max_digits=14)
        self.address = TextAreaEdit(lines=2)
        self.contact_by = ChoiceBox(CONTACT_BY.items())
        self.note = TextLineEdit()
        self.add_row("kind", "نوع خیّر", self.kind)
        self.add_row("national_code", "کد ملی", self.national_code, required=True)
        self.add_row("first_name", "نام", self.first_name, required=True)
        self.add_row("last_name", "نام خانوادگی", self.last_name, required=True)
        self.add_row("legal_id", "شناسهٔ ملی", self.legal_id, required=True)
        self.add_row("org_name", "نام سازمان یا شرکت", self.org_name, required=True)
        self.add_row("mobile", "شمارهٔ همراه", self.mobile)
        self.add_row("phone", "تلفن", self.phone)
        self.add_row("address", "نشانی", self.address)
        self.add_row("contact_by", "شیوهٔ تماس دلخواه", self.contact_by)
        self.add_row("note", "یادداشت", self.note)
        self.kind.currentIndexChanged.connect(lambda _i: self._show_kind())

    def _show_kind(self) -> None:
        kind = self.kind.value()
        for key in _PERSON:
            self.rows[key].setVisible(kind == "person")
        for key in _ORGANIZATION:
            self.rows[key].setVisible(kind == "organization")
        if kind == "anonymous":  # a name is optional for an anonymous benefactor
            for key in ("first_name", "last_name"):
                self.rows[key].setVisible(True)
        for editor in (self.first_name, self.last_name):
            editor.set_required(kind == "person")
        self.adjustSize()

    def new_data(self) -> BenefactorData:
        return BenefactorData()

    def load(self, record_id: uuid.UUID) -> BenefactorData:
        return get_benefactor(self.ctx, record_id)

    def show_data(self, data: BenefactorData) -> None:
        self.kind.setValue(data.kind)
        self.national_code.setValue(data.national_code)
        self.legal_id.setValue(data.legal_id)
        self.first_name.setText(data.first_name)
        self.last_name.setText(data.last_name)
        self.org_name.setText(data.org_name)
        self.mobile.setValue(data.mobile)
        self.phone.setValue(data.phone)
        self.address.setText(data.address)
        self.contact_by.setValue(data.contact_by)
        self.note.setText(data.note)
        self._show_kind()

    def typed_data(self) -> BenefactorData:
        base: Any = self.loaded_data or BenefactorData()
        kind = self.kind.value()
        return BenefactorData(
            id=base.id,
            version=base.version,
            kind=kind,
            national_code=self.national_code.value() if kind == "person" else "",
            legal_id=self.legal_id.value() if kind == "organization" else "",
            first_name=self.first_name.text() if kind != "organization" else "",
            last_name=self.last_name.text() if kind != "organization" else "",
            org_name=self.org_name.text() if kind == "organization" else "",
            mobile=self.mobile.value(),
            phone=self.phone.value(),
            address=self.address.text(),
            contact_by=self.contact_by.value(),
            note=self.note.text(),
        )

    def store(self, data: BenefactorData) -> BenefactorData:
        return save_benefactor(self.ctx, data)
