"""The printed equipment list (فهرست تجهیزات کارگاهی) of a workshop or a place, as a PDF.

Renders an ``EquipmentListDoc``: a title, the lines under it (place, workshop,
condition filter, date), and one row per item (ready-made Persian strings; the
service decides what is listed and how values read), numbered, with a count per
condition at the end. A4 landscape; the table's header repeats on every page.

No Qt; any thread (``build_pdf`` owns its canvas).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from desktop_app.persian import to_persian_digits
from desktop_app.reports.document import build_pdf
from desktop_app.reports.rtl import Alignment, para
from desktop_app.reports.table import rtl_table

#: (header, width in mm, alignment) of each column, rightmost first.
COLUMNS: tuple[tuple[str, float, Alignment], ...] = (
    ("ردیف", 10, "center"),
    ("شماره اموال", 22, "center"),
    ("نام تجهیزات", 46, "right"),
    ("دسته", 26, "right"),
    ("مارک و مدل", 28, "right"),
    ("شماره سریال", 24, "center"),
    ("تعداد", 16, "center"),
    ("تاریخ تحویل", 19, "center"),
    ("وضعیت", 22, "center"),
    ("آخرین بازدید", 19, "center"),
    ("کارگاه", 0, "right"),  # takes the rest of the width
)


@dataclass
class EquipmentListDoc:
    """Everything printed on an equipment list, as strings in logical order."""

    title: str
    lines: list[str] = field(default_factory=list)  # under the title
    header: str = ""  # the page header (office)
    #: one row per item: asset number, name, category, brand/model, serial,
    #: quantity with unit, acquired on, condition, last inspection, workshop
    rows: list[Sequence[str]] = field(default_factory=list)
    summary: str = ""  # counts per condition, under the table


def _widths(total: float) -> list[float]:
    fixed = sum(width for _h, width, _a in COLUMNS) * mm
    return [width * mm if width else total - fixed for _h, width, _a in COLUMNS]


def equipment_list_story(doc: EquipmentListDoc, width: float) -> list[Flowable]:
    story: list[Flowable] = [para(doc.title, size=14, bold=True, align="center")]
    for line in doc.lines:
        story.append(para(line, size=10, align="center"))
    story.append(Spacer(1, 4 * mm))
    if not doc.rows:
        story.append(para("هیچ قلمی با این شرایط ثبت نشده است.", size=11, align="center"))
        return story
    header = [h for h, _w, _a in COLUMNS]
    body = [[to_persian_digits(n), *row] for n, row in enumerate(doc.rows, start=1)]
    aligns = [a for _h, _w, a in COLUMNS]
    table = rtl_table(
        [header, *body], _widths(width), header_rows=1, font_size=8.5, col_align=aligns
    )
    story.append(table)
    if doc.summary:
        story += [Spacer(1, 3 * mm), para(doc.summary, size=10)]
    return story


def write_equipment_list(target: str | Path | BinaryIO, doc: EquipmentListDoc) -> None:
    """Write ``doc`` as an A4 landscape PDF to a path or a binary file."""
    from reportlab.lib.pagesizes import A4, landscape

    margin = 12
    width = landscape(A4)[0] - 2 * margin * mm
    build_pdf(
        target,
        equipment_list_story(doc, width),
        title=doc.title,
        header=doc.header or None,
        landscape=True,
        margins_mm=margin,
    )
