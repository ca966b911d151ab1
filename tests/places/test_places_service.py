"""Places and workshops services: validation, unique codes, tombstones, stale edits, and
the paged list queries (search in any digit script and letter variant, filters, sort)."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.models import Place
from desktop_app.persian import sort_key
from desktop_app.services.core.errors import NotFoundError, ServiceError
from desktop_app.services.core.listing import ListQuery, like_pattern
from desktop_app.services.places.places import (
    PlaceData,
    WorkshopData,
    count_places,
    count_workshops,
    delete_place,
    delete_workshop,
    get_place,
    place_page,
    save_place,
    save_workshop,
    workshop_page,
)


def _center(**changes) -> PlaceData:
    values = dict(
        kind="center",
        province="گلستان",
        city="گرگان",
        name="مرکز شمارهٔ ۱ گرگان",
        code="270101",
        postal_code="4916863311",
        phone="017-32224455",
        manager="رضا کریمی",
    )
    values.update(changes)
    return PlaceData(**values)


def _error(ctx, data) -> ServiceError:
    with pytest.raises(ServiceError) as info:
        save_place(ctx, data)
    return info.value


def test_save_normalizes_and_returns_plain_data(ctx):
    saved = save_place(ctx, _center(name="مركز شماره  يك", code="۲۷۰۱۰۱", manager="علي"))
    assert saved.id is not None and saved.version == 1
    assert saved.name == "مرکز شماره یک"
    assert saved.code == "270101"
    assert saved.phone == "01732224455"
    assert get_place(ctx, saved.id) == saved
    with ctx.session() as session:
        row = session.get(Place, saved.id)
        assert "270101" in row.search_text and "گرگان" in row.search_text


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": " "}, "name"),
        ({"code": ""}, "code"),
        ({"code": "۲۷-الف"}, "code"),
        ({"province": "کالیفرنیا"}, "province"),
        ({"city": ""}, "city"),
        ({"postal_code": "12345"}, "postal_code"),
        ({"phone": "0912"}, "phone"),
        ({"kind": "institute", "licence_expiry": date(2027, 1, 1)}, "licence_number"),
        ({"kind": "institute", "licence_number": "۱۲۳۴"}, "licence_expiry"),
    ],
)
def test_validation_names_the_field_in_persian(ctx, changes, field):
    error = _error(ctx, _center(**changes))
    assert error.field == field
    assert any("\u0600" <= c <= "\u06ff" for c in error.message)
    assert count_places(ctx, ListQuery()) == 0


def test_licence_is_kept_for_institutes_only(ctx):
    institute = save_place(
        ctx,
        _center(
            kind="institute", code="2799", licence_number="۴۵۶", licence_expiry=date(2027, 3, 20)
        ),
    )
    assert institute.licence_number == "۴۵۶" and institute.licence_expiry == date(2027, 3, 20)
    center = save_place(ctx, _center(licence_number="x", licence_expiry=date(2027, 1, 1)))
    assert center.licence_number == "" and center.licence_expiry is None


def test_code_is_unique_among_live_places_and_freed_by_delete(ctx):
    first = save_place(ctx, _center())
    error = _error(ctx, _center(name="دیگر"))
    assert error.field == "code" and "مرکز شمارهٔ ۱ گرگان" in error.message
    delete_place(ctx, first.id)
    with pytest.raises(NotFoundError):
        get_place(ctx, first.id)
    second = save_place(ctx, _center(name="دیگر"))
    with ctx.session() as session:  # the tombstone stays for sync
        assert session.get(Place, first.id).deleted_at is not None
    assert count_places(ctx, ListQuery()) == 1
    assert place_page(ctx, ListQuery(), 0, 10)[0].id == second.id


def test_stale_edit_is_refused(ctx):
    saved = save_place(ctx, _center())
    updated = save_place(ctx, PlaceData(**{**saved.__dict__, "manager": "مینا احمدی"}))
    assert updated.version == 2
    error = _error(ctx, PlaceData(**{**saved.__dict__, "city": "گنبد کاووس"}))
    assert error.field is None and "تغییر کرده" in error.message
    assert get_place(ctx, saved.id).city == "گرگان"


def test_place_with_open_workshops_refuses_delete(ctx):
    place = save_place(ctx, _center())
    workshop = save_workshop(
        ctx, WorkshopData(place_id=place.id, name="کارگاه برق", occupation_group="برق")
    )
    with pytest.raises(ServiceError) as info:
        delete_place(ctx, place.id)
    assert "۱ کارگاه" in info.value.message
    save_workshop(ctx, WorkshopData(**{**workshop.__dict__, "status": "closed"}))
    delete_place(ctx, place.id)
    assert count_workshops(ctx, ListQuery()) == 0


def test_workshop_validation_and_unique_name_per_place(ctx):
    place = save_place(ctx, _center())
    for data, field in [
        (WorkshopData(name="x", occupation_group="برق"), "place_id"),
        (WorkshopData(place_id=place.id, occupation_group="برق"), "name"),
        (WorkshopData(place_id=place.id, name="x", occupation_group="برق", area_m2=0), "area_m2"),
        (
            WorkshopData(place_id=place.id, name="x", occupation_group="برق", capacity=5000),
            "capacity",
        ),
        (WorkshopData(place_id=place.id, name="x", occupation_group="برق", status="?"), "status"),
    ]:
        with pytest.raises(ServiceError) as info:
            save_workshop(ctx, data)
        assert info.value.field == field
    first = save_workshop(
        ctx, WorkshopData(place_id=place.id, name="رایانه ۱", occupation_group="رایانه")
    )
    with pytest.raises(ServiceError) as info:
        save_workshop(
            ctx, WorkshopData(place_id=place.id, name="رایانه ۱", occupation_group="رایانه")
        )
    assert info.value.field == "name"
    delete_workshop(ctx, first.id)
    save_workshop(ctx, WorkshopData(place_id=place.id, name="رایانه ۱", occupation_group="رایانه"))


@pytest.fixture
def many_places(ctx):
    for i in range(45):
        save_place(
            ctx,
            _center(
                name=f"مرکز {['کشاورزی', 'رایانه', 'پوشاک'][i % 3]} {i:02d}",
                code=f"{2700 + i}",
                province="گلستان" if i % 2 else "مازندران",
                city="گرگان" if i % 2 else "ساری",
                kind="center" if i % 5 else "institute",
                licence_number="۱۰" if i % 5 == 0 else "",
                licence_expiry=date(2027, 1, 1) if i % 5 == 0 else None,
                manager="کاظم می‌رزایی" if i == 7 else "رضا کریمی",
            ),
        )


def test_paging_covers_every_row_once_in_order(ctx, many_places):
    query = ListQuery(sort="code")
    assert count_places(ctx, query) == 45
    rows = [r for off in range(0, 45, 20) for r in place_page(ctx, query, off, 20)]
    assert [r.code for r in rows] == [str(2700 + i) for i in range(45)]
    desc = place_page(ctx, ListQuery(sort="code", descending=True), 0, 3)
    assert [r.code for r in desc] == ["2744", "2743", "2742"]
    names = [r.name for r in place_page(ctx, ListQuery(), 0, 45)]  # default: by name
    assert names == sorted(names, key=lambda n: (sort_key(n), n))  # Persian order


def test_search_any_script_and_letter_variant(ctx, many_places):
    assert [r.code for r in place_page(ctx, ListQuery(search="۲۷۰۷"), 0, 10)] == ["2707"]
    assert [r.code for r in place_page(ctx, ListQuery(search="٢٧٠٧"), 0, 10)] == ["2707"]
    arabic_kaf = ListQuery(search="كشاورزي")  # Arabic kaf and yeh
    assert count_places(ctx, arabic_kaf) == 15
    assert count_places(ctx, ListQuery(search="میرزایی")) == 1  # stored with ZWNJ
    assert count_places(ctx, ListQuery(search="رایانه گرگان")) == 8  # every word must match
    assert count_places(ctx, ListQuery(search="100%")) == 0


def test_filters_and_combination(ctx, many_places):
    golestan = ListQuery().with_filter("province", "گلستان")
    assert count_places(ctx, golestan) == 22
    institutes = golestan.with_filter("kind", "institute")
    assert all(r.kind == "institute" for r in place_page(ctx, institutes, 0, 50))
    assert count_places(ctx, institutes) == 4
    assert count_places(ctx, institutes.with_filter("kind", None)) == 22


def test_workshop_list_joins_place_and_filters(ctx):
    a = save_place(ctx, _center())
    b = save_place(ctx, _center(code="2702", name="آموزشگاه آزاد فردا", city="ساری"))
    save_workshop(
        ctx, WorkshopData(place_id=a.id, name="جوشکاری", occupation_group="جوشکاری و ساخت")
    )
    save_workshop(
        ctx, WorkshopData(place_id=b.id, name="برق صنعتی", occupation_group="برق", status="repair")
    )
    rows = workshop_page(ctx, ListQuery(sort="place_name"), 0, 10)
    assert [r.place_name for r in rows] == ["آموزشگاه آزاد فردا", "مرکز شمارهٔ ۱ گرگان"]
    assert count_workshops(ctx, ListQuery().with_filter("place_id", a.id)) == 1
    assert count_workshops(ctx, ListQuery().with_filter("status", "repair")) == 1
    assert count_workshops(ctx, ListQuery(search="برق")) == 1


def test_like_pattern_escapes_wildcards():
    assert like_pattern("50%_a\\") == "%50\\%\\_a\\\\%"
