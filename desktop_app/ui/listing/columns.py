"""Column specs of a record list: key, Persian header, and how a value is shown.

``Column("code", "کد")`` shows ``row.code``; the default formatter writes numbers and
codes with Persian digits and dates as Jalali (۱۴۰۳/۰۱/۱۵). ``choices(KINDS)`` turns a
stored key ("center") into its Persian label ("مرکز"). The ``key`` is also the sort key
the service understands. Pure functions and frozen dataclasses: UI thread (they exist
for display), but nothing here touches Qt objects.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from ...persian import format_jalali, format_number, to_persian_digits
from ...persian.bidi import persian_digits_outside_latin
from ...persian.privacy import MASK
from ..text import ltr

Formatter = Callable[[Any], str]


def show(value: Any) -> str:
    """The default display: Jalali dates, Persian digits, "" for None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "بله" if value else "خیر"
    if isinstance(value, date):
        return format_jalali(value)
    if isinstance(value, int | float):
        return format_number(value)
    text = persian_digits_outside_latin(str(value))
    # A masked code (۰۰۱۲****۷۸, ``persian.mask_code``) keeps its digit order: without an
    # isolate the bidi algorithm would show its two digit runs swapped around the stars.
    return ltr(text) if MASK in text else text


def choices(labels: Mapping[str, str]) -> Formatter:
    """Show a stored key by its Persian label (unknown keys as they are)."""
    return lambda value: labels.get(value, show(value))


def plain_digits(value: Any) -> str:
    """Persian digits without thousands grouping (years, codes stored as numbers)."""
    return "" if value is None else to_persian_digits(value)


@dataclass(frozen=True)
class Column:
    """One column of a list."""

    key: str  # attribute of the row dataclass, and the service's sort key
    header: str
    format: Formatter = show
    sortable: bool = True
    numeric: bool = False  # centred, so digits of different widths line up
    width: int = 0  # initial width in pixels (0: Qt's default)
    stretch: bool = False  # takes the width the other columns leave
    # a stretched column never gets narrower than this (the list scrolls sideways instead
    # of squeezing an equipment name to «تخته ...»)
    min_width: int = 220
