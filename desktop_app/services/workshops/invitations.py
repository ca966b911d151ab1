"""Invitations to a training workshop, their yes/no answers, the numbered letters
(invitation, confirmation request) and the other agencies' confirmations.

A participant is invited to a workshop at most once (a partial unique index on the live
``(training_workshop_id, participant_id)`` rows refuses even a racing writer); more
invitations than the workshop's capacity are refused. An invitation letter gets its
number the first time it is printed and keeps it on every reprint; so does a
confirmation request. The confirmation request goes to the agency seed 001 names for a
facilitator's occupation: a village administrator's to the organization of village
administrations and municipalities, a health worker's to the primary health care
network; its answer (confirmed / not confirmed) is recorded with the agency's letter
number and date.

Inviting, answering and recording a confirmation need ``ENTER``; removing an
invitation ``DELETE``; writing letters ``PRINT`` (audited: letters name a person).

No Qt; any thread (one short session per call; plain data in and out).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...documents.workshops import ANSWERS, CONFIRMATIONS, CONFIRMING_AGENCIES
from ...models import (
    Attendance,
    TrainingWorkshop,
    WorkshopCertificate,
    WorkshopInvitation,
    WorkshopLetter,
    live,
)
from ...models import WorkshopParticipant as Person
from ...persian import normalize_code, to_persian_digits, today
from ..accounts import access
from ..core.context import AppContext
from ..core.errors import NotFoundError, ServiceError
from ..core.privacy import masker
from ..core.records import live_record, new_record, office_code
from .checks import text
from .keys import derived_id, revive
from .numbering import next_letter_number
from .participants import full_name
from .programme import NOT_FOUND as WORKSHOP_NOT_FOUND

INVITATION_NOT_FOUND = "این دعوت پیدا نشد؛ شاید حذف شده باشد."


def _workshop(session: Session, workshop_id: uuid.UUID) -> TrainingWorkshop:
    return live_record(session, TrainingWorkshop, workshop_id, WORKSHOP_NOT_FOUND)


def _live_invitations(session: Session, workshop_id: uuid.UUID) -> list[WorkshopInvitation]:
    return list(
        session.scalars(
            select(WorkshopInvitation).where(
                WorkshopInvitation.training_workshop_id == workshop_id,
                live(WorkshopInvitation),
            )
        )
    )


@access.operation(access.ENTER)
def invite(
    ctx: AppContext,
    workshop_id: uuid.UUID,
    participant_ids: list[uuid.UUID],
    on: date | None = None,
) -> int:
    """Invite participants; refused (nothing saved) when one is already invited."""
    with ctx.session() as session:
        row = _workshop(session, workshop_id)
        if row.state in ("finished", "cancelled"):
            raise ServiceError("به کارگاه پایان‌یافته یا لغوشده دعوت فرستاده نمی‌شود.")
        invited = {i.participant_id for i in _live_invitations(session, workshop_id)}
        if len(set(participant_ids)) != len(participant_ids):
            raise ServiceError("یک نفر دو بار در فهرست دعوت آمده است.", "participants")
        for person_id in participant_ids:
            if person_id in invited:
                person = live_record(session, Person, person_id, "این شرکت‌کننده پیدا نشد.")
                raise ServiceError(
                    f"«{full_name(person)}» پیش‌تر به این کارگاه دعوت شده است؛ "
                    "یک نفر دو بار دعوت نمی‌شود.",
                    "participants",
                )
        if len(invited) + len(participant_ids) > row.capacity:
            raise ServiceError(
                f"ظرفیت کارگاه {to_persian_digits(row.capacity)} نفر است و "
                f"{to_persian_digits(len(invited))} نفر دعوت شده‌اند.",
                "participants",
            )
        for person_id in participant_ids:
            person = live_record(session, Person, person_id, "این شرکت‌کننده پیدا نشد.")
            key = derived_id("invitation", row.id, person.id)  # one id on every counter
            invitation = revive(session, WorkshopInvitation, key)
            invitation.answer, invitation.answered_on = "pending", None
            invitation.confirmation, invitation.confirmation_letter = "", ""
            invitation.confirmation_date = None
            invitation.pre_test = invitation.post_test = None
            invitation.comment = ""
            invitation.training_workshop_id, invitation.participant_id = row.id, person.id
            invitation.invited_on = on or today()
            invitation.satisfaction = [None] * len(row.questions or [])
        return len(participant_ids)


def _invitation(session: Session, invitation_id: uuid.UUID) -> WorkshopInvitation:
    return live_record(session, WorkshopInvitation, invitation_id, INVITATION_NOT_FOUND)


@access.operation(access.ENTER)
def record_answer(
    ctx: AppContext, invitation_id: uuid.UUID, answer: str, on: date | None = None
) -> None:
    """The participant's answer: ``yes``, ``no`` or back to ``pending``."""
    if answer not in ANSWERS:
        raise ServiceError("پاسخ دعوت باید «می‌آید» یا «نمی‌آید» باشد.", "answer")
    with ctx.session() as session:
        invitation = _invitation(session, invitation_id)
        if answer == "no":
            attended = session.scalar(
                select(func.count())
                .select_from(Attendance)
                .where(
                    Attendance.invitation_id == invitation.id,
                    live(Attendance),
                    Attendance.status != "absent",
                )
            )
            if attended:
                raise ServiceError(
                    "برای این شرکت‌کننده حضور ثبت شده است؛ پاسخ او «نمی‌آید» نمی‌شود.", "answer"
                )
        invitation.answer = answer
        invitation.answered_on = None if answer == "pending" else (on or today())


