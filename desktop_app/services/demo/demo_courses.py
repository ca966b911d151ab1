"""Demo skill standards and courses in every workflow state, with their timelines.

Standards: TVTO standard titles with their theory/practice hours; the codes are
the ones the demo trainers (``demo_trainers``) carry, in the national format but
invented: check real codes against the national standards system. Courses use the demo places and workshops (``demo_places``) and are
walked through the real workflow (``course_workflow.perform``, checks included) by a
center, the Golestan directorate and headquarters; the steps' times are then spread
over the past days so the timelines read naturally. Dates are relative to today, so a
"running" course is running whenever the demo is made.

Trainers: each course gets a live, active trainer allowed to teach its standard
(the demo trainers of ``demo_trainers`` when that filler ran first; those of the
course's place first, and one free at the course's hours). Only when no trainer
qualifies does this filler create its own (``TRAINERS``, by national code) directly
on the ``Trainer`` model. No Qt; any thread.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select

from desktop_app.models import Course, CourseTransition, Place, Trainer, Workshop, live, utcnow
from desktop_app.persian import normalize_code, search_key
from desktop_app.services.accounts import access
from desktop_app.services.core.context import AppContext
from desktop_app.services.core.records import new_record
from desktop_app.services.courses.course_workflow import (
    CENTER,
    HEADQUARTERS,
    PROVINCE,
    Actor,
    perform,
    submit_problems,
)
from desktop_app.services.courses.courses import CourseData, Slot, get_course, save_course
from desktop_app.services.courses.standards import StandardData, save_standard
from desktop_app.services.trainers.trainers import trainer_name_sort

# (title, code, total, theory, practice, occupation group, min age, gender)
STANDARDS: tuple[tuple[str, str, int, int, int, str, int | None, str], ...] = (
    ("برق‌کار ساختمان", "7-41/11/1/3", 280, 90, 190, "برق", 18, ""),
    ("کاربر رایانه", "4-84/15/1/3", 168, 56, 112, "رایانه", 15, ""),
    (
        "جوشکار سازه‌های فولادی با فرایند SMAW",
        "7-21/22/3/2",
        320,
        64,
        256,
        "جوشکاری و ساخت",
        18,
        "male",
    ),
    ("خیاط لباس زنانه", "7-53/33/1/3", 360, 72, 288, "صنایع پوشاک", 15, "female"),
    ("مکانیک خودروهای سبک بنزینی", "7-23/42/1/4", 450, 120, 330, "مکانیک خودرو", 18, "male"),
    ("نصاب و تعمیرکار آبگرمکن و پکیج", "7-13/51/2/1", 240, 60, 180, "تأسیسات", 18, ""),
)

# (first, last, national code, gender, place code, standard codes)
TRAINERS: tuple[tuple[str, str, str, str, str, tuple[str, ...]], ...] = (
    ("مهدی", "قاسمی", "2120345678", "male", "270101", ("7-41/11/1/3", "4-84/15/1/3")),
    ("الهام", "صفری", "2121456783", "female", "270301", ("7-53/33/1/3", "4-84/15/1/3")),
    ("رحیم", "اونق", "2122567899", "male", "275031", ("7-21/22/3/2",)),
    ("سعید", "میرزایی", "2123678902", "male", "270201", ("7-23/42/1/4", "7-13/51/2/1")),
)

CENTER_ACTOR = Actor("مرکز آموزش فنی و حرفه‌ای شمارهٔ ۱ گرگان", CENTER, "2701")
PROVINCE_ACTOR = Actor("اداره کل آموزش فنی و حرفه‌ای استان گلستان", PROVINCE, "27")
HQ_ACTOR = Actor("ستاد سازمان آموزش فنی و حرفه‌ای کشور", HEADQUARTERS, "10")

# The walks from draft to each state, as (action, actor, note).
_SUBMIT = ("submit", CENTER_ACTOR, "")
_PROVINCE_OK = ("province_approve", PROVINCE_ACTOR, "")
_HQ_OK = ("hq_approve", HQ_ACTOR, "")
_OPEN = ("open_registration", CENTER_ACTOR, "")

# (standard code, place code, workshop, trainer national codes, schedule, capacity, fee,
#  gender, delivery, start offset from today in days, length in days, walk)
_COURSES: tuple[tuple[Any, ...], ...] = (
    (
        "7-41/11/1/3",
        "270101",
        "کارگاه برق صنعتی",
        ("2120345678",),
        ((0, "08:00", "12:00"), (2, "08:00", "12:00")),
        16,
        0,
        "male",
        "urban",
        20,
        120,
        [],
    ),
    (
        "4-84/15/1/3",
        "270101",
        "کارگاه رایانه ۱",
        ("2120345678",),
        ((1, "14:00", "18:00"), (3, "14:00", "18:00")),
        18,
        0,
        "mixed",
        "urban",
        25,
        70,
        [_SUBMIT],
    ),
    (
        "7-41/11/1/3",
        "270101",
        "کارگاه برق صنعتی",
        ("2120345678",),
        ((4, "08:00", "13:00"),),
        14,
        0,
        "male",
        "rural",
        35,
        90,
        [_SUBMIT, _PROVINCE_OK],
    ),
    (
        "7-53/33/1/3",
        "270301",
        "کارگاه خیاطی",
        ("2121456783",),
        ((0, "09:00", "13:00"), (2, "09:00", "13:00"), (4, "09:00", "13:00")),
        18,
        0,
        "female",
        "urban",
        30,
        110,
        [
            _SUBMIT,
            (
                "province_reject",
                PROVINCE_ACTOR,
                "برنامهٔ هفتگی با ساعت کار کارگاه خیاطی هماهنگ نیست؛ جلسهٔ چهارشنبه را جابه‌جا کنید.",
            ),
        ],
    ),
    (
        "4-84/15/1/3",
        "275012",
        "کارگاه ICDL",
        ("2121456783",),
        ((1, "16:00", "19:00"), (3, "16:00", "19:00")),
        15,
        18_000_000,
        "mixed",
        "urban",
        15,
        60,
        [_SUBMIT, _PROVINCE_OK, _HQ_OK],
    ),
    (
        "7-21/22/3/2",
        "275031",
        "کارگاه جوشکاری برق",
        ("2122567899",),
        ((0, "08:00", "14:00"), (2, "08:00", "14:00")),
        10,
        35_000_000,
        "male",
        "garrison",
        40,
        100,
        [
            _SUBMIT,
            _PROVINCE_OK,
            (
                "hq_reject",
                HQ_ACTOR,
                "شهریهٔ پیشنهادی از سقف تعرفهٔ مصوب آموزشگاه‌های آزاد بیشتر است؛ شهریه را اصلاح کنید.",
            ),
        ],
    ),
    (
        "7-23/42/1/4",
        "270201",
        "کارگاه مکانیک خودرو",
        ("2123678902",),
        ((0, "08:00", "12:00"), (1, "08:00", "12:00"), (2, "08:00", "12:00")),
        14,
        0,
        "male",
        "urban",
        12,
        150,
        [_SUBMIT, _PROVINCE_OK, _HQ_OK, _OPEN],
    ),
    (
        "7-13/51/2/1",
        "270201",
        "کارگاه تأسیسات حرارتی",
        ("2123678902",),
        ((3, "08:00", "13:00"), (4, "08:00", "13:00")),
        12,
        0,
        "male",
        "prison",
        -30,
        90,
        [_SUBMIT, _PROVINCE_OK, _OPEN, ("start", CENTER_ACTOR, "")],
    ),
    (
        "4-84/15/1/3",
        "270301",
        "کارگاه رایانه خواهران",
        ("2121456783",),
        ((5, "08:00", "12:00"),),
        16,
        0,
        "female",
        "workplace",
        -150,
        80,
        [_SUBMIT, _PROVINCE_OK, _OPEN, ("start", CENTER_ACTOR, ""), ("finish", CENTER_ACTOR, "")],
    ),
    (
        "7-41/11/1/3",
        "270101",
        "کارگاه برق صنعتی",
        ("2120345678",),
        ((5, "14:00", "18:00"),),
        16,
        0,
        "mixed",
        "urban",
        60,
        90,
        [
            _SUBMIT,
            _PROVINCE_OK,
            (
                "cancel",
                CENTER_ACTOR,
                "مربی دوره به مأموریت آموزشی استان دیگری رفت؛ دوره در نوبت بعد برگزار می‌شود.",
            ),
        ],
    ),
    (
        "4-84/15/1/3",
        "275012",
        "کارگاه ICDL",
        ("2121456783",),
        ((0, "16:00", "19:00"), (2, "16:00", "19:00")),
        15,
        18_000_000,
        "female",
        "urban",
        70,
        60,
        [_SUBMIT, _PROVINCE_OK],  # a private course: waits for headquarters
    ),
)


def _candidates(ctx: AppContext, standard_code: str, place_id: uuid.UUID) -> list[uuid.UUID]:
    """Live, active trainers allowed to teach the standard; those of the place first."""
    wanted = normalize_code(standard_code)
    with ctx.session() as session:
        rows = session.scalars(select(Trainer).where(live(Trainer), Trainer.active.is_(True))).all()
        allowed = [t for t in rows if wanted in {normalize_code(c) for c in t.standard_codes or []}]
        allowed.sort(key=lambda t: (t.place_id != place_id, t.last_name, t.first_name))
        return [t.id for t in allowed]


def _fallback_trainer(ctx: AppContext, national: str) -> uuid.UUID:
    """This filler's own trainer (``TRAINERS``), created when no trainer qualifies."""
    first, last, _code, gender, place_code, codes = next(t for t in TRAINERS if t[2] == national)
    with ctx.session() as session:
        row = session.scalars(
            select(Trainer).where(Trainer.national_code == national, live(Trainer))
        ).first()
        if row is None:
            row = new_record(session, Trainer)
            row.first_name, row.last_name, row.national_code = first, last, national
            row.gender = gender
            row.place_id = session.scalar(select(Place.id).where(Place.code == place_code))
            row.standard_codes = list(codes)
            row.employment_type = "contract"
            row.search_text = search_key(f"{first} {last} {national}")
            row.name_sort = trainer_name_sort(first, last)
            session.flush()
        return row.id


