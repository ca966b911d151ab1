"""What the printed introduction form (فرم معرفی به مرکز یا آموزشگاه) shows. Plain data;
any thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from desktop_app.documents.course import CourseInfo
from desktop_app.documents.office import OfficeSettings

QR_PREFIX = "MIZ1"


@dataclass(frozen=True)
class IntroductionData:
    """Everything the printed form shows, as plain data."""

    office: OfficeSettings
    tracking_code: str
    confirmed_on: date | None
    printed_on: date
    duplicate: bool
    check: str
    trainee: dict[str, Any]
    photo: bytes | None
    course: CourseInfo
    payment: dict[str, Any] = field(default_factory=dict)

    @property
    def qr_payload(self) -> str:
        return f"{QR_PREFIX}|{self.tracking_code}|{self.check}"
