"""``SummaryView``: a read-only review of (label, value) lines beside an optional photo.

The wizard's review step binds one (``binding.Field(..., source=...)``): its value is a
``Summary``, the lines in order and the photo's bytes (none: «بدون عکس»). Lines are laid out right to left; values show Persian digits.

Qt widget: UI thread only.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTextBrowser, QWidget

from ...persian import to_persian_digits

__all__ = ["Summary", "SummaryView"]


@dataclass(frozen=True)
class Summary:
    lines: tuple[tuple[str, str], ...] = ()
    photo: bytes | None = None


class SummaryView(QWidget):
    def __init__(
        self, parent: QWidget | None = None, *, photo_width: int = 120, photo_height: int = 160
    ) -> None:
        super().__init__(parent)
        self._summary = Summary()
        self.text = QTextBrowser()
        self.text.setObjectName("summaryText")
        self.photo = QLabel()
        self.photo.setFixedSize(photo_width, photo_height)
        self.photo.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.photo)

    def value(self) -> Summary:
        return self._summary

    def setValue(self, summary: Summary) -> None:
        self._summary = summary
        lines = "".join(
            f'<tr><td align="right"><b>{html.escape(label)}</b></td>'
            f'<td align="right">{html.escape(to_persian_digits(value))}</td></tr>'
            for label, value in summary.lines
        )
        self.text.setHtml(f'<table dir="rtl" cellpadding="3">{lines}</table>')
        pixmap = QPixmap()
        if summary.photo and pixmap.loadFromData(summary.photo):
            self.photo.setPixmap(
                pixmap.scaled(self.photo.size(), Qt.AspectRatioMode.KeepAspectRatio)
            )
        else:
            self.photo.setPixmap(QPixmap())
            self.photo.setText("بدون عکس")
