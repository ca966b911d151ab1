"""The evaluation report of a training workshop: participants, pre- and post-test
averages and the gain, a chart of the average answer per question and one of the test
averages, the table of answers per question (how many chose 1 … 5, the average), and the
participants' comments. A4 portrait. No Qt; any thread.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from desktop_app.documents.workshops import SCALE, EvaluationReport
from desktop_app.persian import format_decimal, to_persian_digits
from desktop_app.reports.document import build_pdf, rtl_table
from desktop_app.reports.fonts import FONT_REGULAR, register_fonts
from desktop_app.reports.rtl import visual
from desktop_app.reports.workshops.common import EMPTY, code, fa, heading_block, p

TITLE = "گزارش ارزشیابی کارگاه"
BAR = colors.HexColor("#1f4e79")


#: The answers table: its header (logical order) and column widths (A4 minus margins).
ANSWERS_HEADER: tuple[str, ...] = (
    "ردیف", "پرسش", *(f"{fa(k)}\n{v}" for k, v in SCALE.items()), "پاسخ‌ها", "میانگین",
)  # fmt: skip
ANSWERS_WIDTHS: tuple[float, ...] = (10 * mm, 74 * mm, *([13 * mm] * 5), 16 * mm, 15 * mm)
ANSWERS_FONT_SIZE = 8.5


def number(value: float | None) -> str:
    """An average: Persian digits and the Persian decimal separator (۴٫۳)."""
    return format_decimal(value) if value is not None else EMPTY


def signed(value: float | None) -> str:
    """A gain, with its sign on the left (+۱۹٫۶)."""
    return format_decimal(value, signed=True) if value is not None else EMPTY


def _chart(labels: list[str], values: list[float], top: float, title: str,
           width: float = 85 * mm) -> Drawing:  # fmt: skip
    register_fonts()
    drawing = Drawing(width, 62 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 12 * mm, 12 * mm, width - 18 * mm, 40 * mm
    chart.data = [values]
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = 0, top
    chart.valueAxis.valueStep = top / 5
    chart.valueAxis.labels.fontName = FONT_REGULAR
    chart.valueAxis.labelTextFormat = lambda v: format_decimal(v, 0 if v == int(v) else 1)
    chart.categoryAxis.categoryNames = [visual(label) for label in labels]
    chart.categoryAxis.labels.fontName = FONT_REGULAR
    chart.categoryAxis.labels.fontSize = 8
    chart.bars[0].fillColor = BAR
    chart.barLabelFormat = lambda v: format_decimal(v)
    chart.barLabels.fontName = FONT_REGULAR
    chart.barLabels.fontSize = 7
    chart.barLabels.nudge = 6
    drawing.add(chart)
    drawing.add(String(width / 2, 56 * mm, visual(title), fontName=FONT_REGULAR, fontSize=10,
                       textAnchor="middle"))  # fmt: skip
    return drawing


def charts(report: EvaluationReport) -> tuple[Drawing, Drawing]:
    """The two charts: average answer per question (1–5), and pre/post test averages."""
    questions = [f"پرسش {to_persian_digits(i)}" for i in range(1, len(report.questions) + 1)]
    averages = [q.average or 0.0 for q in report.questions]
    tests = [report.pre_average or 0.0, report.post_average or 0.0]
    return (
        _chart(questions, averages, 5, "میانگین رضایت در هر پرسش (۱ تا ۵)"),
        _chart(["پیش‌آزمون", "پس‌آزمون"], tests, 100, "میانگین نمرهٔ آزمون‌ها (از ۱۰۰)", 70 * mm),
    )


def write_evaluation(target: str | Path | BinaryIO, report: EvaluationReport) -> None:
    story: list[Flowable] = heading_block(report.heading, f"{TITLE} «{report.title}»")
    summary = [
        ["کد کارگاه", code(report.code), "شرکت‌کنندگان", fa(report.participants)],
        ["میانگین پیش‌آزمون", number(report.pre_average), "میانگین پس‌آزمون", number(report.post_average)],
        ["میانگین پیشرفت", signed(report.gain), "دارای هر دو آزمون", fa(report.tested)],
    ]  # fmt: skip
    story.append(rtl_table(summary, [35 * mm, 55 * mm, 35 * mm, 55 * mm], font_size=10))
    story.append(Spacer(1, 4 * mm))
    per_question, tests = charts(report)
    story.append(rtl_table([[per_question, tests]], [100 * mm, 80 * mm], padding=2))
    story.append(Spacer(1, 4 * mm))
    story.append(p("پاسخ‌های نظرسنجی", 12, bold=True, space_after=2 * mm))
    rows: list[list[Any]] = [list(ANSWERS_HEADER)]
    for i, q in enumerate(report.questions, start=1):
        rows.append(
            [fa(i), q.question] + [fa(c) for c in q.counts] + [fa(q.answers), number(q.average)]
        )
    aligns: list[Any] = ["center", "right", *(["center"] * 7)]
    story.append(rtl_table(rows, ANSWERS_WIDTHS, 1, font_size=ANSWERS_FONT_SIZE, col_align=aligns))
    if report.comments:
        story += [
            Spacer(1, 4 * mm),
            p("نظرها و پیشنهادهای شرکت‌کنندگان", 12, bold=True, space_after=2 * mm),
        ]
        story += [p(f"• {c}", 9.5, space_after=1 * mm) for c in report.comments]
    build_pdf(target, story, title=f"{TITLE} {report.code}", header=f"{TITLE} — {report.title}")
