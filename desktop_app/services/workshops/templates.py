"""The province's programme template (برنامهٔ الگو) a training workshop starts from, and
the 12-day community-based rehabilitation (CBR) programme every province gets as its
first template.

No Qt; any thread (one short session per call).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from sqlalchemy import select

from ...documents.workshops import PER_HEAD_COST, PROGRAMME_DAYS
from ...models import WorkshopTemplate, live
from ...persian import normalize, search_key, sort_key, to_persian_digits
from ..accounts import access
from ..core.context import AppContext
from ..core.errors import ServiceError
from ..core.listing import ListQuery, search_words
from ..core.records import new_record
from .checks import text

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
                live(WorkshopTemplate),
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
            .where(live(WorkshopTemplate))
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
                live(WorkshopSession),
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
                live(WorkshopTemplate),
            )
        ).first()
        if template is None:
            template = new_record(session, WorkshopTemplate)
            template.title, template.province = title, row.province
        template.days, template.questions = days, list(row.questions or [])
        template.per_head_cost, template.max_absent_days = row.per_head_cost, row.max_absent_days
        session.flush()
        return template.id


# -- the template editor (the province's programme: days, sessions, questions) -----------

TEMPLATE_NOT_FOUND = "این برنامهٔ الگو پیدا نشد."
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


@dataclass
class TemplateSession:
    """One session of a template, as the editor's table holds it."""

    day: int | None = None
    start: str = ""
    end: str = ""
    hours: int | None = None
    topic: str = ""
    trainer: str = ""
    methods: str = ""
    materials: str = ""


@dataclass
class TemplateQuestion:
    text: str = ""


@dataclass
class TemplateData:
    id: uuid.UUID | None = None
    version: int = 0
    title: str = ""
    province: str = ""
    per_head_cost: int | None = PER_HEAD_COST
    max_absent_days: int | None = 2
    sessions: list[TemplateSession] = field(default_factory=list)
    questions: list[TemplateQuestion] = field(default_factory=list)

    @property
    def days(self) -> int:
        return max((s.day or 0 for s in self.sessions), default=0)

    @property
    def hours(self) -> int:
        return sum(s.hours or 0 for s in self.sessions)


@dataclass(frozen=True)
class TemplateRow:
    id: uuid.UUID
    title: str
    province: str
    days: int
    sessions: int
    hours: int
    per_head_cost: int


def _time(value: str, field_name: str, label: str) -> str:
    from ...persian import to_ascii_digits

    clean = to_ascii_digits(normalize(value or "")).replace("٫", ":").replace(".", ":")
    match = _TIME.match(clean)
    if match is None:
        raise ServiceError(f"{label} را به شکل ساعت:دقیقه بنویسید (مثلاً ۰۸:۰۰).", field_name)
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def _checked(data: TemplateData) -> TemplateData:
    """The template as it will be stored, or the first refusal at its field (a session's
    cell is ``sessions[ROW].KEY``, a question's ``questions[ROW].text``)."""
    title = text(data.title, 200, "عنوان برنامهٔ الگو", "title", "عنوان برنامهٔ الگو را بنویسید.")
    province = normalize(data.province or "")
    if not province:
        raise ServiceError("استان برنامهٔ الگو را انتخاب کنید.", "province")
    if data.per_head_cost is None or data.per_head_cost < 0:
        raise ServiceError("سرانهٔ هر نفر را به ریال بنویسید.", "per_head_cost")
    if data.max_absent_days is None or not 0 <= data.max_absent_days <= PROGRAMME_DAYS * 5:
        raise ServiceError("بیشترین روزهای غیبت مجاز را بنویسید.", "max_absent_days")
    if not data.sessions:
        raise ServiceError("برنامهٔ الگو دست‌کم یک جلسه دارد.", "sessions")
    sessions: list[TemplateSession] = []
    for i, s in enumerate(data.sessions):
        where = f"sessions[{i}]"
        if s.day is None or s.day < 1:
            raise ServiceError("شمارهٔ روز جلسه را بنویسید (از ۱).", f"{where}.day")
        start = _time(s.start, f"{where}.start", "ساعت شروع")
        end = _time(s.end, f"{where}.end", "ساعت پایان")
        if end <= start:
            raise ServiceError("ساعت پایان جلسه باید پس از ساعت شروع باشد.", f"{where}.end")
        if s.hours is None or not 0 < s.hours <= 12:
            raise ServiceError("ساعت آموزشی جلسه باید از ۱ تا ۱۲ باشد.", f"{where}.hours")
        sessions.append(
            TemplateSession(
                s.day, start, end, s.hours,
                text(s.topic, 300, "موضوع", f"{where}.topic", "موضوع جلسه را بنویسید."),
                text(s.trainer, 200, "مدرس", f"{where}.trainer"),
                text(s.methods, 300, "روش آموزش", f"{where}.methods"),
                text(s.materials, 300, "وسایل و مواد", f"{where}.materials"),
            )
        )  # fmt: skip
    days = max(s.day or 0 for s in sessions)
    held = {s.day for s in sessions}
    for day in range(1, days + 1):
        if day not in held:
            raise ServiceError(
                f"روز {to_persian_digits(day)} جلسه‌ای ندارد؛ روزهای برنامه پشت سر هم از "
                f"۱ تا {to_persian_digits(days)} است.",
                "sessions",
            )
    order = sorted(range(len(sessions)), key=lambda k: (sessions[k].day or 0, sessions[k].start))
    by_day: dict[int, list[int]] = {}
    for k in order:
        by_day.setdefault(sessions[k].day or 0, []).append(k)
    for indexes in by_day.values():
        for a, b in pairwise(indexes):
            if sessions[b].start < sessions[a].end:
                raise ServiceError(
                    "دو جلسهٔ یک روز هم‌زمان‌اند؛ ساعت‌ها را درست کنید.", f"sessions[{b}].start"
                )
    questions = [
        TemplateQuestion(text(q.text, 300, "پرسش", f"questions[{i}].text"))
        for i, q in enumerate(data.questions)
    ]
    questions = [q for q in questions if q.text]
    if not questions:
        raise ServiceError("دست‌کم یک پرسش نظرسنجی بنویسید.", "questions")
    return TemplateData(
        data.id, data.version, title, province, data.per_head_cost, data.max_absent_days,
        [sessions[k] for k in order], questions,
    )  # fmt: skip


