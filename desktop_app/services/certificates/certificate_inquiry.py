"""The authenticity inquiry (استعلام اصالت گواهینامه مهارت): read what the clerk typed
or the USB scanner typed from the QR code, answer from the local database (and, for
another office's serial, from the central server when one is reachable), record every
inquiry with who asked and when, and the service's statistics.

The answer is one of ``genuine`` (اصیل), ``revoked`` (ابطال‌شده) or ``unknown``
(یافت نشد). The holder's name and the standard are given only when the serial AND the
national code match the same certificate: a right serial with a wrong national code
answers "unknown" exactly like a serial that does not exist, so an inquiry cannot be
used to learn whose a serial is (seed 002: the office keeps applicants' data private).
A verification code read from the QR code must match too (a forged paper that copies
a real serial and national code but not the code answers "unknown").

A scanner types the QR payload (``MIZC|2701-000012|4821937465``) into the serial field
as keystrokes; with a Persian keyboard layout the letters and the bar come out as other
characters and the digits as Persian digits, so the payload is read from its digit runs
only (``parse_serial_input``).

No Qt; any thread (the central lookup does network I/O: worker threads only).
"""

from __future__ import annotations

import re
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import select

from desktop_app.documents.certificate import InquiryAnswer, InquiryRecord, local_date
from desktop_app.models import Certificate, CertificateInquiry, live, utcnow
from desktop_app.persian import (
    JALALI_MONTHS,
    normalize,
    normalize_code,
    search_key,
    to_ascii_digits,
    to_jalali,
    to_persian_digits,
)
from desktop_app.services.accounts import access
from desktop_app.services.core.context import AppContext
from desktop_app.services.core.errors import NotFoundError, ServiceError
from desktop_app.services.core.listing import Listing, ListQuery
from desktop_app.services.core.records import new_record, office_code
from desktop_app.sync.certificate_answer import answer_from

ASKER_KINDS = {"person": "شخص", "agency": "دستگاه / سازمان"}
SOURCES = {"local": "پایگاه دادهٔ همین اداره", "central": "سرور مرکزی"}


@dataclass(frozen=True)
class SerialInput:
    serial: str
    verification_code: str = ""  # only when read from the QR code


def parse_serial_input(text: str) -> SerialInput:
    """The serial (and verification code) from a typed serial or a scanned payload.

    Accepts ``2701-000012``, ``2701-2-000012``, ``۲۷۰۱۰۰۰۰۱۲``,
    ``MIZC|2701-000012|4821937465``, ``MIZC|2701-2-000012|4821937465`` and the same
    payloads typed through a Persian keyboard layout (letters and bar garbled). A serial
    typed without dashes is kept as typed; the lookup reads it every possible way.
    """
    runs = re.findall(r"[0-9]+", to_ascii_digits(normalize(text or "")))
    width = Certificate.__code_width__
    if not runs:
        return SerialInput("")
    if len(runs) >= 4:  # a payload with a counter in its serial
        return SerialInput("-".join(runs[:3]), runs[3])
    if len(runs) == 3:
        if len(runs[1]) == width:  # a payload of a serial made before counters
            return SerialInput(f"{runs[0]}-{runs[1]}", runs[2])
        return SerialInput("-".join(runs))  # office-counter-number
    if len(runs) == 2:
        first, second = runs
        if len(second) == width:
            return SerialInput(f"{first}-{second}")
        return SerialInput(first, second)  # serial typed without its dashes
    return SerialInput(runs[0])


class CentralUnavailable(ServiceError):
    """The central server could not answer (the local answer stands, with this note)."""


#: Asks the central server: (serial, national code, verification code) → its answer;
#: raises ``CentralUnavailable`` when it cannot (``services.certificates.certificate_central``).
CentralLookup = Callable[[str, str, str], InquiryAnswer]


@dataclass(frozen=True)
class InquiryRequest:
    text: str  # the serial field as typed or scanned
    national_code: str
    asker_kind: str = "person"
    asker_name: str = ""
    letter_number: str = ""
    asked_at: datetime | None = None  # when the question came (default: now)


