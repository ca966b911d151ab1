"""Equipment services: validation messages, per-place asset numbers, moves with history,
tombstones, list filters/search, Excel export, Persian sort order."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from PIL import Image
from sqlalchemy import select

from desktop_app.models import Equipment
from desktop_app.persian import sort_key
from desktop_app.services.core.errors import ServiceError
from desktop_app.services.core.images import EQUIPMENT, prepare_photo
from desktop_app.services.core.listing import ListQuery
from desktop_app.services.places.equipment import (
    EquipmentData,
    count_equipment,
    delete_equipment,
    equipment_moves,
    equipment_page,
    export_equipment_excel,
    get_equipment,
    move_equipment,
    save_equipment,
)


def _item(workshop, **kw):
    base = dict(workshop_id=workshop.id, asset_number="۲۷-۰۰۱", name="دريل", quantity=1)
    base.update(kw)
    return EquipmentData(**base)


def test_save_normalizes_and_fills_the_place(ctx, workshops):
    place, (a, _b) = workshops["gorgan"]
    saved = save_equipment(ctx, _item(a, name=" دريل  برقي ", brand_model="Bosch"))
    assert saved.asset_number == "27-001"  # Latin digits, separator kept
    assert saved.name == "دریل برقی"  # Arabic yeh → Persian
    assert saved.place_id == place.id and saved.version == 1
    assert get_equipment(ctx, saved.id).name == "دریل برقی"


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"workshop_id": None}, "workshop_id", "کارگاه"),
        ({"asset_number": "  "}, "asset_number", "شمارهٔ اموال"),
        ({"name": ""}, "name", "نام"),
        ({"quantity": 0}, "quantity", "تعداد"),
        ({"quantity": None}, "quantity", "تعداد"),
        ({"unit": ""}, "unit", "واحد"),
        ({"price_rial": -5}, "price_rial", "بها"),
        ({"condition": "broken"}, "condition", "وضعیت"),
        ({"acquired_on": date.today() + timedelta(days=3)}, "acquired_on", "تحویل"),
        (
            {"acquired_on": date(2024, 5, 1), "last_inspection": date(2024, 1, 1)},
            "last_inspection",
            "بازدید",
        ),
    ],
)
def test_validation_names_the_field(ctx, workshops, change, field, words):
    _place, (a, _b) = workshops["gorgan"]
    with pytest.raises(ServiceError) as err:
        save_equipment(ctx, _item(a, **change))
    assert err.value.field == field
    assert words in err.value.message
    assert count_equipment(ctx, ListQuery()) == 0


def test_asset_number_unique_per_place_among_live_items(ctx, workshops):
    _g, (a, b) = workshops["gorgan"]
    _s, (c,) = workshops["sari"]
    first = save_equipment(ctx, _item(a, asset_number="500"))
    with pytest.raises(ServiceError) as err:  # same place, other workshop
        save_equipment(ctx, _item(b, asset_number="۵۰۰", name="میز"))
    assert err.value.field == "asset_number" and "دریل" in err.value.message
    save_equipment(ctx, _item(c, asset_number="500"))  # another place: allowed
    delete_equipment(ctx, first.id)  # a tombstone frees the number
    again = save_equipment(ctx, _item(b, asset_number="500", name="میز"))
    assert again.asset_number == "500"
    with ctx.session() as session:  # the tombstone is still there
        rows = session.scalars(select(Equipment).where(Equipment.asset_number == "500")).all()
    assert len(rows) == 3 and sum(r.deleted_at is not None for r in rows) == 1


def test_stale_version_is_refused(ctx, workshops):
    _g, (a, _b) = workshops["gorgan"]
    saved = save_equipment(ctx, _item(a))
    save_equipment(ctx, _item(a, id=saved.id, version=saved.version, name="دریل ۲"))
    with pytest.raises(ServiceError):
        save_equipment(ctx, _item(a, id=saved.id, version=saved.version, name="دریل ۳"))


def test_move_keeps_history_and_checks_the_target_place(ctx, workshops):
    gorgan, (a, b) = workshops["gorgan"]
    sari, (c,) = workshops["sari"]
    item = save_equipment(ctx, _item(a, asset_number="700", acquired_on=date(2024, 1, 1)))
    with pytest.raises(ServiceError) as err:
        move_equipment(ctx, item.id, item.version, a.id, date(2024, 2, 1))
    assert err.value.field == "to_workshop_id"
    with pytest.raises(ServiceError) as err:
        move_equipment(ctx, item.id, item.version, b.id, date(2023, 2, 1))
    assert err.value.field == "moved_on"
    moved = move_equipment(ctx, item.id, item.version, b.id, date(2024, 3, 1), "برای دوره")
    assert moved.workshop_id == b.id and moved.place_id == gorgan.id
    save_equipment(ctx, _item(c, asset_number="700", name="میز"))  # Sari has a 700 too
    with pytest.raises(ServiceError) as err:
        move_equipment(ctx, item.id, moved.version, c.id, date(2024, 4, 1))
    assert err.value.field == "to_workshop_id" and "۷۰۰" in err.value.message
    history = equipment_moves(ctx, item.id)
    assert [(m.from_workshop, m.to_workshop, m.note) for m in history] == [
        ("کارگاه برق — مرکز گرگان", "کارگاه رایانه — مرکز گرگان", "برای دوره")
    ]
    # filters follow the item
    assert count_equipment(ctx, ListQuery().with_filter("workshop_id", b.id)) == 1
    assert count_equipment(ctx, ListQuery().with_filter("place_id", sari.id)) == 1


def test_changing_the_workshop_in_the_form_is_recorded_as_a_move(ctx, workshops):
    _g, (a, b) = workshops["gorgan"]
    item = save_equipment(ctx, _item(a))
    save_equipment(ctx, _item(b, id=item.id, version=item.version))
    assert len(equipment_moves(ctx, item.id)) == 1


def test_list_filters_search_and_persian_order(ctx, workshops):
    _g, (a, b) = workshops["gorgan"]
    names = ["یخچال", "پرینتر", "تابلو", "چکش", "ژنراتور", "گیره", "کولر", "بخاری", "زنجیر"]
    for i, name in enumerate(names):
        condition = ("sound", "needs_repair", "unusable", "scrapped")[i % 4]
        save_equipment(
            ctx, _item(a if i % 2 else b, asset_number=f"{i}", name=name, condition=condition)
        )
    listed = [r.name for r in equipment_page(ctx, ListQuery(), 0, 50)]
    assert listed == [
        "بخاری",
        "پرینتر",
        "تابلو",
        "چکش",
        "زنجیر",
        "ژنراتور",
        "کولر",
        "گیره",
        "یخچال",
    ]
    assert listed == sorted(names, key=sort_key)
    desc = [r.name for r in equipment_page(ctx, ListQuery(descending=True), 0, 2)]
    assert desc == ["یخچال", "گیره"]
    assert count_equipment(ctx, ListQuery().with_filter("condition", "scrapped")) == 2
    assert count_equipment(ctx, ListQuery().with_filter("workshop_id", a.id)) == 4
    assert [r.name for r in equipment_page(ctx, ListQuery(search="كولر"), 0, 5)] == ["کولر"]
    assert [r.asset_number for r in equipment_page(ctx, ListQuery(search="۸"), 0, 5)] == ["8"]


def test_photo_is_stored_deferred_and_read_back(ctx, workshops):
    _g, (a, _b) = workshops["gorgan"]
    png = io.BytesIO()
    Image.new("RGB", (300, 200), (200, 10, 10)).save(png, format="PNG")
    photo = prepare_photo(png.getvalue(), EQUIPMENT)
    saved = save_equipment(ctx, _item(a, photo=photo))
    assert get_equipment(ctx, saved.id).photo == photo
    row = equipment_page(ctx, ListQuery(), 0, 1)[0]
    assert not hasattr(row, "photo")  # lists never carry it


def test_excel_export_content_and_condition_filter(ctx, workshops, tmp_path):
    _g, (a, _b) = workshops["gorgan"]
    save_equipment(
        ctx,
        _item(
            a,
            asset_number="1001",
            name="دستگاه جوش",
            acquired_on=date(2024, 3, 20),
            price_rial=140_000_000,
            condition="needs_repair",
        ),
    )
    save_equipment(ctx, _item(a, asset_number="1002", name="میز کار"))
    path = tmp_path / "eq.xlsx"
    assert export_equipment_excel(ctx, path) == 2
    sheet = load_workbook(path).active
    assert sheet.sheet_view.rightToLeft
    header = [c.value for c in sheet[1]]
    assert header[0] == "شماره اموال" and "وضعیت" in header
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    weld = rows["1001"]
    assert weld[1] == "دستگاه جوش" and weld[8] == 140_000_000
    assert weld[7] == "1403/01/01" and weld[9] == "نیازمند تعمیر"
    assert weld[11] == "کارگاه برق" and weld[12] == "مرکز گرگان"
    only = tmp_path / "repair.xlsx"
    query = ListQuery().with_filter("condition", "needs_repair")
    assert export_equipment_excel(ctx, only, query) == 1
    assert [r[0] for r in load_workbook(only).active.iter_rows(min_row=2, values_only=True)] == [
        "1001"
    ]


def test_other_text_columns_sort_with_the_persian_collation(ctx, workshops):
    _g, (a, _b) = workshops["gorgan"]
    for i, category in enumerate(["یدکی", "گرمایشی", "پنوماتیک", "برقی", "چوبی"]):
        save_equipment(ctx, _item(a, asset_number=str(i), category=category))
    rows = equipment_page(ctx, ListQuery(sort="category"), 0, 10)
    assert [r.category for r in rows] == ["برقی", "پنوماتیک", "چوبی", "گرمایشی", "یدکی"]


def test_search_scans_instead_of_walking_the_sort_index(ctx, workshops):
    """Without search the first page walks the name_sort index; with a search word the
    sort key is wrapped so SQLite filters by instr() and sorts only the matches."""
    from desktop_app.services.places.equipment import EQUIPMENT

    def plan(query):
        stmt = EQUIPMENT.page_statement(query, 0, 200)
        compiled = stmt.compile(ctx.engine, compile_kwargs={"literal_binds": True})
        with ctx.engine.connect() as conn:
            rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}").all()
        return " | ".join(str(r[-1]) for r in rows)

    assert "TEMP B-TREE FOR ORDER BY" not in plan(ListQuery())
    assert "ix_equipment_name_sort" in plan(ListQuery())
    searching = plan(ListQuery(search="دریل"))
    assert "TEMP B-TREE FOR ORDER BY" in searching
    assert "ix_equipment_name_sort" not in searching
