"""Printing a service card or its SLA statement to a PDF file, by service code or id.

A saved card prints with its frequently asked questions after it (their own page, from
``services.feedback.faq``); a card not saved yet has none.

The CLI (``miz print service-card|sla``) and the window's print actions call these.
Printing needs ``PRINT``; each print is written to the audit log.
No Qt; worker threads, CLI and tests.
"""

from __future__ import annotations

import io
import uuid
from pathlib import Path

from desktop_app.documents.feedback import FaqSheet
from desktop_app.documents.service_card_data import ServiceCardData
from desktop_app.reports.service_card import write_service_card
from desktop_app.reports.sla import SlaText, write_sla
from desktop_app.services.accounts import access
from desktop_app.services.accounts.audit import record_event_now
from desktop_app.services.catalog.service_cards import clean_card, find_card
from desktop_app.services.catalog.sla import sla_for_card
from desktop_app.services.core.context import AppContext
from desktop_app.services.feedback.faq import faq_sheet
from desktop_app.services.office.settings import load_office_logo


def _faq(ctx: AppContext, card: ServiceCardData) -> FaqSheet | None:
    """The card's questions to print after it (None for a card not saved yet)."""
    return faq_sheet(ctx, uuid.UUID(str(card.id))) if card.id else None


@access.operation(access.PRINT)
def service_card_pdf(ctx: AppContext, card: ServiceCardData) -> bytes:
    """The card (as the form holds it, saved or not) as PDF bytes, with the office's
    logo, for the window's preview and printer (``PRINT``)."""
    buffer = io.BytesIO()
    clean = clean_card(card)
    write_service_card(buffer, clean, logo=load_office_logo(ctx), faq=_faq(ctx, clean))
    return buffer.getvalue()


@access.operation(access.PRINT)
def sla_pdf(ctx: AppContext, sla: SlaText) -> bytes:
    """The SLA statement as PDF bytes, with the office's logo (``PRINT``)."""
    buffer = io.BytesIO()
    write_sla(buffer, sla, logo=load_office_logo(ctx))
    return buffer.getvalue()


@access.operation(access.PRINT)
def print_service_card(ctx: AppContext, code_or_id: str, output: Path) -> Path:
    """Write the card found by service code or id to ``output`` (A4 PDF), its
    frequently asked questions after it."""
    card = find_card(ctx, code_or_id)
    write_service_card(output, card, logo=load_office_logo(ctx), faq=_faq(ctx, card))
    record_event_now(ctx, "print", "service_cards", card.id, f"شناسنامهٔ خدمت → {output.name}")
    return output


@access.operation(access.PRINT)
def print_sla(ctx: AppContext, code_or_id: str, output: Path, text: SlaText | None = None) -> Path:
    """Write the SLA statement of the card to ``output``; ``text`` is the clerk's
    edited statement (the default text when None)."""
    card = find_card(ctx, code_or_id)
    write_sla(
        output, text if text is not None else sla_for_card(ctx, card), logo=load_office_logo(ctx)
    )
    record_event_now(ctx, "print", "service_cards", card.id, f"توافق‌نامهٔ سطح خدمت → {output.name}")
    return output
