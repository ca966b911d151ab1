"""Sections 8–10 and the footer of the card form: links with other systems of the same
agency and of other agencies, the process titles in order, and the contact details.
UI thread only."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ...documents.service_card_data import INQUIRERS, INQUIRY_KINDS, ServiceCardData, SystemLink
from ..widgets import DigitLineEdit, RowColumn, RowsEditor, TextLineEdit
from .parts import CardPart, TextRow, texts

INQUIRY = RowColumn(
    "inquiry", "نوع استعلام", "choice", width=130, options=list(INQUIRY_KINDS.items())
)
INQUIRER = RowColumn(
    "inquirer", "استعلام غیر الکترونیکی توسط", "choice", width=250, options=list(INQUIRERS.items())
)
INTERNAL_COLUMNS = (
    RowColumn("system", "نام سامانه‌های دیگر", width=220),
    RowColumn("fields", "فیلدهای مورد تبادل", stretch=True),
    INQUIRY,
    INQUIRER,
)
EXTERNAL_COLUMNS = (
    RowColumn("agency", "نام دستگاه دیگر", width=170),
    RowColumn("system", "نام سامانه دستگاه دیگر", width=150),
    RowColumn("fields", "فیلدهای مورد تبادل", stretch=True),
    INQUIRY,
    INQUIRER,
)


def _links(editor: RowsEditor) -> list[SystemLink]:
    return [link for link in editor.rows() if link != SystemLink()]  # no blank rows


class LinksPart(CardPart):
    def build(self) -> None:
        internal = self.section("۸- ارتباط خدمت با سایر سامانه‌ها (بانک‌های اطلاعاتی) در همان دستگاه")
        self.internal_links = RowsEditor(INTERNAL_COLUMNS, SystemLink, add_label="افزودن سامانه")
        internal.body.addWidget(self.internal_links)
        external = self.section(
            "۹- ارتباط خدمت با سایر سامانه‌ها (بانک‌های اطلاعاتی) در دستگاه‌های دیگر"
        )
        self.external_links = RowsEditor(EXTERNAL_COLUMNS, SystemLink, add_label="افزودن سامانه")
        external.body.addWidget(self.external_links)
        processes = self.section("۱۰- عناوین فرایندهای خدمت")
        self.processes = RowsEditor(
            [RowColumn("text", "عنوان فرایند", stretch=True)], TextRow, add_label="افزودن فرایند"
        )
        for table in (self.internal_links, self.external_links, self.processes):
            table.setMinimumHeight(140)
        self.processes.setMinimumHeight(300)
        processes.body.addWidget(self.processes)

        contact = self.section("واحد مربوط و تکمیل‌کننده فرم")
        self.contact_unit = TextLineEdit()
        self.phone = DigitLineEdit(max_digits=14, allow="-")
        self.phone.setPlaceholderText("با پیش‌شماره، مثلاً ۰۱۷۳۲۲۲۴۴۵۵")
        self.email = TextLineEdit()
        self.email.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.email.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute)
        self.filled_by = TextLineEdit()
        self.row(contact, "contact_unit", "واحد مربوط", self.contact_unit)
        self.row(contact, "phone", "تلفن", self.phone)
        self.row(contact, "email", "پست الکترونیک", self.email)
        self.row(contact, "filled_by", "نام و نام خانوادگی تکمیل‌کننده فرم", self.filled_by)

    def show(self, card: ServiceCardData) -> None:
        self.internal_links.set_rows(card.internal_links)
        self.external_links.set_rows(card.external_links)
        self.processes.set_rows([TextRow(title) for title in card.processes])
        self.contact_unit.setText(card.contact_unit)
        self.phone.setValue(card.phone)
        self.email.setText(card.email)
        self.filled_by.setText(card.filled_by)

    def fill(self, card: ServiceCardData) -> None:
        card.internal_links = _links(self.internal_links)
        card.external_links = _links(self.external_links)
        card.processes = texts(self.processes.rows())
        card.contact_unit = self.contact_unit.text()
        card.phone = self.phone.value()
        card.email = self.email.text()
        card.filled_by = self.filled_by.text()
