"""The course approval workflow: states, who may take which step, the checks before
submitting, and every step recorded as a ``CourseTransition``.

States::

    draft ─submit→ submitted ─province_approve→ province_approved ─┬─open_registration→ open
      ▲               │                                            │ (no HQ needed)
      │               └province_reject→ province_rejected          └─hq_approve→ hq_approved
      │                                   │  (reason required)     └─hq_reject→ hq_rejected
      └──── edit and submit again ────────┴──────────────────────────────────┘
    hq_approved ─open_registration→ open ─start→ running ─finish→ finished
    any state but finished/cancelled ─cancel (reason required)→ cancelled

Who acts (``ACTIONS``): the center (مرکز/آموزشگاه) edits, submits, opens registration,
starts and finishes its courses; the provincial directorate approves or rejects
submitted courses; headquarters approves or rejects the courses that need it.

**Which courses need headquarters** (``needs_headquarters``): a private-institute
course (kind ``private``, آزاد) or one whose standard is longer than
``HQ_HOURS_THRESHOLD`` (300) hours. Every other course opens for registration after
the province approves it.

Cancelling: the center may cancel a course that has not started (its own draft,
a rejected, approved or open course); the province and headquarters may cancel any
course that is submitted or further along and not finished. A reason is required.

Before ``submit`` the course must pass ``submit_problems``: each failure is named
(trainer allowed to teach the standard, trainer free at those hours, workshop active
and free, workshop capacity ≥ course capacity, dates inside the registration window).

``current_actor(ctx)`` says who is acting. Until accounts exist it is the office
(its name and the ``level`` of the office settings); accounts replace this one
function.

Illegal steps raise ``ServiceError`` with a Persian message here, in the service
layer; the window only hides the buttons for them. No Qt; any thread (one short
session per call).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from desktop_app.documents.course_workflow import (  # noqa: F401  (the services' vocabulary)
    ACTIONS,
    BOOKED_STATES,
    CENTER,
    EDITABLE_STATES,
    FINAL_STATES,
    HEADQUARTERS,
    HQ_HOURS_THRESHOLD,
    PROVINCE,
    STATES,
    Action,
    allowed_actions,
    needs_headquarters,
    reachable,
    step_refusal,
)
from desktop_app.models import (
    Course,
    CourseTrainer,
    CourseTransition,
    SkillStandard,
    Trainer,
    Workshop,
    live,
    utcnow,
)
from desktop_app.persian import format_jalali, normalize, normalize_code, to_persian_digits, today
from desktop_app.persian.bidi import code as bidi_code
from desktop_app.services.accounts import access
from desktop_app.services.accounts.audit import record_event
from desktop_app.services.core.context import AppContext
from desktop_app.services.core.errors import ServiceError
from desktop_app.services.core.records import live_record, new_record
from desktop_app.services.office.settings import OFFICE_LEVELS, load_office_settings


def code_text(code: str) -> str:
    """A course or standard code inside Persian text shown on screen: Persian digits,
    kept left to right.

    Bidi would otherwise turn "۲۷۰۱-۰۰۰۱۲" after Persian words into "۰۰۰۱۲-۲۷۰۱" (the
    digits become Arabic numbers and the dash a neutral). An LRI…PDI isolate holds it
    together in Qt (which ignores LRE…PDF); the PDFs use LRE…PDF instead, since the
    PDF engine's bidi knows no isolates (``reports.course``).
    """
    return bidi_code(code)


@dataclass(frozen=True)
class Actor:
    """Who takes a workflow step: a name for the timeline and the approval level."""

    name: str
    level: str
    office: str = ""


@access.operation(access.SIGNED_IN)
def current_actor(ctx: AppContext) -> Actor:
    """Who is acting: the signed-in user at their office's level (``services.accounts.access``);
    for the command line's system actor, the office itself at the level of the office
    settings. Refused (``PermissionDeniedError``) when nobody is signed in."""
    who = access.current_actor(ctx)
    if who.is_system:
        settings = load_office_settings(ctx)
        name = settings.office_name or OFFICE_LEVELS.get(settings.level, settings.level)
        return Actor(name=name, level=settings.level, office=settings.office_code)
    return Actor(name=who.display_name, level=who.office_level, office=who.office_code)


#: Workflow steps that are decisions (a supervisor's); the others need ``ENTER``.
DECISIONS = frozenset({"province_approve", "province_reject", "hq_approve", "hq_reject", "cancel"})


def permission_for(action_key: str) -> str:
    return access.APPROVE if action_key in DECISIONS else access.ENTER


def next_state(state: str, action_key: str, level: str, needs_hq: bool) -> str:
    """The state ``action_key`` leads to, or ``ServiceError`` when it is not allowed.

    The pure rule behind ``perform`` (no database): tests walk every pair with it.
    """
    action = ACTIONS.get(action_key)
    if action is None:
        raise ServiceError(f"کار «{action_key}» در گردش کار دوره‌ها تعریف نشده است.")
    refusal = step_refusal(action, state, level, needs_hq)
    if refusal is not None:
        raise ServiceError(refusal)
    return action.target


# -- checks before submit -------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One failed check before submit: which check, and the Persian sentence naming it."""

    check: str  # trainer_allowed, trainer_busy, workshop_capacity, workshop_busy, ...
    message: str
    field: str | None = None


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def slots_overlap(a: list[dict], b: list[dict]) -> dict | None:
    """The first slot of ``a`` that overlaps a slot of ``b`` on the same weekday."""
    for x in a:
        for y in b:
            if x["day"] == y["day"] and _minutes(x["start"]) < _minutes(y["end"]):
                if _minutes(y["start"]) < _minutes(x["end"]):
                    return x
    return None


