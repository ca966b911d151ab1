"""The window app's start: the sign-in dialog first, the data layer behind it.

UI thread only, except ``_load``, which runs on its own thread. ``run_gui`` (in
``ui.app``) creates the ``QApplication`` and a ``StartUp``; ``StartUp.start`` shows the
sign-in dialog (or, in a data folder without a database, the first-administrator
dialog) at once, then opens the database on a loader thread: SQLAlchemy, the models,
Alembic's schema check (and a migration, after its backup), whether any user exists,
and the modules of the session, the main window and its first section. The clerk types meanwhile; a
«ورود» pressed before the database is open waits for it (``AccountDialog.attach``).
When the loader is done, a ``SessionController`` adopts the dialog.

Nothing this module imports at the top may import SQLAlchemy, Alembic, argon2 or
reportlab: ``tests/test_startup_imports.py`` holds that budget.
"""

from __future__ import annotations

import gc
import importlib
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from ..paths import DATABASE_NAME
from .accounts.dialogs import AccountDialog, FirstAdministratorDialog, SignInDialog
from .tasks import TaskRunner

log = logging.getLogger(__name__)

#: The loader starts at the dialog's first paint, at the latest this long after it opened.
LOAD_AFTER_MS = 300


def _open_data_layer(data_dir: Path) -> tuple[Any, bool]:
    """Loader thread: the opened ``AppContext`` and whether any user exists."""
    from ..services.accounts.accounts import has_users
    from ..services.core.context import AppContext
    from ..services.office.backup import migration_backup_hook
    from . import session  # noqa: F401  (imported here, not on the UI thread)
    from .sections import FIRST_SECTION_MODULES

    for module in FIRST_SECTION_MODULES:  # the screen «ورود» opens on
        importlib.import_module(module)
    ctx = AppContext.open(data_dir, before_migration=migration_backup_hook(data_dir))
    try:
        users_exist = has_users(ctx)
    except BaseException:
        ctx.close()
        raise
    # What is loaded by now (modules, mapped models, Qt wrappers: ~130,000 objects) lives
    # as long as the app: out of the collector's sight, a full collection need not walk
    # it; one fell inside the sign-in and cost it 70-130 ms on the benchmark machine.
    gc.freeze()
    return ctx, users_exist


class StartUp(QObject):
    """Shows the first dialog and opens the database behind it (see the module doc)."""

    loaded = Signal(object, bool)  # AppContext, users exist
    failed = Signal(object)  # the exception: the database cannot be used

    def __init__(
        self,
        data_dir: Path,
        quit_app: Callable[[], None] = QApplication.quit,
        loader: Callable[[Path], tuple[Any, bool]] = _open_data_layer,
    ) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.quit_app = quit_app
        self.loader = loader
        self.runner = TaskRunner(self)
        self.dialog: AccountDialog | None = None
        self.ctx: Any = None
        self._opened: Any = None  # set by the loader thread, closed by shutdown
        self.session: Any = None
        self.error = ""
        self._thread: threading.Thread | None = None
        self._closed = False  # shut down: a late timer or signal changes nothing
        # Emitted on the loader thread, delivered on this object's (the UI) thread.
        self.loaded.connect(self._adopt)
        self.failed.connect(self._refuse)

    def start(self, load: bool = True) -> AccountDialog:
        """Show the dialog now; open the database behind it unless ``load`` is False."""
        kind = (
            SignInDialog if (self.data_dir / DATABASE_NAME).exists() else FirstAdministratorDialog
        )
        dialog = kind(None, self.runner)
        dialog.rejected.connect(self.quit_app)
        self.dialog = dialog
        dialog.open()
        if load:
            # The loader starts once the dialog has painted (it would compete with the
            # first paint for the interpreter), or after a moment if no paint comes.
            dialog.installEventFilter(self)
            QTimer.singleShot(LOAD_AFTER_MS, self._start_loader)
        return dialog

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._start_loader)
        return False

    def _start_loader(self) -> None:
        if self._thread is None and not self._closed:
            self._thread = threading.Thread(target=self._load, name="miz-start", daemon=True)
            self._thread.start()

    def _load(self) -> None:  # loader thread
        try:
            ctx, users_exist = self.loader(self.data_dir)
        except Exception as exc:
            self.failed.emit(exc)
            return
        self._opened = ctx
        self.loaded.emit(ctx, users_exist)

    def _adopt(self, ctx: Any, users_exist: bool) -> None:
        from .session import SessionController

        if self._closed:  # loaded after the app was shut down: ``shutdown`` closed it
            return
        self.ctx = ctx
        if self.dialog is None or not shiboken6.isValid(self.dialog):
            # the sign-in window was closed (and deleted) while the database opened
            self.dialog = None
            return
        session = SessionController(ctx, quit_app=self.quit_app, runner=self.runner)
        session.setParent(self)
        self.session = session
        session.adopt(self.dialog, users_exist)
        self.dialog = None

    def _refuse(self, exc: BaseException) -> None:
        """The database cannot be used: say why, offer the latest good backup (then
        open again), or quit."""
        if self._closed:  # the app is going: nobody to ask
            return
        if start_problem(self.data_dir, exc):
            self._thread = None
            self._start_loader()
            return
        self.error = "database"
        if self.dialog is not None:
            self.dialog.rejected.disconnect()
            self.dialog.hide()
        self.quit_app()

    def wait_loaded(self, timeout: float = 60.0) -> None:
        """Block until the loader thread ended (its result still comes as a signal)."""
        if self._thread is not None:
            self._thread.join(timeout)

    def shutdown(self) -> None:
        """Wait for the loader, close what it opened; a loader still due to start (its
        timer) never starts, and its late answer (a queued signal) is ignored."""
        self._closed = True
        self.wait_loaded()
        if self.session is not None:
            self.session.shutdown()
        else:
            self.runner.wait_for_done()
            if self.dialog is not None:
                self.dialog.hide()
        if self._opened is not None:  # also when the app quit before it was adopted
            self._opened.close()


