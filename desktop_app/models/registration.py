"""Trainees, their enrollments in courses, the registration card payment, the
wizard's draft, and counseling sessions. No Qt; any thread.

A ``Trainee`` (کارآموز) is the person, found again by national code (or, for a
foreign national, by the foreign-national ID): each is unique among live trainees
(partial unique indexes, so a tombstoned trainee frees it). The personnel photo is a
compact 3×4 JPEG (``services.core.images``) loaded only when asked for.

An ``Enrollment`` (ثبت‌نام) joins a trainee to a course. Its ``tracking_code`` is
unique across offices without a server: the office code, a dash and a per-office
counter (``code_office`` + ``code_number``; only that office ever hands out numbers
under its own code). ``print_count`` counts the introduction forms printed, so a
reprint says it is a duplicate (المثنی). Which enrollments count is said once here:
``enrolled()`` (live, not withdrawn: a trainee *in* the course — rosters, introduction
forms, attendance sheets, scores and certificates, "already enrolled", a registration
card's one use) and ``holds_seat()`` (live, registered or attending: the course's
capacity; a finished trainee no longer takes a seat). The office's figures count
another thing, registrations *made* (``confirmed_at`` in the month, withdrawn or not:
``models.office_figures``).

``RegistrationPayment`` is the registration card (کارت اعتباری): the codes the payment
system issued (order, tracking, file number, payment code) or ``method == "counter"``
when paid at the counter.

``RegistrationDraft`` is local to the workstation (``__sync__ = False``): the
wizard's current step and its fields as JSON, written on every step change, so a
crash or a closed window resumes at the same step.

``Counseling`` (مشاوره) is one session with an applicant, who may not be a trainee
yet: name, national code and mobile are stored on the session, ``trainee_id`` links
it when the applicant is (or becomes) a trainee.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    Uuid,
    and_,
    select,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.elements import ColumnElement

from desktop_app.documents.registration_data import SEAT_STATES

from .base import Record, live
from .numbering import Numbered

_LIVE = text("deleted_at IS NULL")
#: The enrollment state of a trainee who left the course (its history stays).
WITHDRAWN = "withdrawn"


class Trainee(Record):
    """کارآموز: the person's particulars (wizard step 4), photo (5), education (6)."""

    __tablename__ = "trainees"
    __natural_keys__ = (("national_code",), ("foreign_id",))

    first_name: Mapped[str] = mapped_column(String(80), default="")
    last_name: Mapped[str] = mapped_column(String(80), default="", index=True)
    father_name: Mapped[str] = mapped_column(String(80), default="")
    foreign_national: Mapped[bool] = mapped_column(Boolean, default=False)
    national_code: Mapped[str] = mapped_column(String(10), default="")
    foreign_id: Mapped[str] = mapped_column(String(20), default="")
    birth_certificate_number: Mapped[str] = mapped_column(String(20), default="")
    birth_date: Mapped[date | None] = mapped_column(Date, default=None)
    birthplace: Mapped[str] = mapped_column(String(80), default="")
    gender: Mapped[str] = mapped_column(String(10), default="")
    marital_status: Mapped[str] = mapped_column(String(20), default="")
    military_status: Mapped[str] = mapped_column(String(20), default="")
    disability: Mapped[bool] = mapped_column(Boolean, default=False)
    disability_kind: Mapped[str] = mapped_column(String(120), default="")
    mobile: Mapped[str] = mapped_column(String(11), default="")
    phone: Mapped[str] = mapped_column(String(11), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    postal_code: Mapped[str] = mapped_column(String(10), default="")
    photo: Mapped[bytes | None] = mapped_column(LargeBinary, default=None, deferred=True)
    education_level: Mapped[str] = mapped_column(String(30), default="")
    education_field: Mapped[str] = mapped_column(String(120), default="")
    employment_status: Mapped[str] = mapped_column(String(30), default="")
    heard_from: Mapped[str] = mapped_column(String(30), default="")
    search_text: Mapped[str] = mapped_column(Text, default="", index=True)

    __table_args__ = (
        Index(
            "uq_trainees_national_code_live",
            "national_code",
            unique=True,
            sqlite_where=text("deleted_at IS NULL AND national_code != ''"),
            postgresql_where=text("deleted_at IS NULL AND national_code != ''"),
        ),
        Index(
            "uq_trainees_foreign_id_live",
            "foreign_id",
            unique=True,
            sqlite_where=text("deleted_at IS NULL AND foreign_id != ''"),
            postgresql_where=text("deleted_at IS NULL AND foreign_id != ''"),
        ),
    )


class Enrollment(Numbered, Record):
    """ثبت‌نام: a trainee in a course, with its tracking code and state."""

    __tablename__ = "enrollments"
    __code_column__ = "tracking_code"
    __code_width__ = 6

    trainee_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("trainees.id"), index=True)
    course_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("courses.id"), index=True)
    tracking_code: Mapped[str] = mapped_column(String(40), default="")
    state: Mapped[str] = mapped_column(String(20), default="registered", index=True)
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    print_count: Mapped[int] = mapped_column(Integer, default=0)
    #: search key of the trainee's name and codes, the tracking code and the course
    search_text: Mapped[str] = mapped_column(Text, default="", index=True)

    __table_args__ = (
        Index(
            "uq_enrollments_tracking_code_live",
            "tracking_code",
            unique=True,
            sqlite_where=_LIVE,
            postgresql_where=_LIVE,
        ),
        # The enrollments list's default sort, walked in order (migration 0017).
        Index(
            "ix_enrollments_confirmed_at_live",
            "confirmed_at",
            "id",
            sqlite_where=_LIVE,
            postgresql_where=_LIVE,
        ),
        # The services report's monthly counts, one index range per office and month
        # (models.office_figures.monthly_rows; migration 0027).
        Index(
            "ix_enrollments_report",
            "origin_office",
            "confirmed_at",
            sqlite_where=_LIVE,
            postgresql_where=_LIVE,
        ),
    )


