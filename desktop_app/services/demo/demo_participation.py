"""Demo data of participation (``miz demo``): benefactors of every kind, gifts of every
kind and channel, an office area, volunteers with hours, allocations in every state
and one bank statement (written beside the database and imported, with two lines no
gift matches). Everything goes through the services, rules included. Invented names
and codes, never real people. No Qt; any thread.
"""

from __future__ import annotations

import random
from datetime import timedelta

from desktop_app.persian import today
from desktop_app.services.accounts import access
from desktop_app.services.core.context import AppContext
from desktop_app.services.demo.demo_trainers import national_code
from desktop_app.services.participation.allocations import (
    AllocationData,
    approve_allocation,
    propose_allocation,
    reject_allocation,
)
from desktop_app.services.participation.benefactors import BenefactorData, save_benefactor
from desktop_app.services.participation.gifts import (
    GiftData,
    GiftItemData,
    add_area,
    register_gift,
)
from desktop_app.services.participation.reconciliation import import_statement
from desktop_app.services.participation.vocab import AREAS, ELECTRONIC_CHANNELS
from desktop_app.services.participation.volunteers import (
    HoursEntry,
    VolunteerData,
    log_hours,
    save_volunteer,
)

STATEMENT_NAME = "demo-bank-statement.csv"

PEOPLE = [
    ("محمدرضا", "کریمی"), ("زهرا", "حسینی"), ("علی", "نوروزی"), ("فاطمه", "رحیمی"),
    ("حسن", "قربانی"), ("مریم", "اکبری"), ("سعید", "پاکزاد"), ("لیلا", "بهرامی"),
    ("یوسف", "ترکمن"), ("نرگس", "آق‌اتابای"), ("مهدی", "شیرازی"), ("سمیه", "گرگانی"),
]  # fmt: skip
ORGANIZATIONS = ["شرکت نان سحر گلستان", "تعاونی مصرف فرهنگیان گرگان", "بنیاد نیکوکاری مهر"]
#: In-kind gifts: (items (description, quantity, unit, value), condition).
ITEMS = [
    ([("ویلچر تاشو", 3, "دستگاه", 45_000_000), ("عصای زیر بغل", 4, "جفت", 6_000_000)], "new"),
    (
        [
            ("بستهٔ لوازم‌التحریر", 40, "بسته", 24_000_000),
            ("کیف مدرسه", 40, "عدد", 32_000_000),
            ("کفش ورزشی", 20, "جفت", 30_000_000),
        ],
        "new",
    ),
    ([("پتو", 25, "عدد", 30_000_000)], "new"),
    ([("یخچال خانگی", 1, "دستگاه", 90_000_000)], "used_good"),
]
SERVICES = [
    ("ویزیت رایگان دندان‌پزشکی", "دکتر سارا میرزایی", 0, 8, "مرکز توان‌بخشی گرگان"),
    ("کلاس تقویتی ریاضی", "انجمن معلمان داوطلب", 24, 0, "خانهٔ کودک امید"),
    ("مشاورهٔ حقوقی", "دفتر وکالت احمدی", 6, 0, "ادارهٔ بهزیستی گرگان"),
]
CENTERS = ["ادارهٔ بهزیستی گرگان", "مرکز توان‌بخشی گرگان", "خانهٔ کودک امید", "سرای سالمندان مهر"]


def _legal_id(seed: int) -> str:
    from desktop_app.persian.validators import _LEGAL_ID_COEFFICIENTS

    ten = f"1010{seed:06d}"
    digits = [int(c) for c in ten]
    dec = digits[9] + 2
    r = sum((dec + digits[i]) * _LEGAL_ID_COEFFICIENTS[i] for i in range(10)) % 11
    return ten + str(0 if r == 10 else r)


