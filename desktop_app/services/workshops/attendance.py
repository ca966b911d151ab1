"""Attendance (حضور و غیاب) per day and session, for training workshops AND for TVTO
courses, and the completion rule of a workshop.

A subject is a training workshop (its sessions are the programme's; its people are the
invited who answered yes) or a course (its sessions come from the weekly schedule: every
date from the start to the end date whose weekday the schedule names, one session per
slot of that weekday; its people are the enrollments not withdrawn). Day N is the N-th
date that has a session.

A mark is (person, date, start time, status); the status is present, absent, late or
excused, or "" to clear a mark. Refused, with nothing saved: a date or time that is not
a session of the subject ("a day outside the workshop"), a person not on its roster, an
unknown status, a date after today, a workshop not running or finished, a course not
running or finished.

The completion rule of a workshop: every session recorded, and at most
``max_absent_days`` absent days, a day counting as absent when the person was «غایب» in
any of its sessions (late and excused do not count).

Reading needs nothing; recording needs ``ENTER``. No Qt; any thread.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...documents.workshops import PARTICIPANT_KINDS, STATUSES
from ...models import (
    Attendance,
    Course,
    Enrollment,
    SkillStandard,
    Trainee,
    TrainingWorkshop,
    enrolled,
    live,
)
from ...persian import format_jalali, normalize_code, to_persian_digits, today
from ..accounts import access
from ..core.context import AppContext
from ..core.errors import NotFoundError, ServiceError
from ..core.privacy import masker
from ..core.records import live_record
from ..courses.course_workflow import code_text
from .invitations import affiliation, invitation_pairs
from .keys import derived_id, revive
from .participants import full_name
from .programme import NOT_FOUND as WORKSHOP_NOT_FOUND
from .programme import _sessions, live_workshop

KINDS = ("workshop", "course")
COURSE_NOT_FOUND = "این دوره پیدا نشد؛ شاید حذف شده باشد."


@dataclass(frozen=True)
class Subject:
    """What attendance is taken for: ``("workshop", id)`` or ``("course", id)``."""

    kind: str
    id: uuid.UUID


@dataclass(frozen=True)
class Slot:
    day_number: int
    day: date
    start: str
    end: str
    topic: str
    session_id: uuid.UUID | None = None  # workshops only


@dataclass(frozen=True)
class Person:
    id: uuid.UUID  # invitation or enrollment
    name: str
    national_code: str
    detail: str


@dataclass(frozen=True)
class Mark:
    person_id: uuid.UUID
    day: date
    start: str
    status: str  # a key of STATUSES, or "" to clear


@dataclass(frozen=True)
class AttendanceSheet:
    subject: Subject
    code: str
    title: str
    state: str
    day_number: int | None  # None: every day
    days: int  # how many days the subject has
    slots: tuple[Slot, ...]
    people: tuple[Person, ...]
    statuses: tuple[tuple[str, ...], ...]  # [person][slot], "" when not recorded
    max_absent_days: int | None  # workshops only

    def status(self, person: int, slot: int) -> str:
        return self.statuses[person][slot]


# -- the frame of a subject: its sessions and its people ----------------------------------


def _weekday(d: date) -> int:
    """0 = Saturday … 6 = Friday, as course schedules store it."""
    return (d.weekday() + 2) % 7


def course_slots(course: Course) -> list[Slot]:
    """The sessions of a course from its weekly schedule, between its start and end."""
    if course.start_date is None or course.end_date is None:
        return []
    by_weekday: dict[int, list[dict]] = {}
    for entry in course.schedule or []:
        by_weekday.setdefault(int(entry["day"]), []).append(entry)
    slots: list[Slot] = []
    day, number = course.start_date, 0
    while day <= course.end_date:
        entries = sorted(by_weekday.get(_weekday(day), []), key=lambda e: e["start"])
        if entries:
            number += 1
            slots += [Slot(number, day, e["start"], e["end"], "") for e in entries]
        day += timedelta(days=1)
    return slots


def _frame(
    ctx: AppContext, session: Session, subject: Subject
) -> tuple[str, str, str, list[Slot], list[Person], int | None]:
    mask = masker(ctx)
    if subject.kind == "workshop":
        row = live_record(session, TrainingWorkshop, subject.id, WORKSHOP_NOT_FOUND)
        slots = [
            Slot(s.day_number, s.day, s.start, s.end, s.topic, s.id)
            for s in _sessions(session, row.id)
            if s.day is not None
        ]
        people = [
            Person(i.id, full_name(p), mask(p.national_code),
                   " — ".join(x for x in (PARTICIPANT_KINDS[p.kind], affiliation(p)) if x))
            for i, p in invitation_pairs(session, row.id, coming_only=True)
        ]  # fmt: skip
        return row.code, row.title, row.state, slots, people, row.max_absent_days
    if subject.kind != "course":
        raise ServiceError("حضور و غیاب فقط برای کارگاه آموزشی یا دورهٔ آموزشی است.")
    course = live_record(session, Course, subject.id, COURSE_NOT_FOUND)
    standard = session.get(SkillStandard, course.standard_id)
    rows = session.execute(
        select(Enrollment, Trainee)
        .join(Trainee, Trainee.id == Enrollment.trainee_id)
        .where(
            Enrollment.course_id == course.id,
            enrolled(),
        )
        .order_by(Trainee.last_name, Trainee.first_name, Enrollment.tracking_code)
    ).all()
    people = [
        Person(e.id, f"{t.first_name} {t.last_name}", mask(t.national_code or t.foreign_id),
               to_persian_digits(e.tracking_code))
        for e, t in rows
    ]  # fmt: skip
    title = standard.title if standard is not None else ""
    return course.code, title, course.state, course_slots(course), people, None


def _key(slot_or_row: Slot | Attendance) -> tuple[date, str]:
    return (slot_or_row.day, slot_or_row.start)


def _recorded(session: Session, subject: Subject) -> dict[tuple[uuid.UUID, date, str], Attendance]:
    column = Attendance.training_workshop_id if subject.kind == "workshop" else Attendance.course_id
    rows = session.scalars(select(Attendance).where(column == subject.id, live(Attendance)))
    found = {}
    for row in rows:
        person = row.invitation_id if subject.kind == "workshop" else row.enrollment_id
        if person is not None:
            found[(person, row.day, row.start)] = row
    return found


def _day_range_error(days: int, kind: str) -> str:
    what = "کارگاه" if kind == "workshop" else "دوره"
    return f"این {what} {to_persian_digits(days)} روز دارد؛ شمارهٔ روز باید از ۱ تا {to_persian_digits(days)} باشد."


@access.operation(access.SIGNED_IN)
def attendance_sheet(ctx: AppContext, subject: Subject, day: int | None = None) -> AttendanceSheet:
    """The roster × sessions of one day (``day`` 1…N) or of every day, with the marks."""
    with ctx.session() as session:
        code, title, state, slots, people, max_absent = _frame(ctx, session, subject)
        days = max((s.day_number for s in slots), default=0)
        if day is not None:
            if not 1 <= day <= days:
                raise ServiceError(_day_range_error(days, subject.kind), "day")
            slots = [s for s in slots if s.day_number == day]
        recorded = _recorded(session, subject)
        statuses = tuple(
            tuple(
                recorded[(p.id, s.day, s.start)].status
                if (p.id, s.day, s.start) in recorded
                else ""
                for s in slots
            )
            for p in people
        )
        return AttendanceSheet(
            subject, code, title, state, day, days, tuple(slots), tuple(people), statuses,
            max_absent,
        )  # fmt: skip


_OPEN_STATES = {"workshop": ("running", "finished"), "course": ("running", "finished")}


@access.operation(access.ENTER)
def record_attendance(ctx: AppContext, subject: Subject, marks: list[Mark]) -> int:
    """Save marks (all or nothing); returns how many changed. An error's field is
    ``"<index of the mark>"`` so the grid can show the cell."""
    with ctx.session() as session:
        _code, _title, state, slots, people, _max = _frame(ctx, session, subject)
        if state not in _OPEN_STATES[subject.kind]:
            what = "کارگاه" if subject.kind == "workshop" else "دوره"
            raise ServiceError(
                f"حضور و غیاب فقط برای {what} در حال برگزاری یا پایان‌یافته ثبت می‌شود."
            )
        by_key = {_key(s): s for s in slots}
        roster = {p.id for p in people}
        recorded = _recorded(session, subject)
        now = today()
        changed = 0
        for index, mark in enumerate(marks):
            slot = by_key.get((mark.day, mark.start))
            if slot is None:
                what = "کارگاه" if subject.kind == "workshop" else "دوره"
                raise ServiceError(
                    f"در تاریخ {format_jalali(mark.day)} ساعت {to_persian_digits(mark.start)} "
                    f"جلسه‌ای از این {what} نیست؛ حضور و غیاب فقط برای روزها و جلسه‌های "
                    f"برنامهٔ {what} ثبت می‌شود.",
                    str(index),
                )
            if mark.day > now:
                raise ServiceError(
                    f"جلسهٔ {format_jalali(mark.day)} هنوز برگزار نشده است.", str(index)
                )
            if mark.person_id not in roster:
                raise ServiceError("این نفر در فهرست حاضران این جلسه نیست.", str(index))
            if mark.status and mark.status not in STATUSES:
                raise ServiceError(
                    "وضعیت حضور باید حاضر، غایب، تأخیر یا غیبت موجه باشد.", str(index)
                )
            row = recorded.get((mark.person_id, mark.day, mark.start))
            if not mark.status:
                if row is not None:
                    row.mark_deleted()
                    del recorded[(mark.person_id, mark.day, mark.start)]
                    changed += 1
                continue
            if row is None:
                # The same id on every counter (keys.py): two clerks marking the same
                # session offline make one record, not two.
                key = (mark.person_id, slot.session_id or f"{mark.day}|{mark.start}")
                row = revive(session, Attendance, derived_id("attendance", *key))
                row.day, row.start = mark.day, mark.start
                if subject.kind == "workshop":
                    row.training_workshop_id, row.invitation_id = subject.id, mark.person_id
                    row.session_id = slot.session_id
                else:
                    row.course_id, row.enrollment_id = subject.id, mark.person_id
                recorded[(mark.person_id, mark.day, mark.start)] = row
            elif row.status == mark.status:
                continue
            row.status = mark.status
            changed += 1
        return changed


@access.operation(access.SIGNED_IN)
def subject_by_code(ctx: AppContext, code: str) -> Subject:
    """A workshop or course by its code as typed (workshops first)."""
    with ctx.session() as session:
        try:
            return Subject("workshop", live_workshop(session, code).id)
        except ServiceError:
            pass
        key = normalize_code(code).upper()
        course = session.scalars(
            select(Course).where(func.replace(Course.code, "-", "") == key, live(Course))
        ).first()
        if course is None:
            raise NotFoundError(f"کارگاه یا دوره‌ای با کد «{code}» پیدا نشد.", "code")
        return Subject("course", course.id)


# -- completion ------------------------------------------------------------------------


@dataclass(frozen=True)
class CompletionLine:
    person_id: uuid.UUID  # the invitation
    name: str
    national_code: str
    present: int
    absent: int
    late: int
    excused: int
    absent_days: int
    unrecorded: int
    completed: bool
    reason: str  # why not completed ("" when completed)


def completion_lines(sheet: AttendanceSheet) -> list[CompletionLine]:
    """Apply the completion rule to a whole-workshop sheet."""
    limit = sheet.max_absent_days if sheet.max_absent_days is not None else 2
    lines = []
    for index, person in enumerate(sheet.people):
        marks = sheet.statuses[index]
        counts = {key: sum(1 for m in marks if m == key) for key in STATUSES}
        unrecorded = sum(1 for m in marks if not m)
        absent_days = len(
            {slot.day_number for slot, m in zip(sheet.slots, marks, strict=True) if m == "absent"}
        )
        reason = ""
        if unrecorded:
            reason = f"حضور و غیاب {to_persian_digits(unrecorded)} جلسه ثبت نشده است"
        elif absent_days > limit:
            reason = (
                f"{to_persian_digits(absent_days)} روز غیبت (بیش از "
                f"{to_persian_digits(limit)} روز مجاز)"
            )
        lines.append(
            CompletionLine(
                person.id,
                person.name,
                person.national_code,
                counts["present"],
                counts["absent"],
                counts["late"],
                counts["excused"],
                absent_days,
                unrecorded,
                not reason,
                reason,
            )
        )
    return lines


@access.operation(access.SIGNED_IN)
def completion(ctx: AppContext, workshop_id: uuid.UUID) -> list[CompletionLine]:
    """Who completes the workshop under its attendance rule, and why not."""
    return completion_lines(attendance_sheet(ctx, Subject("workshop", workshop_id)))


@access.operation(access.SIGNED_IN)
def attendance_subjects(ctx: AppContext) -> list[tuple[Subject, str]]:
    """Running and finished workshops and courses, for the attendance screen's picker."""
    with ctx.session() as session:
        workshops = session.execute(
            select(TrainingWorkshop.id, TrainingWorkshop.code, TrainingWorkshop.title)
            .where(live(TrainingWorkshop),
                   TrainingWorkshop.state.in_(_OPEN_STATES["workshop"]))
            .order_by(TrainingWorkshop.start_date.desc())
        ).all()  # fmt: skip
        courses = session.execute(
            select(Course.id, Course.code, SkillStandard.title)
            .join(SkillStandard, SkillStandard.id == Course.standard_id)
            .where(live(Course), Course.state.in_(_OPEN_STATES["course"]))
            .order_by(Course.start_date.desc())
        ).all()
    return [
        (Subject("workshop", r.id), f"کارگاه {code_text(r.code)} — {r.title}") for r in workshops
    ] + [(Subject("course", r.id), f"دوره {code_text(r.code)} — {r.title}") for r in courses]
