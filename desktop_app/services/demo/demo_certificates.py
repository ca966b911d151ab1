"""Demo certificates on the demo course that has already finished (its dates are in
the past; ``demo_courses`` walks it through the real workflow): seven trainees made
like ``demo_registration``'s (its form maker, photos included) are enrolled in it as
they would have been months ago (written on the models, since the registration
service rightly refuses a closed course; tracking codes from its counter), then
everything else
goes through the real services: exam scores (one trainee fails theory), certificates
issued ten days after the course ended, one re-issued, one revoked, and a few
inquiries answered. Runs after the registrations filler. No Qt.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select

from desktop_app.models import Course, Enrollment, Trainee, live, utcnow
from desktop_app.services.accounts import access
from desktop_app.services.certificates.certificate_inquiry import InquiryRequest, inquire
from desktop_app.services.certificates.certificates import (
    ScoreEntry,
    issue_certificates,
    record_scores,
    reissue_certificate,
    revoke_certificate,
    score_sheet,
)
from desktop_app.services.core.context import AppContext
from desktop_app.services.core.records import new_record, office_code
from desktop_app.services.demo.demo_registration import _form
from desktop_app.services.registration.registration import _PERSON_FIELDS as PERSON_FIELDS
from desktop_app.services.registration.registration import next_tracking_code, trainee_search_text
from desktop_app.services.registration.registration_courses import course_info_in
from desktop_app.services.registration.trainees import enrollment_search_text


def _enroll_past_course(ctx: AppContext) -> Course | None:
    """Trainees enrolled (months ago) in the finished demo course; returns the course."""
    rng = random.Random(1403)
    with ctx.session() as session:
        course = session.scalars(
            select(Course).where(live(Course), Course.state == "finished").order_by(Course.end_date)
        ).first()
        info = course_info_in(session, course.id) if course is not None else None
        if course is None or course.end_date is None or info is None:
            return None
        gender = course.gender if course.gender in ("male", "female") else "female"
        office = office_code(session)
        opened = course.registration_open or course.start_date or course.end_date
        for index in range(7):
            form = _form(rng, info, 500 + index, gender)
            trainee = new_record(session, Trainee)
            for name in PERSON_FIELDS:
                setattr(trainee, name, getattr(form, name))
            trainee.search_text = trainee_search_text(trainee)
            session.flush()
            issued = next_tracking_code(session, office)
            enrollment = new_record(session, Enrollment)
            enrollment.trainee_id, enrollment.course_id = trainee.id, course.id
            issued.assign(enrollment)
            code = issued.code
            enrollment.state = "finished"
            enrollment.confirmed_at = datetime.combine(
                opened + timedelta(days=index), time(9, 30), tzinfo=UTC
            )
            enrollment.search_text = enrollment_search_text(
                trainee, code, course.code, info.standard_title
            )
            session.flush()
        session.expunge(course)
        return course


@access.operation(access.ENTER)
def fill_certificates(ctx: AppContext) -> None:
    course = _enroll_past_course(ctx)
    if course is None or course.end_date is None:
        return
    rng = random.Random(1405)
    sheet = score_sheet(ctx, course.id)
    entries = [
        ScoreEntry(line.enrollment_id, rng.randint(55, 98), rng.randint(70, 100))
        for line in sheet.lines
    ]
    if entries:
        entries[-1] = ScoreEntry(entries[-1].enrollment_id, 35, 80)  # fails theory
    record_scores(ctx, course.id, entries)
    issued_on = course.end_date + timedelta(days=10)
    serials = issue_certificates(ctx, course.id, on=issued_on).issued
    if len(serials) >= 3:
        reissue_certificate(ctx, serials[0])
        revoke_certificate(ctx, serials[1], "مغایرت مدارک هویتی با پرونده")
    after = score_sheet(ctx, course.id)
    holders = [line for line in after.lines if line.serial]
    asks = [
        ("agency", "سفارت جمهوری فدرال آلمان", 0, True, 26 * 60),  # a letter: a day
        ("agency", "شرکت ساختمانی البرز", 1, True, 180),
        ("person", "محمد نوری", 2, False, 7),  # at the counter: minutes
    ]
    for kind, name, index, right_code, minutes in asks:
        if index >= len(holders):
            break
        holder = holders[index]
        code = holder.national_code if right_code else "0012345679"
        inquire(
            ctx,
            InquiryRequest(
                holder.serial,
                code,
                asker_kind=kind,
                asker_name=name,
                letter_number=f"{100 + index}/۵" if kind == "agency" else "",
                asked_at=utcnow() - timedelta(minutes=minutes),
            ),
        )
