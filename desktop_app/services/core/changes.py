"""What a use case changed, by kind: the one vocabulary of ``ui.tasks``' ``data_changed``.

Every view refreshes itself when a kind it shows is announced (``ListConfig.kinds``).
Members are strings, so a view may still test ``"places" in kinds``; a new kind is one
line here, and a misspelt one is a type error instead of a view that never refreshes.

The kinds come from the services themselves: ``install_change_recorder`` (installed on
the workstation's session factory by ``AppContext``) notes the table of every record a
session inserts, updates or deletes, and when that session commits adds their kinds
(``TABLE_KINDS``) to the ``Changes`` of the task running it (``recording()``: the
write worker of ``ui.tasks`` wraps each task in one). So a save announces what it
really wrote — a registration its trainee, enrollment and payment — and a refused or
rolled-back one announces nothing. A write may still name kinds the recorder cannot
see (``TaskRunner.submit(..., changes={Change.SYNC})``: rows written as SQL, files);
both are announced. No Qt; any thread.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # SQLAlchemy loads behind the sign-in window (ui.tasks imports this)
    from sqlalchemy.orm import Session, UOWTransaction, sessionmaker


class Change(StrEnum):
    EVERYTHING = "*"  # a restored database or a sync pull: every view reloads
    SETTINGS = "settings"
    WORKSTATION = "workstation"
    SYNC = "sync"
    AUDIT = "audit"
    USERS = "users"
    SERVICE_CARDS = "service_cards"
    PLACES = "places"
    WORKSHOPS = "workshops"
    EQUIPMENT = "equipment"
    STANDARDS = "standards"
    COURSES = "courses"
    TRAINERS = "trainers"
    TRAINEES = "trainees"
    ENROLLMENTS = "enrollments"
    COUNSELING = "counseling"
    EXAM_SCORES = "exam_scores"
    CERTIFICATES = "certificates"
    CERTIFICATE_INQUIRIES = "certificate_inquiries"
    BENEFACTORS = "benefactors"
    GIFTS = "gifts"  # gifts (receipts), their cancellation and the office's intention areas
    VOLUNTEERS = "volunteers"  # volunteers and their hours
    ALLOCATIONS = "allocations"
    BANK_STATEMENT_LINES = "bank_statement_lines"
    # facilitator training workshops (issue 19); ``WORKSHOPS`` above is a place's room
    TRAINING_WORKSHOPS = "training_workshops"
    WORKSHOP_TEMPLATES = "workshop_templates"
    WORKSHOP_SESSIONS = "workshop_sessions"
    WORKSHOP_PARTICIPANTS = "workshop_participants"
    WORKSHOP_INVITATIONS = "workshop_invitations"
    WORKSHOP_LETTERS = "workshop_letters"
    WORKSHOP_CERTIFICATES = "workshop_certificates"
    ATTENDANCE = "attendance"  # attendance marks of workshops and courses
    PUBLIC_REQUESTS = "public_requests"
    SURVEYS = "surveys"
    FAQ = "faq"
    WORK_CALENDAR = "work_calendar"


#: The kind each table is shown as (a write to it refreshes the views of that kind).
TABLE_KINDS: dict[str, Change] = {
    "settings": Change.SETTINGS,
    "users": Change.USERS,
    "audit_log": Change.AUDIT,
    "sync_state": Change.SYNC,
    "sync_conflicts": Change.SYNC,
    "sync_problems": Change.SYNC,
    "service_cards": Change.SERVICE_CARDS,
    "places": Change.PLACES,
    "workshops": Change.WORKSHOPS,
    "equipment": Change.EQUIPMENT,
    "equipment_moves": Change.EQUIPMENT,
    "skill_standards": Change.STANDARDS,
    "courses": Change.COURSES,
    "course_trainers": Change.COURSES,
    "course_transitions": Change.COURSES,
    "trainers": Change.TRAINERS,
    "trainer_education": Change.TRAINERS,
    "trainer_retraining": Change.TRAINERS,
    "trainees": Change.TRAINEES,
    "enrollments": Change.ENROLLMENTS,
    "registration_payments": Change.ENROLLMENTS,
    "counseling_sessions": Change.COUNSELING,
    "exam_scores": Change.EXAM_SCORES,
    "certificates": Change.CERTIFICATES,
    "certificate_inquiries": Change.CERTIFICATE_INQUIRIES,
    "benefactors": Change.BENEFACTORS,
    "gifts": Change.GIFTS,
    "gift_items": Change.GIFTS,
    "participation_areas": Change.GIFTS,
    "volunteers": Change.VOLUNTEERS,
    "volunteer_hours": Change.VOLUNTEERS,
    "allocations": Change.ALLOCATIONS,
    "bank_statement_lines": Change.BANK_STATEMENT_LINES,
    "training_workshops": Change.TRAINING_WORKSHOPS,
    "workshop_templates": Change.WORKSHOP_TEMPLATES,
    "workshop_sessions": Change.WORKSHOP_SESSIONS,
    "workshop_participants": Change.WORKSHOP_PARTICIPANTS,
    "workshop_invitations": Change.WORKSHOP_INVITATIONS,
    "workshop_letters": Change.WORKSHOP_LETTERS,
    "workshop_certificates": Change.WORKSHOP_CERTIFICATES,
    "attendance": Change.ATTENDANCE,
    "public_requests": Change.PUBLIC_REQUESTS,
    "survey_questions": Change.SURVEYS,
    "survey_answers": Change.SURVEYS,
    "faqs": Change.FAQ,
    "work_calendars": Change.WORK_CALENDAR,
}
#: Tables no view shows: a write to them alone announces nothing.
UNSHOWN_TABLES = frozenset({"registration_drafts", "sync_outbox"})


def kinds_of(tables: Iterable[str]) -> frozenset[Change]:
    """The kinds of the written ``tables`` (a table of no kind adds none)."""
    return frozenset(TABLE_KINDS[t] for t in tables if t in TABLE_KINDS)


class Changes:
    """What the committed writes of one task changed, by kind (see ``recording``)."""

    def __init__(self) -> None:
        self.tables: set[str] = set()

    @property
    def kinds(self) -> frozenset[Change]:
        return kinds_of(self.tables)


_recording: ContextVar[Changes | None] = ContextVar("miz_changes", default=None)
#: ``Session.info`` key: tables written by this session's transaction so far.
_WRITTEN = "miz_written_tables"


@contextmanager
def recording() -> Iterator[Changes]:
    """Collect, in the returned ``Changes``, what the sessions committed inside the
    block (on this thread) wrote."""
    changes = Changes()
    token = _recording.set(changes)
    try:
        yield changes
    finally:
        _recording.reset(token)


def install_change_recorder(factory: sessionmaker[Session]) -> None:
    """Note what sessions made by ``factory`` write, for ``recording`` (idempotent)."""
    from desktop_app.models.base import listen_once  # SQLAlchemy: not before sign-in

    for name, listener in (
        ("after_flush", _note_written),
        ("after_commit", _committed),
        ("after_rollback", _rolled_back),
    ):
        listen_once(factory, name, listener)


def _note_written(session: Session, _ctx: UOWTransaction) -> None:
    from sqlalchemy import inspect

    written: set[str] = session.info.setdefault(_WRITTEN, set())
    for obj in (*session.new, *session.dirty, *session.deleted):
        table: Any = inspect(obj).mapper.local_table
        written.add(table.name)


def _committed(session: Session) -> None:
    written = session.info.pop(_WRITTEN, None)
    changes = _recording.get()
    if written and changes is not None:
        changes.tables |= written


def _rolled_back(session: Session) -> None:
    session.info.pop(_WRITTEN, None)
