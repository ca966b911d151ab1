"""What the workshop PDFs print: Persian decimals (۴٫۳, never 4.3 or ۴.۳), whole header
words in the evaluation table, and the plan-against-actual report."""

from __future__ import annotations

import re

from pypdf import PdfReader

from desktop_app.persian import format_decimal, format_percent
from desktop_app.reports.fonts import FONT_BOLD
from desktop_app.reports.rtl import wrap
from desktop_app.reports.workshops.evaluation import (
    ANSWERS_FONT_SIZE,
    ANSWERS_HEADER,
    ANSWERS_WIDTHS,
)
from desktop_app.services.workshops.evaluation import (
    EvaluationEntry,
    evaluation_sheet,
    record_evaluation,
)
from desktop_app.services.workshops.printing import print_evaluation

ASCII_DECIMAL = re.compile(r"[0-9۰-۹]\.[0-9۰-۹]")
PERSIAN_DECIMAL = re.compile(r"[۰-۹]٫[۰-۹]")


def pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_decimals_are_persian():
    assert format_decimal(4.25) == "۴٫۲" and format_decimal(4.35) == "۴٫۳"
    assert format_decimal(19.64, signed=True) == "\u200e+۱۹٫۶"
    assert format_decimal(-3.0, signed=True).endswith("۳٫۰") and "+" not in format_decimal(0.0)
    assert format_percent(0.2537) == "۲۵٫۴٪"


def test_every_header_of_the_answers_table_keeps_its_words_whole():
    """A header cell breaks only between words (the «پاسخ‌ها» of 12 mm broke mid-word)."""
    padding = 2 * 4  # rtl_table's default left and right padding, in points
    for label, width in zip(ANSWERS_HEADER, ANSWERS_WIDTHS, strict=True):
        lines = wrap(label, FONT_BOLD, ANSWERS_FONT_SIZE, width - padding)
        words = label.split()
        assert [w for line in lines for w in line.split()] == words, label


def test_the_evaluation_pdf_writes_averages_with_the_persian_separator(ctx, workshop, tmp_path):
    lines = evaluation_sheet(ctx, workshop.id).lines
    entries = [
        EvaluationEntry(line.invitation_id, 40 + i, 71 + i, [(i % 5) + 1, 4, 3, 5, 2, 4])
        for i, line in enumerate(lines[:7])
    ]
    record_evaluation(ctx, workshop.id, entries)
    out = tmp_path / "evaluation.pdf"
    print_evaluation(ctx, workshop.id, out)
    text = pdf_text(out)
    assert PERSIAN_DECIMAL.search(text), text[:500]
    assert not ASCII_DECIMAL.search(text)
