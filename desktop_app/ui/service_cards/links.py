"""Sections 8–10 and the footer of the card form: links with other systems of the same
agency and of other agencies, the process titles in order, and the contact details.
UI thread only."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ...documents.service_card_data import INQUIRERS, INQUIRY_KINDS, ServiceCardData, SystemLink
from ..listing.binding import Field
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


def _phone() -> DigitLineEdit:
    edit = DigitLineEdit(max_digits=14, allow="-")
    edit.setPlaceholderText("با پیش‌شماره، مثلاً ۰۱۷۳۲۲۲۴۴۵۵")
    return edit


def _email() -> TextLineEdit:
    edit = TextLineEdit()
    edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    edit.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute)
    return edit


CONTACT = (
    Field("contact_unit", "واحد مربوط", TextLineEdit),
    Field("phone", "تلفن", _phone),
    Field("email", "پست الکترونیک", _email),
    Field("filled_by", "نام و نام خانوادگی تکمیل‌کننده فرم", TextLineEdit),
)


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

        self.bind(self.section("واحد مربوط و تکمیل‌کننده فرم"), CONTACT)

    def show(self, card: ServiceCardData) -> None:
        self.internal_links.set_rows(card.internal_links)
        self.external_links.set_rows(card.external_links)
        self.processes.set_rows([TextRow(title) for title in card.processes])

    def fill(self, card: ServiceCardData) -> None:
        card.internal_links = _links(self.internal_links)
        card.external_links = _links(self.external_links)
        card.processes = texts(self.processes.rows())
