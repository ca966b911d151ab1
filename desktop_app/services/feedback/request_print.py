"""The request receipt and the answer letter as ``documents.feedback`` data, and writing
them as PDF (``reports.feedback``). Both need ``PRINT``. No Qt; any thread.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import BinaryIO

from desktop_app.documents.feedback import (
    REQUEST_KINDS,
    REQUEST_STATES,
    AnswerLetter,
    RequestReceipt,
)
from desktop_app.persian import format_jalali, today
from desktop_app.reports.feedback.answer_letter import write_answer_letter
from desktop_app.reports.feedback.receipt import write_receipt
from desktop_app.services.accounts import access
from desktop_app.services.core.context import AppContext
from desktop_app.services.core.errors import ServiceError
from desktop_app.services.feedback.requests import RequestView, follow_up, get_request
from desktop_app.services.office.settings import load_office_settings


def _follow_up_text(view: RequestView, office_name: str) -> str:
    where = f"میز خدمت {office_name}" if office_name else "میز خدمت"
    when = f"پاسخ تا {format_jalali(view.due_on)} آماده می‌شود. " if view.due_on is not None else ""
    return (
        f"{when}برای پیگیری، کد پیگیری بالا را حضوری یا تلفنی به {where} بگویید؛ "
        "ثبت و پیگیری نظرات، پیشنهادات و شکایات در همهٔ روزهای هفته امکان‌پذیر است."
    )


@access.operation(access.SIGNED_IN)
def receipt_of(ctx: AppContext, view: RequestView) -> RequestReceipt:
    office = load_office_settings(ctx)
    return RequestReceipt(
        office.office_name,
        office.agency,
        view.tracking_code,
        REQUEST_KINDS[view.kind],
        view.service_title,
        view.department,
        format_jalali(view.received_at.astimezone().date()),
        format_jalali(view.due_on) if view.due_on else "",
        view.contact,
        view.body,
        _follow_up_text(view, office.office_name),
    )


@access.operation(access.PRINT)
def print_receipt(
    ctx: AppContext,
    target: str | Path | BinaryIO,
    *,
    record_id: uuid.UUID | None = None,
    tracking_code: str = "",
) -> RequestReceipt:
    view = get_request(ctx, record_id) if record_id else follow_up(ctx, tracking_code)
    receipt = receipt_of(ctx, view)
    write_receipt(target, receipt)
    return receipt


@access.operation(access.SIGNED_IN)
def answer_letter_of(ctx: AppContext, view: RequestView) -> AnswerLetter:
    if not view.answer:
        raise ServiceError("این درخواست هنوز پاسخی ندارد؛ نامهٔ پاسخ پس از ثبت پاسخ چاپ می‌شود.")
    office = load_office_settings(ctx)
    answered = next((s for s in view.steps if s.title == REQUEST_STATES["answered"]), None)
    return AnswerLetter(
        office.office_name,
        office.agency,
        view.tracking_code,
        format_jalali(today()),
        view.contact,
        REQUEST_KINDS[view.kind],
        view.service_title,
        format_jalali(view.received_at.astimezone().date()),
        view.body,
        view.answer,
        REQUEST_STATES[view.state],
        answered.by if answered else "",
    )


@access.operation(access.PRINT)
def print_answer_letter(
    ctx: AppContext, target: str | Path | BinaryIO, record_id: uuid.UUID
) -> AnswerLetter:
    letter = answer_letter_of(ctx, get_request(ctx, record_id))
    write_answer_letter(target, letter)
    return letter
