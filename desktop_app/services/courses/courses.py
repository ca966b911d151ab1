"""Training courses (دوره‌های آموزشی): validate, save, get, delete, the paged list with
its filters, the pickers of the course form, and the Excel export of the list.

``CourseData`` is what the form edits; ``save_course`` creates a draft (giving it
its code: the office code, a dash and the office's next number, e.g. ``2701-00012``)
or updates a course the center may still edit (draft or rejected). The kind
(دولتی/آزاد) follows the place: a course at a public center is ``public``, one at a
private institute ``private``. Workflow steps are in ``course_workflow``.

The list (``COURSES``) filters by state, place, standard and kind like every list,
and adds two filters of its own: a start-date range (``start_from``/``start_to``)
and ``waiting`` (courses waiting for the acting level's decision).

No Qt; any thread (one short session per call; plain data in and out).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from desktop_app.documents.course import COURSE_KINDS, WEEKDAYS
from desktop_app.models import Course, CourseTrainer, Place, SkillStandard, Trainer, Workshop, live
from desktop_app.models.limits import text_lengths
from desktop_app.models.numbering import IssuedCode, next_code
from desktop_app.persian import format_jalali, normalize, search_key, to_persian_digits
from desktop_app.services.accounts import access
from desktop_app.services.accounts.audit import record_event_now
from desktop_app.services.core.context import AppContext
from desktop_app.services.core.errors import NotFoundError, ServiceError
from desktop_app.services.core.excel import write_sheet
from desktop_app.services.core.listing import Listing, ListQuery
from desktop_app.services.core.records import (
    live_record,
    new_record,
    office_code,
    record_for_update,
)
from desktop_app.services.courses.course_workflow import (
    COURSE_NOT_FOUND,
    EDITABLE_STATES,
    HEADQUARTERS,
    PROVINCE,
    STATES,
    code_text,
    current_actor,
    needs_headquarters,
)

DELIVERY_SETTINGS: dict[str, str] = {
    "urban": "شهری",
    "rural": "روستایی",
    "prison": "زندان",
    "garrison": "پادگان",
    "workplace": "محل کار (صنایع)",
}
COURSE_GENDERS: dict[str, str] = {"male": "آقایان", "female": "بانوان", "mixed": "مختلط"}
#: Text lengths of the course form's fields (the model's ``String(n)`` columns).
COURSE_LENGTHS = text_lengths(Course)
_TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")


@dataclass(frozen=True)
class Slot:
    """One weekly meeting: weekday (0 = Saturday) and hours "HH:MM"–"HH:MM"."""

    day: int
    start: str
    end: str

    def as_json(self) -> dict[str, Any]:
        return {"day": self.day, "start": self.start, "end": self.end}

    @property
    def minutes(self) -> int:
        (h1, m1), (h2, m2) = (map(int, t.split(":")) for t in (self.start, self.end))
        return (h2 * 60 + m2) - (h1 * 60 + m1)

    def text(self) -> str:
        return to_persian_digits(f"{WEEKDAYS[self.day]} {self.start} تا {self.end}")


@dataclass
class CourseData:
    """A course as the form edits it (``id`` None: not saved yet; code/state read-only)."""

    id: uuid.UUID | None = None
    version: int = 0
    code: str = ""
    state: str = "draft"
    standard_id: uuid.UUID | None = None
    place_id: uuid.UUID | None = None
    workshop_id: uuid.UUID | None = None
    trainer_ids: list[uuid.UUID] = field(default_factory=list)
    kind: str = "public"
    delivery_setting: str = "urban"
    start_date: date | None = None
    end_date: date | None = None
    schedule: list[Slot] = field(default_factory=list)
    capacity: int | None = None
    fee: int | None = 0
    gender: str = "mixed"
    registration_open: date | None = None
    registration_close: date | None = None
    note: str = ""

    def validated(self) -> CourseData:
        """A normalized copy, or ``ServiceError`` naming the first bad field."""
        for name, message in (
            ("standard_id", "استاندارد آموزشی دوره را انتخاب کنید."),
            ("place_id", "مکان برگزاری دوره را انتخاب کنید."),
            ("workshop_id", "کارگاه دوره را انتخاب کنید."),
        ):
            if getattr(self, name) is None:
                raise ServiceError(message, name)
        if not self.trainer_ids:
            raise ServiceError("دست‌کم یک مربی برای دوره انتخاب کنید.", "trainer_ids")
        if self.delivery_setting not in DELIVERY_SETTINGS:
            raise ServiceError("محل اجرای دوره را از فهرست انتخاب کنید.", "delivery_setting")
        if self.gender not in COURSE_GENDERS:
            raise ServiceError("جنسیت دوره باید آقایان، بانوان یا مختلط باشد.", "gender")
        if self.capacity is None or not 1 <= self.capacity <= 200:
            raise ServiceError("ظرفیت دوره باید بین ۱ تا ۲۰۰ نفر باشد.", "capacity")
        if self.fee is None or not 0 <= self.fee <= 10_000_000_000:
            raise ServiceError("شهریهٔ هر کارآموز را به ریال وارد کنید (صفر برای رایگان).", "fee")
        dates = (
            ("registration_open", "تاریخ آغاز ثبت‌نام را وارد کنید."),
            ("registration_close", "تاریخ پایان ثبت‌نام را وارد کنید."),
            ("start_date", "تاریخ شروع دوره را وارد کنید."),
            ("end_date", "تاریخ پایان دوره را وارد کنید."),
        )
        for name, message in dates:
            if getattr(self, name) is None:
                raise ServiceError(message, name)
        assert self.start_date and self.end_date
        assert self.registration_open and self.registration_close
        if self.end_date < self.start_date:
            raise ServiceError("تاریخ پایان دوره نمی‌تواند پیش از شروع آن باشد.", "end_date")
        if self.registration_close < self.registration_open:
            raise ServiceError("پایان ثبت‌نام نمی‌تواند پیش از آغاز آن باشد.", "registration_close")
        return replace(
            self,
            trainer_ids=list(dict.fromkeys(self.trainer_ids)),
            schedule=validated_schedule(self.schedule),
            note=normalize(self.note, keep_newlines=True),
        )


def validated_schedule(slots: list[Slot]) -> list[Slot]:
    """The weekly schedule sorted by day and hour; refused when empty, malformed or
    when two meetings of the course overlap."""
    if not slots:
        raise ServiceError("برنامهٔ هفتگی دوره را وارد کنید (دست‌کم یک جلسه).", "schedule")
    for slot in slots:
        if not 0 <= slot.day <= 6:
            raise ServiceError("روز جلسه را از شنبه تا جمعه انتخاب کنید.", "schedule")
        if not (_TIME.match(slot.start) and _TIME.match(slot.end)):
            raise ServiceError("ساعت جلسه‌ها را به شکل ۰۸:۰۰ وارد کنید.", "schedule")
        if slot.minutes <= 0:
            raise ServiceError(
                f"در جلسهٔ {slot.text()} ساعت پایان باید پس از ساعت شروع باشد.", "schedule"
            )
    ordered = sorted(slots, key=lambda s: (s.day, s.start))
    for a, b in pairwise(ordered):
        if a.day == b.day and b.start < a.end:
            raise ServiceError(f"جلسه‌های {a.text()} و {b.text()} هم‌پوشانی دارند.", "schedule")
    return ordered


def weekly_hours(slots: list[Slot]) -> float:
    return sum(s.minutes for s in slots) / 60


# -- list -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CourseRow:
    """One line of the course list."""

    id: uuid.UUID
    code: str
    standard_title: str
    place_name: str
    kind: str
    state: str
    start_date: date | None
    end_date: date | None
    capacity: int
    fee: int
    gender: str


COURSES: Listing[CourseRow] = Listing(
    model=Course,
    row=CourseRow,
    columns={
        "id": Course.id,
        "code": Course.code,
        "standard_title": SkillStandard.title,
        "place_name": Place.name,
        "kind": Course.kind,
        "state": Course.state,
        "start_date": Course.start_date,
        "end_date": Course.end_date,
        "capacity": Course.capacity,
        "fee": Course.fee,
        "gender": Course.gender,
    },
    search_column=Course.search_text,
    filters={
        "state": Course.state,
        "place_id": Course.place_id,
        "standard_id": Course.standard_id,
        "kind": Course.kind,
    },
    default_sort="start_date",
    join=lambda stmt: stmt.join(SkillStandard, SkillStandard.id == Course.standard_id).join(
        Place, Place.id == Course.place_id
    ),
)
#: Filters the list understands beyond ``COURSES.filters``.
EXTRA_FILTERS = ("start_from", "start_to", "waiting")


def waiting_condition(level: str) -> Any:
    """SQL condition: courses waiting for a decision of ``level`` (None: nothing)."""
    if level == PROVINCE:
        return Course.state == "submitted"
    if level == HEADQUARTERS:
        return (Course.state == "province_approved") & Course.needs_headquarters.is_(True)
    return None


def _split(ctx: AppContext, query: ListQuery) -> tuple[ListQuery, list[Any]]:
    """The query without the extra filters, and the SQL conditions they stand for."""
    plain = ListQuery(search=query.search, sort=query.sort, descending=query.descending)
    conditions: list[Any] = []
    for key, value in query.filters:
        if key == "start_from":
            conditions.append(Course.start_date >= value)
        elif key == "start_to":
            conditions.append(Course.start_date <= value)
        elif key == "waiting" and value:
            condition = waiting_condition(current_actor(ctx).level)
            conditions.append(condition if condition is not None else Course.id.is_(None))
        else:
            plain = plain.with_filter(key, value)
    return plain, conditions


def _with(stmt: Select[Any], conditions: list[Any]) -> Select[Any]:
    for condition in conditions:
        stmt = stmt.where(condition)
    return stmt


@access.operation(access.SIGNED_IN)
def count_courses(ctx: AppContext, query: ListQuery) -> int:
    plain, conditions = _split(ctx, query)
    with ctx.session() as session:
        return int(session.execute(_with(COURSES.count_statement(plain), conditions)).scalar_one())


@access.operation(access.SIGNED_IN)
def course_page(ctx: AppContext, query: ListQuery, offset: int, limit: int) -> list[CourseRow]:
    plain, conditions = _split(ctx, query)
    stmt = _with(COURSES.page_statement(plain, offset, limit), conditions)
    with ctx.session() as session:
        return [CourseRow(**dict(m)) for m in session.execute(stmt).mappings()]


@access.operation(access.SIGNED_IN)
def waiting_count(ctx: AppContext) -> int:
    """How many courses wait for the acting level's decision."""
    return count_courses(ctx, ListQuery(filters=(("waiting", True),)))


