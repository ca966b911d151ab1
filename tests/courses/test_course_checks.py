"""The checks before submit, each failure named: trainer allowed to teach the standard,
trainer free at those hours, workshop active, free and big enough, dates inside the
registration window."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop_app.models import Workshop
from desktop_app.services.courses.course_workflow import (
    Actor,
    SubmitRefused,
    perform,
    submit_problems,
)
from desktop_app.services.courses.courses import Slot, get_course
from tests.courses.helpers import START, add_trainer


def refused(office, course) -> SubmitRefused:
    with pytest.raises(SubmitRefused) as info:
        perform(office.ctx, course.id, "submit")
    assert get_course(office.ctx, course.id).state == "draft"
    return info.value


def checks(error: SubmitRefused) -> set[str]:
    return {p.check for p in error.problems}


def test_a_good_course_passes_every_check(office):
    course = office.draft()
    assert submit_problems(office.ctx, course.id) == []
    assert perform(office.ctx, course.id, "submit") == "submitted"


def test_trainer_not_allowed_to_teach_the_standard(office):
    course = office.draft(trainer_ids=[office.other_trainer_id])
    error = refused(office, course)
    assert checks(error) == {"trainer_allowed"}
    assert "الهام صفری" in error.message and "برق‌کار ساختمان" in error.message
    assert error.field == "trainer_ids"


def test_inactive_trainer(office):
    idle = add_trainer(office.ctx, "رضا", "کریمی", ["7411/53/1/2"], active=False)
    error = refused(office, office.draft(trainer_ids=[idle]))
    assert checks(error) == {"trainer_allowed"} and "غیرفعال" in error.message


def test_trainer_busy_at_overlapping_hours(office):
    first = office.draft()
    perform(office.ctx, first.id, "submit")
    # same trainer, another workshop, Monday 10:00-14:00 overlaps Monday 08:00-12:00
    clash = office.draft(
        workshop_id=office.small_workshop_id,
        capacity=8,
        schedule=[Slot(2, "10:00", "14:00")],
        start_date=START + timedelta(days=30),
        end_date=START + timedelta(days=90),
        registration_close=START + timedelta(days=29),
    )
    error = refused(office, clash)
    assert checks(error) == {"trainer_busy"}
    assert "مهدی قاسمی" in error.message and first.code[-1] in error.message.translate(
        str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")
    )


def test_trainer_free_when_hours_or_dates_do_not_overlap(office):
    first = office.draft()
    perform(office.ctx, first.id, "submit")
    later_hours = office.draft(
        workshop_id=office.small_workshop_id, capacity=8, schedule=[Slot(2, "12:00", "16:00")]
    )
    assert submit_problems(office.ctx, later_hours.id) == []
    later_dates = office.draft(
        workshop_id=office.small_workshop_id,
        capacity=8,
        start_date=START + timedelta(days=61),
        end_date=START + timedelta(days=100),
        registration_close=START + timedelta(days=60),
    )
    assert submit_problems(office.ctx, later_dates.id) == []


def test_drafts_and_cancelled_courses_do_not_book_the_trainer(office):
    draft = office.draft()
    cancelled = office.draft()
    perform(office.ctx, cancelled.id, "submit")
    perform(office.ctx, cancelled.id, "cancel", "لغو", actor=Actor("اداره کل", "province"))
    assert submit_problems(office.ctx, draft.id) == []


def test_workshop_capacity_below_course_capacity(office):
    course = office.draft(workshop_id=office.small_workshop_id, capacity=12)
    error = refused(office, course)
    assert checks(error) == {"workshop_capacity"}
    assert "۱۲" in error.message and "۸" in error.message and "کارگاه کوچک" in error.message


def test_workshop_busy_and_inactive(office):
    first = office.draft()
    perform(office.ctx, first.id, "submit")
    other = office.draft(trainer_ids=[office.other_trainer_id])
    error = refused(office, other)
    assert {"workshop_busy", "trainer_allowed"} == checks(error)
    with office.ctx.session() as session:
        session.get(Workshop, office.small_workshop_id).status = "repair"
    broken = office.draft(
        workshop_id=office.small_workshop_id, capacity=8, schedule=[Slot(5, "08:00", "10:00")]
    )
    assert checks(refused(office, broken)) == {"workshop_active"}


def test_registration_must_close_by_the_start(office):
    course = office.draft(registration_close=START + timedelta(days=3))
    error = refused(office, course)
    assert checks(error) == {"dates"} and error.field == "registration_close"
    assert "ثبت‌نام" in error.message


def test_every_failure_is_named_at_once(office):
    course = office.draft(
        trainer_ids=[office.other_trainer_id],
        workshop_id=office.small_workshop_id,
        capacity=12,
        registration_close=START + timedelta(days=3),
    )
    error = refused(office, course)
    assert checks(error) == {"trainer_allowed", "workshop_capacity", "dates"}
    assert error.message.count("•") == 3
