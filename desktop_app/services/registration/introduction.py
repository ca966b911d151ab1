"""The introduction form (فرم معرفی به مرکز یا آموزشگاه): its data, printing one (the
first print is the original, every later one says المثنی), printing a whole course
into one PDF with progress, and checking the QR code's check value.

The QR code carries ``MIZ1|<tracking code>|<check>``; the check value is the first ten
hex digits of SHA-256 over the tracking code, the trainee's national code (or
foreign-national ID), the course code and the confirmation date, so a form whose
codes were altered by hand does not verify against the database
(``verify_introduction``). It proves the printed form matches the record; it is not a
signature (no secret key leaves a server that does not exist yet).

No Qt; any thread (worker threads from the window, the CLI, tests).
"""

from __future__ import annotations

import hashlib
import io
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.documents.introduction import QR_PREFIX, IntroductionData
from desktop_app.documents.office import OfficeSettings
from desktop_app.models import Course, Enrollment, RegistrationPayment, Trainee, enrolled
from desktop_app.models.numbering import code_lookup_keys, find_by_code
from desktop_app.persian.bidi import code as bidi_code
from desktop_app.services.accounts import access
from desktop_app.services.accounts.audit import record_event_now
from desktop_app.services.core.context import AppContext
from desktop_app.services.core.errors import NotFoundError, ServiceError
from desktop_app.services.courses.course_workflow import FINAL_STATES, STATES
from desktop_app.services.office.settings import load_office_settings
from desktop_app.services.registration.registration_courses import course_info_in

NOT_FOUND = "ثبت‌نامی با کد رهگیری {code} پیدا نشد."


def check_value(
    tracking_code: str, person_code: str, course_code: str, confirmed: date | None
) -> str:
    text = (
        f"{tracking_code}|{person_code}|{course_code}|{confirmed.isoformat() if confirmed else ''}"
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10].upper()


def tracking_code_key(text: str) -> str:
    """The most likely stored form of a typed tracking code (``2701-000012``,
    ``2701-2-000012``), in any digit script, with or without dashes."""
    keys = code_lookup_keys(text, Enrollment.__code_width__)
    return keys[0] if keys else ""


def _enrollment_by_code(session: Session, tracking_code: str) -> Enrollment:
    code = tracking_code_key(tracking_code)
    row = find_by_code(session, Enrollment, tracking_code)
    if row is None:
        raise NotFoundError(NOT_FOUND.format(code=bidi_code(code) if code else "خالی"))
    return row


def _data(
    session: Session, office: OfficeSettings, row: Enrollment, printed_on: date, duplicate: bool
) -> IntroductionData:
    course = session.get(Course, row.course_id)
    if course is not None and course.state in FINAL_STATES:
        raise ServiceError(
            f"دورهٔ {bidi_code(course.code)} {STATES[course.state]} است و فرم معرفی "
            "برای آن صادر نمی‌شود؛ فرم معرفی فقط پیش از پایان دوره معنا دارد."
        )
    trainee = session.get(Trainee, row.trainee_id)
    info = course_info_in(session, row.course_id)
    if trainee is None or info is None:
        raise ServiceError("دوره یا کارآموزِ این ثبت‌نام پیدا نشد.")
    payment = session.scalars(
        select(RegistrationPayment).where(RegistrationPayment.enrollment_id == row.id)
    ).first()
    confirmed = row.confirmed_at.date() if row.confirmed_at else None
    person_code = trainee.national_code or trainee.foreign_id
    particulars = {
        name: getattr(trainee, name)
        for name in (
            "first_name",
            "last_name",
            "father_name",
            "foreign_national",
            "national_code",
            "foreign_id",
            "birth_certificate_number",
            "birth_date",
            "birthplace",
            "gender",
            "mobile",
            "phone",
            "address",
            "postal_code",
            "education_level",
            "education_field",
        )
    }
    paid = {}
    if payment is not None:
        paid = {
            "method": payment.method,
            "order_code": payment.order_code,
            "tracking_code": payment.tracking_code,
            "file_number": payment.file_number,
            "payment_code": payment.payment_code,
            "amount": payment.amount,
        }
    return IntroductionData(
        office=office,
        tracking_code=row.tracking_code,
        confirmed_on=confirmed,
        printed_on=printed_on,
        duplicate=duplicate,
        check=check_value(row.tracking_code, person_code, info.code, confirmed),
        trainee=particulars,
        photo=trainee.photo,
        course=info,
        payment=paid,
    )