# -- one course -------------------------------------------------------------------------


def _live_course(session: Session, course_id: uuid.UUID) -> Course:
    return live_record(session, Course, course_id, COURSE_NOT_FOUND)


def _trainer_ids(session: Session, course_id: uuid.UUID) -> list[uuid.UUID]:
    return list(
        session.scalars(
            select(CourseTrainer.trainer_id)
            .where(CourseTrainer.course_id == course_id, live(CourseTrainer))
            .order_by(CourseTrainer.created_at)
        )
    )


def _course_data(session: Session, row: Course) -> CourseData:
    return CourseData(
        id=row.id,
        version=row.version,
        code=row.code,
        state=row.state,
        standard_id=row.standard_id,
        place_id=row.place_id,
        workshop_id=row.workshop_id,
        trainer_ids=_trainer_ids(session, row.id),
        kind=row.kind,
        delivery_setting=row.delivery_setting,
        start_date=row.start_date,
        end_date=row.end_date,
        schedule=[Slot(s["day"], s["start"], s["end"]) for s in row.schedule or []],
        capacity=row.capacity,
        fee=row.fee,
        gender=row.gender,
        registration_open=row.registration_open,
        registration_close=row.registration_close,
        note=row.note,
    )


@access.operation(access.SIGNED_IN)
def get_course(ctx: AppContext, course_id: uuid.UUID) -> CourseData:
    with ctx.session() as session:
        return _course_data(session, _live_course(session, course_id))


