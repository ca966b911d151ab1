"""Builds a Miz PDF: A4 page frame, header line, "صفحه ۱ از ۲" footer, metadata.

No Qt; any thread may call `build_pdf` (each call owns its document and canvas; run
long batches off the UI thread). Every report (service card, introduction form,
lists, certificates) builds its story of flowables and hands it to `build_pdf`.

The total page count is known only at the end, so pages are drawn into a deferred
canvas (`_NumberedCanvas`) that keeps each page's state and stamps the header and
footer on all of them when the document is saved.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache, partial
from io import BytesIO
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.pagesizes import landscape as _landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from desktop_app.reports.fonts import FONT_MEDIUM, FONT_REGULAR, register_fonts
from desktop_app.reports.rtl import draw_centered, draw_rtl
from desktop_app.reports.table import rtl_table

__all__ = ["build_pdf", "page_label", "rtl_table"]

_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_FOOTER_SIZE = 8.5
_HEADER_SIZE = 9
_LOGO_MAX = 13 * mm


def page_label(number: int, total: int) -> str:
    """The footer text in logical order, with Persian digits: "صفحه ۱ از ۲"."""
    return f"صفحه {number} از {total}".translate(_PERSIAN_DIGITS)


class _NumberedCanvas(Canvas):
    """A canvas that defers page output until it knows how many pages there are."""

    def __init__(
        self,
        *args: Any,
        header: str | None,
        margins: tuple[float, float, float, float],
        logo: ImageReader | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._miz_header = header
        self._miz_logo = logo
        self._miz_margins = margins  # top, right, bottom, left in points
        self._miz_pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._miz_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._miz_pages)
        for number, state in enumerate(self._miz_pages, start=1):
            self.__dict__.update(state)
            self._decorate(number, total)
            super().showPage()
        super().save()

    def _decorate(self, number: int, total: int) -> None:
        width, height = self._pagesize
        top, right, bottom, left = self._miz_margins
        self.saveState()
        if self._miz_header:
            rule_y = height - top + 2 * mm
            header = self._miz_header
            draw_rtl(self, width - right, rule_y + 2 * mm, header, FONT_MEDIUM, _HEADER_SIZE)
            self.setStrokeColor(colors.grey)
            self.setLineWidth(0.5)
            self.line(left, rule_y, width - right, rule_y)
        if self._miz_logo is not None:
            # The office's logo at the top left, inside the top margin, above the rule.
            box = min(_LOGO_MAX, top - 5 * mm)
            y = height - top + 3 * mm
            self.drawImage(
                self._miz_logo, left, y, width=box * 2, height=box,
                preserveAspectRatio=True, anchor="sw", mask="auto",
            )  # fmt: skip
        self.setFillColor(colors.black)
        label = page_label(number, total)
        draw_centered(self, width / 2, bottom / 2, label, FONT_REGULAR, _FOOTER_SIZE)
        self.restoreState()


@lru_cache(maxsize=8)
def logo_image(logo: bytes) -> ImageReader:
    """The office's logo decoded once per process (the same bytes on every print).

    Decoded here, before it is shared: print jobs on two worker threads then only read
    the decoded pixels."""
    reader = ImageReader(BytesIO(logo))
    reader.getSize()
    reader.getRGBData()
    return reader


def build_pdf(
    target: str | Path | BinaryIO,
    story: list[Flowable],
    *,
    title: str,
    header: str | None = None,
    pagesize: tuple[float, float] = A4,
    landscape: bool = False,
    margins_mm: float | Sequence[float] = 15,
    logo: bytes | None = None,
) -> None:
    """Lay out `story` on pages and write the PDF to a path or a binary file object.

    `margins_mm` is one number for all sides or (top, right, bottom, left). The
    header (if any) is drawn at the top right of every page inside the top margin,
    the page number centred inside the bottom margin; `title` becomes the PDF's
    title metadata. `logo` (image file bytes, e.g. the office's logo from the settings)
    is drawn at the top left of every page.
    """
    register_fonts()
    if isinstance(margins_mm, int | float):
        top = right = bottom = left = float(margins_mm) * mm
    else:
        top, right, bottom, left = (float(m) * mm for m in margins_mm)
    size = _landscape(pagesize) if landscape else pagesize
    # No frame padding: the margins are exactly where text and tables end, so their
    # right edges line up with the header.
    frame = Frame(
        left,
        bottom,
        size[0] - left - right,
        size[1] - top - bottom,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    doc = BaseDocTemplate(
        str(target) if isinstance(target, Path) else target,
        pagesize=size,
        pageTemplates=[PageTemplate(id="page", frames=[frame])],
        topMargin=top,
        rightMargin=right,
        bottomMargin=bottom,
        leftMargin=left,
        title=title,
        author="Miz",
        creator="Miz (میز خدمت)",
        lang="fa-IR",
    )
    image = logo_image(logo) if logo else None
    canvas_maker = partial(
        _NumberedCanvas, header=header, margins=(top, right, bottom, left), logo=image
    )
    doc.build(list(story), canvasmaker=canvas_maker)
