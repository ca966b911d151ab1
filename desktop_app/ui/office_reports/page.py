"""``ReportsPage``: choose the Jalali year and month, see every service's figures per month
in a read-only table, a bar chart (Qt Charts, Persian digits on the axes) of the chosen
figure, and write the same
report as PDF (charts drawn by reportlab) or Excel. Reloads when data changes.
UI thread only."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChartView
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.core.changes import Change

from ...documents.feedback import ReportFigure, ServicesReport
from ...persian import JALALI_MONTHS, format_number, to_jalali, to_persian_digits, today
from ...persian.bidi import isolate
from ...reports.feedback.services_report import value_text
from ...services.office_reports.report import (
    services_report,
    write_report_excel,
    write_report_pdf,
)
from ..errors import error_message
from ..listing import ChoiceBox, labels
from ..tasks import TaskRunner, data_bus
from ..widgets import FormRow
from ..widgets.charts import persian_chart, value_axis
from ..widgets.file_dialogs import save_file_name

#: Kinds whose change alters the figures.
KINDS = frozenset(
    {
        Change.EVERYTHING,
        Change.ENROLLMENTS,
        Change.CERTIFICATES,
        Change.CERTIFICATE_INQUIRIES,
        Change.PUBLIC_REQUESTS,
        Change.SURVEYS,
        Change.SERVICE_CARDS,
    }
)


class ReportsPage(QWidget):
    def __init__(self, ctx, runner: TaskRunner) -> None:
        super().__init__()
        self.ctx, self.runner = ctx, runner
        self.report: ServicesReport | None = None
        this_year = to_jalali(today())[0]
        self.year = ChoiceBox(
            [(y, to_persian_digits(y)) for y in range(this_year, this_year - 6, -1)]
        )
        self.month = ChoiceBox(
            [(m, name) for m, name in enumerate(JALALI_MONTHS, start=1)], empty="همهٔ سال"
        )
        self.show_button = QPushButton("نمایش")
        self.show_button.clicked.connect(self.load)
        self.pdf_button = QPushButton(labels.SAVE_PDF)
        self.pdf_button.clicked.connect(lambda: self.choose_file("pdf"))
        self.excel_button = QPushButton(labels.EXPORT_EXCEL)
        self.excel_button.clicked.connect(lambda: self.choose_file("xlsx"))
        top = QHBoxLayout()
        top.addWidget(FormRow("سال", self.year))
        top.addWidget(FormRow("ماه", self.month))
        for button in (self.show_button, self.pdf_button, self.excel_button):
            top.addWidget(button)
        top.addStretch(1)
        self.scope = QLabel()
        self.model = QStandardItemModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(
            lambda cur, _p: self.chart_row(cur.row())
        )
        self.chart = persian_chart()
        self.chart.legend().hide()
        self.chart_view = QChartView(self.chart)
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumHeight(220)
        self.complaints = QLabel()
        self.complaints.setWordWrap(True)
        self.status = QLabel()
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.chart_view)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.scope)
        layout.addWidget(split, 1)
        layout.addWidget(self.complaints)
        layout.addWidget(self.status)
        self.rows: list[tuple[str, ReportFigure]] = []
        data_bus().data_changed.connect(self._changed)
        self.load()

    def _changed(self, kinds) -> None:
        if KINDS & set(kinds):
            self.load()

    def load(self) -> None:
        year, month, ctx = self.year.value(), self.month.value(), self.ctx
        self.status.setText("در حال شمردن…")
        self.runner.submit(
            lambda _c: services_report(ctx, year, month),
            on_done=self.show_report,
            on_error=lambda exc: self.status.setText(error_message(exc)),
        )

    def show_report(self, report: ServicesReport) -> None:
        self.report = report
        self.status.setText("")
        self.scope.setText(f"گزارش {report.scope}")
        self.model.clear()
        self.model.setHorizontalHeaderLabels(["خدمت", "شاخص", *JALALI_MONTHS, "جمع"])
        self.rows = []
        for service in report.services:
            for figure in service.figures:
                cells = [service.service_title, figure.title]
                cells += [value_text(v, figure.unit) for v in figure.months]
                cells.append(value_text(figure.total, figure.unit))
                items = [QStandardItem(c) for c in cells]
                for item in items[2:]:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.model.appendRow(items)
                self.rows.append((service.service_title, figure))
        states = "، ".join(f"{s}: {format_number(n)}" for s, n in report.complaints_by_state)
        self.complaints.setText(
            f"شکایت‌ها بر حسب وضعیت — {states}؛ با تأخیر: {format_number(report.complaints_late)}"
            if report.complaints_by_state
            else ""
        )
        if not self.rows:
            self.status.setText("در این دوره چیزی برای شمردن ثبت نشده است.")
        self.chart_row(0)
        if self.rows:
            self.table.selectRow(0)

    def chart_row(self, row: int) -> None:
        """Bars of the figure on ``row`` per month (Farvardin on the right)."""
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        if not 0 <= row < len(self.rows):
            self.chart.setTitle("")
            return
        service, figure = self.rows[row]
        self.chart.setTitle(f"{figure.title} — {service}")
        bars = QBarSet(figure.title)
        for value in reversed(figure.months):
            bars.append(value)
        bars.setColor(Qt.GlobalColor.darkCyan)
        series = QBarSeries()
        series.append(bars)
        self.chart.addSeries(series)
        months = QBarCategoryAxis()
        months.append(list(reversed(JALALI_MONTHS)))
        values = value_axis(max(figure.months, default=0) * 1.15, 1 if figure.unit else 0)
        self.chart.addAxis(months, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(values, Qt.AlignmentFlag.AlignRight)
        series.attachAxis(months)
        series.attachAxis(values)

    def choose_file(self, suffix: str) -> None:
        title = labels.SAVE_PDF_TITLE if suffix == "pdf" else labels.EXPORT_EXCEL_TITLE
        filter_ = labels.PDF_FILTER if suffix == "pdf" else labels.EXCEL_FILTER
        path = save_file_name(self, title, f"services-report.{suffix}", filter_)
        if path:
            self.write_to(Path(path if path.lower().endswith(f".{suffix}") else f"{path}.{suffix}"))

    def write_to(self, path: Path) -> None:
        report, ctx = self.report, self.ctx
        if report is None:
            return
        excel = path.suffix.lower() == ".xlsx"
        self.status.setText("در حال نوشتن…")
        self.runner.submit(
            lambda _c: (
                write_report_excel(ctx, path, report)
                if excel
                else write_report_pdf(ctx, path, report)
            ),
            on_done=lambda _r: self.status.setText(f"{isolate(str(path))} نوشته شد."),
            on_error=lambda exc: self.status.setText(error_message(exc)),
        )
