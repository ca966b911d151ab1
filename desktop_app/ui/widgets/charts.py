"""Charts of Miz (Qt Charts) with Persian digits on every axis and label.

``persian_chart()`` is the one way the app makes a ``QChart``: it draws numbers with the
Persian locale (``۱٬۲۳۴٫۵``, the same digits and separators as ``persian.format_number``)
and keeps Qt Charts' own left-to-right layout (callers put the first category on the right). ``value_axis()`` makes a value axis whose ticks fall
on round numbers and whose labels go through that locale (``tests/ux`` checks that no
other ``QChart`` is made in the app). UI thread only.
"""

from __future__ import annotations

from PySide6.QtCharts import QChart, QValueAxis
from PySide6.QtCore import QLocale, Qt

#: The locale charts draw their numbers in: Persian digits, ``٬`` and ``٫``.
PERSIAN_LOCALE = QLocale(QLocale.Language.Persian, QLocale.Country.Iran)


def persian_chart() -> QChart:
    """A chart whose axis and label numbers are written in Persian digits."""
    chart = QChart()
    chart.setLocale(PERSIAN_LOCALE)
    chart.setLocalizeNumbers(True)
    # Qt Charts mirrors badly under a right-to-left layout (category labels drawn twice):
    # the chart stays left to right and callers order categories from the right.
    chart.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    return chart


def value_axis(top: float, decimals: int = 0) -> QValueAxis:
    """A value axis from 0 to at least ``top`` with ``decimals`` digits after the point."""
    axis = QValueAxis()
    axis.setRange(0, max(top, 1))
    axis.setLabelFormat(f"%.{decimals}f")
    axis.applyNiceNumbers()
    return axis


def axis_labels(chart: QChart) -> list[str]:
    """The texts the chart draws on its axes (for tests and screenshots' checks)."""
    from PySide6.QtWidgets import QGraphicsItem, QGraphicsTextItem

    def walk(item: QGraphicsItem) -> list[str]:
        texts = []
        for child in item.childItems():
            if isinstance(child, QGraphicsTextItem) and child.isVisible() and child.toPlainText():
                texts.append(child.toPlainText())
            texts += walk(child)
        return texts

    return walk(chart)
