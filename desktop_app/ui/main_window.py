"""The main window: navigation on the right, the section in the middle, a status bar.

UI thread only. The window owns the ``TaskRunner`` every section uses; a section
is created the first time the clerk opens it (start-up stays fast).

The navigation lists only the sections the signed-in user (``ctx.user``) may see;
a window is made per sign-in (``ui.session``), so a sign-out or a change of
user rebuilds it. "خروج از حساب" in the File menu emits ``sign_out_requested``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from .. import __version__
from ..persian import to_persian_digits
from ..services.core.context import AppContext
from .auto_sync import SYNC_KIND, AutoSync, SyncIndicator
from .errors import show_error
from .sections import Section, SectionPage, section_shortcuts, visible_sections
from .tasks import TaskRunner, data_bus
from .text import ltr
from .widgets import file_dialogs
from .widgets.fit import FRAME_ALLOWANCE, available_geometry

_SAVED = "تغییرات ذخیره شد."


class MainWindow(QMainWindow):
    sign_out_requested = Signal()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        file_dialogs.use_documents_folder(ctx.workstation.documents_dir)
        self.sections = visible_sections(ctx)
        self.runner = TaskRunner(self)
        self.runner.error.connect(lambda exc: show_error(self, exc))
        self.setWindowTitle("میز خدمت")
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        # As large as the sections like, within the screen (760 pixels are more than a
        # 1280×720 or a 1366×768 screen has under its task bar).
        free = available_geometry()
        self.resize(
            min(1180, free.width() - FRAME_ALLOWANCE.width()),
            min(760, free.height() - FRAME_ALLOWANCE.height()),
        )
        self.pages: dict[str, SectionPage] = {}

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setFixedWidth(220)
        self.stack = QStackedWidget()
        # In a right-to-left layout the first widget sits on the right.
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        for section in self.sections:
            item = QListWidgetItem(section.title)
            item.setData(Qt.ItemDataRole.UserRole, section.key)
            self.navigation.addItem(item)
            self.stack.addWidget(QWidget())  # filled on first visit
        self.navigation.currentRowChanged.connect(self._show_row)

        self._build_menus()
        self._build_status_bar()
        data_bus().data_changed.connect(self._on_data_changed)
        self.navigation.setCurrentRow(0)

    # -- sections -------------------------------------------------------------
    def show_section(self, key: str) -> SectionPage:
        row = next(i for i, s in enumerate(self.sections) if s.key == key)
        self.navigation.setCurrentRow(row)
        return self.pages[key]

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        section = self.sections[row]
        if section.key not in self.pages:
            self._create_page(row, section)
        self.stack.setCurrentIndex(row)

    def _create_page(self, row: int, section: Section) -> None:
        body = section.factory(self.ctx, self.runner) if section.factory else None
        page = SectionPage(section, body)
        old = self.stack.widget(row)
        if old is not None:
            self.stack.removeWidget(old)
            old.deleteLater()
        self.stack.insertWidget(row, page)
        self.pages[section.key] = page

    # -- chrome ---------------------------------------------------------------
    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&پرونده")
        user = self.ctx.user
        if user is not None and user.user_id is not None:
            self.password_action = QAction("تغییر گذرواژه…", self)
            self.password_action.triggered.connect(self.change_password)
            file_menu.addAction(self.password_action)
            self.sign_out_action = QAction("خروج از حساب", self)
            self.sign_out_action.setShortcut(QKeySequence("Ctrl+L"))
            self.sign_out_action.triggered.connect(self.sign_out_requested.emit)
            file_menu.addAction(self.sign_out_action)
            file_menu.addSeparator()
        quit_action = QAction("خروج", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        view_menu = bar.addMenu("&نما")
        shortcuts = section_shortcuts(self.sections)
        for section in self.sections:
            action = QAction(section.title, self)
            if section.key in shortcuts:
                action.setShortcut(QKeySequence(shortcuts[section.key]))
            action.triggered.connect(lambda _=False, k=section.key: self.show_section(k))
            view_menu.addAction(action)
            self.addAction(action)

        help_menu = bar.addMenu("&راهنما")
        about = QAction("دربارهٔ میز خدمت", self)
        about.setShortcut(QKeySequence(Qt.Key.Key_F1))
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        # Sync runs by itself (every few minutes, and when the network comes back);
        # the label says what is true: last success, changes and problems waiting.
        self.auto_sync = AutoSync(self.ctx, self.runner, self)
        self.sync_label = SyncIndicator(self.ctx, self.runner, self.auto_sync)
        bar.addWidget(self.sync_label)
        user = self.ctx.user
        self.user_label = QLabel(f"کاربر: {user.display_name}" if user else "")
        self.user_label.setObjectName("userName")
        bar.addPermanentWidget(self.user_label)
        self.data_label = QLabel(f"پوشهٔ داده‌ها: {ltr(str(self.ctx.data_dir))}")
        bar.addPermanentWidget(self.data_label)

    def _about(self) -> None:
        QMessageBox.about(
            self,
            "دربارهٔ میز خدمت",
            f"میز خدمت — نسخهٔ {to_persian_digits(__version__)}\n"
            "نرم‌افزار میز خدمت ادارات آموزش فنی و حرفه‌ای\n"
            "قلم وزیرمتن با پروانهٔ SIL Open Font License",
        )

    def _on_data_changed(self, kinds: frozenset[str]) -> None:
        if SYNC_KIND in kinds:  # a background round saved nothing the clerk typed
            return
        # A save's own message («گذرواژه تغییر کرد.», a backup's) is not replaced by the
        # generic one: the announcement of what changed may arrive just after it.
        if self.statusBar().currentMessage() in ("", _SAVED):
            self.statusBar().showMessage(_SAVED, 3000)

    def change_password(self) -> QWidget:
        from .accounts.dialogs import ChangePasswordDialog

        dialog = ChangePasswordDialog(self.ctx, self.runner, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.succeeded.connect(
            lambda _r: self.statusBar().showMessage("گذرواژه تغییر کرد.", 5000)
        )
        dialog.open()
        return dialog

    # -- start of day -------------------------------------------------------------
    def start_of_day_backup(self) -> None:
        """Take the day's automatic backup beside the write worker (its own connection
        reads a snapshot; the clerk's saves go on meanwhile); speak only on failure."""
        from ..services.office.backup import auto_backup_if_due

        def failed(exc: Exception) -> None:
            from .errors import error_message

            self.statusBar().showMessage(
                f"پشتیبان‌گیری خودکار امروز انجام نشد: {error_message(exc)}"
            )

        self.runner.submit(lambda _c: auto_backup_if_due(self.ctx), on_error=failed, beside=True)

    # -- shutdown -------------------------------------------------------------
    def shutdown(self) -> None:
        """Let running tasks finish (a write in progress is never cut off)."""
        self.auto_sync.timer.stop()
        self.runner.wait_for_done()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
