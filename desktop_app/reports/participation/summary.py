"""The participation report (گزارش مشارکت‌های مردمی): A4, the letterhead and period,
the totals, then for each breakdown (kind, channel, intention, center, Jalali month) a
right-to-left horizontal bar chart (labels on the right, bars growing to the left,
amounts at their ends) beside its table of counts and amounts. No Qt; any thread; input
is ``documents.participation.ParticipationSummary``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from desktop_app.documents.participation import Bucket, ParticipationSummary
from desktop_app.persian import (
    DECIMAL_SEPARATOR,
    format_jalali,
    format_number,
    format_rial,
    to_persian_digits,
    today,
)
from desktop_app.reports.document import build_pdf
from desktop_app.reports.fonts import FONT_REGULAR, register_fonts
from desktop_app.reports.participation.common import letterhead, p
from desktop_app.reports.rtl import text_width, visual
from desktop_app.reports.table import rtl_table

TITLE = "گزارش مشارکت‌های مردمی"
WIDTH = 180 * mm
BAR_COLORS = ("#1f4e79", "#2e7d32", "#b8860b", "#6a1b9a", "#c62828", "#00838f", "#5d4037")


def short_amount(amount: int) -> str:
    """«۱۲٫۵ میلیون» style amount for a chart's bar end."""
    for size, word in ((1_000_000_000, "میلیارد"), (1_000_000, "میلیون")):
        if amount >= size:
            text = f"{amount / size:.1f}".removesuffix(".0").replace(".", DECIMAL_SEPARATOR)
            return f"{to_persian_digits(text)} {word}"
    return format_number(amount)


def bar_chart(buckets: Sequence[Bucket], width: float, bar_height: float = 5 * mm) -> Drawing:
    """Right-to-left horizontal bars of the buckets' amounts."""
    register_fonts()
    size = 8
    label_w = min(
        max((text_width(b.label, FONT_REGULAR, size) for b in buckets), default=0) + 3 * mm,
        width * 0.45,
    )
    value_w = 18 * mm
    plot = width - label_w - value_w
    top = max(b.amount for b in buckets) if buckets else 0
    gap = bar_height * 0.45
    height = len(buckets) * (bar_height + gap) + gap
    drawing = Drawing(width, height)
    for i, bucket in enumerate(buckets):
        y = height - (i + 1) * (bar_height + gap)
        length = plot * bucket.amount / top if top else 0
        right = width - label_w
        color = colors.HexColor(BAR_COLORS[i % len(BAR_COLORS)])
        drawing.add(Rect(right - length, y, length, bar_height, fillColor=color, strokeColor=None))
        drawing.add(String(width, y + bar_height * 0.25, visual(bucket.label),
                           fontName=FONT_REGULAR, fontSize=size, textAnchor="end"))  # fmt: skip
        drawing.add(String(right - length - 1.5 * mm, y + bar_height * 0.25,
                           visual(short_amount(bucket.amount)), fontName=FONT_REGULAR,
                           fontSize=size - 0.5, textAnchor="end"))  # fmt: skip
    return drawing


def _section(title: str, buckets: Sequence[Bucket]) -> list[Flowable]:
    if not buckets:
        return []
    rows = [["", "تعداد", "مبلغ (ریال)"]] + [
        [b.label, format_number(b.count), format_rial(b.amount).removesuffix(" ریال")]
        for b in buckets
    ]
    return [
        KeepTogether(
            [
                p(title, 11.5, bold=True),
                Spacer(1, 1.5 * mm),
                bar_chart(buckets, WIDTH),
                Spacer(1, 2 * mm),
                rtl_table(
                    rows,
                    [WIDTH * 0.5, WIDTH * 0.2, WIDTH * 0.3],
                    header_rows=1,
                    font_size=8.5,
                    col_align=["right", "center", "left"],
                ),
                Spacer(1, 5 * mm),
            ]
        )
    ]


def summary_story(s: ParticipationSummary) -> list[Flowable]:
    story: list[Flowable] = [
        letterhead(s.office, p(f"تاریخ گزارش: {format_jalali(today())}", 9.5), WIDTH),
        Spacer(1, 4 * mm),
        p(TITLE, 15, bold=True, align="center"),
        p(s.period_text, 10.5, align="center"),
        Spacer(1, 3 * mm),
        p(
            f"{format_number(s.count)} مشارکت (رسید باطل‌نشده) به ارزش {format_rial(s.amount)}. "
            "ارزش کالا و خدمت برآورد تقریبی است.",
            10.5,
        ),
        Spacer(1, 4 * mm),
    ]
    for title, buckets in (
        ("به تفکیک نوع مشارکت", s.by_kind),
        ("مشارکت نقدی به تفکیک شیوهٔ پرداخت", s.by_channel),
        ("به تفکیک نیت", s.by_intention),
        ("به تفکیک مرکز", s.by_center),
        ("به تفکیک ماه", s.by_month),
        ("به تفکیک اداره", s.by_office if len(s.by_office) > 1 else ()),
    ):
        story += _section(title, buckets)
    if not s.count:
        story.append(p("در این بازه مشارکتی ثبت نشده است.", 11, bold=True, align="center"))
    return story


def write_summary(
    target: str | Path | BinaryIO, summary: ParticipationSummary, logo: bytes | None = None
) -> None:
    build_pdf(target, summary_story(summary), title=TITLE, header=TITLE, margins_mm=15, logo=logo)
