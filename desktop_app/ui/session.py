"""The session controller: sign in at start, one main window per signed-in user,
sign out on request or after idle time. UI thread only.

``SessionController.start()`` asks the database (off the UI thread) whether any user
exists and opens the first-administrator dialog or the sign-in dialog. A successful
sign-in (after a forced password change, if an administrator reset the password)
opens a ``MainWindow`` built for that user's permissions. "خروج از حساب" in the
window, or ``ctx.workstation.idle_minutes`` without keyboard or mouse input
anywhere in the application, closes the window (running tasks finish first; an
unsaved form is lost, as on any sign-out) and shows the sign-in dialog again.
Closing the sign-in dialog quits the application. At the app's start the sign-in
dialog is already on screen before the database is open (``ui.startup``); ``adopt``
takes it over.

While the clerk types, or at the latest while the password is checked (argon2 on the
write worker), ``prepare_window`` builds the next main window on the UI thread, hidden,
reading nothing of the office (``MainWindow(ctx, signed_in=False)``); a success opens it
for the user, a refusal keeps it hidden for the next try.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from desktop_app.services.accounts.accounts import SignedIn, has_users, sign_out
from desktop_app.services.core.context import AppContext
from desktop_app.ui.accounts.dialogs import (
    AccountDialog,
    ChangePasswordDialog,
    FirstAdministratorDialog,
    SignInDialog,
)
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import TaskRunner

IDLE_CHECK_MS = 5000
#: The next main window is prepared this long after a sign-in dialog appears.
PREPARE_AFTER_MS = 200
IDLE_MESSAGE = "به‌خاطر مدتی کار نکردن با برنامه، از حساب خارج شدید. دوباره وارد شوید."
_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class SessionController(QObject):
    def __init__(
        self,
        ctx: AppContext,
        quit_app: Callable[[], None] = QApplication.quit,
        clock: Callable[[], float] = time.monotonic,
        runner: TaskRunner | None = None,
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.quit_app = quit_app
        self.clock = clock
        self.runner = runner if runner is not None else TaskRunner(self)
        self.window: MainWindow | None = None
        self.prepared: MainWindow | None = None  # built while a password is checked
        self.watching_input = False  # the idle filter is on the application
        self.dialog: AccountDialog | None = None
        self.windows_opened = 0
        self.last_input = clock()
        self.idle_timer = QTimer(self)
        self.idle_timer.setInterval(IDLE_CHECK_MS)
        self.idle_timer.timeout.connect(self.check_idle)

    # -- signing in -----------------------------------------------------------------------
    def start(self) -> None:
        self.runner.submit(lambda _c: has_users(self.ctx), on_done=self._ask)

    def adopt(self, dialog: AccountDialog, users_exist: bool) -> None:
        """Take over the dialog ``ui.startup`` showed before the database was open (the
        clerk may have typed into it already); replaced only if it is the wrong kind."""
        expected = SignInDialog if users_exist else FirstAdministratorDialog
        if type(dialog) is not expected:
            dialog.rejected.disconnect()
            dialog.hide()
            dialog.deleteLater()
            self._ask(users_exist)
            return
        self._follow(dialog)
        dialog.attach(self.ctx)

    def _ask(self, users_exist: bool, message: str = "") -> None:
        kind = SignInDialog if users_exist else FirstAdministratorDialog
        dialog = kind(self.ctx, self.runner)
        if message:
            dialog.message.setText(message)
            dialog.message.show()
        self._follow(dialog)
        dialog.rejected.connect(self.quit_app)
        dialog.open()

    def _follow(self, dialog: AccountDialog) -> None:
        dialog.succeeded.connect(self._signed_in)
        dialog.submitted.connect(self.prepare_window)
        self._show_dialog(dialog)
        QTimer.singleShot(PREPARE_AFTER_MS, self, self.prepare_window)

    def _show_dialog(self, dialog: AccountDialog | None) -> None:
        """``dialog`` is the one on screen now; the one before it is deleted here, on the UI
        thread (left to Python, the cycles its connections make would have it freed by
        whichever thread collects next: a worker deleting a widget crashes the app)."""
        before, self.dialog = self.dialog, dialog
        if before is not None and before is not dialog and shiboken6.isValid(before):
            before.hide()
            before.deleteLater()

    def prepare_window(self) -> None:
        """Build the main window while the clerk types (or, at the latest, while the
        password is checked: the UI thread is free while argon2 runs on the worker).
        Hidden, and nothing of the office is read in it before ``open_window``."""
        if self.prepared is None and self.window is None and self.dialog is not None:
            window = MainWindow(self.ctx, signed_in=False)
            window.prepare()
            self.prepared = window

    def _signed_in(self, result: SignedIn) -> None:
        if not result.must_change_password:
            self.open_window()
            return
        dialog = ChangePasswordDialog(self.ctx, self.runner, forced=True)
        dialog.succeeded.connect(lambda _r: self.open_window())
        dialog.rejected.connect(lambda: self.sign_out())
        self._show_dialog(dialog)
        dialog.open()

    def open_window(self) -> MainWindow:
        self._show_dialog(None)
        window, self.prepared = self.prepared, None
        if window is None:
            window = MainWindow(self.ctx)
        else:
            window.open_sections()
        window.sign_out_requested.connect(self.sign_out)
        if self.windows_opened == 0:  # once the window has painted: it reads the disk
            window.after_first_paint(window.start_of_day_backup)
        self.windows_opened += 1
        self.window = window
        self.last_input = self.clock()
        self.idle_timer.start()
        # Every event of the application passes this filter (a Python call each): only
        # while someone is signed in, from the window's first paint (the events of its
        # showing and painting through it made that paint take twice as long).
        window.after_first_paint(lambda: self._watch_input(window))
        window.show()
        return window

    def _watch_input(self, window: MainWindow) -> None:
        if not shiboken6.isValid(self):  # the controller went first (the app closing)
            return
        app = QApplication.instance()
        if app is not None and window is self.window and not self.watching_input:
            app.installEventFilter(self)
            self.watching_input = True

    # -- signing out ----------------------------------------------------------------------
    def sign_out(self, message: str = "") -> None:
        """Close the window (its tasks finish first) and ask for a sign-in again."""
        self.idle_timer.stop()
        self._stop_watching_input()
        self._ask(True, message)  # visible before the window closes: the app stays open
        window, self.window = self.window, None
        if window is not None:
            window.shutdown()
            window.close()
            window.deleteLater()
        self.runner.submit(lambda _c: sign_out(self.ctx), write=True, quiet=True)

    def idle_seconds(self) -> float:
        return max(0, self.ctx.workstation.idle_minutes) * 60

    def check_idle(self) -> bool:
        """Sign out if nobody touched keyboard or mouse for the idle time; True if so."""
        limit = self.idle_seconds()
        if self.window is None or not limit or self.clock() - self.last_input < limit:
            return False
        self.sign_out(IDLE_MESSAGE)
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS:
            self.last_input = self.clock()
        return False

    def shutdown(self) -> None:
        self.idle_timer.stop()
        if self.window is not None:
            self.window.shutdown()
        self.runner.wait_for_done()
        self._show_dialog(None)  # a sign-in dialog left open when the app quit
        if self.prepared is not None:  # prepared for a sign-in that never succeeded
            self.prepared.shutdown()
            self.prepared.deleteLater()
            self.prepared = None
        self._stop_watching_input()

    def _stop_watching_input(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.watching_input = False
