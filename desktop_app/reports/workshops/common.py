"""Shared pieces of the workshop documents: the office heading block, Persian numbers
and codes, paragraph shortcuts. No Qt; any thread."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from desktop_app.documents.workshops import OfficeHeading
from desktop_app.persian import format_jalali, to_persian_digits
from desktop_app.reports.fonts import FONT_BOLD, FONT_REGULAR
from desktop_app.reports.rtl import RtlParagraph, TextStyle

EMPTY = "—"


def fa(value: object) -> str:
    """Persian digits, or «—» for nothing."""
    return to_persian_digits(value) if value not in (None, "") else EMPTY


def code(value: str) -> str:
    """A code in Persian digits held left to right inside Persian text (LRE…PDF)."""
    return f"\u202a{fa(value)}\u202c" if value else EMPTY


def jdate(value: object) -> str:
    return format_jalali(value) if value else EMPTY  # type: ignore[arg-type]


def p(text: str, size: float = 10, bold: bool = False, align: str = "right",
      space_after: float = 0) -> RtlParagraph:  # fmt: skip
    font = FONT_BOLD if bold else FONT_REGULAR
    return RtlParagraph(
        text,
        TextStyle(font_name=font, font_size=size, alignment=align, space_after=space_after),  # type: ignore[arg-type]
    )


def heading_block(heading: OfficeHeading, title: str) -> list[Flowable]:
    """«بسمه تعالی», the agency, the office and the document's title, centred."""
    return [
        p("بسمه تعالی", 10, align="center"),
        p(heading.parent_agency or EMPTY, 11, bold=True, align="center"),
        p(
            "، ".join(x for x in (heading.agency, heading.office_name) if x) or EMPTY,
            10,
            align="center",
        ),
        Spacer(1, 3 * mm),
        p(title, 15, bold=True, align="center", space_after=4 * mm),
    ]