def _template_data(row: WorkshopTemplate) -> TemplateData:
    sessions = [
        TemplateSession(
            day, str(s.get("start", "")), str(s.get("end", "")), s.get("hours"),
            str(s.get("topic", "")), str(s.get("trainer", "")), str(s.get("methods", "")),
            str(s.get("materials", "")),
        )
        for day, d in enumerate(row.days or [], start=1)
        for s in d.get("sessions", [])
    ]  # fmt: skip
    return TemplateData(
        row.id, row.version, row.title, row.province, row.per_head_cost, row.max_absent_days,
        sessions, [TemplateQuestion(q) for q in row.questions or []],
    )  # fmt: skip


@access.operation(access.SIGNED_IN)
def get_template(ctx: AppContext, template_id: uuid.UUID) -> TemplateData:
    from ..core.records import live_record

    with ctx.session() as session:
        return _template_data(
            live_record(session, WorkshopTemplate, template_id, TEMPLATE_NOT_FOUND)
        )


@access.operation(access.APPROVE)
def save_template(ctx: AppContext, data: TemplateData) -> TemplateData:
    """Create or update a province's template (the programme the next workshops copy;
    workshops already made keep their own programme). Needs ``APPROVE``."""
    from ..core.records import record_for_update

    data = _checked(data)
    with ctx.session() as session:
        same = session.scalars(
            select(WorkshopTemplate).where(
                WorkshopTemplate.province == data.province,
                WorkshopTemplate.title == data.title,
                live(WorkshopTemplate),
                WorkshopTemplate.id != (data.id or uuid.uuid4()),
            )
        ).first()
        if same is not None:
            raise ServiceError(
                f"استان {data.province} برنامهٔ الگویی با همین عنوان دارد؛ عنوان دیگری "
                "بنویسید یا همان را ویرایش کنید.",
                "title",
            )
        if data.id is None:
            row = new_record(session, WorkshopTemplate)
        else:
            row = record_for_update(
                session, WorkshopTemplate, data.id, data.version, TEMPLATE_NOT_FOUND
            )
        days: list[dict[str, Any]] = [{"sessions": []} for _ in range(data.days)]
        for s in data.sessions:
            days[(s.day or 1) - 1]["sessions"].append(
                {"topic": s.topic, "start": s.start, "end": s.end, "hours": s.hours,
                 "trainer": s.trainer, "methods": s.methods, "materials": s.materials}
            )  # fmt: skip
        row.title, row.province = data.title, data.province
        row.days, row.questions = days, [q.text for q in data.questions]
        row.per_head_cost = data.per_head_cost or 0
        row.max_absent_days = data.max_absent_days or 0
        session.flush()
        return _template_data(row)


@access.operation(access.DELETE)
def delete_template(ctx: AppContext, template_id: uuid.UUID) -> None:
    """Delete a template; workshops made from it keep their own programme."""
    from ..core.records import live_record

    with ctx.session() as session:
        live_record(session, WorkshopTemplate, template_id, TEMPLATE_NOT_FOUND).mark_deleted()


def _row(row: WorkshopTemplate) -> TemplateRow:
    sessions = [s for d in row.days or [] for s in d.get("sessions", [])]
    return TemplateRow(
        row.id, row.title, row.province, len(row.days or []), len(sessions),
        sum(int(s.get("hours") or 0) for s in sessions), row.per_head_cost,
    )  # fmt: skip


def _listed(ctx: AppContext, query: ListQuery) -> list[TemplateRow]:
    """The live templates the query selects (a province keeps a handful: read whole)."""
    words = search_words(query.search)
    with ctx.session() as session:
        stmt = select(WorkshopTemplate).where(live(WorkshopTemplate))
        province = query.filter_value("province")
        if province:
            stmt = stmt.where(WorkshopTemplate.province == province)
        rows = [_row(r) for r in session.scalars(stmt)]
    rows = [r for r in rows if all(w in search_key(f"{r.title} {r.province}") for w in words)]
    key = query.sort or "province"
    if key not in TemplateRow.__dataclass_fields__:
        key = "province"
    rows.sort(key=lambda r: (sort_key(str(getattr(r, key))) if isinstance(getattr(r, key), str)
                             else getattr(r, key), sort_key(r.title)),
              reverse=query.descending)  # fmt: skip
    return rows


@access.operation(access.SIGNED_IN)
def count_templates(ctx: AppContext, query: ListQuery) -> int:
    return len(_listed(ctx, query))


@access.operation(access.SIGNED_IN)
def template_page(ctx: AppContext, query: ListQuery, offset: int, limit: int) -> list[TemplateRow]:
    return _listed(ctx, query)[offset : offset + limit]
