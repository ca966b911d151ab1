"""Helpers for the report tests: read back the strings a Miz PDF draws.

Our PDFs draw every line as one string in visual order (left to right), made of
Arabic presentation forms. pypdf, left to itself, guesses at right-to-left runs and
reverses them piecewise (so "(کد ملی)" drawn correctly comes back as "()کد ملی"),
which would hide exactly the ordering bugs these tests look for. `drawn_lines`
switches that guess off while extracting, so each line comes back as drawn; it
patches two names inside pypdf and fails loudly (AttributeError) if a pypdf
release renames them.

To compare with logical text, reverse a drawn Persian line BEFORE NFKC
normalization (`logical`), so lam-alef ligatures expand in the right order.
"""

from __future__ import annotations

import re
import unicodedata
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

from pypdf import PageObject, PdfReader
from pypdf import _text_extraction as pypdf_text

PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def fa(number: int) -> str:
    """Persian digits, converted locally (the tests do not depend on desktop_app.persian)."""
    return str(number).translate(PERSIAN_DIGITS)


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def logical(drawn: str) -> str:
    """A drawn all-Persian line back in logical order (digits/Latin would come out reversed)."""
    return nfkc(drawn[::-1]).strip()


def _no_rtl_guessing() -> ExitStack:
    stack = ExitStack()
    stack.enter_context(mock.patch.object(pypdf_text, "RTL_CHARACTER_PATTERN", re.compile(r"(?!)")))
    stack.enter_context(
        mock.patch.object(pypdf_text, "is_char_rtl", lambda *_args, **_kwargs: False)
    )
    return stack


def drawn_lines(path: Path) -> list[list[str]]:
    """For each page, its non-empty lines exactly as drawn (visual order, not normalized)."""
    with _no_rtl_guessing():
        reader = PdfReader(path)
        pages = [page.extract_text() or "" for page in reader.pages]
    return [[line.strip() for line in text.splitlines() if line.strip()] for text in pages]


@dataclass(frozen=True)
class Drawn:
    """One string drawn on a page: where it starts (points from the lower left), and what."""

    x: float
    y: float
    text: str


def drawn_strings(path: Path) -> list[list[Drawn]]:
    """For each page, every non-blank string drawn, with its start point, as drawn."""
    with _no_rtl_guessing():
        return [_page_strings(page) for page in PdfReader(path).pages]


def _page_strings(page: PageObject) -> list[Drawn]:
    found: list[Drawn] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append(Drawn(round(x, 2), round(y, 2), text.strip()))

    page.extract_text(visitor_text=visit)
    return found