def _slot_text(slot: dict) -> str:
    from desktop_app.documents.course import WEEKDAYS

    return to_persian_digits(f"{WEEKDAYS[slot['day']]} {slot['start']} تا {slot['end']}")


@dataclass(frozen=True)
class _Clash:
    """A booked course overlapping the checked one in dates and a weekly slot."""

    code: str
    slot: dict
    workshop_id: uuid.UUID
    trainer_ids: frozenset[uuid.UUID]


def _booked_clashes(session: Session, course: Course, trainer_ids: list[uuid.UUID]) -> list[_Clash]:
    """Booked courses sharing the course's workshop or one of its trainers that overlap
    it in dates and weekly hours (only those rows are read, however many courses)."""
    if course.start_date is None or course.end_date is None:
        return []
    sharing_trainer = select(CourseTrainer.course_id).where(
        CourseTrainer.trainer_id.in_(trainer_ids), live(CourseTrainer)
    )
    rows = session.execute(
        select(Course.id, Course.code, Course.schedule, Course.workshop_id).where(
            Course.id != course.id,
            live(Course),
            Course.state.in_(BOOKED_STATES),
            Course.start_date <= course.end_date,
            Course.end_date >= course.start_date,
            or_(Course.workshop_id == course.workshop_id, Course.id.in_(sharing_trainer)),
        )
    ).all()
    overlapping = [
        (row, slot)
        for row in rows
        if (slot := slots_overlap(course.schedule or [], row.schedule or [])) is not None
    ]
    links: dict[uuid.UUID, set[uuid.UUID]] = {}
    if overlapping:
        for course_id, trainer_id in session.execute(
            select(CourseTrainer.course_id, CourseTrainer.trainer_id).where(
                CourseTrainer.course_id.in_([row.id for row, _slot in overlapping]),
                live(CourseTrainer),
            )
        ):
            links.setdefault(course_id, set()).add(trainer_id)
    return [
        _Clash(row.code, slot, row.workshop_id, frozenset(links.get(row.id, ())))
        for row, slot in overlapping
    ]


def _trainer_ids(session: Session, course_id: uuid.UUID) -> list[uuid.UUID]:
    return list(
        session.scalars(
            select(CourseTrainer.trainer_id).where(
                CourseTrainer.course_id == course_id, live(CourseTrainer)
            )
        )
    )


