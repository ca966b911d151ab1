"""The inquiry reply letter (پاسخ استعلام اصالت گواهینامه مهارت, or … گواهی شرکت در
کارگاه: the letter names the certificate by its kind): one A4 page with the office's
heading, the date, the addressee (the person or agency who asked, the agency's letter
number), what was asked (serial and national code) and the answer in a framed box:
genuine (with the holder's name, the standard or workshop, its code and hours, the
issue date), revoked (with the date and reason), replaced (naming the serial now
valid) or not found.

No Qt; any thread. Input is plain data (``services.certificates.certificate_print.ReplyLetter``).
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from desktop_app.documents.certificate import KINDS, ReplyLetter, local_date, workshop_of_title
from desktop_app.persian import format_jalali, to_persian_digits
from desktop_app.reports.document import build_pdf
from desktop_app.reports.fonts import FONT_BOLD, FONT_REGULAR
from desktop_app.reports.rtl import RtlParagraph, TextStyle

TITLE = "پاسخ استعلام اصالت گواهینامه مهارت"
#: The letter's title by the kind of certificate answered about ("": nothing found).
TITLES = {
    "skill": TITLE,
    "completion": "پاسخ استعلام اصالت گواهی شرکت در کارگاه",
    "": "پاسخ استعلام اصالت گواهینامه",
}
#: What the certificate is called inside the letter's sentences, by kind.
NAMES = {**KINDS, "": "گواهینامهٔ"}
COLORS = {
    "genuine": colors.HexColor("#1b5e20"),
    "revoked": colors.HexColor("#b71c1c"),
    "replaced": colors.HexColor("#b71c1c"),
    "unknown": colors.HexColor("#6d4c00"),
}
_EMPTY = "—"
WIDTH = 180 * mm  # A4 minus 15 mm margins


def fa(value: object) -> str:
    return to_persian_digits(value) if value not in (None, "") else _EMPTY


def code(value: str) -> str:
    """A code held left to right inside Persian text (LRE…PDF)."""
    return f"\u202a{fa(value)}\u202c" if value else _EMPTY


def _p(text: str, size: float = 11, bold: bool = False, align: str = "right", **kw) -> RtlParagraph:
    font = FONT_BOLD if bold else FONT_REGULAR
    return RtlParagraph(
        text,
        TextStyle(font_name=font, font_size=size, alignment=align, leading=size * 1.9, **kw),  # type: ignore[arg-type]
    )


def _header(letter: ReplyLetter) -> list[Flowable]:
    office = letter.office
    right = [
        _p("بسمه تعالی", 10.5, align="center"),
        _p(office.parent_agency or _EMPTY, 10, bold=True, align="center"),
        _p(office.agency or _EMPTY, 10, align="center"),
        _p(fa(office.office_name), 10, align="center"),
    ]
    left = Table(
        [[_p(format_jalali(letter.written_on), 10), _p("تاریخ:", 10)]],
        colWidths=[28 * mm, 14 * mm],
        hAlign="LEFT",
        style=TableStyle(
            [("LEFTPADDING", (0, 0), (-1, -1), 1), ("RIGHTPADDING", (0, 0), (-1, -1), 1)]
        ),
    )
    return [
        Table(
            [[left, right]],
            colWidths=[WIDTH * 0.45, WIDTH * 0.55],
            style=TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.HexColor("#4a4a4a")),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                ]
            ),
        ),
        Spacer(1, 6 * mm),
        _p(TITLES[letter.inquiry.result.kind], 15, bold=True, align="center"),
        Spacer(1, 5 * mm),
    ]


def _answer_lines(letter: ReplyLetter) -> list[str]:
    result = letter.inquiry.result
    if result.answer == "unknown":
        where = "سوابق این اداره و سرور مرکزی" if result.source == "central" else "سوابق این اداره"
        return [
            f"گواهینامه‌ای با این شماره که به دارندهٔ این کد ملی صادر شده باشد در {where} یافت نشد.",
        ]
    named = "گواهی" if result.kind == "completion" else "گواهینامهٔ"
    if result.answer == "genuine":
        head = f"{named} یادشده اصیل و معتبر است."
    elif result.answer == "replaced":
        head = (
            f"گواهی یادشده صادر شده، ولی در تاریخ {format_jalali(result.replaced_on)} به جای "
            f"آن گواهی شمارهٔ {code(result.replaced_by)} صادر شده است؛ گواهی یادشده دیگر "
            "اعتبار ندارد و فقط گواهی تازه معتبر است."
        )
    else:
        head = (
            f"{named} یادشده صادر شده، ولی در تاریخ {format_jalali(result.revoked_on)} "
            f"ابطال شده و اعتبار ندارد. دلیل ابطال: {fa(result.revoke_reason)}"
        )
    return [head]


def _details(letter: ReplyLetter) -> Table | None:
    result = letter.inquiry.result
    if result.answer == "unknown":
        return None
    workshop = result.kind == "completion"
    pairs = [
        ("نام دارنده", fa(result.holder_name)),
        (
            "عنوان کارگاه" if workshop else "عنوان استاندارد مهارت",
            fa(workshop_of_title(result.standard_title)),
        ),
        ("تاریخ صدور", format_jalali(result.issued_on) if result.issued_on else _EMPTY),
    ]
    if result.standard_code:
        pairs.insert(2, ("کد کارگاه" if workshop else "کد استاندارد", code(result.standard_code)))
    if result.hours:
        pairs.insert(3, ("مدت کارگاه" if workshop else "مدت دوره", f"{fa(result.hours)} ساعت"))
    rows = [[_p(value, 11, bold=True), _p(label, 11)] for label, value in pairs]
    return Table(
        rows,
        colWidths=[WIDTH * 0.6 - 8 * mm, WIDTH * 0.4 - 8 * mm],
        hAlign="CENTER",
        style=TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#b0b6bd")),
                ("BACKGROUND", (1, 0), (1, -1), colors.HexColor("#eef0f3")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        ),
    )


def reply_story(letter: ReplyLetter) -> list[Flowable]:
    inquiry, result = letter.inquiry, letter.inquiry.result
    addressee = fa(inquiry.asker_name)
    if inquiry.asker_kind == "agency":
        reference = f" شمارهٔ {code(inquiry.letter_number)}" if inquiry.letter_number else ""
        opening = f"عطف به نامهٔ{reference} مورخ {format_jalali(local_date(inquiry.asked_at))}"
    else:
        opening = f"عطف به درخواست مورخ {format_jalali(local_date(inquiry.asked_at))}"
    story: list[Flowable] = [
        *_header(letter),
        _p(addressee, 12, bold=True),
        _p("با سلام و احترام،", 11),
        _p(
            f"{opening} دربارهٔ اصالت {NAMES[result.kind]} به شمارهٔ {code(result.serial)} "
            f"و کد ملی دارنده {code(result.national_code)}، به آگاهی می‌رساند:",
            11,
        ),
        Spacer(1, 4 * mm),
    ]
    color = COLORS[result.answer]
    box = Table(
        [
            [_p(line, 12.5, bold=True, align="center", color=color)]
            for line in _answer_lines(letter)
        ],
        colWidths=[WIDTH - 16 * mm],
        hAlign="CENTER",
        style=TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.4, color),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        ),
    )
    story += [box, Spacer(1, 4 * mm)]
    details = _details(letter)
    if details is not None:
        story += [details, Spacer(1, 4 * mm)]
    source = "سرور مرکزی سازمان" if result.source == "central" else "پایگاه دادهٔ این اداره"
    story += [
        _p(
            f"این پاسخ بر پایهٔ سوابق {source} در تاریخ "
            f"{format_jalali(local_date(inquiry.answered_at))} داده شد و تنها دربارهٔ "
            "همین شماره و کد ملی اعتبار دارد.",
            10,
            color=colors.HexColor("#444444"),
        ),
        Spacer(1, 16 * mm),
        Table(
            [[_p("مهر و امضا", 11, bold=True, align="center")]],
            colWidths=[60 * mm],
            hAlign="LEFT",
        ),
    ]
    return story


def write_reply_letter(target: str | Path | BinaryIO, letter: ReplyLetter) -> None:
    """Write the reply letter as an A4 PDF."""
    title = TITLES[letter.inquiry.result.kind]
    build_pdf(target, reply_story(letter), title=title, margins_mm=15)
