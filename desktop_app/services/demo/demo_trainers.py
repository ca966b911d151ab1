"""Demo trainers: a dozen trainers at the demo places (``demo_places``), with
education and retraining rows and, for some, a generated photo (a drawn silhouette,
never a real person). Names, codes and dates are invented but realistic; national
codes carry correct check digits. No Qt; any thread.
"""

from __future__ import annotations

import io
from datetime import date

from PIL import Image, ImageDraw
from sqlalchemy import select

from desktop_app.documents.trainer_data import EducationRow, RetrainingRow, TrainerData
from desktop_app.models import Place, live
from desktop_app.persian import from_jalali, to_persian_digits
from desktop_app.services.accounts import access
from desktop_app.services.core.context import AppContext
from desktop_app.services.trainers.trainers import save_trainer


def national_code(first_nine: str) -> str:
    """A valid national code: ``first_nine`` digits and the check digit they call for."""
    total = sum(int(first_nine[i]) * (10 - i) for i in range(9)) % 11
    return first_nine + str(total if total < 2 else 11 - total)


def demo_photo(seed: int, female: bool) -> bytes:
    """A 3×4 portrait placeholder drawn with Pillow: a silhouette on a tinted ground."""
    tints = ((214, 226, 236), (226, 236, 218), (238, 228, 214), (230, 222, 238))
    image = Image.new("RGB", (300, 400), tints[seed % len(tints)])
    draw = ImageDraw.Draw(image)
    figure = (84, 96, 112)
    draw.ellipse((95, 70, 205, 190), fill=(236, 206, 180))  # face
    if female:  # a scarf framing the face
        draw.ellipse((75, 55, 225, 215), outline=(60, 64, 80), width=22)
    else:
        draw.chord((95, 60, 205, 150), 180, 360, fill=(52, 40, 34))  # hair
    draw.rounded_rectangle((40, 230, 260, 420), radius=70, fill=figure)  # shoulders
    draw.polygon([(150, 232), (128, 300), (172, 300)], fill=(245, 245, 245))  # collar
    out = io.BytesIO()
    image.save(out, format="PNG")  # stored through prepare_photo like a clerk's file
    return out.getvalue()


def _j(year: int, month: int, day: int) -> date:
    return from_jalali(year, month, day)


# Skill standards in the TVTO code format (group-occupation/number/level/edition).
_STANDARDS = {
    "برق‌کار ساختمان": "7-41/11/1/3",
    "برق‌کار صنعتی": "7-41/12/1/4",
    "تعمیرکار لوازم خانگی برقی": "7-24/21/1/3",
    "کاربر رایانه": "4-84/15/1/3",
    "طراحی صفحات وب": "3-84/48/1/2",
    "جوشکار سازه‌های فولادی با فرایند SMAW": "7-21/22/3/2",
    "مکانیک خودروهای سبک بنزینی": "7-23/42/1/4",
    "نصاب و تعمیرکار آبگرمکن و پکیج": "7-13/51/2/1",
    "خیاط لباس زنانه": "7-53/33/1/3",
    "تکنسین صنایع غذایی": "3-21/64/1/2",
    "کابینت‌ساز چوبی": "7-52/11/1/2",
    "تعمیرکار تلفن همراه": "7-42/23/1/3",
}