@access.operation(access.DELETE)
def remove_invitation(ctx: AppContext, invitation_id: uuid.UUID) -> None:
    with ctx.session() as session:
        invitation = _invitation(session, invitation_id)
        recorded = session.scalar(
            select(func.count())
            .select_from(Attendance)
            .where(Attendance.invitation_id == invitation.id, live(Attendance))
        )
        if recorded:
            raise ServiceError("حضور و غیاب این دعوت‌شده ثبت شده است؛ دعوت حذف نمی‌شود.")
        invitation.mark_deleted()


# -- the invited list ------------------------------------------------------------------


@dataclass(frozen=True)
class InvitationLine:
    id: uuid.UUID
    participant_id: uuid.UUID
    name: str
    national_code: str
    kind: str
    occupation: str
    affiliation: str  # the group or the NGO
    answer: str
    letter_number: str
    confirmation: str  # "" when the occupation needs none
    confirmation_letter: str
    pre_test: int | None
    post_test: int | None
    serial: str = ""  # the current completion certificate, once issued
    certificate_revoked: bool = False


def affiliation(person: Person) -> str:
    return person.group_name or person.ngo_name or person.village


def _letters(session: Session, ids: list[uuid.UUID], kind: str) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    rows = session.execute(
        select(WorkshopLetter.invitation_id, WorkshopLetter.number).where(
            WorkshopLetter.invitation_id.in_(ids),
            WorkshopLetter.kind == kind,
            live(WorkshopLetter),
        )
    ).all()
    return {r.invitation_id: r.number for r in rows}


def invitation_pairs(
    session: Session, workshop_id: uuid.UUID, coming_only: bool = False
) -> list[tuple[WorkshopInvitation, Person]]:
    """The live invitations of a workshop with their people, by last name."""
    stmt = (
        select(WorkshopInvitation, Person)
        .join(Person, Person.id == WorkshopInvitation.participant_id)
        .where(
            WorkshopInvitation.training_workshop_id == workshop_id,
            live(WorkshopInvitation),
        )
        .order_by(Person.last_name, Person.first_name, Person.national_code)
    )
    if coming_only:
        stmt = stmt.where(WorkshopInvitation.answer == "yes")
    return [(i, p) for i, p in session.execute(stmt).all()]


@access.operation(access.SIGNED_IN)
def invitations(ctx: AppContext, workshop_id: uuid.UUID) -> list[InvitationLine]:
    mask = masker(ctx)
    with ctx.session() as session:
        _workshop(session, workshop_id)
        pairs = invitation_pairs(session, workshop_id)
        ids = [i.id for i, _ in pairs]
        letters = _letters(session, ids, "invitation")
        serials = {
            r.invitation_id: (r.serial, r.revoked_on is not None)
            for r in session.execute(
                select(
                    WorkshopCertificate.invitation_id,
                    WorkshopCertificate.serial,
                    WorkshopCertificate.revoked_on,
                ).where(
                    WorkshopCertificate.training_workshop_id == workshop_id,
                    live(WorkshopCertificate),
                    WorkshopCertificate.replaced_by == "",
                )
            )
        }
        return [
            InvitationLine(
                i.id,
                p.id,
                full_name(p),
                mask(p.national_code),
                p.kind,
                p.occupation,
                affiliation(p),
                i.answer,
                letters.get(i.id, ""),
                i.confirmation if p.occupation in CONFIRMING_AGENCIES else "",
                i.confirmation_letter,
                i.pre_test,
                i.post_test,
                *serials.get(i.id, ("", False)),
            )
            for i, p in pairs
        ]


