"""The settings section: the office's identity and counter values. UI thread only.

Loading and saving run through the ``TaskRunner`` (the save on the write
worker). A refused save shows its Persian message next to the field concerned;
nothing the clerk typed is cleared.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.core.changes import Change

from ..documents.office import OfficeSettings
from ..services.accounts.access import RESTORE, SETTINGS, can
from ..services.core.context import AppContext
from ..services.core.errors import ServiceError
from ..services.core.reference import PROVINCES
from ..services.office.settings import (
    AGENCY_KINDS,
    OFFICE_LEVELS,
    load_office_logo,
    load_office_settings,
    save_documents_folder,
    save_office_logo,
    save_office_settings,
    save_server_address,
)
from .accounts.idle_box import IdleBox
from .auto_sync import SyncIntervalBox
from .backup_box import BackupBox
from .errors import error_message, show_error
from .listing import ChoiceBox, labels
from .listing.binding import Field, bind_fields, read_fields, show_fields
from .logo_picker import LogoPicker
from .tasks import TaskRunner
from .text import ltr
from .widgets import (
    DigitLineEdit,
    FormRow,
    RialEdit,
    TextLineEdit,
    align_labels,
    file_dialogs,
)
from .widgets.form_row import place_error, validate_rows

#: The office's own settings (the database's ``settings`` table), one editor each.
OFFICE_FIELDS = (
    Field("office_name", "نام اداره یا مرکز", TextLineEdit, True),
    Field("office_code", "کد اداره", partial(DigitLineEdit, max_digits=10, required=True), True),
    Field("province", "استان", partial(ChoiceBox, [(p, p) for p in PROVINCES], empty="")),
    Field("agency", "دستگاه اجرایی", TextLineEdit),
    Field("parent_agency", "دستگاه مادر", TextLineEdit),
    Field(
        "agency_kind",
        "سازمان (بخش‌های پنجره)",
        partial(ChoiceBox, AGENCY_KINDS.items()),
        read=lambda kind: kind or "tvto",
    ),
    Field("level", "سطح اداره در گردش کار دوره‌ها", partial(ChoiceBox, OFFICE_LEVELS.items())),
    Field(
        "registration_fee",
        "مبلغ کارت ثبت‌نام (ریال)",
        RialEdit,
        read=lambda fee: fee or 0,
    ),
)


class SettingsPage(QWidget):
    def __init__(self, ctx: AppContext, runner: TaskRunner) -> None:
        super().__init__()
        self.ctx = ctx
        self.runner = runner

        self.rows: dict[str, FormRow] = {}
        self.bound: dict[str, QWidget] = {}
        self.bound_specs: dict[str, Field] = {}
        office_box = QGroupBox("مشخصات اداره")
        form = QVBoxLayout(office_box)

        def place(spec: Field, editor: QWidget) -> None:
            self.rows[spec.key] = FormRow(spec.label, editor, required=spec.required)
            form.addWidget(self.rows[spec.key])

        bind_fields(self, OFFICE_FIELDS, place)
        self.logo = LogoPicker()
        self.logo.chosen.connect(self.set_logo_file)
        self.logo_row = FormRow("نشان اداره در برگه‌های چاپی", self.logo)
        form.addWidget(self.logo_row)
        align_labels(*self.rows.values(), self.logo_row)

        station_box = QGroupBox("این رایانه")
        station = QFormLayout(station_box)
        data_dir = QLabel(ltr(str(ctx.data_dir)))
        data_dir.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        station.addRow("پوشهٔ داده‌ها:", data_dir)
        station.addRow("شناسهٔ دستگاه:", QLabel(ltr(ctx.workstation.device_id)))
        # Per workstation (workstation.json): saved on its own as soon as it changes.
        self.server_url = TextLineEdit()
        self.server_url.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.server_url.setPlaceholderText("https://miz.example.ir")
        self.server_url.setText(ctx.workstation.server_url)
        self.server_url.editingFinished.connect(self.save_server_url)
        self.server_row = FormRow("نشانی سرور مرکزی", self.server_url)
        station.addRow(self.server_row)
        # Where the file dialogs open and prints are saved (workstation.json, at once).
        self.documents_dir = TextLineEdit()
        self.documents_dir.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.documents_dir.setText(self._documents_shown())
        self.documents_dir.editingFinished.connect(self.save_documents_dir)
        self.documents_button = QPushButton("انتخاب پوشه…")
        self.documents_button.clicked.connect(self.choose_documents_dir)
        self.documents_row = FormRow("پوشهٔ اسناد (پی‌دی‌اف و اکسل)", self.documents_dir)
        documents = QHBoxLayout()
        documents.addWidget(self.documents_row, 1)
        documents.addWidget(self.documents_button, 0, Qt.AlignmentFlag.AlignTop)
        station.addRow(documents)
        align_labels(self.server_row, self.documents_row)

        self.save_button = QPushButton(labels.SAVE)
        self.save_button.setShortcut("Ctrl+S")
        self.save_button.clicked.connect(self.save)
        self.status = QLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.status, 1)

        # The page scrolls: with the backup and sign-in boxes it is taller than a laptop screen.
        content = QWidget()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        layout = QVBoxLayout(content)
        layout.addWidget(office_box)
        layout.addWidget(station_box)
        layout.addLayout(buttons)
        # Saved on its own as soon as it changes (workstation.json, not the database).
        self.backup_box = BackupBox(ctx, runner)
        self.backup_box.restored.connect(self.reload)
        layout.addWidget(self.backup_box)
        self.idle_box = IdleBox(ctx, runner)
        layout.addWidget(self.idle_box)
        self.sync_box = SyncIntervalBox(ctx, runner)
        layout.addWidget(self.sync_box)
        layout.addStretch(1)
        self._hide_what_the_user_may_not_do(office_box)

        self.reload()

    def _hide_what_the_user_may_not_do(self, office_box: QGroupBox) -> None:
        """Everyone sees the settings and takes backups; only administrators change them."""
        if not can(self.ctx, SETTINGS):
            office_box.setEnabled(False)
            self.server_url.setEnabled(False)
            self.documents_dir.setEnabled(False)
            self.documents_button.setEnabled(False)
            self.save_button.hide()
            self.idle_box.setEnabled(False)
            self.sync_box.setEnabled(False)
            box = self.backup_box
            for widget in (box.folder, box.choose_button, box.keep_daily, box.keep_weekly):
                widget.setEnabled(False)
        self.backup_box.restore_button.setVisible(can(self.ctx, RESTORE))

    # -- data -----------------------------------------------------------------
    def reload(self) -> None:
        self.runner.submit(lambda _c: load_office_settings(self.ctx), on_done=self.show_settings)
        self.runner.submit(lambda _c: load_office_logo(self.ctx), on_done=self.logo.show_logo)

    def set_logo_file(self, path: Path | None) -> None:
        """Store the image at ``path`` as the office's logo (None removes it)."""

        def store(_c: object) -> bytes | None:
            return save_office_logo(self.ctx, path.read_bytes() if path else None)

        def failed(exc: Exception) -> None:
            self.logo.message.setText(getattr(exc, "message", None) or str(exc))

        self.logo.message.setText("")
        self.runner.submit(
            store,
            on_done=self.logo.show_logo,
            on_error=failed,
            write=True,
        )

    def show_settings(self, settings: OfficeSettings) -> None:
        show_fields(self.bound, settings, self.bound_specs)

    def typed_settings(self) -> OfficeSettings:
        typed: OfficeSettings = read_fields(self.bound, OfficeSettings(), self.bound_specs)
        return typed

    def save(self) -> None:
        if not validate_rows(self.rows):
            return
        settings = self.typed_settings()
        self.save_button.setEnabled(False)
        self.status.setText("در حال ذخیره…")
        self.runner.submit(
            lambda _c: save_office_settings(self.ctx, settings),
            on_done=self._saved,
            on_error=self._failed,
            write=True,
        )

    def save_server_url(self) -> None:
        url = self.server_url.text()
        if url.strip().rstrip("/") == self.ctx.workstation.server_url:
            return
        self.runner.submit(
            lambda _c: save_server_address(self.ctx, url),
            on_done=self._server_saved,
            on_error=lambda exc: self.server_url.set_error(getattr(exc, "message", str(exc))),
            write=True,
            changes={Change.WORKSTATION},
        )

    def _documents_shown(self) -> str:
        """The documents folder in effect (the default when none was chosen)."""
        chosen = self.ctx.workstation.documents_dir
        return chosen or str(file_dialogs.default_documents_folder())

    def choose_documents_dir(self) -> None:
        folder = file_dialogs.folder_name(self, "پوشهٔ اسناد", self.documents_dir.text())
        if folder:
            self.documents_dir.setText(folder)
            self.save_documents_dir()

    def save_documents_dir(self) -> None:
        folder = self.documents_dir.text()
        if folder.strip() == self._documents_shown():
            return  # unchanged (maybe the default)
        self.documents_dir.set_error(None)
        self.runner.submit(
            lambda _c: save_documents_folder(self.ctx, folder),
            on_done=self._documents_saved,
            on_error=lambda exc: self.documents_dir.set_error(getattr(exc, "message", str(exc))),
            write=True,
            changes={Change.WORKSTATION},
        )

    def _documents_saved(self, folder: str) -> None:
        file_dialogs.use_documents_folder(folder)
        self.documents_dir.setText(self._documents_shown())
        self.status.setText("پوشهٔ اسناد ذخیره شد.")

    def _server_saved(self, url: str) -> None:
        self.server_url.setText(url)
        self.status.setText("نشانی سرور مرکزی ذخیره شد.")

    def _saved(self, settings: OfficeSettings) -> None:
        self.save_button.setEnabled(True)
        self.status.setText("تنظیمات ذخیره شد.")
        self.show_settings(settings)

    def _failed(self, exc: Exception) -> None:
        self.save_button.setEnabled(True)
        self.status.setText("")
        field = exc.field if isinstance(exc, ServiceError) else None
        if not place_error(self.rows, field, error_message(exc)):
            show_error(self, exc)
