"""Helpers of the registration tests: an office, open courses, a valid form, photos."""

from __future__ import annotations

import io
import itertools
from datetime import date, timedelta

from PIL import Image, ImageDraw

from desktop_app.documents.office import OfficeSettings
from desktop_app.documents.registration_data import RegistrationForm
from desktop_app.models import Course, Place, SkillStandard, Workshop
from desktop_app.persian import search_key
from desktop_app.services.core.records import new_record
from desktop_app.services.office.settings import save_office_settings

TODAY = date.today()


def photo_bytes(width: int = 600, height: int = 600, fmt: str = "PNG") -> bytes:
    """A generated portrait (not of a real person)."""
    image = Image.new("RGB", (width, height), (200, 210, 230))
    draw = ImageDraw.Draw(image)
    draw.ellipse((width * 0.3, height * 0.15, width * 0.7, height * 0.5), fill=(230, 190, 160))
    draw.rectangle((width * 0.2, height * 0.55, width * 0.8, height), fill=(40, 60, 90))
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


def set_office(ctx, code: str = "2701", fee: int = 50_000) -> None:
    save_office_settings(
        ctx,
        OfficeSettings(
            office_name="مرکز آموزش فنی و حرفه‌ای شمارهٔ ۱ گرگان",
            office_code=code,
            province="گلستان",
            agency="اداره کل آموزش فنی و حرفه‌ای استان گلستان",
            registration_fee=fee,
        ),
    )


def make_course(
    ctx,
    *,
    title: str = "رایانه کار مقدماتی",
    code: str = "2701-00001",
    state: str = "open",
    capacity: int = 20,
    gender: str = "mixed",
    standard_gender: str = "",
    min_age: int | None = 15,
    kind: str = "public",
    province: str = "گلستان",
    window: tuple[date | None, date | None] = (
        TODAY - timedelta(days=5),
        TODAY + timedelta(days=20),
    ),
    start: date = TODAY + timedelta(days=25),
):
    """A course with its standard, place and workshop, written straight to the tables
    (the course workflow that opens it for registration is tested in its own issue)."""
    with ctx.session() as session:
        standard = new_record(session, SkillStandard)
        standard.title = title
        standard.code = f"4-51/{int(code.split('-')[1])}/1/1"
        standard.total_hours = 120
        standard.min_age = min_age
        standard.gender = standard_gender
        standard.search_text = search_key(f"{title} {standard.code}")
        place = new_record(session, Place)
        place.kind = "center" if kind == "public" else "institute"
        place.name = f"مرکز شمارهٔ {code[-1]} گرگان"
        place.code = code.replace("-", "")
        place.province = province
        place.city = "گرگان"
        place.address = "گرگان، بلوار جرجان"
        place.search_text = search_key(place.name)
        session.flush()
        workshop = new_record(session, Workshop)
        workshop.place_id = place.id
        workshop.name = "کارگاه رایانه ۱"
        course = new_record(session, Course)
        course.code = code
        course.code_office = code.split("-")[0]
        course.code_number = int(code.split("-")[1])
        course.standard_id = standard.id
        course.place_id = place.id
        course.workshop_id = workshop.id
        course.kind = kind
        course.start_date = start
        course.end_date = start + timedelta(days=60)
        course.schedule = [{"day": 0, "start": "08:00", "end": "12:00"}]
        course.capacity = capacity
        course.gender = gender
        course.registration_open, course.registration_close = window
        course.state = state
        course.search_text = search_key(f"{title} {code}")
        session.flush()
        return course.id


_CARDS = itertools.count(1)


def valid_form(course_id, **changes) -> RegistrationForm:
    """A form that passes every step; each call has a card of its own (a card serves one
    registration), never the one the wizard tests type."""
    from desktop_app.services.core.images import prepare_photo

    card = next(_CARDS)
    form = RegistrationForm(
        province="گلستان",
        course_kind="public",
        course_id=str(course_id),
        payment_method="online",
        order_code=str(123456 + card),
        payment_tracking_code=str(987654321 + card),
        file_number=str(55501 + card),
        payment_code=str(771122 + card),
        amount=50_000,
        national_code="0012345679",
        first_name="علی",
        last_name="رضایی",
        father_name="حسن",
        birth_certificate_number="1234",
        birth_date=date(2000, 3, 21),
        birthplace="گرگان",
        gender="male",
        marital_status="single",
        military_status="completed",
        mobile="09121234567",
        phone="01732224455",
        address="گرگان، خیابان ولیعصر، پلاک ۳",
        postal_code="4913654321",
        photo=prepare_photo(photo_bytes()),
        education_level="diploma",
        education_field="ریاضی فیزیک",
        employment_status="unemployed",
        heard_from="friends",
    )
    for key, value in changes.items():
        setattr(form, key, value)
    return form
