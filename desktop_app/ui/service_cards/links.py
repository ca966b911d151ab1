"""Sections 8–10 and the footer of the card form: links with other systems of the same
agency and of other agencies, the process titles in order, and the contact details.
UI thread only."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ...services.service_card_data import INQUIRERS, INQUIRY_KINDS, ServiceCardData, SystemLink
from ..widgets import DigitLineEdit, RowsEditor, TextLineEdit, choice_column, text_column
from .parts import CardPart

INQUIRY = choice_column("inquiry", "نوع استعلام", INQUIRY_KINDS.items(), stretch=2)
INQUIRER = choice_column("inquirer", "استعلام غیر الکترونیکی توسط", INQUIRERS.items(), stretch=3)

INTERNAL_COLUMNS = (
    text_column("system", "نام سامانه‌های دیگر", stretch=3),
    text_column("fields", "فیلدهای مورد تبادل", stretch=3),
    INQUIRY,
    INQUIRER,
)
EXTERNAL_COLUMNS = (
    text_column("agency", "نام دستگاه دیگر", stretch=2),
    text_column("system", "نام سامانه دستگاه دیگر", stretch=2),
    text_column("fields", "فیلدهای مورد تبادل", stretch=2),
    INQUIRY,
    INQUIRER,
)


def _link_rows(links: list[SystemLink]) -> list[dict[str, str]]:
    return [
        {
            "agency": link.agency,
            "system": link.system,
            "fields": link.fields,
            "inquiry": link.inquiry,
            "inquirer": link.inquirer,
        }
        for link in links
    ]


class LinksPart(CardPart):
    def build(self) -> None:
        internal = self.section("۸- ارتباط خدمت با سایر سامانه‌ها (بانک‌های اطلاعاتی) در همان دستگاه")
        self.internal_links = RowsEditor(INTERNAL_COLUMNS, add_label="افزودن سامانه")
        internal.body.addWidget(self.internal_links)
        external = self.section(
            "۹- ارتباط خدمت با سایر سامانه‌ها (بانک‌های اطلاعاتی) در دستگاه‌های دیگر"
        )
        self.external_links = RowsEditor(EXTERNAL_COLUMNS, add_label="افزودن سامانه")
        external.body.addWidget(self.external_links)
        processes = self.section("۱۰- عناوین فرایندهای خدمت")
        self.processes = RowsEditor(
            [text_column("title", "عنوان فرایند")], add_label="افزودن فرایند"
        )
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
        self.internal_links.set_rows(_link_rows(card.internal_links))
        self.external_links.set_rows(_link_rows(card.external_links))
        self.processes.set_rows({"title": title} for title in card.processes)
        self.contact_unit.setText(card.contact_unit)
        self.phone.setValue(card.phone)
        self.email.setText(card.email)
        self.filled_by.setText(card.filled_by)

    def fill(self, card: ServiceCardData) -> None:
        card.internal_links = [SystemLink(**row) for row in self.internal_links.rows()]
        card.external_links = [SystemLink(**row) for row in self.external_links.rows()]
        card.processes = [row["title"] for row in self.processes.rows()]
        card.contact_unit = self.contact_unit.text()
        card.phone = self.phone.value()
        card.email = self.email.text()
        card.filled_by = self.filled_by.text()
