"""What the participation documents share: the office letterhead block, code and digit
helpers, and the paragraph shortcut. No Qt; any thread."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.platypus import Flowable, Table, TableStyle

from desktop_app.documents.office import OfficeSettings
from desktop_app.persian import to_persian_digits
from desktop_app.reports.fonts import FONT_BOLD, FONT_REGULAR
from desktop_app.reports.rtl import Alignment, RtlParagraph, TextStyle

EMPTY = "—"
RED = colors.HexColor("#b71c1c")
LINE = colors.HexColor("#4a4a4a")


def fa(value: object) -> str:
    return to_persian_digits(value) if value not in (None, "") else EMPTY


def code(value: str) -> str:
    """A code in Persian digits held left to right (LRE…PDF) inside Persian text."""
    return f"\u202a{fa(value)}\u202c" if value else EMPTY


def p(
    text: str,
    size: float = 10,
    bold: bool = False,
    align: Alignment = "right",
    color: colors.Color | str = colors.black,
) -> RtlParagraph:
    font = FONT_BOLD if bold else FONT_REGULAR
    return RtlParagraph(
        text,
        TextStyle(font_name=font, font_size=size, alignment=align, leading=size * 1.7, color=color),
    )


def letterhead(office: OfficeSettings, left: Flowable | None, width: float) -> Table:
    """The office's heading on the right (بسمه تعالی, agencies, office) and ``left``
    (a QR, a date box) on the left, over a rule."""
    right = [
        p("بسمه تعالی", 9, align="center"),
        p(office.parent_agency or EMPTY, 9.5, bold=True, align="center"),
        p(office.agency or EMPTY, 9, align="center"),
        p(fa(office.office_name), 9, align="center"),
    ]
    return Table(
        [[left or "", right]],
        colWidths=[width * 0.45, width * 0.55],
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, LINE),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("LEFTPADDING", (0, 0), (0, 0), 0),
            ]
        ),
    )