def _problems(session: Session, course: Course) -> list[Problem]:
    found: list[Problem] = []
    standard = session.get(SkillStandard, course.standard_id)
    workshop = session.get(Workshop, course.workshop_id)
    trainer_ids = _trainer_ids(session, course.id)
    if not trainer_ids:
        found.append(Problem("trainer_missing", "مربی دوره انتخاب نشده است.", "trainer_ids"))
    clashes = _booked_clashes(session, course, trainer_ids)
    for trainer_id in trainer_ids:
        trainer = session.get(Trainer, trainer_id)
        if trainer is None or trainer.deleted_at is not None:
            found.append(Problem("trainer_allowed", "یکی از مربیان حذف شده است.", "trainer_ids"))
            continue
        name = f"{trainer.first_name} {trainer.last_name}"
        if not trainer.active:
            found.append(Problem("trainer_allowed", f"مربی «{name}» غیرفعال است.", "trainer_ids"))
        allowed = {normalize_code(c) for c in trainer.standard_codes or []}
        if standard is not None and normalize_code(standard.code) not in allowed:
            found.append(
                Problem(
                    "trainer_allowed",
                    f"مربی «{name}» مجاز به تدریس استاندارد «{standard.title}» "
                    f"({bidi_code(standard.code)}) نیست.",
                    "trainer_ids",
                )
            )
        for clash in clashes:
            if trainer_id in clash.trainer_ids:
                found.append(
                    Problem(
                        "trainer_busy",
                        f"مربی «{name}» در {_slot_text(clash.slot)} دورهٔ "
                        f"{code_text(clash.code)} را دارد.",
                        "schedule",
                    )
                )
    if workshop is None or workshop.deleted_at is not None:
        found.append(Problem("workshop_missing", "کارگاه دوره پیدا نشد.", "workshop_id"))
    else:
        if workshop.status != "active":
            found.append(
                Problem(
                    "workshop_active",
                    f"کارگاه «{workshop.name}» فعال نیست (در دست تعمیر یا تعطیل).",
                    "workshop_id",
                )
            )
        if workshop.capacity is None:
            found.append(
                Problem(
                    "workshop_capacity",
                    f"ظرفیت کارگاه «{workshop.name}» ثبت نشده است.",
                    "capacity",
                )
            )
        elif workshop.capacity < course.capacity:
            found.append(
                Problem(
                    "workshop_capacity",
                    f"ظرفیت دوره ({to_persian_digits(course.capacity)} نفر) از ظرفیت کارگاه "
                    f"«{workshop.name}» ({to_persian_digits(workshop.capacity)} نفر) بیشتر است.",
                    "capacity",
                )
            )
        for clash in clashes:
            if clash.workshop_id == workshop.id:
                found.append(
                    Problem(
                        "workshop_busy",
                        f"کارگاه «{workshop.name}» در {_slot_text(clash.slot)} به دورهٔ "
                        f"{code_text(clash.code)} داده شده است.",
                        "schedule",
                    )
                )
    found.extend(_date_problems(course))
    return found


def _date_problems(course: Course) -> list[Problem]:
    opens, closes = course.registration_open, course.registration_close
    start, end = course.start_date, course.end_date
    if None in (opens, closes, start, end):
        return [Problem("dates", "تاریخ‌های دوره و ثبت‌نام کامل نیست.", "start_date")]
    assert opens and closes and start and end
    found = []
    if end < start:
        found.append(Problem("dates", "تاریخ پایان دوره پیش از شروع آن است.", "end_date"))
    if closes < opens:
        found.append(Problem("dates", "پایان ثبت‌نام پیش از آغاز ثبت‌نام است.", "registration_close"))
    if closes > start:
        found.append(
            Problem(
                "dates",
                f"ثبت‌نام ({format_jalali(opens)} تا {format_jalali(closes)}) باید تا روز شروع "
                f"دوره ({format_jalali(start)}) بسته شود.",
                "registration_close",
            )
        )
    return found


@access.operation(access.SIGNED_IN)
def submit_problems(ctx: AppContext, course_id: uuid.UUID) -> list[Problem]:
    """Every check the course fails before it may be submitted (empty: it may)."""
    with ctx.session() as session:
        return _problems(session, _live_course(session, course_id))


# -- taking a step ---------------------------------------------------------------------


COURSE_NOT_FOUND = "این دوره پیدا نشد؛ شاید حذف شده باشد."


def _live_course(session: Session, course_id: uuid.UUID) -> Course:
    return live_record(session, Course, course_id, COURSE_NOT_FOUND)


def record_transition(
    session: Session, course: Course, action: str, target: str, actor: Actor, note: str = ""
) -> CourseTransition:
    """Move ``course`` to ``target`` and write the step (for the workflow and demo data)."""
    step = new_record(session, CourseTransition)
    # The step belongs to the course's office, whoever takes it: a province's approval
    # stamped with the province's office would be read by every center below the
    # province, and with it (as its parent) the course of a sibling center.
    step.origin_office = course.origin_office or step.origin_office
    step.course_id = course.id
    step.action = action
    step.from_state = course.state
    step.to_state = target
    step.actor_name = actor.name
    step.actor_level = actor.level
    step.note = note
    step.at = utcnow()
    course.state = target
    # The audit trail's own row of the step (who signed in, beside the timeline's name).
    record_event(session, None, action, "courses", course.id, note)
    return step


