"""Printing a course: the announcement and the roster, by course code or id.

Builds the plain ``CourseSheet`` the report needs from the database and writes the
PDF. The roster's lines are the course's enrolled trainees
(``services.registration.trainees.roster_lines``: registered, attending or finished).

No Qt; worker threads, CLI and tests.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from sqlalchemy import select

from desktop_app.documents.course import COURSE_KINDS, CourseSheet, Roster
from desktop_app.models import Course, CourseTrainer, Place, SkillStandard, Trainer, Workshop, live
from desktop_app.reports.course import write_course_announcement, write_course_roster
from desktop_app.services.accounts import access
from desktop_app.services.core.context import AppContext
from desktop_app.services.courses.course_workflow import STATES
from desktop_app.services.courses.courses import (
    COURSE_GENDERS,
    DELIVERY_SETTINGS,
    Slot,
    find_course,
    weekly_hours,
)
from desktop_app.services.office.settings import load_office_settings
from desktop_app.services.places.places import PLACE_KINDS

#: States in which a course is approved by every level it needs.
APPROVED_STATES = frozenset({"open", "running", "finished", "hq_approved"})


@access.operation(access.PRINT)
def course_sheet(ctx: AppContext, course_id: uuid.UUID) -> CourseSheet:
    settings = load_office_settings(ctx)
    with ctx.session() as session:
        course = session.get(Course, course_id)
        assert course is not None
        standard = session.get(SkillStandard, course.standard_id)
        place = session.get(Place, course.place_id)
        workshop = session.get(Workshop, course.workshop_id)
        assert standard is not None and place is not None and workshop is not None
        trainers = session.execute(
            select(Trainer.first_name, Trainer.last_name)
            .join(CourseTrainer, CourseTrainer.trainer_id == Trainer.id)
            .where(CourseTrainer.course_id == course.id, live(CourseTrainer))
            .order_by(CourseTrainer.created_at)
        ).all()
        slots = [Slot(s["day"], s["start"], s["end"]) for s in course.schedule or []]
        approved = course.state in APPROVED_STATES or (
            course.state == "province_approved" and not course.needs_headquarters
        )
        return CourseSheet(
            agency=settings.agency,
            office_name=settings.office_name,
            code=course.code,
            state_label=STATES.get(course.state, course.state),
            approved=approved,
            standard_title=standard.title,
            standard_code=standard.code,
            total_hours=standard.total_hours,
            theory_hours=standard.theory_hours,
            practice_hours=standard.practice_hours,
            occupation_group=standard.occupation_group,
            place_name=place.name,
            place_kind_label=PLACE_KINDS.get(place.kind, place.kind),
            place_address=place.address,
            place_phone=place.phone,
            workshop_name=workshop.name,
            trainers=[f"{t.first_name} {t.last_name}" for t in trainers],
            kind_label=COURSE_KINDS.get(course.kind, course.kind),
            delivery_label=DELIVERY_SETTINGS.get(course.delivery_setting, course.delivery_setting),
            gender_label=COURSE_GENDERS.get(course.gender, course.gender),
            start_date=course.start_date,
            end_date=course.end_date,
            schedule=[slot.text() for slot in slots],
            weekly_hours=weekly_hours(slots),
            capacity=course.capacity,
            fee=course.fee,
            registration_open=course.registration_open,
            registration_close=course.registration_close,
            registration_card_fee=settings.registration_fee,
            min_age=standard.min_age,
            note=course.note,
        )


@access.operation(access.PRINT)
def print_course_announcement(ctx: AppContext, code_or_id: str, output: Path) -> Path:
    course = find_course(ctx, code_or_id)
    assert course.id is not None
    write_course_announcement(output, course_sheet(ctx, course.id))
    return output


@access.operation(access.PRINT)
def print_course_roster(ctx: AppContext, code_or_id: str, output: Path) -> Path:
    """The roster of the course: its enrolled trainees."""
    from desktop_app.services.registration.trainees import roster_lines

    course = find_course(ctx, code_or_id)
    assert course.id is not None
    lines = roster_lines(ctx, course.id)
    write_course_roster(output, Roster(course_sheet(ctx, course.id), lines=lines))
    return output
