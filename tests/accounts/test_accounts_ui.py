"""Accounts in the window, driven through real widgets: the first administrator, sign-in
(refused, then accepted), a clerk's window without what a clerk may not do, idle
sign-out, a forced password change, the users list and the audit log."""

from __future__ import annotations

from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from desktop_app.services.accounts.access import CLERK, SUPERVISOR, system_actor
from desktop_app.services.accounts.accounts import SIGN_IN_REFUSED, reset_password
from desktop_app.services.places.places import PlaceData, save_place
from desktop_app.ui.accounts.dialogs import (
    ChangePasswordDialog,
    FirstAdministratorDialog,
    SignInDialog,
)
from desktop_app.ui.session import IDLE_MESSAGE, SessionController
from tests.accounts.helpers import PASSWORD, make_user
from tests.drivers import type_text

SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "out" / "screenshots"


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def session(miz_app, ctx, qtbot):
    ctx.user = None  # the window starts with nobody signed in
    quits = []
    clock = Clock()
    controller = SessionController(ctx, quit_app=lambda: quits.append(True), clock=clock)
    controller.quits = quits
    controller.test_clock = clock
    yield controller
    controller.shutdown()
    # Deleted here, on the UI thread: left to Python, a reference cycle would have a
    # later test's worker thread free them (a widget deleted there crashed the run).
    if controller.window is not None:
        controller.window.close()
        shiboken6.delete(controller.window)
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # dialogs, prepared
    shiboken6.delete(controller)


def _dialog(session, qtbot, kind):
    qtbot.waitUntil(lambda: isinstance(session.dialog, kind) and session.dialog.isVisible())
    return session.dialog


def _sign_in(session, qtbot, name, password):
    dialog = _dialog(session, qtbot, SignInDialog)
    dialog.user_name.clear()
    type_text(dialog.user_name, name)
    type_text(dialog.password, password)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    return dialog


def test_first_start_creates_the_administrator(session, ctx, qtbot):
    session.start()
    dialog = _dialog(session, qtbot, FirstAdministratorDialog)
    type_text(dialog.user_name, "admin")
    type_text(dialog.full_name, "مدیر مرکز")
    type_text(dialog.password, "short")
    type_text(dialog.again, "short")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.field("password").error()))
    assert "۸" in dialog.field("password").error() and dialog.password.text() == ""
    assert dialog.user_name.text() == "admin"  # what was typed stays
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SCREENSHOT_DIR / "first_administrator.png"))
    type_text(dialog.password, PASSWORD)
    type_text(dialog.again, PASSWORD)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: session.window is not None)
    window = session.window
    keys = [s.key for s in window.sections]
    assert "users" in keys and "audit" in keys
    assert "مدیر مرکز" in window.user_label.text()
    assert ctx.user.user_name == "admin"


def test_clerk_signs_in_and_sees_no_admin_or_delete(session, ctx, qtbot):
    make_user(ctx, "clerk1", CLERK)
    session.start()
    dialog = _sign_in(session, qtbot, "clerk1", "wrong-pass1")
    qtbot.waitUntil(lambda: bool(dialog.field("password").error()))
    assert dialog.field("password").error() == SIGN_IN_REFUSED
    assert session.window is None
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SCREENSHOT_DIR / "sign_in_refused.png"))
    type_text(dialog.password, PASSWORD)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: session.window is not None)
    window = session.window
    keys = [s.key for s in window.sections]
    assert "users" not in keys and "audit" not in keys and "places" in keys
    places = window.show_section("places").body
    qtbot.waitUntil(places.model.is_ready)
    assert places.new_button.isVisibleTo(places) and not places.delete_button.isVisibleTo(places)
    settings = window.show_section("settings").body
    assert not settings.save_button.isVisibleTo(settings)
    assert not settings.backup_box.restore_button.isVisibleTo(settings)
    assert settings.backup_box.backup_button.isVisibleTo(settings)  # clerks back up


def test_closing_the_sign_in_dialog_quits(session, ctx, qtbot):
    make_user(ctx, "clerk1", CLERK)
    session.start()
    dialog = _dialog(session, qtbot, SignInDialog)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert session.quits == [True]


def test_idle_time_signs_out(session, ctx, qtbot):
    make_user(ctx, "clerk1", CLERK)
    ctx.workstation.idle_minutes = 10
    session.start()
    _sign_in(session, qtbot, "clerk1", PASSWORD)
    qtbot.waitUntil(lambda: session.window is not None)
    session.test_clock.now += 9 * 60
    assert not session.check_idle()
    qtbot.waitUntil(lambda: session.watching_input)  # from the window's first paint
    # a key press anywhere counts as activity
    QApplication.sendEvent(
        session.window,
        QKeyEvent(QKeyEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier),
    )
    session.test_clock.now += 9 * 60
    assert not session.check_idle()
    session.test_clock.now += 60
    assert session.check_idle()
    assert session.window is None
    dialog = _dialog(session, qtbot, SignInDialog)
    assert dialog.message.text() == IDLE_MESSAGE
    qtbot.waitUntil(lambda: ctx.user is None)
    assert session.quits == []  # the application stays open for the next user


