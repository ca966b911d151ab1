"""``FormRow``: a label, an input widget and, under the input, its error message.

In a right-to-left window the label sits on the right of the field. A required field's
label ends with a red ``*``. The message line is hidden while the field has neither an
error nor a warning; errors are red, warnings amber. ``align_labels`` gives the labels of
stacked rows one width so their fields line up. A row whose label is None (a list to
pick from, a review) gives its field the whole width and keeps the message under it.

Qt widgets: use on the UI thread only.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QWidget

from desktop_app.ui.widgets.field import ValidatedField

__all__ = [
    "ERROR_COLOR",
    "WARNING_COLOR",
    "FormRow",
    "align_labels",
    "place_error",
    "validate_rows",
]

ERROR_COLOR = "#c62828"
WARNING_COLOR = "#8a5300"


class FormRow(QWidget):
    """One labelled field of a form, with room for the field's message under it."""

    def __init__(
        self,
        label: str | None,
        editor: QWidget,
        required: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._editor = editor
        self._whole_width = label is None
        label = label or ""
        self._label_text = label

        self._label = QLabel(self)
        self._label.setTextFormat(Qt.TextFormat.RichText)
        text = html.escape(label)
        if required:
            text += f' <span style="color:{ERROR_COLOR};">*</span>'
        self._label.setText(text)
        self._label.setBuddy(editor)
        self._label.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)

        self._message = QLabel(self)
        self._message.setTextFormat(Qt.TextFormat.PlainText)
        self._message.setWordWrap(True)
        self._message.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self._message.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignTop)
        self._message.hide()

        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(8)
        layout.setVerticalSpacing(2)
        layout.addWidget(self._label, 0, 0)
        layout.addWidget(editor, 0, 1)
        layout.addWidget(self._message, 1, 1)
        layout.setColumnStretch(1, 1)
        if self._whole_width:
            self._label.hide()
            layout.setHorizontalSpacing(0)

        if label and not editor.accessibleName():
            editor.setAccessibleName(label)
        if isinstance(editor, ValidatedField):
            if required:
                editor.set_required(True)
            editor.errorChanged.connect(self._refresh_message)
            editor.warningChanged.connect(self._refresh_message)
            self._refresh_message()

    def editor(self) -> QWidget:
        return self._editor

    def label(self) -> QLabel:
        return self._label

    def whole_width(self) -> bool:
        """True when the row has no label and its field takes the whole width."""
        return self._whole_width

    def label_text(self) -> str:
        """The label as given, without the required mark."""
        return self._label_text

    def message_label(self) -> QLabel:
        """The line under the field showing its error or warning (hidden when none)."""
        return self._message

    def set_label_width(self, width: int) -> None:
        self._label.setMinimumWidth(width)

    def _refresh_message(self, *_: object) -> None:
        editor = self._editor
        assert isinstance(editor, ValidatedField)
        error, warning = editor.error(), editor.warning()
        message = error or warning
        if message is None:
            self._message.clear()
            self._message.hide()
            return
        color = ERROR_COLOR if error else WARNING_COLOR
        self._message.setStyleSheet(f"color: {color};")
        self._message.setText(message)
        self._message.show()


def align_labels(*rows: FormRow) -> None:
    """Give the labels of ``rows`` the width of the widest so the fields line up."""
    rows = tuple(row for row in rows if not row.whole_width())
    width = max((row.label().sizeHint().width() for row in rows), default=0)
    for row in rows:
        row.set_label_width(width)


def validate_rows(rows: Mapping[str, FormRow]) -> bool:
    """Run every visible field's own checks (all of them, so all are marked); the one
    rule of the record forms and the wizard's steps."""
    results = [
        editor.validate()
        for row in rows.values()
        if isinstance(editor := row.editor(), ValidatedField) and not row.isHidden()
    ]
    return all(results)


def place_error(rows: Mapping[str, FormRow], field: str | None, message: str) -> bool:
    """Put ``message`` under ``field``'s editor and focus it when that field is shown
    here; False when it is not (the caller shows the message above its buttons)."""
    row = rows.get(field or "")
    editor = row.editor() if row is not None else None
    if not isinstance(editor, ValidatedField) or row is None or row.isHidden():
        return False
    editor.set_error(message)
    editor.setFocus()
    return True
