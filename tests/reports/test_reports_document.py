"""Real PDFs built with build_pdf, read back with pypdf."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak

from desktop_app.reports.document import build_pdf, page_label
from desktop_app.reports.rtl import RtlParagraph, TextStyle, para
from tests.reports.pdftext import drawn_lines, fa, logical, nfkc

LETTERS = "بپتجچخدرزسشفکگمنهی"


def unique_words(count: int) -> list[str]:
    """Distinct Persian words without digits or lam-alef, so each can be traced."""
    return [
        f"{LETTERS[i % 18]}ا{LETTERS[(i // 18) % 18]}و{LETTERS[i // 324]}" for i in range(count)
    ]


def paragraph_lines(path: Path, vocabulary: set[str]) -> list[list[list[str]]]:
    """Per page, the words (logical order) of each drawn line made of vocabulary words."""
    pages = []
    for lines in drawn_lines(path):
        words_per_line = [logical(line).split() for line in lines]
        pages.append([w for w in words_per_line if w and all(x in vocabulary for x in w)])
    return pages


def test_long_paragraph_wraps_in_order_and_splits_across_pages(tmp_path: Path) -> None:
    words = unique_words(900)
    target = tmp_path / "long.pdf"
    build_pdf(target, [RtlParagraph(" ".join(words), TextStyle(font_size=12))], title="بلند")

    pages = paragraph_lines(target, set(words))
    assert len(pages) >= 2, "the paragraph should run over more than one page"
    lines = [line for page in pages for line in page]
    assert len(lines) >= 5
    assert lines[0] == words[: len(lines[0])], "the first line holds the first words"
    assert [w for line in lines for w in line] == words


def test_page_numbers_use_persian_digits_and_the_final_total(tmp_path: Path) -> None:
    story: list[Flowable] = [para("صفحه نخست"), PageBreak(), para("میانه"), PageBreak()]
    story.append(para("پایان"))
    target = tmp_path / "pages.pdf"
    build_pdf(target, story, title="شماره صفحه", header="اداره کل آموزش فنی و حرفه‌ای")

    pages = drawn_lines(target)
    assert len(pages) == 3
    for number, lines in enumerate(pages, start=1):
        readable = {logical(line) for line in lines}
        assert f"صفحه {fa(number)} از {fa(3)}" in readable  # one-digit numbers: reversible
        assert "اداره کل آموزش فنی و حرفهای" in readable  # header on every page
    assert page_label(12, 30) == "صفحه ۱۲ از ۳۰"


def test_title_metadata_and_file_object_target() -> None:
    buffer = io.BytesIO()
    build_pdf(buffer, [para("سلام")], title="فرم معرفی به مرکز", landscape=True)
    reader = PdfReader(io.BytesIO(buffer.getvalue()))
    assert reader.metadata is not None and reader.metadata.title == "فرم معرفی به مرکز"
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert width > height


def test_brackets_mixed_text_and_zwnj_are_drawn_right(tmp_path: Path) -> None:
    target = tmp_path / "lines.pdf"
    story = [para("(کد ملی)"), para("کد ۱۲۳۴۵ و G2C"), para("این فرم چاپ می‌شود")]
    build_pdf(target, story, title="کمانک")
    brackets, mixed, zwnj = drawn_lines(target)[0][:3]
    # Drawn left to right: the mirrored closing bracket first, the words reversed.
    # The Rust get_display would draw ")یلم دک(".
    assert nfkc(brackets) == "(یلم دک)"
    assert nfkc(mixed) == "G2C و ۱۲۳۴۵ دک"
    # شـ in its initial form: the join stops at the ZWNJ, and no space splits the word.
    assert "\ufeb7" in zwnj
    assert logical(zwnj).split() == ["این", "فرم", "چاپ", "میشود"]


def test_margins_keep_text_inside_the_frame(tmp_path: Path) -> None:
    target = tmp_path / "margins.pdf"
    build_pdf(target, [para("متن راست‌چین " * 30)], title="حاشیه", margins_mm=20)
    reader = PdfReader(target)
    xs: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip():
            xs.append(tm[4] * cm[0] + cm[4])

    reader.pages[0].extract_text(visitor_text=visit)
    assert xs and min(xs) >= 20 * mm - 0.5
