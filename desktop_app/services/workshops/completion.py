"""Completion certificates (گواهی شرکت در کارگاه) for those who completed a finished
workshop, and their answer to the authenticity inquiry.

The same rules as skill certificates (``services.certificates.certificates``): the serial is the
office code and a counter from the one serial space both kinds share
(``numbering.next_completion_serial``), the verification code is ten random digits
(``certificates.new_verification_code``) carried with the serial in the QR code
(``certificate_inquiry.qr_payload``), what the paper shows is frozen at issue time, and
the inquiry answers a completion certificate like a skill certificate
(answered by the shared rule ``sync.certificate_answer.answer_from``): holder and
workshop only when serial AND national code (and a scanned verification code) match.

Issuing is idempotent (one live certificate per invitation, a partial unique index
behind it) and needs ``APPROVE``; refused with the reason for someone who did not
complete. Printing needs ``PRINT`` and is audited. No Qt; any thread.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...documents.workshops import CompletionDoc
from ...models import Place, TrainingWorkshop, WorkshopCertificate, WorkshopInvitation
from ...models import WorkshopParticipant as Person
from ...models.numbering import find_by_code
from ...persian import to_persian_digits, today
from ..accounts import access
from ..core.context import AppContext
from ..core.errors import NotFoundError, ServiceError
from ..core.records import new_record, office_code
from .attendance import completion
from .heading import office_heading
from .numbering import next_completion_serial
from .programme import _sessions, live_workshop

if TYPE_CHECKING:
    pass


@dataclass(frozen=True)
class CompletionIssue:
    issued: tuple[str, ...]
    already: int
    not_completed: tuple[str, ...]  # «name: reason»


def _issued(session: Session, workshop_id: uuid.UUID) -> dict[uuid.UUID, WorkshopCertificate]:
    rows = session.scalars(
        select(WorkshopCertificate).where(
            WorkshopCertificate.training_workshop_id == workshop_id,
            WorkshopCertificate.deleted_at.is_(None),
        )
    )
    return {row.invitation_id: row for row in rows}


@access.operation(access.APPROVE)
def issue_completion_certificates(
    ctx: AppContext,
    workshop_id: uuid.UUID,
    invitation_ids: list[uuid.UUID] | None = None,
    on: date | None = None,
) -> CompletionIssue:
    """Issue certificates to who completed (all, or the listed invitations). A listed
    person who did not complete is refused with the reason; nothing is issued then."""
    from ..certificates.certificates import new_verification_code

    lines = completion(ctx, workshop_id)
    with ctx.session() as session:
        office = office_code(session)
        if not office:
            raise ServiceError(
                "کد اداره در تنظیمات ثبت نشده است؛ شمارهٔ گواهی بدون آن ساخته نمی‌شود."
            )
        row = live_workshop(session, workshop_id)
        if row.state != "finished":
            raise ServiceError("گواهی شرکت فقط برای کارگاه پایان‌یافته صادر می‌شود.")
        by_id = {line.person_id: line for line in lines}
        wanted = invitation_ids if invitation_ids is not None else list(by_id)
        for invitation_id in wanted:
            line = by_id.get(invitation_id)
            if line is None:
                raise ServiceError("این نفر از شرکت‌کنندگان این کارگاه نیست.")
            if invitation_ids is not None and not line.completed:
                raise ServiceError(
                    f"«{line.name}» کارگاه را کامل نگذرانده است ({line.reason}) و گواهی "
                    "شرکت برای او صادر نمی‌شود."
                )
        issued = _issued(session, row.id)
        place = session.get(Place, row.place_id) if row.place_id else None
        sessions = _sessions(session, row.id)
        hours = sum(s.hours for s in sessions)
        days = max((s.day_number for s in sessions), default=0)
        serials: list[str] = []
        already = 0
        refused: list[str] = []
        for invitation_id in wanted:
            line = by_id[invitation_id]
            if not line.completed:
                refused.append(f"{line.name}: {line.reason}")
                continue
            if invitation_id in issued:
                already += 1
                continue
            invitation = session.get(WorkshopInvitation, invitation_id)
            person = session.get(Person, invitation.participant_id) if invitation else None
            if person is None:
                continue
            serial = next_completion_serial(session, office)  # before the new row
            cert = new_record(session, WorkshopCertificate)
            serial.assign(cert)
            cert.verification_code = new_verification_code()
            cert.invitation_id, cert.training_workshop_id = invitation_id, row.id
            cert.workshop_title, cert.workshop_code = row.title, row.code
            cert.hours, cert.days = hours, days
            cert.place_name = place.name if place is not None else ""
            cert.first_name, cert.last_name = person.first_name, person.last_name
            cert.father_name, cert.national_code = person.father_name, person.national_code
            cert.start_date, cert.end_date = row.start_date, row.end_date
            cert.issued_on = on or today()
            session.flush()  # the next serial sees this one
            serials.append(cert.serial)
        if not serials and not already:
            raise ServiceError(
                "هیچ‌یک از شرکت‌کنندگان این کارگاه را کامل نگذرانده است؛ گواهی‌ای صادر نشد."
            )
        return CompletionIssue(tuple(serials), already, tuple(refused))


def certificate_by_serial(session: Session, serial: str) -> WorkshopCertificate:
    from ...sync.certificate_answer import serial_key

    key = serial_key(serial)
    row = find_by_code(session, WorkshopCertificate, serial)  # any typed form
    if row is None:
        raise NotFoundError(f"گواهی شرکتی با شمارهٔ {to_persian_digits(key or '—')} پیدا نشد.")
    return row


@access.operation(access.SIGNED_IN)
def completion_doc(ctx: AppContext, serial: str, count_print: bool = True) -> CompletionDoc:
    from ...documents.certificate import qr_payload

    with ctx.session() as session:
        cert = certificate_by_serial(session, serial)
        workshop = session.get(TrainingWorkshop, cert.training_workshop_id)
        organizer = workshop.organizer if workshop is not None else ""
        if count_print:
            cert.print_count += 1
        session.flush()
        return CompletionDoc(
            office_heading(ctx, organizer), cert.serial, cert.verification_code,
            qr_payload(cert.serial, cert.verification_code), cert.workshop_title,
            cert.workshop_code, cert.hours, cert.days, cert.place_name, cert.first_name,
            cert.last_name, cert.father_name, cert.national_code, cert.start_date,
            cert.end_date, cert.issued_on, cert.revoked_on, cert.revoke_reason,
        )  # fmt: skip


@access.operation(access.SIGNED_IN)
def certificates_of(ctx: AppContext, workshop_id: uuid.UUID) -> dict[uuid.UUID, str]:
    """invitation id → serial of the workshop's live certificates."""
    with ctx.session() as session:
        live_workshop(session, workshop_id)
        return {k: v.serial for k, v in _issued(session, workshop_id).items()}
