"""The province's programme template (برنامهٔ الگو) a training workshop starts from, and
the 12-day community-based rehabilitation (CBR) programme every province gets as its
first template.

No Qt; any thread (one short session per call).
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from ...documents.workshops import PER_HEAD_COST, PROGRAMME_DAYS
from ...models import WorkshopTemplate
from ...persian import normalize
from ..accounts import access
from ..core.context import AppContext
from ..core.errors import ServiceError
from ..core.records import new_record

CBR_TITLE = "آموزش تسهیلگران محلی در برنامهٔ توانبخشی مبتنی بر جامعه (۱۲ روزه)"

#: (morning topic, midday topic) of each of the 12 days.
_CBR_TOPICS: tuple[tuple[str, str], ...] = (
    ("آشنایی با برنامهٔ توانبخشی مبتنی بر جامعه و اهداف آن", "نقش و وظایف تسهیلگر محلی"),
    ("شناخت انواع معلولیت و علل آن", "پیشگیری از معلولیت در خانواده و روستا"),
    ("شناسایی و غربالگری افراد دارای معلولیت", "تکمیل فرم‌های شناسایی و نیازسنجی"),
    ("ارتباط مؤثر با افراد دارای معلولیت و خانواده‌ها", "مهارت‌های گفت‌وگو و مشاورهٔ مقدماتی"),
    ("توانبخشی در منزل: فعالیت‌های روزمرهٔ زندگی", "ساخت و کاربرد وسایل کمکی ساده"),
    ("آموزش خانواده و مراقبان", "بهداشت فردی و مراقبت از خود"),
    ("تشکیل و ادارهٔ گروه‌های خودیار", "برگزاری جلسات گروه و تصمیم‌گیری جمعی"),
    ("توانمندسازی اقتصادی و اشتغال افراد دارای معلولیت", "صندوق‌های خرد و طرح‌های درآمدزا"),
    ("آموزش فراگیر و حضور در مدرسه", "مناسب‌سازی خانه و اماکن عمومی"),
    ("همکاری بین‌بخشی: دهیاری، خانهٔ بهداشت و سمن‌ها", "ارجاع و پیگیری خدمات"),
    ("برنامه‌ریزی محلی، ثبت و گزارش‌دهی", "پایش و ارزشیابی برنامه در روستا"),
    ("بازدید میدانی و تمرین عملی", "جمع‌بندی، آزمون پایانی و نظرسنجی"),
)
_METHODS = ("سخنرانی و بحث گروهی", "کار گروهی، ایفای نقش و تمرین عملی")
_MATERIALS = ("جزوهٔ آموزشی، ویدئو پروژکتور", "فرم‌های تمرین، وسایل کمکی نمونه")
_SLOTS = (("08:00", "11:00", 3), ("11:30", "13:30", 2))

CBR_QUESTIONS: tuple[str, ...] = (
    "محتوای آموزش با نیاز کار من در محل زندگی‌ام متناسب بود.",
    "مدرسان بر موضوع مسلط بودند و روشن آموزش دادند.",
    "روش‌های آموزش (کار گروهی، ایفای نقش، تمرین عملی) مؤثر بود.",
    "جزوه‌ها و وسایل آموزشی کافی و مفید بود.",
    "مکان، زمان‌بندی و پذیرایی کارگاه مناسب بود.",
    "پس از این کارگاه می‌توانم برنامهٔ توانبخشی مبتنی بر جامعه را در محل خود اجرا کنم.",
)


def cbr_days() -> list[dict[str, Any]]:
    """The 12 days of the CBR programme, two sessions a day (five hours)."""
    days = []
    for topics in _CBR_TOPICS:
        sessions = [
            {
                "topic": topic,
                "start": start,
                "end": end,
                "hours": hours,
                "methods": methods,
                "materials": materials,
            }
            for topic, (start, end, hours), methods, materials in zip(
                topics, _SLOTS, _METHODS, _MATERIALS, strict=True
            )
        ]
        days.append({"sessions": sessions})
    assert len(days) == PROGRAMME_DAYS
    return days


@access.operation(access.ENTER)
def ensure_cbr_template(ctx: AppContext, province: str) -> uuid.UUID:
    """The province's CBR template, created the first time it is asked for."""
    province = normalize(province)
    if not province:
        raise ServiceError("استان برنامهٔ الگو را انتخاب کنید.", "province")
    with ctx.session() as session:
        found = session.scalars(
            select(WorkshopTemplate).where(
                WorkshopTemplate.province == province,
                WorkshopTemplate.title == CBR_TITLE,
                WorkshopTemplate.deleted_at.is_(None),
            )
        ).first()
        if found is not None:
            return found.id
        template = new_record(session, WorkshopTemplate)
        template.title, template.province = CBR_TITLE, province
        template.days = cbr_days()
        template.questions = list(CBR_QUESTIONS)
        template.per_head_cost = PER_HEAD_COST
        template.max_absent_days = 2
        session.flush()
        return template.id


@access.operation(access.SIGNED_IN)
def template_choices(ctx: AppContext) -> list[tuple[uuid.UUID, str]]:
    """Live templates as (id, «title — province») for a picker."""
    with ctx.session() as session:
        rows = session.execute(
            select(WorkshopTemplate.id, WorkshopTemplate.title, WorkshopTemplate.province)
            .where(WorkshopTemplate.deleted_at.is_(None))
            .order_by(WorkshopTemplate.province, WorkshopTemplate.title)
        ).all()
        return [(r.id, f"{r.title} — {r.province}") for r in rows]


@access.operation(access.APPROVE)
def save_as_template(ctx: AppContext, workshop_id: uuid.UUID) -> uuid.UUID:
    """Make a workshop's edited programme (days, sessions with their trainers, questions)
    its province's template of the same title, for the next workshops. Needs ``APPROVE``:
    the template is the province's."""
    from ...models import TrainingWorkshop, WorkshopSession
    from ..core.records import live_record

    with ctx.session() as session:
        row = live_record(session, TrainingWorkshop, workshop_id, "این کارگاه آموزشی پیدا نشد.")
        source = session.get(WorkshopTemplate, row.template_id) if row.template_id else None
        title = source.title if source is not None else row.title
        sessions = session.scalars(
            select(WorkshopSession)
            .where(
                WorkshopSession.training_workshop_id == row.id,
                WorkshopSession.deleted_at.is_(None),
            )
            .order_by(WorkshopSession.day_number, WorkshopSession.ordinal)
        ).all()
        if not sessions:
            raise ServiceError("برنامهٔ این کارگاه جلسه‌ای ندارد.")
        days: list[dict[str, Any]] = []
        for s in sessions:
            while len(days) < s.day_number:
                days.append({"sessions": []})
            days[s.day_number - 1]["sessions"].append(
                {"topic": s.topic, "start": s.start, "end": s.end, "hours": s.hours,
                 "trainer": s.trainer, "methods": s.methods, "materials": s.materials}
            )  # fmt: skip
        template = session.scalars(
            select(WorkshopTemplate).where(
                WorkshopTemplate.province == row.province,
                WorkshopTemplate.title == title,
                WorkshopTemplate.deleted_at.is_(None),
            )
        ).first()
        if template is None:
            template = new_record(session, WorkshopTemplate)
            template.title, template.province = title, row.province
        template.days, template.questions = days, list(row.questions or [])
        template.per_head_cost, template.max_absent_days = row.per_head_cost, row.max_absent_days
        session.flush()
        return template.id
