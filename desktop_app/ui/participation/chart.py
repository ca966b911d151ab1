"""``BarChart``: right-to-left horizontal bars (label on the right, bar growing to the
left, the amount at its end), the window's twin of ``reports.participation.summary``'s
PDF chart. Painted with QPainter; plain ``Bucket`` data in. UI thread only."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from ...documents.participation import Bucket
from ...reports.participation.summary import BAR_COLORS, short_amount

ROW = 30


class BarChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.buckets: tuple[Bucket, ...] = ()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_buckets(self, buckets: Sequence[Bucket]) -> None:
        self.buckets = tuple(buckets)
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(600, max(ROW * len(self.buckets) + 10, 60))

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = painter.fontMetrics()
        if not self.buckets:
            painter.drawText(
                self.rect(), Qt.AlignmentFlag.AlignCenter, "در این بازه مشارکتی ثبت نشده است."
            )
            return
        width = self.width()
        label_w = min(
            max(metrics.horizontalAdvance(b.label) for b in self.buckets) + 16, width // 2
        )
        value_w = 110
        plot = max(width - label_w - value_w - 12, 10)
        top = max(b.amount for b in self.buckets) or 1
        for i, bucket in enumerate(self.buckets):
            y = 5 + i * ROW
            right = width - label_w
            length = plot * bucket.amount / top
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(BAR_COLORS[i % len(BAR_COLORS)]))
            painter.drawRect(QRectF(right - length, y + 4, length, ROW - 10))
            painter.setPen(QColor("#222222"))
            painter.drawText(
                QRectF(right + 6, y, label_w - 6, ROW),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                bucket.label,
            )
            painter.drawText(
                QRectF(max(right - length - value_w - 6, 0), y, value_w, ROW),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                short_amount(bucket.amount),
            )
