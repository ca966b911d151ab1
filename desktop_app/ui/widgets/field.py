"""The error state every Miz input widget shares: ``ValidatedField``.

A field holds at most one error (a Persian sentence that blocks saving) and one warning
(a Persian sentence that does not). The error is shown on the field itself: the dynamic
property ``invalid`` is set to ``true`` (``warning`` for a warning), the style is
re-polished so the red (amber) border of ``FIELD_STYLE_SHEET`` applies, and the message
becomes the tooltip. ``FormRow`` listens to ``errorChanged``/``warningChanged`` and shows
the message under the field.

The field never touches the clerk's text when it marks an error.

Qt widgets: use on the UI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

__all__ = ["FIELD_STYLE_SHEET", "REQUIRED_MESSAGE", "ValidatedField"]

REQUIRED_MESSAGE = "پر کردن این فیلد الزامی است."

#: Rules appended to a field's own style sheet the first time it is marked.
FIELD_STYLE_SHEET = """
/* miz-field-state */
*[invalid="true"] { border: 1px solid #c62828; border-radius: 3px;
                    background-color: #fff5f5; padding: 1px 2px; }
*[warning="true"] { border: 1px solid #b26a00; border-radius: 3px;
                    background-color: #fffaf0; padding: 1px 2px; }
"""
_STYLE_MARKER = "miz-field-state"


class ValidatedField:
    """Mixin for a ``QWidget`` subclass (list it first): error, warning and required flag.

    Subclasses override ``validate()`` to run their checks now (a form calls it on every
    field before saving) and may override ``_error_target()`` when the error should be
    drawn on an inner widget (as ``JalaliDateEdit`` does on its line edit).
    """

    errorChanged = Signal(object)  # the new error: str | None
    warningChanged = Signal(object)  # the new warning: str | None

    _field_error: str | None = None
    _field_warning: str | None = None
    _field_required: bool = False
    _field_tooltip: str | None = None  # the tooltip to restore when the message goes away

    def error(self) -> str | None:
        """The Persian message of the current error, or None."""
        return self._field_error

    def warning(self) -> str | None:
        """The Persian message of the current (non-blocking) warning, or None."""
        return self._field_warning

    def set_error(self, message: str | None) -> None:
        """Mark the field invalid with ``message``, or clear the mark with None."""
        message = message or None
        if message == self._field_error:
            return
        self._field_error = message
        self._refresh_field_state()
        self.errorChanged.emit(message)  # type: ignore[call-overload]  # bound on the QWidget

    def set_warning(self, message: str | None) -> None:
        """Show a non-blocking warning on the field, or clear it with None."""
        message = message or None
        if message == self._field_warning:
            return
        self._field_warning = message
        self._refresh_field_state()
        self.warningChanged.emit(message)  # type: ignore[call-overload]  # bound on the QWidget

    def is_required(self) -> bool:
        return self._field_required

    def set_required(self, required: bool) -> None:
        """A required field reports an error when it is validated empty."""
        self._field_required = required

    def validate(self) -> bool:
        """Check the field now, mark it, and return True when the form may be saved."""
        return self._field_error is None

    def _error_target(self) -> QWidget:
        assert isinstance(self, QWidget)
        return self

    def _refresh_field_state(self) -> None:
        target = self._error_target()
        if _STYLE_MARKER not in target.styleSheet():
            target.setStyleSheet(target.styleSheet() + FIELD_STYLE_SHEET)
        if self._field_tooltip is None:
            self._field_tooltip = target.toolTip()
        message = self._field_error or self._field_warning
        target.setProperty("invalid", self._field_error is not None)
        target.setProperty("warning", self._field_error is None and message is not None)
        target.setToolTip(message or self._field_tooltip)
        target.setAccessibleDescription(message or "")
        # A dynamic property does not restyle by itself: unpolish/polish re-reads the rules.
        style = target.style()
        style.unpolish(target)
        style.polish(target)
        target.update()
