"""Trainer services: validation messages naming the field, unique national codes among
live trainers, education/retraining rows added/changed/removed/reordered as records,
the photo, stale edits, and the list's search and filters."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import pytest
from PIL import Image
from sqlalchemy import select

from desktop_app.documents.trainer_data import EducationRow, RetrainingRow, TrainerData
from desktop_app.models import Retraining, Trainer, TrainerEducation
from desktop_app.persian import from_jalali
from desktop_app.services.core.errors import NotFoundError, ServiceError
from desktop_app.services.core.listing import ListQuery
from desktop_app.services.demo.demo_trainers import national_code
from desktop_app.services.places.places import PlaceData, save_place
from desktop_app.services.trainers.trainers import (
    clear_trainer_photo,
    count_trainers,
    delete_trainer,
    find_trainer,
    get_trainer,
    save_trainer,
    set_trainer_photo,
    trainer_page,
    validated,
)

CODE_A = national_code("222045871")  # 2220458717
CODE_B = national_code("497362150")


@pytest.fixture
def place(ctx):
    return save_place(
        ctx, PlaceData(name="مرکز شمارهٔ ۱ گرگان", code="270101", province="گلستان", city="گرگان")
    )


@pytest.fixture
def other_place(ctx):
    return save_place(
        ctx, PlaceData(name="مرکز ساری", code="110101", province="مازندران", city="ساری")
    )


def _trainer(place, **changes) -> TrainerData:
    values = dict(
        first_name="محمدرضا",
        last_name="قربانی",
        father_name="علی",
        national_code=CODE_A,
        birth_date=from_jalali(1355, 4, 12),
        hire_date=from_jalali(1380, 7, 1),
        mobile="09111712345",
        place_id=place.id,
        employment_type="official",
        occupation_groups=["برق"],
        standard_codes=["7-41/11/1/3"],
        education=[EducationRow(degree="کارشناسی", field="برق", graduation_year=1379)],
        retraining=[
            RetrainingRow(
                course_title="برق‌کار صنعتی",
                standard_code="7-41/12/1/4",
                hours=40,
                start_date=from_jalali(1398, 5, 4),
                end_date=from_jalali(1398, 5, 15),
            )
        ],
    )
    values.update(changes)
    return TrainerData(**values)


def _error(data: TrainerData) -> ServiceError:
    with pytest.raises(ServiceError) as info:
        validated(data, on=date(2026, 11, 22))
    return info.value


def _photo(size=(600, 800), fmt="PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (30, 90, 160)).save(out, format=fmt)
    return out.getvalue()


def test_save_normalizes_and_get_returns_the_rows(ctx, place):
    saved = save_trainer(
        ctx,
        _trainer(
            place,
            first_name="علي",  # Arabic yeh
            national_code="۲۲۲۰۴۵۸۷۱۷",
            mobile="+98 911 171 2345",
            standard_codes=["۷-۴۱/۱۱/۱/۳", "7-41/11/1/3", " 4-84/15/1/3 "],
            occupation_groups=["برق", "برق", "رايانه"],
        ),
    )
    assert saved.id is not None and saved.version == 1
    assert saved.first_name == "علی"
    assert saved.national_code == CODE_A
    assert saved.mobile == "09111712345"
    assert saved.standard_codes == ["7-41/11/1/3", "4-84/15/1/3"]
    assert saved.occupation_groups == ["برق", "رایانه"]
    assert saved.education[0].id is not None and saved.retraining[0].hours == 40
    assert get_trainer(ctx, saved.id) == saved
    assert find_trainer(ctx, "٢٢٢٠٤٥٨٧١٧").id == saved.id  # Arabic-Indic digits


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"first_name": "  "}, "first_name", "نام مربی"),
        ({"last_name": ""}, "last_name", "نام خانوادگی"),
        ({"national_code": "2220458718"}, "national_code", "رقم کنترل"),
        ({"national_code": ""}, "national_code", "کد ملی"),
        ({"mobile": "0911"}, "mobile", ""),
        ({"birth_certificate_number": "12a"}, "birth_certificate_number", "شناسنامه"),
        ({"birth_date": date(2027, 1, 1)}, "birth_date", "آینده"),
        ({"birth_date": date(2015, 1, 1), "hire_date": None}, "birth_date", "۱۸ سال"),
        ({"hire_date": from_jalali(1350, 1, 1)}, "hire_date", "پس از تاریخ تولد"),
        ({"hire_date": date(2030, 1, 1)}, "hire_date", "آینده"),
        ({"employment_type": "x"}, "employment_type", "نوع استخدام"),
        ({"place_id": None}, "place_id", "محل خدمت"),
        ({"standard_codes": ["ab-12"]}, "standard_codes", "کد استاندارد"),
    ],
)
def test_validation_names_the_field(place, changes, field, words):
    error = _error(_trainer(place, **changes))
    assert error.field == field
    assert words in error.message


@pytest.mark.parametrize(
    ("row", "words"),
    [
        (EducationRow(field="برق", graduation_year=1379), "ردیف ۱ سوابق تحصیلی: مقطع"),
        (EducationRow(degree="دیپلم", field="برق", graduation_year=2001), "میلادی"),
        (EducationRow(degree="دیپلم", field="برق", graduation_year=1350), "بین ۱۳۶۵ و"),
        (EducationRow(degree="دیپلم", graduation_year=1379), "رشتهٔ تحصیلی"),
    ],
)
def test_education_rows_are_checked(place, row, words):
    ok = EducationRow(degree="دیپلم", field="الکترونیک", graduation_year=1373)
    error = _error(_trainer(place, education=[row]))
    assert error.field == "education"
    assert words in error.message
    # blank rows are dropped; the number is the row's place in the table as shown
    error = _error(_trainer(place, education=[ok, EducationRow(), row]))
    assert error.message.startswith("ردیف ۳ سوابق تحصیلی")
    assert validated(_trainer(place, education=[ok, EducationRow()])).education == [ok]


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"course_title": ""}, "عنوان دوره"),
        ({"hours": 0}, "ساعت دوره"),
        ({"hours": -5}, "ساعت دوره"),
        ({"end_date": from_jalali(1398, 5, 1)}, "پیش از تاریخ شروع"),
        ({"start_date": None}, "تاریخ شروع"),
        ({"standard_code": "کد"}, "کد استاندارد"),
    ],
)
def test_retraining_rows_are_checked(place, changes, words):
    row = replace(_trainer(place).retraining[0], **changes)
    error = _error(_trainer(place, retraining=[row]))
    assert error.field == "retraining"
    assert error.message.startswith("ردیف ۱ بازآموزی")
    assert words in error.message


def test_end_equal_to_start_is_fine(place):
    row = replace(_trainer(place).retraining[0], end_date=from_jalali(1398, 5, 4))
    assert validated(_trainer(place, retraining=[row])).retraining[0].end_date == row.end_date


def test_national_code_unique_among_live_trainers(ctx, place):
    first = save_trainer(ctx, _trainer(place))
    with pytest.raises(ServiceError) as info:
        save_trainer(ctx, _trainer(place, first_name="حسن"))
    assert info.value.field == "national_code"
    assert "قربانی" in info.value.message
    save_trainer(ctx, replace(first, last_name="قربانی‌نژاد"))  # itself is no clash
    delete_trainer(ctx, first.id)
    again = save_trainer(ctx, _trainer(place, first_name="حسن"))  # tombstone frees it
    assert again.id != first.id
    with pytest.raises(NotFoundError):
        get_trainer(ctx, first.id)


def test_rows_added_changed_removed_and_reordered(ctx, place):
    data = _trainer(
        place,
        education=[
            EducationRow(degree="دیپلم", field="الکتروتکنیک", graduation_year=1373),
            EducationRow(degree="کارشناسی", field="برق قدرت", graduation_year=1379),
            EducationRow(degree="کارشناسی ارشد", field="برق", graduation_year=1385),
        ],
    )
    saved = save_trainer(ctx, data)
    diploma, bachelor, master = saved.education
    # reorder (master first), change the bachelor, remove the diploma, add a doctorate
    edited = replace(
        saved,
        education=[
            master,
            replace(bachelor, university="دانشگاه گلستان"),
            EducationRow(degree="دکتری", field="برق", graduation_year=1395),
        ],
    )
    stored = save_trainer(ctx, edited)
    assert [e.degree for e in stored.education] == ["کارشناسی ارشد", "کارشناسی", "دکتری"]
    assert stored.education[0].id == master.id and stored.education[1].id == bachelor.id
    assert stored.education[1].university == "دانشگاه گلستان"
    assert stored.version == 2
    with ctx.session() as session:
        rows = {r.id: r for r in session.scalars(select(TrainerEducation))}
        assert rows[diploma.id].deleted_at is not None  # tombstoned, not erased
        assert rows[master.id].position == 0 and rows[bachelor.id].position == 1
        assert len(rows) == 4
    # rows alone changing still raise the trainer's version (a stale form is refused)
    only_rows = save_trainer(ctx, replace(stored, retraining=[]))
    assert only_rows.version == 3 and only_rows.retraining == []
    with pytest.raises(ServiceError) as info:
        save_trainer(ctx, replace(stored, grade="پایه ۱"))
    assert "تغییر کرده" in info.value.message
    # saving unchanged data does not raise the version
    assert save_trainer(ctx, only_rows).version == 3


def test_delete_tombstones_the_rows_too(ctx, place):
    saved = save_trainer(ctx, _trainer(place))
    delete_trainer(ctx, saved.id)
    with ctx.session() as session:
        assert session.get(Trainer, saved.id).deleted_at is not None
        assert all(r.deleted_at is not None for r in session.scalars(select(Retraining)))
    assert count_trainers(ctx, ListQuery()) == 0


def test_photo_set_clear_and_in_save(ctx, place):
    saved = save_trainer(ctx, _trainer(place))
    with_photo = set_trainer_photo(ctx, saved.id, _photo())
    assert with_photo.photo[:3] == b"\xff\xd8\xff"
    assert Image.open(io.BytesIO(with_photo.photo)).size == (300, 400)
    assert with_photo.version == 2
    with pytest.raises(ServiceError) as info:
        set_trainer_photo(ctx, saved.id, b"not an image")
    assert info.value.field == "photo"
    assert get_trainer(ctx, saved.id).photo == with_photo.photo  # nothing else lost
    cleared = clear_trainer_photo(ctx, saved.id)
    assert cleared.photo is None
    # a photo in the form data (any format) is prepared on save
    stored = save_trainer(ctx, replace(cleared, photo=_photo((900, 900), "BMP")))
    assert Image.open(io.BytesIO(stored.photo)).size == (300, 400)
    with pytest.raises(ServiceError) as info:
        save_trainer(ctx, replace(stored, photo=b"broken"))
    assert info.value.field == "photo"


def test_list_search_and_filters(ctx, place, other_place):
    save_trainer(ctx, _trainer(place))
    save_trainer(
        ctx,
        _trainer(
            other_place,
            first_name="زهرا",
            last_name="میرشکاری",
            national_code=CODE_B,
            employment_type="hourly",
            occupation_groups=["رایانه", "الکترونیک"],
            active=False,
        ),
    )

    def names(**query) -> list[str]:
        return [r.last_name for r in trainer_page(ctx, ListQuery(**query), 0, 50)]

    assert names() == ["قربانی", "میرشکاری"]
    assert names(search="ميرشكاري") == ["میرشکاری"]  # Arabic yeh and kaf
    assert names(search="۴۹۷۳۶") == ["میرشکاری"]  # part of the national code, Persian digits
    assert names(search="محمدرضا ٢٢٢") == ["قربانی"]
    assert names(filters=(("place_id", other_place.id),)) == ["میرشکاری"]
    assert names(filters=(("employment_type", "official"),)) == ["قربانی"]
    assert names(filters=(("active", True),)) == ["قربانی"]
    assert names(filters=(("occupation_group", "الکترونیک"),)) == ["میرشکاری"]
    assert names(filters=(("occupation_group", "برق"),)) == ["قربانی"]
    assert names(filters=(("occupation_group", "رایانه"), ("active", True))) == []
    row = trainer_page(ctx, ListQuery(search=CODE_A), 0, 1)[0]
    assert row.place_name == place.name and row.name == "محمدرضا قربانی"
    assert count_trainers(ctx, ListQuery(filters=(("occupation_group", "برق"),))) == 1


def test_list_sorts_by_family_then_first_name_in_persian_order(ctx, place):
    from desktop_app.services.demo.demo_trainers import national_code

    people = [("رضا", "یزدانی"), ("مریم", "پاکزاد"), ("علی", "پاکزاد"), ("زهرا", "بهرامی")]
    for n, (first, last) in enumerate(people):
        save_trainer(
            ctx,
            _trainer(
                place, first_name=first, last_name=last, national_code=national_code(f"1{n}2045871")
            ),
        )
    rows = trainer_page(ctx, ListQuery(sort="last_name"), 0, 10)
    assert [r.name for r in rows] == ["زهرا بهرامی", "علی پاکزاد", "مریم پاکزاد", "رضا یزدانی"]
    rows = trainer_page(ctx, ListQuery(search="پاکزاد", sort="last_name", descending=True), 0, 10)
    assert [r.name for r in rows] == ["مریم پاکزاد", "علی پاکزاد"]
