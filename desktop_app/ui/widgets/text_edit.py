"""``TextLineEdit``: a plain one-line text field with the shared error state.

It checks only "required" itself; forms put service messages on it with
``set_error``. The error clears as soon as the clerk edits the text.

Qt widgets: use on the UI thread only.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from desktop_app.ui.widgets.field import REQUIRED_MESSAGE, ValidatedField

__all__ = ["TextLineEdit"]


class TextLineEdit(ValidatedField, QLineEdit):
    def __init__(self, parent: QWidget | None = None, *, required: bool = False) -> None:
        super().__init__(parent)
        self.set_required(required)
        self.textEdited.connect(lambda _text: self.set_error(None))

    def validate(self) -> bool:
        if self.is_required() and not self.text().strip():
            self.set_error(REQUIRED_MESSAGE)
        return self.error() is None