def _with_free_trainer(ctx: AppContext, course: CourseData, candidates: list[uuid.UUID]) -> None:
    """Give the course the first candidate who is free at its hours (for the demo walk)."""
    assert course.id is not None
    for trainer_id in candidates:
        stored = get_course(ctx, course.id)
        if stored.trainer_ids != [trainer_id]:
            save_course(ctx, replace(stored, trainer_ids=[trainer_id]))
        busy = [p for p in submit_problems(ctx, course.id) if p.check == "trainer_busy"]
        if not busy:
            return


@access.operation(access.ENTER)
def fill_courses(ctx: AppContext) -> None:
    standards = {}
    for title, code, total, theory, practice, group, age, gender in STANDARDS:
        saved = save_standard(
            ctx,
            StandardData(
                title=title,
                code=code,
                total_hours=total,
                theory_hours=theory,
                practice_hours=practice,
                occupation_group=group,
                min_age=age,
                gender=gender,
                pass_mark_theory=50,
                pass_mark_practice=70,
            ),
        )
        standards[code] = saved.id
    with ctx.session() as session:
        places = {r.code: r.id for r in session.execute(select(Place.code, Place.id))}
        workshops = {(w.place_id, w.name): w.id for w in session.scalars(select(Workshop)).all()}
    today = date.today()
    for spec in _COURSES:
        (
            std,
            place_code,
            workshop,
            trainer_codes,
            slots,
            capacity,
            fee,
            gender,
            setting,
            offset,
            length,
            walk,
        ) = spec
        start = today + timedelta(days=offset)
        place_id = places[place_code]
        # the demo trainers (demo_trainers) when one may teach it, else this filler's own
        candidates = _candidates(ctx, std, place_id) or [
            _fallback_trainer(ctx, national) for national in trainer_codes
        ]
        course = save_course(
            ctx,
            CourseData(
                standard_id=standards[std],
                place_id=place_id,
                workshop_id=workshops[(place_id, workshop)],
                trainer_ids=candidates[:1],
                delivery_setting=setting,
                start_date=start,
                end_date=start + timedelta(days=length),
                schedule=[Slot(*s) for s in slots],
                capacity=capacity,
                fee=fee,
                gender=gender,
                registration_open=start - timedelta(days=30),
                registration_close=start - timedelta(days=2),
            ),
        )
        assert course.id is not None
        if walk:
            _with_free_trainer(ctx, course, candidates)
        for action, actor, note in walk:
            perform(ctx, course.id, action, note, actor=actor)
        _spread_times(ctx, course.id)


def _spread_times(ctx: AppContext, course_id: uuid.UUID) -> None:
    """Give the course's steps believable times: decisions a few days apart before
    registration opens, opening on its first day, start and finish on the course's
    dates; never in the future."""
    now = utcnow()
    with ctx.session() as session:
        course = session.get(Course, course_id)
        assert course is not None and course.registration_open and course.start_date
        steps = session.scalars(
            select(CourseTransition)
            .where(CourseTransition.course_id == course_id)
            .order_by(CourseTransition.at)
        ).all()
        base = datetime.combine(course.registration_open, time(9, 30), UTC) - timedelta(days=12)
        fixed = {
            "open_registration": course.registration_open,
            "start": course.start_date,
            "finish": course.end_date,
        }
        for index, step in enumerate(steps):
            day = fixed.get(step.action)
            at = (
                datetime.combine(day, time(8, 0), UTC)
                if day is not None
                else base + timedelta(days=3 * index, hours=index)
            )
            step.at = min(at, now - timedelta(hours=len(steps) - index))
