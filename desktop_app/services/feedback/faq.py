"""Frequently asked questions kept with each service card: save, delete, search at the
counter, and the printed sheet (alone, or with the card).

Search matches any word of question or answer in whatever script the clerk types
(``persian.search_key``). Permissions: ``save_faq``/``delete_faq`` need ``ENTER``/``DELETE``,
``faq_sheet`` needs ``PRINT``, reading needs a signed-in actor. No Qt; any thread.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func, select

from desktop_app.documents.feedback import FaqEntry, FaqSheet
from desktop_app.models import Faq, ServiceCard
from desktop_app.models.limits import text_lengths
from desktop_app.persian import normalize, search_key
from desktop_app.services.accounts import access
from desktop_app.services.core.context import AppContext
from desktop_app.services.core.errors import ServiceError
from desktop_app.services.core.listing import Listing, ListQuery
from desktop_app.services.core.records import (
    live_record,
    new_record,
    record_for_update,
)
from desktop_app.services.office.settings import load_office_settings

FAQ_LENGTHS = text_lengths(Faq)
NOT_FOUND = "این پرسش پیدا نشد."


@dataclass
class FaqData:
    service_card_id: uuid.UUID | None = None
    question: str = ""
    answer: str = ""
    id: uuid.UUID | None = None
    version: int = 0

    def validated(self) -> FaqData:
        if self.service_card_id is None:
            raise ServiceError("خدمتی را که این پرسش دربارهٔ آن است انتخاب کنید.", "service_card_id")
        question, answer = normalize(self.question), normalize(self.answer)
        if not question:
            raise ServiceError("متن پرسش را بنویسید.", "question")
        if len(question) > FAQ_LENGTHS["question"]:
            raise ServiceError("پرسش بیش از اندازه بلند است.", "question")
        if not answer:
            raise ServiceError("پاسخ پرسش را بنویسید.", "answer")
        return FaqData(self.service_card_id, question, answer, self.id, self.version)


@access.operation(access.ENTER)
def save_faq(ctx: AppContext, data: FaqData) -> FaqData:
    clean = data.validated()
    with ctx.session() as session:
        live_record(session, ServiceCard, clean.service_card_id, "شناسنامهٔ خدمت پیدا نشد.")
        if clean.id is None:
            last = session.scalar(
                select(func.max(Faq.position)).where(Faq.service_card_id == clean.service_card_id)
            )
            row = new_record(session, Faq)
            row.position = int(last or 0) + 1
        else:
            row = record_for_update(session, Faq, clean.id, clean.version, NOT_FOUND)
        row.service_card_id = clean.service_card_id  # type: ignore[assignment]
        row.question, row.answer = clean.question, clean.answer
        row.search_text = search_key(f"{clean.question} {clean.answer}")
        session.flush()
        return FaqData(row.service_card_id, row.question, row.answer, row.id, row.version)


@access.operation(access.SIGNED_IN)
def get_faq(ctx: AppContext, record_id: uuid.UUID) -> FaqData:
    with ctx.session() as session:
        row = live_record(session, Faq, record_id, NOT_FOUND)
        return FaqData(row.service_card_id, row.question, row.answer, row.id, row.version)


@access.operation(access.DELETE)
def delete_faq(ctx: AppContext, record_id: uuid.UUID) -> None:
    with ctx.session() as session:
        live_record(session, Faq, record_id, NOT_FOUND).mark_deleted()


@dataclass(frozen=True)
class FaqRow:
    id: uuid.UUID
    service_title: str
    question: str
    answer: str
    position: int


FAQS = Listing(
    model=Faq,
    row=FaqRow,
    columns={
        "id": Faq.id,
        "service_title": ServiceCard.title,
        "question": Faq.question,
        "answer": Faq.answer,
        "position": Faq.position,
    },
    search_column=Faq.search_text,
    filters={"service_card_id": Faq.service_card_id},
    default_sort="position",
    join=lambda stmt: stmt.join(ServiceCard, ServiceCard.id == Faq.service_card_id),
)


@access.operation(access.SIGNED_IN)
def count_faqs(ctx: AppContext, query: ListQuery) -> int:
    return FAQS.count(ctx, query)


@access.operation(access.SIGNED_IN)
def faq_page(ctx: AppContext, query: ListQuery, offset: int, limit: int) -> list[FaqRow]:
    return FAQS.page(ctx, query, offset, limit)


@access.operation(access.SIGNED_IN)
def search_faq(ctx: AppContext, text: str, card_id: uuid.UUID | None = None) -> list[FaqRow]:
    """The clerk's search at the counter (at most 50 answers)."""
    query = ListQuery(search=text).with_filter("service_card_id", card_id)
    return faq_page(ctx, query, 0, 50)


@access.operation(access.PRINT)
def faq_sheet(ctx: AppContext, card_id: uuid.UUID) -> FaqSheet:
    office = load_office_settings(ctx)
    rows = FAQS.page(ctx, ListQuery().with_filter("service_card_id", card_id), 0, 500)
    with ctx.session() as session:
        card = live_record(session, ServiceCard, card_id, "شناسنامهٔ خدمت پیدا نشد.")
        title, agency = card.title, card.agency or office.agency
    return FaqSheet(
        office.office_name, agency, title, tuple(FaqEntry(r.question, r.answer) for r in rows)
    )
