"""The start as a clerk lives it: the sign-in dialog is up before the database is open;
a «ورود» pressed meanwhile waits, keeps what was typed, and signs in once it is open;
a data folder whose database has no user yet swaps in the first-administrator dialog."""

from __future__ import annotations

import threading

import pytest
import shiboken6
from PySide6.QtCore import Qt

from desktop_app.services.accounts.access import CLERK
from desktop_app.services.accounts.accounts import has_users
from desktop_app.services.core.context import AppContext
from desktop_app.ui.accounts.dialogs import PREPARING, FirstAdministratorDialog, SignInDialog
from desktop_app.ui.startup import StartUp
from tests.accounts.helpers import PASSWORD, make_user


@pytest.fixture
def gated(data_dir):
    """A loader that opens the database only when the test opens the gate."""
    gate = threading.Event()

    def loader(path):
        assert gate.wait(30)
        ctx = AppContext.open(path)
        return ctx, has_users(ctx)

    return gate, loader


def test_sign_in_typed_before_the_database_is_open_goes_through(
    miz_app, ctx, data_dir, qtbot, gated
):
    make_user(ctx, "maryam", CLERK)
    ctx.close()
    gate, loader = gated
    quits = []
    start = StartUp(data_dir, quit_app=lambda: quits.append(True), loader=loader)
    dialog = start.start()
    assert isinstance(dialog, SignInDialog) and dialog.isVisible()
    dialog.user_name.setText("maryam")
    dialog.password.setText(PASSWORD)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.isVisible())
    assert dialog.message.text() == PREPARING
    assert not dialog.ok_button.isEnabled() and dialog.user_name.text() == "maryam"
    gate.set()
    qtbot.waitUntil(
        lambda: start.session is not None and start.session.window is not None, timeout=15000
    )
    window = start.session.window
    assert window.isVisible() and start.ctx.user.user_name == "maryam"
    assert not quits
    start.shutdown()
    window.close()


def test_a_database_without_users_gets_the_first_administrator_dialog(
    miz_app, ctx, data_dir, qtbot, gated
):
    ctx.close()  # the database file exists, but nobody was ever created
    gate, loader = gated
    start = StartUp(data_dir, quit_app=lambda: None, loader=loader)
    first = start.start()
    assert isinstance(first, SignInDialog)
    gate.set()
    qtbot.waitUntil(lambda: start.session is not None, timeout=15000)
    qtbot.waitUntil(lambda: isinstance(start.session.dialog, FirstAdministratorDialog))
    assert start.session.dialog.isVisible()
    assert not shiboken6.isValid(first) or not first.isVisible()  # hidden, then deleted
    start.shutdown()  # hides the dialog left open


def test_first_start_shows_the_first_administrator_dialog_at_once(miz_app, data_dir, qtbot, gated):
    gate, loader = gated
    start = StartUp(data_dir, quit_app=lambda: None, loader=loader)
    dialog = start.start()
    assert isinstance(dialog, FirstAdministratorDialog)
    gate.set()
    qtbot.waitUntil(lambda: start.session is not None, timeout=15000)
    assert start.session.dialog is dialog and dialog.ctx is start.ctx
    start.shutdown()


def test_a_start_shut_down_early_never_loads_nor_asks_later(
    miz_app, data_dir, qtbot, gated, monkeypatch
):
    """Shut down before its loader's timer fired (the clerk closed the dialog at once):
    no loader starts afterwards, and a failure arriving late opens no message box (one
    left for a later test's event loop hung a run)."""
    from desktop_app.ui import startup

    asked = []
    monkeypatch.setattr(startup, "start_problem", lambda *args: asked.append(args) or False)
    quits = []
    gate, loader = gated
    gate.set()
    start = StartUp(data_dir, quit_app=lambda: quits.append(True), loader=loader)
    start.start()
    start.shutdown()
    qtbot.wait(startup.LOAD_AFTER_MS + 200)  # the loader's timer is due by now
    assert start._thread is None and start.ctx is None
    start.failed.emit(RuntimeError("late"))  # as a loader's queued answer
    qtbot.wait(50)
    assert asked == [] and quits == []
