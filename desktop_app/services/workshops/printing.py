"""Every PDF of training workshops and attendance, as the CLI and the window ask for
them: the programme booklet, the attendance sheet (a day or all days, blank for
signatures or filled; workshops and courses), the invitation letter, the confirmation
request letter, the evaluation report, the completion certificate and plan against
actual.

Each needs ``PRINT``; the documents that name a person (letters, certificates, filled
sheets) are audited (``audit.record_event_now``). A letter gets its number the first
time it is written and keeps it. No Qt; any thread (writes happen in the caller's
thread: the window runs them on a worker).
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import BinaryIO

from sqlalchemy.orm import Session

from ...documents.workshops import (
    CONFIRMING_AGENCIES,
    OCCUPATIONS,
    PARTICIPANT_KINDS,
    STATUS_SHORT,
    AttendanceSheetDoc,
    LetterDoc,
    ProgrammeDoc,
    SheetColumn,
    SheetRow,
)
from ...models import Place, TrainingWorkshop, WorkshopInvitation, WorkshopParticipant
from ...models import Workshop as Room
from ...persian import format_jalali, to_persian_digits, today
from ..accounts import access
from ..accounts.audit import record_event_now
from ..core.context import AppContext
from ..core.errors import ServiceError
from ..core.records import live_record
from .attendance import attendance_sheet, subject_by_code
from .completion import completion_doc
from .evaluation import evaluation_report
from .heading import office_heading
from .invitations import (
    INVITATION_NOT_FOUND,
    invitation_by_code,
    letter_for,
    needs_confirmation,
)
from .participants import full_name
from .programme import _sessions, live_workshop, session_line

Target = str | Path | BinaryIO


@access.operation(access.SIGNED_IN)
def programme_doc(ctx: AppContext, code: str) -> ProgrammeDoc:
    with ctx.session() as session:
        row = live_workshop(session, code)
        place = session.get(Place, row.place_id) if row.place_id else None
        room = session.get(Room, row.room_id) if row.room_id else None
        sessions = tuple(session_line(s) for s in _sessions(session, row.id))
        supplies = tuple(
            (s["item"], to_persian_digits(s["quantity"]), s["unit"], s["provider"])
            for s in row.supplies or []
        )
        values = (row.code, row.title, row.organizer, place.name if place else "",
                  room.name if room else "", row.start_date, row.end_date)  # fmt: skip
    return ProgrammeDoc(office_heading(ctx, values[2]), *values, sessions, supplies)


@access.operation(access.PRINT)
def print_programme(ctx: AppContext, code: str, output: Target) -> ProgrammeDoc:
    """The programme booklet: the workshop's particulars, its days and sessions, supplies."""
    from ...reports.workshops.programme import write_programme

    doc = programme_doc(ctx, code)
    write_programme(output, doc)
    return doc


@access.operation(access.SIGNED_IN)
def attendance_doc(
    ctx: AppContext, code: str, day: int | None = None, blank: bool = False
) -> AttendanceSheetDoc:
    subject = subject_by_code(ctx, code)
    sheet = attendance_sheet(ctx, subject, day)
    organizer = ""
    if subject.kind == "workshop":
        with ctx.session() as session:
            organizer = live_workshop(session, subject.id).organizer
    what = "کارگاه آموزشی" if subject.kind == "workshop" else "دورهٔ آموزشی"
    title = f"فهرست حضور و غیاب {what} «{sheet.title}»"
    when = (
        f"روز {to_persian_digits(day)} از {to_persian_digits(sheet.days)}" if day else "همهٔ روزها"
    )
    subtitle = f"کد: \u202a{to_persian_digits(sheet.code)}\u202c — {when}"
    columns = tuple(
        SheetColumn(
            s.day,
            s.start,
            s.end,
            f"{format_jalali(s.day)} {to_persian_digits(s.start)}–{to_persian_digits(s.end)}",
        )
        for s in sheet.slots
    )
    rows = tuple(
        SheetRow(
            person.name,
            person.national_code,
            person.detail,
            tuple("" if blank else STATUS_SHORT.get(st, "") for st in sheet.statuses[i]),
        )
        for i, person in enumerate(sheet.people)
    )
    heading = office_heading(ctx, organizer, own=subject.kind == "course")
    return AttendanceSheetDoc(heading, title, subtitle, blank, columns, rows)


@access.operation(access.PRINT)
def print_attendance_sheet(
    ctx: AppContext, code: str, output: Target, day: int | None = None, blank: bool = False
) -> AttendanceSheetDoc:
    """A workshop's or course's attendance sheet (landscape), one page group per day."""
    from ...reports.workshops.attendance_sheet import write_attendance_sheet

    doc = attendance_doc(ctx, code, day, blank)
    write_attendance_sheet(output, doc)
    record_event_now(ctx, "print", "attendance", None, f"فهرست حضور و غیاب {code}")
    return doc


def _honorific(gender: str) -> str:
    return {"male": "جناب آقای", "female": "سرکار خانم"}.get(gender, "")


def _invited(
    session: Session, code: str | uuid.UUID, who: str | uuid.UUID
) -> tuple[TrainingWorkshop, WorkshopInvitation, WorkshopParticipant]:
    """The workshop (by code or id) and the invited person (by national code, or by the
    invitation's id as the window passes it)."""
    row = live_workshop(session, code)
    if isinstance(who, uuid.UUID):
        invitation = live_record(session, WorkshopInvitation, who, INVITATION_NOT_FOUND)
        person = session.get(WorkshopParticipant, invitation.participant_id)
        if invitation.training_workshop_id != row.id or person is None:
            raise ServiceError(INVITATION_NOT_FOUND)
        return row, invitation, person
    invitation, person = invitation_by_code(session, row, who)
    return row, invitation, person


