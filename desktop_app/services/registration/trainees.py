"""Trainees and their enrollments after registration: the list (one row per
enrollment, searchable by the trainee's name, national code, mobile, the tracking
code or the course), one enrollment's details, and its state (registered → attending →
finished, or withdrawn).

The list runs on ``services.core.listing`` (``ENROLLMENTS``); its ``search_text`` lives on
the enrollment (the trainee's name and codes, the tracking code, the standard and the
course code) and is refreshed whenever the trainee's data changes
(``refresh_enrollment_search``), so a search is one ``LIKE`` without joins.

No Qt; any thread (one short session per call, plain data out).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import literal_column, select
from sqlalchemy.orm import Session

from desktop_app.documents.course import RosterLine
from desktop_app.documents.registration_data import ENROLLMENT_STATES
from desktop_app.models import (
    Course,
    Enrollment,
    RegistrationPayment,
    SkillStandard,
    Trainee,
    enrolled,
    live,
)
from desktop_app.persian import search_key
from desktop_app.persian.bidi import code as bidi_code
from desktop_app.services.accounts import access
from desktop_app.services.core.context import AppContext
from desktop_app.services.core.errors import ServiceError
from desktop_app.services.core.listing import (
    CodeLookup,
    Listing,
    ListQuery,
    national_code_word,
    office_code_word,
)
from desktop_app.services.core.privacy import shown
from desktop_app.services.core.records import live_record, record_for_update

ENROLLMENT_NOT_FOUND = "این ثبت‌نام پیدا نشد؛ شاید حذف شده باشد."

#: Which state may follow which (the clerk may also correct back to "registered").
STATE_STEPS: dict[str, frozenset[str]] = {
    "registered": frozenset({"attending", "withdrawn"}),
    "attending": frozenset({"finished", "withdrawn", "registered"}),
    "withdrawn": frozenset({"registered"}),
    "finished": frozenset({"attending"}),
}


@dataclass(frozen=True)
class EnrollmentRow:
    """One line of the trainees list."""

    id: uuid.UUID
    last_name: str
    first_name: str
    national_code: str
    mobile: str
    standard_title: str
    course_code: str
    tracking_code: str
    state: str
    confirmed_at: datetime | None
    start_date: date | None


ENROLLMENTS: Listing[EnrollmentRow] = Listing(
    model=Enrollment,
    row=EnrollmentRow,
    columns={
        "id": Enrollment.id,
        "last_name": Trainee.last_name,
        "first_name": Trainee.first_name,
        "national_code": Trainee.national_code + Trainee.foreign_id,
        "mobile": Trainee.mobile,
        "standard_title": SkillStandard.title,
        "course_code": Course.code,
        "tracking_code": Enrollment.tracking_code,
        "state": Enrollment.state,
        "confirmed_at": Enrollment.confirmed_at,
        "start_date": Course.start_date,
    },
    search_column=Enrollment.search_text,
    filters={"state": Enrollment.state, "course_id": Enrollment.course_id},
    default_sort="confirmed_at",
    codes={
        "tracking_code": CodeLookup(Enrollment.tracking_code, office_code_word),
        # the trainee's partial unique index: "deleted_at IS NULL AND national_code != ''"
        "national_code": CodeLookup(
            Trainee.national_code,
            national_code_word,
            (live(Trainee), Trainee.national_code != literal_column("''")),
            own_table=False,
        ),
    },
    join=lambda stmt: (
        stmt.join(Trainee, Trainee.id == Enrollment.trainee_id)
        .join(Course, Course.id == Enrollment.course_id)
        .join(SkillStandard, SkillStandard.id == Course.standard_id)
    ),
)


@access.operation(access.SIGNED_IN)
def count_enrollments(ctx: AppContext, query: ListQuery) -> int:
    return ENROLLMENTS.count(ctx, query)


@access.operation(access.SIGNED_IN)
def enrollment_page(
    ctx: AppContext, query: ListQuery, offset: int, limit: int
) -> list[EnrollmentRow]:
    # national codes and mobiles masked unless the actor may see them (Listing.page)
    return ENROLLMENTS.page(ctx, query, offset, limit)


def enrollment_search_text(
    trainee: Trainee, tracking_code: str, course_code: str, title: str
) -> str:
    return search_key(
        " ".join(
            [
                trainee.first_name,
                trainee.last_name,
                trainee.national_code,
                trainee.foreign_id,
                trainee.mobile,
                tracking_code,
                title,
                course_code,
            ]
        )
    )


def refresh_enrollment_search(session: Session, trainee: Trainee) -> None:
    """Rewrite the search keys of every enrollment of ``trainee`` (after it changed)."""
    rows = session.execute(
        select(Enrollment, Course, SkillStandard.title)
        .join(Course, Course.id == Enrollment.course_id)
        .join(SkillStandard, SkillStandard.id == Course.standard_id)
        .where(Enrollment.trainee_id == trainee.id)
    ).all()
    for enrollment, course, title in rows:
        text = enrollment_search_text(trainee, enrollment.tracking_code, course.code, title)
        if enrollment.search_text != text:
            enrollment.search_text = text


def enrollment_lines(session: Session, trainee_id: uuid.UUID) -> list[str]:
    """ "standard — tracking code (state)" for each live enrollment of a trainee."""
    rows = session.execute(
        select(SkillStandard.title, Enrollment.tracking_code, Enrollment.state)
        .join(Course, Course.id == Enrollment.course_id)
        .join(SkillStandard, SkillStandard.id == Course.standard_id)
        .where(Enrollment.trainee_id == trainee_id, live(Enrollment))
        .order_by(Enrollment.confirmed_at)
    ).all()
    return [
        f"{title} — {bidi_code(code)} ({ENROLLMENT_STATES.get(state, state)})"
        for title, code, state in rows
    ]


@dataclass
class EnrollmentData:
    """One enrollment as its dialog shows and edits it (only ``state`` is edited)."""

    id: uuid.UUID
    version: int
    state: str
    tracking_code: str
    trainee_name: str
    national_code: str
    course_label: str
    payment: str
    other_enrollments: tuple[str, ...]


@access.operation(access.SIGNED_IN)
def get_enrollment(ctx: AppContext, enrollment_id: uuid.UUID) -> EnrollmentData:
    with ctx.session() as session:
        row = live_record(session, Enrollment, enrollment_id, ENROLLMENT_NOT_FOUND)
        trainee = session.get(Trainee, row.trainee_id)
        course = session.get(Course, row.course_id)
        assert trainee is not None and course is not None
        standard = session.get(SkillStandard, course.standard_id)
        payment = session.scalars(
            select(RegistrationPayment).where(RegistrationPayment.enrollment_id == row.id)
        ).first()
        lines = [
            line
            for line in enrollment_lines(session, trainee.id)
            if bidi_code(row.tracking_code) not in line
        ]
        data = EnrollmentData(
            id=row.id,
            version=row.version,
            state=row.state,
            tracking_code=row.tracking_code,
            trainee_name=f"{trainee.first_name} {trainee.last_name}",
            national_code=trainee.national_code or trainee.foreign_id,
            course_label=f"{standard.title if standard else ''} ({bidi_code(course.code)})",
            payment=_payment_text(payment),
            other_enrollments=tuple(lines),
        )
    return shown(ctx, [data])[0]  # the dialog shows the code as the actor may see it


def _payment_text(payment: RegistrationPayment | None) -> str:
    if payment is None:
        return ""
    if payment.method == "counter":
        return "پرداخت در محل"
    return (
        f"کد پیگیری {bidi_code(payment.tracking_code)} — "
        f"کد پرداخت {bidi_code(payment.payment_code)}"
    )


@access.operation(access.ENTER)
def set_enrollment_state(
    ctx: AppContext, enrollment_id: uuid.UUID, version: int, state: str
) -> EnrollmentData:
    """Move an enrollment to ``state`` (refused for a step the table does not allow)."""
    if state not in ENROLLMENT_STATES:
        raise ServiceError("وضعیت ثبت‌نام را از فهرست انتخاب کنید.", "state")
    with ctx.session() as session:
        row = record_for_update(session, Enrollment, enrollment_id, version, ENROLLMENT_NOT_FOUND)
        if state != row.state:
            if state not in STATE_STEPS[row.state]:
                raise ServiceError(
                    f"ثبت‌نام «{ENROLLMENT_STATES[row.state]}» را نمی‌توان مستقیم "
                    f"«{ENROLLMENT_STATES[state]}» کرد.",
                    "state",
                )
            row.state = state
    return get_enrollment(ctx, enrollment_id)


@access.operation(access.SIGNED_IN)
def course_choices(ctx: AppContext) -> list[tuple[uuid.UUID, str]]:
    """(id, "standard (course code)") of the courses that have enrollments, for a filter."""
    with ctx.session() as session:
        rows = session.execute(
            select(Course.id, SkillStandard.title, Course.code)
            .join(SkillStandard, SkillStandard.id == Course.standard_id)
            .where(
                live(Course),
                Course.id.in_(select(Enrollment.course_id).where(live(Enrollment))),
            )
            .order_by(SkillStandard.title, Course.code)
        ).all()
    return [(r.id, f"{r.title} ({bidi_code(r.code)})") for r in rows]


@access.operation(access.PRINT)
def roster_lines(ctx: AppContext, course_id: uuid.UUID) -> list[RosterLine]:
    """The course roster's lines: enrolled trainees (not withdrawn) by last name."""
    with ctx.session() as session:
        rows = session.scalars(
            select(Trainee)
            .join(Enrollment, Enrollment.trainee_id == Trainee.id)
            .where(
                Enrollment.course_id == course_id,
                enrolled(),
            )
            .order_by(Trainee.last_name, Trainee.first_name)
        ).all()
        lines = [
            RosterLine(
                full_name=f"{t.first_name} {t.last_name}",
                father_name=t.father_name,
                national_code=t.national_code or t.foreign_id,
                birth_date=t.birth_date,
                mobile=t.mobile,
            )
            for t in rows
        ]
    return shown(ctx, lines)  # a printed list of many people: the one masking rule


@access.operation(access.SIGNED_IN)
def course_enrollments(ctx: AppContext, course_id: uuid.UUID) -> list[EnrollmentRow]:
    """Every live enrollment of a course by last name (the course roster uses it)."""
    query = ListQuery(filters=(("course_id", course_id),), sort="last_name")
    return ENROLLMENTS.page(ctx, query, 0, 100_000)
