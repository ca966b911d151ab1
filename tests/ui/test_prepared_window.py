"""The main window is built behind the sign-in dialog (while the clerk types, or while the
password is checked) and shown only after the sign-in succeeded: until then it is hidden,
lists no section, shows no user and its first page has asked the database nothing; a
refused password keeps it hidden for the next try; the accepted one opens that window for
the user's own permissions, and its list loads after the first paint."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop_app.services.accounts.access import CLERK, DELETE, ENTER, can
from desktop_app.ui.accounts.dialogs import SignInDialog
from desktop_app.ui.session import SessionController
from tests.accounts.helpers import PASSWORD, make_user
from tests.drivers import type_text


@pytest.fixture
def session(miz_app, ctx, qtbot):
    ctx.user = None
    controller = SessionController(ctx, quit_app=lambda: None)
    yield controller
    controller.shutdown()
    if controller.window is not None:
        controller.window.close()
    if controller.dialog is not None:
        controller.dialog.close()


def _press(dialog, qtbot, name, password):
    dialog.user_name.clear()
    dialog.password.clear()
    type_text(dialog.user_name, name)
    type_text(dialog.password, password)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def test_window_prepared_before_the_sign_in_shows_and_reads_nothing(session, ctx, qtbot):
    make_user(ctx, "clerk1", CLERK)
    session.start()
    qtbot.waitUntil(lambda: isinstance(session.dialog, SignInDialog))
    dialog = session.dialog
    qtbot.waitUntil(lambda: session.prepared is not None)  # while the clerk types
    window = session.prepared
    page = window.stack.widget(0)
    body = page.body
    assert page.section.key == "service_cards"

    def untouched() -> None:
        assert not window.isVisible() and session.window is None
        assert window.navigation.count() == 0 and window.sections == ()
        assert window.user_label.text() == ""
        assert not body.loaded and not body.model.is_ready() and body.model.rowCount() == 0
        assert window.runner.is_idle()
        assert not session.watching_input  # no Python call per event before the sign-in
        for button in (body.new_button, body.delete_button, body.history_button):
            assert not button.isVisibleTo(body)

    untouched()
    _press(dialog, qtbot, "clerk1", "wrong-pass1")
    qtbot.waitUntil(lambda: bool(dialog.field("password").error()))
    untouched()
    assert session.prepared is window  # kept hidden for the next try

    _press(dialog, qtbot, "clerk1", PASSWORD)
    qtbot.waitUntil(lambda: session.window is not None)
    assert session.window is window and session.prepared is None
    assert window.isVisible() and window.pages["service_cards"] is page
    keys = [s.key for s in window.sections]
    assert keys[0] == "service_cards" and "users" not in keys
    assert window.navigation.count() == len(keys)
    assert window.user_label.text().startswith("کاربر:")
    # the user's own permissions, read after the sign-in
    assert body.new_button.isVisibleTo(body) == can(ctx, ENTER)
    assert body.delete_button.isVisibleTo(body) == can(ctx, DELETE) is False
    qtbot.waitUntil(lambda: body.loaded and body.model.is_ready())
    qtbot.waitUntil(lambda: "همگام‌سازی" in window.sync_label.text())
    window.runner.wait_for_done()
    qtbot.wait(50)  # the sign-in's announcement of what it wrote has been delivered
    # the sign-in's own bookkeeping (last sign-in, audit row) is no save to confirm
    assert window.statusBar().currentMessage() != "تغییرات ذخیره شد."
    assert session.watching_input  # idle sign-out watches from the first paint
    window.shutdown()
