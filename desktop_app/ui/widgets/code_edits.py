"""Inputs for the codes clerks copy from documents: national code, mobile, postal code.

Each is a ``DigitLineEdit`` (any digit script in, Persian digits on screen, Latin digits
out) checked by the matching validator of ``desktop_app.persian``:

- while the clerk types, the code is checked once it has all its digits, and a shown
  error disappears as soon as the clerk starts correcting it;
- when editing finishes (Enter, or leaving the field after a change) or the form calls
  ``validate()``, it is checked whatever its length, so a short code is reported then;
- the error is the validator's Persian message; the typed text is never changed.

An empty field is fine unless it is required; then the validator's own «... را وارد
کنید.» is shown. ``value()`` is the validator's normalized code when the code is valid
(e.g. a national code that lost its leading zeros, padded to ten digits), else the
Latin digits as typed. ``validityChanged(bool)`` follows ``is_valid()``.

The postal code has no published check rule, so ``postal_code_warnings`` only warns:
the message is amber and does not block saving.

Qt widgets: use on the UI thread only.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from desktop_app.persian import (
    ValidationError,
    postal_code_warnings,
    validate_mobile,
    validate_national_code,
    validate_postal_code,
)
from desktop_app.ui.widgets.digit_edit import DigitLineEdit

__all__ = ["CodeEdit", "MobileEdit", "NationalCodeEdit", "PostalCodeEdit"]


class CodeEdit(DigitLineEdit):
    """Base of the code inputs; subclasses set ``check``, ``complete_digits``, ``max_digits``."""

    validityChanged = Signal(bool)

    #: The validator: returns the normalized code or raises ``ValidationError``.
    check: Callable[[str], str]
    #: Number of digits at which the code is checked while the clerk is still typing.
    complete_digits: int
    max_digits: int
    allow: str = ""

    def __init__(self, parent: QWidget | None = None, *, required: bool = False) -> None:
        self._valid = False
        super().__init__(parent, max_digits=self.max_digits, allow=self.allow, required=required)

    def _problem(self, digits: str) -> str | None:
        """The validator's message for ``digits``, or None when they are a valid code."""
        try:
            type(self).check(digits)
        except ValidationError as exc:
            return exc.message
        return None

    def is_valid(self) -> bool:
        """True when the text is a valid code (an empty field is not)."""
        raw = super().value()
        return bool(raw) and self._problem(raw) is None

    def value(self) -> str:
        raw = super().value()
        try:
            return type(self).check(raw)
        except ValidationError:
            return raw

    def validate(self) -> bool:
        raw = super().value()
        if not raw.strip() and not self.is_required():
            self.set_error(None)
            self._update_warning(None)
            return True
        message = self._problem(raw)
        self.set_error(message)
        self._update_warning(None if message else type(self).check(raw))
        return message is None

    def _update_warning(self, code: str | None) -> None:
        """Hook for non-blocking doubts about a valid ``code`` (None: clear them)."""

    def _is_complete(self, digits: str) -> bool:
        return len(digits) >= self.complete_digits

    def _on_text_changed(self, _text: str) -> None:
        valid = self.is_valid()
        if valid != self._valid:
            self._valid = valid
            self.validityChanged.emit(valid)
        raw = super().value()
        if self._is_complete("".join(c for c in raw if c.isdigit())):
            self.validate()
        else:  # the clerk is typing or correcting: checked again when done
            self.set_error(None)
            self._update_warning(None)


class NationalCodeEdit(CodeEdit):
    """کد ملی: 10 digits with a check digit (8 or 9 are padded with leading zeros)."""

    check = staticmethod(validate_national_code)
    complete_digits = 10
    max_digits = 10


class MobileEdit(CodeEdit):
    """شمارهٔ همراه, stored as ``09XXXXXXXXX``; ``98…`` and ``0098…`` are accepted.

    ``+`` is not accepted as typed: in a right-to-left field it would be drawn on the
    right of the digits. A pasted ``+98 912 …`` arrives as ``98912…``, which is valid.
    """

    check = staticmethod(validate_mobile)
    complete_digits = 11
    max_digits = 14  # 0098 9xx xxx xxxx

    def _is_complete(self, digits: str) -> bool:
        if digits.startswith("00"):
            return len(digits) >= 14
        if digits.startswith("0"):
            return len(digits) >= 11
        if digits.startswith("98"):
            return len(digits) >= 12
        return len(digits) >= 10


class PostalCodeEdit(CodeEdit):
    """کد پستی: 10 digits; unusual codes get a non-blocking warning."""

    check = staticmethod(validate_postal_code)
    complete_digits = 10
    max_digits = 10
    allow = "-"

    def _update_warning(self, code: str | None) -> None:
        warnings = postal_code_warnings(code) if code else []
        self.set_warning(" ".join(warnings) or None)
