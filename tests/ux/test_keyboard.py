"""Dialogs driven with keys only: Enter submits the default action from any field,
Escape cancels through the unsaved-changes question, the cursor starts in the first
field, the wizard keeps «بعدی» (then «تأیید نهایی») as its default and its shortcuts
work on every step. Also: limits from the model, an action a clerk may not take hidden."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from desktop_app.services.accounts.access import CLERK
from desktop_app.ui.accounts.dialogs import FirstAdministratorDialog, SignInDialog
from desktop_app.ui.places.place_form import PlaceForm
from desktop_app.ui.registration.wizard import RegistrationWizard
from desktop_app.ui.trainers.trainer_form import TrainerForm
from tests.accounts.helpers import PASSWORD, make_user
from tests.accounts.test_accounts_ui import Clock, session  # noqa: F401  (fixture)
from tests.registration.helpers import make_course, set_office


def type_text(text: str) -> None:
    """Type into whatever has the focus, as a keyboard does (no widget is named)."""
    for char in text:
        widget = QApplication.focusWidget()
        assert widget is not None, "nothing has the keyboard focus"
        for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def _shown(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def tab_to(qtbot, widget, limit: int = 12) -> None:
    """Press Tab until ``widget`` has the focus."""
    for _ in range(limit):
        if QApplication.focusWidget() is widget:
            return
        press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is widget


def test_first_administrator_and_sign_in_with_enter(session, ctx, qtbot):  # noqa: F811
    session.start()
    qtbot.waitUntil(lambda: isinstance(session.dialog, FirstAdministratorDialog))
    dialog = session.dialog
    qtbot.waitUntil(dialog.isVisible)
    assert QApplication.focusWidget() is dialog.user_name  # the first field, not «ورود»
    type_text("admin")
    press(qtbot, Qt.Key.Key_Tab)
    type_text("مدیر مرکز")
    press(qtbot, Qt.Key.Key_Tab)
    type_text("pass-word-1234")
    press(qtbot, Qt.Key.Key_Tab)
    type_text("pass-word-1234")
    press(qtbot, Qt.Key.Key_Return)  # from the last field
    qtbot.waitUntil(lambda: session.window is not None, timeout=20_000)


def test_sign_in_with_enter_from_the_password_field(session, ctx, qtbot):  # noqa: F811
    make_user(ctx, "clerk1", CLERK)
    session.start()
    qtbot.waitUntil(lambda: isinstance(session.dialog, SignInDialog) and session.dialog.isVisible())
    dialog = session.dialog
    assert QApplication.focusWidget() is dialog.user_name
    type_text("clerk1")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(PASSWORD)
    assert QApplication.focusWidget() is dialog.password and dialog.ok_button.isDefault()
    press(qtbot, Qt.Key.Key_Enter)  # the keypad's Enter as well
    qtbot.waitUntil(lambda: session.window is not None, timeout=20_000)


def test_record_form_enter_saves_escape_asks(miz_app, ctx, qtbot, monkeypatch):
    from desktop_app.ui.tasks import TaskRunner

    runner = TaskRunner()
    form = _shown(qtbot, PlaceForm(ctx, runner))
    first = next(iter(form.rows.values())).editor()
    assert QApplication.focusWidget() is first  # the first field, not a button
    asked: list[bool] = []
    monkeypatch.setattr(form, "ask_discard", lambda: asked.append(True) or False)
    tab_to(qtbot, form.rows["name"].editor())
    type_text("مرکز")
    press(qtbot, Qt.Key.Key_Escape)
    assert asked == [True] and form.isVisible()  # kept: the clerk said "keep editing"
    saved: list[object] = []
    form.saved.connect(saved.append)
    clicked: list[bool] = []
    form.save_button.clicked.connect(lambda: clicked.append(True))
    press(qtbot, Qt.Key.Key_Return)  # Enter presses «ذخیره» (the service judges the rest)
    assert clicked == [True]
    runner.wait_for_done()
    form.mark_clean()


def test_escape_asks_when_only_an_invalid_date_was_typed(miz_app, ctx, qtbot, monkeypatch):
    from desktop_app.ui.courses.course_form import CourseForm
    from desktop_app.ui.tasks import TaskRunner

    runner = TaskRunner()
    form = _shown(qtbot, CourseForm(ctx, runner))
    asked: list[bool] = []
    monkeypatch.setattr(form, "ask_discard", lambda: asked.append(True) or False)
    tab_to(qtbot, form.start_date.findChild(QLineEdit), limit=30)
    type_text("1405/13/40")
    press(qtbot, Qt.Key.Key_Escape)
    assert asked == [True] and form.isVisible()
    runner.wait_for_done()
    form.mark_clean()  # closed without a question when the test ends


def test_limits_come_from_the_model(miz_app, ctx, qtbot):
    from desktop_app.ui.tasks import TaskRunner

    runner = TaskRunner()
    form = _shown(qtbot, TrainerForm(ctx, runner))
    first_name = form.rows["first_name"].editor()
    assert first_name.maxLength() == 80
    assert QApplication.focusWidget() is first_name  # the first field
    type_text("ا" * 1156)
    assert len(first_name.text()) == 80
    runner.wait_for_done()
    form.mark_clean()


def test_wizard_keeps_its_default_and_shortcuts(main_window, ctx, qtbot, monkeypatch):
    set_office(ctx)
    make_course(ctx)
    wizard = RegistrationWizard(ctx, main_window.runner, resume=False)
    _shown(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.is_ready)
    assert wizard.next_button.isDefault() and not wizard.close_button.isDefault()
    page = wizard.pages[0]
    page.gender.setValue("male")
    page.gender.setFocus()
    press(qtbot, Qt.Key.Key_Return)  # Enter from a field: «بعدی»
    qtbot.waitUntil(lambda: wizard.step == 1 and not wizard.busy, timeout=20_000)
    assert wizard.isVisible()  # not closed
    assert wizard.next_button.isDefault() and not wizard.close_button.isDefault()
    assert not wizard.close_button.autoDefault() and not wizard.back_button.autoDefault()
    # the shortcuts work on every step, the photo step included
    calls: list[int] = []
    wizard.next_button.clicked.disconnect()
    wizard.next_button.clicked.connect(lambda: calls.append(wizard.step))
    for step in range(1, 6):
        wizard._show_step(step)
        QTest.keyClick(wizard.windowHandle(), Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert calls == [1, 2, 3, 4, 5]
    # on the photo step Enter on the «انتخاب پرونده…» button does not open the file dialog
    wizard._show_step(4)
    photo = wizard.pages[4]
    opened: list[bool] = []
    from desktop_app.ui.widgets import file_dialogs

    monkeypatch.setattr(file_dialogs, "run", lambda dialog: opened.append(True) or "")
    photo.photo.choose_button.setFocus()
    calls.clear()
    press(qtbot, Qt.Key.Key_Return)
    assert opened == [] and calls == [4]  # the default («بعدی») took Enter
    wizard._show_step(6)
    assert wizard.confirm_button.isDefault() and not wizard.next_button.isDefault()
    wizard.reject()


def test_a_clerk_does_not_see_course_delete(miz_app, ctx, qtbot):
    from desktop_app.documents.office import OfficeSettings
    from desktop_app.services.office.settings import save_office_settings
    from desktop_app.ui.courses.pages import CoursesPage
    from desktop_app.ui.tasks import TaskRunner
    from tests.accounts.helpers import sign_in_as

    save_office_settings(
        ctx, OfficeSettings(office_name="مرکز", office_code="2701", level="center")
    )
    sign_in_as(ctx, "clerk2", CLERK, level="center")
    runner = TaskRunner()
    page = CoursesPage(ctx, runner)
    _shown(qtbot, page)
    qtbot.waitUntil(lambda: getattr(page, "level", None) == "center", timeout=20_000)
    assert not page.may_delete and not page.delete_button.isVisible()  # hidden, not dead
    assert page.new_button.isVisible() == page.may_enter
    runner.wait_for_done()


def test_history_and_print_have_keys(main_window, ctx, qtbot):
    """Ctrl+H opens the selected record's history from any list (where «سابقه» shows);
    the print buttons of the course form, the trainees list, the enrollment and the
    inquiry answer take Ctrl+P."""
    from PySide6.QtGui import QKeySequence

    from desktop_app.services.places.places import PlaceData, save_place
    from desktop_app.ui.listing.history import RecordHistoryDialog

    save_place(ctx, PlaceData(name="مرکز ۱", code="2701", province="گلستان", city="گرگان"))
    page = main_window.show_section("places").body
    table = page.table
    qtbot.waitUntil(lambda: table.model().rowCount() > 0, timeout=10_000)
    main_window.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main_window)
    table.setFocus()
    table.setCurrentIndex(table.model().index(0, 0))
    qtbot.waitUntil(lambda: page.selected_row() is not None)
    assert page.history_button.isVisible()
    qtbot.keySequence(table, QKeySequence("Ctrl+H"))
    qtbot.waitUntil(
        lambda: any(
            isinstance(w, RecordHistoryDialog) and w.isVisible()
            for w in QApplication.topLevelWidgets()
        )
    )
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, RecordHistoryDialog))
    dialog.reject()

    from desktop_app.ui.certificates.inquiry import InquiryPage
    from desktop_app.ui.courses.course_form import CourseForm
    from desktop_app.ui.registration.section import EnrollmentsPage

    form = CourseForm(ctx, main_window.runner)
    qtbot.addWidget(form)
    assert form.print_announcement.shortcut().toString() == "Ctrl+P"
    assert form.print_roster.shortcut().toString() == "Ctrl+Shift+P"
    enrollments = EnrollmentsPage(ctx, main_window.runner)
    qtbot.addWidget(enrollments)
    assert enrollments.batch_button.shortcut().toString() == "Ctrl+P"
    inquiry = InquiryPage(ctx, main_window.runner)
    qtbot.addWidget(inquiry)
    assert inquiry.print_button.shortcut().toString() == "Ctrl+P"