@access.operation(access.SIGNED_IN)
def find_course(ctx: AppContext, code_or_id: str) -> CourseData:
    """A live course by its code (in any digit script) or id."""
    from desktop_app.persian import normalize_code

    code = normalize_code(code_or_id)
    with ctx.session() as session:
        row = session.scalars(
            select(Course).where(func.replace(Course.code, "-", "") == code, live(Course))
        ).first()
        if row is None:
            try:
                row = _live_course(session, uuid.UUID(code))
            except (ValueError, NotFoundError):
                raise NotFoundError(
                    f"دوره‌ای با کد {to_persian_digits(code_or_id)} پیدا نشد."
                ) from None
        return _course_data(session, row)


def next_course_code(session: Session, office: str) -> IssuedCode:
    """This counter's next course code (``2701-2-00012``): unique across every counter of
    every office, with or without a server (``models.numbering``)."""
    return next_code(session, Course, office)


def _references(session: Session, clean: CourseData) -> tuple[SkillStandard, Place, Workshop]:
    def get(model: Any, key: Any, message: str, name: str) -> Any:
        try:
            return live_record(session, model, key, message)
        except NotFoundError as exc:
            raise ServiceError(message, name) from exc

    standard = get(SkillStandard, clean.standard_id, "استاندارد انتخاب‌شده پیدا نشد.", "standard_id")
    place = get(Place, clean.place_id, "مکان انتخاب‌شده پیدا نشد.", "place_id")
    workshop = get(Workshop, clean.workshop_id, "کارگاه انتخاب‌شده پیدا نشد.", "workshop_id")
    if workshop.place_id != place.id:
        raise ServiceError(f"کارگاه «{workshop.name}» از آنِ «{place.name}» نیست.", "workshop_id")
    for trainer_id in clean.trainer_ids:
        get(Trainer, trainer_id, "یکی از مربیان انتخاب‌شده پیدا نشد.", "trainer_ids")
    return standard, place, workshop


