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

Issuing is idempotent (one current certificate per invitation, a partial unique index
behind it) and needs ``APPROVE``; refused with the reason for someone who did not
complete. Printing needs ``PRINT`` and is audited. No Qt; any thread.

A supervisor (``APPROVE``) may **revoke** a certificate with a reason (it stays on
record and the inquiry answers "revoked" with the date and reason) or **re-issue** it
(lost, damaged, the holder's name corrected): a new certificate with a new serial of
the shared series, frozen again from the participant's current record; the old one is
marked ``replaced_by`` the new serial and the inquiry answers "replaced", naming the new
serial. Neither is ever undone; both are audited (the row change and an explicit
``revoke``/``reissue`` event).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...documents.workshops import CompletionDoc
from ...models import Place, TrainingWorkshop, WorkshopCertificate, WorkshopInvitation, live
from ...models import WorkshopParticipant as Person
from ...models.numbering import find_by_code
from ...persian import normalize, to_persian_digits, today
from ...persian.bidi import code
from ..accounts import access
from ..accounts.audit import record_event
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
class CertificateLine:
    serial: str
    issued_on: date
    revoked_on: date | None
    revoke_reason: str
    replaced_by: str
    replaced_on: date | None
    replace_reason: str
    replaces: str

    @property
    def current(self) -> bool:
        return self.revoked_on is None and not self.replaced_by

    @property
    def state(self) -> str:
        if self.revoked_on is not None:
            return "ابطال‌شده"
        return "جایگزین‌شده" if self.replaced_by else "معتبر"


@dataclass(frozen=True)
class CompletionIssue:
    issued: tuple[str, ...]
    already: int
    not_completed: tuple[str, ...]  # «name: reason»


def _issued(session: Session, workshop_id: uuid.UUID) -> dict[uuid.UUID, WorkshopCertificate]:
    """invitation id → its current certificate (live and not replaced)."""
    rows = session.scalars(
        select(WorkshopCertificate).where(
            WorkshopCertificate.training_workshop_id == workshop_id,
            live(WorkshopCertificate),
            WorkshopCertificate.replaced_by == "",
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
            cert.replaces, cert.replaced_by, cert.replaced_on,
        )  # fmt: skip


@access.operation(access.APPROVE)
def revoke_completion_certificate(
    ctx: AppContext, serial: str, reason: str, on: date | None = None
) -> str:
    """Revoke a completion certificate with a reason; it stays on record and the inquiry
    answers "revoked". Returns the stored serial."""
    reason = normalize(reason).strip()
    if not reason:
        raise ServiceError("دلیل ابطال را بنویسید.", "reason")
    with ctx.session() as session:
        cert = certificate_by_serial(session, serial)
        if cert.revoked_on is not None:
            raise ServiceError(f"گواهی {code(cert.serial)} پیش‌تر ابطال شده است.")
        if cert.replaced_by:
            raise ServiceError(
                f"گواهی {code(cert.serial)} پیش‌تر با گواهی {code(cert.replaced_by)} "
                "جایگزین شده و اعتبار ندارد؛ اگر لازم است، گواهی تازه را ابطال کنید."
            )
        cert.revoked_on = on or today()
        cert.revoke_reason = reason
        session.flush()
        record_event(
            session, ctx, "revoke", WorkshopCertificate.__tablename__, cert.id,
            f"ابطال گواهی شرکت {code(cert.serial)}: {reason}",
        )  # fmt: skip
        return cert.serial


@access.operation(access.APPROVE)
def reissue_completion_certificate(
    ctx: AppContext, serial: str, reason: str, on: date | None = None
) -> str:
    """Re-issue a completion certificate under a new serial of the shared series (the
    holder's name frozen again from the participant's record); the old one is marked
    replaced by it. Returns the new serial."""
    from ..certificates.certificates import new_verification_code

    reason = normalize(reason).strip()
    if not reason:
        raise ServiceError("دلیل صدور دوباره را بنویسید (مثلاً گم شدن یا اصلاح نام).", "reason")
    with ctx.session() as session:
        old = certificate_by_serial(session, serial)
        if old.revoked_on is not None:
            raise ServiceError(f"گواهی {code(old.serial)} ابطال شده است و دوباره صادر نمی‌شود.")
        if old.replaced_by:
            raise ServiceError(
                f"گواهی {code(old.serial)} پیش‌تر با گواهی {code(old.replaced_by)} "
                "جایگزین شده است؛ گواهی تازه را دوباره صادر کنید."
            )
        office = office_code(session)
        if not office:
            raise ServiceError(
                "کد اداره در تنظیمات ثبت نشده است؛ شمارهٔ گواهی بدون آن ساخته نمی‌شود."
            )
        invitation = session.get(WorkshopInvitation, old.invitation_id)
        person = session.get(Person, invitation.participant_id) if invitation else None
        day = on or today()
        new_serial = next_completion_serial(session, office)
        old.replaced_on, old.replace_reason = day, reason
        old.replaced_by = new_serial.code
        session.flush()  # the old one stops being current before the new one exists
        cert = new_record(session, WorkshopCertificate)
        new_serial.assign(cert)
        cert.verification_code = new_verification_code()
        cert.invitation_id, cert.training_workshop_id = old.invitation_id, old.training_workshop_id
        for name in ("workshop_title", "workshop_code", "hours", "days", "place_name",
                     "start_date", "end_date"):  # fmt: skip
            setattr(cert, name, getattr(old, name))
        source = person if person is not None and person.deleted_at is None else old
        cert.first_name, cert.last_name = source.first_name, source.last_name
        cert.father_name, cert.national_code = source.father_name, source.national_code
        cert.issued_on, cert.replaces = day, old.serial
        session.flush()
        record_event(
            session, ctx, "reissue", WorkshopCertificate.__tablename__, cert.id,
            f"گواهی شرکت {code(cert.serial)} به جای {code(old.serial)}: {reason}",
        )  # fmt: skip
        return cert.serial


@access.operation(access.SIGNED_IN)
def certificate_history(ctx: AppContext, invitation_id: uuid.UUID) -> list[CertificateLine]:
    """Every certificate of one invitation, oldest first (current, replaced, revoked)."""
    with ctx.session() as session:
        rows = session.scalars(
            select(WorkshopCertificate)
            .where(
                WorkshopCertificate.invitation_id == invitation_id,
                live(WorkshopCertificate),
            )
            .order_by(WorkshopCertificate.issued_on, WorkshopCertificate.created_at)
        ).all()
        return [
            CertificateLine(
                r.serial, r.issued_on, r.revoked_on, r.revoke_reason, r.replaced_by,
                r.replaced_on, r.replace_reason, r.replaces,
            )
            for r in rows
        ]  # fmt: skip


@access.operation(access.SIGNED_IN)
def certificates_of(ctx: AppContext, workshop_id: uuid.UUID) -> dict[uuid.UUID, str]:
    """invitation id → serial of the workshop's current certificates (a revoked one
    included: it stays the invitation's certificate, answering "revoked")."""
    with ctx.session() as session:
        live_workshop(session, workshop_id)
        return {k: v.serial for k, v in _issued(session, workshop_id).items()}
