"""Referential integrity on delete: a place, workshop or trainer that live records
still point at is refused with a Persian message naming what and how many; tombstoned
rows and finished/cancelled courses do not block."""

from __future__ import annotations

import pytest

from desktop_app.models import Course, Place, Trainer, Workshop
from desktop_app.services.core.dependents import persian_list
from desktop_app.services.core.errors import ServiceError
from desktop_app.services.courses.course_workflow import perform
from desktop_app.services.places.equipment import EquipmentData, delete_equipment, save_equipment
from desktop_app.services.places.places import (
    PlaceData,
    WorkshopData,
    delete_place,
    delete_workshop,
    save_place,
    save_workshop,
)
from desktop_app.services.trainers.trainers import delete_trainer
from tests.courses.helpers import make_office


def _refusal(fn, *args) -> str:
    with pytest.raises(ServiceError) as info:
        fn(*args)
    return info.value.message


def _items(ctx, workshop_id, n):
    return [
        save_equipment(
            ctx, EquipmentData(workshop_id=workshop_id, asset_number=f"{900 + i}", name="دریل")
        )
        for i in range(n)
    ]


def _deleted(ctx, model, record_id) -> bool:
    with ctx.session() as session:
        return session.get(model, record_id).deleted_at is not None


def test_persian_list():
    assert persian_list(["الف"]) == "الف"
    assert persian_list(["الف", "ب"]) == "الف و ب"
    assert persian_list(["الف", "ب", "ج"]) == "الف، ب و ج"


def test_workshop_with_equipment_or_unfinished_course_is_kept(ctx):
    office = make_office(ctx)
    items = _items(ctx, office.small_workshop_id, 3)
    message = _refusal(delete_workshop, ctx, office.small_workshop_id)
    assert message == ("کارگاه «کارگاه کوچک» ۳ قلم تجهیزات دارد؛ ابتدا آن‌ها را منتقل یا حذف کنید.")
    for item in items:
        delete_equipment(ctx, item.id)  # tombstoned items do not block
    delete_workshop(ctx, office.small_workshop_id)
    assert _deleted(ctx, Workshop, office.small_workshop_id)

    course = office.draft()  # a draft in «کارگاه برق»
    message = _refusal(delete_workshop, ctx, office.workshop_id)
    assert "۱ دورهٔ تمام‌نشده" in message and "لغو دوره" in message
    perform(ctx, course.id, "cancel", "اشتباه ثبت شد")  # a cancelled course does not block
    delete_workshop(ctx, office.workshop_id)
    with ctx.session() as session:
        assert session.get(Course, course.id).deleted_at is None  # history stays


def test_place_refusal_names_every_kind_with_its_count(ctx):
    office = make_office(ctx)
    _items(ctx, office.workshop_id, 2)
    with ctx.session() as session:
        session.get(Trainer, office.trainer_id).place_id = office.place_id
    office.draft()
    message = _refusal(delete_place, ctx, office.place_id)
    assert message.startswith(
        "مکان «مرکز شمارهٔ ۱» ۲ کارگاه فعال یا در دست تعمیر، ۲ قلم تجهیزات، ۱ مربی و "
        "۱ دورهٔ تمام‌نشده دارد؛ ابتدا آن‌ها را منتقل یا حذف کنید."
    )
    assert not _deleted(ctx, Place, office.place_id)


def test_place_with_only_closed_empty_workshops_goes_with_them(ctx):
    place = save_place(ctx, PlaceData(name="مرکز ۲", code="2702", province="گلستان", city="گرگان"))
    workshop = save_workshop(
        ctx, WorkshopData(place_id=place.id, name="کارگاه", occupation_group="برق")
    )
    save_workshop(ctx, WorkshopData(**{**workshop.__dict__, "status": "closed"}))
    delete_place(ctx, place.id)
    assert _deleted(ctx, Place, place.id) and _deleted(ctx, Workshop, workshop.id)


def test_trainer_of_an_unfinished_course_is_kept(ctx):
    office = make_office(ctx)
    course = office.draft()
    message = _refusal(delete_trainer, ctx, office.trainer_id)
    assert message.startswith("مربی «مهدی قاسمی» ۱ دورهٔ تمام‌نشده دارد؛")
    delete_trainer(ctx, office.other_trainer_id)  # teaches nothing
    perform(ctx, course.id, "cancel", "لغو آزمایشی")
    delete_trainer(ctx, office.trainer_id)
    assert _deleted(ctx, Trainer, office.trainer_id)
