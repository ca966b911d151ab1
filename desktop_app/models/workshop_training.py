"""Facilitator training workshops (seed 001) and attendance of every course. No Qt; any
thread.

Not to be confused with ``place.Workshop`` (a room of a place): a ``TrainingWorkshop``
(کارگاه آموزشی) is one run of the Welfare Organization's 12-day training of local
facilitators, self-help group and NGO members, held at a place and in one of its
workshop rooms.

- ``WorkshopTemplate``: the programme a province keeps (days → sessions with topic,
  hours, methods, materials) and the satisfaction questions; a workshop copies it.
- ``TrainingWorkshop``: code (``Numbered``: ``OFFICE-COUNTER-NUMBER``, never the same
  at two counters), title, province, dates, place and room, per-head cost and what
  was spent, the supplies checklist (JSON), the completion rule (``max_absent_days``),
  the questionnaire (copied at creation) and its state.
- ``WorkshopSession``: one session of one day of a workshop's programme.
- ``WorkshopParticipant``: the person (facilitator, self-help group member, NGO
  member), one record everywhere: the national code is the natural key (merged by sync;
  partial unique index on live rows, as ``Trainee``).
- ``WorkshopInvitation``: a participant invited to a workshop (at most one live row per
  pair): the answer, the agency's confirmation (village administrators, health
  workers), the pre-/post-test scores and the satisfaction answers; natural key
  (workshop, participant), so a merged person's two invitations merge too.
- ``WorkshopLetter``: every letter written (invitation, confirmation request) with its
  number (``Numbered``, never the same at two counters).
- ``Attendance``: one person in one session — a workshop invitation in a workshop
  session, or a course enrollment in a session of the course's weekly schedule
  (date + start time): present, absent, late or excused.
- ``WorkshopCertificate``: the completion certificate (گواهی شرکت در کارگاه), its serial
  in one series with skill certificates' (:data:`CERTIFICATE_SERIES`), frozen at issue
  time. Revoked with a reason (``revoked_on``), or replaced by a re-issue: a new row with
  a new serial naming the old one (``replaces``), the old one marked ``replaced_by``;
  one *current* certificate per invitation (live, not replaced).
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text, Uuid, text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Record
from .certificate import Certificate
from .numbering import Numbered

_LIVE = text("deleted_at IS NULL")
_CURRENT = text("deleted_at IS NULL AND replaced_by = ''")


def _live_unique(name: str, *columns: str) -> Index:
    return Index(name, *columns, unique=True, sqlite_where=_LIVE, postgresql_where=_LIVE)


class WorkshopTemplate(Record):
    """برنامهٔ الگوی استان: the days and sessions a new workshop starts from."""

    __tablename__ = "workshop_templates"

    title: Mapped[str] = mapped_column(String(200), default="")
    province: Mapped[str] = mapped_column(String(40), default="", index=True)
    #: ``[{"sessions": [{"topic", "start", "end", "hours", "methods", "materials"}]}]``
    days: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    questions: Mapped[list[str]] = mapped_column(JSON, default=list)
    per_head_cost: Mapped[int] = mapped_column(Integer, default=0)
    max_absent_days: Mapped[int] = mapped_column(Integer, default=2)


class TrainingWorkshop(Numbered, Record):
    """کارگاه آموزشی تسهیلگران: one run of the programme."""

    __tablename__ = "training_workshops"
    __code_column__ = "code"
    __code_width__ = 4

    code: Mapped[str] = mapped_column(String(40), default="")
    title: Mapped[str] = mapped_column(String(200), default="")
    organizer: Mapped[str] = mapped_column(String(200), default="")
    province: Mapped[str] = mapped_column(String(40), default="", index=True)
    template_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("workshop_templates.id"), default=None
    )
    place_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("places.id"), default=None, index=True
    )
    room_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("workshops.id"), default=None, index=True
    )
    start_date: Mapped[date | None] = mapped_column(Date, default=None, index=True)
    end_date: Mapped[date | None] = mapped_column(Date, default=None)
    capacity: Mapped[int] = mapped_column(Integer, default=30)
    per_head_cost: Mapped[int] = mapped_column(Integer, default=0)  # rial
    spent: Mapped[int] = mapped_column(Integer, default=0)  # rial
    max_absent_days: Mapped[int] = mapped_column(Integer, default=2)
    #: ``[{"item", "quantity", "unit", "provider", "ready"}]``
    supplies: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    questions: Mapped[list[str]] = mapped_column(JSON, default=list)
    state: Mapped[str] = mapped_column(String(20), default="planned", index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    search_text: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (_live_unique("uq_training_workshops_code_live", "code"),)


class WorkshopSession(Record):
    """One session of one day of a workshop's programme."""

    __tablename__ = "workshop_sessions"

    training_workshop_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("training_workshops.id"), index=True
    )
    day_number: Mapped[int] = mapped_column(Integer, default=1)
    ordinal: Mapped[int] = mapped_column(Integer, default=1)
    day: Mapped[date | None] = mapped_column(Date, default=None)
    start: Mapped[str] = mapped_column(String(5), default="")
    end: Mapped[str] = mapped_column(String(5), default="")
    topic: Mapped[str] = mapped_column(String(300), default="")
    hours: Mapped[int] = mapped_column(Integer, default=0)
    trainer: Mapped[str] = mapped_column(String(200), default="")
    methods: Mapped[str] = mapped_column(String(300), default="")
    materials: Mapped[str] = mapped_column(String(300), default="")