# (first, last, father, nine digits, birth (y,m,d), gender, mobile, place code,
#  employment, hire (y,m,d), grade, groups, standards, education, retraining, photo)
# fmt: off
_TRAINERS: tuple[tuple, ...] = (
    ("محمدرضا", "قربانی‌نژاد", "علی", "222045871", (1355, 4, 12), "male", "09111712345",
     "270101", "official", (1380, 7, 1), "رتبهٔ ۳ مهارتی", ["برق"],
     ["برق‌کار ساختمان", "برق‌کار صنعتی"],
     [("دیپلم", "الکتروتکنیک", "هنرستان شهید بهشتی گرگان", 1373),
      ("کارشناسی", "مهندسی برق قدرت", "دانشگاه گلستان", 1379)],
     [("برق‌کار صنعتی", 40, (1398, 5, 4), (1398, 5, 15), "۱۲۴۵/۹۸"),
      ("برق‌کار ساختمان", 60, (1401, 2, 10), (1401, 2, 28), "۳۳۱۸/۰۱")], True),
    ("زهرا", "میرشکاری", "حسن", "222118406", (1362, 11, 3), "female", "09113345566",
     "270301", "fixed_term", (1388, 1, 15), "مربی پایه ۲", ["رایانه"],
     ["کاربر رایانه", "طراحی صفحات وب"],
     [("کارشناسی", "مهندسی کامپیوتر نرم‌افزار", "دانشگاه آزاد اسلامی واحد علی‌آباد کتول", 1385)],
     [("طراحی صفحات وب", 80, (1399, 9, 1), (1399, 9, 20), "۵۵۰۲/۹۹")], True),
    ("عبدالرحمن", "آق‌اتابای", "قربان‌محمد", "497362150", (1358, 2, 20), "male", "09112209876",
     "270201", "official", (1384, 6, 1), "رتبهٔ ۲ مهارتی", ["مکانیک خودرو"],
     ["مکانیک خودروهای سبک بنزینی"],
     [("کاردانی", "مکانیک خودرو", "آموزشکده فنی گنبد", 1379)],
     [("مکانیک خودروهای سبک بنزینی", 120, (1400, 3, 1), (1400, 3, 30), "۷۸۱۲/۰۰"),
      ("سیستم‌های انژکتوری", 40, (1402, 8, 5), (1402, 8, 12), "۹۱۰۴/۰۲")], False),
    ("مریم", "کیانی‌پور", "رضا", "207184539", (1365, 6, 25), "female", "09119874561",
     "110201", "contract", (1395, 11, 1), "", ["صنایع غذایی"], ["تکنسین صنایع غذایی"],
     [("کارشناسی ارشد", "علوم و صنایع غذایی", "دانشگاه علوم کشاورزی و منابع طبیعی ساری", 1391)],
     [("ایمنی و بهداشت مواد غذایی", 24, (1401, 10, 2), (1401, 10, 5), "")], True),
    ("یوسف", "قلیچ‌لی", "آنه‌محمد", "497205533", (1370, 1, 9), "male", "09354412233",
     "275031", "hourly", (1397, 4, 1), "", ["جوشکاری و ساخت"],
     ["جوشکار سازه‌های فولادی با فرایند SMAW"],
     [("دیپلم", "ساخت و تولید", "هنرستان فنی بندر ترکمن", 1388)],
     [("جوشکاری با فرایند GTAW", 90, (1400, 6, 12), (1400, 7, 10), "۴۴۰۱/۰۰")], False),
    ("علی‌اکبر", "طبری", "محمدحسین", "209654781", (1352, 8, 14), "male", "09111534455",
     "110101", "official", (1377, 7, 1), "رتبهٔ ۱ مهارتی", ["برق", "الکترونیک"],
     ["برق‌کار ساختمان", "تعمیرکار تلفن همراه"],
     [("کاردانی", "الکترونیک", "دانشگاه مازندران", 1374),
      ("کارشناسی", "مهندسی برق الکترونیک", "دانشگاه صنعتی نوشیروانی بابل", 1380)],
     [("تعمیرکار تلفن همراه", 60, (1399, 1, 20), (1399, 2, 15), "۱۰۲۳/۹۹"),
      ("مدیریت کارگاه آموزشی", 16, (1401, 4, 4), (1401, 4, 5), "۲۰۸۸/۰۱"),
      ("برق‌کار ساختمان (ویرایش جدید)", 40, (1403, 2, 1), (1403, 2, 10), "۶۶۷۰/۰۳")], True),
    ("فاطمه", "یوسفی‌کناری", "اسماعیل", "208731164", (1368, 3, 30), "female", "09123356790",
     "115078", "hourly", (1396, 7, 15), "", ["صنایع پوشاک"], ["خیاط لباس زنانه"],
     [("دیپلم", "طراحی و دوخت", "هنرستان کوثر قائم‌شهر", 1386)],
     [("الگوسازی به روش مولر", 50, (1398, 8, 1), (1398, 8, 25), "۳۴۵۶/۹۸")], False),
    ("حسین", "روحانی‌مقدم", "جعفر", "209917724", (1363, 12, 2), "male", "09113987712",
     "115044", "contract", (1392, 2, 1), "", ["برق"], ["تعمیرکار لوازم خانگی برقی"],
     [("کارشناسی", "مهندسی برق", "دانشگاه آزاد اسلامی واحد آمل", 1387)],
     [("تعمیرکار لوازم خانگی برقی", 70, (1400, 11, 1), (1400, 11, 27), "۸۸۳۲/۰۰")], True),
    ("سمیه", "رحیمی", "غلامرضا", "222301877", (1366, 5, 11), "female", "09113301122",
     "275012", "hourly", (1394, 9, 1), "", ["رایانه"], ["کاربر رایانه"],
     [("کارشناسی", "فناوری اطلاعات", "دانشگاه گلستان", 1389)],
     [("ICDL پیشرفته", 45, (1401, 6, 1), (1401, 6, 20), "۷۷۱۰/۰۱")], False),
    ("غلامعلی", "نوروزی", "نعمت‌الله", "222496613", (1360, 9, 18), "male", "09116654433",
     "270101", "fixed_term", (1386, 3, 1), "مربی پایه ۱", ["تأسیسات"],
     ["نصاب و تعمیرکار آبگرمکن و پکیج"],
     [("کاردانی", "تأسیسات حرارتی و برودتی", "دانشگاه فنی و حرفه‌ای گرگان", 1383)],
     [("نصاب و تعمیرکار آبگرمکن و پکیج", 60, (1399, 7, 1), (1399, 7, 22), "۵۱۲۹/۹۹")], True),
    ("رضا", "حسین‌زاده امیری", "کاظم", "209402258", (1372, 10, 7), "male", "09121178899",
     "110101", "contract", (1400, 1, 20), "", ["صنایع چوب"], ["کابینت‌ساز چوبی"],
     [("کارشناسی", "مهندسی چوب و کاغذ", "دانشگاه علوم کشاورزی و منابع طبیعی ساری", 1395)],
     [], False),
    ("نرگس", "طاهری", "محمود", "497651130", (1369, 7, 29), "female", "09117723344",
     "270201", "official", (1393, 10, 1), "رتبهٔ ۴ مهارتی", ["رایانه", "مدیریت و بازرگانی"],
     ["کاربر رایانه"],
     [("کارشناسی", "مدیریت بازرگانی", "دانشگاه پیام نور گنبد", 1391),
      ("کارشناسی ارشد", "مدیریت فناوری اطلاعات", "دانشگاه گلستان", 1397)],
     [("کاربر رایانه", 80, (1398, 4, 1), (1398, 4, 30), "۲۹۹۱/۹۸")], True),
)
# fmt: on