# -- letters ----------------------------------------------------------------------------


def letter_for(
    session: Session, invitation: WorkshopInvitation, kind: str, addressee: str
) -> WorkshopLetter:
    """The invitation's letter of ``kind``, numbered the first time it is written."""
    found = session.scalars(
        select(WorkshopLetter).where(
            WorkshopLetter.invitation_id == invitation.id,
            WorkshopLetter.kind == kind,
            live(WorkshopLetter),
        )
    ).first()
    if found is not None:
        return found
    office = office_code(session)
    if not office:
        raise ServiceError("کد اداره در تنظیمات ثبت نشده است؛ شمارهٔ نامه بدون آن ساخته نمی‌شود.")
    number = next_letter_number(session, office)  # before the new row: no autoflush
    letter = new_record(session, WorkshopLetter)
    number.assign(letter)
    letter.kind, letter.invitation_id = kind, invitation.id
    letter.written_on, letter.addressee = today(), addressee
    session.flush()  # the next number sees this one
    return letter


def invitation_by_code(
    session: Session, workshop: TrainingWorkshop, national_code: str
) -> tuple[WorkshopInvitation, Person]:
    code = normalize_code(national_code).zfill(10)
    for invitation, person in invitation_pairs(session, workshop.id):
        if person.national_code == code:
            return invitation, person
    raise NotFoundError(
        f"شرکت‌کننده‌ای با کد ملی {to_persian_digits(code)} به کارگاه «{workshop.title}» "
        "دعوت نشده است."
    )


# -- confirmations ----------------------------------------------------------------------


def needs_confirmation(person: Person) -> bool:
    return person.occupation in CONFIRMING_AGENCIES


@access.operation(access.ENTER)
def record_confirmation(
    ctx: AppContext,
    invitation_id: uuid.UUID,
    confirmed: bool,
    letter_number: str,
    on: date | None,
) -> None:
    """The agency's answer to a confirmation request (letter number and date required)."""
    letter_number = text(
        letter_number, 60, "شمارهٔ نامهٔ پاسخ", "confirmation_letter",
        "شمارهٔ نامهٔ پاسخ دستگاه را وارد کنید.",
    )  # fmt: skip
    if on is None:
        raise ServiceError("تاریخ نامهٔ پاسخ دستگاه را وارد کنید.", "confirmation_date")
    if on > today():
        raise ServiceError("تاریخ نامهٔ پاسخ نمی‌تواند بعد از امروز باشد.", "confirmation_date")
    with ctx.session() as session:
        invitation = _invitation(session, invitation_id)
        person = session.get(Person, invitation.participant_id)
        if person is None or not needs_confirmation(person):
            raise ServiceError(
                "تأیید دستگاه دیگر فقط برای دهیاران و بهورزان لازم است.", "confirmation"
            )
        if invitation.confirmation == "":
            raise ServiceError(
                "ابتدا نامهٔ درخواست تأیید را برای دستگاه بنویسید، سپس پاسخ را ثبت کنید.",
                "confirmation",
            )
        invitation.confirmation = "confirmed" if confirmed else "refused"
        invitation.confirmation_letter, invitation.confirmation_date = letter_number, on


def confirmation_label(value: str) -> str:
    return CONFIRMATIONS.get(value, value)


@access.operation(access.ENTER)
def invite_by_national_code(ctx: AppContext, workshop_id: uuid.UUID, national_code: str) -> str:
    """Invite the participant on file with this national code; returns their name."""
    code = normalize_code(national_code)
    if not code:
        raise ServiceError("کد ملی شرکت‌کننده را وارد کنید.", "national_code")
    with ctx.session() as session:
        person = session.scalars(
            select(Person).where(Person.national_code == code.zfill(10), live(Person))
        ).first()
        if person is None:
            raise ServiceError(
                "شرکت‌کننده‌ای با این کد ملی ثبت نشده است؛ ابتدا او را در «شرکت‌کنندگان» ثبت کنید.",
                "national_code",
            )
        person_id, name = person.id, full_name(person)
    invite(ctx, workshop_id, [person_id])
    return name
