"""The office as printed forms and unique codes see it: its identity and the values the
counter works with (stored by ``services.office.settings``). Plain data; any thread.
"""

from __future__ import annotations

from dataclasses import dataclass

#: The three levels of an office (the approval levels of a course).
OFFICE_LEVELS = {
    "center": "مرکز / آموزشگاه",
    "province": "اداره کل استان",
    "headquarters": "ستاد",
}

#: The organization the office belongs to: it decides which sections the window shows
#: (``ui.sections``): TVTO centers see courses, registration and certificates; Welfare
#: offices see people's participation.
AGENCY_KINDS = {
    "tvto": "آموزش فنی و حرفه‌ای",
    "welfare": "بهزیستی",
}


@dataclass
class OfficeSettings:
    """What every printed form and unique code needs to know about the office."""

    office_name: str = ""
    office_code: str = ""
    province: str = ""
    agency: str = "اداره کل آموزش فنی و حرفه‌ای"
    parent_agency: str = "سازمان آموزش فنی و حرفه‌ای کشور"
    level: str = "center"
    registration_fee: int = 50_000
    agency_kind: str = "tvto"
