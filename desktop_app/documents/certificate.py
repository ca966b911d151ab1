"""What a printed certificate and an inquiry reply letter show, and the answer to an
authenticity inquiry (the same shape on the workstation and the central server).
Plain data; any thread.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime

from desktop_app.documents.office import OfficeSettings

QR_PREFIX = "MIZC"


ANSWERS = {
    "genuine": "اصیل و معتبر",
    "revoked": "ابطال‌شده",
    "replaced": "جایگزین‌شده با گواهی دیگر",
    "unknown": "یافت نشد",
}


#: Kinds of certificate the inquiry answers about (one serial space): a skill
#: certificate (گواهینامه مهارت) or a workshop completion certificate (گواهی شرکت در کارگاه).
KINDS = {"skill": "گواهینامهٔ مهارت", "completion": "گواهی شرکت در کارگاه"}
_COMPLETION_OPEN = f"{KINDS['completion']} «"


def completion_title(workshop_title: str) -> str:
    """What the inquiry answers as a completion certificate's title («گواهی شرکت در
    کارگاه «…»»); a recorded inquiry keeps only this text, so its kind is read back
    from it (:func:`kind_of_title`)."""
    return f"{_COMPLETION_OPEN}{workshop_title}»"


def kind_of_title(title: str) -> str:
    """The kind of certificate an answer's title names ("" when nothing was found)."""
    if not title:
        return ""
    return "completion" if title.startswith(_COMPLETION_OPEN) else "skill"


def workshop_of_title(title: str) -> str:
    """The workshop's own title inside :func:`completion_title` (else ``title``)."""
    if kind_of_title(title) == "completion" and title.endswith("»"):
        return title[len(_COMPLETION_OPEN) : -1]
    return title


def qr_payload(serial: str, verification_code: str) -> str:
    """What the certificate's QR code carries."""
    return f"{QR_PREFIX}|{serial}|{verification_code}"


@dataclass(frozen=True)
class InquiryAnswer:
    """What the office answers (plain data; the same shape the central server sends)."""

    answer: str  # genuine | revoked | replaced | unknown
    serial: str
    national_code: str
    holder_name: str = ""
    standard_title: str = ""
    standard_code: str = ""
    hours: int = 0
    issued_on: date | None = None
    revoked_on: date | None = None
    revoke_reason: str = ""
    replaced_by: str = ""  # a re-issued completion certificate: the serial now valid
    replaced_on: date | None = None
    source: str = "local"
    note: str = ""  # e.g. the central server could not be asked

    @property
    def kind(self) -> str:
        """skill | completion ("" for an unknown serial), read from the title."""
        return kind_of_title(self.standard_title) if self.answer != "unknown" else ""

    @property
    def genuine(self) -> bool:
        return self.answer == "genuine"

    @property
    def label(self) -> str:
        return ANSWERS[self.answer]


@dataclass(frozen=True)
class InquiryRecord:
    id: uuid.UUID
    asker_kind: str
    asker_name: str
    letter_number: str
    asked_at: datetime
    answered_at: datetime
    result: InquiryAnswer


def local_date(at: datetime) -> date:
    """The workstation's calendar day of a stored moment (SQLite gives UTC, naive)."""
    return (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone().date()


@dataclass(frozen=True)
class CertificateDoc:
    office: OfficeSettings
    serial: str
    verification_code: str
    standard_title: str
    standard_code: str
    hours: int
    course_code: str
    place_name: str
    first_name: str
    last_name: str
    father_name: str
    national_code: str
    birth_date: date | None
    birthplace: str
    gender: str
    theory_score: int | None
    practical_score: int | None
    issued_on: date
    duplicate_count: int
    reissued_on: date | None
    revoked_on: date | None
    revoke_reason: str
    photo: bytes | None

    @property
    def qr_payload(self) -> str:
        return qr_payload(self.serial, self.verification_code)


@dataclass(frozen=True)
class ReplyLetter:
    office: OfficeSettings
    written_on: date
    inquiry: InquiryRecord
