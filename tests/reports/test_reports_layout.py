"""Where things land on the page: right alignment, RTL tables, check boxes."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics

from desktop_app.reports.checkbox import CheckBoxes, checkbox_label
from desktop_app.reports.document import build_pdf
from desktop_app.reports.fonts import FONT_REGULAR
from desktop_app.reports.rtl import RtlParagraph, TextStyle, para
from desktop_app.reports.table import mirror_command, rtl_table
from tests.reports.pdftext import Drawn, drawn_strings, logical

RIGHT_EDGE = A4[0] - 15 * mm  # default margins


def right_end(d: Drawn, size: float, font: str = FONT_REGULAR) -> float:
    return d.x + pdfmetrics.stringWidth(d.text, font, size)


def find(page: list[Drawn], word: str) -> Drawn:
    (match,) = [d for d in page if logical(d.text) == word]
    return match


def test_paragraph_lines_are_right_aligned_and_one_leading_apart(tmp_path: Path) -> None:
    target = tmp_path / "para.pdf"
    text = " ".join(["کارآموزان", "تجهیزات", "کارگاهی", "آموزش", "مهارتی"] * 30)
    build_pdf(target, [RtlParagraph(text, TextStyle(font_size=12, leading=20))], title="ت")
    lines = [d for d in drawn_strings(target)[0] if "صفحه" not in logical(d.text)]
    assert len(lines) >= 5
    for d in lines:
        assert right_end(d, 12) == pytest.approx(RIGHT_EDGE, abs=0.05)
    gaps = {round(a.y - b.y, 2) for a, b in itertools.pairwise(lines)}
    assert gaps == {20.0}


def test_rtl_table_puts_the_first_logical_column_on_the_right(tmp_path: Path) -> None:
    target = tmp_path / "table.pdf"
    table = rtl_table(
        [["ردیف", "نام", "شرح"], ["یک", "دو", "سه"]],
        col_widths=[20 * mm, 60 * mm, 40 * mm],
        header_rows=1,
        col_align=["center", "right", "right"],
    )
    build_pdf(target, [table], title="جدول")
    page = drawn_strings(target)[0]
    one, two, three = find(page, "یک"), find(page, "دو"), find(page, "سه")
    assert one.x > two.x > three.x
    # Table right-aligned in the frame; "دو" right-aligned in the 60 mm column after
    # the 20 mm one, with 4 pt padding.
    assert right_end(two, 9) == pytest.approx(RIGHT_EDGE - 20 * mm - 4, abs=0.05)
    assert find(page, "ردیف").y > one.y  # header row on top


def test_mirror_command_maps_logical_columns() -> None:
    assert mirror_command(("SPAN", (0, 1), (1, 1)), 4) == ("SPAN", (2, 1), (3, 1))
    assert mirror_command(("BACKGROUND", (-1, 0), (-1, -1), "red"), 3) == (
        "BACKGROUND",
        (0, 0),
        (0, -1),
        "red",
    )


def test_a_row_taller_than_a_page_splits_keeping_its_words(tmp_path: Path) -> None:
    letters = "بپتجچخدرزسشفکگمنهی"
    words = [f"واژه{letters[i % 18]}{letters[i // 18 % 18]}{letters[i // 324]}" for i in range(700)]
    target = tmp_path / "tall.pdf"
    table = rtl_table(
        [["عنوان", "شرح"], ["نخست", " ".join(words)]], [30 * mm, 120 * mm], header_rows=1
    )
    build_pdf(target, [table], title="بلند")
    pages = drawn_strings(target)
    assert len(pages) >= 2
    vocabulary = set(words)
    seen: list[str] = []
    for page in pages:
        for d in page:
            line = logical(d.text).split()
            if line and all(w in vocabulary for w in line):
                seen.extend(line)
    assert seen == words
    for page in pages:
        assert sum(logical(d.text) == "شرح" for d in page) == 1  # header repeated
        body = [d for d in page if "صفحه" not in logical(d.text)]
        assert min(d.y for d in body) >= 15 * mm  # nothing spills into the footer


def test_checkboxes_run_right_to_left_and_wrap() -> None:
    boxes = CheckBoxes([(True, "G2C"), (False, "G2B"), (True, "G2G")], caption="نوع خدمت:")
    _, one_row = boxes.wrap(500, 1000)
    _, narrow = boxes.wrap(60, 1000)
    assert narrow >= 3 * one_row
    _, label = checkbox_label(False, "خدمت الکترونیکی").wrap(500, 100)
    assert label == one_row


def test_checkbox_labels_are_drawn_right_to_left(tmp_path: Path) -> None:
    target = tmp_path / "boxes.pdf"
    story = [CheckBoxes([(True, "اول"), (False, "دوم"), (True, "سوم")], caption="گزینه:")]
    story.append(para("پایان"))
    build_pdf(target, story, title="گزینه")
    page = drawn_strings(target)[0]
    caption, first, second, third = (find(page, w) for w in ("گزینه:", "اول", "دوم", "سوم"))
    assert right_end(caption, 10) == pytest.approx(RIGHT_EDGE, abs=0.05)
    assert caption.x > first.x > second.x > third.x
    assert caption.y == first.y == third.y
    # The box sits between the caption and the first label, not inside the text.
    assert right_end(first, 10) < caption.x - 10 * 0.75
    # Between two labels: the gap plus the next box (0.75 + 0.35 font sizes).
    assert first.x - right_end(second, 10) > 10 * (1.1 + 0.5)
