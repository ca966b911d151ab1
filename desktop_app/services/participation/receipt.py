"""The participation receipt (رسید مشارکت): filling its data
(``documents.participation.ReceiptDoc``) and printing it.

The receipt shows the office letterhead, the receipt number, the Jalali date, the
benefactor, the kind, the amount in digits and in Persian words (``num2words``, not
hand-written), the channel and bank reference, the intention — a client intention
always prints as «مددجوی معین (محرمانه)»: the client's identity never appears on a
print — the items of an in-kind gift (a table with their total) or the service, the clerk, signature/stamp boxes and a QR code carrying
``MIZR|receipt number|amount|check value``. The first print is the original; every
later print says «المثنی». A cancelled receipt prints with «باطل شده», the date and
the reason. Printing needs ``PRINT`` and is audited.

No Qt; any thread.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import BinaryIO

from ...documents.participation import RECEIPT_QR_PREFIX, ReceiptDoc, ReceiptItem
from ...persian import normalize_code
from ..accounts import access
from ..accounts.audit import record_event_now
from ..core.context import AppContext
from ..office.settings import load_office_logo, load_office_settings
from .gifts import area_titles, gift_by_receipt, gift_items
from .numbering import receipt_key
from .vocab import CHANNELS, CONDITIONS, GIFT_KINDS, intention_key, intention_label


def amount_in_words(amount: int) -> str:
    """«یک میلیون و دویست و پنجاه هزار ریال» (num2words, Persian)."""
    from num2words import num2words

    return f"{num2words(int(amount), lang='fa')} ریال"


def parse_qr(text: str) -> tuple[str, int, str] | None:
    """(receipt number, amount, check value) from a scanned QR, or None."""
    parts = text.strip().split("|")
    if len(parts) != 4 or parts[0].upper() != RECEIPT_QR_PREFIX:
        return None
    amount = normalize_code(parts[2])
    if not amount.isdigit():
        return None
    return receipt_key(parts[1]), int(amount), normalize_code(parts[3])


@access.operation(access.SIGNED_IN)
def receipt_doc(ctx: AppContext, receipt_no: str, count_print: bool = True) -> ReceiptDoc:
    """The receipt's data (``NotFoundError`` for an unknown number); counts the print."""
    from ...models import Benefactor
    from ...persian import format_number

    office, logo = load_office_settings(ctx), load_office_logo(ctx)
    with ctx.session() as session:
        gift = gift_by_receipt(session, receipt_no)
        areas = area_titles(session)
        benefactor = session.get(Benefactor, gift.benefactor_id) if gift.benefactor_id else None
        code = (benefactor.national_code or benefactor.legal_id) if benefactor else ""
        if count_print:
            gift.print_count += 1
        duplicate = gift.print_count > 1 if count_print else gift.print_count > 0
        details: list[tuple[str, str]] = []
        items: tuple[ReceiptItem, ...] = ()
        if gift.kind == "in_kind":
            items = tuple(
                ReceiptItem(i.description, i.quantity, i.unit, i.value)
                for i in gift_items(session, gift.id)
            )
            details = [
                ("وضعیت", CONDITIONS.get(gift.condition, gift.condition)),
                ("محل نگهداری", gift.storage or "—"),
                ("تحویل‌گیرنده", gift.received_by),
            ]
        elif gift.kind == "service":
            amount = []
            if gift.hours:
                amount.append(f"{format_number(gift.hours)} ساعت")
            if gift.sessions:
                amount.append(f"{format_number(gift.sessions)} جلسه")
            details = [
                ("خدمت", gift.service_what),
                ("ارائه‌دهنده", gift.service_by),
                ("مقدار", " و ".join(amount)),
                ("مرکز", gift.center),
            ]
        key = intention_key(gift.intention, gift.intention_area, gift.client_national_code)
        return ReceiptDoc(
            office=office,
            logo=logo,
            receipt_no=gift.receipt_no,
            check_code=gift.check_code,
            received_on=gift.received_on,
            benefactor_name=gift.benefactor_name,
            benefactor_code=code,
            kind=gift.kind,
            kind_label=GIFT_KINDS[gift.kind],
            amount=gift.amount,
            amount_words=amount_in_words(gift.amount) if gift.amount else "",
            channel_label=CHANNELS.get(gift.channel, ""),
            bank_ref=gift.bank_ref,
            intention_text=intention_label(key, areas, show_client=False),
            details=tuple(details),
            clerk_name=gift.clerk_name,
            duplicate=duplicate,
            cancelled_on=gift.cancelled_on,
            cancel_reason=gift.cancel_reason,
            items=items,
        )


@access.operation(access.PRINT)
def print_receipt(ctx: AppContext, receipt_no: str, output: str | Path | BinaryIO) -> ReceiptDoc:
    """Write the receipt PDF (A5), count the print and audit it."""
    from ...reports.participation.receipt import write_receipt

    doc = receipt_doc(ctx, receipt_no)
    write_receipt(output, doc)
    label = "المثنی" if doc.duplicate else "اصل"
    record_event_now(ctx, "print", "gifts", None, f"رسید مشارکت {doc.receipt_no} ({label})")
    return doc


@access.operation(access.SIGNED_IN)
def receipt_no_of(ctx: AppContext, gift_id: uuid.UUID) -> str:
    from ...models import Gift

    with ctx.session() as session:
        gift = session.get(Gift, gift_id)
        return gift.receipt_no if gift is not None else ""
