"""The human-facing numbers of this package, in ONE place: workshop codes, letter numbers
(invitations and confirmation requests) and completion-certificate serials.

Every one is a code of the shared numbering rule (``models.numbering.next_code``):
``OFFICE-COUNTER-NUMBER`` with the counter the server assigned to this workstation at
enrollment, so two counters of one office working offline never hand out the same
number (a never-enrolled workstation keeps the office form ``OFFICE-NUMBER``). Workshop
codes have four digits (``2701-2-0001``), letters and serials six. Completion
certificates are numbered in the SAME series as skill certificates
(``models.CERTIFICATE_SERIES``: the largest serial of this office and counter over both
tables, plus one — skill certificates are numbered the same way), so one serial answers
the authenticity inquiry unambiguously. Codes printed before counters
(``2701-K0001``, ``2701/000012``, ``2701-000012``) are stored as printed and still
found.

No Qt; any thread, inside the caller's session (the caller flushes before asking for
the next one).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from ...models import CERTIFICATE_SERIES, TrainingWorkshop, WorkshopCertificate, WorkshopLetter
from ...models.numbering import IssuedCode, next_code


def next_workshop_code(session: Session, office: str) -> IssuedCode:
    return next_code(session, TrainingWorkshop, office)


def next_letter_number(session: Session, office: str) -> IssuedCode:
    return next_code(session, WorkshopLetter, office)


def next_completion_serial(session: Session, office: str) -> IssuedCode:
    return next_code(session, WorkshopCertificate, office, shared=CERTIFICATE_SERIES)
