"""Receipt numbers (شمارهٔ رسید مشارکت): the ONE place that makes and reads them.

A receipt number is a code of the shared numbering rule (``models.numbering``):
``OFFICE-COUNTER-NUMBER`` (``2701-2-000012``), the counter assigned to this
workstation by the server at enrollment, so two counters of one office working offline
never hand out the same number; a never-enrolled workstation keeps the office form
(``2701-000012``), as every receipt printed before counters did. ``gifts.receipt_no``
keeps its unique index as the last line of defence. The receipt's QR check value is
random and stored (``gifts.check_code``), so it stays valid whatever the form.

No Qt; any thread, inside the caller's session.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from ...models import Gift
from ...models.numbering import IssuedCode, code_lookup_keys, find_by_code, next_code


def next_receipt_number(session: Session, office: str) -> IssuedCode:
    """This counter's next receipt number of ``office`` (``code.assign(gift)`` stores it)."""
    return next_code(session, Gift, office)


def receipt_key(text: str) -> str:
    """The most likely stored form of a typed receipt number (any digits, dashes or not)."""
    keys = code_lookup_keys(text, Gift.__code_width__)
    return keys[0] if keys else ""


def find_receipt(session: Session, text: str) -> Gift | None:
    """The live gift whose receipt number is what was typed or scanned, in any form."""
    found = find_by_code(session, Gift, text)
    return found if isinstance(found, Gift) else None
