"""The courses as registration sees them: which ones an applicant may choose (wizard
step 2) and what the review page and the introduction form say about one.

A course may be chosen when its state is ``open`` (ثبت‌نام باز), today is inside its
registration window, it has a free seat (enrollments that are registered or attending
hold one), and its gender (and its standard's) admits the applicant. The same rules
are checked again, authoritatively, inside the confirmation transaction
(``services.registration.confirm_registration``).

No Qt; any thread (one short session per call, plain data out).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from ..models import Course, Enrollment, Place, SkillStandard, Workshop
from ..persian import search_key, to_persian_digits, today
from ..persian.bidi import code as bidi_code
from .context import AppContext
from .courses import WEEKDAYS
from .listing import like_pattern, search_words
from .registration_data import SEAT_STATES

OPEN_STATE = "open"


@dataclass(frozen=True)
class CourseInfo:
    """A course with its standard, place and workshop, as plain data."""

    id: uuid.UUID
    code: str
    state: str
    kind: str
    standard_title: str
    standard_code: str
    total_hours: int
    min_age: int | None
    standard_gender: str
    place_name: str
    place_kind: str
    place_province: str
    place_city: str
    place_address: str
    place_phone: str
    workshop_name: str
    start_date: date | None
    end_date: date | None
    schedule: list[dict[str, Any]] = field(default_factory=list)
    capacity: int = 0
    taken: int = 0
    fee: int = 0
    gender: str = "mixed"
    registration_open: date | None = None
    registration_close: date | None = None

    @property
    def free_seats(self) -> int:
        return max(0, self.capacity - self.taken)

    def admits(self, gender: str) -> bool:
        """True when the course and its standard accept an applicant of ``gender``."""
        course_ok = self.gender in ("", "mixed") or not gender or self.gender == gender
        standard_ok = self.standard_gender in ("", "mixed") or not gender
        return course_ok and (standard_ok or self.standard_gender == gender)

    def window_open(self, on: date) -> bool:
        if self.registration_open is not None and on < self.registration_open:
            return False
        return self.registration_close is None or on <= self.registration_close


def _taken_subquery() -> Any:
    return (
        select(func.count(Enrollment.id))
        .where(
            Enrollment.course_id == Course.id,
            Enrollment.deleted_at.is_(None),
            Enrollment.state.in_(SEAT_STATES),
        )
        .correlate(Course)
        .scalar_subquery()
    )


def _course_select() -> Select[Any]:
    return (
        select(Course, SkillStandard, Place, Workshop, _taken_subquery().label("taken"))
        .join(SkillStandard, SkillStandard.id == Course.standard_id)
        .join(Place, Place.id == Course.place_id)
        .outerjoin(Workshop, Workshop.id == Course.workshop_id)
        .where(Course.deleted_at.is_(None))
    )


def _info(
    course: Course, standard: SkillStandard, place: Place, workshop: Workshop | None, taken: int
) -> CourseInfo:
    return CourseInfo(
        id=course.id,
        code=course.code,
        state=course.state,
        kind=course.kind,
        standard_title=standard.title,
        standard_code=standard.code,
        total_hours=standard.total_hours,
        min_age=standard.min_age,
        standard_gender=standard.gender or "",
        place_name=place.name,
        place_kind=place.kind,
        place_province=place.province,
        place_city=place.city,
        place_address=place.address,
        place_phone=place.phone,
        workshop_name=workshop.name if workshop is not None else "",
        start_date=course.start_date,
        end_date=course.end_date,
        schedule=list(course.schedule or []),
        capacity=course.capacity,
        taken=int(taken or 0),
        fee=course.fee,
        gender=course.gender,
        registration_open=course.registration_open,
        registration_close=course.registration_close,
    )


def course_info_in(session: Session, course_id: uuid.UUID) -> CourseInfo | None:
    """The course (live) with its seats taken, inside the caller's session."""
    row = session.execute(_course_select().where(Course.id == course_id)).first()
    return _info(*row) if row is not None else None


def course_info(ctx: AppContext, course_id: uuid.UUID | str) -> CourseInfo | None:
    try:
        key = course_id if isinstance(course_id, uuid.UUID) else uuid.UUID(str(course_id))
    except ValueError:
        return None
    with ctx.session() as session:
        return course_info_in(session, key)


def open_courses(
    ctx: AppContext,
    *,
    province: str = "",
    kind: str = "",
    gender: str = "",
    search: str = "",
    on: date | None = None,
    limit: int = 500,
) -> list[CourseInfo]:
    """Courses open for registration today, with a free seat, admitting ``gender``,
    in ``province`` and of ``kind`` when given, matching ``search`` (standard title or
    code, place, course code), soonest start first."""
    on = on or today()
    stmt = _course_select().where(Course.state == OPEN_STATE)
    if province:
        stmt = stmt.where(Place.province == province)
    if kind:
        stmt = stmt.where(Course.kind == kind)
    for word in search_words(search):
        pattern = like_pattern(word)
        stmt = stmt.where(
            Course.search_text.like(pattern, escape="\\")
            | SkillStandard.search_text.like(pattern, escape="\\")
            | Place.search_text.like(pattern, escape="\\")
        )
    stmt = stmt.order_by(Course.start_date, Course.code)
    with ctx.session() as session:
        infos = [_info(*row) for row in session.execute(stmt)]
    chosen = [
        info
        for info in infos
        if info.free_seats > 0 and info.window_open(on) and info.admits(gender)
    ]
    return chosen[:limit]


def course_label(info: CourseInfo) -> str:
    """ "standard title — place (code)" for pickers and lists."""
    return f"{info.standard_title} — {info.place_name} ({bidi_code(info.code)})"


def schedule_text(schedule: list[dict[str, Any]]) -> str:
    """ "شنبه ۰۸:۰۰ تا ۱۲:۰۰، دوشنبه …" in Persian digits."""
    parts = []
    for slot in schedule:
        day = int(slot.get("day", 0))
        name = WEEKDAYS[day] if 0 <= day < len(WEEKDAYS) else ""
        parts.append(f"{name} {slot.get('start', '')} تا {slot.get('end', '')}")
    return to_persian_digits("، ".join(parts))


def course_search_key(info: CourseInfo) -> str:
    return search_key(f"{info.standard_title} {info.standard_code} {info.place_name} {info.code}")