@access.operation(
    access.ENTER,
    "a decision (approve, reject, cancel) needs «approve» too, checked inside",
)
def perform(
    ctx: AppContext,
    course_id: uuid.UUID,
    action_key: str,
    note: str = "",
    actor: Actor | None = None,
    version: int | None = None,
) -> str:
    """Take one workflow step on a course as ``actor`` (default: ``current_actor``).

    Refused with a Persian ``ServiceError`` when the step is illegal for the course's
    state or the actor's level, when a reason is required and missing, when the course
    changed since ``version`` was read, or (for submit) when a check fails: then the
    error names every failed check. Returns the new state.
    """
    if action_key in ACTIONS:  # an unknown key is refused below, by next_state
        access.require(ctx, permission_for(action_key))
    actor = actor or current_actor(ctx)
    note = normalize(note, keep_newlines=True)
    with ctx.session() as session:
        course = _live_course(session, course_id)
        if version is not None and course.version != version:
            raise ServiceError("این دوره پس از باز شدن، جای دیگری تغییر کرده است؛ دوباره باز کنید.")
        standard = session.get(SkillStandard, course.standard_id)
        hours = standard.total_hours if standard is not None else 0
        course.needs_headquarters = needs_headquarters(course.kind, hours)
        target = next_state(course.state, action_key, actor.level, course.needs_headquarters)
        action = ACTIONS[action_key]
        if action.needs_reason and not note:
            raise ServiceError(f"برای «{action.label}» دلیل را بنویسید.", "note")
        if action_key == "submit":
            problems = _problems(session, course)
            if problems:
                raise SubmitRefused(problems)
        date_refusal = _date_refusal(action_key, course, today())
        if date_refusal:
            raise ServiceError(date_refusal)
        record_transition(session, course, action_key, target, actor, note)
        return target


def _date_refusal(action_key: str, course: Course, on: date) -> str:
    """Why a step cannot be taken on ``on`` because of the course's dates, or ""."""
    start, end = course.start_date, course.end_date
    if action_key == "start" and start is not None and on < start:
        return (
            f"این دوره از {format_jalali(start)} آغاز می‌شود؛ پیش از آن روز نمی‌توان "
            "آن را «در حال برگزاری» کرد."
        )
    if action_key == "finish" and end is not None and on < end:
        return (
            f"این دوره تا {format_jalali(end)} ادامه دارد؛ پیش از آن روز نمی‌توان "
            "آن را پایان‌یافته کرد."
        )
    return ""


class SubmitRefused(ServiceError):
    """Submit refused: ``problems`` names every failed check."""

    def __init__(self, problems: list[Problem]) -> None:
        lines = "\n".join(f"• {p.message}" for p in problems)
        super().__init__(f"دوره ارسال نشد:\n{lines}", problems[0].field if problems else None)
        self.problems = problems


# -- timeline --------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    """One step of a course's timeline, as the window and the PDF show it."""

    at: datetime
    action: str
    from_state: str
    to_state: str
    actor_name: str
    actor_level: str
    note: str

    @property
    def label(self) -> str:
        action = ACTIONS.get(self.action)
        return action.label if action else STATES.get(self.to_state, self.to_state)


@access.operation(access.SIGNED_IN)
def timeline(ctx: AppContext, course_id: uuid.UUID) -> list[TimelineEntry]:
    """Every recorded step of the course, oldest first."""
    with ctx.session() as session:
        rows = session.scalars(
            select(CourseTransition)
            .where(CourseTransition.course_id == course_id, live(CourseTransition))
            .order_by(CourseTransition.at, CourseTransition.created_at)
        ).all()
        return [
            TimelineEntry(
                r.at, r.action, r.from_state, r.to_state, r.actor_name, r.actor_level, r.note
            )
            for r in rows
        ]


@dataclass(frozen=True)
class WorkflowView:
    """What the course's workflow box shows: state, the steps open to the actor, history."""

    course_id: uuid.UUID
    version: int
    state: str
    needs_headquarters: bool
    actor: Actor
    actions: list[str]
    steps: list[TimelineEntry]


@access.operation(access.SIGNED_IN)
def workflow_view(ctx: AppContext, course_id: uuid.UUID) -> WorkflowView:
    actor = current_actor(ctx)
    with ctx.session() as session:
        course = _live_course(session, course_id)
        standard = session.get(SkillStandard, course.standard_id)
        needs_hq = needs_headquarters(course.kind, standard.total_hours if standard else 0)
        state, version = course.state, course.version
    return WorkflowView(
        course_id,
        version,
        state,
        needs_hq,
        actor,
        [
            a
            for a in allowed_actions(state, actor.level, needs_hq)
            if access.can(ctx, permission_for(a))
        ],
        timeline(ctx, course_id),
    )


def jalali_time(at: datetime) -> str:
    """A step's time as the clerk reads it: ۱۴۰۴/۰۸/۳۰ ۱۰:۱۵ (local time)."""
    local = (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone()
    return f"{format_jalali(local.date())} {to_persian_digits(local.strftime('%H:%M'))}"
