"""Pieces the feedback documents share: the office heading, a label/value table and
codes held left to right inside Persian text. No Qt; any thread."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from desktop_app.persian import to_persian_digits
from desktop_app.reports.rtl import para
from desktop_app.reports.table import rtl_table

EMPTY = "—"
WIDTH = 180 * mm  # A4 minus 15 mm margins


def fa(value: object) -> str:
    return to_persian_digits(value) if value not in (None, "") else EMPTY


def code(value: str) -> str:
    """A code kept left to right in its digit order (LRE…PDF), Latin digits as typed."""
    return f"\u202a{value}\u202c" if value else EMPTY


def heading(agency: str, office_name: str, title: str) -> list[Flowable]:
    story: list[Flowable] = []
    if agency:
        story.append(para(agency, size=11, bold=True, align="center"))
    if office_name:
        story.append(para(fa(office_name), size=10, align="center"))
    story += [Spacer(1, 4 * mm), para(title, size=15, bold=True, align="center"), Spacer(1, 5 * mm)]
    return story


def pairs_table(pairs: Sequence[tuple[str, str]], width: float = WIDTH) -> Flowable:
    """Label (right) and value (left of it), one pair a row."""
    return rtl_table(
        [[label, value] for label, value in pairs],
        [width * 0.3, width * 0.7],
        font_size=10.5,
        padding=5,
    )
