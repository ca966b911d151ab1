"""``JalaliDateEdit``: a date typed and shown as Jalali, held as a Gregorian ``date``.

The clerk types a Jalali date in any digit script and with ``/``, ``-`` or ``.`` between
the parts ("1403/1/5", "۱۴۰۳/۰۱/۰۵", "1403-01-05"), or picks a day in the popup calendar
(calendar button, Alt+Down or F4). When editing finishes the text is parsed with
``desktop_app.persian.parse_jalali``: on success it is rewritten in the canonical form
``۱۴۰۳/۰۱/۰۵`` (``format_jalali``); on failure the typed text stays as it is and the
field shows the ``ValidationError`` message. The field may be empty (``date()`` is None):
an optional date stays empty without complaint, a required one reports
«تاریخ را وارد کنید.». Optional minimum and maximum dates are checked with Persian
messages.

Why not a ``QDateEdit``: right to left it shows its sections reversed, and it cannot be
empty.

Why the popup only displays: Qt's Jalali calendar (``QCalendar.System.Jalali``) computes
leap years with a different formula from the 33-year rule of ``jdatetime``; they agree
from 1300 up to 1435 and differ around 1436/1437 and 1469/1470 (Gregorian 2057/2058,
2090/2091), where Qt's grid labels a day one Jalali day off. So no Jalali
year/month/day ever comes from Qt: the popup reports the Gregorian day the clerk
clicked, the stored value is that ``date``, and the text shown is made by
``desktop_app.persian`` (jdatetime).

Qt widgets: use on the UI thread only.
"""

from __future__ import annotations

import datetime as dt
from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QToolButton, QWidget

from desktop_app.persian import ValidationError, format_jalali, parse_jalali
from desktop_app.ui.widgets.calendar_popup import CalendarPopup, calendar_icon
from desktop_app.ui.widgets.digit_edit import DigitLineEdit
from desktop_app.ui.widgets.field import ValidatedField

__all__ = ["DATE_REQUIRED_MESSAGE", "JalaliDateEdit"]

DATE_REQUIRED_MESSAGE = "تاریخ را وارد کنید."


class JalaliDateEdit(ValidatedField, QWidget):
    """A Jalali date field with a popup calendar; ``date()`` is a Gregorian date or None."""

    dateChanged = Signal(object)  # datetime.date | None

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        required: bool = False,
        minimum: date | None = None,
        maximum: date | None = None,
    ) -> None:
        super().__init__(parent)
        self._date: date | None = None
        self._minimum = minimum
        self._maximum = maximum
        self._popup: CalendarPopup | None = None
        self.set_required(required)

        self._edit = DigitLineEdit(self, max_digits=8, allow="/-.")
        self._edit.setPlaceholderText("مثلاً ۱۴۰۳/۰۱/۱۵")
        self._edit.installEventFilter(self)
        self._edit.editingFinished.connect(self._commit_text)
        self._edit.textEdited.connect(self._on_text_edited)

        self._button = QToolButton(self)
        self._button.setIcon(calendar_icon())
        self._button.setToolTip("انتخاب از تقویم")
        self._button.setAccessibleName("تقویم")
        self._button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._button.clicked.connect(self.open_calendar)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self._edit, 1)
        layout.addWidget(self._button)
        self.setFocusProxy(self._edit)

    # -- value -------------------------------------------------------------------------

    def date(self) -> dt.date | None:
        """The date of the text as last committed; None when empty or invalid."""
        return self._date

    def setDate(self, value: dt.date | None) -> None:
        """Show ``value`` (None empties the field) and clear any error."""
        self._edit.setText(format_jalali(value) if value is not None else "")
        self.set_error(None)
        self._set_value(value)

    def clear(self) -> None:
        self.setDate(None)

    def text(self) -> str:
        """The text on screen, as the clerk typed it or as reformatted."""
        return self._edit.text()

    def line_edit(self) -> QLineEdit:
        return self._edit

    def calendar_button(self) -> QToolButton:
        return self._button

    def calendar_popup(self) -> CalendarPopup | None:
        """The popup, once it has been opened."""
        return self._popup

    # -- rules -------------------------------------------------------------------------

    def minimum(self) -> dt.date | None:
        return self._minimum

    def maximum(self) -> dt.date | None:
        return self._maximum

    def set_range(self, minimum: dt.date | None, maximum: dt.date | None) -> None:
        """Allowed dates, both ends included; None leaves that end open."""
        self._minimum, self._maximum = minimum, maximum

    def validate(self) -> bool:
        """Parse the text now (as when editing finishes); True when it may be saved."""
        return self._commit_text()

    def _range_error(self, value: dt.date) -> str | None:
        if self._minimum is not None and value < self._minimum:
            return f"تاریخ نباید پیش از {format_jalali(self._minimum)} باشد."
        if self._maximum is not None and value > self._maximum:
            return f"تاریخ نباید پس از {format_jalali(self._maximum)} باشد."
        return None

    def _commit_text(self) -> bool:
        text = self._edit.text().strip()
        if not text:
            self._set_value(None)
            self.set_error(DATE_REQUIRED_MESSAGE if self.is_required() else None)
            return not self.is_required()
        try:
            value = parse_jalali(text)
        except ValidationError as exc:
            self._set_value(None)
            self.set_error(exc.message)
            return False
        message = self._range_error(value)
        if message is not None:  # keep the text: the clerk sees what they typed
            self._set_value(None)
            self.set_error(message)
            return False
        canonical = format_jalali(value)
        if self._edit.text() != canonical:
            self._edit.setText(canonical)
        self.set_error(None)
        self._set_value(value)
        return True

    def _set_value(self, value: dt.date | None) -> None:
        if value != self._date:
            self._date = value
            self.dateChanged.emit(value)

    def _on_text_edited(self, _text: str) -> None:
        if self.error() is not None:
            self.set_error(None)  # the clerk is correcting; checked again when done

    def _error_target(self) -> QWidget:
        return self._edit

    # -- popup -------------------------------------------------------------------------

    def open_calendar(self) -> None:
        """Open the popup calendar on the current date (today when empty)."""
        if self._popup is None:
            self._popup = CalendarPopup(self)
            self._popup.picked.connect(self._on_picked)
        shown = self._date
        if shown is None and self._edit.text().strip():
            try:
                shown = parse_jalali(self._edit.text())
            except ValidationError:
                shown = None
        self._popup.prepare(shown, self._minimum, self._maximum)
        self._popup.show_under(self)

    def _on_picked(self, value: dt.date) -> None:
        self.setDate(value)
        self._edit.setFocus(Qt.FocusReason.PopupFocusReason)
        self._edit.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            alt_down = (
                event.key() == Qt.Key.Key_Down
                and event.modifiers() & Qt.KeyboardModifier.AltModifier
            )
            if alt_down or event.key() == Qt.Key.Key_F4:
                self.open_calendar()
                return True
        return super().eventFilter(watched, event)
