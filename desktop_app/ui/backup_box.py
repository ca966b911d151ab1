"""The "پشتیبان‌گیری" group of the settings page. UI thread only.

Folder and rotation counts are this workstation's settings (``workstation.json``),
saved as soon as they are changed. Backup, verification and restore run on the
write worker of the ``TaskRunner``. After a restore the shared ``AppContext`` has
already reopened its engine on the restored file (``services.office.restore``); this box
announces ``EVERYTHING`` on the data bus and emits ``restored`` so every view
reloads. The window keeps running; no restart.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QWidget,
)

from ..services.core.context import AppContext
from ..services.office.backup import (
    BACKUP_SUFFIX,
    BackupInfo,
    VerifyResult,
    backup_database,
    save_backup_settings,
    verify_backup,
)
from ..services.office.restore import RestoreResult, restore_backup
from .errors import error_message
from .tasks import EVERYTHING, TaskRunner
from .text import ltr
from .widgets import file_dialogs

FILE_FILTER = f"پشتیبان میز (*{BACKUP_SUFFIX});;همهٔ فایل‌ها (*)"
CONFIRM_RESTORE = (
    "پایگاه دادهٔ کنونی با این فایل پشتیبان جایگزین می‌شود.\n"
    "پیش از آن، از پایگاه دادهٔ کنونی در پوشهٔ پشتیبان یک نسخهٔ «پیش از بازگردانی» "
    "گرفته می‌شود تا چیزی از دست نرود.\n\nادامه می‌دهید؟"
)


class BackupBox(QGroupBox):
    restored = Signal()

    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__("پشتیبان‌گیری", parent)
        self.ctx = ctx
        self.runner = runner
        config = ctx.workstation

        self.folder = QLineEdit(str(config.backup_path(ctx.data_dir)))
        self.folder.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.folder.editingFinished.connect(self.save_settings)
        self.choose_button = QPushButton("انتخاب پوشه…")
        self.choose_button.clicked.connect(self.choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.choose_button)
        self.keep_daily = QSpinBox()
        self.keep_daily.setRange(1, 365)
        self.keep_daily.setValue(config.keep_daily)
        self.keep_weekly = QSpinBox()
        self.keep_weekly.setRange(0, 520)
        self.keep_weekly.setValue(config.keep_weekly)
        for spin in (self.keep_daily, self.keep_weekly):
            spin.setMaximumWidth(120)
            spin.editingFinished.connect(self.save_settings)

        self.backup_button = QPushButton("پشتیبان‌گیری اکنون")
        self.backup_button.clicked.connect(self.backup_now)
        self.verify_button = QPushButton("بررسی فایل پشتیبان…")
        self.verify_button.clicked.connect(self.choose_and_verify)
        self.restore_button = QPushButton("بازگردانی از پشتیبان…")
        self.restore_button.clicked.connect(self.choose_and_restore)
        actions = QHBoxLayout()
        for button in (self.backup_button, self.verify_button, self.restore_button):
            actions.addWidget(button)
        actions.addStretch(1)
        self.status = QLabel()
        self.status.setWordWrap(True)

        form = QFormLayout(self)
        form.addRow("پوشهٔ پشتیبان:", folder_row)
        form.addRow("پشتیبان‌های روزانهٔ نگه‌داشته:", self.keep_daily)
        form.addRow("پشتیبان‌های هفتگی نگه‌داشته:", self.keep_weekly)
        form.addRow(actions)
        form.addRow(self.status)

    # -- settings -------------------------------------------------------------
    def choose_folder(self) -> None:
        folder = file_dialogs.folder_name(self, "پوشهٔ پشتیبان", self.folder.text())
        if folder:
            self.folder.setText(folder)
            self.save_settings()

    def save_settings(self) -> None:
        folder = self.folder.text().strip()
        if folder == str(self.ctx.workstation.backup_path(self.ctx.data_dir)):
            folder = self.ctx.workstation.backup_dir  # unchanged (maybe the default)
        daily, weekly = self.keep_daily.value(), self.keep_weekly.value()
        self.runner.submit(
            lambda _c: save_backup_settings(self.ctx, folder, daily, weekly),
            on_done=lambda _config: self.status.setText("تنظیمات پشتیبان‌گیری ذخیره شد."),
            on_error=self._failed,
            write=True,
        )

    # -- actions --------------------------------------------------------------
    def _busy(self, text: str) -> None:
        for button in (self.backup_button, self.verify_button, self.restore_button):
            button.setEnabled(False)
        self.status.setText(text)

    def _idle(self, text: str) -> None:
        for button in (self.backup_button, self.verify_button, self.restore_button):
            button.setEnabled(True)
        self.status.setText(text)

    def _failed(self, exc: Exception) -> None:
        self._idle(error_message(exc))

    def backup_now(self) -> None:
        self._busy("در حال پشتیبان‌گیری…")
        self.runner.submit(
            lambda _c: backup_database(self.ctx),
            on_done=self._backed_up,
            on_error=self._failed,
            write=True,
        )

    def _backed_up(self, info: BackupInfo) -> None:
        self.last_backup = info.path
        self._idle(f"پشتیبان ساخته شد: {ltr(str(info.path))}")

    def choose_and_verify(self) -> None:
        path = file_dialogs.open_file_name(
            self, "بررسی فایل پشتیبان", self.folder.text(), FILE_FILTER
        )
        if path:
            self.verify(Path(path))

    def verify(self, path: Path) -> None:
        self._busy("در حال بررسی فایل پشتیبان…")
        self.runner.submit(
            lambda _c: verify_backup(path), on_done=self._verified, on_error=self._failed
        )

    def _verified(self, result: VerifyResult) -> None:
        self._idle(result.message)

    def choose_and_restore(self) -> None:
        path = file_dialogs.open_file_name(
            self, "بازگردانی از پشتیبان", self.folder.text(), FILE_FILTER
        )
        if path and self.confirm_restore():
            self.restore(Path(path))

    def confirm_restore(self) -> bool:
        answer = QMessageBox.question(
            self,
            "بازگردانی از پشتیبان",
            CONFIRM_RESTORE,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def restore(self, path: Path) -> None:
        self._busy("در حال بازگردانی…")
        self.runner.submit(
            lambda _c: restore_backup(self.ctx, path),
            on_done=self._restored,
            on_error=self._failed,
            write=True,
            changes={EVERYTHING},
        )

    def _restored(self, result: RestoreResult) -> None:
        self._idle(result.message)
        self.restored.emit()