@access.operation(access.PRINT)
def introduction_data(
    ctx: AppContext, tracking_code: str, count_print: bool = True
) -> IntroductionData:
    """The form's data; with ``count_print`` the print is counted (a later one is المثنی)."""
    office = load_office_settings(ctx)
    with ctx.session() as session:
        row = _enrollment_by_code(session, tracking_code)
        duplicate = row.print_count > 0
        if count_print:
            row.print_count += 1
        return _data(session, office, row, date.today(), duplicate)


@access.operation(access.PRINT)
def print_introduction(
    ctx: AppContext,
    tracking_code: str,
    output: str | Path | BinaryIO,
    pagesize: str = "A4",
) -> IntroductionData:
    """Write the introduction form of one enrollment (counting the print; ``PRINT``,
    written to the audit log: it is a personal document)."""
    from desktop_app.reports.introduction_form import write_introduction_form

    data = introduction_data(ctx, tracking_code)
    write_introduction_form(output, [data], pagesize=pagesize)
    record_event_now(ctx, "print", "enrollments", None, f"فرم معرفی {tracking_code}")
    return data


@access.operation(access.PRINT)
def print_course_introductions(
    ctx: AppContext,
    course_id: uuid.UUID,
    output: str | Path | BinaryIO,
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    pagesize: str = "A4",
) -> int:
    """Every live, not withdrawn enrollment of a course, one form a page, into one PDF.

    Reports ``progress(done, total, text)`` while collecting; returns the form count.
    Nothing is counted as printed unless the whole PDF is written.
    """
    from desktop_app.reports.introduction_form import write_introduction_form

    office = load_office_settings(ctx)
    forms: list[IntroductionData] = []
    with ctx.session() as session:
        rows = session.scalars(
            select(Enrollment)
            .join(Trainee, Trainee.id == Enrollment.trainee_id)
            .where(
                Enrollment.course_id == course_id,
                enrolled(),
            )
            .order_by(Trainee.last_name, Trainee.first_name)
        ).all()
        if not rows:
            raise ServiceError("این دوره هنوز کارآموز ثبت‌نام‌شده‌ای ندارد.")
        total = len(rows)
        for done, row in enumerate(rows, start=1):
            if cancelled():
                raise ServiceError("چاپ فرم‌ها لغو شد.")
            forms.append(_data(session, office, row, date.today(), row.print_count > 0))
            if progress is not None:
                progress(done, total + 1, row.tracking_code)
        buffer = io.BytesIO()
        write_introduction_form(buffer, forms, pagesize=pagesize)
        for row in rows:
            row.print_count += 1
    if isinstance(output, str | Path):
        Path(output).write_bytes(buffer.getvalue())
    else:
        output.write(buffer.getvalue())
    if progress is not None:
        progress(total + 1, total + 1, "")
    record_event_now(ctx, "print", "courses", course_id, f"{len(forms)} فرم معرفی")
    return len(forms)


@dataclass(frozen=True)
class Verification:
    tracking_code: str
    trainee_name: str
    course: str


@access.operation(access.SIGNED_IN)
def verify_introduction(ctx: AppContext, payload: str) -> Verification:
    """Check a scanned QR payload against the database; ``ServiceError`` when it fails."""
    parts = payload.strip().split("|")
    if len(parts) != 3 or parts[0] != QR_PREFIX:
        raise ServiceError("این کد QR از فرم معرفی میز نیست.")
    _prefix, tracking_code, check = parts
    data = None
    with ctx.session() as session:
        row = _enrollment_by_code(session, tracking_code)
        data = _data(session, OfficeSettings(), row, date.today(), False)
    if data.check != check.upper():
        raise ServiceError("مقدار کنترلی فرم با اطلاعات ثبت‌نام نمی‌خواند؛ فرم معتبر نیست.")
    name = f"{data.trainee['first_name']} {data.trainee['last_name']}"
    return Verification(data.tracking_code, name, data.course.standard_title)
