"""Receipt numbers (شمارهٔ رسید مشارکت): the ONE place that makes them.

Today it follows the pattern of certificate serials and tracking codes: the office
code, a dash and the office's next number (``2701-000012``), kept as ``code_office`` +
``code_number``, unique because only that office hands out numbers under its code,
with a unique index on ``gifts.receipt_no`` as the last line of defence. The shared
numbering module (counter numbers assigned by the server, so two counters of one
office never collide) replaces the body of ``next_receipt_number`` at merge.

No Qt; any thread, inside the caller's session.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...models import Gift
from ...persian import normalize_code

RECEIPT_DIGITS = 6


def next_receipt_number(session: Session, office: str) -> tuple[str, int]:
    """The next receipt number of ``office`` and its counter value."""
    last = session.scalar(select(func.max(Gift.code_number)).where(Gift.code_office == office))
    number = int(last or 0) + 1
    return f"{office}-{number:0{RECEIPT_DIGITS}d}", number


def receipt_key(text: str) -> str:
    """A receipt number as stored, from what was typed (any digits, dash optional)."""
    code = normalize_code(text).replace("-", "")
    if len(code) > RECEIPT_DIGITS:
        return f"{code[:-RECEIPT_DIGITS]}-{code[-RECEIPT_DIGITS:]}"
    return code
