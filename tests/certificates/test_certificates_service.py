"""Scores, the scoring rule, issuing (idempotent), re-issue, revocation, serials."""

from __future__ import annotations

import pytest

from desktop_app.models import Certificate, SkillStandard
from desktop_app.services.accounts.access import system_actor
from desktop_app.services.certificates.certificates import (
    DEFAULT_PASS_PRACTICE,
    DEFAULT_PASS_THEORY,
    PassMarks,
    ScoreEntry,
    has_passed,
    issue_certificates,
    pass_marks,
    record_scores,
    reissue_certificate,
    revoke_certificate,
    score_sheet,
)
from desktop_app.services.core.context import AppContext
from desktop_app.services.core.errors import ServiceError
from desktop_app.sync.certificate_answer import serial_key
from tests.certificates.helpers import finished_course


def test_scoring_rule_needs_both_marks():
    marks = PassMarks(50, 70)
    assert has_passed(50, 70, marks)
    assert not has_passed(49, 100, marks)
    assert not has_passed(100, 69, marks)
    assert not has_passed(None, 90, marks)
    assert not has_passed(90, None, marks)


def test_standard_pass_marks_or_documented_defaults():
    standard = SkillStandard(pass_mark_theory=None, pass_mark_practice=None)
    assert pass_marks(standard) == PassMarks(DEFAULT_PASS_THEORY, DEFAULT_PASS_PRACTICE)
    standard = SkillStandard(pass_mark_theory=60, pass_mark_practice=None)
    assert pass_marks(standard) == PassMarks(60, DEFAULT_PASS_PRACTICE)


def test_scores_are_validated_with_persian_messages(ctx):
    course = finished_course(ctx)
    with pytest.raises(ServiceError) as err:
        record_scores(ctx, course.course_id, [ScoreEntry(course.enrollments[0], 101, 80)])
    assert err.value.field == "0:theory" and "۱۰۰" in err.value.message
    with pytest.raises(ServiceError) as err:
        record_scores(
            ctx,
            course.course_id,
            [ScoreEntry(course.enrollments[0], 80, 80), ScoreEntry(course.enrollments[1], 80, -1)],
        )
    assert err.value.field == "1:practical"
    sheet = score_sheet(ctx, course.course_id)
    assert all(line.theory is None for line in sheet.lines)  # nothing half-saved


def test_scores_only_for_a_finished_course(ctx):
    course = finished_course(ctx)
    from desktop_app.models import Course

    with ctx.session() as s:
        s.get(Course, course.course_id).state = "running"
    with pytest.raises(ServiceError, match="پایان‌یافته"):
        record_scores(ctx, course.course_id, [ScoreEntry(course.enrollments[0], 80, 80)])
    with pytest.raises(ServiceError, match="پایان"):
        issue_certificates(ctx, course.course_id)


def test_standard_pass_marks_decide_who_gets_a_certificate(ctx):
    course = finished_course(ctx, trainees=3, pass_marks=(60, 80))
    a, b, c = course.enrollments
    record_scores(
        ctx,
        course.course_id,
        [ScoreEntry(a, 60, 80), ScoreEntry(b, 59, 100), ScoreEntry(c, 100, None)],
    )
    sheet = score_sheet(ctx, course.course_id)
    by_id = {line.enrollment_id: line for line in sheet.lines}
    assert by_id[a].passed and not by_id[b].passed and not by_id[c].passed
    assert by_id[b].result == "مردود نظری"
    result = issue_certificates(ctx, course.course_id)
    assert len(result.issued) == 1 and result.not_passed == 2
    with ctx.session() as s:
        cert = s.query(Certificate).one()
        assert cert.enrollment_id == a
        assert cert.standard_title == "رایانه کار مقدماتی" and cert.hours == 120
        assert cert.national_code == course.national_codes[0]
        assert cert.verification_code.isdigit() and len(cert.verification_code) == 10


