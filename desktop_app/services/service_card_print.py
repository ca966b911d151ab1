"""Printing a service card or its SLA statement to a PDF file, by service code or id.

The CLI (``miz print service-card|sla``) and the window's print actions call these.
Printing needs ``PRINT``; each print is written to the audit log.
No Qt; worker threads, CLI and tests.
"""

from __future__ import annotations

from pathlib import Path

from ..reports.service_card import write_service_card
from ..reports.sla import SlaText, write_sla
from .access import PRINT, require
from .audit import record_event_now
from .context import AppContext
from .service_cards import find_card
from .settings import load_office_logo
from .sla import sla_for_card


def print_service_card(ctx: AppContext, code_or_id: str, output: Path) -> Path:
    """Write the card found by service code or id to ``output`` (A4 PDF)."""
    require(ctx, PRINT)
    card = find_card(ctx, code_or_id)
    write_service_card(output, card, logo=load_office_logo(ctx))
    record_event_now(ctx, "print", "service_cards", card.id, f"شناسنامهٔ خدمت → {output.name}")
    return output


def print_sla(ctx: AppContext, code_or_id: str, output: Path, text: SlaText | None = None) -> Path:
    """Write the SLA statement of the card to ``output``; ``text`` is the clerk's
    edited statement (the default text when None)."""
    require(ctx, PRINT)
    card = find_card(ctx, code_or_id)
    write_sla(
        output, text if text is not None else sla_for_card(ctx, card), logo=load_office_logo(ctx)
    )
    record_event_now(ctx, "print", "service_cards", card.id, f"توافق‌نامهٔ سطح خدمت → {output.name}")
    return output
