"""The places section driven through its widgets: create, refused save, edit, search
(Arabic kaf, Persian digits), filter, delete, lazy paging and server-side sort."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop_app.services.core.listing import ListQuery
from desktop_app.services.places.places import (
    PlaceData,
    count_places,
    get_place,
    place_page,
    save_place,
)
from tests.drivers import press_key, type_text


def _places(main_window, qtbot):
    page = main_window.show_section("places").body
    qtbot.waitUntil(page.model.is_ready)
    return page


def _seed(ctx, n=3):
    for i in range(n):
        save_place(
            ctx,
            PlaceData(
                name=f"مرکز کشاورزی {i}" if i % 2 else f"مرکز رایانه {i}",
                code=f"{3000 + i}",
                province="گلستان" if i % 2 else "مازندران",
                city="گرگان",
            ),
        )


def test_create_place_through_the_form(main_window, ctx, qtbot):
    page = _places(main_window, qtbot)
    assert page.count_label.text() == "۰ مورد"
    form = page.new_record()
    qtbot.waitExposed(form)
    type_text(form.name, "مركز شماره يك")  # Arabic kaf and yeh
    type_text(form.code, "۲۷۰۱۰۱")
    form.province.setValue("گلستان")
    type_text(form.city, "گرگان")
    type_text(form.phone, "01732224455")
    assert not form.rows["licence_number"].isVisibleTo(form)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.total() == 1)
    qtbot.waitUntil(lambda: page.count_label.text() == "۱ مورد")
    row = page.selected_row()
    assert row.name == "مرکز شماره یک" and row.code == "270101"
    assert page.table.model().index(0, 2).data() == "۲۷۰۱۰۱"  # Persian digits on screen


def test_refused_save_marks_the_field_and_keeps_the_text(main_window, ctx, qtbot):
    _seed(ctx, 1)
    page = _places(main_window, qtbot)
    form = page.new_record()
    form.kind.setValue("institute")
    assert form.rows["licence_number"].isVisibleTo(form)
    type_text(form.name, "آموزشگاه آزاد فردا")
    type_text(form.code, "3000")  # taken
    form.province.setValue("گلستان")
    type_text(form.city, "گرگان")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    # the licence fields are required for an institute: marked before any service call
    assert form.licence_number.error()
    assert form.rows["licence_expiry"].message_label().isVisibleTo(form)
    type_text(form.licence_number, "۲۷/۱۴۳۵")
    type_text(form.licence_expiry.line_edit(), "1405/01/01")
    form.licence_expiry.validate()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.code.error() is not None)
    assert "مرکز رایانه 0" in form.code.error()
    assert form.rows["code"].message_label().isVisibleTo(form)
    assert form.name.text() == "آموزشگاه آزاد فردا" and form.code.text() == "۳۰۰۰"
    assert form.isVisible()
    assert count_places(ctx, ListQuery()) == 1
    form.code.clear()
    type_text(form.code, "3001")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.total() == 2)


def test_edit_from_the_list_with_enter(main_window, ctx, qtbot):
    _seed(ctx, 3)
    page = _places(main_window, qtbot)
    page.select_row(page.model.row_of(place_page(ctx, ListQuery(search="3001"), 0, 1)[0].id))
    opened = []
    original = page._open
    page._open = lambda record_id: opened.append(original(record_id)) or opened[-1]
    press_key(page.table, Qt.Key.Key_Return)
    form = opened[0]
    qtbot.waitUntil(lambda: form.name.text() != "")
    assert form.code.text() == "۳۰۰۱"
    form.manager.clear()
    type_text(form.manager, "كاظم ميرزايي")
    with qtbot.waitSignal(form.saved) as saved:
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    stored = get_place(ctx, saved.args[0].id)
    assert stored.manager == "کاظم میرزایی" and stored.version == 2
    qtbot.waitUntil(lambda: page.model.is_ready() and page.selected_row().manager == stored.manager)


def test_search_and_filters(main_window, ctx, qtbot):
    _seed(ctx, 5)
    page = _places(main_window, qtbot)
    assert page.count_label.text() == "۵ مورد"
    type_text(page.search, "كشاورزي")  # Arabic kaf and yeh
    qtbot.waitUntil(lambda: page.count_label.text() == "۲ مورد")
    page.search.clear()
    type_text(page.search, "۳۰۰۴")  # Persian digits find the Latin code
    qtbot.waitUntil(lambda: page.count_label.text() == "۱ مورد")
    assert page.selected_row().code == "3004"
    page.search.clear()
    qtbot.waitUntil(lambda: page.count_label.text() == "۵ مورد")
    page.filter_boxes["province"].setValue("گلستان")
    qtbot.waitUntil(lambda: page.count_label.text() == "۲ مورد")


def test_delete_with_the_delete_key(main_window, ctx, qtbot):
    _seed(ctx, 2)
    page = _places(main_window, qtbot)
    page.confirm_delete = lambda row: True
    page.select_row(0)
    doomed = page.selected_row()
    press_key(page.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: page.count_label.text() == "۱ مورد")
    assert count_places(ctx, ListQuery()) == 1
    assert page.model.row_of(doomed.id) == -1


def test_lazy_paging_and_server_sort(main_window, ctx, qtbot):
    with ctx.session() as session:  # 450 rows without 450 service calls
        from desktop_app.models import Place

        session.add_all(
            Place(
                name=f"مرکز {i:03d}",
                code=f"{5000 + i}",
                province="گلستان",
                city="گرگان",
                search_text=f"مرکز {i:03d} {5000 + i}",
            )
            for i in range(450)
        )
    page = _places(main_window, qtbot)
    assert page.model.total() == 450
    assert page.model.rowCount() == 200  # only the first page is loaded
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: page.model.rowCount() >= 400)
    code_column = next(i for i, c in enumerate(page.config.columns) if c.key == "code")
    page.table.sortByColumn(code_column, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: page.model.is_ready() and page.model.query().sort == "code")
    assert page.model.rowCount() == 200
    assert page.model.row_at(0).code == "5449"  # sorted over all rows, not the loaded ones


def test_refused_delete_shows_what_still_depends_on_the_place(main_window, ctx, qtbot):
    from desktop_app.services.places.places import WorkshopData, save_workshop

    _seed(ctx, 1)
    place_id = place_page(ctx, ListQuery(), 0, 1)[0].id
    for name in ("کارگاه برق", "کارگاه رایانه"):
        save_workshop(ctx, WorkshopData(place_id=place_id, name=name, occupation_group="برق"))
    page = _places(main_window, qtbot)
    page.confirm_delete = lambda row: True
    shown = []
    page.show_error = lambda exc: shown.append(exc.message)
    page.select_row(0)
    press_key(page.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: bool(shown))
    assert shown[0].startswith("مکان «مرکز رایانه 0» ۲ کارگاه فعال یا در دست تعمیر دارد؛")
    assert count_places(ctx, ListQuery()) == 1
    assert page.model.total() == 1
