"""The service catalog section driven through its widgets: fill the card form, save,
reopen, identical; every seed card survives the form unchanged; refused saves keep
the text; search/filters; delete; duplicate; Excel export of the filtered list."""

from __future__ import annotations

import uuid
from dataclasses import replace

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from desktop_app.models import ServiceCard
from desktop_app.services.catalog.service_card_list import count_cards
from desktop_app.services.catalog.service_cards import clean_card, find_card, get_card
from desktop_app.services.core.listing import ListQuery
from desktop_app.services.demo.demo_service_cards import SEED_CARDS, fill_service_cards
from desktop_app.ui.tasks import data_bus
from tests.drivers import press_key, type_text


def _column(rows_editor, key):
    return next(i for i, c in enumerate(rows_editor.model.columns) if c.key == key)


def _fill_cell(rows_editor, row, key, text):
    """Open a cell's editor as a double-click would, type ``text``, press Enter."""
    index = rows_editor.model.index(row, _column(rows_editor, key))
    rows_editor.table.setCurrentIndex(index)
    rows_editor.table.edit(index)
    editor = rows_editor.open_editor()
    assert editor is not None
    editor.clear()
    type_text(editor, text)
    press_key(editor, Qt.Key.Key_Return)
    QApplication.processEvents()  # the delegate commits and closes in a queued call
    assert rows_editor.open_editor() is None


def _choose(rows_editor, row, key, value):
    """Open a choice cell's combo box, pick the option stored as ``value``, press Enter."""
    index = rows_editor.model.index(row, _column(rows_editor, key))
    rows_editor.table.setCurrentIndex(index)
    rows_editor.table.edit(index)
    combo = rows_editor.open_editor()
    combo.setCurrentIndex(combo.findData(value))
    press_key(combo, Qt.Key.Key_Return)
    QApplication.processEvents()


def _tick(rows_editor, row, key):
    """Select a yes/no cell and press Space, as a clerk would."""
    rows_editor.table.setCurrentIndex(rows_editor.model.index(row, _column(rows_editor, key)))
    rows_editor.table.setFocus()
    press_key(rows_editor.table, Qt.Key.Key_Space)


def _cell(rows_editor, row, key):
    return rows_editor.model.index(row, _column(rows_editor, key)).data()


def _erase(widget):
    """Select all and press Backspace, as a clerk would."""
    widget.setFocus()
    widget.selectAll()
    for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
        QApplication.sendEvent(
            widget, QKeyEvent(kind, Qt.Key.Key_Backspace, Qt.KeyboardModifier.NoModifier)
        )


def _fill(ctx):
    """The three seed cards, announced like a write of the window would be (the
    catalog is the first section: it is already open when a test starts)."""
    fill_service_cards(ctx)
    data_bus().notify({"service_cards"})


def _catalog(main_window, qtbot):
    page = main_window.show_section("service_cards").body
    ctx = main_window.ctx
    qtbot.waitUntil(
        lambda: page.model.is_ready() and page.model.total() == count_cards(ctx, ListQuery())
    )
    return page


def _open(page, qtbot, card_id):
    form = page._open(uuid.UUID(card_id))
    qtbot.waitUntil(lambda: form.loaded_data is not None)
    return form


def _content(card):
    return replace(clean_card(card), id=None, version=0)


