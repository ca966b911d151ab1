"""The main window: navigation on the right, the section in the middle, a status bar.

UI thread only. The window owns the ``TaskRunner`` every section uses; a section
is created the first time the clerk opens it (start-up stays fast).

The navigation lists only the sections the signed-in user (``ctx.user``) may see;
a window is made per sign-in (``ui.session``), so a sign-out or a change of
user rebuilds it. "خروج از حساب" in the File menu emits ``sign_out_requested``.

The session builds the window behind the sign-in dialog, while the clerk types or at the
latest while the password is checked on the write worker (``MainWindow(ctx,
signed_in=False)`` and ``prepare()``: the frame, menus, status bar and the first
section's page, closed).
Until ``open_sections()`` (after the sign-in succeeded) nothing reads ``ctx.user`` or the
database and the window stays hidden; the first page's list loads after the window's
first paint.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
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
from .sections import SECTIONS, Section, SectionPage, section_shortcuts, visible_sections
from .tasks import TaskRunner, data_bus
from .text import ltr
from .widgets import file_dialogs
from .widgets.fit import FRAME_ALLOWANCE, available_geometry

_SAVED = "تغییرات ذخیره شد."
#: Around a title in the navigation: the item's padding and margin (the style sheet's
#: 14 and 6 pixels a side) and a little air.
NAVIGATION_ITEM_ROOM = 48
#: A prepared first page loads at the window's first paint, at the latest this long after.
LOAD_AFTER_MS = 300


class _OnFirstPaint(QObject):
    """Calls ``then`` at the first paint of the widget it filters, then lets go."""

    def __init__(self, parent: QObject, then: Callable[[], None]) -> None:
        super().__init__(parent)
        self.owner = parent
        self.then = then

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            self.deleteLater()
            QTimer.singleShot(0, self.owner, self.then)  # after the paint is done
        return False


class MainWindow(QMainWindow):
    sign_out_requested = Signal()

    def __init__(self, ctx: AppContext, signed_in: bool = True) -> None:
        super().__init__()
        self.ctx = ctx
        file_dialogs.use_documents_folder(ctx.workstation.documents_dir)
        self.sections: tuple[Section, ...] = ()
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
        self._prepared: SectionPage | None = None  # the first page, built closed
        self._after_paint: list[Callable[[], None]] | None = []  # None once painted

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        # on a short screen (1024×576) the list scrolls up and down, never sideways: it is
        # as wide as its longest title beside its scroll bar
        self.navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.navigation.ensurePolished()  # the style sheet's font
        widest = max(self.navigation.fontMetrics().horizontalAdvance(s.title) for s in SECTIONS)
        bar = self.navigation.verticalScrollBar().sizeHint().width()
        self.navigation.setFixedWidth(max(220, widest + NAVIGATION_ITEM_ROOM + bar))
        self.stack = QStackedWidget()
        # In a right-to-left layout the first widget sits on the right.
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self._build_menus()
        self._build_status_bar()
        data_bus().clerk_saved.connect(self._on_data_changed)
        if signed_in:
            self.open_sections()

    def prepare(self) -> None:
        """Before the sign-in succeeded: build the first section's page closed (no query,
        no ``ctx.user``); ``open_sections`` uses it if the user sees that section."""
        section = SECTIONS[0]
        if self._prepared is None and section.prepare is not None:
            self._prepared = SectionPage(section, section.prepare(self.ctx, self.runner))
            self.stack.addWidget(self._prepared)

    def open_sections(self) -> None:
        """Signed in (``ctx.user``): the user's sections, menus and name; the first section."""
        ctx = self.ctx
        self.sections = visible_sections(ctx)
        prepared, self._prepared = self._prepared, None
        if prepared is not None and self.sections[:1] != (prepared.section,):
            self.stack.removeWidget(prepared)  # the user does not see that section
            prepared.deleteLater()
            prepared = None
        for section in self.sections:
            item = QListWidgetItem(section.title)
            item.setData(Qt.ItemDataRole.UserRole, section.key)
            self.navigation.addItem(item)
            if prepared is not None and section is prepared.section:
                self.pages[section.key] = prepared
                prepared.body.allow()  # type: ignore[attr-defined]
                self.after_first_paint(prepared.body.load)  # type: ignore[attr-defined]
            else:
                self.stack.addWidget(QWidget())  # filled on first visit
        self._fill_menus()
        user = ctx.user
        self.user_label.setText(f"کاربر: {user.display_name}" if user else "")
        # Sync runs by itself (every few minutes, and when the network comes back);
        # the label says what is true: last success, changes and problems waiting
        # (read after the first paint, as the first page's list).
        self.auto_sync = AutoSync(ctx, self.runner, self)
        self.sync_label = SyncIndicator(ctx, self.runner, self.auto_sync, load=False)
        self.statusBar().addWidget(self.sync_label)
        self.after_first_paint(self.sync_label.reload)
        self.installEventFilter(_OnFirstPaint(self, self._painted))
        QTimer.singleShot(LOAD_AFTER_MS, self, self._painted)  # if no paint comes
        self.navigation.currentRowChanged.connect(self._show_row)
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

    def after_first_paint(self, work: Callable[[], None]) -> None:
        """Run ``work`` once the window has painted (queries and the day's backup would
        compete with the first paint for the interpreter and the cores), or after
        ``LOAD_AFTER_MS`` if no paint comes; at once if that time is past."""
        if self._after_paint is None:
            work()
        else:
            self._after_paint.append(work)

    def _painted(self) -> None:
        work, self._after_paint = self._after_paint or [], None
        for step in work:
            step()

    # -- chrome ---------------------------------------------------------------
    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = file_menu = bar.addMenu("&پرونده")
        quit_action = QAction("خروج", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        self.view_menu = bar.addMenu("&نما")
        help_menu = bar.addMenu("&راهنما")
        about = QAction("دربارهٔ میز خدمت", self)
        about.setShortcut(QKeySequence(Qt.Key.Key_F1))
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _fill_menus(self) -> None:
        """The signed-in user's part: password and sign-out, a «نما» entry per section."""
        user = self.ctx.user
        if user is not None and user.user_id is not None:
            quit_action = self.file_menu.actions()[0]
            self.password_action = QAction("تغییر گذرواژه…", self)
            self.password_action.triggered.connect(self.change_password)
            self.sign_out_action = QAction("خروج از حساب", self)
            self.sign_out_action.setShortcut(QKeySequence("Ctrl+L"))
            self.sign_out_action.triggered.connect(self.sign_out_requested.emit)
            self.file_menu.insertActions(quit_action, [self.password_action, self.sign_out_action])
            self.file_menu.insertSeparator(quit_action)
        shortcuts = section_shortcuts(self.sections)
        for section in self.sections:
            action = QAction(section.title, self)
            if section.key in shortcuts:
                action.setShortcut(QKeySequence(shortcuts[section.key]))
            action.triggered.connect(lambda _=False, k=section.key: self.show_section(k))
            self.view_menu.addAction(action)
            self.addAction(action)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.user_label = QLabel()  # the user's name once signed in
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
        if hasattr(self, "auto_sync"):  # a window prepared for a sign-in that never came
            self.auto_sync.timer.stop()
        self.runner.wait_for_done()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
