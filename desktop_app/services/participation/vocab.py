"""The vocabularies of participation: benefactor kinds, gift kinds, channels,
intentions and their built-in areas, contact preferences, item conditions.

Plain data (the intention key's rule comes from ``models.participation``). Any thread.
"""

from __future__ import annotations

# The account an intention's money belongs to: one rule with the server's.
from ...models.participation import intention_key as intention_key

BENEFACTOR_KINDS: dict[str, str] = {
    "person": "شخص حقیقی",
    "organization": "شخص حقوقی (سازمان)",
    "anonymous": "بی‌نام",
}

GIFT_KINDS: dict[str, str] = {
    "cash": "نقدی",
    "in_kind": "غیرنقدی (کالا)",
    "service": "خدماتی",
}

CHANNELS: dict[str, str] = {
    "counter": "نقد در باجه",
    "card_reader": "کارتخوان",
    "atm": "خودپرداز",
    "gateway": "درگاه اینترنتی بانک",
    "mobile": "پرداخت همراه (موبایل پیمنت)",
    "transfer": "واریز به حساب مشارکت‌ها",
    "system": "سامانهٔ نرم‌افزاری دیگر",
}
#: Channels that leave a bank reference code (required, unique per channel).
ELECTRONIC_CHANNELS = frozenset(CHANNELS) - {"counter"}

INTENTIONS: dict[str, str] = {
    "general": "عمومی",
    "area": "حوزهٔ تخصصی",
    "client": "مددجوی معین",
}

#: Built-in areas of the organization; an office adds its own (``ParticipationArea``).
AREAS: dict[str, str] = {
    "children": "کودکان و نوجوانان",
    "elderly": "سالمندان",
    "disability": "توان‌یابان (معلولان)",
    "families": "خانواده‌های نیازمند",
    "women": "زنان سرپرست خانوار",
    "addiction": "پیشگیری و درمان اعتیاد",
    "housing": "مسکن مددجویان",
    "education": "تحصیل مددجویان",
    "health": "درمان و توان‌بخشی",
    "employment": "اشتغال مددجویان",
}

CONTACT_BY: dict[str, str] = {
    "none": "تماس نگیرید",
    "sms": "پیامک",
    "phone": "تلفن",
    "mail": "نامه",
}

CONDITIONS: dict[str, str] = {
    "new": "نو",
    "used_good": "کارکرده، سالم",
    "needs_repair": "نیازمند تعمیر",
}

UNITS = ("عدد", "دستگاه", "بسته", "کیلوگرم", "کارتن", "جفت", "دست", "متر", "لیتر")

ALLOCATION_STATES: dict[str, str] = {
    "proposed": "پیشنهاد شده",
    "approved": "تأیید شده",
    "rejected": "رد شده",
}

HIDDEN_CLIENT = "مددجوی معین (محرمانه)"


def intention_label(
    key: str, areas: dict[str, str] | None = None, show_client: bool = False
) -> str:
    """A Persian label of an intention key; a client's code only when ``show_client``."""
    areas = areas or AREAS
    if key.startswith("area:"):
        area = key.removeprefix("area:")
        return f"حوزهٔ {areas.get(area, area)}"
    if key.startswith("client:"):
        return f"مددجو {key.removeprefix('client:')}" if show_client else HIDDEN_CLIENT
    return INTENTIONS["general"]
