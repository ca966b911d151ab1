"""Closing a record form with unsaved changes asks first — once, in the shared
``RecordFormDialog``, so every form does it; nothing changed: no question."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.services.places.places import PlaceData, WorkshopData, save_place, save_workshop
from desktop_app.ui.listing import form_dialog
from desktop_app.ui.places.place_form import PlaceForm
from desktop_app.ui.places.workshop_form import WorkshopForm
from desktop_app.ui.tasks import TaskRunner
from tests.drivers import press_key, type_text


@pytest.fixture
def runner(miz_app):
    runner = TaskRunner()
    yield runner
    runner.wait_for_done()


def _form(cls, ctx, runner, qtbot, record_id=None, answers=()):
    form = cls(ctx, runner, record_id)
    qtbot.addWidget(form)
    asked = []
    replies = list(answers)
    form.ask_discard = lambda: asked.append(True) or (replies.pop(0) if replies else True)
    form.show()
    qtbot.waitExposed(form)
    return form, asked


def test_nothing_typed_closes_without_a_question(ctx, runner, qtbot):
    form, asked = _form(PlaceForm, ctx, runner, qtbot)
    press_key(form.name, Qt.Key.Key_Tab)  # moving around is not a change
    press_key(form.name, Qt.Key.Key_Escape)
    assert not form.isVisible() and asked == []


def test_typed_text_asks_once_and_keeps_the_form_on_no(ctx, runner, qtbot):
    form, asked = _form(PlaceForm, ctx, runner, qtbot, answers=[False, True])
    type_text(form.name, "مرکز")
    press_key(form.name, Qt.Key.Key_Escape)
    assert asked == [True] and form.isVisible() and form.name.text() == "مرکز"
    qtbot.mouseClick(form.cancel_button, Qt.MouseButton.LeftButton)
    assert asked == [True, True] and not form.isVisible()


def test_window_close_button_asks_too(ctx, runner, qtbot):
    form, asked = _form(PlaceForm, ctx, runner, qtbot, answers=[False])
    type_text(form.city, "گرگان")
    form.close()  # what the title bar's close button does
    assert asked == [True] and form.isVisible()


def test_typing_and_restoring_is_no_change(ctx, runner, qtbot):
    form, asked = _form(PlaceForm, ctx, runner, qtbot)
    type_text(form.name, "م")
    press_key(form.name, Qt.Key.Key_Backspace)
    form.reject()
    assert asked == [] and not form.isVisible()


def test_loaded_record_and_late_options_are_not_changes(ctx, runner, qtbot):
    place = save_place(ctx, PlaceData(name="مرکز ۱", code="2701", province="گلستان", city="گرگان"))
    workshop = save_workshop(
        ctx, WorkshopData(place_id=place.id, name="کارگاه برق", occupation_group="برق")
    )
    form, asked = _form(WorkshopForm, ctx, runner, qtbot, record_id=workshop.id, answers=[True])
    qtbot.waitUntil(lambda: form.name.text() == "کارگاه برق" and form.place_id.is_loaded())
    press_key(form.name, Qt.Key.Key_End)  # a touch that changes nothing
    form.reject()
    assert asked == [] and not form.isVisible()

    form, asked = _form(WorkshopForm, ctx, runner, qtbot, record_id=workshop.id, answers=[True])
    qtbot.waitUntil(lambda: form.name.text() == "کارگاه برق" and form.place_id.is_loaded())
    type_text(form.name, " ۲")
    form.reject()
    assert asked == [True] and not form.isVisible()


def test_after_a_save_closing_asks_nothing(ctx, runner, qtbot):
    form, asked = _form(PlaceForm, ctx, runner, qtbot)
    form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    type_text(form.name, "مرکز ۲")
    type_text(form.code, "2702")
    form.province.setValue("گلستان")
    type_text(form.city, "گرگان")
    with qtbot.waitSignal(form.saved):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert not form.isVisible() and asked == []
    assert not form.has_unsaved_changes()


@pytest.mark.parametrize(
    ("button", "closes"), [(form_dialog.DISCARD, True), (form_dialog.KEEP_EDITING, False)]
)
def test_the_real_question_in_persian(ctx, runner, qtbot, button, closes):
    form = PlaceForm(ctx, runner)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    type_text(form.name, "مرکز")
    seen = {}

    def answer():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen["text"] = box.text()
        seen["buttons"] = sorted(b.text() for b in box.buttons())
        next(b for b in box.buttons() if b.text() == button).click()

    QTimer.singleShot(0, answer)
    press_key(form.name, Qt.Key.Key_Escape)
    assert seen["text"] == "تغییرات ذخیره نشده‌اند. بستن بدون ذخیره؟"
    assert seen["buttons"] == sorted([form_dialog.DISCARD, form_dialog.KEEP_EDITING])
    assert form.isVisible() is not closes
    if not closes:
        form.ask_discard = lambda: True
        form.reject()