@access.operation(access.PRINT)
def print_invitation(
    ctx: AppContext, code: str | uuid.UUID, national_code: str | uuid.UUID, output: Target
) -> LetterDoc:
    """The invitation letter of one invited participant (numbered once, then kept)."""
    from ...reports.workshops.letters import write_letter

    with ctx.session() as session:
        row, invitation, person = _invited(session, code, national_code)
        name = f"{_honorific(person.gender)} {full_name(person)}".strip()
        role = PARTICIPANT_KINDS[person.kind]
        if person.group_name or person.ngo_name:
            role += f" «{person.group_name or person.ngo_name}»"
        letter = letter_for(session, invitation, "invitation", name)
        place = session.get(Place, row.place_id) if row.place_id else None
        days = max((s.day_number for s in _sessions(session, row.id)), default=0)
        paragraphs = (
            f"با سلام و احترام، به استحضار می‌رساند کارگاه آموزشی «{row.title}» به مدت "
            f"{to_persian_digits(days)} روز از تاریخ {format_jalali(row.start_date)} تا "
            f"{format_jalali(row.end_date)} در {place.name if place else 'محل اعلام‌شده'} "
            "برگزار می‌شود.",
            f"از جنابعالی به عنوان {role} دعوت می‌شود در این کارگاه حضور یابید. حضور در همهٔ "
            "روزهای کارگاه لازم است و گواهی شرکت فقط به کسانی داده می‌شود که کارگاه را "
            "کامل بگذرانند.",
            "خواهشمند است پاسخ خود (شرکت می‌کنم / شرکت نمی‌کنم) را پیش از آغاز کارگاه به "
            "این اداره اعلام فرمایید. برنامهٔ روزانهٔ کارگاه در روز نخست تحویل می‌شود.",
        )
        doc = LetterDoc(
            office_heading(ctx, row.organizer), letter.number, letter.written_on or today(),
            name, f"دعوت به کارگاه آموزشی «{row.title}»", paragraphs,
            row.organizer or "مسئول برگزاری کارگاه",
        )  # fmt: skip
    write_letter(output, doc)
    record_event_now(ctx, "print", "workshop_letters", None, f"دعوت‌نامه {doc.number}")
    return doc


@access.operation(access.PRINT)
def print_confirmation_request(
    ctx: AppContext, code: str | uuid.UUID, national_code: str | uuid.UUID, output: Target
) -> LetterDoc:
    """The request to the agency the seed names to confirm a village administrator's or
    a health worker's attendance as a facilitator."""
    from ...reports.workshops.letters import write_letter

    with ctx.session() as session:
        row, invitation, person = _invited(session, code, national_code)
        if not needs_confirmation(person):
            raise ServiceError("نامهٔ درخواست تأیید فقط برای دهیاران و بهورزان نوشته می‌شود.")
        agency = CONFIRMING_AGENCIES[person.occupation]
        letter = letter_for(session, invitation, "confirmation", agency)
        if invitation.confirmation == "":
            invitation.confirmation = "requested"
        occupation = OCCUPATIONS[person.occupation]
        village = f" {person.village}" if person.village else ""
        paragraphs = (
            "با سلام و احترام، در اجرای برنامهٔ توانبخشی مبتنی بر جامعه، "
            f"{_honorific(person.gender)} {full_name(person)} به کد ملی "
            f"\u202a{to_persian_digits(person.national_code)}\u202c، {occupation}{village}، به "
            f"عنوان تسهیلگر محلی به کارگاه آموزشی «{row.title}» ({format_jalali(row.start_date)} "
            f"تا {format_jalali(row.end_date)}) دعوت شده است.",
            f"خواهشمند است حضور ایشان در این کارگاه به عنوان تسهیلگر محلی را تأیید و نتیجه را "
            f"با ذکر شمارهٔ این نامه ({to_persian_digits(letter.number)}) اعلام فرمایید.",
        )
        doc = LetterDoc(
            office_heading(ctx, row.organizer), letter.number, letter.written_on or today(),
            agency, f"درخواست تأیید حضور {occupation} به عنوان تسهیلگر محلی", paragraphs,
            row.organizer or "مسئول برگزاری کارگاه",
        )  # fmt: skip
    write_letter(output, doc)
    record_event_now(ctx, "print", "workshop_letters", None, f"درخواست تأیید {doc.number}")
    return doc


@access.operation(access.PRINT)
def print_evaluation(ctx: AppContext, code: str, output: Target) -> object:
    """The workshop's evaluation report with its charts."""
    from ...reports.workshops.evaluation import write_evaluation

    report = evaluation_report(ctx, code)
    write_evaluation(output, report)
    return report


@access.operation(access.PRINT)
def print_completion_certificate(ctx: AppContext, serial: str, output: Target) -> object:
    """One completion certificate (landscape A4), counted and audited."""
    from ...reports.workshops.certificate import write_completion_certificate

    doc = completion_doc(ctx, serial)
    write_completion_certificate(output, doc)
    record_event_now(ctx, "print", "workshop_certificates", None, f"گواهی شرکت {doc.serial}")
    return doc


@access.operation(access.PRINT)
def print_plan(ctx: AppContext, output: Target) -> object:
    """Plan against actual per year and province, and the national total per year."""
    from ...reports.workshops.plan import write_plan
    from .plan import plan_doc

    doc = plan_doc(ctx)
    write_plan(output, doc)
    return doc
