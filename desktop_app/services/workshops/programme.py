"""Training workshops: create one from a province's template (its days and sessions are
copied and dated), edit it (place and room, dates, budget, supplies, the completion
rule), edit a session of the programme, move it through its states, its budget, and
the paged list.

Days are working days: day 1 is the start date, each next day the next date that is
not a Friday; the end date follows from the programme.

Saving needs ``ENTER``, deleting ``DELETE``, a state change ``APPROVE`` (finishing a
workshop decides who completes).

No Qt; any thread (one short session per call; plain data in and out).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...documents.workshops import WORKSHOP_STATES, SessionLine
from ...models import (
    Attendance,
    Place,
    TrainingWorkshop,
    WorkshopInvitation,
    WorkshopSession,
    WorkshopTemplate,
    live,
)
from ...models import Workshop as Room
from ...models.numbering import find_by_code
from ...persian import normalize, normalize_code, search_key, to_persian_digits
from ..accounts import access
from ..core.context import AppContext
from ..core.errors import ServiceError
from ..core.listing import Listing, ListQuery
from ..core.records import live_record, new_record, office_code, record_for_update
from ..core.reference import PROVINCES
from ..courses.course_workflow import code_text
from .checks import text
from .numbering import next_workshop_code

NOT_FOUND = "این کارگاه آموزشی پیدا نشد؛ شاید حذف شده باشد."
FRIDAY = 4  # date.weekday()
MAX_COST = 10_000_000_000


def working_days(start: date, count: int) -> list[date]:
    """``count`` dates from ``start`` on, Fridays skipped."""
    days: list[date] = []
    day = start
    while len(days) < count:
        if day.weekday() != FRIDAY:
            days.append(day)
        day += timedelta(days=1)
    return days


@dataclass
class Supply:
    """One line of the supplies checklist."""

    item: str = ""
    quantity: int = 1
    unit: str = "عدد"
    provider: str = ""
    ready: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "item": self.item,
            "quantity": self.quantity,
            "unit": self.unit,
            "provider": self.provider,
            "ready": self.ready,
        }


@dataclass
class WorkshopData:
    """A training workshop as the form edits it (``id`` None: not saved yet)."""

    id: uuid.UUID | None = None
    version: int = 0
    code: str = ""
    state: str = "planned"
    title: str = ""
    organizer: str = ""
    province: str = ""
    template_id: uuid.UUID | None = None
    place_id: uuid.UUID | None = None
    room_id: uuid.UUID | None = None
    start_date: date | None = None
    end_date: date | None = None
    capacity: int | None = 30
    per_head_cost: int | None = 0
    spent: int | None = 0
    max_absent_days: int | None = 2
    supplies: list[Supply] = field(default_factory=list)
    note: str = ""

    def validated(self) -> WorkshopData:
        title = text(self.title, 200, "عنوان کارگاه", "title", "عنوان کارگاه را وارد کنید.")
        organizer = text(self.organizer, 200, "برگزارکننده", "organizer")
        province = normalize(self.province)
        if province not in PROVINCES:
            raise ServiceError("استان کارگاه را از فهرست انتخاب کنید.", "province")
        if self.id is None and self.template_id is None:
            raise ServiceError("برنامهٔ الگوی کارگاه را انتخاب کنید.", "template_id")
        if self.start_date is None:
            raise ServiceError("تاریخ شروع کارگاه را وارد کنید.", "start_date")
        if self.capacity is None or not 1 <= self.capacity <= 200:
            raise ServiceError("ظرفیت کارگاه باید بین ۱ تا ۲۰۰ نفر باشد.", "capacity")
        for name, label in (("per_head_cost", "سرانهٔ هر نفر"), ("spent", "هزینهٔ انجام‌شده")):
            value = getattr(self, name)
            if value is None or not 0 <= value <= MAX_COST:
                raise ServiceError(f"{label} را به ریال وارد کنید (عدد نامنفی).", name)
        if self.max_absent_days is None or not 0 <= self.max_absent_days <= 30:
            raise ServiceError(
                "بیشترین روزهای غیبت مجاز باید عددی از ۰ تا ۳۰ باشد.", "max_absent_days"
            )
        supplies = []
        for row, supply in enumerate(self.supplies):
            item = text(supply.item, 200, "نام قلم تدارکات", "supplies")
            if not item:
                raise ServiceError(
                    f"نام قلم ردیف {to_persian_digits(row + 1)} تدارکات خالی است.",
                    "supplies",
                )
            if not supply.quantity or supply.quantity < 1:
                raise ServiceError(
                    f"تعداد ردیف {to_persian_digits(row + 1)} تدارکات باید دست‌کم ۱ باشد.",
                    "supplies",
                )
            supplies.append(
                replace(
                    supply,
                    item=item,
                    unit=normalize(supply.unit),
                    provider=normalize(supply.provider),
                )
            )
        return replace(
            self,
            title=title,
            province=province,
            organizer=organizer,
            note=normalize(self.note, keep_newlines=True),
            supplies=supplies,
        )


def _search_text(row: TrainingWorkshop, place: str) -> str:
    return search_key(" ".join([row.code, row.title, row.organizer, row.province, place]))


def _place_name(session: Session, place_id: uuid.UUID | None) -> str:
    place = session.get(Place, place_id) if place_id else None
    return place.name if place is not None else ""


def _check_room(session: Session, data: WorkshopData) -> None:
    if data.room_id is None:
        return
    room = session.get(Room, data.room_id)
    if room is None or room.deleted_at is not None:
        raise ServiceError("کارگاه (فضای آموزشی) انتخاب‌شده پیدا نشد.", "room_id")
    if data.place_id is not None and room.place_id != data.place_id:
        raise ServiceError("این فضای آموزشی از مکان انتخاب‌شده نیست.", "room_id")


def _copy_template(session: Session, row: TrainingWorkshop, template: WorkshopTemplate) -> None:
    dates = working_days(row.start_date or date.today(), len(template.days))
    for number, (day, when) in enumerate(zip(template.days, dates, strict=True), start=1):
        for ordinal, spec in enumerate(day.get("sessions", []), start=1):
            s = new_record(session, WorkshopSession)
            s.training_workshop_id, s.day_number, s.ordinal, s.day = row.id, number, ordinal, when
            s.start, s.end = spec.get("start", ""), spec.get("end", "")
            s.topic, s.hours = spec.get("topic", ""), int(spec.get("hours", 0))
            s.methods, s.materials = spec.get("methods", ""), spec.get("materials", "")
            s.trainer = spec.get("trainer", "")
    row.end_date = dates[-1] if dates else row.start_date
    row.questions = list(template.questions)


def _sessions(session: Session, workshop_id: uuid.UUID) -> list[WorkshopSession]:
    return list(
        session.scalars(
            select(WorkshopSession)
            .where(
                WorkshopSession.training_workshop_id == workshop_id,
                live(WorkshopSession),
            )
            .order_by(WorkshopSession.day_number, WorkshopSession.ordinal)
        )
    )


def _redate(session: Session, row: TrainingWorkshop) -> None:
    """Move the programme to a new start date (refused once attendance is recorded)."""
    recorded = session.scalar(
        select(func.count())
        .select_from(Attendance)
        .where(Attendance.training_workshop_id == row.id, live(Attendance))
    )
    if recorded:
        raise ServiceError(
            "حضور و غیاب این کارگاه ثبت شده است؛ تاریخ شروع آن دیگر تغییر نمی‌کند.", "start_date"
        )
    sessions = _sessions(session, row.id)
    count = max((s.day_number for s in sessions), default=1)
    dates = working_days(row.start_date or date.today(), count)
    for s in sessions:
        s.day = dates[s.day_number - 1]
    row.end_date = dates[-1]


@access.operation(access.ENTER)
def save_workshop(ctx: AppContext, data: WorkshopData) -> WorkshopData:
    """Create (from the template) or update a training workshop."""
    data = data.validated()
    with ctx.session() as session:
        _check_room(session, data)
        if data.id is None:
            office = office_code(session)
            if not office:
                raise ServiceError(
                    "کد اداره در تنظیمات ثبت نشده است؛ کد کارگاه بدون آن ساخته نمی‌شود."
                )
            template = live_record(
                session, WorkshopTemplate, data.template_id, "برنامهٔ الگو پیدا نشد."
            )
            code = next_workshop_code(session, office)  # before the new row: no autoflush
            row = new_record(session, TrainingWorkshop)
            code.assign(row)
            row.template_id = template.id
            row.start_date = data.start_date
            _copy_template(session, row, template)
        else:
            row = record_for_update(session, TrainingWorkshop, data.id, data.version, NOT_FOUND)
            if row.state in ("finished", "cancelled"):
                raise ServiceError("کارگاه پایان‌یافته یا لغوشده ویرایش نمی‌شود.")
            if row.start_date != data.start_date:
                row.start_date = data.start_date
                _redate(session, row)
        row.title, row.organizer, row.province = data.title, data.organizer, data.province
        row.place_id, row.room_id = data.place_id, data.room_id
        row.capacity = data.capacity or 30
        row.per_head_cost, row.spent = data.per_head_cost or 0, data.spent or 0
        row.max_absent_days = data.max_absent_days if data.max_absent_days is not None else 2
        row.supplies = [s.as_json() for s in data.supplies]
        row.note = data.note
        row.search_text = _search_text(row, _place_name(session, row.place_id))
        session.flush()
        return _data(row)


def _data(row: TrainingWorkshop) -> WorkshopData:
    return WorkshopData(
        id=row.id,
        version=row.version,
        code=row.code,
        state=row.state,
        title=row.title,
        organizer=row.organizer,
        province=row.province,
        template_id=row.template_id,
        place_id=row.place_id,
        room_id=row.room_id,
        start_date=row.start_date,
        end_date=row.end_date,
        capacity=row.capacity,
        per_head_cost=row.per_head_cost,
        spent=row.spent,
        max_absent_days=row.max_absent_days,
        supplies=[Supply(**s) for s in row.supplies or []],
        note=row.note,
    )


@access.operation(access.SIGNED_IN)
def get_workshop(ctx: AppContext, workshop_id: uuid.UUID) -> WorkshopData:
    with ctx.session() as session:
        return _data(live_record(session, TrainingWorkshop, workshop_id, NOT_FOUND))


def live_workshop(session: Session, key: uuid.UUID | str) -> TrainingWorkshop:
    """A live workshop by id or by code (as typed, any digit script)."""
    if isinstance(key, uuid.UUID):
        return live_record(session, TrainingWorkshop, key, NOT_FOUND)
    found = find_by_code(session, TrainingWorkshop, key)  # 2701-2-0001 in any form
    if found is not None:
        return found
    wanted = normalize_code(key).upper()  # a code printed before counters: «2701K0001»
    row = session.scalars(
        select(TrainingWorkshop).where(
            func.replace(func.upper(TrainingWorkshop.code), "-", "") == wanted,
            live(TrainingWorkshop),
        )
    ).first()
    if row is None:
        try:
            return live_record(session, TrainingWorkshop, key, NOT_FOUND)
        except ServiceError:
            raise ServiceError(f"کارگاه آموزشی با کد «{key}» پیدا نشد.", "code") from None
    return row


@access.operation(access.DELETE)
def delete_workshop(ctx: AppContext, workshop_id: uuid.UUID) -> None:
    """Tombstone a workshop that has no live invitations yet."""
    with ctx.session() as session:
        row = live_record(session, TrainingWorkshop, workshop_id, NOT_FOUND)
        invited = session.scalar(
            select(func.count())
            .select_from(WorkshopInvitation)
            .where(
                WorkshopInvitation.training_workshop_id == row.id,
                live(WorkshopInvitation),
            )
        )
        if invited:
            raise ServiceError(
                f"کارگاه «{row.title}» {to_persian_digits(invited)} دعوت‌شده دارد؛ "
                "ابتدا دعوت‌ها را حذف کنید یا کارگاه را لغو کنید."
            )
        for s in _sessions(session, row.id):
            s.mark_deleted()
        row.mark_deleted()


# -- the programme ------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgrammeSession:
    id: uuid.UUID
    line: SessionLine


@access.operation(access.SIGNED_IN)
def programme(ctx: AppContext, workshop_id: uuid.UUID) -> list[ProgrammeSession]:
    with ctx.session() as session:
        live_record(session, TrainingWorkshop, workshop_id, NOT_FOUND)
        return [ProgrammeSession(s.id, session_line(s)) for s in _sessions(session, workshop_id)]


def session_line(s: WorkshopSession) -> SessionLine:
    return SessionLine(
        s.day_number, s.ordinal, s.day, s.start, s.end, s.topic, s.hours, s.trainer,
        s.methods, s.materials,
    )  # fmt: skip


@dataclass(frozen=True)
class SessionEdit:
    session_id: uuid.UUID
    topic: str
    hours: int
    trainer: str
    methods: str
    materials: str


@access.operation(access.ENTER)
def save_sessions(ctx: AppContext, workshop_id: uuid.UUID, edits: list[SessionEdit]) -> int:
    """Save edited sessions of the programme; the field of an error is ``"<row>:topic"``."""
    with ctx.session() as session:
        row = live_record(session, TrainingWorkshop, workshop_id, NOT_FOUND)
        if row.state in ("finished", "cancelled"):
            raise ServiceError("برنامهٔ کارگاه پایان‌یافته یا لغوشده ویرایش نمی‌شود.")
        sessions = {s.id: s for s in _sessions(session, workshop_id)}
        changed = 0
        for index, edit in enumerate(edits):
            s = sessions.get(edit.session_id)
            if s is None:
                raise ServiceError("این جلسه از برنامهٔ این کارگاه نیست.", f"{index}:topic")
            topic = text(edit.topic, 300, "موضوع جلسه", f"{index}:topic", "موضوع جلسه را بنویسید.")
            trainer = text(edit.trainer, 200, "نام مدرس", f"{index}:trainer")
            methods = text(edit.methods, 300, "روش آموزش", f"{index}:methods")
            materials = text(edit.materials, 300, "وسایل و مواد", f"{index}:materials")
            if not 0 < edit.hours <= 12:
                raise ServiceError("ساعت جلسه باید از ۱ تا ۱۲ باشد.", f"{index}:hours")
            values = (topic, edit.hours, trainer, methods, materials)
            if values != (s.topic, s.hours, s.trainer, s.methods, s.materials):
                s.topic, s.hours, s.trainer, s.methods, s.materials = values
                changed += 1
        return changed


# -- states -------------------------------------------------------------------------------

_TRANSITIONS = {
    "start": ({"planned"}, "running"),
    "finish": ({"running"}, "finished"),
    "cancel": ({"planned", "running"}, "cancelled"),
}
ACTIONS = {"start": "شروع کارگاه", "finish": "پایان کارگاه", "cancel": "لغو کارگاه"}


@access.operation(access.APPROVE)
def change_state(ctx: AppContext, workshop_id: uuid.UUID | str, action: str) -> str:
    """Start, finish or cancel a workshop; returns the new state."""
    if action not in _TRANSITIONS:
        raise ServiceError("این اقدام برای کارگاه تعریف نشده است.")
    sources, target = _TRANSITIONS[action]
    with ctx.session() as session:
        row = live_workshop(session, workshop_id)
        if row.state not in sources:
            raise ServiceError(
                f"«{ACTIONS[action]}» برای کارگاهِ «{WORKSHOP_STATES[row.state]}» ممکن نیست."
            )
        row.state = target
        return target


# -- budget -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Budget:
    per_head: int
    participants: int  # invited who answered yes
    planned: int  # per head × participants
    spent: int

    @property
    def remaining(self) -> int:
        return self.planned - self.spent


@access.operation(access.SIGNED_IN)
def budget(ctx: AppContext, workshop_id: uuid.UUID) -> Budget:
    with ctx.session() as session:
        row = live_record(session, TrainingWorkshop, workshop_id, NOT_FOUND)
        coming = int(
            session.scalar(
                select(func.count())
                .select_from(WorkshopInvitation)
                .where(
                    WorkshopInvitation.training_workshop_id == row.id,
                    live(WorkshopInvitation),
                    WorkshopInvitation.answer == "yes",
                )
            )
            or 0
        )
        return Budget(row.per_head_cost, coming, row.per_head_cost * coming, row.spent)


# -- the list -----------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkshopRow:
    id: uuid.UUID
    code: str
    title: str
    province: str
    place_name: str | None
    start_date: date | None
    end_date: date | None
    state: str


TRAINING_WORKSHOPS: Listing[WorkshopRow] = Listing(
    model=TrainingWorkshop,
    row=WorkshopRow,
    columns={
        "id": TrainingWorkshop.id,
        "code": TrainingWorkshop.code,
        "title": TrainingWorkshop.title,
        "province": TrainingWorkshop.province,
        "place_name": Place.name,
        "start_date": TrainingWorkshop.start_date,
        "end_date": TrainingWorkshop.end_date,
        "state": TrainingWorkshop.state,
    },
    search_column=TrainingWorkshop.search_text,
    filters={"state": TrainingWorkshop.state, "province": TrainingWorkshop.province},
    default_sort="start_date",
    join=lambda stmt: stmt.outerjoin(Place, Place.id == TrainingWorkshop.place_id),
)


@access.operation(access.SIGNED_IN)
def count_workshops(ctx: AppContext, query: ListQuery) -> int:
    return TRAINING_WORKSHOPS.count(ctx, query)


@access.operation(access.SIGNED_IN)
def workshop_page(ctx: AppContext, query: ListQuery, offset: int, limit: int) -> list[WorkshopRow]:
    return TRAINING_WORKSHOPS.page(ctx, query, offset, limit)


@access.operation(access.SIGNED_IN)
def workshop_choices(ctx: AppContext) -> list[tuple[uuid.UUID, str]]:
    """Live workshops, newest first, as (id, «code — title») for pickers."""
    with ctx.session() as session:
        rows = session.execute(
            select(TrainingWorkshop.id, TrainingWorkshop.code, TrainingWorkshop.title)
            .where(live(TrainingWorkshop), TrainingWorkshop.state != "cancelled")
            .order_by(TrainingWorkshop.start_date.desc(), TrainingWorkshop.code)
        ).all()
        return [(r.id, f"{code_text(r.code)} — {r.title}") for r in rows]
