"""The main window: navigation on the right, the section in the middle, a status bar.

UI thread only. The window owns the ``TaskRunner`` every section uses; a section
is created the first time the clerk opens it (start-up stays fast).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
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
from ..services.context import AppContext
from .errors import show_error
from .sections import SECTIONS, Section, SectionPage
from .tasks import TaskRunner, data_bus
from .text import ltr


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.runner = TaskRunner(self)
        self.runner.error.connect(lambda exc: show_error(self, exc))
        self.setWindowTitle("میز خدمت")
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.resize(1180, 760)
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

        for section in SECTIONS:
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
        row = next(i for i, s in enumerate(SECTIONS) if s.key == key)
        self.navigation.setCurrentRow(row)
        return self.pages[key]

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        section = SECTIONS[row]
        if section.key not in self.pages:
            self._create_page(row, section)
        self.stack.setCurrentIndex(row)

    def _create_page(self, row: int, section: Section) -> None:
        body = section.factory(self.ctx, self.runner) if section.factory else None
        page = SectionPage(section, body)
        old = self.stack.widget(row)
        self.stack.removeWidget(old)
        old.deleteLater()
        self.stack.insertWidget(row, page)
        self.pages[section.key] = page

    # -- chrome ---------------------------------------------------------------
    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&پرونده")
        quit_action = QAction("خروج", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        view_menu = bar.addMenu("&نما")
        for index, section in enumerate(SECTIONS, start=1):
            action = QAction(section.title, self)
            action.setShortcut(QKeySequence(f"Ctrl+{index}"))
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
        self.sync_label = QLabel("همگام‌سازی: سرور مرکزی تنظیم نشده است")
        self.sync_label.setObjectName("syncState")
        bar.addWidget(self.sync_label)
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
        self.statusBar().showMessage("تغییرات ذخیره شد.", 3000)

    # -- start of day -------------------------------------------------------------
    def start_of_day_backup(self) -> None:
        """Take the day's automatic backup on the write worker; speak only on failure."""
        from ..services.backup import auto_backup_if_due

        def failed(exc: Exception) -> None:
            from .errors import error_message

            self.statusBar().showMessage(
                f"پشتیبان‌گیری خودکار امروز انجام نشد: {error_message(exc)}"
            )

        self.runner.submit(lambda _c: auto_backup_if_due(self.ctx), on_error=failed, write=True)

    # -- shutdown -------------------------------------------------------------
    def shutdown(self) -> None:
        """Let running tasks finish (a write in progress is never cut off)."""
        self.runner.wait_for_done()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
