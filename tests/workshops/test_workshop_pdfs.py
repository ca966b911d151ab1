"""What the workshop PDFs print: Persian decimals (۴٫۳, never 4.3 or ۴.۳), whole header
words in the evaluation table, and the plan-against-actual report."""

from __future__ import annotations

import re
import unicodedata

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
LATIN_THOUSANDS = re.compile(r"[0-9۰-۹],[0-9۰-۹]")


def pdf_text(path) -> str:
    """The PDF's text with the shaped letters (presentation forms) folded back."""
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    return unicodedata.normalize("NFKC", text)


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


def _finished(ctx, workshop, absent_first: bool = True):
    from desktop_app.services.workshops.programme import change_state

    from .test_workshops import mark_all

    mark_all(ctx, workshop, lambda i, s: "absent" if absent_first and i == 0 and s.day_number < 4
             else "late" if i == 1 and s.day_number == 1 else "present")  # fmt: skip
    change_state(ctx, workshop.id, "finish")


def test_the_plan_against_actual_pdf(ctx, workshop, tmp_path):
    from desktop_app.persian import to_jalali, today
    from desktop_app.services.workshops.plan import plan_doc
    from desktop_app.services.workshops.printing import print_plan

    _finished(ctx, workshop)
    doc = plan_doc(ctx)
    assert [(x.held, x.trained) for x in doc.lines] == [(1, 29)]
    out = tmp_path / "plan.pdf"
    print_plan(ctx, out)
    text = pdf_text(out)
    # (the extracted text holds numbers in visual order: only order-free checks)
    assert "۱ از ۲" in text and "گلستان" in text and "٪" in text
    assert doc.years[0].year == to_jalali(workshop.start_date or today())[0]
    assert PERSIAN_DECIMAL.search(text) and not ASCII_DECIMAL.search(text)


def test_the_workshop_to_excel(ctx, workshop, tmp_path):
    from openpyxl import load_workbook
    from sqlalchemy import select

    from desktop_app.models import AuditEntry
    from desktop_app.services.core.errors import ServiceError
    from desktop_app.services.workshops.completion import issue_completion_certificates
    from desktop_app.services.workshops.export import export_workshop_excel

    lines = evaluation_sheet(ctx, workshop.id).lines
    record_evaluation(ctx, workshop.id, [EvaluationEntry(lines[0].invitation_id, 40, 75,
                                                         [5, 4, 3, 5, 2, 4], "خوب بود")])  # fmt: skip
    _finished(ctx, workshop)
    issue_completion_certificates(ctx, workshop.id)
    try:
        export_workshop_excel(ctx, workshop.id, tmp_path / "x.csv")
    except ServiceError as exc:
        assert exc.field == "path"
    else:
        raise AssertionError("a .csv path was accepted")
    out = tmp_path / "workshop.xlsx"
    result = export_workshop_excel(ctx, workshop.id, out)
    assert (result.participants, result.attendance, result.evaluation) == (30, 30, 30)
    book = load_workbook(out)
    assert book.sheetnames == ["شرکت‌کنندگان", "حضور و غیاب", "ارزشیابی", "خلاصهٔ ارزشیابی"]
    people = book["شرکت‌کنندگان"]
    assert people.sheet_view.rightToLeft
    codes = [row[2] for row in people.iter_rows(min_row=2, values_only=True)]
    assert all(isinstance(c, str) and len(c) == 10 for c in codes)  # text, zeros kept
    serials = [row[12] for row in people.iter_rows(min_row=2, values_only=True)]
    assert sum(1 for s in serials if s) == 29
    attendance = list(book["حضور و غیاب"].iter_rows(values_only=True))
    header = attendance[0]
    assert len(header) == 3 + 24 + 7 and header[3] == "روز 1 08:00"
    results = {row[1]: row for row in attendance[1:]}
    first = next(row for row in attendance[1:] if row[-1] != "کامل")
    assert first[3] == "غایب" and first[-3] == 3  # three absent days
    assert sum(1 for row in results.values() if row[-1] == "کامل") == 29
    assert any(row[3] == "تأخیر" for row in attendance[1:])
    answers = {row[1]: row for row in book["ارزشیابی"].iter_rows(min_row=2, values_only=True)}
    mine = answers[lines[0].name]
    assert mine[3:6] == (40, 75, 35) and mine[6:12] == (5, 4, 3, 5, 2, 4)
    assert mine[-1] == "خوب بود"
    summary = list(book["خلاصهٔ ارزشیابی"].iter_rows(values_only=True))
    assert summary[1][2] == 1 and summary[1][3] == 5
    with ctx.session() as session:
        events = session.scalars(select(AuditEntry).where(AuditEntry.action == "export")).all()
    assert any("workshop.xlsx" in e.detail for e in events)


def test_the_plan_pdf_groups_rials_with_the_persian_separator(ctx, workshop, tmp_path):
    """Spent and cost per head (۱۷۹٬۴۳۷٬۵۰۰ / ۲۹ = ۶٬۱۸۷٬۵۰۰ ریال) through ``format_rial``:
    the Persian thousands separator ٬ (U+066C), never a Latin comma. (Vazirmatn draws ٬
    low, like a comma: the character is what this checks.)"""
    from dataclasses import replace

    from desktop_app.services.workshops.printing import print_plan
    from desktop_app.services.workshops.programme import get_workshop, save_workshop

    save_workshop(ctx, replace(get_workshop(ctx, workshop.id), spent=179_437_500))
    _finished(ctx, workshop)
    out = tmp_path / "plan.pdf"
    print_plan(ctx, out)
    text = pdf_text(out)
    # the extracted text holds numbers in visual order (digits reversed)
    assert "۰۰۵٬۷۸۱٬۶" in text and "۰۰۵٬۷۳۴٬۹۷۱" in text, text[:800]
    assert not LATIN_THOUSANDS.search(text)
