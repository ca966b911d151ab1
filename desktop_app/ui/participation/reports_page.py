"""Reports of participation (گزارش‌ها): a period (Jalali dates), the totals and a bar
chart per breakdown (kind, channel, intention, center, month) in the window, the same
report with charts as PDF, the period's gifts to Excel, and the benefactor's annual
statement by national code / legal-entity id / mobile and Jalali year. Every query
runs on the ``TaskRunner``. UI thread only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_app.persian.bidi import isolate

from ...documents.participation import ParticipationSummary
from ...persian import format_number, format_rial, to_ascii_digits, to_jalali, today
from ...services.accounts.access import EXPORT, PRINT, can
from ...services.core.context import AppContext
from ...services.participation.summary import (
    export_gifts,
    participation_summary,
    print_benefactor_statement,
    print_summary,
)
from ..errors import error_message
from ..listing import ChoiceBox, labels
from ..tasks import TaskRunner, data_bus
from ..text import ltr
from ..widgets import DigitLineEdit, JalaliDateEdit, TextLineEdit, file_dialogs
from .chart import BarChart
from .common import ALL_KINDS, PRINTS_FOLDER, open_pdf, save_path

BREAKDOWNS = {
    "by_kind": "نوع مشارکت",
    "by_channel": "شیوهٔ پرداخت (نقدی)",
    "by_intention": "نیت",
    "by_center": "مرکز",
    "by_month": "ماه",
    "by_office": "اداره (برای اداره کل: ادارات تابع)",
}


class ReportsPage(QWidget):
    open_file = staticmethod(open_pdf)

    def __init__(self, ctx: AppContext, runner: TaskRunner) -> None:
        super().__init__()
        self.ctx, self.runner = ctx, runner
        self.summary: ParticipationSummary | None = None
        self.since = JalaliDateEdit()
        self.until = JalaliDateEdit()
        year = to_jalali(today())[0]
        from ...persian import from_jalali

        self.since.setDate(from_jalali(year, 1, 1))
        self.until.setDate(today())
        self.show_button = QPushButton("نمایش")
        self.show_button.clicked.connect(self.refresh)
        self.pdf_button = QPushButton(labels.print_label("گزارش", asks=False))
        self.pdf_button.clicked.connect(self.print_report)
        self.pdf_button.setVisible(can(ctx, PRINT))
        self.excel_button = QPushButton(labels.EXPORT_EXCEL)
        self.excel_button.clicked.connect(self.ask_export)
        self.excel_button.setVisible(can(ctx, EXPORT))
        period = QHBoxLayout()
        for widget in (QLabel("از"), self.since, QLabel("تا"), self.until, self.show_button):
            period.addWidget(widget)
        period.addStretch(1)
        period.addWidget(self.pdf_button)
        period.addWidget(self.excel_button)

        self.total = QLabel()
        self.total.setObjectName("reportTotal")
        self.breakdown = ChoiceBox(BREAKDOWNS.items())
        self.breakdown.currentIndexChanged.connect(lambda _i: self.show_chart())
        self.chart = BarChart()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.chart)
        choose = QHBoxLayout()
        choose.addWidget(QLabel("نمودار به تفکیک"))
        choose.addWidget(self.breakdown)
        choose.addStretch(1)

        self.code = TextLineEdit()
        self.code.setPlaceholderText("کد ملی، شناسهٔ ملی یا همراه خیّر")
        self.year = DigitLineEdit(max_digits=4)
        self.year.setValue(str(year))
        self.statement_button = QPushButton(labels.print_label("صورت سالانه", asks=False))
        self.statement_button.clicked.connect(self.print_statement)
        self.statement_button.setVisible(can(ctx, PRINT))
        statement = QGroupBox("صورت مشارکت‌های سالانهٔ خیّر")
        grid = QGridLayout(statement)
        grid.addWidget(QLabel("خیّر"), 0, 0)
        grid.addWidget(self.code, 0, 1)
        grid.addWidget(QLabel("سال"), 0, 2)
        grid.addWidget(self.year, 0, 3)
        grid.addWidget(self.statement_button, 0, 4)

        self.status = QLabel()
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(period)
        layout.addWidget(self.total)
        layout.addLayout(choose)
        layout.addWidget(scroll, 1)
        layout.addWidget(statement)
        layout.addWidget(self.status)
        data_bus().data_changed.connect(self._on_data_changed)
        self.refresh()

    def _on_data_changed(self, kinds: frozenset[str]) -> None:
        if kinds & ALL_KINDS or "*" in kinds:
            self.refresh()

    def period(self) -> tuple[Any, Any]:
        return self.since.date(), self.until.date()

    def refresh(self) -> None:
        since, until = self.period()
        self.status.setText("در حال محاسبه…")
        self.runner.submit(
            lambda _c: participation_summary(self.ctx, since, until),
            on_done=self.show_summary,
            on_error=lambda exc: self.status.setText(error_message(exc)),
        )

    def show_summary(self, summary: ParticipationSummary) -> None:
        self.summary = summary
        self.total.setText(
            f"{summary.period_text}: {format_number(summary.count)} مشارکت به ارزش "
            f"{format_rial(summary.amount)}"
        )
        self.status.setText("")
        self.show_chart()

    def show_chart(self) -> None:
        if self.summary is not None:
            self.chart.set_buckets(getattr(self.summary, self.breakdown.value() or "by_kind"))

    def _write(self, name: str, write: Any) -> None:
        folder = file_dialogs.prints_folder(PRINTS_FOLDER)

        def work(_c: Any) -> Path:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / name
            write(path)
            return path

        self.status.setText("در حال ساختن PDF…")
        self.runner.submit(work, on_done=self._printed, on_error=self._failed, write=True)

    def _printed(self, path: Path) -> None:
        self.last_printed = path
        self.status.setText(f"{ltr(path.name)} نوشته شد.")
        type(self).open_file(path)

    def _failed(self, exc: Exception) -> None:
        self.status.setText(error_message(exc))

    def print_report(self) -> None:
        since, until = self.period()
        ctx = self.ctx
        self._write("participation-report.pdf", lambda path: print_summary(ctx, path, since, until))

    def print_statement(self) -> None:
        key = self.code.text().strip()
        digits = to_ascii_digits(self.year.value())
        if not key:
            self.code.set_error("کد ملی، شناسهٔ ملی یا همراه خیّر را بنویسید.")
            return
        if not digits.isdigit():
            self.year.set_error("سال را بنویسید، مانند ۱۴۰۵.")
            return
        ctx, year = self.ctx, int(digits)
        self._write(
            f"statement-{year}.pdf", lambda path: print_benefactor_statement(ctx, key, year, path)
        )

    def ask_save_path(self) -> Path | None:
        """Tests replace this."""
        return save_path(self, labels.EXPORT_EXCEL_TITLE, labels.EXCEL_FILTER, ".xlsx")

    def ask_export(self) -> None:
        path = self.ask_save_path()
        if path is None:
            return
        since, until = self.period()
        ctx = self.ctx
        self.status.setText(labels.WRITING_EXCEL)
        self.runner.submit(
            lambda _c: export_gifts(ctx, path, since, until),
            on_done=lambda n: self.status.setText(
                f"{format_number(n)} مشارکت در {isolate(str(path))} نوشته شد."
            ),
            on_error=self._failed,
        )
