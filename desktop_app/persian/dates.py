"""Jalali (Solar Hijri) dates at the edges of the application.

Dates are Gregorian ``datetime.date`` objects everywhere in the program and in the
database; they become Jalali only when shown (``format_jalali``) or typed
(``parse_jalali``). All Jalali arithmetic goes through ``jdatetime``, whose leap years
follow the 33-year rule (1399, 1403 and 1408 are leap years, 1404 is not); Qt's calendar
is never used for it.

Dates a clerk may type lie between the years 1200 and 1600 (``JALALI_MIN_YEAR`` ..
``JALALI_MAX_YEAR``); ``from_jalali`` and ``parse_jalali`` reject others with a message.

Pure functions without shared state (``jdatetime``'s locale setting is not used): any
thread may call them.
"""

from __future__ import annotations

import re
from datetime import date

import jdatetime

from .digits import to_ascii_digits, to_persian_digits
from .errors import ValidationError
from .text import ZWJ, ZWNJ, normalize

__all__ = [
    "JALALI_MAX_YEAR",
    "JALALI_MIN_YEAR",
    "JALALI_MONTHS",
    "JALALI_WEEKDAYS",
    "age_on",
    "format_jalali",
    "format_jalali_long",
    "from_jalali",
    "is_jalali_leap",
    "jalali_month_days",
    "jalali_weekday",
    "parse_jalali",
    "to_jalali",
    "today",
]

JALALI_MIN_YEAR = 1200
JALALI_MAX_YEAR = 1600

JALALI_MONTHS: tuple[str, ...] = (
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
)

# The Iranian week starts on Saturday: JALALI_WEEKDAYS[0] is Saturday, [6] is Friday.
JALALI_WEEKDAYS: tuple[str, ...] = (
    "شنبه",
    "یکشنبه",
    "دوشنبه",
    "سه‌شنبه",
    "چهارشنبه",
    "پنجشنبه",
    "جمعه",
)

_MSG_EMPTY = "تاریخ را وارد کنید."
_MSG_FORMAT = "تاریخ را به شکل ۱۴۰۳/۰۱/۱۵ وارد کنید."
_MSG_TWO_DIGIT_YEAR = "سال را چهاررقمی وارد کنید؛ مثلاً ۱۴۰۳/۰۱/۱۵."
_MSG_ORDER = "تاریخ را به ترتیب سال/ماه/روز وارد کنید؛ مثلاً ۱۴۰۳/۰۱/۱۵."
_MSG_MONTH = "ماه باید بین ۱ و ۱۲ باشد."

# / \ . - ‐ ‑ ‒ – — − ٫ ، ∕ ⁄ ／
_SEPARATORS = (
    "[" + re.escape("/\\.-\u2010\u2011\u2012\u2013\u2014\u2212\u066b\u060c\u2215\u2044\uff0f") + "]"
)
_DATE = re.compile(rf"([0-9]{{1,8}}) ?{_SEPARATORS} ?([0-9]{{1,2}}) ?{_SEPARATORS} ?([0-9]{{1,4}})")
_COMPACT = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})")


def _fa(number: int) -> str:
    return to_persian_digits(number)


def _fa_date(year: int, month: int, day: int) -> str:
    return to_persian_digits(f"{year:04d}/{month:02d}/{day:02d}")


def to_jalali(d: date) -> tuple[int, int, int]:
    """Return the Jalali ``(year, month, day)`` of a Gregorian date.

    Raises ``ValueError`` for dates before the Jalali epoch (622-03-21).
    """
    j = jdatetime.date.fromgregorian(date=d)
    return int(j.year), int(j.month), int(j.day)


def is_jalali_leap(year: int) -> bool:
    """True when Esfand of the Jalali ``year`` has 30 days (33-year rule, via jdatetime)."""
    return bool(jdatetime.date(year, 1, 1).isleap())


def jalali_month_days(year: int, month: int) -> int:
    """Number of days of a Jalali month: 31 for months 1-6, 30 for 7-11, 29 or 30 for 12.

    Raises ``ValidationError`` when ``month`` is not between 1 and 12.
    """
    if not 1 <= month <= 12:
        raise ValidationError(_MSG_MONTH)
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    return 30 if is_jalali_leap(year) else 29


def _check_year(year: int) -> None:
    if JALALI_MIN_YEAR <= year <= JALALI_MAX_YEAR:
        return
    message = f"سال باید بین {_fa(JALALI_MIN_YEAR)} و {_fa(JALALI_MAX_YEAR)} باشد."
    if 1800 <= year <= 2200:
        message += " به نظر می‌رسد تاریخ میلادی است؛ تاریخ را شمسی وارد کنید."
    raise ValidationError(message)


