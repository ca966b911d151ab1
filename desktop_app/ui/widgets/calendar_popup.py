"""The popup Jalali month calendar behind ``JalaliDateEdit``'s calendar button.

A ``QCalendarWidget`` on ``QCalendar(QCalendar.System.Jalali)`` with the Persian locale,
laid out right to left, weeks starting on Saturday, Friday in red, plus a «امروز» (today)
button. It only displays: what it reports is the Gregorian ``datetime.date`` of the day
the clerk picked (a ``QDate`` is a day number, whatever calendar draws it), never a
Jalali year/month/day computed by Qt.

Qt widgets: use on the UI thread only.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCalendar, QDate, QLocale, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap, QTextCharFormat
from PySide6.QtWidgets import QCalendarWidget, QFrame, QPushButton, QVBoxLayout, QWidget

__all__ = ["CalendarPopup", "calendar_icon", "from_qdate", "to_qdate"]

PERSIAN_LOCALE = QLocale(QLocale.Language.Persian, QLocale.Country.Iran)


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)  # Gregorian fields: no calendar math


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())  # Gregorian by default


class CalendarPopup(QFrame):
    """A popup month calendar; emits ``picked(date)`` and closes when a day is chosen."""

    picked = Signal(object)  # datetime.date

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.setLocale(PERSIAN_LOCALE)

        self.calendar = QCalendarWidget(self)
        self.calendar.setCalendar(QCalendar(QCalendar.System.Jalali))
        self.calendar.setLocale(PERSIAN_LOCALE)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Saturday)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.setGridVisible(True)
        # ش ی د س چ پ ج, as on Persian wall calendars; full names make the popup too wide.
        self.calendar.setHorizontalHeaderFormat(
            QCalendarWidget.HorizontalHeaderFormat.SingleLetterDayNames
        )
        self._default_range = (self.calendar.minimumDate(), self.calendar.maximumDate())
        # Qt marks Saturday and Sunday as the weekend; in Iran it is Friday.
        plain = QTextCharFormat()
        plain.setForeground(self.palette().text())
        for day in (Qt.DayOfWeek.Saturday, Qt.DayOfWeek.Sunday):
            self.calendar.setWeekdayTextFormat(day, plain)
        friday = QTextCharFormat()
        friday.setForeground(QColor("#c62828"))
        self.calendar.setWeekdayTextFormat(Qt.DayOfWeek.Friday, friday)

        self.today_button = QPushButton("امروز", self)
        self.today_button.clicked.connect(self._pick_today)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.calendar)
        layout.addWidget(self.today_button, 0, Qt.AlignmentFlag.AlignLeading)

        self.calendar.clicked.connect(self._on_day)
        self.calendar.activated.connect(self._on_day)

    def prepare(self, selected: date | None, minimum: date | None, maximum: date | None) -> None:
        """Show the month of ``selected`` (today when None) within the allowed range."""
        low, high = self._default_range
        self.calendar.setDateRange(
            to_qdate(minimum) if minimum else low, to_qdate(maximum) if maximum else high
        )
        target = to_qdate(selected) if selected else QDate.currentDate()
        self.calendar.setSelectedDate(target)  # also turns to its month
        today = QDate.currentDate()
        self.today_button.setEnabled(
            self.calendar.minimumDate() <= today <= self.calendar.maximumDate()
        )

    def show_under(self, anchor: QWidget) -> None:
        """Open below ``anchor``, aligned with its leading (right, in RTL) edge, on screen."""
        self.adjustSize()
        size = self.size()
        if anchor.layoutDirection() == Qt.LayoutDirection.RightToLeft:
            corner = anchor.mapToGlobal(QPoint(anchor.width() - size.width(), anchor.height()))
        else:
            corner = anchor.mapToGlobal(QPoint(0, anchor.height()))
        screen = anchor.screen().availableGeometry()
        rect = QRect(corner, size)
        if rect.bottom() > screen.bottom():  # no room below: open above
            rect.moveBottom(anchor.mapToGlobal(QPoint(0, 0)).y() - 1)
        rect.moveLeft(max(screen.left(), min(rect.left(), screen.right() - rect.width())))
        rect.moveTop(max(screen.top(), rect.top()))
        self.move(rect.topLeft())
        self.show()
        self.calendar.setFocus(Qt.FocusReason.PopupFocusReason)

    def _on_day(self, day: QDate) -> None:
        self.hide()
        self.picked.emit(from_qdate(day))

    def _pick_today(self) -> None:
        self._on_day(QDate.currentDate())


def calendar_icon(size: int = 16, color: QColor | None = None) -> QIcon:
    """A small drawn calendar (no icon theme is needed on Windows or Linux)."""
    pixmap = QPixmap(QSize(size, size))
    pixmap.fill(Qt.GlobalColor.transparent)
    ink = color or QColor("#455a64")
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(ink, 1.2))
    body = QRect(1, 2, size - 3, size - 4)
    painter.drawRoundedRect(body, 2, 2)
    painter.fillRect(QRect(1, 2, size - 3, max(3, size // 4)), ink)
    step = (size - 6) / 3
    for row in range(2):
        for col in range(3):
            x = int(3 + col * step + step / 2 - 1)
            y = int(2 + size // 4 + 2 + row * step + 1)
            painter.fillRect(QRect(x, y, 2, 2), ink)
    painter.end()
    return QIcon(pixmap)