def enrolled(enrollment: Any = Enrollment) -> ColumnElement[bool]:
    """The enrollments that make a trainee enrolled in their course: live and not
    withdrawn (registered, attending or finished). ``enrollment`` may be an alias."""
    return and_(live(enrollment), enrollment.state != WITHDRAWN)


def holds_seat(enrollment: Any = Enrollment) -> ColumnElement[bool]:
    """The enrollments that take one of the course's seats (its capacity): live and
    registered or attending; a finished or withdrawn trainee frees the seat."""
    return and_(live(enrollment), enrollment.state.in_(SEAT_STATES))


class RegistrationPayment(Record):
    """The registration card (کارت اعتباری) paid for an enrollment."""

    __tablename__ = "registration_payments"
    #: Each code of a card is used by one live registration only: refused at the
    #: counter (``services.registration.registration``), and a reuse that only sync brings together
    #: (two counters, two offices) is reported to the supervisor
    #: (``desktop_app.sync.once_only``).
    __once_only__ = ("order_code", "tracking_code", "file_number", "payment_code")
    __once_only_message__ = (
        "کد «{value}» کارت ثبت‌نام در {count} ثبت‌نامِ جاری به کار رفته است، در حالی که هر "
        "کارت یک بار مصرف می‌شود (احتمالاً در دو باجه یا دو اداره پیش از همگام‌سازی). "
        "رسید پرداخت هر دو متقاضی را ببینید و ثبت‌نام نادرست را اصلاح یا لغو کنید."
    )

    @classmethod
    def once_only_live(cls) -> Any:
        """The payments that count: of an enrolled registration (``enrolled()``)."""
        return cls.enrollment_id.in_(select(Enrollment.id).where(enrolled()))

    enrollment_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("enrollments.id"), index=True)
    method: Mapped[str] = mapped_column(String(20), default="online")  # online | counter
    order_code: Mapped[str] = mapped_column(String(40), default="")
    tracking_code: Mapped[str] = mapped_column(String(40), default="")
    file_number: Mapped[str] = mapped_column(String(40), default="")
    payment_code: Mapped[str] = mapped_column(String(40), default="")
    amount: Mapped[int] = mapped_column(Integer, default=0)  # rial


class RegistrationDraft(Record):
    """The registration wizard's unfinished work on this workstation (never synced)."""

    __tablename__ = "registration_drafts"
    __sync__ = False

    step: Mapped[int] = mapped_column(Integer, default=0)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Counseling(Record):
    """مشاوره: one counseling session with an applicant (a trainee or not yet)."""

    __tablename__ = "counseling_sessions"

    trainee_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("trainees.id"), default=None, index=True
    )
    applicant_name: Mapped[str] = mapped_column(String(160), default="")
    national_code: Mapped[str] = mapped_column(String(20), default="", index=True)
    mobile: Mapped[str] = mapped_column(String(11), default="")
    session_date: Mapped[date | None] = mapped_column(Date, default=None, index=True)
    counselor: Mapped[str] = mapped_column(String(120), default="")
    topic: Mapped[str] = mapped_column(String(30), default="course_choice")
    recommended_standards: Mapped[str] = mapped_column(Text, default="")
    advice: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(String(30), default="")
    search_text: Mapped[str] = mapped_column(Text, default="", index=True)
