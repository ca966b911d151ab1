"""The one-page trainer profile (پروندهٔ مربی) as a PDF.

A4 portrait: the office's name in the page header; the title; at the top the photo
box on the right (as Persian forms place it) with the personal table beside it; then
the job table, the education table and the retraining table. Numbers, codes and
Jalali dates are printed in Persian digits (codes keep their digit order).

One page: the story is laid out at 9 pt and, when it would not fit one page, again at
smaller sizes down to ``MIN_SIZE``; a trainer with more rows than that fits flows onto
a second page with the table headers repeated (never clipped).

No Qt; any thread (``build_pdf`` owns its canvas). Input is plain data
(``TrainerData`` and the names the caller looked up), never ORM objects.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, Spacer, Table, TableStyle

from desktop_app.documents.trainer_data import EMPLOYMENT_TYPES, GENDERS, TrainerData
from desktop_app.persian import format_jalali, to_persian_digits
from desktop_app.reports.document import build_pdf
from desktop_app.reports.fonts import FONT_BOLD, FONT_REGULAR
from desktop_app.reports.rtl import RtlParagraph, TextStyle, draw_centered, para
from desktop_app.reports.table import GRID_COLOR, rtl_table

TITLE = "پروندهٔ مربی"
MARGIN_MM = 14
WIDTH = A4[0] - 2 * MARGIN_MM * mm
BODY_HEIGHT = A4[1] - 2 * MARGIN_MM * mm
PHOTO_WIDTH = 30 * mm
PHOTO_HEIGHT = 40 * mm
GAP = 4 * mm
SIZES = (9.0, 8.5, 8.0, 7.5, 7.0)
MIN_SIZE = SIZES[-1]
SECTION_BACKGROUND = colors.HexColor("#d5dae0")
_EMPTY = "—"


@dataclass(frozen=True)
class TrainerProfile:
    """What the profile prints: the trainer and the names looked up for it."""

    trainer: TrainerData
    place_name: str = ""
    office_name: str = ""
    printed_on: date | None = None


def fa(value: object) -> str:
    return to_persian_digits(value) if value not in (None, "") else ""


class PhotoBox(Flowable):
    """The 3×4 photo in a thin frame, or an empty frame saying «محل الصاق عکس»."""

    def __init__(self, photo: bytes | None, width: float, height: float) -> None:
        super().__init__()
        self.photo = photo
        self.width = width
        self.height = height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        if self.photo:
            image = Image(io.BytesIO(self.photo), width=self.width, height=self.height)
            image.drawOn(canvas, 0, 0)
        else:
            canvas.setFillColor(colors.HexColor("#f4f5f7"))
            canvas.rect(0, 0, self.width, self.height, stroke=0, fill=1)
            canvas.setFillColor(colors.HexColor("#6b7280"))
            draw_centered(canvas, self.width / 2, self.height / 2, "محل الصاق عکس", FONT_REGULAR, 8)
        canvas.setStrokeColor(GRID_COLOR)
        canvas.setLineWidth(0.6)
        canvas.rect(0, 0, self.width, self.height, stroke=1, fill=0)


class _Builder:
    """The story at one font size."""

    def __init__(self, profile: TrainerProfile, size: float) -> None:
        self.profile = profile
        self.trainer = profile.trainer
        self.size = size

    def text(self, value: str, bold: bool = False, align: str = "right") -> RtlParagraph:
        font = FONT_BOLD if bold else FONT_REGULAR
        style = TextStyle(font_name=font, font_size=self.size, alignment=align)  # type: ignore[arg-type]
        return RtlParagraph(value if value else _EMPTY, style)

    def label(self, value: str) -> RtlParagraph:
        return self.text(value, bold=True)

    def section(self, heading: str, rows: list[list[object]], widths: list[float], **kw) -> Table:
        """A bordered table whose first row is the shaded heading across it."""
        n = len(widths)
        head: list[object] = [*([""] * (n - 1)), self.text(heading, bold=True)]
        style = [
            ("SPAN", (0, 0), (n - 1, 0)),
            ("BACKGROUND", (0, 0), (n - 1, 0), SECTION_BACKGROUND),
            *kw.pop("style", ()),
        ]
        return rtl_table([head, *rows], widths, font_size=self.size, style=style, **kw)

    def pairs(self, items: list[tuple[str, str]], width: float) -> list[list[object]]:
        """Rows of (label, value, label, value); an odd last item spans the row."""
        rows: list[list[object]] = []
        for i in range(0, len(items), 2):
            row: list[object] = []
            for label, value in items[i : i + 2]:
                row += [self.label(label), self.text(value)]
            rows.append(row + [""] * (4 - len(row)))
        return rows

    def wide(self, label: str, value: str) -> list[object]:
        """A label and a value spanning the three cells after it (spanned with
        ``("SPAN", (1, r), (3, r))``: a span shows its logical LAST cell)."""
        return [self.label(label), "", "", self.text(value)]

    def personal(self, width: float) -> Table:
        t = self.trainer
        items = [
            ("نام", t.first_name),
            ("نام خانوادگی", t.last_name),
            ("نام پدر", t.father_name),
            ("کد ملی", fa(t.national_code)),
            ("شمارهٔ شناسنامه", fa(t.birth_certificate_number)),
            ("تاریخ تولد", format_jalali(t.birth_date)),
            ("جنسیت", GENDERS.get(t.gender, t.gender)),
            ("تلفن همراه", fa(t.mobile)),
        ]
        label = 26 * mm
        widths = [label, width / 2 - label, label, width / 2 - label]
        rows = self.pairs(items, width)
        rows.append(self.wide("نشانی", fa(t.address)))
        last = len(rows)  # the heading is row 0
        return self.section("مشخصات فردی", rows, widths, style=[("SPAN", (1, last), (3, last))])

    def job(self) -> Table:
        t = self.trainer
        items = [
            ("نوع استخدام", EMPLOYMENT_TYPES.get(t.employment_type, t.employment_type)),
            ("وضعیت", "فعال" if t.active else "غیرفعال"),
            ("تاریخ استخدام", format_jalali(t.hire_date)),
            ("رتبه / پایه", fa(t.grade)),
        ]
        label = 36 * mm
        widths = [label, WIDTH / 2 - label, label, WIDTH / 2 - label]
        rows = [
            self.wide("محل خدمت", fa(self.profile.place_name)),
            *self.pairs(items, WIDTH),
            self.wide("گروه‌های شغلی", "، ".join(t.occupation_groups)),
            self.wide("استانداردهای قابل تدریس", "، ".join(fa(c) for c in t.standard_codes)),
        ]
        spans = [("SPAN", (1, r), (3, r)) for r in (1, len(rows) - 1, len(rows))]
        return self.section("مشخصات شغلی", rows, widths, style=spans)

    def education(self) -> Table:
        widths = [10 * mm, 28 * mm, 52 * mm, WIDTH - 112 * mm, 22 * mm]
        head = ["ردیف", "مقطع", "رشتهٔ تحصیلی", "دانشگاه / مؤسسه", "سال فراغت"]
        rows: list[list[object]] = [[self.label(h) for h in head]]
        for n, e in enumerate(self.trainer.education, start=1):
            rows.append(
                [
                    self.text(fa(n), align="center"),
                    self.text(e.degree),
                    self.text(e.field),
                    self.text(e.university),
                    self.text(fa(e.graduation_year), align="center"),
                ]
            )
        if not self.trainer.education:
            rows.append(["", "", "", "", self.text("سابقهٔ تحصیلی ثبت نشده است.")])
        return self._listing("سوابق تحصیلی", rows, widths)

    def retraining(self) -> Table:
        widths = [10 * mm, WIDTH - 116 * mm, 28 * mm, 14 * mm, 20 * mm, 20 * mm, 24 * mm]
        head = ["ردیف", "عنوان دوره", "کد استاندارد", "ساعت", "شروع", "پایان", "شمارهٔ گواهی"]
        rows: list[list[object]] = [[self.label(h) for h in head]]
        for n, r in enumerate(self.trainer.retraining, start=1):
            rows.append(
                [
                    self.text(fa(n), align="center"),
                    self.text(r.course_title),
                    self.text(fa(r.standard_code), align="center"),
                    self.text(fa(r.hours), align="center"),
                    self.text(format_jalali(r.start_date), align="center"),
                    self.text(format_jalali(r.end_date), align="center"),
                    self.text(fa(r.certificate_number), align="center"),
                ]
            )
        if not self.trainer.retraining:
            rows.append([*[""] * 6, self.text("دورهٔ بازآموزی ثبت نشده است.")])
        return self._listing("دوره‌های بازآموزی", rows, widths)

    def _listing(self, heading: str, rows: list[list[object]], widths: list[float]) -> Table:
        style: list[tuple] = [("BACKGROUND", (0, 1), (len(widths) - 1, 1), "#eef0f3")]
        if len(rows) == 2 and isinstance(rows[1][0], str):  # the "nothing recorded" row
            style.append(("SPAN", (0, 2), (len(widths) - 1, 2)))
        table = self.section(heading, rows, widths, style=style)
        table.repeatRows = 2
        return table

    def story(self) -> list[Flowable]:
        beside = WIDTH - PHOTO_WIDTH - GAP
        top = Table(
            # visual order: the personal table on the left, the photo on the right
            [[self.personal(beside), PhotoBox(self.trainer.photo, PHOTO_WIDTH, PHOTO_HEIGHT)]],
            colWidths=[beside + GAP, PHOTO_WIDTH],
            style=TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                    ("ALIGN", (0, 0), (0, 0), "LEFT"),
                ]
            ),
            hAlign="RIGHT",
        )
        printed = self.profile.printed_on
        footer = f"تاریخ تهیه: {format_jalali(printed)}" if printed else ""
        story: list[Flowable] = [
            para(TITLE, size=14, bold=True, align="center"),
            para(self.trainer.full_name, size=11, align="center"),
            Spacer(1, 3 * mm),
            top,
            Spacer(1, 3 * mm),
            self.job(),
            Spacer(1, 3 * mm),
            self.education(),
            Spacer(1, 3 * mm),
            self.retraining(),
        ]
        if footer:
            story += [Spacer(1, 3 * mm), para(footer, size=self.size, align="left")]
        return story


def _height(story: list[Flowable]) -> float:
    total = 0.0
    for flowable in story:
        total += flowable.wrap(WIDTH, BODY_HEIGHT)[1]
        total += flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return total


def profile_story(profile: TrainerProfile) -> list[Flowable]:
    """The largest-type story that fits one page (or the smallest, flowing on)."""
    story: list[Flowable] = []
    for size in SIZES:
        story = _Builder(profile, size).story()
        if _height(story) <= BODY_HEIGHT - 2:
            return _Builder(profile, size).story()  # fresh flowables for the real build
    return _Builder(profile, MIN_SIZE).story()


def write_trainer_profile(target: str | Path | BinaryIO, profile: TrainerProfile) -> None:
    """Write the profile as an A4 PDF, the office's name in the page header."""
    build_pdf(
        target,
        profile_story(profile),
        title=f"{TITLE}: {profile.trainer.full_name}",
        header=profile.office_name or None,
        margins_mm=MARGIN_MM,
    )
