"""Plain data of a registration: the wizard's steps, the vocabularies its choices use,
and ``RegistrationForm``, everything the clerk types in the wizard. Standard library
only (the introduction form and the UI read these too). Any thread.

``RegistrationForm.to_json()`` / ``from_json()`` give the draft's JSON: dates as ISO
text, the photo as base64, so a draft written by one version reads back in the next.
"""

from __future__ import annotations

import base64
from dataclasses import asdict, dataclass, fields
from datetime import date
from typing import Any

#: The wizard's pages, in order (the seed's steps 2–8 at the counter).
STEPS: tuple[str, ...] = (
    "course_kind",
    "course",
    "payment",
    "personal",
    "photo",
    "education",
    "review",
)
STEP_TITLES: dict[str, str] = {
    "course_kind": "استان و نوع دوره",
    "course": "انتخاب دوره",
    "payment": "کارت ثبت‌نام",
    "personal": "اطلاعات فردی",
    "photo": "عکس پرسنلی",
    "education": "تحصیلات و اطلاعات تکمیلی",
    "review": "بازبینی و تأیید نهایی",
}

COURSE_KINDS: dict[str, str] = {"public": "دولتی", "private": "آزاد"}
GENDERS: dict[str, str] = {"male": "مرد", "female": "زن"}
MARITAL_STATUSES: dict[str, str] = {"single": "مجرد", "married": "متأهل"}
MILITARY_STATUSES: dict[str, str] = {
    "completed": "پایان خدمت",
    "exempt": "معاف دائم",
    "education_exempt": "معافیت تحصیلی",
    "serving": "در حال خدمت",
    "liable": "مشمول",
}
EDUCATION_LEVELS: dict[str, str] = {
    "primary": "ابتدایی",
    "middle": "سیکل",
    "diploma": "دیپلم",
    "associate": "کاردانی",
    "bachelor": "کارشناسی",
    "master": "کارشناسی ارشد",
    "doctorate": "دکتری",
}
#: Levels whose field of study must be given.
LEVELS_WITH_FIELD = frozenset({"diploma", "associate", "bachelor", "master", "doctorate"})
EMPLOYMENT_STATUSES: dict[str, str] = {
    "unemployed": "جویای کار",
    "employed": "شاغل",
    "student": "دانش‌آموز یا دانشجو",
    "homemaker": "خانه‌دار",
    "retired": "بازنشسته",
}
HEARD_FROM: dict[str, str] = {
    "friends": "دوستان و آشنایان",
    "website": "پورتال سازمان",
    "social_media": "شبکه‌های اجتماعی",
    "radio_tv": "صدا و سیما",
    "notice": "اطلاعیهٔ مرکز",
    "counseling": "مشاورهٔ شغلی",
    "other": "سایر",
}
PAYMENT_METHODS: dict[str, str] = {
    "online": "سامانهٔ پرداخت (کارت اعتباری)",
    "counter": "پرداخت در محل",
}
ENROLLMENT_STATES: dict[str, str] = {
    "registered": "ثبت‌نام‌شده",
    "attending": "در حال آموزش",
    "withdrawn": "انصراف",
    "finished": "پایان دوره",
}
#: States that hold a seat in the course.
SEAT_STATES: tuple[str, ...] = ("registered", "attending")


@dataclass
class RegistrationForm:
    """What the clerk types in the wizard, step by step (field names are the keys of
    the service's ``ServiceError.field``)."""

    # step 1: province and course kind
    province: str = ""
    course_kind: str = "public"
    # step 2: the course
    course_id: str = ""
    # step 3: the registration card
    payment_method: str = "online"
    order_code: str = ""
    payment_tracking_code: str = ""
    file_number: str = ""
    payment_code: str = ""
    amount: int | None = None
    # step 4: personal data (trainee_id: the returning applicant whose data was offered)
    trainee_id: str = ""
    foreign_national: bool = False
    national_code: str = ""
    foreign_id: str = ""
    first_name: str = ""
    last_name: str = ""
    father_name: str = ""
    birth_certificate_number: str = ""
    birth_date: date | None = None
    birthplace: str = ""
    gender: str = ""
    marital_status: str = ""
    military_status: str = ""
    disability: bool = False
    disability_kind: str = ""
    mobile: str = ""
    phone: str = ""
    address: str = ""
    postal_code: str = ""
    # step 5: the personnel photo (the stored 3×4 JPEG)
    photo: bytes | None = None
    # step 6: education and supplementary data
    education_level: str = ""
    education_field: str = ""
    employment_status: str = ""
    heard_from: str = ""

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["birth_date"] = self.birth_date.isoformat() if self.birth_date else None
        data["photo"] = base64.b64encode(self.photo).decode("ascii") if self.photo else None
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RegistrationForm:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        if values.get("birth_date"):
            values["birth_date"] = date.fromisoformat(values["birth_date"])
        if values.get("photo"):
            values["photo"] = base64.b64decode(values["photo"])
        return cls(**values)

    def person_key(self) -> str:
        """The code this applicant is found by (national code or foreign-national ID)."""
        return self.foreign_id if self.foreign_national else self.national_code

    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()