def _sync_trainers(session: Session, course_id: uuid.UUID, wanted: list[uuid.UUID]) -> None:
    """Make the course's live trainer rows exactly ``wanted`` (tombstoning the others)."""
    rows = session.scalars(
        select(CourseTrainer).where(CourseTrainer.course_id == course_id, live(CourseTrainer))
    ).all()
    have = {row.trainer_id for row in rows}
    for row in rows:
        if row.trainer_id not in wanted:
            row.mark_deleted()
    for trainer_id in wanted:
        if trainer_id not in have:
            link = new_record(session, CourseTrainer)
            link.course_id = course_id
            link.trainer_id = trainer_id


def course_search_text(
    session: Session, course: Course, standard: SkillStandard, place: Place
) -> str:
    names = session.execute(
        select(Trainer.first_name, Trainer.last_name)
        .join(CourseTrainer, CourseTrainer.trainer_id == Trainer.id)
        .where(CourseTrainer.course_id == course.id, live(CourseTrainer))
    ).all()
    parts = [course.code, standard.title, standard.code, place.name, place.city]
    parts += [f"{n.first_name} {n.last_name}" for n in names]
    return search_key(" ".join(parts))


@access.operation(access.ENTER)
def save_course(ctx: AppContext, data: CourseData) -> CourseData:
    """Create a draft course or update one the center may edit; returns it as stored."""
    clean = data.validated()
    if current_actor(ctx).level != "center":
        raise ServiceError("دوره را مرکز یا آموزشگاه ثبت و ویرایش می‌کند، نه اداره کل یا ستاد.")
    with ctx.session() as session:
        standard, place, _workshop = _references(session, clean)
        if clean.id is None:
            office = office_code(session)
            if not office:
                raise ServiceError("پیش از ثبت دوره، کد اداره را در «تنظیمات» وارد کنید.")
            issued = next_course_code(session, office)
            with session.no_autoflush:
                row = new_record(session, Course)
                issued.assign(row)
                row.state = "draft"
        else:
            row = record_for_update(session, Course, clean.id, clean.version, COURSE_NOT_FOUND)
            if row.state not in EDITABLE_STATES:
                raise ServiceError(
                    f"دوره در وضعیت «{STATES.get(row.state, row.state)}» است و ویرایش نمی‌شود؛ "
                    "فقط پیش‌نویس یا دورهٔ ردشده ویرایش می‌شود."
                )
        row.standard_id = standard.id
        row.place_id = place.id
        row.workshop_id = clean.workshop_id  # type: ignore[assignment]
        row.kind = "private" if place.kind == "institute" else "public"
        row.needs_headquarters = needs_headquarters(row.kind, standard.total_hours)
        for name in (
            "delivery_setting",
            "start_date",
            "end_date",
            "capacity",
            "fee",
            "gender",
            "registration_open",
            "registration_close",
            "note",
        ):
            setattr(row, name, getattr(clean, name))
        row.schedule = [slot.as_json() for slot in clean.schedule]
        session.flush()
        _sync_trainers(session, row.id, clean.trainer_ids)
        session.flush()
        row.search_text = course_search_text(session, row, standard, place)
        session.flush()
        return _course_data(session, row)


@access.operation(access.DELETE)
def delete_course(ctx: AppContext, course_id: uuid.UUID) -> None:
    """Tombstone a draft (anything submitted is cancelled through the workflow instead)."""
    with ctx.session() as session:
        row = _live_course(session, course_id)
        if row.state != "draft":
            raise ServiceError(
                "فقط پیش‌نویس حذف می‌شود؛ دوره‌ای را که ارسال شده با «لغو دوره» کنار بگذارید."
            )
        for link in session.scalars(
            select(CourseTrainer).where(CourseTrainer.course_id == course_id, live(CourseTrainer))
        ):
            link.mark_deleted()
        row.mark_deleted()


