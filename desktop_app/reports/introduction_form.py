"""The introduction form to the center or institute (فرم معرفی به مرکز یا آموزشگاه).

One page a form, A4 or A5: the office's agency and name, the form's serial (the
tracking code) and Jalali date, «المثنی» on a reprint, the addressee (the center or
institute with its address), the trainee's particulars with the personnel photo, the
course (standard title and code, hours, dates, weekly schedule, workshop), the
registration and payment codes, a QR code carrying the tracking code and its check
value, and boxes for signature and stamp. Several forms (a whole course) go into one
PDF, one page each.

No Qt; any thread (``build_pdf`` owns its canvas). Input is plain data
(``services.registration.introduction.IntroductionData``), never ORM objects.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from reportlab.graphics.barcode import qrencoder
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, PageBreak, Spacer, Table, TableStyle

from desktop_app.documents.course import COURSE_KINDS, schedule_text
from desktop_app.documents.introduction import IntroductionData
from desktop_app.documents.registration_data import EDUCATION_LEVELS, GENDERS, PAYMENT_METHODS
from desktop_app.persian import format_jalali, format_rial, to_persian_digits
from desktop_app.reports.document import build_pdf
from desktop_app.reports.fonts import FONT_BOLD, FONT_REGULAR
from desktop_app.reports.rtl import Alignment, RtlParagraph, TextStyle
from desktop_app.reports.table import rtl_table

FORM_TITLE = "فرم معرفی به مرکز یا آموزشگاه"
DUPLICATE = "المثنی"
SECTION_BACKGROUND = colors.HexColor("#d5dae0")
DUPLICATE_COLOR = colors.HexColor("#b71c1c")
_EMPTY = "—"


@dataclass(frozen=True)
class _Page:
    """Sizes of one page format."""

    size: tuple[float, float]
    margin: float  # mm, every side
    font: float
    photo_width: float  # points

    @property
    def width(self) -> float:
        return self.size[0] - 2 * self.margin * mm


PAGES = {
    "A4": _Page(A4, 12, 9.5, 30 * mm),
    "A5": _Page(A5, 8, 7, 22 * mm),
}


def fa(value: object) -> str:
    return to_persian_digits(value) if value not in (None, "") else _EMPTY


def _p(
    page: _Page,
    text: str,
    bold: bool = False,
    scale: float = 1.0,
    align: Alignment = "right",
    color: colors.Color = colors.black,
    latin: bool = False,
) -> RtlParagraph:
    """A paragraph of the form; digits become Persian unless ``latin`` (the check value)."""
    font = FONT_BOLD if bold else FONT_REGULAR
    return RtlParagraph(
        text if latin else to_persian_digits(text),
        TextStyle(font_name=font, font_size=page.font * scale, alignment=align, color=color),
    )


def _header(page: _Page, data: IntroductionData) -> list[Flowable]:
    office = data.office
    right = [
        _p(page, "بسمه تعالی", scale=0.95, align="center"),
        _p(page, office.parent_agency or _EMPTY, bold=True, scale=0.9, align="center"),
        _p(page, office.agency or _EMPTY, scale=0.9, align="center"),
        _p(page, office.office_name or _EMPTY, scale=0.9, align="center"),
    ]
    # A code beside Persian words would be reordered by bidi ("۰۰۰۰۰۱-۲۷۰۱"): each
    # value gets a cell of its own.
    w = page.width
    left: list[Flowable] = [
        Table(
            [
                [_p(page, fa(data.tracking_code), scale=0.95), _p(page, "شماره:", scale=0.95)],
                [
                    _p(page, format_jalali(data.printed_on), scale=0.95),
                    _p(page, "تاریخ:", scale=0.95),
                ],
            ],
            colWidths=[w * 0.15, w * 0.1],
            hAlign="RIGHT",
            style=TableStyle(
                [
                    ("LEFTPADDING", (0, 0), (-1, -1), 1),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 1),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ]
            ),
        )
    ]
    if data.duplicate:
        left.append(_p(page, DUPLICATE, bold=True, scale=1.3, color=DUPLICATE_COLOR))
    title = [_p(page, FORM_TITLE, bold=True, scale=1.45, align="center")]
    table = Table(
        [[left, title, right]],  # visual order: left, middle, right
        colWidths=[w * 0.27, w * 0.40, w * 0.33],
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.HexColor("#4a4a4a")),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        ),
    )
    return [table, Spacer(1, 3 * mm)]


def _addressee(page: _Page, data: IntroductionData) -> list[Flowable]:
    course, trainee = data.course, data.trainee
    title = "آقای" if trainee["gender"] == "male" else "خانم"
    name = f"{trainee['first_name']} {trainee['last_name']}"
    address = course.place_address or _EMPTY
    phone = f" — تلفن: {fa(course.place_phone)}" if course.place_phone else ""
    return [
        _p(page, f"ریاست محترم {course.place_name}", bold=True, scale=1.05),
        _p(page, f"نشانی: {fa(address)}، {course.place_city}{phone}", scale=0.95),
        Spacer(1, 1.5 * mm),
        _p(
            page,
            f"با سلام و احترام، بدین‌وسیله {title} {name} با مشخصات زیر که ثبت‌نام خود را "
            f"در دورهٔ «{course.standard_title}» به پایان رسانده است، برای شرکت در این دوره "
            "معرفی می‌شود.",
        ),
        Spacer(1, 2.5 * mm),
    ]


def _section(
    page: _Page, heading: str, rows: list[list[object]], widths: Sequence[float], style=()
) -> Table:
    n = len(widths)
    head: list[object] = [*([""] * (n - 1)), _p(page, heading, bold=True)]
    commands = [
        ("SPAN", (0, 0), (n - 1, 0)),
        ("BACKGROUND", (0, 0), (n - 1, 0), SECTION_BACKGROUND),
        *style,
    ]
    table = rtl_table([head, *rows], widths, font_size=page.font, style=commands, valign="MIDDLE")
    return table


def _pairs(page: _Page, pairs: list[tuple[str, str]]) -> list[list[object]]:
    """Rows of label, value, label, value from a flat list of pairs."""
    rows: list[list[object]] = []
    for i in range(0, len(pairs), 2):
        row: list[object] = []
        for label, value in pairs[i : i + 2]:
            row += [_p(page, label, bold=True), _p(page, value)]
        while len(row) < 4:
            row.append("")
        rows.append(row)
    return rows


def _photo(page: _Page, data: IntroductionData) -> Flowable:
    if not data.photo:
        return _p(page, "محل الصاق عکس", align="center", scale=0.9)
    width = page.photo_width
    return Image(io.BytesIO(data.photo), width=width, height=width * 4 / 3)


def _trainee(page: _Page, data: IntroductionData) -> Table:
    t = data.trainee
    person_code = (
        ("شناسهٔ فراگیر اتباع", fa(t["foreign_id"]))
        if t["foreign_national"]
        else ("کد ملی", fa(t["national_code"]))
    )
    level = EDUCATION_LEVELS.get(t["education_level"], "")
    education = f"{level} — {t['education_field']}" if t["education_field"] else level
    pairs = [
        ("نام", t["first_name"]),
        ("نام خانوادگی", t["last_name"]),
        ("نام پدر", t["father_name"]),
        person_code,
        ("شمارهٔ شناسنامه", fa(t["birth_certificate_number"])),
        ("تاریخ تولد", format_jalali(t["birth_date"])),
        ("محل تولد", t["birthplace"]),
        ("جنسیت", GENDERS.get(t["gender"], "")),
        ("تلفن همراه", fa(t["mobile"])),
        ("تلفن ثابت", fa(t["phone"])),
        ("تحصیلات", education or _EMPTY),
        ("کد پستی", fa(t["postal_code"])),
    ]
    photo_col = page.photo_width + 6
    label = 0.18 * (page.width - photo_col)
    value = 0.32 * (page.width - photo_col)
    rows = _pairs(page, pairs)
    # a span shows its visually leftmost cell: the logical last one
    rows.append([_p(page, "نشانی", bold=True), "", "", _p(page, fa(t["address"]))])
    for row in rows:
        row.append("")
    rows[0][-1] = _photo(page, data)
    n = len(rows)
    style = [
        ("SPAN", (4, 1), (4, n)),
        ("SPAN", (1, n), (3, n)),
        ("ALIGN", (4, 1), (4, n), "CENTER"),
    ]
    return _section(page, "مشخصات کارآموز", rows, [label, value, label, value, photo_col], style)


def _course(page: _Page, data: IntroductionData) -> Table:
    c = data.course
    pairs = [
        ("عنوان استاندارد", c.standard_title),
        ("کد استاندارد", fa(c.standard_code)),
        ("مدت دوره", f"{fa(c.total_hours)} ساعت"),
        ("کد دوره", fa(c.code)),
        ("تاریخ شروع", format_jalali(c.start_date) or _EMPTY),
        ("تاریخ پایان", format_jalali(c.end_date) or _EMPTY),
        ("نوع دوره", COURSE_KINDS.get(c.kind, c.kind)),
        ("شهریهٔ دوره", format_rial(c.fee) if c.fee else "رایگان"),
        ("محل برگزاری", c.place_name),
        ("کارگاه", c.workshop_name or _EMPTY),
    ]
    rows = _pairs(page, pairs)
    rows.append(
        [_p(page, "برنامهٔ هفتگی", bold=True), "", "", _p(page, schedule_text(c.schedule) or _EMPTY)]
    )
    n = len(rows)
    label, value = 0.17 * page.width, 0.33 * page.width
    return _section(
        page, "مشخصات دوره", rows, [label, value, label, value], [("SPAN", (1, n), (3, n))]
    )


def _registration(page: _Page, data: IntroductionData) -> Table:
    pay = data.payment
    method = pay.get("method", "")
    pairs = [
        ("کد رهگیری ثبت‌نام", fa(data.tracking_code)),
        ("تاریخ ثبت‌نام", format_jalali(data.confirmed_on) or _EMPTY),
        ("روش پرداخت", PAYMENT_METHODS.get(method, _EMPTY)),
        ("مبلغ کارت ثبت‌نام", format_rial(int(pay.get("amount") or 0))),
    ]
    if method == "online":
        pairs += [
            ("کد سفارش", fa(pay.get("order_code"))),
            ("کد پیگیری پرداخت", fa(pay.get("tracking_code"))),
            ("شمارهٔ پرونده", fa(pay.get("file_number"))),
            ("کد پرداخت", fa(pay.get("payment_code"))),
        ]
    label, value = 0.17 * page.width, 0.33 * page.width
    return _section(page, "ثبت‌نام و پرداخت", _pairs(page, pairs), [label, value, label, value])


#: The mask chosen for each (version, level), once per process (see ``_QrMatrix``).
_MASKS: dict[tuple[int, int], int] = {}


class _QrMatrix(qrencoder.QRCode):
    """reportlab's encoder, choosing its mask once per QR version and level.

    The encoder builds the whole matrix 8 times (one per mask) to score them: 27% of a
    form. Any of the 8 masks makes a valid, readable code (the scanner reads the mask
    from the format bits); the forms' payloads have one shape (the same length and
    alphabet), so the mask scored best for the first payload of a version is kept for
    every later one."""

    def getBestMaskPattern(self) -> int:
        key = (self.version, self.errorCorrectLevel)
        mask = _MASKS.get(key)
        if mask is None:
            mask = _MASKS[key] = super().getBestMaskPattern()
        return mask


@lru_cache(maxsize=4096)
def qr_modules(payload: str) -> tuple[tuple[bool, ...], ...]:
    """The dark/light modules of ``payload``'s QR code (level M), memoized: a reprint
    or a batch printed again encodes nothing twice (thread-safe, pure)."""
    code = _QrMatrix(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(payload)
    code.make()
    return tuple(tuple(bool(m) for m in row) for row in code.modules)


class QrCode(Flowable):
    """A QR code drawn as one path of dark runs (reportlab's widget draws a shape per
    run through its graphics layer and encodes twice: most of a form's time)."""

    BORDER = 2  # quiet zone, in modules

    def __init__(self, payload: str, side: float) -> None:
        super().__init__()
        self.modules = qr_modules(payload)
        self.side = side

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.side, self.side

    def draw(self) -> None:
        count = len(self.modules) + 2 * self.BORDER
        box = self.side / count
        path = self.canv.beginPath()
        for r, row in enumerate(self.modules):
            y = self.side - (r + self.BORDER + 1) * box
            c = 0
            for dark, run in itertools.groupby(row):
                length = len(list(run))
                if dark:
                    path.rect((c + self.BORDER) * box, y, length * box, box)
                c += length
        self.canv.setFillColor(colors.black)
        self.canv.drawPath(path, stroke=0, fill=1)


def _signatures(page: _Page, data: IntroductionData) -> Table:
    side = page.photo_width * 0.95
    box_height = side + 10 * mm * (page.font / 9.5)
    qr_cell = [
        QrCode(data.qr_payload, side),
        _p(page, f"کنترل: {data.check}", scale=0.8, align="center", latin=True),
    ]
    rest = page.width - side - 8
    cells = [
        [_p(page, "امضای متصدی ثبت‌نام", bold=True, align="center")],
        [_p(page, "مهر و امضای مرکز یا آموزشگاه", bold=True, align="center")],
        qr_cell,
    ]
    return Table(
        [cells[::-1]],  # visual order: the QR code at the left
        colWidths=[side + 8, rest / 2, rest / 2],
        rowHeights=[box_height],
        style=TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.6, colors.HexColor("#4a4a4a")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (0, 0), (0, 0), "CENTER"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
            ]
        ),
        hAlign="RIGHT",
    )


