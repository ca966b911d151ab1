"""Declarative forms (``ui.listing.binding``): a form lists its fields once, and the
shared ``RecordFormDialog`` builds the rows, caps text at the model's column lengths,
fills them from the record and reads them back — tested on the place form."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from desktop_app.services.core.changes import Change
from desktop_app.services.places.places import PLACE_LENGTHS, PlaceData, get_place, save_place
from desktop_app.ui.places.place_form import PlaceForm
from desktop_app.ui.tasks import TaskRunner, data_bus
from tests.drivers import type_text


@pytest.fixture
def runner(miz_app):
    runner = TaskRunner()
    yield runner
    runner.wait_for_done()


def _form(ctx, runner, qtbot, record_id=None):
    form = PlaceForm(ctx, runner, record_id)
    qtbot.addWidget(form)
    form.ask_discard = lambda: True  # closing at teardown discards without a question
    form.show()
    qtbot.waitExposed(form)
    if record_id is not None:
        qtbot.waitUntil(lambda: form.save_button.isEnabled())
    return form


def test_rows_follow_the_declared_fields_and_text_is_capped_by_the_model(ctx, runner, qtbot):
    form = _form(ctx, runner, qtbot)
    assert list(form.rows) == [f.key for f in PlaceForm.fields]
    assert PLACE_LENGTHS["name"] == 200 and PLACE_LENGTHS["manager"] == 120
    assert form.name.maxLength() == 200
    assert form.manager.maxLength() == 120
    type_text(form.manager, "ب" * 130)
    assert form.manager.text() == "ب" * 120  # the model's limit, nothing past it typed


def test_a_saved_place_is_shown_and_read_back_field_by_field(ctx, runner, qtbot):
    stored = save_place(
        ctx,
        PlaceData(
            kind="institute",
            province="گلستان",
            city="گرگان",
            name="آموزشگاه فنی مهر",
            code="27011",
            postal_code="4914567890",
            phone="01732224455",
            manager="زهرا کریمی",
            licence_number="1403-55",
            licence_expiry=date(2026, 3, 1),
        ),
    )
    form = _form(ctx, runner, qtbot, stored.id)
    assert form.name.text() == "آموزشگاه فنی مهر"
    assert form.rows["licence_number"].isVisibleTo(form)  # an institute shows its licence
    form.city.clear()
    type_text(form.city, "گنبد کاووس")
    typed = form.typed_data()
    assert typed.id == stored.id and typed.version == stored.version
    assert typed.city == "گنبد کاووس"
    assert (typed.name, typed.code, typed.licence_expiry) == (
        "آموزشگاه فنی مهر",
        "27011",
        date(2026, 3, 1),
    )
    heard: list[frozenset[str]] = []
    data_bus().data_changed.connect(heard.append)
    try:
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not form.isVisible())
        qtbot.waitUntil(lambda: bool(heard))
    finally:
        data_bus().data_changed.disconnect(heard.append)
    assert get_place(ctx, stored.id).city == "گنبد کاووس"
    # the form names no kinds: the lists hear what the service's commit wrote
    assert heard == [{Change.PLACES}]
