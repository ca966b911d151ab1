"""The evaluation and plan tab: pick a workshop and see its evaluation report (averages
per question as a bar chart, pre/post-test averages and gain) with «چاپ گزارش», and the
plan against actual per year and province. UI thread only; queries on the ``TaskRunner``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ...persian import (
    format_decimal,
    format_number,
    format_percent,
    format_rial,
    to_persian_digits,
)
from ...services.accounts.access import PRINT, can
from ...services.core.changes import Change
from ...services.core.context import AppContext
from ...services.workshops.evaluation import evaluation_report
from ...services.workshops.plan import plan_against_actual
from ...services.workshops.printing import print_evaluation, print_plan
from ...services.workshops.programme import workshop_choices
from ..errors import show_error
from ..listing import ChoiceBox, labels
from ..listing.labels import print_label
from ..tasks import TaskRunner, data_bus
from ..widgets import file_dialogs


def _num(value: float | None, signed: bool = False) -> str:
    return "—" if value is None else format_decimal(value, signed=signed)


class BarChart(QWidget):
    """Vertical bars with their values, right to left (the first bar on the right)."""

    def __init__(self, top: float) -> None:
        super().__init__()
        self.top = top
        self.bars: list[tuple[str, float | None]] = []
        self.setMinimumHeight(190)

    def set_bars(self, bars: list[tuple[str, float | None]]) -> None:
        self.bars = bars
        self.update()

    def paintEvent(self, _event: Any) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = self.width(), self.height()
        base, room = h - 28, h - 50
        painter.setPen(QColor("#888888"))
        painter.drawLine(8, base, w - 8, base)
        if not self.bars:
            return
        slot = (w - 16) / len(self.bars)
        for i, (label, value) in enumerate(self.bars):
            x = w - 8 - slot * (i + 1)
            height = room * (value or 0) / self.top
            rect = QRectF(x + slot * 0.2, base - height, slot * 0.6, height)
            painter.fillRect(rect, QColor("#1f4e79"))
            painter.setPen(QColor("#222222"))
            painter.drawText(QRectF(x, base + 2, slot, 22), Qt.AlignmentFlag.AlignCenter, label)
            painter.drawText(QRectF(x, base - height - 20, slot, 18), Qt.AlignmentFlag.AlignCenter,
                             _num(value))  # fmt: skip


class EvaluationPage(QWidget):
    open_file = staticmethod(lambda path: None)

    def __init__(self, ctx: AppContext, runner: TaskRunner) -> None:
        super().__init__()
        self.ctx, self.runner = ctx, runner
        self.workshop = ChoiceBox([], empty="کارگاه را انتخاب کنید")
        self.workshop.setAccessibleName("کارگاه")
        self.workshop.currentIndexChanged.connect(lambda _i: self.load())
        self.print_button = QPushButton(print_label("گزارش ارزشیابی"))
        self.print_button.clicked.connect(self.print_report)
        top = QHBoxLayout()
        top.addWidget(QLabel("ارزشیابی کارگاه:"))
        top.addWidget(self.workshop, 1)
        top.addWidget(self.print_button)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.questions = BarChart(5)
        self.tests = BarChart(100)
        charts = QHBoxLayout()
        charts.addWidget(self.questions, 3)
        charts.addWidget(self.tests, 1)
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        self.plan = QLabel()
        self.plan.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addLayout(charts)
        layout.addWidget(self.legend)
        self.print_plan_button = QPushButton(print_label("برنامه در برابر عملکرد"))
        self.print_plan_button.clicked.connect(self.print_plan)
        self.print_plan_button.setVisible(can(ctx, PRINT))
        plan_title = QHBoxLayout()
        plan_title.addWidget(QLabel("<b>برنامه در برابر عملکرد</b>"))
        plan_title.addStretch(1)
        plan_title.addWidget(self.print_plan_button)
        layout.addLayout(plan_title)
        layout.addWidget(self.plan)
        layout.addStretch(1)
        self.reload()
        data_bus().data_changed.connect(
            lambda kinds: self.reload() if Change.TRAINING_WORKSHOPS in kinds else None
        )

    def reload(self) -> None:
        self.runner.submit(lambda _c: workshop_choices(self.ctx), on_done=self.workshop.set_choices)
        self.runner.submit(lambda _c: plan_against_actual(self.ctx), on_done=self.show_plan)

    def load(self) -> None:
        workshop_id = self.workshop.value()
        if workshop_id is None:
            return
        self.runner.submit(lambda _c: evaluation_report(self.ctx, workshop_id), on_done=self.show_report,
                           on_error=lambda exc: show_error(self, exc))  # fmt: skip

    def show_report(self, report: Any) -> None:
        self.report = report
        self.summary.setText(
            f"شرکت‌کنندگان: {to_persian_digits(report.participants)} — میانگین پیش‌آزمون: "
            f"{_num(report.pre_average)}، پس‌آزمون: {_num(report.post_average)}، پیشرفت: "
            f"{_num(report.gain, signed=True)} (از {to_persian_digits(report.tested)} نفر با هر دو آزمون)"
        )
        self.questions.set_bars([(f"پرسش {to_persian_digits(i)}", q.average)
                                 for i, q in enumerate(report.questions, start=1)])  # fmt: skip
        self.tests.set_bars([("پیش‌آزمون", report.pre_average), ("پس‌آزمون", report.post_average)])
        self.legend.setText("<br>".join(f"{to_persian_digits(i)}. {q.question}"
                                        for i, q in enumerate(report.questions, start=1)))  # fmt: skip

    def show_plan(self, result: Any) -> None:
        lines, years = result

        def row(cells: list[str], tag: str = "td") -> str:
            # Qt's rich-text tables do not mirror: the first column is written last
            return (
                "<tr>"
                + "".join(f"<{tag} align='center'>{c}</{tag}>" for c in cells[::-1])
                + "</tr>"
            )

        header = row(["سال", "استان", "کارگاه برگزارشده (برنامه: دو بار در سال)",
                      "در برنامه یا در حال برگزاری", "آموزش‌دیده", "هزینهٔ سرانه"], "th")  # fmt: skip
        rows = "".join(
            row(
                [
                    to_persian_digits(line.year),
                    line.province,
                    f"{to_persian_digits(line.held)} از {to_persian_digits(line.planned_workshops)}",
                    to_persian_digits(line.running),
                    to_persian_digits(line.trained),
                    format_rial(line.cost_per_head) if line.cost_per_head else "—",
                ]
            )
            for line in lines
        )
        totals = "؛ ".join(
            f"سال {to_persian_digits(y.year)}: {to_persian_digits(y.trained)} نفر از هدف "
            f"{format_number(y.target)} نفر ({format_percent(y.share)})"
            for y in years
        )
        self.plan.setText(
            "<table align='right' border='1' cellspacing='0' cellpadding='3'>"
            f"{header}{rows}</table><br>کل کشور: {totals}"
        )

    def print_report(self) -> None:
        workshop_id = self.workshop.value()
        if workshop_id is None:
            return
        folder = file_dialogs.prints_folder("workshops")

        def write(_c: Any) -> Path:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"evaluation-{workshop_id}.pdf"
            print_evaluation(self.ctx, workshop_id, path)
            return path

        self.runner.submit(
            write, on_done=self.open_file, on_error=lambda exc: show_error(self, exc)
        )

    def print_plan(self) -> None:
        """Plan against actual as a PDF, saved where the clerk chooses."""
        path = file_dialogs.save_file_name(
            self, "چاپ برنامه در برابر عملکرد", "plan-against-actual.pdf", labels.PDF_FILTER
        )
        if not path:
            return
        target = Path(path if path.lower().endswith(".pdf") else path + ".pdf")

        def write(_c: Any) -> Path:
            print_plan(self.ctx, target)
            return target

        self.runner.submit(
            write, on_done=self.open_file, on_error=lambda exc: show_error(self, exc)
        )
