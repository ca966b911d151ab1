"""Demo places and workshops: centers and private institutes of Golestan and
Mazandaran, each with a few workshops. Invented but realistic. No Qt; any thread."""

from __future__ import annotations

from datetime import date

from desktop_app.services.accounts import access
from desktop_app.services.core.context import AppContext
from desktop_app.services.places.places import PlaceData, WorkshopData, save_place, save_workshop

# (kind, province, city, name, code, postal code, phone, manager, licence no., expiry)
_PLACES: tuple[tuple[str, str, str, str, str, str, str, str, str, date | None], ...] = (
    (
        "center",
        "گلستان",
        "گرگان",
        "مرکز آموزش فنی و حرفه‌ای شمارهٔ ۱ گرگان",
        "270101",
        "4916863311",
        "01732224455",
        "محمدرضا قربانی",
        "",
        None,
    ),
    (
        "center",
        "گلستان",
        "گنبد کاووس",
        "مرکز آموزش فنی و حرفه‌ای گنبد کاووس",
        "270201",
        "4971813456",
        "01733336677",
        "عبدالله آق‌اتابای",
        "",
        None,
    ),
    (
        "center",
        "گلستان",
        "علی‌آباد کتول",
        "مرکز آموزش فنی و حرفه‌ای خواهران علی‌آباد",
        "270301",
        "4941714589",
        "01734612233",
        "زهرا نوروزی",
        "",
        None,
    ),
    (
        "institute",
        "گلستان",
        "گرگان",
        "آموزشگاه آزاد رایان‌پردازان گرگان",
        "275012",
        "4917936541",
        "01732351188",
        "سمیه رحیمی",
        "۲۷/۱۴۳۵",
        date(2026, 3, 20),
    ),
    (
        "institute",
        "گلستان",
        "بندر ترکمن",
        "آموزشگاه آزاد جوشکاری صنعت‌گستر",
        "275031",
        "4891764312",
        "01734427790",
        "یوسف قلیچ‌لی",
        "۲۷/۱۸۸۱",
        date(2027, 9, 22),
    ),
    (
        "center",
        "مازندران",
        "ساری",
        "مرکز آموزش فنی و حرفه‌ای شمارهٔ ۱ ساری",
        "110101",
        "4816795411",
        "01133256677",
        "علی‌اکبر طبری",
        "",
        None,
    ),
    (
        "center",
        "مازندران",
        "بابل",
        "مرکز آموزش فنی و حرفه‌ای بابل",
        "110201",
        "4714873395",
        "01132194466",
        "مریم کیانی",
        "",
        None,
    ),
    (
        "institute",
        "مازندران",
        "آمل",
        "آموزشگاه آزاد برق‌آموز آمل",
        "115044",
        "4615764498",
        "01144253311",
        "حسین روحانی",
        "۱۱/۹۰۷",
        date(2026, 12, 21),
    ),
    (
        "institute",
        "مازندران",
        "قائم‌شهر",
        "آموزشگاه آزاد هنر دوخت قائم‌شهر",
        "115078",
        "4765813944",
        "01142228899",
        "فاطمه یوسفی",
        "۱۱/۱۲۶۴",
        date(2025, 8, 23),
    ),
)

# code of the place → (name, occupation group, area m², capacity, status)
_WORKSHOPS: dict[str, tuple[tuple[str, str, int, int, str], ...]] = {
    "270101": (
        ("کارگاه برق صنعتی", "برق", 120, 16, "active"),
        ("کارگاه رایانه ۱", "رایانه", 80, 20, "active"),
        ("کارگاه جوشکاری", "جوشکاری و ساخت", 150, 12, "repair"),
    ),
    "270201": (
        ("کارگاه مکانیک خودرو", "مکانیک خودرو", 200, 14, "active"),
        ("کارگاه تأسیسات حرارتی", "تأسیسات", 110, 12, "active"),
    ),
    "270301": (
        ("کارگاه خیاطی", "صنایع پوشاک", 90, 18, "active"),
        ("کارگاه رایانه خواهران", "رایانه", 70, 16, "active"),
    ),
    "275012": (("کارگاه ICDL", "رایانه", 60, 15, "active"),),
    "275031": (("کارگاه جوشکاری برق", "جوشکاری و ساخت", 130, 10, "active"),),
    "110101": (
        ("کارگاه برق ساختمان", "برق", 100, 16, "active"),
        ("کارگاه الکترونیک", "الکترونیک", 75, 14, "active"),
        ("کارگاه نجاری", "صنایع چوب", 160, 12, "closed"),
    ),
    "110201": (
        ("کارگاه صنایع غذایی", "صنایع غذایی", 95, 12, "active"),
        ("کارگاه کشاورزی", "کشاورزی", 140, 20, "repair"),
    ),
    "115044": (("کارگاه برق خودرو", "برق", 85, 12, "active"),),
    "115078": (("کارگاه دوخت", "صنایع پوشاک", 70, 14, "active"),),
}


@access.operation(access.ENTER)
def fill_places(ctx: AppContext) -> None:
    for kind, province, city, name, code, postal, phone, manager, licence, expiry in _PLACES:
        place = save_place(
            ctx,
            PlaceData(
                kind=kind,
                province=province,
                city=city,
                name=name,
                code=code,
                address=f"{province}، {city}، بلوار آموزش",
                postal_code=postal,
                phone=phone,
                manager=manager,
                licence_number=licence,
                licence_expiry=expiry,
            ),
        )
        for w_name, group, area, capacity, status in _WORKSHOPS.get(code, ()):
            save_workshop(
                ctx,
                WorkshopData(
                    place_id=place.id,
                    name=w_name,
                    occupation_group=group,
                    area_m2=area,
                    capacity=capacity,
                    status=status,
                ),
            )