class WorkshopParticipant(Record):
    """تسهیلگر محلی / عضو گروه خودیار / عضو سمن: the person, found by national code."""

    __tablename__ = "workshop_participants"
    __natural_keys__ = (("national_code",),)

    national_code: Mapped[str] = mapped_column(String(10), default="")
    first_name: Mapped[str] = mapped_column(String(80), default="")
    last_name: Mapped[str] = mapped_column(String(80), default="")
    father_name: Mapped[str] = mapped_column(String(80), default="")
    gender: Mapped[str] = mapped_column(String(10), default="")
    mobile: Mapped[str] = mapped_column(String(11), default="")
    kind: Mapped[str] = mapped_column(String(20), default="facilitator", index=True)
    #: for a facilitator: "" | village_administrator | health_worker
    occupation: Mapped[str] = mapped_column(String(30), default="")
    village: Mapped[str] = mapped_column(String(120), default="")
    group_name: Mapped[str] = mapped_column(String(200), default="")
    ngo_name: Mapped[str] = mapped_column(String(200), default="")
    membership_document: Mapped[str] = mapped_column(String(200), default="")
    search_text: Mapped[str] = mapped_column(Text, default="")

    # The natural key, declared as trainees declare theirs (a partial unique index).
    __table_args__ = (_live_unique("uq_workshop_participants_national_code_live", "national_code"),)


class WorkshopInvitation(Record):
    """A participant invited to a workshop, with everything that follows for them."""

    __tablename__ = "workshop_invitations"
    #: one invitation per person and workshop: when a participant is merged, the two
    #: counters' invitations of the same person to the same workshop merge too
    __natural_keys__ = (("training_workshop_id", "participant_id"),)

    training_workshop_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("training_workshops.id"), index=True
    )
    participant_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("workshop_participants.id"), index=True
    )
    invited_on: Mapped[date | None] = mapped_column(Date, default=None)
    answer: Mapped[str] = mapped_column(String(10), default="pending")  # pending|yes|no
    answered_on: Mapped[date | None] = mapped_column(Date, default=None)
    #: the agency's confirmation of a village administrator or a health worker
    confirmation: Mapped[str] = mapped_column(String(20), default="")  # ""|confirmed|refused
    confirmation_letter: Mapped[str] = mapped_column(String(60), default="")
    confirmation_date: Mapped[date | None] = mapped_column(Date, default=None)
    pre_test: Mapped[int | None] = mapped_column(Integer, default=None)
    post_test: Mapped[int | None] = mapped_column(Integer, default=None)
    #: satisfaction: one answer 1–5 per question of the workshop (None: unanswered)
    satisfaction: Mapped[list[int | None]] = mapped_column(JSON, default=list)
    comment: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        _live_unique(
            "uq_workshop_invitations_workshop_participant_live",
            "training_workshop_id",
            "participant_id",
        ),
    )


class WorkshopLetter(Numbered, Record):
    """A numbered letter: an invitation or a confirmation request."""

    __tablename__ = "workshop_letters"
    __code_column__ = "number"
    __code_width__ = 6

    kind: Mapped[str] = mapped_column(String(20), default="invitation")  # |confirmation
    number: Mapped[str] = mapped_column(String(40), default="")
    invitation_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("workshop_invitations.id"), index=True
    )
    written_on: Mapped[date | None] = mapped_column(Date, default=None)
    addressee: Mapped[str] = mapped_column(String(200), default="")

    __table_args__ = (Index("uq_workshop_letters_number", "number", unique=True),)


