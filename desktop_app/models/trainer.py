"""Trainer records (اطلاعات مربیان): personal, job, education and retraining. No Qt;
any thread.

A ``Trainer`` carries the personal and job data; the national code is unique among
trainers that are not deleted (a partial unique index, so a tombstoned trainer frees
it). The occupation groups a trainer belongs to and the skill-standard codes they may
teach are JSON lists of plain strings: the course workflow checks a course's standard
code against ``standard_codes`` without a join. The photo is a compact JPEG (the
service downscales whatever the clerk chose) loaded only when asked for.

Education rows (``TrainerEducation``) and retraining rows (``Retraining``, بازآموزی)
are records of their own, so each syncs and tombstones like any other record;
``position`` keeps the order the clerk typed them in.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    Uuid,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from .base import Record


class Trainer(Record):
    """مربی: who may teach which skill standards, at which place."""

    __tablename__ = "trainers"
    __natural_keys__ = (("national_code",),)
    __sync_derived__ = ("name_sort",)  # computed from the names: never a conflict

    # personal
    first_name: Mapped[str] = mapped_column(String(80), default="")
    last_name: Mapped[str] = mapped_column(String(80), default="", index=True)
    father_name: Mapped[str] = mapped_column(String(80), default="")
    national_code: Mapped[str] = mapped_column(String(10), default="")
    birth_certificate_number: Mapped[str] = mapped_column(String(20), default="")
    birth_date: Mapped[date | None] = mapped_column(Date, default=None)
    gender: Mapped[str] = mapped_column(String(10), default="male")
    mobile: Mapped[str] = mapped_column(String(11), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    photo: Mapped[bytes | None] = mapped_column(LargeBinary, default=None, deferred=True)
    # job
    employment_type: Mapped[str] = mapped_column(String(20), default="contract")
    place_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("places.id"), default=None, index=True
    )
    occupation_groups: Mapped[list[str]] = mapped_column(JSON, default=list)
    standard_codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    hire_date: Mapped[date | None] = mapped_column(Date, default=None)
    grade: Mapped[str] = mapped_column(String(40), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    search_text: Mapped[str] = mapped_column(Text, default="", index=True)
    #: ``persian.sort_key`` of "last first": the list's Persian alphabetical order, indexed.
    name_sort: Mapped[str] = mapped_column(String(200), default="", index=True)

    __table_args__ = (
        Index(
            "uq_trainers_national_code_live",
            "national_code",
            unique=True,
            sqlite_where=text("deleted_at IS NULL"),
            postgresql_where=text("deleted_at IS NULL"),
        ),
    )


class TrainerEducation(Record):
    """A row of a trainer's education: degree, field, university, graduation year."""

    __tablename__ = "trainer_education"

    trainer_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("trainers.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    degree: Mapped[str] = mapped_column(String(40), default="")
    field: Mapped[str] = mapped_column(String(120), default="")
    university: Mapped[str] = mapped_column(String(200), default="")
    graduation_year: Mapped[int | None] = mapped_column(Integer, default=None)


class Retraining(Record):
    """بازآموزی: a retraining course a trainer took."""

    __tablename__ = "trainer_retraining"

    trainer_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("trainers.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    course_title: Mapped[str] = mapped_column(String(200), default="")
    standard_code: Mapped[str] = mapped_column(String(40), default="")
    hours: Mapped[int | None] = mapped_column(Integer, default=None)
    start_date: Mapped[date | None] = mapped_column(Date, default=None)
    end_date: Mapped[date | None] = mapped_column(Date, default=None)
    certificate_number: Mapped[str] = mapped_column(String(40), default="")
