"""What the feedback documents show, as plain data: the request receipt, the answer
letter, the blank survey form, the FAQ sheet and the office's services report.
Filled by ``services.feedback`` / ``services.office_reports``, drawn by
``reports.feedback``. No Qt; any thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Persian names of the request kinds, channels and states (one vocabulary everywhere).
REQUEST_KINDS: dict[str, str] = {
    "opinion": "نظر",
    "suggestion": "پیشنهاد",
    "complaint": "شکایت",
    "violation": "گزارش تخلف اداری",
}
REQUEST_CHANNELS: dict[str, str] = {"counter": "حضوری (پیشخوان)", "phone": "تلفنی"}
REQUEST_STATES: dict[str, str] = {
    "received": "دریافت شده",
    "assigned": "ارجاع به کارشناس",
    "answered": "پاسخ داده شده",
    "closed": "بسته شده",
    "referred": "ارجاع به مرجع دیگر",
}
SCALE: tuple[tuple[int, str], ...] = (
    (1, "خیلی کم"),
    (2, "کم"),
    (3, "متوسط"),
    (4, "زیاد"),
    (5, "خیلی زیاد"),
)


@dataclass(frozen=True)
class RequestReceipt:
    """رسید ثبت درخواست: what the person takes home."""

    office_name: str
    agency: str
    tracking_code: str
    kind: str  # Persian
    service_title: str
    department: str
    received_on: str  # Jalali, Persian digits
    due_on: str  # Jalali, Persian digits ("" when no deadline)
    contact: str  # name or «ناشناس»
    body: str
    follow_up: str  # how to follow it up (phone, counter, the code)


@dataclass(frozen=True)
class AnswerLetter:
    """نامهٔ پاسخ: the office's answer to one request."""

    office_name: str
    agency: str
    tracking_code: str
    letter_date: str
    addressee: str
    kind: str
    service_title: str
    received_on: str
    body: str
    answer: str
    state: str
    signed_by: str


@dataclass(frozen=True)
class SurveyForm:
    """The blank satisfaction survey of one service card."""

    office_name: str
    agency: str
    service_title: str
    service_code: str
    questions: tuple[str, ...]
    scale: tuple[tuple[int, str], ...] = SCALE


@dataclass(frozen=True)
class FaqEntry:
    question: str
    answer: str


@dataclass(frozen=True)
class FaqSheet:
    office_name: str
    agency: str
    service_title: str
    entries: tuple[FaqEntry, ...]


@dataclass(frozen=True)
class ReportFigure:
    """One counted figure of one service: per Jalali month (index 0 = month 1)."""

    key: str
    title: str
    months: tuple[float, ...]
    total: float
    unit: str = ""  # "" counts; "day" average days; "score" 1–5


@dataclass(frozen=True)
class ServiceFigures:
    service_title: str
    figures: tuple[ReportFigure, ...]


@dataclass(frozen=True)
class ServicesReport:
    """گزارش خدمت‌گیرندگان: the office's numbers for one Jalali year (or month)."""

    office_name: str
    scope: str  # "اداره X" or "استان X (n اداره)"
    year: int
    month: int | None
    services: tuple[ServiceFigures, ...]
    complaints_by_state: tuple[tuple[str, int], ...] = ()
    complaints_late: int = 0
    offices: tuple[tuple[str, int], ...] = field(default_factory=tuple)  # office → people
