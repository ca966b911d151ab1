"""The vocabularies and plain documents of facilitator training workshops and attendance.

A leaf module (standard library only): the services fill these dataclasses, the PDF
writers in ``reports.workshops`` draw them, and neither side imports the other's layer.
Pure data: any thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# -- vocabularies (stored key -> Persian label) ------------------------------------------

PARTICIPANT_KINDS: dict[str, str] = {
    "facilitator": "تسهیلگر محلی",
    "self_help": "عضو گروه خودیار",
    "ngo": "عضو سازمان غیردولتی (سمن)",
}
OCCUPATIONS: dict[str, str] = {
    "": "—",
    "village_administrator": "دهیار",
    "health_worker": "بهورز",
}
#: The agency that confirms a facilitator's attendance, by occupation (seed 001, item 9).
CONFIRMING_AGENCIES: dict[str, str] = {
    "village_administrator": "سازمان دهیاری‌ها و شهرداری‌های کشور",
    "health_worker": "شبکهٔ مراقبت‌های بهداشتی اولیه",
}
WORKSHOP_STATES: dict[str, str] = {
    "planned": "در برنامه",
    "running": "در حال برگزاری",
    "finished": "پایان‌یافته",
    "cancelled": "لغوشده",
}
ANSWERS: dict[str, str] = {"pending": "بی‌پاسخ", "yes": "می‌آید", "no": "نمی‌آید"}
CONFIRMATIONS: dict[str, str] = {
    "": "درخواست نشده",
    "requested": "در انتظار پاسخ",
    "confirmed": "تأیید شد",
    "refused": "تأیید نشد",
}
#: Attendance statuses and the keys a clerk types for each (Latin and Persian layouts).
STATUSES: dict[str, str] = {
    "present": "حاضر",
    "absent": "غایب",
    "late": "تأخیر",
    "excused": "غیبت موجه",
}
STATUS_SHORT: dict[str, str] = {"present": "ح", "absent": "غ", "late": "ت", "excused": "م"}
#: Digits work on every keyboard layout (Persian digits are read as Latin ones); the
#: letters are the initials of the Persian words (ح غ ت م) and of the English ones.
STATUS_KEYS: dict[str, str] = {
    "1": "present", "ح": "present", "p": "present",
    "2": "absent", "غ": "absent", "a": "absent",
    "3": "late", "ت": "late", "l": "late",
    "4": "excused", "م": "excused", "e": "excused",
}  # fmt: skip
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
#: The satisfaction scale.
SCALE: dict[int, str] = {1: "خیلی کم", 2: "کم", 3: "متوسط", 4: "زیاد", 5: "خیلی زیاد"}
MAX_TEST_SCORE = 100

#: The service card of seed 001: 3,000 facilitators a year, the workshop twice a year,
#: 6,000,000 rials per head per course, 12 days.
PLAN_PARTICIPANTS_PER_YEAR = 3000
PLAN_WORKSHOPS_PER_YEAR = 2
PER_HEAD_COST = 6_000_000
PROGRAMME_DAYS = 12


def status_for_key(text: str) -> str | None:
    """The attendance status a typed key means (``"1"``, ``"ح"``, ``"P"`` …), or None."""
    key = text.strip().lower().translate(_DIGITS)[:1]
    return STATUS_KEYS.get(key) if key else None


# -- documents ----------------------------------------------------------------------------


@dataclass(frozen=True)
class OfficeHeading:
    parent_agency: str
    agency: str
    office_name: str


@dataclass(frozen=True)
class SessionLine:
    day_number: int
    ordinal: int
    day: date | None
    start: str
    end: str
    topic: str
    hours: int
    trainer: str
    methods: str
    materials: str


@dataclass(frozen=True)
class ProgrammeDoc:
    heading: OfficeHeading
    code: str
    title: str
    organizer: str
    place: str
    room: str
    start_date: date | None
    end_date: date | None
    sessions: tuple[SessionLine, ...]
    supplies: tuple[tuple[str, str, str, str], ...] = ()  # item, quantity, unit, provider

    @property
    def total_hours(self) -> int:
        return sum(s.hours for s in self.sessions)


@dataclass(frozen=True)
class SheetColumn:
    """One session of an attendance sheet (a column)."""

    day: date
    start: str
    end: str
    label: str


@dataclass(frozen=True)
class SheetRow:
    name: str
    national_code: str
    detail: str  # kind / group, or the tracking code of an enrollment
    statuses: tuple[str, ...]  # one per column, "" when not recorded


@dataclass(frozen=True)
class AttendanceSheetDoc:
    heading: OfficeHeading
    title: str  # «کارگاه … — روز ۳» / «دورهٔ …»
    subtitle: str
    blank: bool
    columns: tuple[SheetColumn, ...]
    rows: tuple[SheetRow, ...]


@dataclass(frozen=True)
class LetterDoc:
    heading: OfficeHeading
    number: str
    written_on: date
    addressee: str
    subject: str
    paragraphs: tuple[str, ...]
    signer: str


@dataclass(frozen=True)
class QuestionResult:
    question: str
    answers: int
    average: float | None
    counts: tuple[int, ...]  # how many chose 1 … 5


@dataclass(frozen=True)
class EvaluationReport:
    heading: OfficeHeading
    code: str
    title: str
    participants: int
    pre_average: float | None
    post_average: float | None
    gain: float | None  # post − pre, over participants having both
    tested: int  # participants with both scores
    questions: tuple[QuestionResult, ...]
    comments: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class CompletionDoc:
    heading: OfficeHeading
    serial: str
    verification_code: str
    qr_payload: str
    workshop_title: str
    workshop_code: str
    hours: int
    days: int
    place_name: str
    first_name: str
    last_name: str
    father_name: str
    national_code: str
    start_date: date | None
    end_date: date | None
    issued_on: date
    revoked_on: date | None
    revoke_reason: str
    replaces: str = ""  # the serial this re-issue replaces
    replaced_by: str = ""  # the serial that replaced this one
    replaced_on: date | None = None


# -- plan against actual (item 8) -------------------------------------------------------


@dataclass(frozen=True)
class PlanLine:
    year: int  # Jalali
    province: str
    held: int  # finished workshops
    running: int
    planned_workshops: int  # the card: twice a year
    trained: int  # completed participants of the finished workshops
    spent: int  # rial, of the finished workshops
    cost_per_head: int | None

    @property
    def workshops_met(self) -> bool:
        return self.held >= self.planned_workshops


@dataclass(frozen=True)
class YearTotal:
    year: int
    held: int
    trained: int
    target: int  # the card: 3,000 a year nationally

    @property
    def share(self) -> float:
        return self.trained / self.target if self.target else 0.0


@dataclass(frozen=True)
class PlanDoc:
    """Plan against actual as printed: per Jalali year and province, then per year."""

    heading: OfficeHeading
    lines: tuple[PlanLine, ...]
    years: tuple[YearTotal, ...]
    printed_on: date
