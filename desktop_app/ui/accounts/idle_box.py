"""The "ورود و خروج" box of the settings section: idle sign-out minutes of this
workstation (saved to ``workstation.json`` as soon as it changes). UI thread only."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QSpinBox, QWidget

from ...services.accounts.accounts import MAX_IDLE_MINUTES, save_idle_minutes
from ...services.core.context import AppContext
from ..errors import error_message
from ..tasks import TaskRunner


class IdleBox(QGroupBox):
    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__("ورود و خروج", parent)
        self.ctx = ctx
        self.runner = runner
        self.minutes = QSpinBox()
        self.minutes.setRange(0, MAX_IDLE_MINUTES)
        self.minutes.setSpecialValueText("هرگز")
        self.minutes.setSuffix(" دقیقه")
        self.minutes.setMaximumWidth(140)
        self.minutes.setValue(ctx.workstation.idle_minutes)
        self.minutes.editingFinished.connect(self.save)
        self.status = QLabel()
        form = QFormLayout(self)
        form.addRow("خروج خودکار پس از بی‌کاری:", self.minutes)
        form.addRow(self.status)

    def save(self) -> None:
        minutes = self.minutes.value()
        if minutes == self.ctx.workstation.idle_minutes:
            return
        self.runner.submit(
            lambda _c: save_idle_minutes(self.ctx, minutes),
            on_done=lambda _m: self.status.setText("ذخیره شد؛ از ورود بعدی اعمال می‌شود."),
            on_error=lambda exc: self.status.setText(error_message(exc)),
            write=True,
        )
