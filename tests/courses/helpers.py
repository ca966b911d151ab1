"""Helpers of the course tests: an office with a place, workshops, a standard and
trainers, and a helper that makes a valid draft course."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from desktop_app.documents.office import OfficeSettings
from desktop_app.models import Trainer
from desktop_app.persian import search_key
from desktop_app.services.core.records import new_record
from desktop_app.services.courses.courses import CourseData, Slot, save_course
from desktop_app.services.courses.standards import StandardData, save_standard
from desktop_app.services.office.settings import save_office_settings
from desktop_app.services.places.places import PlaceData, WorkshopData, save_place, save_workshop

START = date(2026, 1, 10)


def set_level(ctx, level: str, office_code: str = "2701") -> None:
    save_office_settings(
        ctx, OfficeSettings(office_name=f"اداره {level}", office_code=office_code, level=level)
    )


def add_trainer(ctx, first: str, last: str, codes: list[str], active: bool = True) -> uuid.UUID:
    with ctx.session() as session:
        row = new_record(session, Trainer)
        row.first_name, row.last_name = first, last
        row.national_code = str(uuid.uuid4().int)[:10]
        row.standard_codes = codes
        row.active = active
        row.search_text = search_key(f"{first} {last}")
        session.flush()
        return row.id


@dataclass
class Office:
    ctx: object
    place_id: uuid.UUID
    institute_id: uuid.UUID
    workshop_id: uuid.UUID
    small_workshop_id: uuid.UUID
    institute_workshop_id: uuid.UUID
    standard_id: uuid.UUID
    long_standard_id: uuid.UUID
    trainer_id: uuid.UUID
    other_trainer_id: uuid.UUID

    def course(self, **changes) -> CourseData:
        values = dict(
            standard_id=self.standard_id,
            place_id=self.place_id,
            workshop_id=self.workshop_id,
            trainer_ids=[self.trainer_id],
            start_date=START,
            end_date=START + timedelta(days=60),
            schedule=[Slot(0, "08:00", "12:00"), Slot(2, "08:00", "12:00")],
            capacity=14,
            fee=0,
            gender="mixed",
            registration_open=START - timedelta(days=30),
            registration_close=START - timedelta(days=1),
        )
        values.update(changes)
        return CourseData(**values)

    def draft(self, **changes) -> CourseData:
        return save_course(self.ctx, self.course(**changes))


def make_office(ctx, office_code: str = "2701") -> Office:
    set_level(ctx, "center", office_code)
    place = save_place(
        ctx,
        PlaceData(name="مرکز شمارهٔ ۱", code=f"{office_code}01", province="گلستان", city="گرگان"),
    )
    institute = save_place(
        ctx,
        PlaceData(
            kind="institute",
            name="آموزشگاه آزاد رایان",
            code=f"{office_code}50",
            province="گلستان",
            city="گرگان",
            licence_number="۲۷/۱",
            licence_expiry=date(2030, 1, 1),
        ),
    )

    def workshop(place_id, name, capacity):
        return save_workshop(
            ctx,
            WorkshopData(place_id=place_id, name=name, occupation_group="برق", capacity=capacity),
        ).id

    standard = save_standard(
        ctx,
        StandardData(
            title="برق‌کار ساختمان",
            code="7411/53/1/2",
            total_hours=280,
            theory_hours=90,
            practice_hours=190,
            occupation_group="برق",
        ),
    )
    long_standard = save_standard(
        ctx,
        StandardData(
            title="تعمیرکار خودرو",
            code="7231/53/1/1",
            total_hours=450,
            theory_hours=120,
            practice_hours=330,
            occupation_group="مکانیک خودرو",
        ),
    )
    return Office(
        ctx=ctx,
        place_id=place.id,
        institute_id=institute.id,
        workshop_id=workshop(place.id, "کارگاه برق", 16),
        small_workshop_id=workshop(place.id, "کارگاه کوچک", 8),
        institute_workshop_id=workshop(institute.id, "کارگاه آموزشگاه", 16),
        standard_id=standard.id,
        long_standard_id=long_standard.id,
        trainer_id=add_trainer(ctx, "مهدی", "قاسمی", ["7411/53/1/2", "۷۲۳۱/۵۳/۱/۱"]),
        other_trainer_id=add_trainer(ctx, "الهام", "صفری", ["4-32/11/1/3"]),
    )
