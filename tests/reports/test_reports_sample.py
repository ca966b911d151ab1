"""The sample document (tests/reports/sample_document.py) builds and reads right."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from tests.reports.pdftext import drawn_lines, drawn_strings, fa, logical, nfkc
from tests.reports.sample_document import HEADER, TITLE, write_sample


def test_sample_document(tmp_path: Path) -> None:
    target = tmp_path / "sample.pdf"
    write_sample(target)
    reader = PdfReader(target)
    assert reader.metadata is not None and reader.metadata.title == TITLE
    pages = drawn_lines(target)
    total = len(pages)
    assert total >= 3
    header = nfkc(HEADER.replace("\u200c", ""))
    for number, lines in enumerate(pages, start=1):
        readable = {logical(line) for line in lines}
        assert header in readable
        assert f"صفحه {fa(number)} از {fa(total)}" in readable

    first_page = [nfkc(line) for line in pages[0]]
    assert "(۱ همیمض) تمدخ یناسرعلاطا مرف" in first_page  # title, brackets mirrored
    assert any("G2C و ۱۲۳۴۵ دک" in line for line in first_page)  # mixed line

    # Nothing drawn outside the page's side margins or below the bottom margin
    # (except the footer, which lives there).
    for page in drawn_strings(target):
        for drawn in page:
            assert drawn.x >= 15 * mm - 0.5
            assert drawn.x <= A4[0] - 15 * mm
            if "صفحه" not in logical(drawn.text):
                assert drawn.y >= 15 * mm
