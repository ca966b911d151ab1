"""``CheckGroup``: a group of check boxes over a vocabulary, like the ☐ rows of a paper form.

Built from (key, Persian label) pairs in the form's order; ``values()`` is the list of
ticked keys in that order, ``set_values`` ticks exactly the given keys. With
``other_key`` the group also shows a text field for "سایر" that is enabled while that box
is ticked (its text is kept when the box is unticked, so nothing typed is lost). Boxes
flow in ``columns`` columns. Shares the error state of every Miz field.

Qt widgets: use on the UI thread only.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLineEdit, QWidget

from desktop_app.ui.widgets.field import ValidatedField

__all__ = ["CheckGroup"]


class CheckGroup(ValidatedField, QWidget):
    """Check boxes for a set of keys; ``changed`` is emitted whenever a box flips."""

    changed = Signal()

    def __init__(
        self,
        options: Iterable[tuple[str, str]],
        parent: QWidget | None = None,
        *,
        columns: int = 3,
        other_key: str | None = None,
        other_hint: str = "توضیح سایر",
    ) -> None:
        super().__init__(parent)
        self.boxes: dict[str, QCheckBox] = {}
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(14)
        layout.setVerticalSpacing(2)
        for index, (key, label) in enumerate(options):
            box = QCheckBox(label, self)
            box.toggled.connect(self._on_toggled)
            self.boxes[key] = box
            layout.addWidget(box, index // columns, index % columns)
        self.other_key = other_key
        self.other_edit: QLineEdit | None = None
        if other_key is not None:
            self.other_edit = QLineEdit(self)
            self.other_edit.setPlaceholderText(other_hint)
            self.other_edit.setAccessibleName(other_hint)
            self.other_edit.setEnabled(False)
            layout.addWidget(self.other_edit, layout.rowCount(), 0, 1, columns)
        for column in range(columns):
            layout.setColumnStretch(column, 1)

    def values(self) -> list[str]:
        return [key for key, box in self.boxes.items() if box.isChecked()]

    def set_values(self, keys: Iterable[str]) -> None:
        chosen = set(keys)
        for key, box in self.boxes.items():
            box.setChecked(key in chosen)

    def other_text(self) -> str:
        return self.other_edit.text() if self.other_edit is not None else ""

    def set_other_text(self, text: str) -> None:
        if self.other_edit is not None:
            self.other_edit.setText(text)

    def _on_toggled(self, _checked: bool) -> None:
        self.set_error(None)
        if self.other_edit is not None and self.other_key is not None:
            self.other_edit.setEnabled(self.boxes[self.other_key].isChecked())
        self.changed.emit()
