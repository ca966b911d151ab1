"""Exam scores, skill certificates and the authenticity inquiries about them.
No Qt; any thread.

``ExamScore`` holds one enrollment's final exam scores (theory and practical, each
0–100, either still empty); at most one live row per enrollment. The enrollment is its
natural key: two counters scoring the same trainee offline make one row on every
machine — the first the central server accepted wins, an empty score is filled from
the other, a different one waits for the other counter's clerk as a conflict with both
values (``sync.natural_keys``).

``Certificate`` (گواهینامه مهارت) is issued to a trainee who passed both exams of a
finished course, at most one per enrollment (partial unique index on the live rows).
Its ``serial`` is a code of ``numbering.next_code`` (``OFFICE-COUNTER-NUMBER``), in one
series with workshop completion certificates (``workshop_training.CERTIFICATE_SERIES``). What the paper shows is copied at issue time (the
standard's title, code and hours, the holder's particulars, the scores), so a later
edit of the standard or the trainee does not change an issued certificate. The
``verification_code`` is random (``secrets``), ten digits, printed beside the QR
code and carried in it. A re-issue of a lost paper keeps the
serial and raises ``duplicate_count``; a revocation sets ``revoked_on`` and
``revoke_reason`` (the record is never deleted).

``CertificateInquiry`` (استعلام اصالت) is one question answered: who asked (a person
or an agency, with the agency's letter number), when it was asked and answered, the
serial and national code given, the answer (genuine / revoked / replaced / unknown), where it was
answered from (this office's database or the central server) and what the answer
said (holder's name and standard; empty when unknown).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text, Uuid, text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Record, utcnow
from .numbering import Numbered

_LIVE = text("deleted_at IS NULL")


class ExamScore(Record):
    """The theory and practical exam scores of one enrollment (out of 100)."""

    __tablename__ = "exam_scores"
    __natural_keys__ = (("enrollment_id",),)

    enrollment_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("enrollments.id"))
    theory: Mapped[int | None] = mapped_column(Integer, default=None)
    practical: Mapped[int | None] = mapped_column(Integer, default=None)

    __table_args__ = (
        Index(
            "uq_exam_scores_enrollment_live",
            "enrollment_id",
            unique=True,
            sqlite_where=_LIVE,
            postgresql_where=_LIVE,
        ),
    )


class Certificate(Numbered, Record):
    """گواهینامه مهارت: what was issued, frozen at issue time."""

    __tablename__ = "certificates"
    __code_column__ = "serial"
    __code_width__ = 6

    serial: Mapped[str] = mapped_column(String(40), default="")
    verification_code: Mapped[str] = mapped_column(String(12), default="")
    enrollment_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("enrollments.id"))
    trainee_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("trainees.id"), index=True)
    course_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("courses.id"), index=True)
    standard_title: Mapped[str] = mapped_column(String(200), default="")
    standard_code: Mapped[str] = mapped_column(String(40), default="")
    hours: Mapped[int] = mapped_column(Integer, default=0)
    course_code: Mapped[str] = mapped_column(String(40), default="")
    place_name: Mapped[str] = mapped_column(String(200), default="")
    first_name: Mapped[str] = mapped_column(String(80), default="")
    last_name: Mapped[str] = mapped_column(String(80), default="")
    father_name: Mapped[str] = mapped_column(String(80), default="")
    national_code: Mapped[str] = mapped_column(String(20), default="", index=True)
    birth_date: Mapped[date | None] = mapped_column(Date, default=None)
    birthplace: Mapped[str] = mapped_column(String(80), default="")
    theory_score: Mapped[int | None] = mapped_column(Integer, default=None)
    practical_score: Mapped[int | None] = mapped_column(Integer, default=None)
    issued_on: Mapped[date] = mapped_column(Date, default=date.today, index=True)
    duplicate_count: Mapped[int] = mapped_column(Integer, default=0)
    reissued_on: Mapped[date | None] = mapped_column(Date, default=None)
    revoked_on: Mapped[date | None] = mapped_column(Date, default=None)
    revoke_reason: Mapped[str] = mapped_column(Text, default="")
    print_count: Mapped[int] = mapped_column(Integer, default=0)
    search_text: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        Index("uq_certificates_serial", "serial", unique=True),
        Index(
            "uq_certificates_enrollment_live",
            "enrollment_id",
            unique=True,
            sqlite_where=_LIVE,
            postgresql_where=_LIVE,
        ),
        # The services report's monthly counts, one index range per office and month
        # (models.office_figures.monthly_rows; migration 0027).
        Index(
            "ix_certificates_report",
            "origin_office",
            "issued_on",
            sqlite_where=_LIVE,
            postgresql_where=_LIVE,
        ),
    )


class CertificateInquiry(Record):
    """استعلام اصالت گواهینامه: one inquiry and the answer given."""

    __tablename__ = "certificate_inquiries"

    asker_kind: Mapped[str] = mapped_column(String(10), default="person")  # person | agency
    asker_name: Mapped[str] = mapped_column(String(200), default="")
    letter_number: Mapped[str] = mapped_column(String(60), default="")
    asked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    answered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    serial: Mapped[str] = mapped_column(String(40), default="")
    national_code: Mapped[str] = mapped_column(String(20), default="")
    # genuine | revoked | replaced (a re-issued completion certificate) | unknown
    answer: Mapped[str] = mapped_column(String(10), default="unknown")
    source: Mapped[str] = mapped_column(String(10), default="local")  # local | central
    certificate_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, default=None)
    holder_name: Mapped[str] = mapped_column(String(200), default="")
    standard_title: Mapped[str] = mapped_column(String(200), default="")
    issued_on: Mapped[date | None] = mapped_column(Date, default=None)
    revoked_on: Mapped[date | None] = mapped_column(Date, default=None)
    revoke_reason: Mapped[str] = mapped_column(Text, default="")
    replaced_by: Mapped[str] = mapped_column(String(40), default="")
    replaced_on: Mapped[date | None] = mapped_column(Date, default=None)
    search_text: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        # The services report's monthly counts, one index range per office and month
        # (models.office_figures.monthly_rows; migration 0027).
        Index(
            "ix_certificate_inquiries_report",
            "origin_office",
            "answered_at",
            "asked_at",
            sqlite_where=_LIVE,
            postgresql_where=_LIVE,
        ),
    )
