"""Demo requests from the public (every state, some overdue, one about a named employee),
the deadline table of this year and last, survey answers and FAQ for each demo service
card — all written through the real use cases. No Qt; any thread."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from desktop_app.models import ServiceCard, live
from desktop_app.persian import from_jalali, to_jalali, today
from desktop_app.services.accounts import access
from desktop_app.services.core.context import AppContext
from desktop_app.services.feedback.calendar import CalendarData, Holiday, save_calendar
from desktop_app.services.feedback.faq import FaqData, save_faq
from desktop_app.services.feedback.requests import (
    RequestData,
    answer_request,
    assign_request,
    close_request,
    refer_request,
    register_request,
)
from desktop_app.services.feedback.surveys import AnswerData, get_survey, record_answer

#: Official holidays (Jalali month, day, title) the demo table lists every year.
HOLIDAYS = (
    (1, 1, "نوروز"),
    (1, 2, "نوروز"),
    (1, 3, "نوروز"),
    (1, 4, "نوروز"),
    (1, 12, "روز جمهوری اسلامی"),
    (1, 13, "روز طبیعت"),
    (3, 14, "رحلت امام خمینی"),
    (3, 15, "قیام ۱۵ خرداد"),
    (11, 22, "پیروزی انقلاب اسلامی"),
    (12, 29, "ملی شدن صنعت نفت"),
)

REQUESTS = (
    ("complaint", "کارت ثبت‌نام پس از دو هفته هنوز صادر نشده است.", "", "واحد ثبت‌نام"),
    ("complaint", "ساعت برگزاری کلاس بدون اطلاع قبلی تغییر کرد.", "", "واحد آموزش"),
    ("violation", "کارمند باجه از پاسخ دادن خودداری کرد.", "متصدی باجهٔ ۲", "پیشخوان"),
    ("suggestion", "امکان پرداخت هزینه با کارت‌خوان در پیشخوان فراهم شود.", "", "امور مالی"),
    ("opinion", "برخورد کارکنان بسیار محترمانه بود.", "", "پیشخوان"),
    ("complaint", "گواهینامهٔ من نام پدر را اشتباه نوشته است.", "", "واحد آزمون"),
    ("complaint", "کارگاه جوشکاری تهویهٔ مناسب ندارد.", "", "واحد آموزش"),
    ("suggestion", "دوره‌های شبانه برای شاغلان برگزار شود.", "", "واحد آموزش"),
)
NAMES = ("مریم احمدی", "علی رضایی", "زهرا محمدی", "حسین کریمی", "فاطمه موسوی")
FAQS = (
    ("مدارک لازم برای این خدمت چیست؟", "اصل و تصویر کارت ملی، یک قطعه عکس و آخرین مدرک تحصیلی."),
    (
        "هزینهٔ این خدمت چقدر است و چگونه پرداخت می‌شود؟",
        "هزینه‌ها در شناسنامهٔ خدمت آمده و در پیشخوان با کارت بانکی پرداخت می‌شود.",
    ),
    (
        "چگونه درخواست خود را پیگیری کنم؟",
        "با کد پیگیری رسید، حضوری یا تلفنی به میز خدمت مراجعه کنید.",
    ),
)


@access.operation(access.ENTER)
def fill_feedback(ctx: AppContext) -> None:
    rng = random.Random(20)
    year = to_jalali(today())[0]
    for y in (year - 1, year):
        holidays = [Holiday(from_jalali(y, m, d), t) for m, d, t in HOLIDAYS]
        save_calendar(
            ctx, CalendarData(y, answer_days=10, holidays=holidays, kind_days={"violation": 7})
        )
    with ctx.session() as session:
        cards = list(session.scalars(select(ServiceCard.id).where(live(ServiceCard))))
    for card_id in cards:
        _requests(ctx, card_id, rng)
        _surveys(ctx, card_id, rng)
        for question, answer in FAQS:
            save_faq(ctx, FaqData(card_id, question, answer))


def _requests(ctx: AppContext, card_id: uuid.UUID, rng: random.Random) -> None:
    now = datetime.now(UTC)
    # ages in days: the first ones long overdue, the last ones fresh
    ages = (60, 45, 30, 25, 20, 12, 3, 1)
    endings = ("open", "assigned", "open", "closed", "answered", "referred", "open", "assigned")
    for (kind, body, employee, department), age, ending in zip(
        REQUESTS, ages, endings, strict=True
    ):
        anonymous = kind == "violation" or rng.random() < 0.2
        view = register_request(
            ctx,
            RequestData(
                kind=kind,
                channel=rng.choice(("counter", "phone")),
                service_card_id=card_id,
                department=department,
                anonymous=anonymous,
                contact_name="" if anonymous else rng.choice(NAMES),
                contact_phone="" if anonymous else f"0911{rng.randrange(1000000, 9999999)}",
                employee_name=employee,
                body=body,
            ),
            received_at=now - timedelta(days=age, hours=rng.randrange(1, 6)),
        )
        if ending in ("assigned", "answered", "closed", "referred"):
            if ending == "referred":
                refer_request(ctx, view.id, view.version, "ادارهٔ بازرسی استان")
                continue
            view = assign_request(ctx, view.id, view.version, "کارشناس رسیدگی به شکایات")
        if ending in ("answered", "closed"):
            view = answer_request(
                ctx, view.id, view.version, "موضوع بررسی شد و نتیجه به شما اعلام می‌شود."
            )
        if ending == "closed":
            close_request(ctx, view.id, view.version)


def _surveys(ctx: AppContext, card_id: uuid.UUID, rng: random.Random) -> None:
    count = len(get_survey(ctx, card_id).questions)
    for n in range(14):
        scores = [max(1, min(5, round(rng.gauss(3.9, 0.9)))) for _ in range(count)]
        comment = rng.choice(("", "", "زمان انتظار کمتر شود.", "از راهنمایی کارکنان سپاسگزارم."))
        record_answer(
            ctx,
            AnswerData(
                card_id,
                scores,  # type: ignore[arg-type]
                comment,
                answered_on=today() - timedelta(days=7 * n + rng.randrange(0, 5)),
                source=rng.choice(("paper", "kiosk")),
            ),
        )