def demo_trainers() -> list[tuple[str, TrainerData]]:
    """(place code, trainer) of every demo trainer; ``place_id`` is filled by the caller."""
    out: list[tuple[str, TrainerData]] = []
    for n, item in enumerate(_TRAINERS):
        (first, last, father, nine, birth, gender, mobile, place, employment, hire, grade,
         groups, standards, education, retraining, with_photo) = item  # fmt: skip
        out.append(
            (
                place,
                TrainerData(
                    first_name=first,
                    last_name=last,
                    father_name=father,
                    national_code=national_code(nine),
                    birth_certificate_number=str(1200 + 37 * n),
                    birth_date=_j(*birth),
                    gender=gender,
                    mobile=mobile,
                    address=to_persian_digits(f"خیابان امام، کوچهٔ {n + 3}، پلاک {12 + n}"),
                    photo=demo_photo(n, gender == "female") if with_photo else None,
                    employment_type=employment,
                    occupation_groups=list(groups),
                    standard_codes=[_STANDARDS[s] for s in standards],
                    hire_date=_j(*hire),
                    grade=grade,
                    active=n != 10,
                    education=[EducationRow(None, d, f, u, y) for d, f, u, y in education],
                    retraining=[
                        RetrainingRow(
                            course_title=title,
                            standard_code=_STANDARDS.get(title, ""),
                            hours=hours,
                            start_date=_j(*start),
                            end_date=_j(*end),
                            certificate_number=cert,
                        )
                        for title, hours, start, end, cert in retraining
                    ],
                ),
            )
        )
    return out


@access.operation(access.ENTER)
def fill_trainers(ctx: AppContext) -> None:
    with ctx.session() as session:
        rows = session.execute(select(Place.code, Place.id).where(live(Place)))
        places = {code: place_id for code, place_id in rows}
    for place_code, trainer in demo_trainers():
        trainer.place_id = places.get(place_code)
        if trainer.place_id is not None:
            save_trainer(ctx, trainer)