def _click(qtbot, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_fill_save_reopen_identical(main_window, ctx, qtbot):
    page = _catalog(main_window, qtbot)
    form = page.new_record()
    identity, details, access, links = form.parts
    type_text(identity.title, "ثبت نام كارآموز در دوره")  # Arabic kaf
    type_text(identity.service_code, "۱۸۰۵۱۰۴۵۰۰۱")
    type_text(identity.agency, "اداره كل آموزش فنی و حرفه‌ای گلستان")
    type_text(identity.description, "شرح خدمت\nخط دوم")
    for key in ("G2C", "G2B"):
        identity.audiences.boxes[key].click()
    identity.nature.setValue("sovereign")
    identity.level.setValue("provincial")
    identity.life_events.boxes["education"].click()
    identity.life_events.boxes["other"].click()
    type_text(identity.life_events.other_edit, "مهارت")
    identity.triggers.boxes["request"].click()
    type_text(details.recipients_count, "29000")
    details.recipients_period.setValue("year")
    type_text(details.avg_duration, "بسته به نوع آموزش دارد")
    type_text(details.frequency_count, "2")
    details.frequency_period.setValue("year")
    type_text(details.in_person_visits, "۱")
    _click(qtbot, details.fees.add_button)
    press_key(details.fees.open_editor(), Qt.Key.Key_Escape)
    _fill_cell(details.fees, 0, "description", "کارت ثبت نام")
    _fill_cell(details.fees, 0, "amount", "50000")
    _fill_cell(details.fees, 0, "sheba", "IR820540102680020817909002")
    _tick(details.fees, 0, "electronic")
    type_text(access.system_name, "سامانه ثبت نام")
    _click(qtbot, access.urls.add_button)
    _fill_cell(access.urls, 0, "text", "https://portaltvto.com")
    stage = access.stages["request"]
    stage.electronic.click()
    stage.channels.boxes["website"].click()
    stage.channels.boxes["counters"].click()
    type_text(stage.counter_contract, "۱۲۳/ق")
    delivery = access.stages["delivery"]
    delivery.non_electronic.click()
    delivery.reasons.boxes["verify_documents"].click()
    access.visit_levels.boxes["provincial"].click()
    _click(qtbot, links.external_links.add_button)
    _fill_cell(links.external_links, 0, "agency", "ثبت احوال")
    _fill_cell(links.external_links, 0, "system", "استعلام هویت")
    _choose(links.external_links, 0, "inquiry", "online")
    for title in ("ورود به سامانه", "پرداخت", "دریافت فرم معرفی"):
        _click(qtbot, links.processes.add_button)
        _fill_cell(links.processes, links.processes.model.rowCount() - 1, "text", title)
    type_text(links.phone, "01732224455")
    type_text(links.email, "info@example.ir")
    typed = form.typed_data()
    with qtbot.waitSignal(form.saved) as saved:
        _click(qtbot, form.save_button)
    stored = get_card(ctx, saved.args[0].id)
    assert stored.title == "ثبت نام کارآموز در دوره" and stored.service_code == "18051045001"
    assert stored.fees[0].amount == 50000 and stored.fees[0].electronic
    assert stored.stage("request").channels == ["website", "counters"]
    assert stored.stage("delivery").reasons == ["verify_documents"]
    assert stored.visit_levels == ["provincial"]
    assert stored.life_event_other == "مهارت" and stored.frequency_count == 2
    assert stored.external_links[0].inquiry == "online"
    assert stored.processes == ["ورود به سامانه", "پرداخت", "دریافت فرم معرفی"]
    assert _content(stored) == _content(typed)
    # the agency filter of the list now offers the new agency
    agencies = page.filter_boxes["agency"]
    qtbot.waitUntil(lambda: agencies.findData(stored.agency) >= 0)
    # reopen: the form shows exactly what was stored
    qtbot.waitUntil(lambda: page.model.total() == 1)
    again = _open(page, qtbot, stored.id)
    assert again.typed_data() == stored
    assert _cell(again.parts[1].fees, 0, "amount") == "۵۰٬۰۰۰"
    assert _cell(again.parts[3].external_links, 0, "inquiry") == "برخط (Online)"


@pytest.mark.parametrize("index", range(len(SEED_CARDS)))
def test_every_seed_card_survives_the_form_unchanged(main_window, ctx, qtbot, index):
    _fill(ctx)
    page = _catalog(main_window, qtbot)
    card = SEED_CARDS[index]()
    stored = find_card(ctx, card.service_code) if card.service_code else None
    if stored is None:
        stored = next(
            get_card(ctx, str(row.id))
            for row in page.config.page(ctx, ListQuery(search=card.title[:30]), 0, 5)
        )
    form = _open(page, qtbot, stored.id)
    assert form.typed_data() == stored
    with qtbot.waitSignal(form.saved) as saved:
        _click(qtbot, form.save_button)
    after = get_card(ctx, stored.id)
    assert _content(after) == _content(stored) and saved.args[0].version == stored.version


def test_refused_save_shows_messages_by_the_fields_and_keeps_the_text(main_window, ctx, qtbot):
    page = _catalog(main_window, qtbot)
    form = page.new_record()
    identity, details, _access, links = form.parts
    _click(qtbot, form.save_button)  # no title: marked before any service call
    assert identity.title.error() and form.rows["title"].message_label().isVisibleTo(form)
    type_text(identity.title, "خدمت آزمایشی")
    type_text(identity.service_code, "123")
    _click(qtbot, details.fees.add_button)
    _fill_cell(details.fees, 0, "sheba", "IR12345")
    type_text(links.email, "not-an-email")
    _click(qtbot, form.save_button)
    qtbot.waitUntil(lambda: links.email.error() is not None)
    assert "شناسه خدمت" in identity.service_code.error()
    assert "ردیف ۱" in details.fees.error() and "شبا" in details.fees.error()
    assert details.fees.current_row() == 0  # the cell at fault is selected
    assert details.fees.error() and form.rows["fees"].message_label().isVisibleTo(form)
    assert form.rows["email"].message_label().isVisibleTo(form)
    # nothing typed is lost, nothing was written
    assert identity.title.text() == "خدمت آزمایشی" and links.email.text() == "not-an-email"
    assert _cell(details.fees, 0, "sheba") == "IR12345"
    assert form.isVisible() and count_cards(ctx, ListQuery()) == 0
    # correct them and save
    _erase(identity.service_code)
    _fill_cell(details.fees, 0, "sheba", "")
    assert _cell(details.fees, 0, "sheba") == ""
    _erase(links.email)
    type_text(links.email, "a@b.ir")
    with qtbot.waitSignal(form.saved):
        _click(qtbot, form.save_button)
    assert count_cards(ctx, ListQuery()) == 1


def test_search_and_filters(main_window, ctx, qtbot):
    _fill(ctx)
    page = _catalog(main_window, qtbot)
    assert page.count_label.text() == "۳ مورد"
    type_text(page.search, "مهارتي")  # Arabic yeh
    qtbot.waitUntil(lambda: page.count_label.text() == "۱ مورد")
    assert page.selected_row().service_code == "18051045000"
    page.search.clear()
    type_text(page.search, "١٩٠٧١٠٥٨١٠٥")  # Arabic-Indic digits find the code
    qtbot.waitUntil(lambda: page.count_label.text() == "۱ مورد")
    page.search.clear()
    qtbot.waitUntil(lambda: page.count_label.text() == "۳ مورد")
    page.filter_boxes["audience"].setValue("G2G")
    qtbot.waitUntil(lambda: page.count_label.text() == "۱ مورد")
    page.filter_boxes["audience"].setValue(None)
    page.filter_boxes["life_event"].setValue("education")
    qtbot.waitUntil(lambda: page.model.is_ready() and page.count_label.text() != "۳ مورد")
    with_education = count_cards(ctx, ListQuery().with_filter("life_event", "education"))
    assert page.model.total() == with_education < 3
    page.filter_boxes["life_event"].setValue(None)
    agencies = page.filter_boxes["agency"]
    qtbot.waitUntil(lambda: agencies.count() > 2)
    agencies.setValue("سازمان بهزیستی کشور")
    qtbot.waitUntil(lambda: page.model.is_ready() and page.model.total() == 1)
    assert "مشارکت" in page.selected_row().title
    page.filter_boxes["level"].setValue("provincial")
    qtbot.waitUntil(lambda: page.count_label.text() == "۰ مورد")


def test_delete_is_a_tombstone(main_window, ctx, qtbot):
    _fill(ctx)
    page = _catalog(main_window, qtbot)
    page.confirm_delete = lambda row: True
    victim = page.selected_row()
    page.delete_selected()
    qtbot.waitUntil(lambda: page.model.total() == 2)
    with ctx.session() as session:
        assert session.get(ServiceCard, victim.id).deleted_at is not None


def test_duplicate_opens_the_copy(main_window, ctx, qtbot):
    _fill(ctx)
    page = _catalog(main_window, qtbot)
    source = page.selected_row()
    _click(qtbot, page.duplicate_button)
    qtbot.waitUntil(lambda: page.last_dialog is not None)
    form = page.last_dialog
    qtbot.waitUntil(lambda: form.loaded_data is not None)
    copy = form.loaded_data
    assert copy.id != str(source.id) and copy.title == f"{source.title} (رونوشت)"
    assert copy.service_code == ""
    assert _content(replace(copy, title=source.title)) == _content(
        replace(get_card(ctx, str(source.id)), service_code="")
    )
    qtbot.waitUntil(lambda: page.model.total() == 4)


def test_excel_export_of_the_filtered_list(main_window, ctx, qtbot, tmp_path):
    _fill(ctx)
    page = _catalog(main_window, qtbot)
    page.filter_boxes["agency"].setValue(None)
    type_text(page.search, "بهزیستی")
    qtbot.waitUntil(lambda: page.count_label.text() == "۲ مورد")
    out = tmp_path / "list.xlsx"
    page.export_excel(out)
    qtbot.waitUntil(lambda: "نوشته شد" in page.notice.text())
    sheet = load_workbook(out).active
    titles = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(titles) == 2 and all("مهارتی" not in t for t in titles)
    assert sheet.sheet_view.rightToLeft


def test_sort_by_a_column_header(main_window, ctx, qtbot):
    _fill(ctx)
    page = _catalog(main_window, qtbot)
    titles = [page.model.index(r, 0).data() for r in range(3)]
    assert titles == sorted(titles)  # by title by default
    page.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)  # service code, on the server
    qtbot.waitUntil(lambda: page.model.index(0, 1).data() == "۱۹۰۷۱۰۵۸۱۰۵")
    assert page.model.index(1, 1).data() == "۱۸۰۵۱۰۴۵۰۰۰"
    page.table.sortByColumn(3, Qt.SortOrder.AscendingOrder)  # audiences: not sortable
    assert page.model.query().sort == "service_code"


