"""The courses as registration sees them: which ones an applicant may choose (wizard
step 2) and what the review page and the introduction form say about one.

A course may be chosen when its state is ``open`` (ثبت‌نام باز), today is inside its
registration window, it has a free seat (enrollments that are registered or attending
hold one: ``models.holds_seat``), and its gender (and its standard's) admits the
applicant. The search box searches like every list (``OPEN_COURSES``, a ``Listing``:
every word in the course's, its standard's or its place's ``search_text``). The same rules
are checked again, authoritatively, inside the confirmation transaction
(``services.registration.registration.confirm_registration``).

No Qt; any thread (one short session per call, plain data out).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from desktop_app.documents.course import CourseInfo
from desktop_app.models import Course, Enrollment, Place, SkillStandard, Workshop, holds_seat, live
from desktop_app.persian import today
from desktop_app.persian.bidi import code as bidi_code
from desktop_app.services.accounts import access
from desktop_app.services.core.context import AppContext
from desktop_app.services.core.listing import Listing, ListQuery

OPEN_STATE = "open"


@dataclass(frozen=True)
class _Found:
    id: uuid.UUID


#: The courses the wizard offers, as the shared list machinery filters and searches them
#: (its statement is the subquery of ``open_courses``).
OPEN_COURSES: Listing[_Found] = Listing(
    model=Course,
    row=_Found,
    columns={"id": Course.id},
    search_column=Course.search_text.concat(" ")
    .concat(SkillStandard.search_text)
    .concat(" ")
    .concat(Place.search_text),
    filters={"state": Course.state, "province": Place.province, "kind": Course.kind},
    join=lambda stmt: stmt.join(SkillStandard, SkillStandard.id == Course.standard_id).join(
        Place, Place.id == Course.place_id
    ),
)


def _taken_subquery() -> Any:
    return (
        select(func.count(Enrollment.id))
        .where(
            Enrollment.course_id == Course.id,
            holds_seat(),
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
        .where(live(Course))
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


@access.operation(access.SIGNED_IN)
def course_info(ctx: AppContext, course_id: uuid.UUID | str) -> CourseInfo | None:
    try:
        key = course_id if isinstance(course_id, uuid.UUID) else uuid.UUID(str(course_id))
    except ValueError:
        return None
    with ctx.session() as session:
        return course_info_in(session, key)


@access.operation(access.SIGNED_IN)
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
    query = ListQuery(search=search, filters=(("state", OPEN_STATE),))
    query = query.with_filter("province", province).with_filter("kind", kind)
    # the list's filters and search, unordered and unlimited (the seats and the window
    # are decided below, on the few courses found)
    found = OPEN_COURSES.page_statement(query, 0, 0).order_by(None).limit(None).offset(None)
    stmt = _course_select().where(Course.id.in_(found))
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
