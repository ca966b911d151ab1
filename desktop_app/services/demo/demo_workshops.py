"""Demo data of facilitator training workshops (``miz demo``): the Welfare office of
Gorgan (اداره بهزیستی شهرستان گرگان) organizes two CBR workshops from Golestan's
12-day template at one of the demo places — one finished two months ago (attendance of
every session, evaluation, confirmations, completion certificates; two participants
missed too many days) and one running since last week (attendance up to yesterday).
Every step goes through the services, as a clerk would. No Qt; any thread.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from ...documents.workshops import PER_HEAD_COST
from ...models import Place, Workshop, live
from ...persian import today
from ..accounts import access
from ..core.context import AppContext
from ..workshops.attendance import Mark, Subject, attendance_sheet, record_attendance
from ..workshops.completion import issue_completion_certificates
from ..workshops.evaluation import EvaluationEntry, evaluation_sheet, record_evaluation
from ..workshops.invitations import (
    invitations,
    invite,
    letter_for,
    record_answer,
    record_confirmation,
)
from ..workshops.participants import ParticipantData, save_participant
from ..workshops.programme import Supply, WorkshopData, change_state, get_workshop, save_workshop
from ..workshops.templates import CBR_TITLE, ensure_cbr_template
from .demo_registration import national_code

ORGANIZER = "اداره بهزیستی شهرستان گرگان"
_MEN = ("محمد", "علی", "حسن", "رضا", "قربان", "یوسف", "مراد", "عباس")
_WOMEN = ("فاطمه", "زهرا", "معصومه", "سکینه", "مریم", "طاهره", "گل‌بانو", "خدیجه")
_LAST = ("قربانی", "آخوندی", "دهقان", "کریمی", "سارلی", "نظری", "یمقانی", "رحیمی",
         "بای", "آق‌اتابای", "حسینی", "شیرزاد")  # fmt: skip
_VILLAGES = ("سعدآباد", "زیارت", "قرن‌آباد", "نوده", "جهان‌نما", "تقی‌آباد", "النگ")
_GROUPS = ("گروه خودیار بانوان سعدآباد", "گروه خودیار مادران نوده", "گروه خودیار زیارت")
_NGOS = ("انجمن حمایت از معلولان گلستان", "مؤسسهٔ خیریهٔ توان‌یاب گرگان")
_SUPPLIES = (
    Supply("جزوهٔ آموزشی توانبخشی مبتنی بر جامعه", 30, "نسخه", "دفتر توانمندسازی", True),
    Supply("ویدئو پروژکتور و پرده", 1, "دستگاه", "مرکز میزبان", True),
    Supply("فرم شناسایی و نیازسنجی", 300, "برگ", "اداره بهزیستی", True),
    Supply("پذیرایی میان‌وعده", 360, "وعده", "پیمانکار پذیرایی", True),
    Supply("وسایل کمکی نمونه (عصا، واکر)", 4, "عدد", "اداره بهزیستی", False),
)


def _people(rng: random.Random, start: int, count: int) -> list[ParticipantData]:
    people = []
    for n in range(start, start + count):
        female = n % 3 != 0
        kind = ("facilitator", "facilitator", "self_help", "ngo")[n % 4]
        occupation = ""
        if kind == "facilitator":
            occupation = ("village_administrator", "health_worker", "")[n % 3]
        people.append(
            ParticipantData(
                national_code=national_code(7000 + n * 13),
                first_name=rng.choice(_WOMEN if female else _MEN),
                last_name=rng.choice(_LAST),
                father_name=rng.choice(_MEN),
                gender="female" if female else "male",
                mobile=f"0911{rng.randrange(1000000, 9999999)}",
                kind=kind,
                occupation=occupation,
                village=rng.choice(_VILLAGES),
                group_name=rng.choice(_GROUPS) if kind == "self_help" else "",
                ngo_name=rng.choice(_NGOS) if kind == "ngo" else "",
                membership_document=f"کارت عضویت شمارهٔ {400 + n}" if kind == "ngo" else "",
            )
        )
    return people


def _host(ctx: AppContext) -> tuple[Any, Any]:
    with ctx.session() as session:
        row = session.execute(
            select(Place.id, Workshop.id)
            .join(Workshop, Workshop.place_id == Place.id)
            .where(
                live(Place),
                live(Workshop),
                Place.province == "گلستان",
            )
            .order_by(Place.code, Workshop.name)
        ).first()
        return (row[0], row[1]) if row is not None else (None, None)


def _workshop(ctx: AppContext, rng: random.Random, start_offset: int, people: list, title: str):
    template_id = ensure_cbr_template(ctx, "گلستان")
    place_id, room_id = _host(ctx)
    start = today() - timedelta(days=start_offset)
    while start.weekday() == 4:  # not on a Friday
        start -= timedelta(days=1)
    data = save_workshop(
        ctx,
        WorkshopData(
            title=title, organizer=ORGANIZER, province="گلستان", template_id=template_id,
            place_id=place_id, room_id=room_id, start_date=start, capacity=30,
            per_head_cost=PER_HEAD_COST, spent=0, max_absent_days=2, supplies=list(_SUPPLIES),
        ),
    )  # fmt: skip
    ids = [save_participant(ctx, p).id for p in people]
    invite(ctx, data.id, ids, on=start - timedelta(days=14))  # type: ignore[arg-type]
    lines = invitations(ctx, data.id)  # type: ignore[arg-type]
    for n, line in enumerate(lines):
        record_answer(ctx, line.id, "no" if n in (3, 17) else "yes", on=start - timedelta(days=9))
        with ctx.session() as session:
            from ...models import WorkshopInvitation

            invitation = session.get(WorkshopInvitation, line.id)
            assert invitation is not None
            letter = letter_for(session, invitation, "invitation", line.name)
            letter.written_on = start - timedelta(days=14)  # sent before the workshop
            if line.occupation and n not in (3, 17):
                letter_for(session, invitation, "confirmation", "").written_on = start - timedelta(
                    days=12
                )
                invitation.confirmation = "requested"
        if line.occupation and n not in (3, 17) and n % 5 != 0:
            record_confirmation(ctx, line.id, n % 7 != 1, f"{1400 + n}/ت/{rng.randrange(100, 999)}",
                                start - timedelta(days=3))  # fmt: skip
    change_state(ctx, data.id, "start")  # type: ignore[arg-type]
    return data


def _attend(
    ctx: AppContext, workshop_id, rng: random.Random, until_days: int, weak: set[int]
) -> None:
    subject = Subject("workshop", workshop_id)
    sheet = attendance_sheet(ctx, subject)
    marks = []
    for s in sheet.slots:
        if s.day_number > until_days or s.day > today():
            continue
        for i, person in enumerate(sheet.people):
            roll = rng.random()
            if i in weak and s.day_number in (2, 5, 9):
                status = "absent"
            elif roll < 0.04:
                status = "absent"
            elif roll < 0.10:
                status = "late"
            elif roll < 0.13:
                status = "excused"
            else:
                status = "present"
            marks.append(Mark(person.id, s.day, s.start, status))
    record_attendance(ctx, subject, marks)


@access.operation(access.ENTER)
def fill_workshops(ctx: AppContext) -> None:
    rng = random.Random(1919)
    finished = _workshop(ctx, rng, 75, _people(rng, 0, 28), CBR_TITLE + " — دورهٔ بهار")
    _attend(ctx, finished.id, rng, 12, weak={4, 11})
    sheet = evaluation_sheet(ctx, finished.id)  # type: ignore[arg-type]
    entries = []
    for line in sheet.lines:
        pre = rng.randrange(35, 65)
        answers: list[int | None] = [rng.choice((3, 4, 4, 5, 5)) for _ in sheet.questions]
        comment = rng.choice(("", "", "روزهای عملی بیشتر باشد.", "جزوه‌ها بسیار مفید بود."))
        entries.append(EvaluationEntry(line.invitation_id, pre, min(100, pre + rng.randrange(10, 35)),
                                       answers, comment))  # fmt: skip
    record_evaluation(ctx, finished.id, entries)  # type: ignore[arg-type]
    _book_spent(ctx, finished.id, len(sheet.lines) * PER_HEAD_COST - 7_500_000)
    change_state(ctx, finished.id, "finish")  # type: ignore[arg-type]
    issue_completion_certificates(ctx, finished.id, on=finished.end_date)  # type: ignore[arg-type]

    running = _workshop(ctx, rng, 6, _people(rng, 28, 24), CBR_TITLE + " — دورهٔ پاییز")
    _attend(ctx, running.id, rng, 12, weak=set())
    _book_spent(ctx, running.id, 42_000_000)


def _book_spent(ctx: AppContext, workshop_id, spent: int) -> None:
    save_workshop(ctx, replace(get_workshop(ctx, workshop_id), spent=spent))
