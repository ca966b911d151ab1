"""The plain data of a service identity card (شناسنامه خدمت) and its vocabularies.

``ServiceCardData`` is what the form edits, what the JSON export writes and what the
printed card is drawn from; it never holds an ORM object. The vocabularies map each
stored key (``"G2C"``, ``"national"``, ``"website"`` …) to its Persian label as it
appears on the official form ("ضمیمه ۱"), in the form's order.

A leaf module (standard library only), so ``reports`` may import it without importing
the database layer. Pure data: any thread.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
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
#: Channels the paper form offers in the production stage (inside the agency).
PRODUCTION_CHANNELS: tuple[str, ...] = ("website", "intranet", "email", "other")


def stage_channels(stage_key: str) -> list[str]:
    """The channel keys the form offers for ``stage_key``, in the form's order."""
    if stage_key == "production":
        return list(PRODUCTION_CHANNELS)
    return [key for key in CHANNELS if key != "intranet"]


#: "مراجعه به دستگاه": which office an in-person visit goes to (seed 000, under the stages).
VISIT_LEVELS: dict[str, str] = {"national": "ملی", "provincial": "استانی", "county": "شهرستانی"}

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
    visit_levels: list[str] = field(default_factory=list)  # keys of VISIT_LEVELS
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


# --- reading dicts (database JSON, import files) ----------------------------------------


class CardFormatError(ValueError):
    """A dict that is not a service card; ``message`` says why, in Persian."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


_SCALARS: dict[str, tuple[type, ...]] = {
    "title": (str,),
    "service_code": (str,),
    "agency": (str,),
    "parent_agency": (str,),
    "description": (str,),
    "nature": (str,),
    "level": (str,),
    "life_event_other": (str,),
    "trigger_other": (str,),
    "required_documents": (str,),
    "regulations": (str,),
    "recipients_count": (int, type(None)),
    "recipients_period": (str,),
    "avg_duration": (str,),
    "frequency_once": (bool,),
    "frequency_count": (int, type(None)),
    "frequency_period": (str,),
    "in_person_visits": (str,),
    "system_name": (str,),
    "contact_unit": (str,),
    "phone": (str,),
    "email": (str,),
    "filled_by": (str,),
    "id": (str, type(None)),
    "version": (int,),
}
_STRING_LISTS = ("audiences", "life_events", "triggers", "visit_levels", "urls", "processes")
_VOCABULARIES: dict[str, dict[str, str]] = {
    "audiences": AUDIENCES,
    "life_events": LIFE_EVENTS,
    "triggers": TRIGGERS,
    "visit_levels": VISIT_LEVELS,
}


def _check(value: object, types: tuple[type, ...], where: str) -> None:
    # bool is an int in Python: refuse true/false where a number is expected.
    if isinstance(value, bool) and bool not in types:
        raise CardFormatError(f"مقدار «{where}» باید عدد یا متن باشد، نه درست/نادرست.")
    if not isinstance(value, types):
        raise CardFormatError(f"مقدار «{where}» نوع درستی ندارد.")


def _string_list(value: object, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CardFormatError(f"«{where}» باید فهرستی از متن‌ها باشد.")
    return list(value)


def _row(cls: type, value: object, where: str) -> Any:
    if not isinstance(value, dict):
        raise CardFormatError(f"«{where}» باید یک شیء باشد.")
    names = {f.name for f in fields(cls)}
    unknown = sorted(set(value) - set(names))
    if unknown:
        raise CardFormatError(f"«{where}» فیلد ناشناختهٔ «{unknown[0]}» دارد.")
    kwargs: dict[str, Any] = {}
    for name, item in value.items():
        default = getattr(cls(), name)
        if isinstance(default, list):
            kwargs[name] = _string_list(item, f"{where}.{name}")
        elif isinstance(default, bool):
            _check(item, (bool,), f"{where}.{name}")
            kwargs[name] = item
        elif name == "amount":
            _check(item, (int, type(None)), f"{where}.{name}")
            kwargs[name] = item
        else:
            _check(item, (str,), f"{where}.{name}")
            kwargs[name] = item
    return cls(**kwargs)


def card_from_dict(value: object) -> ServiceCardData:
    """A ``ServiceCardData`` from its dict form; ``CardFormatError`` if it is malformed.

    Missing keys take their defaults; unknown keys, wrong types and keys outside the
    vocabularies are refused (so a typo in an import file is reported, not dropped).
    """
    if not isinstance(value, dict):
        raise CardFormatError("هر شناسنامه باید یک شیء JSON باشد.")
    unknown = sorted(set(value) - {f.name for f in fields(ServiceCardData)})
    if unknown:
        raise CardFormatError(f"فیلد ناشناختهٔ «{unknown[0]}».")
    card = ServiceCardData()
    for name, types in _SCALARS.items():
        if name in value:
            _check(value[name], types, name)
            setattr(card, name, value[name])
    for name in _STRING_LISTS:
        if name in value:
            items = _string_list(value[name], name)
            vocabulary = _VOCABULARIES.get(name)
            bad = [v for v in items if vocabulary is not None and v not in vocabulary]
            if bad:
                raise CardFormatError(f"«{bad[0]}» در «{name}» مجاز نیست.")
            setattr(card, name, items)
    if "fees" in value:
        card.fees = [_row(FeeRow, r, f"fees[{i}]") for i, r in enumerate(_list(value, "fees"))]
    if "stages" in value:
        card.stages = [
            _stage(_row(Stage, r, f"stages[{i}]"), i) for i, r in enumerate(_list(value, "stages"))
        ]
    for name in ("internal_links", "external_links"):
        if name in value:
            rows = [_row(SystemLink, r, f"{name}[{i}]") for i, r in enumerate(_list(value, name))]
            for i, link in enumerate(rows):
                _check_choice(link.inquiry, INQUIRY_KINDS, f"{name}[{i}].inquiry")
                _check_choice(link.inquirer, INQUIRERS, f"{name}[{i}].inquirer")
            setattr(card, name, rows)
    _check_choice(card.nature, NATURES, "nature")
    _check_choice(card.level, LEVELS, "level")
    _check_choice(card.recipients_period, PERIODS, "recipients_period")
    _check_choice(card.frequency_period, FREQUENCY_PERIODS, "frequency_period")
    return card


def _list(value: dict[str, Any], name: str) -> list[Any]:
    items = value[name]
    if not isinstance(items, list):
        raise CardFormatError(f"«{name}» باید یک فهرست باشد.")
    return items


def _stage(stage: Stage, index: int) -> Stage:
    where = f"stages[{index}]"
    if stage.key not in STAGES:
        raise CardFormatError(f"مرحلهٔ «{stage.key}» در «{where}» شناخته نیست.")
    for channel in stage.channels:
        if channel not in CHANNELS:
            raise CardFormatError(f"رسانهٔ «{channel}» در «{where}» شناخته نیست.")
    for reason in stage.reasons:
        if reason not in REASONS:
            raise CardFormatError(f"علت «{reason}» در «{where}» شناخته نیست.")
    return stage


def _check_choice(value: str, vocabulary: dict[str, str], name: str) -> None:
    if value and value not in vocabulary:
        raise CardFormatError(f"«{value}» برای «{name}» مجاز نیست.")
