"""The course workflow as a state machine: every (state, action, level) pair against an
independent table of the legal steps, random sequences never reaching an undefined
state (hypothesis), and the recorded steps (who, when, from, to, note)."""

from __future__ import annotations

import itertools
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.models import CourseTransition
from desktop_app.services.core.errors import ServiceError
from desktop_app.services.courses.course_workflow import (
    ACTIONS,
    FINAL_STATES,
    STATES,
    Actor,
    allowed_actions,
    current_actor,
    next_state,
    perform,
    timeline,
    workflow_view,
)
from desktop_app.services.courses.courses import get_course, save_course
from tests.courses.helpers import set_level

LEVELS = ("center", "province", "headquarters")
CENTER_CANCELS = {"draft", "province_rejected", "hq_rejected", "province_approved"}
CENTER_CANCELS |= {"hq_approved", "open"}
ABOVE_CANCELS = {"submitted", "province_approved", "province_rejected", "hq_approved"}
ABOVE_CANCELS |= {"hq_rejected", "open", "running"}


def legal(state: str, action: str, level: str, needs_hq: bool) -> str | None:
    """The workflow as the issue describes it, written independently of the service."""
    if action == "submit" and level == "center":
        return "submitted" if state in ("draft", "province_rejected", "hq_rejected") else None
    if action in ("province_approve", "province_reject") and level == "province":
        if state == "submitted":
            return "province_approved" if action == "province_approve" else "province_rejected"
    if action in ("hq_approve", "hq_reject") and level == "headquarters" and needs_hq:
        if state == "province_approved":
            return "hq_approved" if action == "hq_approve" else "hq_rejected"
    if action == "open_registration" and level == "center":
        if state == "hq_approved" or (state == "province_approved" and not needs_hq):
            return "open"
    if action == "start" and level == "center" and state == "open":
        return "running"
    if action == "finish" and level == "center" and state == "running":
        return "finished"
    if action == "cancel":
        allowed = CENTER_CANCELS if level == "center" else ABOVE_CANCELS
        return "cancelled" if state in allowed else None
    return None


def is_persian(text: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" for c in text)


@pytest.mark.parametrize("needs_hq", [False, True])
@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize("state", sorted(STATES))
def test_every_pair_is_legal_exactly_when_the_rules_say(state, action, level, needs_hq):
    expected = legal(state, action, level, needs_hq)
    if expected is None:
        with pytest.raises(ServiceError) as info:
            next_state(state, action, level, needs_hq)
        assert is_persian(info.value.message)
        assert action not in allowed_actions(state, level, needs_hq)
    else:
        assert next_state(state, action, level, needs_hq) == expected
        assert action in allowed_actions(state, level, needs_hq)


def test_unknown_action_and_state_are_refused():
    with pytest.raises(ServiceError):
        next_state("draft", "approve_everything", "headquarters", True)
    with pytest.raises(ServiceError):
        next_state("limbo", "submit", "center", False)


@settings(max_examples=300, deadline=None)
@given(
    needs_hq=st.booleans(),
    steps=st.lists(st.tuples(st.sampled_from(sorted(ACTIONS)), st.sampled_from(LEVELS))),
)
def test_random_sequences_never_reach_an_undefined_state(needs_hq, steps):
    state = "draft"
    for action, level in steps:
        try:
            new = next_state(state, action, level, needs_hq)
        except ServiceError:
            continue
        assert new in STATES
        assert state not in FINAL_STATES  # nothing leaves finished or cancelled
        assert new == legal(state, action, level, needs_hq)
        state = new
    assert state in STATES


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(st.tuples(st.sampled_from(sorted(ACTIONS)), st.sampled_from(LEVELS))))
def test_random_sequences_on_the_database_keep_a_consistent_trail(office, steps):
    course = office.draft(capacity=10)
    state, taken = "draft", 0
    for action, level in steps:
        try:
            state = perform(office.ctx, course.id, action, "دلیل آزمایشی", actor=Actor("x", level))
            taken += 1
        except ServiceError as exc:
            assert is_persian(exc.message)
        assert get_course(office.ctx, course.id).state == state in STATES
    trail = timeline(office.ctx, course.id)
    assert len(trail) == taken
    previous = "draft"
    for step in trail:  # each step starts where the last one ended
        assert step.from_state == previous
        previous = step.to_state
    assert previous == state


