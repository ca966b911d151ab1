"""``ServiceCardForm``: the whole official service identity card as one form.

The numbered sections follow the paper card ("ضمیمه ۱") top to bottom inside a scroll
area; each group of sections is a ``CardPart`` module (``identity``, ``details``,
``access``, ``links``). Saving runs ``save_card`` on the write worker; when the card is
refused, *every* message of the ``CardValidationError`` is shown next to its field
(a fee row's Sheba on that cell of the fee table), the form scrolls to the first one,
and nothing typed is touched. «پیش‌نمایش چاپ» previews the card as typed (the real PDF);
«رونوشت» opens a new unsaved card with the same values; «حذف» tombstones the card.

UI thread only (``load``/``store`` run on worker threads).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...documents.service_card_data import ServiceCardData
from ...services.catalog.service_cards import (
    CARD_LENGTHS,
    CardValidationError,
    delete_card,
    get_card,
    save_card,
)
from ...services.core.context import AppContext
from ...services.core.errors import ServiceError
from ..errors import error_message
from ..listing import RecordFormDialog, labels
from ..tasks import TaskRunner
from ..widgets import RowsEditor, ValidatedField
from .access import AccessPart
from .details import DetailsPart
from .identity import IdentityPart
from .links import LinksPart
from .parts import CardPart, SectionBox

_ROW_FIELD = re.compile(r"^(\w+)\[(\d+)\]\.(\w+)$")


class ServiceCardForm(RecordFormDialog):
    new_title = "شناسنامهٔ خدمت جدید"
    edit_title = "ویرایش شناسنامهٔ خدمت"
    data_class = ServiceCardData
    lengths = CARD_LENGTHS

    def __init__(
        self,
        ctx: AppContext,
        runner: TaskRunner,
        record_id: uuid.UUID | None = None,
        parent: QWidget | None = None,
        *,
        initial: ServiceCardData | None = None,
    ) -> None:
        self.initial = initial  # a new card's starting values (a duplicate)
        super().__init__(ctx, runner, record_id, parent)

    def build(self) -> None:
        self.setMinimumSize(760, 480)
        self.resize(1000, 760)
        self.section_boxes: list[SectionBox] = []
        content = QWidget()
        content.setObjectName("cardFormContent")
        self.sections_layout = QVBoxLayout(content)
        self.sections_layout.setContentsMargins(8, 4, 8, 4)
        self.sections_layout.setSpacing(10)
        self.parts: list[CardPart] = [
            IdentityPart(self),
            DetailsPart(self),
            AccessPart(self),
            LinksPart(self),
        ]
        for part in self.parts:
            part.build()
        # Each section is built detached and placed once (a widget moved into a shown,
        # styled tree is re-polished on every move).
        for box in self.section_boxes:
            self.sections_layout.addWidget(box)
        self.sections_layout.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(content)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.fields_layout.addWidget(self.scroll_area)
        self.preview_button = QPushButton(labels.PRINT_PREVIEW)
        self.preview_button.setToolTip("Ctrl+P")
        self.preview_button.setShortcut("Ctrl+P")
        self.preview_button.clicked.connect(self.preview)
        self.buttons.addButton(self.preview_button, self.buttons.ButtonRole.ActionRole)
        self.duplicate_button = QPushButton("رونوشت")
        self.duplicate_button.setToolTip("شناسنامهٔ تازه‌ای با همین مقادیر (ذخیره نشده)")
        self.duplicate_button.clicked.connect(self.duplicate)
        self.delete_button = QPushButton(labels.DELETE)
        self.delete_button.clicked.connect(self.delete)
        for button in (self.duplicate_button, self.delete_button):
            self.buttons.addButton(button, self.buttons.ButtonRole.ActionRole)
            button.setVisible(self.record_id is not None)  # after addButton, which shows it
        for button in (self.preview_button, self.duplicate_button, self.delete_button):
            button.setAutoDefault(False)  # Enter saves; these act only when clicked
        self.copy: ServiceCardForm | None = None

    def part(self, kind: type[CardPart]) -> Any:
        return next(p for p in self.parts if isinstance(p, kind))

    # -- data ---------------------------------------------------------------------------
    def new_data(self) -> ServiceCardData:
        return self.initial if self.initial is not None else ServiceCardData()

    def load(self, record_id: uuid.UUID) -> ServiceCardData:
        return get_card(self.ctx, str(record_id))

    def show_data(self, data: ServiceCardData) -> None:
        super().show_data(data)  # the bound fields
        for part in self.parts:
            part.show(data)  # and what each part shows itself

    def typed_data(self) -> ServiceCardData:
        card: ServiceCardData = super().typed_data()  # a copy: the parts fill it
        for part in self.parts:
            part.fill(card)
        return card

    def store(self, data: ServiceCardData) -> ServiceCardData:
        return save_card(self.ctx, data)

    # -- refusals -----------------------------------------------------------------------
    def _save_failed(self, exc: Exception) -> None:
        if not isinstance(exc, CardValidationError):
            super()._save_failed(exc)
            self._scroll_to_error()
            return
        self._set_busy(False)
        unplaced = [message for field, message in exc.errors if not self._place(field, message)]
        if unplaced:
            self.show_message("\n".join(unplaced))
        self._scroll_to_error()

    def _place(self, field: str, message: str) -> bool:
        """Show ``message`` next to ``field`` (a name or ``fees[0].sheba``)."""
        match = _ROW_FIELD.match(field)
        key = match.group(1) if match else field
        row = self.rows.get(key)
        if row is None:
            return False
        editor = row.editor()
        if match and isinstance(editor, RowsEditor):
            editor.set_cell_error(int(match.group(2)), match.group(3), message)
            return True
        if isinstance(editor, ValidatedField):
            editor.set_error(message)
            return True
        return False

    def _scroll_to_error(self) -> None:
        for row in self.rows.values():
            editor = row.editor()
            if isinstance(editor, ValidatedField) and editor.error():
                self.scroll_area.ensureWidgetVisible(row, 40, 60)
                editor.setFocus(Qt.FocusReason.OtherFocusReason)
                return

    def _focus_first_error(self) -> None:
        self._scroll_to_error()

    # -- duplicate and delete -----------------------------------------------------------
    def duplicate(self) -> ServiceCardForm:
        """Open a new, unsaved card holding what this form shows now; its title says it
        is a copy and its service code is empty (a code belongs to one service)."""
        typed = self.typed_data()
        copy = replace(typed, id=None, version=0, service_code="", title=f"{typed.title} (رونوشت)")
        form = ServiceCardForm(self.ctx, self.runner, None, self.parentWidget(), initial=copy)
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.copy = form
        form.open()
        return form

    def confirm_delete(self) -> bool:
        """Ask before deleting (tests replace this)."""
        answer = QMessageBox.question(
            self,
            "حذف",
            f"شناسنامهٔ «{self.typed_data().title}» حذف شود؟",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def delete(self) -> None:
        """Tombstone the card (after a question) and close the form."""
        if self.record_id is None or not self.confirm_delete():
            return
        card_id = str(self.record_id)
        self._set_busy(True, "در حال حذف…")
        self.runner.submit(
            lambda _c: delete_card(self.ctx, card_id),
            on_done=lambda _r: self.done(QDialog.DialogCode.Rejected),
            on_error=self._delete_failed,
            write=True,
        )

    def _delete_failed(self, exc: Exception) -> None:
        self._set_busy(False)
        self.show_message(error_message(exc))

    # -- printing -----------------------------------------------------------------------
    def preview(self) -> None:
        """Preview (and print) the card as it is typed now, saved or not."""
        from .printing import preview_card

        try:
            preview_card(self, self.runner, self.typed_data())
        except ServiceError as exc:
            self.show_message(error_message(exc))
