"""Plan against actual of the facilitator training workshops (item 8 of issue 19): per
Jalali year and province the workshops held against the card's twice a year, those
still planned or running, the participants trained, what was spent and the cost per
head; then per year the national total against the card's 3,000 facilitators. A4
portrait through ``document.build_pdf``. No Qt; any thread.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from desktop_app.documents.workshops import (
    PER_HEAD_COST,
    PLAN_PARTICIPANTS_PER_YEAR,
    PLAN_WORKSHOPS_PER_YEAR,
    PlanDoc,
)
from desktop_app.persian import format_number, format_percent, format_rial
from desktop_app.reports.document import build_pdf, rtl_table
from desktop_app.reports.workshops.common import EMPTY, fa, heading_block, jdate, p

TITLE = "برنامه در برابر عملکرد کارگاه‌های آموزش تسهیلگران محلی"
MET = colors.HexColor("#e8f5e9")
SHORT = colors.HexColor("#fdecea")

#: The per-province table: header (logical order) and column widths (A4 minus margins).
LINES_HEADER: tuple[str, ...] = (
    "سال", "استان", "کارگاه برگزارشده", "در برنامه یا در حال برگزاری", "آموزش‌دیده",
    "هزینه‌شده", "هزینهٔ سرانه",
)  # fmt: skip
LINES_WIDTHS: tuple[float, ...] = (
    14 * mm, 28 * mm, 24 * mm, 26 * mm, 22 * mm, 34 * mm, 32 * mm,
)  # fmt: skip
YEARS_HEADER: tuple[str, ...] = (
    "سال", "کارگاه برگزارشده", "آموزش‌دیده", "هدف کشوری", "درصد تحقق هدف",
)  # fmt: skip
YEARS_WIDTHS: tuple[float, ...] = (20 * mm, 36 * mm, 36 * mm, 44 * mm, 44 * mm)
FONT_SIZE = 9


def _year(value: int) -> str:
    return fa(value)  # a year is written without a thousands separator


def write_plan(target: str | Path | BinaryIO, doc: PlanDoc) -> None:
    story: list[Flowable] = heading_block(doc.heading, TITLE)
    story.append(
        p(
            f"بر پایهٔ شناسنامهٔ خدمت «ارایه آموزش به گروه‌های خودیار، همیار و تسهیلگران "
            f"محلی»: سالانه {format_number(PLAN_PARTICIPANTS_PER_YEAR)} تسهیلگر در کل کشور، "
            f"کارگاه {fa(PLAN_WORKSHOPS_PER_YEAR)} بار در سال، سرانهٔ آموزش "
            f"{format_rial(PER_HEAD_COST)} در هر دوره. تاریخ گزارش: {jdate(doc.printed_on)}.",
            9.5,
            space_after=4 * mm,
        )
    )
    if not doc.lines:
        story.append(p("هنوز کارگاهی با تاریخ شروع ثبت نشده است.", 11))
    else:
        story.append(p("به تفکیک سال و استان", 12, bold=True, space_after=2 * mm))
        rows: list[list[Any]] = [list(LINES_HEADER)]
        style: list[tuple[Any, ...]] = []
        for i, line in enumerate(doc.lines, start=1):
            rows.append([
                _year(line.year), line.province,
                f"{fa(line.held)} از {fa(line.planned_workshops)}", fa(line.running),
                fa(line.trained), format_rial(line.spent) if line.held else EMPTY,
                format_rial(line.cost_per_head) if line.cost_per_head else EMPTY,
            ])  # fmt: skip
            style.append(("BACKGROUND", (2, i), (2, i), MET if line.workshops_met else SHORT))
        aligns: list[Any] = ["center", "right", "center", "center", "center", "left", "left"]
        story.append(
            rtl_table(rows, LINES_WIDTHS, 1, font_size=FONT_SIZE, col_align=aligns, style=style)
        )
        story.append(Spacer(1, 5 * mm))
        story.append(p("کل کشور در هر سال", 12, bold=True, space_after=2 * mm))
        totals: list[list[Any]] = [list(YEARS_HEADER)]
        for year in doc.years:
            totals.append([
                _year(year.year), fa(year.held), format_number(year.trained),
                format_number(year.target), format_percent(year.share),
            ])  # fmt: skip
        story.append(
            rtl_table(totals, YEARS_WIDTHS, 1, font_size=FONT_SIZE, col_align=["center"] * 5)
        )
        story.append(Spacer(1, 3 * mm))
        story.append(
            p(
                "خانهٔ سبز: استان در آن سال به شمار کارگاه برنامه رسیده است؛ خانهٔ سرخ: "
                "نرسیده است. آموزش‌دیده: شرکت‌کنندهٔ کارگاه پایان‌یافته که آن را کامل "
                "گذرانده است؛ هزینهٔ سرانه: هزینه‌شده تقسیم بر آموزش‌دیدگان.",
                8.5,
            )
        )
    build_pdf(target, story, title=TITLE, header=TITLE)
