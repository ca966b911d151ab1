"""Digit scripts and number formatting for display.

Clerks type digits in any of three scripts: Persian (۰-۹, U+06F0..U+06F9), Arabic-Indic
(٠-٩, U+0660..U+0669, from Arabic keyboards and some Windows setups) and Latin (0-9).
Codes are stored with Latin digits; everything shown to people uses Persian digits.

Numbers are formatted the way CLDR formats them for Persian: thousands separator
``٬`` (U+066C), decimal separator ``٫`` (U+066B) and a minus sign written as LEFT-TO-RIGHT
MARK + MINUS SIGN (U+200E U+2212), so that the sign stays on the left of the digits in a
right-to-left paragraph. Vazirmatn carries all of these characters.

Pure functions without shared state: any thread may call them.
"""

from __future__ import annotations

import math
from decimal import Decimal

__all__ = [
    "DECIMAL_SEPARATOR",
    "MINUS_SIGN",
    "THOUSANDS_SEPARATOR",
    "format_decimal",
    "format_number",
    "format_percent",
    "format_rial",
    "to_ascii_digits",
    "to_persian_digits",
]

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
ASCII_DIGITS = "0123456789"

THOUSANDS_SEPARATOR = "\u066c"  # ٬ ARABIC THOUSANDS SEPARATOR
DECIMAL_SEPARATOR = "\u066b"  # ٫ ARABIC DECIMAL SEPARATOR
MINUS_SIGN = "\u200e\u2212"  # LRM + MINUS SIGN, as in CLDR's Persian number symbols

_TO_PERSIAN = str.maketrans(ASCII_DIGITS + ARABIC_INDIC_DIGITS, PERSIAN_DIGITS * 2)
_TO_ASCII = str.maketrans(PERSIAN_DIGITS + ARABIC_INDIC_DIGITS, ASCII_DIGITS * 2)


def to_persian_digits(value: object) -> str:
    """Return ``str(value)`` with Latin and Arabic-Indic digits written as Persian digits.

    ``None`` becomes the empty string, so a missing value shows as a blank cell.
    Nothing but the digits changes.
    """
    if value is None:
        return ""
    return str(value).translate(_TO_PERSIAN)


def to_ascii_digits(text: str) -> str:
    """Return ``text`` with Persian and Arabic-Indic digits written as Latin digits.

    Latin digits and every other character are left as they are.
    """
    return text.translate(_TO_ASCII)


def _plain_digits(n: int | float | Decimal, grouping: bool) -> str:
    """Format ``n`` with Latin digits, ``,`` grouping and ``.`` decimals, never in E-notation."""
    spec = ",f" if grouping else "f"
    if isinstance(n, bool | int):
        return format(int(n), "," if grouping else "d")
    if isinstance(n, float):
        if not math.isfinite(n):
            raise ValueError(f"cannot format a non-finite number: {n!r}")
        # repr() is the shortest text that reads back as the same float: 0.1 -> "0.1".
        return format(Decimal(repr(n)), spec)
    if isinstance(n, Decimal):
        if not n.is_finite():
            raise ValueError(f"cannot format a non-finite number: {n!r}")
        return format(n, spec)
    raise TypeError(f"format_number expects int, float or Decimal, not {type(n).__name__}")


def format_number(n: int | float | Decimal, grouping: bool = True) -> str:
    """Format a number for display: Persian digits, ``٬`` between thousands, ``٫`` decimals.

    ``format_number(1234567)`` is ``"۱٬۲۳۴٬۵۶۷"``, ``format_number(Decimal("-2.50"))`` is
    ``MINUS_SIGN + "۲٫۵۰"``. Floats are written with the shortest digits that identify
    them (never in scientific notation); a Decimal keeps its own digits (trailing zeros
    included). Negative zero is shown as zero. NaN and infinities raise ``ValueError``.
    """
    text = _plain_digits(n, grouping)
    negative = text.startswith("-")
    if negative:
        text = text[1:]
        negative = any(c not in "0.," for c in text)  # "-0.0" is shown as "0.0"
    text = text.replace(",", THOUSANDS_SEPARATOR).replace(".", DECIMAL_SEPARATOR)
    return (MINUS_SIGN if negative else "") + to_persian_digits(text)


def format_decimal(value: float, places: int = 1, signed: bool = False) -> str:
    """A measured value rounded to ``places`` decimals for display: Persian digits and
    the Persian decimal separator (``format_decimal(4.25)`` is ``"۴٫۲"``, half to even
    as ``round``); ``signed`` writes a plus sign before a positive value, kept on the
    left like the minus sign (LRM + ``+``)."""
    text = format_number(Decimal(f"{value:.{places}f}"))
    if signed and value > 0 and any(c not in "۰٫٬" for c in text):
        text = "\u200e+" + text
    return text


def format_percent(share: float, places: int = 1) -> str:
    """A share (0.25) as a Persian percentage: ``"۲۵٫۰٪"``."""
    return format_decimal(share * 100, places) + "٪"


def format_rial(amount: int) -> str:
    """Format an amount of money in rial: ``format_rial(50000)`` is ``"۵۰٬۰۰۰ ریال"``."""
    return f"{format_number(amount)} ریال"