def test_full_walk_with_headquarters_and_the_recorded_steps(office):
    ctx = office.ctx
    course = office.draft(place_id=office.institute_id, workshop_id=office.institute_workshop_id)
    assert course.kind == "private"  # a course at a private institute is آزاد
    perform(ctx, course.id, "submit")
    set_level(ctx, "province")
    assert workflow_view(ctx, course.id).actions == [
        "province_approve",
        "province_reject",
        "cancel",
    ]
    perform(ctx, course.id, "province_approve")
    with pytest.raises(ServiceError, match="ستاد"):  # private: headquarters first
        perform(ctx, course.id, "open_registration", actor=Actor("مرکز", "center"))
    set_level(ctx, "headquarters")
    perform(ctx, course.id, "hq_approve", "تأیید شد")
    set_level(ctx, "center")
    for action in ("open_registration", "start", "finish"):
        perform(ctx, course.id, action)
    steps = timeline(ctx, course.id)
    assert [(s.from_state, s.to_state) for s in steps] == [
        ("draft", "submitted"),
        ("submitted", "province_approved"),
        ("province_approved", "hq_approved"),
        ("hq_approved", "open"),
        ("open", "running"),
        ("running", "finished"),
    ]
    assert [s.actor_level for s in steps] == [
        "center",
        "province",
        "headquarters",
        "center",
        "center",
        "center",
    ]
    assert steps[1].actor_name == "اداره province" and steps[2].note == "تأیید شد"
    assert all(a.at <= b.at for a, b in itertools.pairwise(steps))
    with pytest.raises(ServiceError, match="پایان‌یافته"):
        perform(ctx, course.id, "cancel", "دیر شد")


def test_public_short_course_skips_headquarters(office):
    ctx = office.ctx
    course = office.draft()
    perform(ctx, course.id, "submit")
    perform(ctx, course.id, "province_approve", actor=Actor("اداره کل", "province"))
    with pytest.raises(ServiceError, match="نیاز ندارد"):
        perform(ctx, course.id, "hq_approve", actor=Actor("ستاد", "headquarters"))
    assert perform(ctx, course.id, "open_registration") == "open"


def test_long_public_course_needs_headquarters(office):
    ctx = office.ctx
    course = office.draft(standard_id=office.long_standard_id)
    perform(ctx, course.id, "submit")
    perform(ctx, course.id, "province_approve", actor=Actor("اداره کل", "province"))
    set_level(ctx, "headquarters")
    assert "hq_approve" in workflow_view(ctx, course.id).actions


def test_reject_needs_a_reason_and_the_center_edits_and_resubmits(office):
    ctx = office.ctx
    course = office.draft()
    perform(ctx, course.id, "submit")
    province = Actor("اداره کل گلستان", "province")
    with pytest.raises(ServiceError) as info:
        perform(ctx, course.id, "province_reject", "  ", actor=province)
    assert info.value.field == "note" and "دلیل" in info.value.message
    perform(ctx, course.id, "province_reject", "ظرفیت زیاد است", actor=province)
    rejected = get_course(ctx, course.id)
    assert rejected.state == "province_rejected"
    edited = save_course(ctx, office.course(id=rejected.id, version=rejected.version, capacity=12))
    assert edited.state == "province_rejected" and edited.capacity == 12
    perform(ctx, course.id, "submit")
    assert get_course(ctx, course.id).state == "submitted"
    assert timeline(ctx, course.id)[1].note == "ظرفیت زیاد است"


def test_illegal_steps_change_nothing_and_record_nothing(office):
    ctx = office.ctx
    course = office.draft()
    with pytest.raises(ServiceError) as info:
        perform(ctx, course.id, "province_approve")  # the office is a center
    assert "اداره کل" in info.value.message
    with pytest.raises(ServiceError):
        perform(ctx, course.id, "start")
    assert get_course(ctx, course.id).state == "draft"
    with ctx.session() as session:
        assert session.query(CourseTransition).count() == 0


def test_submitted_course_cannot_be_edited_or_deleted(office):
    from desktop_app.services.courses.courses import delete_course

    ctx = office.ctx
    course = office.draft()
    perform(ctx, course.id, "submit")
    stored = get_course(ctx, course.id)
    with pytest.raises(ServiceError, match="ویرایش نمی‌شود"):
        save_course(ctx, office.course(id=stored.id, version=stored.version, capacity=5))
    with pytest.raises(ServiceError, match="پیش‌نویس"):
        delete_course(ctx, course.id)


def test_only_the_center_level_creates_courses(office):
    set_level(office.ctx, "province")
    with pytest.raises(ServiceError, match="مرکز"):
        office.draft()


def test_current_actor_is_the_office_at_its_level(ctx):
    set_level(ctx, "headquarters", "10")
    actor = current_actor(ctx)
    assert actor.level == "headquarters" and actor.office == "10"
    assert actor.name == "اداره headquarters"


def test_stale_version_is_refused(office):
    course = office.draft()
    with pytest.raises(ServiceError, match="تغییر کرده"):
        perform(office.ctx, course.id, "submit", version=course.version + 1)


def test_missing_course(office):
    with pytest.raises(ServiceError):
        perform(office.ctx, uuid.uuid4(), "submit")
