"""Building blocks of the card form: a numbered section box and the ``CardPart`` base.

The card form is split into parts, each owning a few numbered sections of the paper
card (``identity``: 1–4, ``details``: 5, ``access``: 6–7, ``links``: 8–10 and the
footer). A part declares its one-editor rows as ``binding.Field``s and binds them into a
section (``bind``): the form shows and reads those with its other bound fields. What is
not one editor per field — several editors on one line, a check group's «سایر» text,
the stages, the link tables — it builds with ``row(...)`` (which registers the
``FormRow`` under the service's field name, so a ``ServiceError(message, field)`` lands
there) and shows and fills itself (``show``/``fill``).

UI thread only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QVBoxLayout, QWidget

from ...documents.service_card_data import ServiceCardData
from ..listing import ChoiceBox
from ..listing.binding import Field, bind_fields
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
        self, box: SectionBox, key: str, label: str | None, editor: QWidget, required: bool = False
    ) -> FormRow:
        row = FormRow(label, editor, required=required)
        self.form.rows[key] = row
        box.body.addWidget(row)
        return row

    def bind(self, box: SectionBox, fields: Iterable[Field]) -> None:
        """Rows of ``fields`` in ``box``, bound with the form's fields (each editor is also
        the part's attribute of its key). A choice keeps its natural width on the card."""

        def place(spec: Field, editor: QWidget) -> None:
            shown = FieldLine(editor, editor) if isinstance(editor, ChoiceBox) else editor
            self.row(box, spec.key, spec.label, shown, spec.required)

        bind_fields(self.form, fields, place, self.form.lengths, self.form.runner, owner=self)

    def build(self) -> None:
        raise NotImplementedError

    def show(self, card: ServiceCardData) -> None:
        """Show what is not bound (the bound fields are shown by the form)."""

    def fill(self, card: ServiceCardData) -> None:
        """Write what is not bound into ``card`` (the form read the bound fields)."""


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
