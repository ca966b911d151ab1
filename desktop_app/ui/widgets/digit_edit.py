"""``DigitLineEdit``: a line edit for codes and numbers typed in any digit script.

The clerk may type Persian (۰-۹), Arabic-Indic (٠-٩) or Latin (0-9) digits; each is shown
as a Persian digit as soon as it is typed or pasted, and the cursor stays where it was.
Other characters are dropped before they reach the text, unless listed in ``allow``
(e.g. ``"/-"``). ``value()`` gives the text with Latin digits, ready for storage.

The conversion happens in a ``QValidator`` because that is the one place every way of
changing the text passes through (typing, paste, drag and drop, undo, ``setText``). The
validator always answers ``Acceptable`` (never ``Intermediate``): a ``QLineEdit`` emits
``editingFinished`` and ``returnPressed`` only for acceptable text. A typed key is
converted (or dropped) before it reaches the text, because a validator that rewrites the
text makes ``QLineEdit`` forget its undo history.

A ``QLineEdit`` takes its text direction from its content, not from the window: text of
digits and separators is a left-to-right paragraph (so ``۱۲ ۳۴۵/۶۷`` keeps its order)
but is then aligned to the left even in a right-to-left window. The field therefore
aligns itself explicitly (``AlignAbsolute``) to the right in a right-to-left layout.

Qt widgets: use on the UI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QValidator
from PySide6.QtWidgets import QLineEdit, QWidget

from desktop_app.persian import to_ascii_digits, to_persian_digits
from desktop_app.ui.widgets.field import REQUIRED_MESSAGE, ValidatedField

__all__ = ["DigitLineEdit", "DigitValidator", "ascii_digit"]

_ASCII_DIGITS = "0123456789"


def ascii_digit(char: str) -> str | None:
    """The Latin digit ``char`` stands for (Persian, Arabic-Indic or Latin), else None."""
    converted = to_ascii_digits(char)
    if len(converted) == 1 and converted in _ASCII_DIGITS:
        return converted
    return None


class DigitValidator(QValidator):
    """Turns every digit into a Persian digit and drops characters not in ``allow``."""

    def __init__(
        self, allow: str = "", max_digits: int | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.allow = allow
        self.max_digits = max_digits

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        kept: list[str] = []
        new_pos = 0
        digits = 0
        for index, char in enumerate(text):
            digit = ascii_digit(char)
            if digit is not None:
                kept.append(to_persian_digits(digit))
                digits += 1
            elif char in self.allow:
                kept.append(char)
            else:
                continue
            if index < pos:
                new_pos += 1
        if self.max_digits is not None and digits > self.max_digits:
            return QValidator.State.Invalid, text, pos  # the keystroke or paste is undone
        return QValidator.State.Acceptable, "".join(kept), new_pos


class DigitLineEdit(ValidatedField, QLineEdit):
    """A line edit showing Persian digits; ``value()`` returns Latin digits."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        max_digits: int | None = None,
        allow: str = "",
        required: bool = False,
    ) -> None:
        super().__init__(parent)
        self._allow = allow
        self._validator = self._make_validator(allow, max_digits)
        self.setValidator(self._validator)
        self.set_required(required)
        self.editingFinished.connect(self.validate)
        self.textChanged.connect(self._on_text_changed)
        self._align_to_leading_edge()

    def _align_to_leading_edge(self) -> None:
        right_to_left = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        side = Qt.AlignmentFlag.AlignRight if right_to_left else Qt.AlignmentFlag.AlignLeft
        self.setAlignment(side | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LayoutDirectionChange:
            self._align_to_leading_edge()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        char = event.text()
        commands = (
            Qt.KeyboardModifier.ControlModifier
            | Qt.KeyboardModifier.AltModifier
            | Qt.KeyboardModifier.MetaModifier
        )
        if len(char) != 1 or not char.isprintable() or event.modifiers() & commands:
            super().keyPressEvent(event)
            return
        digit = ascii_digit(char)
        if digit is None and char not in self._allow:
            # A rejected key changes nothing: no textEdited, no undo step.
            event.accept()
            return
        if digit is not None and char != to_persian_digits(digit):
            # Insert the Persian digit itself: when the validator has to rewrite the
            # text, QLineEdit clears its undo history.
            event = QKeyEvent(
                event.type(),
                event.key(),
                event.modifiers(),
                to_persian_digits(digit),
                event.isAutoRepeat(),
                event.count(),
            )
        super().keyPressEvent(event)

    def _make_validator(self, allow: str, max_digits: int | None) -> QValidator:
        return DigitValidator(allow, max_digits, self)

    def value(self) -> str:
        """The text with Latin digits (and any allowed characters), e.g. ``"0912"``."""
        return to_ascii_digits(self.text())

    def setValue(self, value: str | None) -> None:
        """Show ``value`` (digits in any script) with Persian digits; None clears."""
        self.setText(to_persian_digits(value))

    def digit_count(self) -> int:
        return sum(1 for char in self.text() if ascii_digit(char) is not None)

    def _on_text_changed(self, _text: str) -> None:
        if self.error() is not None:  # the clerk is correcting: recheck as they type
            self.validate()

    def validate(self) -> bool:
        """Only the required check: a plain digit field has no rule of its own."""
        if self.is_required() and not self.text().strip():
            self.set_error(REQUIRED_MESSAGE)
            return False
        self.set_error(None)
        return True
