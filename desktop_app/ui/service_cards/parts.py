"""Building blocks of the card form: a numbered section box and the ``CardPart`` base.

The card form is split into parts, each owning a few numbered sections of the paper
card (``identity``: 1–4, ``details``: 5, ``access``: 6–7, ``links``: 8–10 and the
footer). A part creates its fields with ``row(...)`` (which registers the ``FormRow``
under the service's field name, so a ``ServiceError(message, field)`` lands there),
shows a ``ServiceCardData`` and writes what the clerk typed back into one.

UI thread only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QVBoxLayout, QWidget

from ...documents.service_card_data import ServiceCardData
from ..widgets import FormRow, ValidatedField

if TYPE_CHECKING:
    from .card_form import ServiceCardForm


@dataclass
class TextRow:
    """One line of a one-column table (a URL, a process title)."""

    text: str = ""


def texts(rows: list[TextRow]) -> list[str]:
    """The non-blank lines of a one-column table."""
    return [row.text for row in rows if row.text.strip()]


class SectionBox(QGroupBox):
    """A numbered section of the card ("۴- مشخصات خدمت"), its rows stacked."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.setObjectName("cardSection")
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(10, 8, 10, 8)
        self.body.setSpacing(6)


class CardPart:
    """A group of sections of the card form."""

    def __init__(self, form: ServiceCardForm) -> None:
        self.form = form

    def section(self, title: str) -> SectionBox:
        box = SectionBox(title)  # filled detached, placed by the form once built
        self.form.section_boxes.append(box)
        return box

    def row(
        self, box: SectionBox, key: str, label: str, editor: QWidget, required: bool = False
    ) -> FormRow:
        row = FormRow(label, editor, required=required)
        self.form.rows[key] = row
        box.body.addWidget(row)
        return row

    def build(self) -> None:
        raise NotImplementedError

    def show(self, card: ServiceCardData) -> None:
        raise NotImplementedError

    def fill(self, card: ServiceCardData) -> None:
        """Write the fields into ``card`` (a fresh ``ServiceCardData``)."""
        raise NotImplementedError


class FieldLine(ValidatedField, QWidget):
    """Several widgets on one line that act as one field of the form ("۱۲۰ خدمت‌گیرنده
    در [سال]"): errors are drawn on ``main`` and shown by the ``FormRow`` under the line."""

    def __init__(self, main: QWidget, *widgets: QWidget) -> None:
        super().__init__()
        assert isinstance(main, ValidatedField)
        self.main = main
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in widgets:
            layout.addWidget(widget)
        layout.addStretch(1)
        self.setFocusProxy(main)
        main.errorChanged.connect(lambda message: ValidatedField.set_error(self, message))

    def set_error(self, message: str | None) -> None:
        assert isinstance(self.main, ValidatedField)
        self.main.set_error(message)

    def validate(self) -> bool:
        assert isinstance(self.main, ValidatedField)
        return self.main.validate()

    def _refresh_field_state(self) -> None:
        pass  # the main widget shows the state