@access.operation(access.ENTER)
def fill_participation(ctx: AppContext) -> None:
    rng = random.Random(1405)
    day0 = today()
    benefactors = []
    for i, (first, last) in enumerate(PEOPLE):
        saved = save_benefactor(
            ctx,
            BenefactorData(
                kind="person",
                national_code=national_code(f"{2120 + i:04d}{31457 + 97 * i:05d}"),
                first_name=first,
                last_name=last,
                mobile=f"0911{3200000 + 7919 * i:07d}",
                address=f"گرگان، خیابان ولیعصر، کوچهٔ {i + 3}",
                contact_by=("sms", "phone", "mail", "none")[i % 4],
            ),
        )
        benefactors.append(saved.id)
    for i, name in enumerate(ORGANIZATIONS):
        saved = save_benefactor(
            ctx,
            BenefactorData(kind="organization", legal_id=_legal_id(4821 + i), org_name=name,
                           phone=f"0173222{4400 + i:04d}", contact_by="phone"),
        )  # fmt: skip
        benefactors.append(saved.id)
    extra_area = add_area(ctx, "بازسازی مناطق سیل‌زده")
    areas = [*AREAS, extra_area]
    channels = ["counter", *sorted(ELECTRONIC_CHANNELS)]
    electronic = []
    for n in range(72):
        channel = channels[n % len(channels)]
        intention = ("general", "area", "area", "client")[n % 4]
        gift = register_gift(
            ctx,
            GiftData(
                benefactor_id=None if n % 9 == 0 else benefactors[n % len(benefactors)],
                kind="cash",
                received_on=day0 - timedelta(days=(n * 5) % 170),
                amount=rng.choice((500_000, 1_000_000, 2_500_000, 5_000_000, 12_000_000)),
                channel=channel,
                bank_ref=f"{740000 + 131 * n}" if channel != "counter" else "",
                intention=intention,
                intention_area=areas[n % len(areas)] if intention == "area" else "",
                client_name="مددجوی نمونه" if intention == "client" else "",
                client_national_code=national_code(f"2121{n:05d}") if intention == "client" else "",
                center=CENTERS[n % len(CENTERS)],
            ),
        )
        if channel != "counter":
            electronic.append(gift)
    handouts = []
    for i, (lines, cond) in enumerate(ITEMS):
        handouts.append(
            register_gift(
                ctx,
                GiftData(
                    benefactor_id=benefactors[(i * 5) % len(benefactors)],
                    kind="in_kind",
                    received_on=day0 - timedelta(days=12 * i + 2),
                    items=[GiftItemData(None, *line) for line in lines],
                    condition=cond,
                    storage="انبار ادارهٔ بهزیستی گرگان",
                    received_by="حمید صالحی",
                    intention="area",
                    intention_area=("disability", "education", "families", "elderly")[i],
                    center=CENTERS[i % len(CENTERS)],
                ),
            )
        )
    for i, (what, by, hours, sessions, center) in enumerate(SERVICES):
        register_gift(
            ctx,
            GiftData(kind="service", received_on=day0 - timedelta(days=20 * i + 4),
                     service_what=what, service_by=by, hours=hours, sessions=sessions,
                     center=center, amount=(i + 1) * 8_000_000, intention="general"),
        )  # fmt: skip
    _volunteers(ctx)
    _allocations(ctx, handouts)
    _statement(ctx, electronic)


def _volunteers(ctx: AppContext) -> None:
    people = [("رضا", "مرادی", "آموزش رایانه، تعمیر ویلچر"), ("الهه", "سلیمانی", "قصه‌گویی برای کودکان"),
              ("حمید", "زارعی", "رانندگی، جابه‌جایی کالا"), ("شیما", "کاظمی", "پرستاری سالمندان"),
              ("امیر", "یزدانی", "مشاورهٔ تحصیلی")]  # fmt: skip
    day0 = today()
    for i, (first, last, skills) in enumerate(people):
        saved = save_volunteer(
            ctx,
            VolunteerData(national_code=national_code(f"2123{4400 + 31 * i:05d}"), first_name=first,
                          last_name=last, mobile=f"0935{4100000 + 3511 * i:07d}", skills=skills,
                          availability=("پنجشنبه‌ها", "عصرها", "آخر هفته", "صبح‌ها", "تابستان")[i]),
        )  # fmt: skip
        assert saved.id is not None
        for k in range(2 + i):
            log_hours(
                ctx,
                saved.id,
                HoursEntry(None, day0 - timedelta(days=7 * k + i), CENTERS[(i + k) % len(CENTERS)],
                           2 + (k % 4), "خدمت داوطلبانه"),
            )  # fmt: skip


def _allocations(ctx: AppContext, handouts: list[GiftData]) -> None:
    plans = [
        ("general", 6_000_000, "خرید سبد غذایی برای ۱۰ خانوار", "approve"),
        ("area:children", 1_000_000, "لوازم بازی خانهٔ کودک امید", "approve"),
        ("area:elderly", 500_000, "داروی سالمندان سرای مهر", "propose"),
        ("general", 2_000_000, "هزینهٔ ایاب و ذهاب داوطلبان", "reject"),
    ]
    for key, amount, purpose, fate in plans:
        try:
            row = propose_allocation(
                ctx, AllocationData(intention_key=key, amount=amount, purpose=purpose)
            )
        except Exception:
            continue
        assert row.id is not None
        if fate == "approve":
            approve_allocation(ctx, row.id, "تأیید شد")
        elif fate == "reject":
            reject_allocation(ctx, row.id, "از محل اعتبارات جاری پرداخت شود")
    first = handouts[0]
    row = propose_allocation(
        ctx, AllocationData(gift_id=first.id, purpose="تحویل ویلچر به مددجویان توان‌یاب",
                            recipient="مرکز توان‌بخشی گرگان"),
    )  # fmt: skip
    assert row.id is not None
    approve_allocation(ctx, row.id)


def _statement(ctx: AppContext, electronic: list[GiftData]) -> None:
    from desktop_app.persian import format_jalali

    lines = ["تاریخ,مبلغ,کد مرجع,شرح"]
    for gift in electronic[:-3]:  # the last three gifts are not on the statement yet
        assert gift.received_on is not None and gift.amount is not None
        lines.append(f"{format_jalali(gift.received_on, persian_digits=False)},{gift.amount},"
                     f"{gift.bank_ref},واریز مشارکت مردمی")  # fmt: skip
    day = format_jalali(today(), persian_digits=False)
    lines += [f"{day},3000000,990001,واریز نامشخص", f"{day},750000,990002,واریز نامشخص"]
    path = ctx.data_dir / STATEMENT_NAME
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    import_statement(ctx, path)
