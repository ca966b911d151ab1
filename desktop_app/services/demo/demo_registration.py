"""Demo trainees registered in the demo courses open for registration (through the
same confirmation as the counter, with generated photos — drawn shapes, never a real
person), and counseling sessions, one of them with an applicant who has not
registered. Invented but realistic. No Qt; any thread.
"""

from __future__ import annotations

import io
import random
from datetime import date, timedelta

from PIL import Image, ImageDraw

from desktop_app.documents.course import CourseInfo
from desktop_app.documents.registration_data import RegistrationForm
from desktop_app.persian import today
from desktop_app.services.accounts import access
from desktop_app.services.core.context import AppContext
from desktop_app.services.core.images import PERSONNEL, prepare_photo
from desktop_app.services.registration.counseling import CounselingData, save_counseling
from desktop_app.services.registration.registration import confirm_registration
from desktop_app.services.registration.registration_courses import open_courses
from desktop_app.services.registration.trainees import set_enrollment_state

_MEN = ("محمد", "علی", "حسین", "رضا", "مهدی", "امیر", "سجاد", "یاسر", "عرفان", "پویا")
_WOMEN = ("فاطمه", "زهرا", "مریم", "سارا", "نرگس", "الهام", "مینا", "پریسا")
_LAST = (
    "قربانی", "حسینی", "رحیمی", "آق‌اتابای", "نوروزی", "کریمی", "جعفری", "ساروی",
    "طاهری", "میرزایی", "اسدی", "کوهی",
)  # fmt: skip
_FATHERS = ("احمد", "قربان", "یوسف", "محمود", "عباس", "ابراهیم")
_CITIES = ("گرگان", "گنبد کاووس", "علی‌آباد کتول", "آق‌قلا", "کردکوی")
_STREETS = ("بلوار ناهارخوران", "خیابان ولیعصر", "خیابان شهید بهشتی", "بلوار جرجان")


def national_code(seed: int) -> str:
    """A national code with a correct check digit, made from ``seed``."""
    body = f"{(seed * 104_729 * 7919 + 212_345_678) % 10**9:09d}"
    if body[3:9] == "000000":
        body = body[:8] + "1"
    r = sum(int(body[i]) * (10 - i) for i in range(9)) % 11
    return body + str(r if r < 2 else 11 - r)


def demo_photo(rng: random.Random) -> bytes:
    """A generated head-and-shoulders drawing, prepared like a clerk's photo."""
    image = Image.new("RGB", (450, 600), tuple(rng.randint(170, 235) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    skin = rng.choice(((236, 200, 170), (214, 170, 135), (190, 150, 120)))
    draw.rectangle((80, 400, 370, 600), fill=tuple(rng.randint(20, 110) for _ in range(3)))
    draw.ellipse((140, 130, 310, 350), fill=skin)
    draw.pieslice((130, 105, 320, 290), 180, 360, fill=tuple(rng.randint(10, 70) for _ in range(3)))
    out = io.BytesIO()
    image.save(out, "PNG")
    return prepare_photo(out.getvalue(), PERSONNEL)


def _form(rng: random.Random, course: CourseInfo, n: int, gender: str) -> RegistrationForm:
    min_age = course.min_age or 15
    start = course.start_date or today()
    birth = start - timedelta(
        days=365 * rng.randint(min_age + 1, min_age + 20) + rng.randint(0, 300)
    )
    city = rng.choice(_CITIES)
    online = n % 4 != 3
    return RegistrationForm(
        province=course.place_province,
        course_kind=course.kind,
        course_id=str(course.id),
        payment_method="online" if online else "counter",
        order_code=f"{rng.randint(10**7, 10**8 - 1)}" if online else "",
        payment_tracking_code=f"{rng.randint(10**9, 10**10 - 1)}" if online else "",
        file_number=f"{rng.randint(10**5, 10**6 - 1)}" if online else "",
        payment_code=f"{rng.randint(10**6, 10**7 - 1)}" if online else "",
        amount=50_000,
        national_code=national_code(n * 31 + len(course.code)),
        first_name=rng.choice(_MEN if gender == "male" else _WOMEN),
        last_name=rng.choice(_LAST),
        father_name=rng.choice(_FATHERS),
        birth_certificate_number=str(rng.randint(1, 99999)),
        birth_date=birth,
        birthplace=city,
        gender=gender,
        marital_status=rng.choice(("single", "single", "married")),
        military_status=rng.choice(("completed", "exempt", "liable")) if gender == "male" else "",
        disability=n % 9 == 5,
        disability_kind="کم‌شنوایی" if n % 9 == 5 else "",
        mobile=f"0911{rng.randint(1_000_000, 9_999_999)}",
        address=f"{city}، {rng.choice(_STREETS)}، کوچهٔ {rng.randint(1, 40)}، پلاک {rng.randint(1, 90)}",
        postal_code=f"49{rng.randint(10**7, 10**8 - 1)}",
        photo=demo_photo(rng),
        education_level=rng.choice(("middle", "diploma", "diploma", "associate", "bachelor")),
        education_field=rng.choice(("ریاضی فیزیک", "تجربی", "الکتروتکنیک", "حسابداری")),
        employment_status=rng.choice(("unemployed", "unemployed", "employed", "student")),
        heard_from=rng.choice(("friends", "website", "social_media", "notice")),
    )


@access.operation(access.ENTER)
def fill_registrations(ctx: AppContext) -> None:
    rng = random.Random(1404)
    n = 0
    for course in open_courses(ctx):
        genders = ["male", "female"] if course.gender == "mixed" else [course.gender]
        seats = min(course.free_seats - 2, 9)
        for i in range(max(0, seats)):
            n += 1
            gender = genders[i % len(genders)]
            if course.standard_gender in ("male", "female"):
                gender = course.standard_gender
            done = confirm_registration(ctx, _form(rng, course, n, gender))
            if i == 2:
                set_enrollment_state(ctx, done.enrollment_id, 1, "withdrawn")
    sessions = (
        ("زهرا کریمی", "", "course_choice", "will_register", "خیاطی؛ طراحی دوخت"),
        ("یاسر نوروزی", national_code(31 + 10), "employment", "needs_follow_up", "تعمیرکار خودرو"),
        ("مینا طاهری", "", "career", "not_interested", "حسابداری مالی"),
    )
    for days, (name, code, topic, outcome, standards) in enumerate(sessions, start=1):
        save_counseling(
            ctx,
            CounselingData(
                applicant_name=name,
                national_code=code,
                session_date=date.today() - timedelta(days=days * 3),
                counselor="سمیه رحیمی",
                topic=topic,
                recommended_standards=standards,
                advice="شرکت در دورهٔ مقدماتی و سپس آزمون مهارت",
                outcome=outcome,
            ),
        )
