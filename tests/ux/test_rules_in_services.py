"""Rules of issue 17 that live in the services: workflow steps check their dates,
introduction forms are refused for finished or cancelled courses, the SLA sends people
to the desk of the card's own agency and reads right when documents are empty."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from desktop_app.models import Course, Enrollment
from desktop_app.persian import today
from desktop_app.persian.bidi import ISOLATES, LRI, PDI, code, strip_isolates
from desktop_app.services.catalog.service_cards import find_card
from desktop_app.services.catalog.sla import default_sla_text, service_desk
from desktop_app.services.core.errors import ServiceError
from desktop_app.services.courses.course_workflow import perform
from desktop_app.services.demo.demo import fill_demo
from desktop_app.services.office.settings import load_office_settings
from desktop_app.services.registration.introduction import introduction_data


@pytest.fixture
def demo(ctx):
    fill_demo(ctx, report=lambda _t: None)
    return ctx


def _course(ctx, state):
    with ctx.session() as session:
        return (
            session.query(Course)
            .filter(Course.state == state, Course.deleted_at.is_(None))
            .order_by(Course.code)
            .first()
        )


def test_start_and_finish_check_the_course_dates(demo):
    course = _course(demo, "open")
    assert course.start_date > today()
    with pytest.raises(ServiceError, match="آغاز می‌شود"):
        perform(demo, course.id, "start")
    running = _course(demo, "running")
    if running.end_date > today():
        with pytest.raises(ServiceError, match="ادامه دارد"):
            perform(demo, running.id, "finish")
    # once its day has come the step is taken
    with demo.session() as session:
        row = session.get(Course, course.id)
        row.start_date = today() - timedelta(days=1)
    assert perform(demo, course.id, "start") == "running"


@pytest.mark.parametrize("state", ["finished", "cancelled"])
def test_no_introduction_form_for_a_finished_or_cancelled_course(demo, state):
    with demo.session() as session:
        course = _course(demo, state)
        enrollment = session.query(Enrollment).filter(Enrollment.course_id == course.id).first()
        if enrollment is None:  # the demo enrolls nobody there: move one enrollment over
            enrollment = session.query(Enrollment).first()
            enrollment.course_id = course.id
        code_ = enrollment.tracking_code
    with pytest.raises(ServiceError) as refused:
        introduction_data(demo, code_)
    assert "فرم معرفی" in refused.value.message and "صادر نمی‌شود" in refused.value.message


def test_sla_names_the_desk_of_the_cards_own_agency(demo):
    office = load_office_settings(demo)
    welfare = find_card(demo, "19071058105")
    text = default_sla_text(welfare, office)
    everything = "\n".join(body for _h, body in text.sections())
    assert office.office_name not in everything
    assert "سازمان بهزیستی کشور" in service_desk(welfare, office)
    own = find_card(demo, "18051045000")
    assert office.office_name in service_desk(own, office)


def test_sla_documents_read_right_when_none_or_empty(demo):
    office = load_office_settings(demo)
    welfare = find_card(demo, "19071058105")
    assert welfare.required_documents.startswith("مدرکی لازم نیست")
    sentence = default_sla_text(welfare, office).obligations
    assert "(مدرکی لازم نیست)" not in sentence and "مدرکی لازم نیست؛" in sentence
    empty = default_sla_text(replace(welfare, required_documents=""), office).obligations
    assert "مدارک اعلام شده در شناسنامه خدمت را" in empty and "()" not in empty


def test_one_isolation_rule():
    assert code("2701-000017") == f"{LRI}۲۷۰۱-۰۰۰۰۱۷{PDI}"
    assert strip_isolates(f"کد رهگیری: {code('2701-000017')}") == "کد رهگیری: ۲۷۰۱-۰۰۰۰۱۷"
    assert code("") == "" and not (set(strip_isolates(code("x/y/"))) & ISOLATES)
