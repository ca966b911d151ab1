"""Exam scores and skill certificates: record a course's scores, the scoring rule,
issue certificates to a finished course's passing trainees, re-issue a lost one
(same serial, marked duplicate), revoke one with a reason, and the certificates list.

The scoring rule: a trainee passes when both the theory and the practical score reach
the standard's pass marks; a standard without pass marks uses ``DEFAULT_PASS_THEORY``
(50) and ``DEFAULT_PASS_PRACTICE`` (70), the organization's usual marks out of 100.
Issuing is idempotent: an enrollment that already has a live certificate is skipped,
and the partial unique index on ``certificates.enrollment_id`` refuses a second one
even from a racing writer.

No Qt; any thread (one short session per call, plain data out).
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.models import (
    CERTIFICATE_SERIES,
    Certificate,
    Course,
    Enrollment,
    ExamScore,
    Place,
    SkillStandard,
    Trainee,
    enrolled,
    live,
)
from desktop_app.models.numbering import IssuedCode, find_by_code, next_code
from desktop_app.persian import (
    format_jalali,
    normalize,
    search_key,
    to_persian_digits,
    today,
)
from desktop_app.persian.bidi import code as bidi_code
from desktop_app.services.accounts import access
from desktop_app.services.core.context import AppContext
from desktop_app.services.core.errors import NotFoundError, ServiceError
from desktop_app.services.core.listing import (
    CodeLookup,
    Listing,
    ListQuery,
    national_code_word,
    office_code_word,
)
from desktop_app.services.core.privacy import shown
from desktop_app.services.core.records import new_record, office_code
from desktop_app.services.courses.course_workflow import code_text
from desktop_app.sync.certificate_answer import serial_key

DEFAULT_PASS_THEORY = 50
DEFAULT_PASS_PRACTICE = 70
MAX_SCORE = 100

#: Verification code: ten random digits (about 33 bits). Digits only, so a clerk types it
#: on a Persian keyboard and a USB scanner on any keyboard layout sends it unchanged.
VERIFICATION_ALPHABET = "0123456789"
VERIFICATION_LENGTH = 10

NOT_FINISHED = "گواهینامه فقط برای دورهٔ پایان‌یافته صادر می‌شود؛ این دوره هنوز پایان نیافته است."
CERTIFICATE_NOT_FOUND = "گواهینامه‌ای با شمارهٔ {serial} در این اداره پیدا نشد."


# -- the scoring rule -----------------------------------------------------------------------


@dataclass(frozen=True)
class PassMarks:
    theory: int
    practical: int


def pass_marks(standard: SkillStandard) -> PassMarks:
    """The standard's pass marks, or the documented defaults where it has none."""
    return PassMarks(
        standard.pass_mark_theory if standard.pass_mark_theory is not None else DEFAULT_PASS_THEORY,
        standard.pass_mark_practice
        if standard.pass_mark_practice is not None
        else DEFAULT_PASS_PRACTICE,
    )


def has_passed(theory: int | None, practical: int | None, marks: PassMarks) -> bool:
    """Eligible for a certificate: both scores recorded and both at least the mark."""
    return (
        theory is not None
        and practical is not None
        and theory >= marks.theory
        and practical >= marks.practical
    )


def result_text(theory: int | None, practical: int | None, marks: PassMarks) -> str:
    if theory is None or practical is None:
        return "نمره ثبت نشده"
    if has_passed(theory, practical, marks):
        return "قبول"
    failed = [
        name
        for name, score, mark in (
            ("نظری", theory, marks.theory),
            ("عملی", practical, marks.practical),
        )
        if score < mark
    ]
    return "مردود " + " و ".join(failed)


# -- scores ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreLine:
    """One enrolled trainee of a course, with scores and what follows from them."""

    enrollment_id: uuid.UUID
    trainee_name: str
    national_code: str
    tracking_code: str
    theory: int | None
    practical: int | None
    passed: bool
    result: str
    serial: str  # the certificate already issued, or ""


@dataclass(frozen=True)
class ScoreSheet:
    course_id: uuid.UUID
    course_code: str
    standard_title: str
    state: str
    marks: PassMarks
    lines: tuple[ScoreLine, ...]