def test_sign_out_from_the_menu_and_another_user_signs_in(session, ctx, qtbot):
    make_user(ctx, "clerk1", CLERK)
    make_user(ctx, "sup1", SUPERVISOR)
    session.start()
    _sign_in(session, qtbot, "clerk1", PASSWORD)
    qtbot.waitUntil(lambda: session.window is not None)
    session.window.sign_out_action.trigger()
    _sign_in(session, qtbot, "sup1", PASSWORD)
    qtbot.waitUntil(lambda: session.window is not None)
    assert "audit" in [s.key for s in session.window.sections]
    assert ctx.user.user_name == "sup1"


def test_reset_password_forces_a_change(session, ctx, qtbot):
    user = make_user(ctx, "clerk1", CLERK)
    ctx.user = system_actor()
    reset_password(ctx, user.id, "Temp-Pass-77", "Temp-Pass-77")
    ctx.user = None
    session.start()
    _sign_in(session, qtbot, "clerk1", "Temp-Pass-77")
    change = _dialog(session, qtbot, ChangePasswordDialog)
    assert session.window is None
    type_text(change.old_password, "Temp-Pass-77")
    type_text(change.new_password, "Sari-Mazand-9")
    type_text(change.again, "Sari-Mazand-9")
    qtbot.mouseClick(change.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: session.window is not None)


def test_users_list_and_form(main_window, ctx, qtbot):
    page = main_window.show_section("users").body
    qtbot.waitUntil(page.model.is_ready)
    form = page.new_record()
    qtbot.waitUntil(lambda: form.office_level.value() == "center")
    type_text(form.user_name, "reza")
    type_text(form.full_name, "رضا کریمی")
    form.roles.boxes["supervisor"].setChecked(True)
    form.roles.boxes["clerk"].setChecked(True)
    type_text(form.password, PASSWORD)
    type_text(form.again, "something-else1")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(form.again.error()))
    type_text(form.password, PASSWORD)  # passwords stay; fix the repetition
    form.again.clear()
    type_text(form.again, PASSWORD)
    form.password.clear()
    type_text(form.password, PASSWORD)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.total() == 1)
    row = page.model.row_at(0)
    assert row.user_name == "reza" and row.roles == "clerk,supervisor"
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    main_window.grab().save(str(SCREENSHOT_DIR / "users_list.png"))
    # editing hides the password rows and offers a reset instead
    page.select_row(0)
    edit = page.edit_selected()
    qtbot.waitUntil(lambda: edit.user_name.text() == "reza")
    assert not edit.rows["password"].isVisibleTo(edit) and edit.reset_button.isVisibleTo(edit)
    edit.grab().save(str(SCREENSHOT_DIR / "user_form.png"))
    edit.reject()


def test_audit_log_and_record_history(main_window, ctx, qtbot):
    place = save_place(
        ctx, PlaceData(kind="center", province="گلستان", city="گرگان", name="مرکز ۱", code="270101")
    )
    save_place(
        ctx,
        PlaceData(kind="center", province="گلستان", city="کردکوی", name="مرکز ۱", code="270101",
                  id=place.id, version=1),
    )  # fmt: skip
    page = main_window.show_section("audit").body
    qtbot.waitUntil(lambda: page.model.is_ready() and page.model.total() == 2)
    assert not page.new_button.isVisibleTo(page) and not page.delete_button.isVisibleTo(page)
    page.select_row(0)  # newest first: the edit
    dialog = page.edit_selected()
    qtbot.waitUntil(lambda: dialog.history.rowCount() == 2)
    assert dialog.changes.item(0, 0).text() == "شهر"
    assert (dialog.changes.item(0, 1).text(), dialog.changes.item(0, 2).text()) == (
        "گرگان",
        "کردکوی",
    )
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SCREENSHOT_DIR / "audit_entry.png"))
    dialog.reject()
    main_window.grab().save(str(SCREENSHOT_DIR / "audit_log.png"))


def test_change_password_from_the_file_menu(session, ctx, qtbot):
    make_user(ctx, "clerk1", CLERK)
    session.start()
    _sign_in(session, qtbot, "clerk1", PASSWORD)
    qtbot.waitUntil(lambda: session.window is not None)
    window = session.window
    window.password_action.trigger()
    dialog = window.findChild(ChangePasswordDialog)
    type_text(dialog.old_password, "not-my-pass1")
    type_text(dialog.new_password, "Sari-Mazand-9")
    type_text(dialog.again, "Sari-Mazand-9")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.old_password.error()))
    assert dialog.new_password.text() == ""  # refused passwords are typed again
    for field, text in (
        (dialog.old_password, PASSWORD),
        (dialog.new_password, "Sari-Mazand-9"),
        (dialog.again, "Sari-Mazand-9"),
    ):
        type_text(field, text)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "گذرواژه تغییر کرد.")
    from desktop_app.services.accounts.accounts import sign_in

    window.runner.wait_for_done()
    assert sign_in(ctx, "clerk1", "Sari-Mazand-9").actor.user_name == "clerk1"


