"""``TextLineEdit``: a plain one-line text field with the shared error state.

It checks only "required" itself; forms put service messages on it with
``set_error``. The error clears as soon as the clerk edits the text.

Qt widgets: use on the UI thread only.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from desktop_app.ui.widgets.field import REQUIRED_MESSAGE, ValidatedField

__all__ = ["TextAreaEdit", "TextLineEdit"]


class TextLineEdit(ValidatedField, QLineEdit):
    def __init__(self, parent: QWidget | None = None, *, required: bool = False) -> None:
        super().__init__(parent)
        self.set_required(required)
        self.textEdited.connect(lambda _text: self.set_error(None))

    def validate(self) -> bool:
        if self.is_required() and not self.text().strip():
            self.set_error(REQUIRED_MESSAGE)
        return self.error() is None


class TextAreaEdit(ValidatedField, QPlainTextEdit):
    """A multi-line text field (descriptions, documents, regulations) with the shared
    error state; ``text()``/``setText()`` like a line edit. Tab moves to the next field."""

    def __init__(
        self, parent: QWidget | None = None, *, required: bool = False, lines: int = 3
    ) -> None:
        super().__init__(parent)
        self.set_required(required)
        self.setTabChangesFocus(True)
        height = self.fontMetrics().lineSpacing() * lines + 14
        self.setMinimumHeight(height)
        self.setMaximumHeight(height * 2)
        self.textChanged.connect(lambda: self.set_error(None))

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str) -> None:
        self.setPlainText(text)

    def validate(self) -> bool:
        if self.is_required() and not self.text().strip():
            self.set_error(REQUIRED_MESSAGE)
        return self.error() is None
