"""Frequently asked questions: the list searchable at the counter (any script), filtered
by service card, the form of one question, and the printed sheet of a card's questions.
UI thread only."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QLabel, QPushButton

from desktop_app.services.core.changes import Change

from ...reports.feedback.faq import write_faq
from ...services.core.context import AppContext
from ...services.feedback.faq import (
    FAQ_LENGTHS,
    FaqData,
    count_faqs,
    delete_faq,
    faq_sheet,
    get_faq,
    save_faq,
)
from ...services.feedback.faq import (
    faq_page as faq_rows,
)
from ...services.feedback.requests import service_card_choices
from ..listing import Column, FilterSpec, ListConfig, RecordFormDialog, RecordListPage
from ..listing.binding import Field
from ..listing.labels import print_label, search_hint
from ..tasks import TaskRunner
from ..widgets import TextAreaEdit, TextLineEdit
from .widgets import card_box, save_pdf


class FaqForm(RecordFormDialog):
    new_title = "پرسش متداول جدید"
    edit_title = "ویرایش پرسش متداول"
    data_class = FaqData
    lengths = FAQ_LENGTHS
    fields = (
        Field("question", "پرسش", lambda: TextLineEdit(required=True), True),
        Field("answer", "پاسخ", lambda: TextAreaEdit(required=True, lines=5), True),
    )

    def __init__(self, ctx, runner, record_id=None, parent=None, card_id=None) -> None:
        self._card_id = card_id
        super().__init__(ctx, runner, record_id, parent)

    def build(self) -> None:
        self.card = card_box(self.ctx, self.runner)
        if self._card_id is not None:
            self.card.setValue(self._card_id)
            self.card.set_choices([])  # keeps the wanted value once the choices arrive
        self.add_row("service_card_id", "خدمت", self.card, required=True)
        super().build()

    def load(self, record_id: uuid.UUID) -> FaqData:
        return get_faq(self.ctx, record_id)

    def show_data(self, data: FaqData) -> None:
        super().show_data(data)
        self.card.setValue(data.service_card_id)

    def typed_data(self) -> FaqData:
        data = super().typed_data()
        data.service_card_id = self.card.value() or self._card_id
        return data

    def store(self, data: FaqData) -> FaqData:
        return save_faq(self.ctx, data)


def _form(page: RecordListPage, record_id: uuid.UUID | None) -> FaqForm:
    card_id = page.filter_boxes["service_card_id"].value()
    return FaqForm(page.ctx, page.runner, record_id, page, card_id=card_id)


FAQ_LIST = ListConfig(
    kinds=frozenset({Change.FAQ, Change.SERVICE_CARDS}),
    columns=(
        Column("question", "پرسش", width=320),
        Column("answer", "پاسخ", stretch=True),
        Column("service_title", "خدمت", width=220),
    ),
    count=count_faqs,
    page=faq_rows,
    open_form=_form,
    delete=delete_faq,
    describe=lambda row: row.question,
    filters=(FilterSpec("service_card_id", "خدمت", load_options=service_card_choices),),
    search_hint=search_hint("پرسش", "پاسخ"),
    new_label="پرسش جدید",
    default_sort="position",
    audit_table="faqs",
)


def faq_page(ctx: AppContext, runner: TaskRunner) -> RecordListPage:
    page = RecordListPage(ctx, runner, FAQ_LIST)
    status = QLabel()
    button = QPushButton(print_label("پرسش‌های این خدمت"))

    def print_sheet() -> None:
        card_id = page.filter_boxes["service_card_id"].value()
        if card_id is None:
            status.setText("نخست خدمت را در فیلتر انتخاب کنید.")
            return
        save_pdf(
            page,
            runner,
            status,
            "چاپ پرسش‌های متداول",
            "faq.pdf",
            lambda path: write_faq(path, faq_sheet(ctx, card_id)),
        )

    button.clicked.connect(print_sheet)
    page.add_actions(button, status)
    return page
