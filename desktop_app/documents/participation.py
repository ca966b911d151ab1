"""What the printed documents of people's participation show, as plain data: the
receipt (رسید مشارکت), the volunteer's letter of appreciation (تقدیرنامه), the
benefactor's annual statement and the participation report with its breakdowns.

``services.participation`` fills them; ``reports.participation`` draws them (and the
window's chart shows a ``Bucket`` list). Standard library and ``persian`` only; any
thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop_app.documents.office import OfficeSettings
from desktop_app.persian import format_jalali

#: What a receipt's QR code starts with.
RECEIPT_QR_PREFIX = "MIZR"


def qr_payload(receipt_no: str, amount: int, check_code: str) -> str:
    """What the receipt's QR code carries: ``MIZR|number|amount|check value``."""
    return f"{RECEIPT_QR_PREFIX}|{receipt_no}|{amount}|{check_code}"


@dataclass(frozen=True)
class ReceiptItem:
    """One line of an in-kind gift on its receipt."""

    description: str
    quantity: int
    unit: str
    value: int  # rial, estimated, the whole line


@dataclass(frozen=True)
class ReceiptDoc:
    office: OfficeSettings
    logo: bytes | None
    receipt_no: str
    check_code: str
    received_on: date
    benefactor_name: str
    benefactor_code: str
    kind: str
    kind_label: str
    amount: int
    amount_words: str
    channel_label: str
    bank_ref: str
    intention_text: str
    details: tuple[tuple[str, str], ...]  # (label, value) of the item or service
    clerk_name: str
    duplicate: bool
    cancelled_on: date | None
    cancel_reason: str
    #: the items of an in-kind gift (their values add up to ``amount``)
    items: tuple[ReceiptItem, ...] = ()

    @property
    def qr_payload(self) -> str:
        return qr_payload(self.receipt_no, self.amount, self.check_code)


@dataclass(frozen=True)
class AppreciationLetter:
    office: OfficeSettings
    written_on: date
    name: str
    national_code: str
    total_hours: int
    centers: tuple[str, ...]
    first_day: date | None
    last_day: date | None
    skills: str


@dataclass(frozen=True)
class StatementLine:
    """One gift on a benefactor's annual statement (labels already in Persian)."""

    receipt_no: str
    received_on: date
    kind: str
    amount: int
    channel: str
    intention: str
    cancelled: bool


@dataclass(frozen=True)
class BenefactorStatement:
    office: OfficeSettings
    logo: bytes | None
    year: int
    name: str
    code: str
    lines: tuple[StatementLine, ...]

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines if not line.cancelled)


@dataclass(frozen=True)
class Bucket:
    """One bar of a breakdown: its label, how many gifts and their amount."""

    label: str
    count: int
    amount: int


@dataclass(frozen=True)
class ParticipationSummary:
    office: OfficeSettings
    since: date | None
    until: date | None
    count: int
    amount: int
    by_kind: tuple[Bucket, ...]
    by_channel: tuple[Bucket, ...]
    by_intention: tuple[Bucket, ...]
    by_center: tuple[Bucket, ...]
    by_month: tuple[Bucket, ...]
    #: per office that registered the gifts (a province sees its offices' totals)
    by_office: tuple[Bucket, ...] = ()

    @property
    def period_text(self) -> str:
        start = format_jalali(self.since) if self.since else "آغاز"
        end = format_jalali(self.until) if self.until else "امروز"
        return f"از {start} تا {end}"
