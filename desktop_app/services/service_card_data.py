"""The plain data of a service identity card (شناسنامه خدمت) and its vocabularies.

``ServiceCardData`` is what the form edits, what the JSON export writes and what the
printed card is drawn from; it never holds an ORM object. The vocabularies map each
stored key (``"G2C"``, ``"national"``, ``"website"`` …) to its Persian label as it
appears on the official form ("ضمیمه ۱"), in the form's order.

A leaf module (standard library only), so ``reports`` may import it without importing
the database layer. Pure data: any thread.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# --- vocabularies (key -> Persian label, in the order of the paper form) -------------

AUDIENCES: dict[str, str] = {
    "G2C": "خدمت به شهروندان (G2C)",
    "G2B": "خدمت به کسب و کار (G2B)",
    "G2G": "خدمت به دیگر دستگاه‌های دولتی (G2G)",
}
NATURES: dict[str, str] = {"sovereign": "حاکمیتی", "enterprise": "تصدی‌گری"}
LEVELS: dict[str, str] = {
    "national": "ملی",
    "regional": "منطقه‌ای",
    "provincial": "استانی",
    "urban": "شهری",
    "rural": "روستایی",
}
LIFE_EVENTS: dict[str, str] = {
    "birth": "تولد",
    "education": "آموزش",
    "health": "سلامت",
    "employment": "اشتغال",
    "tax": "مالیات",
    "business": "کسب و کار",
    "social_security": "تامین اجتماعی",
    "property_registration": "ثبت مالکیت",
    "urban_utilities": "تاسیسات شهری",
    "insurance": "بیمه",
    "marriage": "ازدواج",
    "retirement": "بازنشستگی",
    "documents": "مدارک و گواهینامه‌ها",
    "death": "وفات",
    "other": "سایر",
}
TRIGGERS: dict[str, str] = {
    "request": "تقاضای گیرنده خدمت",
    "set_time": "فرارسیدن زمانی مشخص",
    "event": "رخداد رویدادی مشخص",
    "agency_decision": "تشخیص دستگاه",
    "other": "سایر",
}
PERIODS: dict[str, str] = {"day": "روز", "month": "ماه", "season": "فصل", "year": "سال"}
FREQUENCY_PERIODS: dict[str, str] = {"month": "ماه", "season": "فصل", "year": "سال"}
STAGES: dict[str, str] = {
    "information": "در مرحله اطلاع‌رسانی خدمت",
    "request": "در مرحله درخواست خدمت",
    "follow_up": "در مرحله پیگیری خدمت",
    "production": "مرحله تولید خدمت (فرایند داخل دستگاه یا ارتباط با دیگر دستگاه‌ها)",
    "delivery": "در مرحله ارائه خدمت",
}
CHANNELS: dict[str, str] = {
    "website": "اینترنتی (مانند وبگاه دستگاه)",
    "mobile_app": "تلفن همراه (برنامه کاربردی)",
    "email": "پست الکترونیک",
    "ivr": "تلفن گویا یا مرکز تماس",
    "counters": "دفاتر پیشخوان",
    "counter_like": "عناوین مشابه دفاتر پیشخوان",
    "sms": "پیام کوتاه",
    "post": "ارسال پستی",
    "intranet": "اینترانت داخلی دستگاه یا ERP",
    "other": "سایر (با ذکر نحوه دسترسی)",
}
REASONS: dict[str, str] = {
    "verify_identity": "جهت احراز اصالت فرد",
    "verify_documents": "جهت احراز اصالت مدرک",
    "no_infrastructure": "نبود زیرساخت ارتباطی مناسب",
    "other": "سایر",
}
INQUIRY_KINDS: dict[str, str] = {
    "online": "برخط (Online)",
    "batch": "دسته‌ای (Batch)",
    "non_electronic": "غیر الکترونیکی",
}
INQUIRERS: dict[str, str] = {
    "agency": "استعلام توسط خود دستگاه انجام می‌شود",
    "applicant": "استعلام توسط خود مراجعه‌کننده انجام می‌شود",
}


# --- plain data ------------------------------------------------------------------------


@dataclass
class FeeRow:
    """One row of "هزینه ارائه خدمت": amount in rial, bank account(s), Sheba."""

    description: str = ""
    amount: int | None = None  # rial
    accounts: str = ""  # bank account number(s), free text
    sheba: str = ""  # IR + 24 digits, or empty
    electronic: bool = False  # paid electronically


@dataclass
class Stage:
    """One stage of the service (information, request, follow-up, production, delivery)."""

    key: str = "information"
    electronic: bool = False
    non_electronic: bool = False
    channels: list[str] = field(default_factory=list)  # keys of CHANNELS
    counter_contract: str = ""  # contract number with the service counters
    channel_other: str = ""
    reasons: list[str] = field(default_factory=list)  # keys of REASONS (non-electronic)
    reason_other: str = ""


def default_stages() -> list[Stage]:
    """The five stages of the form, all unticked."""
    return [Stage(key=key) for key in STAGES]


@dataclass
class SystemLink:
    """A link with another system (same agency: sections 7/8; other agency: 9)."""

    agency: str = ""  # the other agency (empty for the same agency)
    system: str = ""
    fields: str = ""  # exchanged fields, free text
    inquiry: str = ""  # key of INQUIRY_KINDS, or empty
    inquirer: str = ""  # key of INQUIRERS (for non-electronic inquiries), or empty


@dataclass
class ServiceCardData:
    """Every field of the official service identity card, as plain data.

    ``id`` is the record's UUID as text (``None`` for a card not saved yet);
    ``version`` is the version read, checked on save (optimistic locking).
    """

    # 1, 2, 3
    title: str = ""
    service_code: str = ""
    agency: str = ""
    parent_agency: str = ""
    # 4
    description: str = ""
    audiences: list[str] = field(default_factory=list)
    nature: str = ""
    level: str = ""
    life_events: list[str] = field(default_factory=list)
    life_event_other: str = ""
    triggers: list[str] = field(default_factory=list)
    trigger_other: str = ""
    required_documents: str = ""
    regulations: str = ""
    # 5
    recipients_count: int | None = None
    recipients_period: str = ""
    avg_duration: str = ""
    frequency_once: bool = False
    frequency_count: int | None = None
    frequency_period: str = ""
    in_person_visits: str = ""
    fees: list[FeeRow] = field(default_factory=list)
    # 6
    system_name: str = ""
    urls: list[str] = field(default_factory=list)
    stages: list[Stage] = field(default_factory=default_stages)
    # 7/8, 9, 10
    internal_links: list[SystemLink] = field(default_factory=list)
    external_links: list[SystemLink] = field(default_factory=list)
    processes: list[str] = field(default_factory=list)
    # footer
    contact_unit: str = ""
    phone: str = ""
    email: str = ""
    filled_by: str = ""
    # record identity
    id: str | None = None
    version: int = 0

    def stage(self, key: str) -> Stage:
        """The stage ``key`` (an unticked one if the card does not hold it)."""
        return next((s for s in self.stages if s.key == key), Stage(key=key))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (the ``cards[]`` items of the export format)."""
        return asdict(self)


#: Fields that are record identity, not content (left out when comparing contents).
IDENTITY_FIELDS = ("id", "version")
