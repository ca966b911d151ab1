"""Fixtures of the certificate tests: an office with a finished course whose three
trainees passed and hold certificates (the second one revoked)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from desktop_app.models import Certificate
from desktop_app.services.certificates.certificates import (
    ScoreEntry,
    issue_certificates,
    record_scores,
    revoke_certificate,
)
from tests.certificates.helpers import finished_course


@dataclass
class Holder:
    serial: str
    national_code: str
    name: str
    verification_code: str


def issue_all(ctx, office: str = "2701", code_seed: int = 0, course_id=None) -> list[Holder]:
    course = finished_course(
        ctx, office=office, trainees=3, code_seed=code_seed, course_id=course_id
    )
    record_scores(ctx, course.course_id, [ScoreEntry(e, 90, 90) for e in course.enrollments])
    issue_certificates(ctx, course.course_id)
    with ctx.session() as s:
        certs = s.query(Certificate).order_by(Certificate.serial).all()
        return [
            Holder(c.serial, c.national_code, f"{c.first_name} {c.last_name}", c.verification_code)
            for c in certs
        ]


@pytest.fixture
def holders(ctx) -> list[Holder]:
    """Three certificates of office 2701; the second is revoked."""
    found = issue_all(ctx)
    revoke_certificate(ctx, found[1].serial, "تقلب در آزمون عملی")
    return found