def introduction_story(data: IntroductionData, pagesize: str = "A4") -> list[Flowable]:
    page = PAGES[pagesize]
    gap = Spacer(1, 2.5 * mm)
    return [
        *_header(page, data),
        *_addressee(page, data),
        _trainee(page, data),
        gap,
        _course(page, data),
        gap,
        _registration(page, data),
        gap,
        _signatures(page, data),
        Spacer(1, 1.5 * mm),
        _p(
            page,
            "این فرم تنها برای همین دوره معتبر است؛ درستی آن را با کد QR و کد رهگیری "
            "می‌توان در میز خدمت بررسی کرد.",
            scale=0.8,
        ),
    ]


def write_introduction_form(
    target: str | Path | BinaryIO, forms: Sequence[IntroductionData], pagesize: str = "A4"
) -> None:
    """Write one page per form (A4 or A5) to a path or a binary file."""
    if pagesize not in PAGES:
        raise ValueError(f"unknown page size {pagesize!r}")
    page = PAGES[pagesize]
    story: list[Flowable] = []
    for index, data in enumerate(forms):
        if index:
            story.append(PageBreak())
        story += introduction_story(data, pagesize)
    first = forms[0]
    title = (
        f"{FORM_TITLE}: {first.tracking_code}"
        if len(forms) == 1
        else f"{FORM_TITLE}: {first.course.standard_title} ({first.course.code})"
    )
    build_pdf(target, story, title=title, pagesize=page.size, margins_mm=page.margin)