def _checked(request: InquiryRequest) -> tuple[SerialInput, str]:
    parsed = parse_serial_input(request.text)
    if not parsed.serial:
        raise ServiceError("شمارهٔ گواهینامه را وارد کنید یا کد QR آن را بخوانید.", "serial")
    code = normalize_code(request.national_code)
    if not code:
        raise ServiceError("کد ملی دارندهٔ گواهینامه را وارد کنید.", "national_code")
    if not code.isdigit() or not 8 <= len(code) <= 12:
        raise ServiceError("کد ملی (یا شناسهٔ اتباع) باید عدد ۸ تا ۱۲ رقمی باشد.", "national_code")
    if request.asker_kind not in ASKER_KINDS:
        raise ServiceError("استعلام‌کننده باید شخص یا دستگاه باشد.", "asker_kind")
    if not normalize(request.asker_name).strip():
        label = "نام دستگاه استعلام‌کننده" if request.asker_kind == "agency" else "نام استعلام‌کننده"
        raise ServiceError(f"{label} را بنویسید.", "asker_name")
    return parsed, code


@access.operation(access.ENTER)
def inquire(
    ctx: AppContext, request: InquiryRequest, central: CentralLookup | None = None
) -> InquiryRecord:
    """Answer one inquiry and record it (who asked, when, what was answered).

    Answered from the local database; when the serial is another office's and is not
    found here, ``central`` (if given) is asked and its answer recorded as such.
    """
    parsed, code = _checked(request)
    with ctx.session() as session:
        result = answer_from(session, parsed.serial, code, parsed.verification_code)
        ours = parsed.serial.split("-")[0] == office_code(session)
    if result.answer == "unknown" and not ours and central is not None:
        try:
            result = replace(
                central(parsed.serial, code, parsed.verification_code), source="central"
            )
        except CentralUnavailable as exc:
            result = replace(result, note=exc.message)
    answered = utcnow()
    asked = request.asked_at or answered
    if asked > answered:
        asked = answered
    with ctx.session() as session:
        row = new_record(session, CertificateInquiry)
        row.asker_kind = request.asker_kind
        row.asker_name = normalize(request.asker_name).strip()
        row.letter_number = normalize_code(request.letter_number)
        row.asked_at, row.answered_at = asked, answered
        row.serial, row.national_code = result.serial, result.national_code
        row.answer, row.source = result.answer, result.source
        row.holder_name, row.standard_title = result.holder_name, result.standard_title
        row.issued_on, row.revoked_on = result.issued_on, result.revoked_on
        row.revoke_reason = result.revoke_reason
        row.replaced_by, row.replaced_on = result.replaced_by, result.replaced_on
        if result.source == "local" and result.answer != "unknown":
            cert = session.scalars(
                select(Certificate.id).where(Certificate.serial == result.serial)
            ).first()
            row.certificate_id = cert
        row.search_text = search_key(
            " ".join([row.asker_name, row.letter_number, row.serial, row.national_code])
        )
        session.flush()
        return _record(row, result)


def _record(row: CertificateInquiry, result: InquiryAnswer | None = None) -> InquiryRecord:
    result = result or InquiryAnswer(
        row.answer,
        row.serial,
        row.national_code,
        holder_name=row.holder_name,
        standard_title=row.standard_title,
        issued_on=row.issued_on,
        revoked_on=row.revoked_on,
        revoke_reason=row.revoke_reason,
        replaced_by=row.replaced_by,
        replaced_on=row.replaced_on,
        source=row.source,
    )
    return InquiryRecord(
        row.id,
        row.asker_kind,
        row.asker_name,
        row.letter_number,
        row.asked_at,
        row.answered_at,
        result,
    )


@access.operation(access.SIGNED_IN)
def get_inquiry(ctx: AppContext, inquiry_id: uuid.UUID) -> InquiryRecord:
    with ctx.session() as session:
        row = session.get(CertificateInquiry, inquiry_id)
        if row is None or row.deleted_at is not None:
            raise NotFoundError("این استعلام پیدا نشد.")
        return _record(row)


