"""The equipment tab driven through its widgets: create (place picker, workshop, photo),
refused photo (message on the field, nothing else lost), edit with Enter, search,
condition filter, move with history, delete, Esc closes, print/export buttons."""

from __future__ import annotations

import io

from PIL import Image
from PySide6.QtCore import Qt

from desktop_app.services.core.images import EQUIPMENT, prepare_photo
from desktop_app.services.core.listing import ListQuery
from desktop_app.services.places.equipment import (
    EquipmentData,
    count_equipment,
    equipment_moves,
    get_equipment,
    save_equipment,
)
from tests.drivers import press_key, type_text


def _page(main_window, qtbot):
    section = main_window.show_section("workshops").body
    section.setCurrentWidget(section.equipment)
    page = section.equipment
    qtbot.waitUntil(page.model.is_ready)
    return page


def _capture_open(page):
    opened = []
    original = page._open
    page._open = lambda record_id: opened.append(original(record_id)) or opened[-1]
    return opened


def test_create_with_place_picker_and_photo(main_window, ctx, workshops, qtbot, tmp_path):
    gorgan, (a, _b) = workshops["gorgan"]
    page = _page(main_window, qtbot)
    form = page.new_record()
    qtbot.waitUntil(form.place_id.is_loaded)
    type_text(form.place_id.lineEdit(), "گرگ")  # type part of the name: the popup filters
    assert form.place_id.matches() == ["مرکز گرگان — گرگان"]
    press_key(form.place_id.lineEdit(), Qt.Key.Key_Return)  # Enter picks the match
    assert form.place_id.value() == gorgan.id
    qtbot.waitUntil(lambda: form.workshop_id.count() == 3)  # empty + the two of Gorgan
    form.workshop_id.setValue(a.id)
    type_text(form.asset_number, "۲۷۰-۱۱")
    type_text(form.name, "دستگاه جوش اينورتر")
    form.condition.setValue("needs_repair")
    picture = tmp_path / "weld.png"
    Image.new("RGB", (640, 480), (20, 120, 200)).save(picture)
    form.photo.fileChosen.emit(str(picture))
    qtbot.waitUntil(lambda: form.photo.photo() is not None)
    assert not form.photo.preview.pixmap().isNull()
    with qtbot.waitSignal(form.saved) as saved:
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    stored = get_equipment(ctx, saved.args[0].id)
    assert stored.asset_number == "270-11" and stored.name == "دستگاه جوش اینورتر"
    assert stored.workshop_id == a.id and stored.place_id == gorgan.id
    assert stored.condition == "needs_repair" and stored.photo.startswith(b"\xff\xd8")
    qtbot.waitUntil(lambda: page.model.total() == 1)
    assert page.table.model().index(0, 0).data() == "۲۷۰-۱۱"


def test_refused_photo_shows_the_reason_and_keeps_everything(
    main_window, ctx, workshops, qtbot, tmp_path
):
    _g, (a, _b) = workshops["gorgan"]
    png = io.BytesIO()
    Image.new("RGB", (300, 200), (200, 10, 10)).save(png, format="PNG")
    photo = prepare_photo(png.getvalue(), EQUIPMENT)
    item = save_equipment(
        ctx,
        EquipmentData(workshop_id=a.id, asset_number="9", name="میز کار", quantity=2, photo=photo),
    )
    page = _page(main_window, qtbot)
    opened = _capture_open(page)
    page.select_row(0)
    press_key(page.table, Qt.Key.Key_Return)  # Enter opens the form
    form = opened[0]
    qtbot.waitUntil(lambda: form.name.text() == "میز کار")
    form.name.clear()
    type_text(form.name, "میز کار فلزی")
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0 this is not really a jpeg")
    form.photo.fileChosen.emit(str(broken))
    qtbot.waitUntil(lambda: form.photo.error() is not None)
    assert "آسیب" in form.photo.error() or "تصویر نیست" in form.photo.error()
    assert form.rows["photo"].message_label().isVisibleTo(form)
    assert form.name.text() == "میز کار فلزی" and form.quantity.text() == "۲"
    assert form.photo.photo() == photo  # the photo shown before stays
    assert form.isVisible()
    # saving keeps the earlier photo and stores what was typed
    with qtbot.waitSignal(form.saved):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    stored = get_equipment(ctx, item.id)
    assert stored.name == "میز کار فلزی" and stored.photo == photo