#: How wide the start-up message's text is: Qt's own box wraps a long Persian paragraph
#: at about 260 pixels, a dozen short lines; within what a 1280×720 screen has.
MESSAGE_WIDTH = 520


def _widen(box: QMessageBox) -> None:
    """Give the message box's texts room for a few long lines instead of a narrow column."""
    from .widgets.fit import available_geometry

    width = min(MESSAGE_WIDTH, available_geometry().width() - 200)
    for name in ("qt_msgbox_label", "qt_msgbox_informativelabel"):
        label = box.findChild(QLabel, name)
        if label is not None:
            label.setMinimumWidth(width)


def start_problem(data_dir: Path, exc: BaseException) -> bool:
    """Say in a dialog why the database did not open; offer the latest good backup.

    Returns True when the backup was put in place (the caller tries again)."""
    from ..persian.bidi import isolate
    from ..persian.dates import format_jalali
    from ..persian.digits import to_persian_digits
    from ..services.core.problems import explain
    from ..services.office.start_recovery import latest_good_backup, replace_with_backup

    problem = explain(exc, data_dir)
    log.error("the database could not be opened", exc_info=exc)
    backup = latest_good_backup(data_dir) if (data_dir / "miz.sqlite3").exists() else None
    box = QMessageBox(QMessageBox.Icon.Critical, "میز خدمت", problem.message)
    box.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    _widen(box)
    restore = None
    if backup is not None:
        taken = f"{format_jalali(backup.taken_at.date())} {backup.taken_at:%H:%M}"
        box.setInformativeText(
            f"آخرین پشتیبان سالم از {to_persian_digits(taken)} است "
            f"({isolate(backup.path.name)}). می‌توانید آن را جایگزین کنید؛ پروندهٔ کنونی "
            f"دور ریخته نمی‌شود و با پسوند {isolate('damaged')} کنار آن می‌ماند. کارهای پس از آن پشتیبان "
            "در این رایانه از دست می‌روند (آنچه همگام شده از کارساز برمی‌گردد)."
        )
        restore = box.addButton("بازگرداندن آخرین پشتیبان", QMessageBox.ButtonRole.AcceptRole)
    close = box.addButton("بستن برنامه", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(close)
    box.setEscapeButton(close)
    box.exec()
    if restore is None or box.clickedButton() is not restore:
        return False
    assert backup is not None
    try:
        replace_with_backup(data_dir, backup.path)
    except OSError as again:
        QMessageBox.critical(None, "میز خدمت", explain(again, data_dir).message)
        return False
    return True