@dataclass(frozen=True)
class ScoreEntry:
    enrollment_id: uuid.UUID
    theory: int | None
    practical: int | None


def _course(session: Session, course_id: uuid.UUID) -> tuple[Course, SkillStandard]:
    course = session.get(Course, course_id)
    if course is None or course.deleted_at is not None:
        raise NotFoundError("این دوره پیدا نشد؛ شاید حذف شده باشد.")
    standard = session.get(SkillStandard, course.standard_id)
    if standard is None:
        raise ServiceError("استاندارد آموزشیِ این دوره پیدا نشد.")
    return course, standard


def _enrollments(session: Session, course_id: uuid.UUID) -> list[tuple[Enrollment, Trainee]]:
    rows = session.execute(
        select(Enrollment, Trainee)
        .join(Trainee, Trainee.id == Enrollment.trainee_id)
        .where(
            Enrollment.course_id == course_id,
            enrolled(),
        )
        .order_by(Trainee.last_name, Trainee.first_name, Enrollment.tracking_code)
    ).all()
    return [(e, t) for e, t in rows]


def _scores(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, ExamScore]:
    if not ids:
        return {}
    rows = session.scalars(
        select(ExamScore).where(ExamScore.enrollment_id.in_(ids), live(ExamScore))
    )
    return {row.enrollment_id: row for row in rows}


def _issued(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, Certificate]:
    if not ids:
        return {}
    rows = session.scalars(
        select(Certificate).where(Certificate.enrollment_id.in_(ids), live(Certificate))
    )
    return {row.enrollment_id: row for row in rows}


@access.operation(access.SIGNED_IN)
def score_sheet(ctx: AppContext, course_id: uuid.UUID) -> ScoreSheet:
    """The course's enrolled trainees (not withdrawn) with their scores and results."""
    with ctx.session() as session:
        course, standard = _course(session, course_id)
        marks = pass_marks(standard)
        pairs = _enrollments(session, course_id)
        ids = [e.id for e, _ in pairs]
        scores, issued = _scores(session, ids), _issued(session, ids)
        lines = []
        for enrollment, trainee in pairs:
            score = scores.get(enrollment.id)
            theory = score.theory if score else None
            practical = score.practical if score else None
            cert = issued.get(enrollment.id)
            lines.append(
                ScoreLine(
                    enrollment.id,
                    f"{trainee.first_name} {trainee.last_name}",
                    trainee.national_code or trainee.foreign_id,
                    enrollment.tracking_code,
                    theory,
                    practical,
                    has_passed(theory, practical, marks),
                    result_text(theory, practical, marks),
                    cert.serial if cert else "",
                )
            )
        lines = shown(ctx, lines)  # the scores tab lists many people: the one masking rule
        return ScoreSheet(course.id, course.code, standard.title, course.state, marks, tuple(lines))


def _checked_score(value: int | None, label: str, field: str) -> int | None:
    if value is None:
        return None
    if not 0 <= value <= MAX_SCORE:
        raise ServiceError(f"نمرهٔ {label} باید بین ۰ و {to_persian_digits(MAX_SCORE)} باشد.", field)
    return value


