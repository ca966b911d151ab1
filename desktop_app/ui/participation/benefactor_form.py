"""The form of one benefactor (خیّر): kind (person / organization / anonymous), the
fields of that kind, contact details and how they like to be contacted. UI thread only."""

from __future__ import annotations

import uuid
from dataclasses import replace
from functools import partial

from ...services.participation.benefactors import (
    BenefactorData,
    get_benefactor,
    save_benefactor,
)
from ...services.participation.vocab import BENEFACTOR_KINDS, CONTACT_BY
from ..listing import ChoiceBox, RecordFormDialog
from ..listing.binding import Field
from ..widgets import DigitLineEdit, MobileEdit, NationalCodeEdit, TextAreaEdit, TextLineEdit

_PERSON = ("national_code", "first_name", "last_name")
_ORGANIZATION = ("legal_id", "org_name")


class BenefactorForm(RecordFormDialog):
    new_title = "خیّر جدید"
    edit_title = "ویرایش خیّر"
    data_class = BenefactorData
    fields = (
        Field("kind", "نوع خیّر", partial(ChoiceBox, BENEFACTOR_KINDS.items())),
        Field("national_code", "کد ملی", partial(NationalCodeEdit, required=True), True),
        Field("first_name", "نام", partial(TextLineEdit, required=True), True),
        Field("last_name", "نام خانوادگی", partial(TextLineEdit, required=True), True),
        Field("legal_id", "شناسهٔ ملی", partial(DigitLineEdit, max_digits=11, required=True), True),
        Field("org_name", "نام سازمان یا شرکت", partial(TextLineEdit, required=True), True),
        Field("mobile", "شمارهٔ همراه", MobileEdit),
        Field("phone", "تلفن", partial(DigitLineEdit, max_digits=14)),
        Field("address", "نشانی", partial(TextAreaEdit, lines=2)),
        Field("contact_by", "شیوهٔ تماس دلخواه", partial(ChoiceBox, CONTACT_BY.items())),
        Field("note", "یادداشت", TextLineEdit),
    )
    kind: ChoiceBox  # bound
    first_name: TextLineEdit
    last_name: TextLineEdit

    def build(self) -> None:
        self.bind(self.fields)
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

    def load(self, record_id: uuid.UUID) -> BenefactorData:
        return get_benefactor(self.ctx, record_id)

    def show_data(self, data: BenefactorData) -> None:
        super().show_data(data)
        self._show_kind()

    def typed_data(self) -> BenefactorData:
        """The bound fields, without those of the other kinds."""
        data: BenefactorData = super().typed_data()
        kind = data.kind
        return replace(
            data,
            national_code=data.national_code if kind == "person" else "",
            legal_id=data.legal_id if kind == "organization" else "",
            first_name=data.first_name if kind != "organization" else "",
            last_name=data.last_name if kind != "organization" else "",
            org_name=data.org_name if kind == "organization" else "",
        )

    def store(self, data: BenefactorData) -> BenefactorData:
        return save_benefactor(self.ctx, data)
