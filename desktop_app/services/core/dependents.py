"""Referential integrity on delete: "who still points at this record?" in one place.

A record is never physically deleted (it gets a tombstone), so the database's foreign
keys never stop a delete; the services do. A delete service names what may depend on
its record as ``Dependent``s (a model, its column that points here, and any extra
condition) and calls ``refuse_if_depended``, which counts the LIVE dependents of each
kind in the same session and, if any, raises one ``ServiceError`` naming them all with
their counts:

    «مکان «مرکز ۱ گرگان» ۳ کارگاه و ۱۲ قلم تجهیزات دارد؛ ابتدا آن‌ها را منتقل یا حذف کنید.»

What does NOT block a delete (decided here for every section):

- tombstoned rows (``deleted_at`` set) — they are history, kept for sync;
- finished or cancelled courses (``course_workflow.FINAL_STATES``) — history too: they
  keep pointing at the tombstoned place, workshop or trainer, whose name still prints;
- a place's *closed* workshops that nothing else depends on (they are tombstoned with
  the place; ``places.delete_place``);
- an item's move history (``EquipmentMove``) and a trainer's own education and
  retraining rows (tombstoned with their owner).

No Qt; any thread (called inside the caller's session).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from desktop_app.models import Course, CourseTrainer, live
from desktop_app.persian import to_persian_digits
from desktop_app.services.core.errors import ServiceError
from desktop_app.services.courses.course_workflow import FINAL_STATES

#: The closing sentence of every refusal.
MOVE_OR_DELETE_FIRST = "ابتدا آن‌ها را منتقل یا حذف کنید."


@dataclass(frozen=True)
class Dependent:
    """One kind of record that may point at the record being deleted.

    ``noun`` is how its count reads in Persian ("کارگاه فعال", "قلم تجهیزات");
    ``column`` is its column holding the deleted record's id; ``where`` narrows it
    (e.g. only unfinished courses). Only live rows (no tombstone) are counted."""

    noun: str
    model: Any
    column: Any
    where: tuple[ColumnElement[bool], ...] = ()
    #: Added after the closing sentence when this kind blocks (how to clear it).
    hint: str = ""

    def count(self, session: Session, record_id: uuid.UUID) -> int:
        stmt = (
            select(func.count())
            .select_from(self.model)
            .where(self.column == record_id, live(self.model), *self.where)
        )
        return int(session.execute(stmt).scalar_one())


@dataclass(frozen=True)
class Blocker:
    noun: str
    count: int
    hint: str = field(default="", compare=False)

    def __str__(self) -> str:
        return f"{to_persian_digits(self.count)} {self.noun}"


def live_dependents(
    session: Session, record_id: uuid.UUID, dependents: Sequence[Dependent]
) -> list[Blocker]:
    """The kinds of live records still pointing at ``record_id``, with their counts."""
    found = [Blocker(d.noun, d.count(session, record_id), d.hint) for d in dependents]
    return [b for b in found if b.count]


def persian_list(items: Sequence[str]) -> str:
    """ "الف"، "الف و ب"، "الف، ب و ج"."""
    if len(items) <= 1:
        return "".join(items)
    return "، ".join(items[:-1]) + " و " + items[-1]


def refuse_if_depended(
    session: Session, subject: str, record_id: uuid.UUID, dependents: Sequence[Dependent]
) -> None:
    """Raise one ``ServiceError`` naming every live dependent of ``record_id``.

    ``subject`` starts the sentence, e.g. «مکان «مرکز ۱ گرگان»»."""
    blockers = live_dependents(session, record_id, dependents)
    if not blockers:
        return
    hints = []
    for blocker in blockers:
        if blocker.hint and blocker.hint not in hints:
            hints.append(blocker.hint)
    message = f"{subject} {persian_list([str(b) for b in blockers])} دارد؛ {MOVE_OR_DELETE_FIRST}"
    raise ServiceError(" ".join([message, *hints]))


# -- the kinds every section shares ------------------------------------------------------

#: A course that is not finished or cancelled (a draft included: saving it would fail).
UNFINISHED_COURSE = Course.state.not_in(sorted(FINAL_STATES))
COURSE_HINT = "دوره‌ای را که ارسال شده با «لغو دوره» کنار بگذارید."


def unfinished_courses(column: Any) -> Dependent:
    """Courses (not finished or cancelled) whose ``column`` points here."""
    return Dependent("دورهٔ تمام‌نشده", Course, column, (UNFINISHED_COURSE,), COURSE_HINT)


#: A trainer's links to unfinished, live courses.
TRAINER_COURSES = Dependent(
    "دورهٔ تمام‌نشده",
    CourseTrainer,
    CourseTrainer.trainer_id,
    (CourseTrainer.course_id.in_(select(Course.id).where(live(Course), UNFINISHED_COURSE)),),
    "مربیِ دوره را در فرم دوره عوض کنید یا دوره را لغو کنید.",
)
