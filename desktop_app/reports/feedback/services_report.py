"""گزارش خدمت‌گیرندگان: the office's numbers of a Jalali year as an A4 landscape PDF —
per service a table (figure × month, total) and a bar chart of its first count drawn
with reportlab's graphics (the same figures the window charts with Qt Charts), then
complaints by state and people per office. No Qt; any thread."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from desktop_app.documents.feedback import ReportFigure, ServicesReport
from desktop_app.persian import JALALI_MONTHS, format_number, to_persian_digits
from desktop_app.reports.document import build_pdf
from desktop_app.reports.feedback.common import fa
from desktop_app.reports.fonts import FONT_BOLD, FONT_REGULAR, register_fonts
from desktop_app.reports.rtl import Alignment, para, visual
from desktop_app.reports.table import rtl_table

TITLE = "گزارش خدمت‌گیرندگان"
WIDTH = 267 * mm  # A4 landscape minus 15 mm margins
BAR = colors.HexColor("#2e6da4")


def value_text(value: float, unit: str) -> str:
    if unit:
        return format_number(Decimal(f"{value:.1f}")) if value else "—"  # ۳٫۹
    return format_number(int(value))


def period_text(report: ServicesReport) -> str:
    year = to_persian_digits(report.year)
    if report.month:
        return f"{JALALI_MONTHS[report.month - 1]} {year}"
    return f"سال {year}"


def figure_chart(figure: ReportFigure, width: float = WIDTH, height: float = 48 * mm) -> Drawing:
    """A bar per month of ``figure`` (month names shaped right to left)."""
    register_fonts()
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 14 * mm, 10 * mm
    chart.width, chart.height = width - 20 * mm, height - 18 * mm
    # months right to left: Farvardin at the right edge, as a Persian reader expects
    chart.data = [list(reversed(figure.months))]
    chart.categoryAxis.categoryNames = [visual(m) for m in reversed(JALALI_MONTHS)]
    chart.categoryAxis.labels.fontName = FONT_REGULAR
    chart.categoryAxis.labels.fontSize = 7.5
    chart.valueAxis.labels.fontName = FONT_REGULAR
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    # Persian digits and the Persian decimal mark (۲٫۵), as on the window's chart
    chart.valueAxis.labelTextFormat = lambda v: format_number(Decimal(f"{v:g}"))
    chart.bars[0].fillColor = BAR
    chart.bars[0].strokeColor = None
    drawing.add(chart)
    drawing.add(
        String(
            width - 2 * mm,
            height - 5 * mm,
            visual(figure.title),
            fontName=FONT_BOLD,
            fontSize=9,
            textAnchor="end",
        )
    )
    return drawing


def _figures_table(figures: tuple[ReportFigure, ...]) -> Flowable:
    head = ["شاخص", *[m for m in JALALI_MONTHS], "جمع"]
    rows = [head] + [
        [f.title, *[value_text(v, f.unit) for v in f.months], value_text(f.total, f.unit)]
        for f in figures
    ]
    first = 52 * mm
    aligns: list[Alignment] = ["right", *(["center"] * 13)]  # type: ignore[list-item]
    rest = (WIDTH - first) / 13
    return rtl_table(
        rows,
        [first] + [rest] * 13,
        header_rows=1,
        font_size=8,
        col_align=aligns,
        padding=3,
    )


def report_story(report: ServicesReport) -> list[Flowable]:
    story: list[Flowable] = [
        para(f"{TITLE} — {period_text(report)}", size=15, bold=True, align="center"),
        para(fa(report.scope), size=10.5, align="center"),
        Spacer(1, 4 * mm),
    ]
    if not report.services:
        story.append(para("در این دوره چیزی برای شمردن ثبت نشده است.", size=11))
    for service in report.services:
        story += [para(fa(service.service_title), size=12, bold=True), Spacer(1, 1.5 * mm)]
        story.append(_figures_table(service.figures))
        counted = next((f for f in service.figures if not f.unit), None)
        if counted is not None and not report.month:
            story.append(figure_chart(counted))
        story.append(Spacer(1, 5 * mm))
    if report.complaints_by_state:
        story += [para("شکایت‌ها و گزارش‌های تخلف بر حسب وضعیت", size=12, bold=True)]
        rows = [["وضعیت", "تعداد"]] + [[s, format_number(n)] for s, n in report.complaints_by_state]
        rows.append(["پاسخ پس از مهلت یا مانده پس از مهلت", format_number(report.complaints_late)])
        story.append(
            rtl_table(
                rows, [90 * mm, 30 * mm], header_rows=1, font_size=9, col_align=["right", "center"]
            )
        )
        story.append(Spacer(1, 5 * mm))
    if report.offices:
        story += [para("خدمت‌گیرندگان هر اداره", size=12, bold=True)]
        rows = [["کد اداره", "خدمت‌گیرندگان"]] + [
            [fa(code) if code else "—", format_number(n)] for code, n in report.offices
        ]
        story.append(
            rtl_table(
                rows, [60 * mm, 40 * mm], header_rows=1, font_size=9, col_align=["center", "center"]
            )
        )
    return story


def write_services_report(
    target: str | Path | BinaryIO, report: ServicesReport, *, agency: str = ""
) -> None:
    build_pdf(
        target,
        report_story(report),
        title=f"{TITLE} {period_text(report)}",
        header=agency or None,
        landscape=True,
    )
