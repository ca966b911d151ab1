"""Trainer records as plain data: what a form edits, the services store and the
profile PDF prints. Standard library only, so ``reports`` may import it.

``TrainerData`` holds the personal and job fields, the photo (JPEG bytes as
``services.core.images.prepare_photo`` made them, or None) and the education and
retraining rows as lists of ``EducationRow`` / ``RetrainingRow`` in the order the
clerk typed them. A row's ``id`` is None until it is saved; a saved row missing from
the list is deleted (tombstoned) by the next save.

Any thread.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

EMPLOYMENT_TYPES: dict[str, str] = {
    "official": "رسمی",
    "fixed_term": "پیمانی",
    "contract": "قراردادی",
    "hourly": "حق‌التدریس",
}


GENDERS: dict[str, str] = {"male": "مرد", "female": "زن"}

#: Degrees offered in the education table (the clerk may type another).
DEGREES: tuple[str, ...] = (
    "زیر دیپلم",
    "دیپلم",
    "کاردانی",
    "کارشناسی",
    "کارشناسی ارشد",
    "دکتری",
)


@dataclass
class EducationRow:
    """One row of a trainer's education (سوابق تحصیلی)."""

    id: uuid.UUID | None = None
    degree: str = ""
    field: str = ""
    university: str = ""
    graduation_year: int | None = None  # Jalali year

    def is_blank(self) -> bool:
        return not (self.degree or self.field or self.university or self.graduation_year)


@dataclass
class RetrainingRow:
    """One retraining course (بازآموزی) a trainer took."""

    id: uuid.UUID | None = None
    course_title: str = ""
    standard_code: str = ""
    hours: int | None = None
    start_date: date | None = None
    end_date: date | None = None
    certificate_number: str = ""

    def is_blank(self) -> bool:
        return not (
            self.course_title
            or self.standard_code
            or self.hours
            or self.start_date
            or self.end_date
            or self.certificate_number
        )


@dataclass
class TrainerData:
    """A trainer as a form edits it (``id`` None: not saved yet)."""

    id: uuid.UUID | None = None
    version: int = 0
    # personal
    first_name: str = ""
    last_name: str = ""
    father_name: str = ""
    national_code: str = ""
    birth_certificate_number: str = ""
    birth_date: date | None = None
    gender: str = "male"
    mobile: str = ""
    address: str = ""
    photo: bytes | None = None
    # job
    employment_type: str = "contract"
    place_id: uuid.UUID | None = None
    occupation_groups: list[str] = field(default_factory=list)
    standard_codes: list[str] = field(default_factory=list)
    hire_date: date | None = None
    grade: str = ""
    active: bool = True
    # rows
    education: list[EducationRow] = field(default_factory=list)
    retraining: list[RetrainingRow] = field(default_factory=list)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()