@access.operation(access.ENTER)
def record_scores(ctx: AppContext, course_id: uuid.UUID, entries: list[ScoreEntry]) -> int:
    """Save the scores of a finished course's trainees; returns how many rows changed.

    Refused when the course is not finished, a score is outside 0–100, an enrollment is
    not of this course, or the trainee already holds a certificate whose scores would
    change (revoke it first). The field of an error is ``"<row>:theory"`` or
    ``"<row>:practical"`` (row in ``entries``), so the table can mark the cell.
    """
    with ctx.session() as session:
        course, _standard = _course(session, course_id)
        if course.state != "finished":
            raise ServiceError("نمره فقط برای دورهٔ پایان‌یافته ثبت می‌شود.")
        pairs = {e.id: (e, t) for e, t in _enrollments(session, course_id)}
        scores = _scores(session, list(pairs))
        issued = _issued(session, list(pairs))
        changed = 0
        for row, entry in enumerate(entries):
            if entry.enrollment_id not in pairs:
                raise ServiceError(
                    f"ردیف {to_persian_digits(row + 1)} از کارآموزان این دوره نیست.",
                    f"{row}:theory",
                )
            theory = _checked_score(entry.theory, "نظری", f"{row}:theory")
            practical = _checked_score(entry.practical, "عملی", f"{row}:practical")
            score = scores.get(entry.enrollment_id)
            old = (score.theory, score.practical) if score else (None, None)
            if old == (theory, practical):
                continue
            cert = issued.get(entry.enrollment_id)
            if cert is not None and cert.revoked_on is None:
                name = pairs[entry.enrollment_id][1]
                raise ServiceError(
                    f"برای {name.first_name} {name.last_name} گواهینامه صادر شده است؛ "
                    "نمره‌اش تغییر نمی‌کند مگر گواهینامه ابطال شود.",
                    f"{row}:theory",
                )
            if score is None:
                score = new_record(session, ExamScore)
                score.enrollment_id = entry.enrollment_id
            score.theory, score.practical = theory, practical
            changed += 1
        return changed


# -- issuing --------------------------------------------------------------------------------


def new_verification_code() -> str:
    return "".join(secrets.choice(VERIFICATION_ALPHABET) for _ in range(VERIFICATION_LENGTH))


def next_serial(session: Session, office: str) -> IssuedCode:
    """This counter's next serial (``2701-2-000012``; ``models.numbering``), in the one
    serial space skill and workshop completion certificates share."""
    return next_code(session, Certificate, office, shared=CERTIFICATE_SERIES)


def certificate_search_text(cert: Certificate) -> str:
    return search_key(
        " ".join(
            [
                cert.serial,
                cert.first_name,
                cert.last_name,
                cert.national_code,
                cert.standard_title,
                cert.standard_code,
                cert.course_code,
            ]
        )
    )


@dataclass(frozen=True)
class IssueResult:
    issued: tuple[str, ...]  # new serials
    already: int  # passing trainees who already held one
    not_passed: int


@access.operation(access.APPROVE)
def issue_certificates(
    ctx: AppContext, course_id: uuid.UUID, on: date | None = None
) -> IssueResult:
    """Issue certificates to every passing trainee of a finished course (idempotent)."""
    on = on or today()
    with ctx.session() as session:
        office = office_code(session)
        if not office:
            raise ServiceError(
                "کد اداره در تنظیمات ثبت نشده است؛ شمارهٔ گواهینامه بدون آن ساخته نمی‌شود."
            )
        course, standard = _course(session, course_id)
        if course.state != "finished":
            raise ServiceError(NOT_FINISHED)
        marks = pass_marks(standard)
        place = session.get(Place, course.place_id)
        pairs = _enrollments(session, course_id)
        ids = [e.id for e, _ in pairs]
        scores, issued = _scores(session, ids), _issued(session, ids)
        serials: list[str] = []
        already = failed = 0
        for enrollment, trainee in pairs:
            score = scores.get(enrollment.id)
            theory = score.theory if score else None
            practical = score.practical if score else None
            if not has_passed(theory, practical, marks):
                failed += 1
                continue
            if enrollment.id in issued:
                already += 1
                continue
            number = next_serial(session, office)
            serial = number.code
            cert = new_record(session, Certificate)
            number.assign(cert)
            cert.verification_code = new_verification_code()
            cert.enrollment_id, cert.trainee_id, cert.course_id = (
                enrollment.id,
                trainee.id,
                course.id,
            )
            cert.standard_title, cert.standard_code = standard.title, standard.code
            cert.hours = standard.total_hours
            cert.course_code = course.code
            cert.place_name = place.name if place is not None else ""
            cert.first_name, cert.last_name = trainee.first_name, trainee.last_name
            cert.father_name = trainee.father_name
            cert.national_code = trainee.national_code or trainee.foreign_id
            cert.birth_date, cert.birthplace = trainee.birth_date, trainee.birthplace
            cert.theory_score, cert.practical_score = theory, practical
            cert.issued_on = on
            cert.search_text = certificate_search_text(cert)
            session.flush()  # the next serial sees this one
            serials.append(serial)
        if not serials and not already:
            raise ServiceError("هیچ کارآموزی از این دوره در هر دو آزمون قبول نشده است.")
        return IssueResult(tuple(serials), already, failed)


