"""``RialEdit``: an amount of money in rial, grouped by thousands as the clerk types.

Typing ``50000`` (in any digit script) shows ``۵۰٬۰۰۰``; the separator is the Arabic
thousands separator ``٬`` (U+066C) that ``desktop_app.persian.format_number`` uses.
Separators the clerk types or deletes are ignored: the digits are regrouped after every
change and the cursor stays after the same digit. Leading zeros are dropped.
``value()`` is an ``int`` (None when empty).

Qt widgets: use on the UI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QWidget

from desktop_app.persian import THOUSANDS_SEPARATOR, format_number
from desktop_app.ui.widgets.digit_edit import DigitLineEdit, ascii_digit

__all__ = ["RialEdit", "RialValidator"]

AMOUNT_REQUIRED_MESSAGE = "مبلغ را وارد کنید."


class RialValidator(QValidator):
    """Keeps only digits, drops leading zeros and regroups them as ``۱٬۲۳۴٬۵۶۷``."""

    def __init__(self, max_digits: int | None = 15, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.max_digits = max_digits

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        digits: list[str] = []
        before_cursor = 0
        for index, char in enumerate(text):
            digit = ascii_digit(char)
            if digit is None:
                continue
            digits.append(digit)
            if index < pos:
                before_cursor += 1
        plain = "".join(digits)
        significant = plain.lstrip("0") or plain[:1]
        before_cursor = max(0, before_cursor - (len(plain) - len(significant)))
        if self.max_digits is not None and len(significant) > self.max_digits:
            return QValidator.State.Invalid, text, pos
        if not significant:
            return QValidator.State.Acceptable, "", 0
        formatted = format_number(int(significant))
        return QValidator.State.Acceptable, formatted, _after_digits(formatted, before_cursor)


def _after_digits(text: str, count: int) -> int:
    """The cursor position just after the ``count``-th digit of ``text``."""
    if count <= 0:
        return 0
    seen = 0
    for index, char in enumerate(text):
        if char != THOUSANDS_SEPARATOR:
            seen += 1
            if seen == count:
                return index + 1
    return len(text)


class RialEdit(DigitLineEdit):
    """An amount in rial: ``value()`` is an int or None; shown grouped with Persian digits."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        max_digits: int | None = 15,
        required: bool = False,
    ) -> None:
        super().__init__(parent, max_digits=max_digits, required=required)

    def _make_validator(self, allow: str, max_digits: int | None) -> QValidator:
        return RialValidator(max_digits, self)

    def value(self) -> int | None:  # type: ignore[override]
        digits = "".join(d for d in map(ascii_digit, self.text()) if d is not None)
        return int(digits) if digits else None

    def setValue(self, value: int | str | None) -> None:  # type: ignore[override]
        """Show an amount (an int, or digits in any script); None clears."""
        self.setText("" if value is None else str(value))

    def validate(self) -> bool:
        if self.is_required() and self.value() is None:
            self.set_error(AMOUNT_REQUIRED_MESSAGE)
            return False
        self.set_error(None)
        return True