def test_clerk_sees_masked_codes_in_the_trainers_list(session, ctx, qtbot):
    from desktop_app.services.demo.demo_places import fill_places
    from desktop_app.services.demo.demo_trainers import fill_trainers

    ctx.user = system_actor()
    fill_places(ctx)
    fill_trainers(ctx)
    ctx.user = None
    make_user(ctx, "clerk1", CLERK)
    session.start()
    _sign_in(session, qtbot, "clerk1", PASSWORD)
    qtbot.waitUntil(lambda: session.window is not None)
    page = session.window.show_section("trainers").body
    qtbot.waitUntil(lambda: page.model.is_ready() and page.model.total() > 0)
    column = next(i for i, c in enumerate(page.config.columns) if c.key == "national_code")
    shown = page.proxy.index(0, column).data()
    # left-to-right isolated, so the digits stay in order: ⁦۴۹۷۳****۰۱⁩
    assert shown[0] == "\u2066" and shown[-1] == "\u2069"
    assert shown[1:5].isdigit() and shown[5:9] == "****" and shown[9:11].isdigit()
    assert not page.delete_button.isVisibleTo(page)
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    session.window.grab().save(str(SCREENSHOT_DIR / "trainers_masked.png"))


def test_run_gui_asks_for_the_administrator_first(miz_app, data_dir, qtbot, monkeypatch):
    """``miz`` (no command) on a fresh data folder opens the first-administrator dialog."""
    from desktop_app.ui import app as app_module

    seen = []

    def fake_exec():
        qtbot.waitUntil(
            lambda: any(
                isinstance(w, FirstAdministratorDialog) and w.isVisible()
                for w in QApplication.topLevelWidgets()
            )
        )
        dialog = next(
            w for w in QApplication.topLevelWidgets() if isinstance(w, FirstAdministratorDialog)
        )
        seen.append(dialog.windowTitle())
        dialog.reject()
        return 0

    monkeypatch.setattr(miz_app, "exec", fake_exec)
    assert app_module.run_gui(data_dir) == 0
    assert seen == ["نخستین اجرای میز خدمت"]


def test_history_button_for_supervisors_only(session, ctx, qtbot):
    ctx.user = system_actor()
    place = save_place(
        ctx, PlaceData(kind="center", province="گلستان", city="گرگان", name="مرکز ۱", code="270101")
    )
    save_place(ctx, PlaceData(**{**place.__dict__, "city": "ساری"}))
    ctx.user = None
    make_user(ctx, "clerk1", CLERK)
    make_user(ctx, "sup1", SUPERVISOR)
    session.start()
    _sign_in(session, qtbot, "clerk1", PASSWORD)
    qtbot.waitUntil(lambda: session.window is not None)
    page = session.window.show_section("places").body
    qtbot.waitUntil(page.model.is_ready)
    assert not page.history_button.isVisibleTo(page)
    session.window.sign_out_action.trigger()
    _sign_in(session, qtbot, "sup1", PASSWORD)
    qtbot.waitUntil(lambda: session.window is not None)
    page = session.window.show_section("places").body
    qtbot.waitUntil(lambda: page.model.is_ready() and page.model.total() == 1)
    assert page.history_button.isVisibleTo(page)
    page.select_row(0)
    dialog = page.show_history()
    qtbot.waitUntil(lambda: dialog.history.rowCount() == 2)
    assert dialog.history.item(1, 2).text() == "ویرایش"
    qtbot.waitUntil(lambda: dialog.changes.rowCount() == 1)
    assert dialog.changes.item(0, 0).text() == "شهر" and dialog.changes.item(0, 2).text() == "ساری"
    dialog.grab().save(str(SCREENSHOT_DIR / "record_history.png"))
    dialog.reject()


def test_a_dialog_done_with_is_deleted_on_the_ui_thread(session, ctx, qtbot):
    """Not left to Python's collector, which a worker thread may run (a widget deleted
    there crashed CI now and then): the sign-in dialog a forced change replaced, and that
    one once the window opened."""
    user = make_user(ctx, "clerk1", CLERK)
    ctx.user = system_actor()
    reset_password(ctx, user.id, "Temp-Pass-77", "Temp-Pass-77")
    ctx.user = None
    session.start()
    sign_in = _sign_in(session, qtbot, "clerk1", "Temp-Pass-77")
    change = _dialog(session, qtbot, ChangePasswordDialog)
    qtbot.waitUntil(lambda: not shiboken6.isValid(sign_in))
    type_text(change.old_password, "Temp-Pass-77")
    type_text(change.new_password, "Sari-Mazand-9")
    type_text(change.again, "Sari-Mazand-9")
    qtbot.mouseClick(change.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: session.window is not None)
    qtbot.waitUntil(lambda: not shiboken6.isValid(change))