def test_screenshots_of_the_list_and_the_form(main_window, ctx, qtbot):
    """Written to out/screenshots/ for a person to look at; checks the form is RTL."""
    from pathlib import Path

    shots = Path(__file__).resolve().parents[2] / "out" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    _fill(ctx)
    main_window.resize(1280, 800)
    page = _catalog(main_window, qtbot)
    assert main_window.grab().save(str(shots / "service_cards_list.png"))
    form = _open(page, qtbot, find_card(ctx, "18051045000").id)
    form.resize(1000, 1300)
    assert form.layoutDirection() == Qt.LayoutDirection.RightToLeft
    title_row = form.rows["title"]
    label_x = title_row.label().mapTo(form, title_row.label().rect().center()).x()
    title = form.parts[0].title
    editor_x = title.mapTo(form, title.rect().center()).x()
    assert label_x > editor_x  # the label on the right of its field
    for name, value in (("top", 0), ("stages", 1300), ("end", 10_000)):
        form.scroll_area.verticalScrollBar().setValue(value)
        assert form.grab().save(str(shots / f"service_card_form_{name}.png"))


def test_duplicate_and_delete_from_the_form(main_window, ctx, qtbot):
    _fill(ctx)
    page = _catalog(main_window, qtbot)
    source = find_card(ctx, "19071058105")
    form = _open(page, qtbot, source.id)
    assert form.duplicate_button.isVisible() and form.delete_button.isVisible()
    form.parts[0].regulations.setText("مقررات ویرایش‌شده")  # typed, not saved
    copy = form.duplicate()
    assert copy.windowTitle() == "شناسنامهٔ خدمت جدید"
    assert not copy.duplicate_button.isVisible()
    typed = copy.typed_data()
    assert typed.id is None and typed.service_code == ""
    assert typed.title == f"{source.title} (رونوشت)" and typed.regulations == "مقررات ویرایش‌شده"
    assert count_cards(ctx, ListQuery()) == 3  # nothing written until the copy is saved
    with qtbot.waitSignal(copy.saved):
        _click(qtbot, copy.save_button)
    qtbot.waitUntil(lambda: page.model.total() == 4)
    assert get_card(ctx, source.id).regulations == source.regulations
    # delete the original from its form: a tombstone, and the form closes
    form.confirm_delete = lambda: True
    with qtbot.waitSignal(form.finished):
        _click(qtbot, form.delete_button)
    qtbot.waitUntil(lambda: page.model.total() == 3)
    with ctx.session() as session:
        assert session.get(ServiceCard, uuid.UUID(source.id)).deleted_at is not None