class Attendance(Record):
    """حضور و غیاب: one person in one session (a workshop's or a course's)."""

    __tablename__ = "attendance"
    #: one mark per person and session (merged like the invitations they hang on)
    __natural_keys__ = (("invitation_id", "session_id"), ("enrollment_id", "day", "start"))

    training_workshop_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("training_workshops.id"), default=None, index=True
    )
    invitation_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("workshop_invitations.id"), default=None
    )
    session_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("workshop_sessions.id"), default=None
    )
    course_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("courses.id"), default=None, index=True
    )
    enrollment_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("enrollments.id"), default=None
    )
    day: Mapped[date] = mapped_column(Date, default=date.today)
    start: Mapped[str] = mapped_column(String(5), default="")
    status: Mapped[str] = mapped_column(String(10), default="present")

    __table_args__ = (
        _live_unique("uq_attendance_invitation_session_live", "invitation_id", "session_id"),
        _live_unique("uq_attendance_enrollment_day_start_live", "enrollment_id", "day", "start"),
    )


class WorkshopCertificate(Numbered, Record):
    """گواهی شرکت در کارگاه: issued to who completed, frozen at issue time."""

    __tablename__ = "workshop_certificates"
    __code_column__ = "serial"
    __code_width__ = Certificate.__code_width__

    serial: Mapped[str] = mapped_column(String(40), default="")
    verification_code: Mapped[str] = mapped_column(String(12), default="")
    invitation_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("workshop_invitations.id"))
    training_workshop_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("training_workshops.id"), index=True
    )
    workshop_title: Mapped[str] = mapped_column(String(200), default="")
    workshop_code: Mapped[str] = mapped_column(String(40), default="")
    hours: Mapped[int] = mapped_column(Integer, default=0)
    days: Mapped[int] = mapped_column(Integer, default=0)
    place_name: Mapped[str] = mapped_column(String(200), default="")
    first_name: Mapped[str] = mapped_column(String(80), default="")
    last_name: Mapped[str] = mapped_column(String(80), default="")
    father_name: Mapped[str] = mapped_column(String(80), default="")
    national_code: Mapped[str] = mapped_column(String(20), default="", index=True)
    start_date: Mapped[date | None] = mapped_column(Date, default=None)
    end_date: Mapped[date | None] = mapped_column(Date, default=None)
    issued_on: Mapped[date] = mapped_column(Date, default=date.today)
    revoked_on: Mapped[date | None] = mapped_column(Date, default=None)
    revoke_reason: Mapped[str] = mapped_column(Text, default="")
    print_count: Mapped[int] = mapped_column(Integer, default=0)
    replaces: Mapped[str] = mapped_column(String(40), default="")  # the serial re-issued
    replaced_by: Mapped[str] = mapped_column(String(40), default="")  # the new serial
    replaced_on: Mapped[date | None] = mapped_column(Date, default=None)
    replace_reason: Mapped[str] = mapped_column(Text, default="")

    #: One current certificate per invitation (the partial unique index below). A second
    #: one that only sync brings together — the same person registered and certified at
    #: two counters offline, their invitations merged by natural key — is kept, and
    #: answers the inquiry, as replaced by the one the server accepted first
    #: (``desktop_app.sync.superseded``).
    __one_current__ = ("invitation_id",)

    @staticmethod
    def is_current(values: dict[str, Any]) -> bool:
        """Whether a row (as column values) counts in ``__one_current__``."""
        return values.get("deleted_at") is None and not values.get("replaced_by")

    @staticmethod
    def current_clause() -> Any:
        """The same as SQL: the partial index's condition."""
        return _CURRENT

    @staticmethod
    def superseded_by(current: Any) -> dict[str, Any]:
        """What a second current certificate becomes beside ``current`` (a row)."""
        from ..persian.bidi import code

        return {
            "replaced_by": current["serial"],
            "replaced_on": date.today(),
            "replace_reason": (
                "همین شرکت‌کننده در دو باجه ثبت و برای همین کارگاه دو بار گواهی گرفته "
                f"بود؛ گواهی {code(current['serial'])} که زودتر ثبت شد معتبر است."
            ),
        }

    __table_args__ = (
        Index("uq_workshop_certificates_serial", "serial", unique=True),
        Index(
            "uq_workshop_certificates_invitation_current",
            "invitation_id",
            unique=True,
            sqlite_where=_CURRENT,
            postgresql_where=_CURRENT,
        ),
    )


#: The one serial space of certificates (skill and workshop completion): the inquiry
#: looks a serial up in both tables, so ``next_code(..., shared=CERTIFICATE_SERIES)``
#: numbers each of them after the largest serial of this counter in either.
CERTIFICATE_SERIES: tuple[type[Numbered], ...] = (Certificate, WorkshopCertificate)
