"""Skill standards and training courses with their approval trail. No Qt; any thread.

``SkillStandard`` (استاندارد آموزشی): title, standard code (unique among live
standards), hours (total = theory + practice), occupation group, and the optional
rules later issues use (minimum age and gender for registration, pass marks for
certificates).

``Course`` (دوره آموزشی): a standard taught at a place, in one of its workshops, by
one or more trainers (``CourseTrainer`` rows: records of their own, so adding or
removing a trainer syncs and tombstones like any other record), on a weekly schedule
(a JSON list of ``{"day": 0-6 (Saturday = 0), "start": "HH:MM", "end": "HH:MM"}``).
Its human-facing ``code`` is unique across offices without a server: it is the
office code, a dash and a per-office counter (``code_office`` + ``code_number``;
only that office ever hands out numbers under its own code).

``CourseTransition`` records every workflow step: who (name, level, office), when,
from which state to which, and the clerk's note (the reason of a rejection).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Uuid,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from .base import Record, utcnow
from .numbering import Numbered


class SkillStandard(Record):
    """استاندارد آموزشی: what a course teaches and for how many hours."""

    __tablename__ = "skill_standards"
    #: a standard is national: two offices that type the same code mean the same standard
    __natural_keys__ = (("code",),)

    title: Mapped[str] = mapped_column(String(200), default="", index=True)
    code: Mapped[str] = mapped_column(String(40), default="")
    total_hours: Mapped[int] = mapped_column(Integer, default=0)
    theory_hours: Mapped[int] = mapped_column(Integer, default=0)
    practice_hours: Mapped[int] = mapped_column(Integer, default=0)
    occupation_group: Mapped[str] = mapped_column(String(80), default="")
    min_age: Mapped[int | None] = mapped_column(Integer, default=None)
    gender: Mapped[str] = mapped_column(String(10), default="")  # "" any, male, female
    pass_mark_theory: Mapped[int | None] = mapped_column(Integer, default=None)
    pass_mark_practice: Mapped[int | None] = mapped_column(Integer, default=None)
    search_text: Mapped[str] = mapped_column(Text, default="", index=True)

    __table_args__ = (
        Index(
            "uq_skill_standards_code_live",
            "code",
            unique=True,
            sqlite_where=text("deleted_at IS NULL"),
            postgresql_where=text("deleted_at IS NULL"),
        ),
    )


class Course(Numbered, Record):
    """دوره آموزشی: one run of a standard at a place, with its workflow state."""

    __tablename__ = "courses"
    __code_column__ = "code"
    __code_width__ = 5
    # A workflow decision made on a stale copy is refused by the server as a conflict,
    # so the decision of the level that saw the current version stands (docs/sync.md).
    __sync_strict_fields__ = ("state",)

    code: Mapped[str] = mapped_column(String(40), default="")
    standard_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("skill_standards.id"), index=True
    )
    place_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("places.id"), index=True)
    workshop_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("workshops.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="public", index=True)
    delivery_setting: Mapped[str] = mapped_column(String(20), default="urban")
    start_date: Mapped[date | None] = mapped_column(Date, default=None, index=True)
    end_date: Mapped[date | None] = mapped_column(Date, default=None)
    schedule: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    capacity: Mapped[int] = mapped_column(Integer, default=0)
    fee: Mapped[int] = mapped_column(Integer, default=0)  # rial per trainee
    gender: Mapped[str] = mapped_column(String(10), default="mixed")
    registration_open: Mapped[date | None] = mapped_column(Date, default=None)
    registration_close: Mapped[date | None] = mapped_column(Date, default=None)
    state: Mapped[str] = mapped_column(String(30), default="draft", index=True)
    needs_headquarters: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    search_text: Mapped[str] = mapped_column(Text, default="", index=True)

    __table_args__ = (
        Index(
            "uq_courses_code_live",
            "code",
            unique=True,
            sqlite_where=text("deleted_at IS NULL"),
            postgresql_where=text("deleted_at IS NULL"),
        ),
    )


class CourseTrainer(Record):
    """A trainer teaching a course (one row per pair; removing tombstones the row)."""

    __tablename__ = "course_trainers"

    course_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("courses.id"), index=True)
    trainer_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("trainers.id"), index=True)


class CourseTransition(Record):
    """One step of a course's workflow: who moved it from which state to which, and why."""

    __tablename__ = "course_transitions"

    course_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("courses.id"), index=True)
    action: Mapped[str] = mapped_column(String(30), default="")
    from_state: Mapped[str] = mapped_column(String(30), default="")
    to_state: Mapped[str] = mapped_column(String(30), default="")
    actor_name: Mapped[str] = mapped_column(String(200), default="")
    actor_level: Mapped[str] = mapped_column(String(20), default="")
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    note: Mapped[str] = mapped_column(Text, default="")