def test_search_filter_move_and_delete(main_window, ctx, workshops, qtbot):
    _g, (a, b) = workshops["gorgan"]
    for i, (name, condition) in enumerate(
        [("دریل", "sound"), ("کولر", "scrapped"), ("پرینتر", "needs_repair")]
    ):
        save_equipment(
            ctx,
            EquipmentData(
                workshop_id=a.id, asset_number=f"{i + 1}", name=name, condition=condition
            ),
        )
    page = _page(main_window, qtbot)
    assert [page.model.row_at(i).name for i in range(3)] == ["پرینتر", "دریل", "کولر"]
    page.search.setText("كولر")  # Arabic kaf
    page.apply_query()
    qtbot.waitUntil(lambda: page.model.is_ready() and page.model.total() == 1)
    page.search.clear()
    page.filter_boxes["condition"].setValue("needs_repair")
    qtbot.waitUntil(lambda: page.model.is_ready() and page.model.total() == 1)
    assert page.selected_row().name == "پرینتر"

    opened = _capture_open(page)
    press_key(page.table, Qt.Key.Key_Return)
    form = opened[0]
    qtbot.waitUntil(lambda: form.loaded_data is not None)
    assert form.move_button.isVisibleTo(form) and not form.workshop_id.isEnabled()
    assert "جابه‌جا نشده" in form.history_label.text()
    dialog = form.open_move()
    qtbot.waitUntil(dialog.to_workshop_id.is_loaded)
    type_text(dialog.to_workshop_id.lineEdit(), "رایانه")
    press_key(dialog.to_workshop_id.lineEdit(), Qt.Key.Key_Return)
    assert dialog.to_workshop_id.value() == b.id
    type_text(dialog.note, "تعمیر")
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "کارگاه رایانه" in form.history_label.text())
    qtbot.waitUntil(lambda: form.workshop_id.value() == b.id)
    item_id = form.loaded_data.id
    # the form took the new version: saving after the move works
    with qtbot.waitSignal(form.saved):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert get_equipment(ctx, item_id).workshop_id == b.id
    assert [m.note for m in equipment_moves(ctx, item_id)] == ["تعمیر"]

    qtbot.waitUntil(lambda: page.model.is_ready() and page.selected_row() is not None)
    page.confirm_delete = lambda _row: True
    press_key(page.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: page.model.is_ready() and page.model.total() == 0)
    assert count_equipment(ctx, ListQuery()) == 2


def test_esc_closes_the_form(main_window, ctx, workshops, qtbot):
    page = _page(main_window, qtbot)
    form = page.new_record()
    qtbot.waitExposed(form)
    press_key(form, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not form.isVisible())


def test_print_and_export_buttons(main_window, ctx, workshops, qtbot, tmp_path):
    gorgan, (a, _b) = workshops["gorgan"]
    save_equipment(ctx, EquipmentData(workshop_id=a.id, asset_number="77", name="دریل"))
    page = _page(main_window, qtbot)
    page.print_to(tmp_path / "x.pdf")
    assert "مکان یا کارگاه" in page.status.text()  # a place must be chosen first
    qtbot.waitUntil(lambda: page.filter_boxes["place_id"].count() > 1)
    page.filter_boxes["place_id"].setValue(gorgan.id)
    # the workshop filter now offers only Gorgan's two workshops
    qtbot.waitUntil(lambda: page.filter_boxes["workshop_id"].count() == 3)
    page.print_to(tmp_path / "x.pdf")
    qtbot.waitUntil(lambda: "نوشته شد" in page.file_notice.text.text())
    assert page.file_notice.isVisibleTo(page) and page.file_notice.path == tmp_path / "x.pdf"
    assert (tmp_path / "x.pdf").read_bytes().startswith(b"%PDF")
    page.export_to(tmp_path / "x.xlsx")
    qtbot.waitUntil(lambda: "۱ قلم" in page.status.text())
    assert (tmp_path / "x.xlsx").stat().st_size > 0


def test_workshop_form_uses_the_searchable_place_picker(main_window, ctx, workshops, qtbot):
    from desktop_app.services.places.places import count_workshops

    _s, _ws = workshops["sari"]
    section = main_window.show_section("workshops").body
    page = section.workshops
    qtbot.waitUntil(page.model.is_ready)
    form = page.new_record()
    qtbot.waitUntil(form.place_id.is_loaded)
    type_text(form.place_id.lineEdit(), "ساري")  # Arabic yeh
    assert form.place_id.matches() == ["مرکز ساری — ساری"]
    press_key(form.place_id.lineEdit(), Qt.Key.Key_Return)
    type_text(form.name, "کارگاه نجاری")
    form.occupation_group.setValue("صنایع چوب")
    with qtbot.waitSignal(form.saved):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert count_workshops(ctx, ListQuery().with_filter("place_id", _s.id)) == 2


def test_half_typed_place_is_not_a_choice(main_window, ctx, workshops, qtbot):
    page = _page(main_window, qtbot)
    form = page.new_record()
    qtbot.waitUntil(form.place_id.is_loaded)
    type_text(form.place_id.lineEdit(), "مرکز")
    assert len(form.place_id.matches()) == 2
    assert form.place_id.value() is None
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.place_id.error() and form.isVisible()
    popup = form.place_id.completer().popup()
    popup.hide()
    press_key(form.place_id.lineEdit(), Qt.Key.Key_Down)  # Down shows the matches again
    assert popup.isVisible() and popup.model().rowCount() == 2


def test_a_narrow_list_keeps_the_item_name_readable(main_window, ctx, workshops, qtbot):
    """The name column stretches but never below its minimum: on a narrow window the
    list scrolls sideways instead of squeezing «تخته ...»."""
    _gorgan, (a, _b) = workshops["gorgan"]
    name = "تختهٔ رسم فنی با خط‌کش موازی"
    save_equipment(ctx, EquipmentData(workshop_id=a.id, asset_number="78", name=name))
    page = _page(main_window, qtbot)
    qtbot.waitUntil(lambda: page.model.rowCount() >= 1)
    header = page.table.horizontalHeader()
    column = next(i for i, c in enumerate(page.config.columns) if c.key == "name")
    main_window.resize(900, 700)
    qtbot.waitUntil(lambda: header.sectionSize(column) >= page.config.columns[column].min_width)
    metrics = page.table.fontMetrics()
    assert header.sectionSize(column) > metrics.horizontalAdvance(name)
    main_window.resize(1366, 768)
    qtbot.waitUntil(lambda: header.sectionSize(column) > page.config.columns[column].min_width)