def test_issuing_is_idempotent(ctx):
    course = finished_course(ctx, trainees=2)
    record_scores(ctx, course.course_id, [ScoreEntry(e, 90, 90) for e in course.enrollments])
    first = issue_certificates(ctx, course.course_id)
    assert first.issued == ("2701-000001", "2701-000002")
    again = issue_certificates(ctx, course.course_id)
    assert again.issued == () and again.already == 2
    with ctx.session() as s:
        assert s.query(Certificate).count() == 2
    # A holder's scores stay as certified.
    with pytest.raises(ServiceError, match="ابطال"):
        record_scores(ctx, course.course_id, [ScoreEntry(course.enrollments[0], 50, 50)])


def test_verification_codes_differ(ctx):
    course = finished_course(ctx, trainees=4)
    record_scores(ctx, course.course_id, [ScoreEntry(e, 90, 90) for e in course.enrollments])
    issue_certificates(ctx, course.course_id)
    with ctx.session() as s:
        codes = {c.verification_code for c in s.query(Certificate)}
    assert len(codes) == 4


def test_reissue_keeps_the_serial_and_counts_duplicates(ctx):
    course = finished_course(ctx, trainees=1)
    record_scores(ctx, course.course_id, [ScoreEntry(course.enrollments[0], 90, 90)])
    (serial,) = issue_certificates(ctx, course.course_id).issued
    assert reissue_certificate(ctx, "۲۷۰۱۰۰۰۰۰۱") == 1  # Persian digits, no dash
    assert reissue_certificate(ctx, serial) == 2
    with ctx.session() as s:
        cert = s.query(Certificate).one()
        assert (cert.serial, cert.duplicate_count) == (serial, 2)


def test_revoke_needs_a_reason_and_blocks_reissue(ctx):
    course = finished_course(ctx, trainees=1)
    record_scores(ctx, course.course_id, [ScoreEntry(course.enrollments[0], 90, 90)])
    (serial,) = issue_certificates(ctx, course.course_id).issued
    with pytest.raises(ServiceError) as err:
        revoke_certificate(ctx, serial, "  ")
    assert err.value.field == "reason"
    revoke_certificate(ctx, serial, "تقلب در آزمون")
    with pytest.raises(ServiceError):
        revoke_certificate(ctx, serial, "دوباره")
    with pytest.raises(ServiceError, match="المثنی"):
        reissue_certificate(ctx, serial)


def test_serial_key_reads_any_digits():
    assert serial_key("۲۷۰۱-۰۰۰۰۱۲") == "2701-000012"
    assert serial_key("2701000012") == "2701-000012"


def test_serials_are_unique_across_two_offices(tmp_path):
    """Two offices issue offline on their own databases; no serial is shared."""
    serials = []
    for index, office in enumerate(("2701", "2702")):
        ctx = AppContext.open(tmp_path / office)
        ctx.user = system_actor()
        try:
            course = finished_course(ctx, office=office, trainees=3, code_seed=index)
            record_scores(
                ctx, course.course_id, [ScoreEntry(e, 90, 90) for e in course.enrollments]
            )
            serials += issue_certificates(ctx, course.course_id).issued
        finally:
            ctx.close()
    assert len(serials) == len(set(serials)) == 6
    assert {s.split("-")[0] for s in serials} == {"2701", "2702"}


def test_a_clerk_enters_scores_but_only_a_supervisor_issues_or_revokes(ctx):
    from desktop_app.services.accounts.access import Actor, PermissionDeniedError

    course = finished_course(ctx, trainees=1)
    ctx.user = Actor("clerk1", frozenset({"clerk"}))
    record_scores(ctx, course.course_id, [ScoreEntry(course.enrollments[0], 90, 90)])
    with pytest.raises(PermissionDeniedError):
        issue_certificates(ctx, course.course_id)
    ctx.user = Actor("boss", frozenset({"supervisor"}))
    (serial,) = issue_certificates(ctx, course.course_id).issued
    ctx.user = Actor("clerk1", frozenset({"clerk"}))
    for refused in (
        lambda: revoke_certificate(ctx, serial, "اشتباه"),
        lambda: reissue_certificate(ctx, serial),
    ):
        with pytest.raises(PermissionDeniedError):
            refused()