# -- the log and the statistics -------------------------------------------------------------


@dataclass(frozen=True)
class InquiryRow:
    id: uuid.UUID
    asked_at: datetime
    asker_kind: str
    asker_name: str
    serial: str
    national_code: str
    answer: str
    source: str
    answered_at: datetime


INQUIRIES: Listing[InquiryRow] = Listing(
    model=CertificateInquiry,
    row=InquiryRow,
    columns={
        "id": CertificateInquiry.id,
        "asked_at": CertificateInquiry.asked_at,
        "asker_kind": CertificateInquiry.asker_kind,
        "asker_name": CertificateInquiry.asker_name,
        "serial": CertificateInquiry.serial,
        "national_code": CertificateInquiry.national_code,
        "answer": CertificateInquiry.answer,
        "source": CertificateInquiry.source,
        "answered_at": CertificateInquiry.answered_at,
    },
    search_column=CertificateInquiry.search_text,
    filters={"answer": CertificateInquiry.answer},
    default_sort="asked_at",
)


@access.operation(access.SIGNED_IN)
def inquiry_page(ctx: AppContext, query: ListQuery, offset: int, limit: int) -> list[InquiryRow]:
    return INQUIRIES.page(ctx, query, offset, limit)


@access.operation(access.SIGNED_IN)
def count_inquiries(ctx: AppContext, query: ListQuery) -> int:
    return INQUIRIES.count(ctx, query)


@dataclass(frozen=True)
class MonthStat:
    year: int  # Jalali
    month: int
    count: int
    answers: dict[str, int]
    average_answer: timedelta

    @property
    def label(self) -> str:
        return f"{JALALI_MONTHS[self.month - 1]} {to_persian_digits(self.year)}"


@dataclass(frozen=True)
class InquiryStatistics:
    total: int
    answers: dict[str, int]
    average_answer: timedelta
    months: tuple[MonthStat, ...]  # newest first


def _average(spans: list[timedelta]) -> timedelta:
    return sum(spans, timedelta()) / len(spans) if spans else timedelta()


@access.operation(access.SIGNED_IN)
def inquiry_statistics(ctx: AppContext) -> InquiryStatistics:
    """Inquiries per Jalali month (by the day asked) and the average answer time."""
    with ctx.session() as session:
        rows = session.execute(
            select(
                CertificateInquiry.asked_at,
                CertificateInquiry.answered_at,
                CertificateInquiry.answer,
            ).where(live(CertificateInquiry))
        ).all()
    per_month: dict[tuple[int, int], list[tuple[timedelta, str]]] = {}
    for asked, answered, answer in rows:
        year, month, _day = to_jalali(local_date(asked))
        per_month.setdefault((year, month), []).append((answered - asked, answer))
    months = tuple(
        MonthStat(
            year,
            month,
            len(items),
            dict(Counter(a for _, a in items)),
            _average([span for span, _ in items]),
        )
        for (year, month), items in sorted(per_month.items(), reverse=True)
    )
    return InquiryStatistics(
        len(rows),
        dict(Counter(r.answer for r in rows)),
        _average([r.answered_at - r.asked_at for r in rows]),
        months,
    )


def duration_text(span: timedelta) -> str:
    """A short Persian duration: «۴۵ ثانیه», «۱۲ دقیقه», «۳ ساعت و ۱۰ دقیقه», «۲ روز»."""
    seconds = int(span.total_seconds())
    if seconds < 60:
        return f"{to_persian_digits(seconds)} ثانیه"
    minutes = seconds // 60
    if minutes < 60:
        return f"{to_persian_digits(minutes)} دقیقه"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        rest = f" و {to_persian_digits(minutes)} دقیقه" if minutes else ""
        return f"{to_persian_digits(hours)} ساعت{rest}"
    return f"{to_persian_digits(hours // 24)} روز"