def certificate_by_serial(session: Session, serial: str) -> Certificate:
    key = serial_key(serial)
    row = find_by_code(session, Certificate, serial)
    if row is None:
        raise NotFoundError(CERTIFICATE_NOT_FOUND.format(serial=bidi_code(key) if key else "خالی"))
    return row


@access.operation(access.APPROVE)
def reissue_certificate(ctx: AppContext, serial: str, on: date | None = None) -> int:
    """Re-issue a lost certificate: same serial, counted as a duplicate (المثنی)."""
    with ctx.session() as session:
        cert = certificate_by_serial(session, serial)
        if cert.revoked_on is not None:
            raise ServiceError("این گواهینامه ابطال شده است و المثنی صادر نمی‌شود.")
        cert.duplicate_count += 1
        cert.reissued_on = on or today()
        return cert.duplicate_count


@access.operation(access.APPROVE)
def revoke_certificate(ctx: AppContext, serial: str, reason: str, on: date | None = None) -> None:
    """Revoke a certificate with a reason; it stays on record and answers "revoked"."""
    reason = normalize(reason).strip()
    if not reason:
        raise ServiceError("دلیل ابطال را بنویسید.", "reason")
    with ctx.session() as session:
        cert = certificate_by_serial(session, serial)
        if cert.revoked_on is not None:
            raise ServiceError("این گواهینامه پیش‌تر ابطال شده است.")
        cert.revoked_on = on or today()
        cert.revoke_reason = reason


# -- the list -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CertificateRow:
    id: uuid.UUID
    serial: str
    last_name: str
    first_name: str
    national_code: str
    standard_title: str
    issued_on: date
    duplicate_count: int
    revoked_on: date | None


CERTIFICATES: Listing[CertificateRow] = Listing(
    model=Certificate,
    row=CertificateRow,
    columns={
        "id": Certificate.id,
        "serial": Certificate.serial,
        "last_name": Certificate.last_name,
        "first_name": Certificate.first_name,
        "national_code": Certificate.national_code,
        "standard_title": Certificate.standard_title,
        "issued_on": Certificate.issued_on,
        "duplicate_count": Certificate.duplicate_count,
        "revoked_on": Certificate.revoked_on,
    },
    search_column=Certificate.search_text,
    filters={
        "course_id": Certificate.course_id,
        "revoked": lambda value: (
            Certificate.revoked_on.is_not(None) if value else Certificate.revoked_on.is_(None)
        ),
    },
    default_sort="serial",
    # Serials are ASCII ``office-NNNNNN``: their byte order is their order, along the
    # unique index (no ``COLLATE PERSIAN`` sort of every row).
    sort_keys={"serial": Certificate.serial},
    codes={
        "serial": CodeLookup(Certificate.serial, office_code_word),
        "national_code": CodeLookup(Certificate.national_code, national_code_word),
    },
)


@access.operation(access.SIGNED_IN)
def count_certificates(ctx: AppContext, query: ListQuery) -> int:
    return CERTIFICATES.count(ctx, query)


@access.operation(access.SIGNED_IN)
def certificate_page(
    ctx: AppContext, query: ListQuery, offset: int, limit: int
) -> list[CertificateRow]:
    return CERTIFICATES.page(ctx, query, offset, limit)


@access.operation(access.SIGNED_IN)
def finished_courses(ctx: AppContext) -> list[tuple[uuid.UUID, str]]:
    """Finished courses (newest first) for the scores and issuing screen."""
    with ctx.session() as session:
        rows = session.execute(
            select(Course.id, Course.code, SkillStandard.title, Course.end_date)
            .join(SkillStandard, SkillStandard.id == Course.standard_id)
            .where(live(Course), Course.state == "finished")
            .order_by(Course.end_date.desc(), Course.code)
        ).all()
        return [
            (r.id, f"{code_text(r.code)} — {r.title} — {format_jalali(r.end_date)}") for r in rows
        ]
