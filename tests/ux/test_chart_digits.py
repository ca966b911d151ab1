"""Every chart of the app draws its numbers in Persian digits: charts are made only by
``ui.widgets.charts.persian_chart`` (the Persian locale, localized numbers), and a chart
made there labels its value axis ``۰ … ۴۰۰`` with no Latin digit."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChartView
from PySide6.QtCore import Qt

from desktop_app.ui.widgets.charts import axis_labels, persian_chart, value_axis

UI = Path(__file__).resolve().parents[2] / "desktop_app" / "ui"
_MAKES_A_CHART = re.compile(r"\bQChart\s*\(")


def test_no_chart_is_made_outside_the_persian_chart_helper() -> None:
    makers = [
        str(path.relative_to(UI))
        for path in UI.rglob("*.py")
        if path.name != "charts.py" and _MAKES_A_CHART.search(path.read_text("utf-8"))
    ]
    assert makers == []


def test_a_persian_chart_labels_its_axes_in_persian_digits(qtbot) -> None:
    chart = persian_chart()
    series = QBarSeries()
    bars = QBarSet("ثبت‌نام")
    bars.append([1.0, 20.0, 345.0])
    series.append(bars)
    chart.addSeries(series)
    months = QBarCategoryAxis()
    months.append(["فروردین", "اردیبهشت", "خرداد"])
    values = value_axis(345, decimals=1)
    chart.addAxis(months, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(values, Qt.AlignmentFlag.AlignRight)
    series.attachAxis(months)
    series.attachAxis(values)
    view = QChartView(chart)
    qtbot.addWidget(view)
    view.resize(500, 300)
    view.show()
    qtbot.waitUntil(lambda: len(axis_labels(chart)) > 3)
    labels = axis_labels(chart)
    assert "۴۰۰٫۰" in labels and "فروردین" in labels
    assert not [t for t in labels if re.search(r"[0-9]", t)]