# -- pickers ----------------------------------------------------------------------------


@access.operation(access.SIGNED_IN)
def workshop_choices(ctx: AppContext, place_id: uuid.UUID) -> list[tuple[uuid.UUID, str]]:
    """(id, "name — capacity N") of the live workshops of a place."""
    with ctx.session() as session:
        rows = session.execute(
            select(Workshop.id, Workshop.name, Workshop.capacity)
            .where(Workshop.place_id == place_id, live(Workshop))
            .order_by(Workshop.name)
        ).all()
    return [
        (r.id, r.name + (f" — ظرفیت {to_persian_digits(r.capacity)}" if r.capacity else ""))
        for r in rows
    ]


@dataclass(frozen=True)
class TrainerChoice:
    """A trainer as the course form's picker lists them."""

    id: uuid.UUID
    name: str
    standard_codes: tuple[str, ...]
    active: bool


@access.operation(access.SIGNED_IN)
def trainer_choices(ctx: AppContext) -> list[TrainerChoice]:
    """Every live trainer (read from the trainer records), by last name."""
    with ctx.session() as session:
        rows = session.scalars(
            select(Trainer).where(live(Trainer)).order_by(Trainer.last_name)
        ).all()
        return [
            TrainerChoice(
                r.id, f"{r.first_name} {r.last_name}", tuple(r.standard_codes or ()), r.active
            )
            for r in rows
        ]


@dataclass(frozen=True)
class FormChoices:
    """Everything the course form's pickers offer, loaded in one call."""

    standards: list[tuple[uuid.UUID, str, str]]  # id, label, standard code
    places: list[tuple[uuid.UUID, str, str]]  # id, label, place kind
    trainers: list[TrainerChoice]
    level: str  # the acting level (only the center edits courses)


@access.operation(access.SIGNED_IN)
def form_choices(ctx: AppContext) -> FormChoices:
    with ctx.session() as session:
        standards = session.execute(
            select(
                SkillStandard.id, SkillStandard.title, SkillStandard.code, SkillStandard.total_hours
            )
            .where(live(SkillStandard))
            .order_by(SkillStandard.title)
        ).all()
        places = session.execute(
            select(Place.id, Place.name, Place.city, Place.kind)
            .where(live(Place))
            .order_by(Place.name)
        ).all()
    return FormChoices(
        standards=[
            (
                r.id,
                f"{r.title} ({code_text(r.code)}) — {to_persian_digits(r.total_hours)} ساعت",
                r.code,
            )
            for r in standards
        ],
        places=[(r.id, f"{r.name} — {r.city}", r.kind) for r in places],
        trainers=trainer_choices(ctx),
        level=current_actor(ctx).level,
    )


# -- export -----------------------------------------------------------------------------

EXCEL_COLUMNS = (
    "کد دوره",
    "استاندارد",
    "مکان",
    "نوع",
    "وضعیت",
    "شروع",
    "پایان",
    "ظرفیت",
    "شهریه (ریال)",
    "جنسیت",
)
EXCEL_WIDTHS = (14, 36, 36, 8, 20, 12, 12, 8, 14, 10)


@access.operation(access.EXPORT)
def export_courses_excel(ctx: AppContext, path: Path, query: ListQuery | None = None) -> int:
    """Write the courses matching ``query`` (default: all) to an .xlsx sheet, right to
    left, dates in Jalali (``services.core.excel``); returns the row count."""
    query = query or ListQuery()
    rows = course_page(ctx, query, 0, count_courses(ctx, query))
    write_sheet(
        path,
        "دوره‌های آموزشی",
        EXCEL_COLUMNS,
        (
            [
                row.code,
                row.standard_title,
                row.place_name,
                COURSE_KINDS.get(row.kind, row.kind),
                STATES.get(row.state, row.state),
                format_jalali(row.start_date, persian_digits=False),
                format_jalali(row.end_date, persian_digits=False),
                row.capacity,
                row.fee,
                COURSE_GENDERS.get(row.gender, row.gender),
            ]
            for row in rows
        ),
        EXCEL_WIDTHS,
    )
    record_event_now(ctx, "export", "courses", None, f"{len(rows)} دوره → {Path(path).name}")
    return len(rows)
