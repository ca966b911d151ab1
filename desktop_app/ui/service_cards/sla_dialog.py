"""``SlaDialog``: the clerk edits a service's SLA statement before printing it.

The default text comes from ``services.catalog.sla.sla_for_card`` (the card and the office
settings), loaded off the UI thread. Every section of the statement (introduction,
goal, responsibilities, mutual obligations, fees and payments, performance period,
termination) and its title line are editable; «متن پیش‌فرض» puts the default text back.
«پیش‌نمایش و چاپ» renders exactly the edited text (``reports.sla``) in the print
preview. The edits live as long as the dialog: the statement is printed, not stored.

UI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...reports.sla import SLA_SECTIONS, SlaText
from ...services.catalog.service_cards import get_card
from ...services.catalog.sla import sla_for_card
from ...services.core.context import AppContext
from ..errors import error_message
from ..tasks import TaskRunner
from ..widgets import FormRow, TextAreaEdit, TextLineEdit, align_labels
from ..widgets.fit import fit_to_screen
from ..widgets.keyboard import keyboard_first
from .printing import preview_sla


class SlaDialog(QDialog):
    def __init__(
        self, ctx: AppContext, runner: TaskRunner, card_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.card_id = card_id
        self.default: SlaText | None = None
        self.setWindowTitle("بیانیه توافقنامه سطح خدمت")
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        fit_to_screen(self, 860, 760)

        self.service_title = TextLineEdit()
        self.agency = TextLineEdit()
        self.sections: dict[str, TextAreaEdit] = {}
        content = QWidget()
        body = QVBoxLayout(content)
        rows = [
            FormRow("عنوان خدمت", self.service_title),
            FormRow("دستگاه (سربرگ)", self.agency),
        ]
        for name, heading in SLA_SECTIONS:
            edit = TextAreaEdit(lines=5)
            edit.setTabChangesFocus(True)
            self.sections[name] = edit
            rows.append(FormRow(heading, edit))
        for row in rows:
            body.addWidget(row)
        align_labels(*rows)
        body.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)

        self.message = QLabel("در حال آماده‌سازی متن…")
        self.message.setWordWrap(True)
        self.reset_button = QPushButton("متن پیش‌فرض")
        self.reset_button.clicked.connect(self.reset)
        self.preview_button = QPushButton("پیش‌نمایش و چاپ…")
        self.preview_button.setDefault(True)
        self.preview_button.clicked.connect(self.preview)
        close = QPushButton("بستن")
        close.clicked.connect(self.reject)
        buttons = QDialogButtonBox()
        buttons.addButton(self.preview_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.reset_button, QDialogButtonBox.ButtonRole.ResetRole)
        buttons.addButton(close, QDialogButtonBox.ButtonRole.RejectRole)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        keyboard_first(self, self.preview_button)

        self._set_ready(False)
        runner.submit(
            lambda _c: sla_for_card(ctx, get_card(ctx, card_id)),
            on_done=self._loaded,
            on_error=self._failed,
        )

    def _set_ready(self, ready: bool) -> None:
        for widget in (self.preview_button, self.reset_button, self.service_title, self.agency):
            widget.setEnabled(ready)
        for edit in self.sections.values():
            edit.setEnabled(ready)

    def _loaded(self, sla: SlaText) -> None:
        self.default = sla
        self.show_text(sla)
        self.message.hide()
        self._set_ready(True)

    def _failed(self, exc: Exception) -> None:
        self.message.setText(error_message(exc))
        self.message.setStyleSheet("color: #c62828;")

    def show_text(self, sla: SlaText) -> None:
        self.service_title.setText(sla.service_title)
        self.agency.setText(sla.agency)
        for name, edit in self.sections.items():
            edit.setText(getattr(sla, name))

    def text(self) -> SlaText:
        """The statement as edited now."""
        values = {name: edit.text() for name, edit in self.sections.items()}
        sla = SlaText(service_title=self.service_title.text(), agency=self.agency.text(), **values)
        return sla

    def reset(self) -> None:
        if self.default is not None:
            self.show_text(self.default)

    def preview(self) -> None:
        preview_sla(self, self.runner, self.text())
