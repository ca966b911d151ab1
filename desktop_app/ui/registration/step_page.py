"""``StepPage``: the base of every page of the registration wizard. UI thread only.

A page lays out ``FormRow``s keyed by the ``RegistrationForm`` field they edit (so a
``ServiceError(field=...)`` lands under its field), shows a form's values
(``show_form``) and reads them back into a copy (``read_into``) without judging them:
the service checks them when the clerk moves on. ``enter()`` runs each time the page is
shown (e.g. the course page reloads its list).

Its fields are declared as for a record form (``ui.listing.binding.Field``):
``bind(fields, column)`` builds a column of them, and the base ``show_form`` /
``read_into`` show and read every bound field; a page with more to do overrides them
and calls the base.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from ...documents.registration_data import RegistrationForm
from ..listing.binding import Field, bind_fields, read_fields, show_fields
from ..widgets import FormRow, align_labels
from ..widgets.form_row import ERROR_COLOR, place_error, validate_rows
from ..widgets.limits import limit_field

if TYPE_CHECKING:
    from .wizard import RegistrationWizard


class StepPage(QWidget):
    """One step of the wizard; subclasses implement ``build`` (binding their fields)."""

    def __init__(self, wizard: RegistrationWizard) -> None:
        super().__init__()
        self.wizard = wizard
        self.rows: dict[str, FormRow] = {}
        #: The editors of the bound fields (``bind``), by key, and their declarations.
        self.bound: dict[str, QWidget] = {}
        self.bound_specs: dict[str, Field] = {}
        self._lines: dict[int, int] = {}  # rows used in each grid column
        self.layout_ = QVBoxLayout(self)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(18)
        self.grid.setVerticalSpacing(6)
        self.layout_.addLayout(self.grid)
        self.message = QLabel()
        self.message.setObjectName("stepMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {ERROR_COLOR};")
        self.message.hide()
        self.build()
        self.layout_.addStretch(1)
        self.layout_.addWidget(self.message)
        if self.rows:
            align_labels(*self.rows.values())

    # -- for subclasses -----------------------------------------------------------------
    def build(self) -> None:
        raise NotImplementedError

    def show_form(self, form: RegistrationForm) -> None:
        show_fields(self.bound, form, self.bound_specs)

    def read_into(self, form: RegistrationForm) -> RegistrationForm:
        result: RegistrationForm = read_fields(self.bound, form, self.bound_specs)
        return result

    def enter(self) -> None:
        """The page is shown (again)."""

    # -- helpers ------------------------------------------------------------------------
    def bind(self, fields: Iterable[Field], column: int = 0) -> dict[str, QWidget]:
        """Build the editors of ``fields`` (each also the attribute of its key) as rows of
        grid ``column`` (a ``stretch`` field under the grid, taking the spare height);
        ``show_form``/``read_into`` show and read them."""

        def place(spec: Field, editor: QWidget) -> None:
            self.add_row(spec.key, spec.label, editor, spec.required, column, spec.stretch)

        # text lengths by name, in ``add_row``
        return bind_fields(self, fields, place, runner=self.wizard.runner)

    def add_row(
        self,
        key: str,
        label: str | None,
        editor: QWidget,
        required: bool = False,
        column: int = 0,
        stretch: int = 0,
    ) -> FormRow:
        row = FormRow(label, editor, required=required)
        self.rows[key] = row
        limit_field(key, editor)  # lengths from the model
        if stretch:
            self.layout_.addWidget(row, stretch)
            return row
        line = self._lines.get(column, 0)
        self._lines[column] = line + 1
        self.grid.addWidget(row, line, column, Qt.AlignmentFlag.AlignTop)
        return row

    def validate_fields(self) -> bool:
        """Every visible field's own checks (all run, so all are marked)."""
        return validate_rows(self.rows)

    def show_error(self, field: str | None, message: str) -> None:
        """Put ``message`` under ``field`` when it is on this page, else above the buttons."""
        if place_error(self.rows, field, message):
            self.show_message("")
        else:
            self.show_message(message)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
