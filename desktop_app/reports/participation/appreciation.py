"""The letter of appreciation (تقدیرنامه) of a volunteer: one landscape A4 page drawn on
a canvas — a double frame, the letterhead, the title, a sentence thanking the volunteer
for their hours of service at the named centers in the period, the date and a
signature place. No Qt; any thread; input is
``documents.participation.AppreciationLetter``.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from desktop_app.documents.participation import AppreciationLetter
from desktop_app.persian import format_jalali, format_number
from desktop_app.reports.fonts import FONT_BOLD, FONT_MEDIUM, FONT_REGULAR, register_fonts
from desktop_app.reports.participation.common import code, fa
from desktop_app.reports.rtl import RtlParagraph, TextStyle, draw_centered, draw_rtl

TITLE = "تقدیرنامه"
FRAME = colors.HexColor("#2e7d32")
ACCENT = colors.HexColor("#b8860b")


def _sentence(letter: AppreciationLetter) -> str:
    centers = "، ".join(letter.centers)
    period = ""
    if letter.first_day and letter.last_day:
        period = f" از {format_jalali(letter.first_day)} تا {format_jalali(letter.last_day)}"
    return (
        f"سرکار خانم / جناب آقای {fa(letter.name)} (کد ملی {code(letter.national_code)})، "
        f"بدین‌وسیله از {format_number(letter.total_hours)} ساعت خدمت داوطلبانهٔ ارزشمند "
        f"شما{period} در {fa(centers)} صمیمانه قدردانی می‌شود. همدلی و مهارت شما "
        f"({fa(letter.skills)}) گره از کار مددجویان گشود؛ توفیق روزافزون شما را در "
        "خدمت به همنوعان از خداوند متعال خواستاریم."
    )


def write_appreciation(target: str | Path | BinaryIO, letter: AppreciationLetter) -> None:
    register_fonts()
    width, height = landscape(A4)
    out: str | BinaryIO = str(target) if isinstance(target, Path) else target
    c = Canvas(out, pagesize=(width, height))
    c.setTitle(f"{TITLE} {letter.name}")
    c.setAuthor("Miz")
    c.setStrokeColor(FRAME)
    c.setLineWidth(3)
    c.rect(10 * mm, 10 * mm, width - 20 * mm, height - 20 * mm)
    c.setStrokeColor(ACCENT)
    c.setLineWidth(0.8)
    c.rect(13 * mm, 13 * mm, width - 26 * mm, height - 26 * mm)
    y = height - 30 * mm
    for text, font, size in (
        ("بسمه تعالی", FONT_REGULAR, 11),
        (letter.office.parent_agency, FONT_BOLD, 13),
        (letter.office.agency, FONT_MEDIUM, 11.5),
        (letter.office.office_name, FONT_REGULAR, 11),
    ):
        if text:
            draw_centered(c, width / 2, y, text, font, size)
            y -= size * 1.8
    c.setFillColor(FRAME)
    draw_centered(c, width / 2, y - 14 * mm, TITLE, FONT_BOLD, 34)
    c.setFillColor(colors.black)
    draw_rtl(c, width - 30 * mm, height - 30 * mm, f"تاریخ: {format_jalali(letter.written_on)}",
             FONT_REGULAR, 10)  # fmt: skip
    body = RtlParagraph(_sentence(letter), TextStyle(font_name=FONT_REGULAR, font_size=15,
                                                       alignment="center", leading=30))  # fmt: skip
    box_w = width - 70 * mm
    _w, h = body.wrap(box_w, 120 * mm)
    body.drawOn(c, 35 * mm, y - 30 * mm - h)
    draw_centered(c, width * 0.28, 38 * mm, "مدیر " + (letter.office.office_name or "اداره"),
                  FONT_MEDIUM, 11)  # fmt: skip
    draw_centered(c, width * 0.28, 31 * mm, "مهر و امضا", FONT_REGULAR, 10)
    c.showPage()
    c.save()
