"""The skill certificate (گواهینامه مهارت): one landscape A4 page drawn on a canvas.

A double frame; the agency heading; the title; the serial and Jalali issue date at the
top right, the holder's photo at the top left; a sentence that certifies the holder
passed the standard; a grid of the particulars (each value in its own cell, so codes
keep their digit order); the QR code (``MIZC|serial|verification code``) with the
verification code under it at the bottom left; signature and stamp places. A re-issue
says «المثنی» with its date; a certificate printed after its revocation carries a red
diagonal «باطل شده — REVOKED» and a box with the date and reason.

No page number or running header (it is a document, not a report), so the page is drawn
directly rather than through ``document.build_pdf``. No Qt; any thread. Input is plain
data (``services.certificates.certificate_print.CertificateDoc``).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from desktop_app.documents.certificate import CertificateDoc
from desktop_app.persian import format_jalali, to_persian_digits
from desktop_app.reports.fonts import FONT_BOLD, FONT_MEDIUM, FONT_REGULAR, register_fonts
from desktop_app.reports.introduction_form import QrCode
from desktop_app.reports.rtl import RtlParagraph, TextStyle, draw_centered, draw_rtl, text_width

TITLE = "گواهینامه مهارت"
DUPLICATE = "المثنی"
REVOKED = "باطل شده — REVOKED"
FRAME = colors.HexColor("#1f4e79")
ACCENT = colors.HexColor("#b8860b")
RED = colors.HexColor("#b71c1c")
_EMPTY = "—"


def fa(value: object) -> str:
    return to_persian_digits(value) if value not in (None, "") else _EMPTY


def code(value: str) -> str:
    """A code in Persian digits held left to right (LRE…PDF), as ``reports.course``."""
    return f"\u202a{fa(value)}\u202c" if value else _EMPTY


def _frame(c: Canvas, width: float, height: float) -> None:
    c.setStrokeColor(FRAME)
    c.setLineWidth(3)
    c.rect(10 * mm, 10 * mm, width - 20 * mm, height - 20 * mm)
    c.setStrokeColor(ACCENT)
    c.setLineWidth(0.8)
    c.rect(13 * mm, 13 * mm, width - 26 * mm, height - 26 * mm)


def _heading(c: Canvas, doc: CertificateDoc, width: float, height: float) -> None:
    office = doc.office
    x = width / 2
    draw_centered(c, x, height - 24 * mm, "بسمه تعالی", FONT_REGULAR, 11)
    draw_centered(c, x, height - 31 * mm, office.parent_agency or _EMPTY, FONT_BOLD, 12)
    sub = "، ".join(p for p in (office.agency, office.office_name) if p) or _EMPTY
    draw_centered(c, x, height - 37.5 * mm, sub, FONT_REGULAR, 10.5)
    c.setFillColor(FRAME)
    draw_centered(c, x, height - 52 * mm, TITLE, FONT_BOLD, 28)
    c.setFillColor(colors.black)
    if doc.duplicate_count:
        c.setFillColor(RED)
        draw_centered(c, x, height - 61 * mm, DUPLICATE, FONT_BOLD, 16)
        c.setFillColor(colors.black)


def _label_value(
    c: Canvas,
    right: float,
    y: float,
    label: str,
    value: str,
    size: float = 10.5,
    max_width: float | None = None,
) -> None:
    """``label:`` at ``right``, the value (its own run, codes keep order) to its left;
    both shrink together until they fit in ``max_width``."""
    while max_width is not None and size > 6:
        needed = text_width(f"{label}:", FONT_REGULAR, size) + 2 * mm
        if needed + text_width(value, FONT_BOLD, size) <= max_width:
            break
        size -= 0.5
    draw_rtl(c, right, y, f"{label}:", FONT_REGULAR, size)
    gap = text_width(f"{label}:", FONT_REGULAR, size) + 2 * mm
    draw_rtl(c, right - gap, y, value, FONT_BOLD, size)


def _corner(c: Canvas, doc: CertificateDoc, width: float, height: float) -> None:
    right = width - 22 * mm
    _label_value(c, right, height - 26 * mm, "شمارهٔ گواهینامه", code(doc.serial))
    _label_value(c, right, height - 33 * mm, "تاریخ صدور", format_jalali(doc.issued_on))
    if doc.duplicate_count and doc.reissued_on:
        _label_value(
            c, right, height - 40 * mm, "تاریخ صدور المثنی", format_jalali(doc.reissued_on)
        )


def _photo(c: Canvas, doc: CertificateDoc, height: float) -> None:
    w, h = 30 * mm, 40 * mm
    x, y = 22 * mm, height - 22 * mm - h
    c.setStrokeColor(colors.grey)
    c.setLineWidth(0.6)
    if doc.photo:
        c.drawImage(ImageReader(io.BytesIO(doc.photo)), x, y, w, h, preserveAspectRatio=True)
        c.rect(x, y, w, h)
    else:
        c.rect(x, y, w, h)
        draw_centered(c, x + w / 2, y + h / 2, "محل الصاق عکس", FONT_REGULAR, 8)


def _sentence(doc: CertificateDoc) -> str:
    title = "آقای" if doc.gender == "male" else "خانم" if doc.gender == "female" else ""
    holder = f"{title} {doc.first_name} {doc.last_name}".strip()
    father = f" فرزند {doc.father_name}" if doc.father_name else ""
    return (
        f"بدین‌وسیله گواهی می‌شود {holder}{father} دورهٔ آموزش مهارت «{doc.standard_title}» "
        f"را به مدت {fa(doc.hours)} ساعت گذرانده و در آزمون‌های نظری و عملی آن "
        "پذیرفته شده است."
    )


def _body(c: Canvas, doc: CertificateDoc, width: float, height: float) -> float:
    """The certifying sentence and the grid of particulars; returns the lowest y used."""
    style = TextStyle(font_name=FONT_MEDIUM, font_size=13.5, alignment="center", leading=24)
    paragraph = RtlParagraph(_sentence(doc), style)
    text_width_ = width - 2 * 62 * mm
    _w, h = paragraph.wrap(text_width_, 200)
    top = height - 70 * mm
    paragraph.drawOn(c, 62 * mm, top - h)
    half, full = 1, 2
    rows: list[list[tuple[str, str]]] = [
        [
            ("نام و نام خانوادگی", f"{doc.first_name} {doc.last_name}"),
            ("نام پدر", doc.father_name or _EMPTY),
        ],
        [
            ("کد ملی", code(doc.national_code)),
            ("تاریخ تولد", format_jalali(doc.birth_date) if doc.birth_date else _EMPTY),
        ],
        [("عنوان استاندارد", fa(doc.standard_title))],
        [("کد استاندارد", code(doc.standard_code)), ("مدت دوره", f"{fa(doc.hours)} ساعت")],
        [
            ("نمرهٔ نظری / عملی", f"{fa(doc.theory_score)} / {fa(doc.practical_score)}"),
            ("کد دوره", code(doc.course_code)),
        ],
        [("محل آموزش", fa(doc.place_name))],
    ]
    row_h = 8.5 * mm
    grid_w = width - 2 * 62 * mm
    y = top - h - 10 * mm
    c.setStrokeColor(colors.HexColor("#c8ccd2"))
    c.setLineWidth(0.5)
    for index, cells in enumerate(rows):
        base = y - index * row_h
        span = full if len(cells) == 1 else half
        col_w = grid_w * span / 2
        for col, (label, value) in enumerate(cells):
            right = width - 62 * mm - col * col_w
            _label_value(c, right - 2 * mm, base, label, value, 10.5, col_w - 6 * mm)
            c.line(right - col_w + 3 * mm, base - 2.6 * mm, right, base - 2.6 * mm)
    return y - len(rows) * row_h


def _qr(c: Canvas, doc: CertificateDoc) -> None:
    side = 30 * mm
    x, y = 22 * mm, 24 * mm
    qr = QrCode(doc.qr_payload, side)
    qr.wrapOn(c, side, side)
    qr.drawOn(c, x, y)
    draw_centered(c, x + side / 2, y - 4 * mm, "کد تصدیق", FONT_REGULAR, 8)
    draw_centered(c, x + side / 2, y - 8.5 * mm, code(doc.verification_code), FONT_BOLD, 9)


def _signatures(c: Canvas, width: float) -> None:
    y = 30 * mm
    for x, label in (
        (width - 70 * mm, "مهر و امضای رئیس مرکز یا آموزشگاه"),
        (width / 2, "مهر و امضای مدیر کل"),
    ):
        draw_centered(c, x, y, label, FONT_MEDIUM, 10)
    c.setFillColor(colors.HexColor("#555555"))
    draw_centered(
        c,
        width / 2 + 40 * mm,
        16.5 * mm,
        "اصالت این گواهینامه را با شمارهٔ آن و کد ملی دارنده از اداره استعلام کنید.",
        FONT_REGULAR,
        8,
    )
    c.setFillColor(colors.black)


def _revoked(c: Canvas, doc: CertificateDoc, width: float, height: float) -> None:
    c.saveState()
    c.setFillColor(RED)
    c.setFillAlpha(0.28)
    c.translate(width / 2, height / 2)
    c.rotate(20)
    draw_centered(c, 0, -20, REVOKED, FONT_BOLD, 64)
    c.restoreState()
    box_w, box_h = 150 * mm, 13 * mm
    x, y = (width - box_w) / 2, 37 * mm
    c.saveState()
    c.setStrokeColor(RED)
    c.setFillColor(colors.white)
    c.setLineWidth(1.5)
    c.rect(x, y, box_w, box_h, fill=1)
    c.setFillColor(RED)
    text = f"این گواهینامه در تاریخ {format_jalali(doc.revoked_on)} ابطال شده است. دلیل: {doc.revoke_reason}"
    size = 11.0
    while text_width(text, FONT_BOLD, size) > box_w - 6 * mm and size > 6:
        size -= 0.5
    draw_centered(c, width / 2, y + 4.5 * mm, text, FONT_BOLD, size)
    c.restoreState()


def write_certificate(target: str | Path | BinaryIO, doc: CertificateDoc) -> None:
    """Draw the certificate into a PDF file or binary stream."""
    register_fonts()
    width, height = landscape(A4)
    out: str | BinaryIO = str(target) if isinstance(target, Path) else target
    c = Canvas(out, pagesize=(width, height))
    c.setTitle(f"{TITLE} {doc.serial}")
    c.setAuthor("Miz")
    c.setCreator("Miz (میز خدمت)")
    _frame(c, width, height)
    _heading(c, doc, width, height)
    _corner(c, doc, width, height)
    _photo(c, doc, height)
    _body(c, doc, width, height)
    _qr(c, doc)
    _signatures(c, width)
    if doc.revoked_on is not None:
        _revoked(c, doc, width, height)
    c.showPage()
    c.save()
