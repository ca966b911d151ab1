"""What printed forms show about a course: its kinds and weekdays, ``CourseInfo`` (a course
as registration and the introduction form see it), the announcement sheet and the roster.
Plain data; any thread.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from desktop_app.persian import to_persian_digits

COURSE_KINDS: dict[str, str] = {"public": "دولتی", "private": "آزاد"}


#: Weekdays as the Iranian week runs: Saturday (0) … Friday (6).
WEEKDAYS: tuple[str, ...] = ("شنبه", "یکشنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه")


@dataclass(frozen=True)
class CourseInfo:
    """A course with its standard, place and workshop, as plain data."""

    id: uuid.UUID
    code: str
    state: str
    kind: str
    standard_title: str
    standard_code: str
    total_hours: int
    min_age: int | None
    standard_gender: str
    place_name: str
    place_kind: str
    place_province: str
    place_city: str
    place_address: str
    place_phone: str
    workshop_name: str
    start_date: date | None
    end_date: date | None
    schedule: list[dict[str, Any]] = field(default_factory=list)
    capacity: int = 0
    taken: int = 0
    fee: int = 0
    gender: str = "mixed"
    registration_open: date | None = None
    registration_close: date | None = None

    @property
    def free_seats(self) -> int:
        return max(0, self.capacity - self.taken)

    def admits(self, gender: str) -> bool:
        """True when the course and its standard accept an applicant of ``gender``."""
        course_ok = self.gender in ("", "mixed") or not gender or self.gender == gender
        standard_ok = self.standard_gender in ("", "mixed") or not gender
        return course_ok and (standard_ok or self.standard_gender == gender)

    def window_open(self, on: date) -> bool:
        if self.registration_open is not None and on < self.registration_open:
            return False
        return self.registration_close is None or on <= self.registration_close


def schedule_text(schedule: list[dict[str, Any]]) -> str:
    """ "شنبه ۰۸:۰۰ تا ۱۲:۰۰، دوشنبه …" in Persian digits."""
    parts = []
    for slot in schedule:
        day = int(slot.get("day", 0))
        name = WEEKDAYS[day] if 0 <= day < len(WEEKDAYS) else ""
        parts.append(f"{name} {slot.get('start', '')} تا {slot.get('end', '')}")
    return to_persian_digits("، ".join(parts))


@dataclass(frozen=True)
class CourseSheet:
    """Everything printed about one course (labels already in Persian)."""

    agency: str
    office_name: str
    code: str
    state_label: str
    approved: bool  # approved by every level it needs (else the print says so)
    standard_title: str
    standard_code: str
    total_hours: int
    theory_hours: int
    practice_hours: int
    occupation_group: str
    place_name: str
    place_kind_label: str
    place_address: str
    place_phone: str
    workshop_name: str
    trainers: Sequence[str]
    kind_label: str
    delivery_label: str
    gender_label: str
    start_date: date | None
    end_date: date | None
    schedule: Sequence[str]
    weekly_hours: float
    capacity: int
    fee: int
    registration_open: date | None
    registration_close: date | None
    registration_card_fee: int
    min_age: int | None = None
    note: str = ""


@dataclass(frozen=True)
class RosterLine:
    """One enrolled trainee on the roster."""

    full_name: str
    father_name: str
    national_code: str
    birth_date: date | None
    mobile: str


@dataclass(frozen=True)
class Roster:
    sheet: CourseSheet
    lines: Sequence[RosterLine] = field(default_factory=tuple)
