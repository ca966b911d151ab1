"""The completion certificate (گواهی شرکت در کارگاه): one landscape A4 page in the look
of the skill certificate (its frame colours, ``reports.certificate``): heading, title,
serial and issue date, the certifying sentence, the particulars, and the QR code carrying
``MIZC|serial|verification code`` (the inquiry reads it like a skill certificate's) with
the verification code under it. A revoked certificate printed again says so in red.
No Qt; any thread.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from desktop_app.documents.workshops import CompletionDoc
from desktop_app.reports.certificate import ACCENT, FRAME, RED
from desktop_app.reports.fonts import FONT_BOLD, FONT_MEDIUM, FONT_REGULAR, register_fonts
from desktop_app.reports.introduction_form import QrCode
from desktop_app.reports.rtl import RtlParagraph, TextStyle, draw_centered, draw_rtl
from desktop_app.reports.workshops.common import EMPTY, code, fa, jdate

TITLE = "گواهی شرکت در کارگاه آموزشی"


def _sentence(doc: CompletionDoc) -> str:
    father = f" فرزند {doc.father_name}" if doc.father_name else ""
    return (
        f"بدین‌وسیله گواهی می‌شود {doc.first_name} {doc.last_name}{father} به کد ملی "
        f"{code(doc.national_code)} در کارگاه آموزشی «{doc.workshop_title}» که از تاریخ "
        f"{jdate(doc.start_date)} تا {jdate(doc.end_date)} به مدت {fa(doc.days)} روز "
        f"({fa(doc.hours)} ساعت) در {doc.place_name or EMPTY} برگزار شد، شرکت کرده و آن را "
        "با رعایت مقررات حضور به پایان رسانده است."
    )


def write_completion_certificate(target: str | Path | BinaryIO, doc: CompletionDoc) -> None:
    register_fonts()
    width, height = landscape(A4)
    c = Canvas(str(target) if isinstance(target, Path) else target, pagesize=(width, height))
    c.setTitle(f"{TITLE} {doc.serial}")
    c.setAuthor("Miz")
    c.setStrokeColor(FRAME)
    c.setLineWidth(3)
    c.rect(10 * mm, 10 * mm, width - 20 * mm, height - 20 * mm)
    c.setStrokeColor(ACCENT)
    c.setLineWidth(0.8)
    c.rect(13 * mm, 13 * mm, width - 26 * mm, height - 26 * mm)
    x = width / 2
    draw_centered(c, x, height - 24 * mm, "بسمه تعالی", FONT_REGULAR, 11)
    draw_centered(c, x, height - 31 * mm, doc.heading.parent_agency or EMPTY, FONT_BOLD, 12)
    sub = "، ".join(v for v in (doc.heading.agency, doc.heading.office_name) if v) or EMPTY
    draw_centered(c, x, height - 37.5 * mm, sub, FONT_REGULAR, 10.5)
    c.setFillColor(FRAME)
    draw_centered(c, x, height - 54 * mm, TITLE, FONT_BOLD, 26)
    c.setFillColor(colors.black)
    right = width - 22 * mm
    draw_rtl(c, right, height - 26 * mm, f"شمارهٔ گواهی: {code(doc.serial)}", FONT_REGULAR, 10.5)
    draw_rtl(c, right, height - 33 * mm, f"تاریخ صدور: {jdate(doc.issued_on)}", FONT_REGULAR, 10.5)
    style = TextStyle(font_name=FONT_MEDIUM, font_size=14, alignment="center", leading=27)
    paragraph = RtlParagraph(_sentence(doc), style)
    _w, h = paragraph.wrap(width - 2 * 45 * mm, 300)
    paragraph.drawOn(c, 45 * mm, height - 72 * mm - h)
    draw_centered(
        c, x, height - 80 * mm - h, f"کد کارگاه: {code(doc.workshop_code)}", FONT_REGULAR, 10
    )
    side = 30 * mm
    qr = QrCode(doc.qr_payload, side)
    qr.wrapOn(c, side, side)
    qr.drawOn(c, 22 * mm, 24 * mm)
    draw_centered(c, 22 * mm + side / 2, 20 * mm, "کد تصدیق", FONT_REGULAR, 8)
    draw_centered(c, 22 * mm + side / 2, 15.5 * mm, code(doc.verification_code), FONT_BOLD, 9)
    draw_centered(c, width - 75 * mm, 32 * mm, "مهر و امضای مسئول برگزاری کارگاه", FONT_MEDIUM, 10)
    draw_centered(c, width / 2, 32 * mm, "مهر و امضای مدیر", FONT_MEDIUM, 10)
    c.setFillColor(colors.HexColor("#555555"))
    draw_centered(c, width / 2 + 40 * mm, 16.5 * mm,
                  "اصالت این گواهی را با شمارهٔ آن و کد ملی دارنده از اداره استعلام کنید.",
                  FONT_REGULAR, 8)  # fmt: skip
    if doc.replaces:
        draw_rtl(c, right, height - 40 * mm, f"به جای گواهی شمارهٔ {code(doc.replaces)}",
                 FONT_REGULAR, 9.5)  # fmt: skip
    if doc.replaced_by and doc.revoked_on is None:
        c.setFillColor(RED)
        draw_centered(c, width / 2, 45 * mm,
                      f"این گواهی در تاریخ {jdate(doc.replaced_on)} با گواهی شمارهٔ "
                      f"{code(doc.replaced_by)} جایگزین شده و اعتبار ندارد.",
                      FONT_BOLD, 13)  # fmt: skip
    if doc.revoked_on is not None:
        c.setFillColor(RED)
        draw_centered(c, width / 2, 45 * mm,
                      f"این گواهی در تاریخ {jdate(doc.revoked_on)} ابطال شده است. {doc.revoke_reason}",
                      FONT_BOLD, 13)  # fmt: skip
    c.showPage()
    c.save()
