"""The human-facing numbers of this package, in ONE place: workshop codes, letter numbers
(invitations and confirmation requests) and completion-certificate serials.

Today's pattern (as ``certificates.next_serial`` and course codes): the office code, a
separator and a per-office counter, stored as ``code_office`` + ``code_number`` beside
the text so the next number is ``max + 1`` of that office's rows. Completion
certificates draw from the SAME serial space as skill certificates (the maximum over
both tables), so one serial answers the authenticity inquiry unambiguously.

This is the seam the shared numbering module (engineer "counters") re-points at merge:
every number of the package comes from ``next_number``. No Qt; any thread, inside the
caller's session (the caller flushes before asking for the next one).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...models import Certificate, TrainingWorkshop, WorkshopCertificate, WorkshopLetter

#: kind → (the tables sharing the counter, how a number is written)
_KINDS: dict[str, tuple[tuple[Any, ...], str]] = {
    "workshop": ((TrainingWorkshop,), "{office}-K{number:04d}"),
    "letter": ((WorkshopLetter,), "{office}/{number:06d}"),
    "certificate": ((Certificate, WorkshopCertificate), "{office}-{number:06d}"),
}


def next_number(session: Session, kind: str, office: str) -> tuple[str, int]:
    """The next number of ``kind`` (``workshop``, ``letter``, ``certificate``) for this
    office: its text and its counter."""
    models, pattern = _KINDS[kind]
    last = 0
    for model in models:
        value = session.scalar(
            select(func.max(model.code_number)).where(model.code_office == office)
        )
        last = max(last, int(value or 0))
    number = last + 1
    return pattern.format(office=office, number=number), number