def from_jalali(year: int, month: int, day: int) -> date:
    """Return the Gregorian date of a Jalali date, or raise ``ValidationError``.

    The message says exactly what is wrong, e.g. for 1404/12/30:
    "تاریخ ۱۴۰۴/۱۲/۳۰ وجود ندارد: اسفند سال ۱۴۰۴ ۲۹ روز دارد."
    """
    _check_year(year)
    days = jalali_month_days(year, month)
    if day < 1:
        raise ValidationError(f"روز باید بین ۱ و {_fa(days)} باشد.")
    if day > days:
        month_name = JALALI_MONTHS[month - 1]
        if month == 12:
            reason = f"اسفند سال {_fa(year)} {_fa(days)} روز دارد."
        else:
            reason = f"{month_name} {_fa(days)} روز دارد."
        raise ValidationError(f"تاریخ {_fa_date(year, month, day)} وجود ندارد: {reason}")
    result: date = jdatetime.date(year, month, day).togregorian()
    return result


def parse_jalali(text: str | None) -> date:
    """Read a Jalali date typed by a clerk and return the Gregorian date.

    Accepts year/month/day in any digit script, with ``/``, ``-``, ``.`` or ``٫`` between
    the parts (spaces around them allowed), leading zeros optional: ``1403/1/5``,
    ``۱۴۰۳/۰۱/۰۵``, ``1403-01-05``, ``٠١٤٠٣/٠١/٠٥``; and eight digits without separators
    (``14030105``). Raises ``ValidationError`` with a Persian message otherwise: empty
    text, a two-digit year, day/month/year order, a year outside 1200..1600, a month or
    day that does not exist.
    """
    cleaned = to_ascii_digits(normalize(text)).replace(ZWNJ, "").replace(ZWJ, "")
    if not cleaned:
        raise ValidationError(_MSG_EMPTY)
    match = _COMPACT.fullmatch(cleaned) or _DATE.fullmatch(cleaned)
    if match is None:
        raise ValidationError(_MSG_FORMAT)
    year_text, month_text, day_text = match.groups()
    if len(year_text) <= 2 and len(day_text) == 4:
        raise ValidationError(_MSG_ORDER)
    if len(day_text) > 2:
        raise ValidationError(_MSG_FORMAT)
    if len(year_text) <= 2:
        raise ValidationError(_MSG_TWO_DIGIT_YEAR)
    return from_jalali(int(year_text), int(month_text), int(day_text))


def format_jalali(d: date | None, persian_digits: bool = True) -> str:
    """Show a date as Jalali ``۱۴۰۳/۰۱/۱۵`` (zero-padded); ``None`` becomes ``""``."""
    if d is None:
        return ""
    year, month, day = to_jalali(d)
    text = f"{year:04d}/{month:02d}/{day:02d}"
    return to_persian_digits(text) if persian_digits else text


def format_jalali_long(d: date | None) -> str:
    """Show a date with the month's name: ``۵ فروردین ۱۴۰۳``; ``None`` becomes ``""``."""
    if d is None:
        return ""
    year, month, day = to_jalali(d)
    return f"{_fa(day)} {JALALI_MONTHS[month - 1]} {_fa(year)}"


def jalali_weekday(d: date) -> str:
    """The Persian name of the weekday of ``d`` (``JALALI_WEEKDAYS``, Saturday first)."""
    return JALALI_WEEKDAYS[(d.weekday() + 2) % 7]


def today() -> date:
    """Today's Gregorian date on this workstation's clock."""
    return date.today()


def age_on(birth: date, on: date) -> int:
    """Full years of age on the day ``on`` of someone born on ``birth``.

    Birthdays are counted in the Jalali calendar, the civil calendar in Iran. Someone
    born on 30 Esfand of a leap year gets a year older on 1 Farvardin in common years.
    Raises ``ValidationError`` when ``on`` is before ``birth``.
    """
    if on < birth:
        raise ValidationError(
            f"تاریخ تولد ({format_jalali(birth)}) بعد از تاریخ {format_jalali(on)} است."
        )
    birth_y, birth_m, birth_d = to_jalali(birth)
    on_y, on_m, on_d = to_jalali(on)
    return on_y - birth_y - ((on_m, on_d) < (birth_m, birth_d))
