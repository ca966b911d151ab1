"""Helpers of the certificate tests: a finished course with enrolled trainees (through
the real registration service), national codes with a right check digit."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from desktop_app.models import Course, SkillStandard
from desktop_app.services.registration.registration import confirm_registration
from tests.registration.helpers import make_course, set_office, valid_form


def national_code(n: int) -> str:
    """A valid national code (right check digit) made from ``n``."""
    body = f"{(n * 7919 + 1234567) % 10**9:09d}"
    r = sum(int(body[i]) * (10 - i) for i in range(9)) % 11
    return body + str(r if r < 2 else 11 - r)


NAMES = [("علی", "رضایی"), ("مریم", "احمدی"), ("حسین", "کریمی"), ("زهرا", "موسوی")]


@dataclass
class FinishedCourse:
    course_id: uuid.UUID
    enrollments: list[uuid.UUID]
    national_codes: list[str]


def finished_course(
    ctx,
    office: str = "2701",
    trainees: int = 3,
    pass_marks: tuple[int | None, int | None] = (None, None),
    code_seed: int = 0,
    course_id: uuid.UUID | None = None,
) -> FinishedCourse:
    """An office, a course with ``trainees`` confirmed registrations, then finished
    (``course_id``: an open course made already, else a new one)."""
    set_office(ctx, code=office)
    if course_id is None:
        course_id = make_course(ctx, code=f"{office}-{code_seed + 1:05d}")
    enrollments, codes = [], []
    for i in range(trainees):
        first, last = NAMES[i % len(NAMES)]
        code = national_code(code_seed * 100 + i + 1)
        form = valid_form(
            course_id,
            national_code=code,
            first_name=first,
            last_name=last,
            gender="female" if first in ("مریم", "زهرا") else "male",
        )
        enrollments.append(confirm_registration(ctx, form).enrollment_id)
        codes.append(code)
    with ctx.session() as session:
        course = session.get(Course, course_id)
        course.state = "finished"
        standard = session.get(SkillStandard, course.standard_id)
        standard.pass_mark_theory, standard.pass_mark_practice = pass_marks
    return FinishedCourse(course_id, enrollments, codes)
