"""A training workshop to Excel (.xlsx, right to left): one workbook with the
participants (invitation, agency confirmation, certificate), the attendance (one column
per session, the totals and whether each person completed), the evaluation (pre- and
post-test, gain, the answer to every question, the comment) and its summary per
question. National codes are written as text (their leading zeros kept), dates in
Jalali. It names people, so it needs ``EXPORT_PERSONAL`` and is audited. No Qt; any
thread.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from ...documents.workshops import (
    ANSWERS,
    CONFIRMATIONS,
    CONFIRMING_AGENCIES,
    OCCUPATIONS,
    PARTICIPANT_KINDS,
    SCALE,
    STATUSES,
)
from ...models import WorkshopCertificate, live
from ...persian import format_jalali
from ..accounts import access
from ..accounts.audit import record_event_now
from ..core.context import AppContext
from ..core.errors import ServiceError
from ..core.excel import Sheet, write_book
from .attendance import Subject, attendance_sheet, completion_lines
from .evaluation import evaluation_report, evaluation_sheet
from .invitations import _letters, affiliation, invitation_pairs
from .participants import full_name
from .programme import live_workshop


@dataclass(frozen=True)
class WorkshopExport:
    participants: int
    attendance: int
    evaluation: int


def _jalali(value: Any) -> str:
    return format_jalali(value, persian_digits=False) if value else ""


def _round(value: float | None) -> float | None:
    return round(value, 2) if value is not None else None


@access.operation(access.EXPORT_PERSONAL)
def export_workshop_excel(
    ctx: AppContext, workshop: uuid.UUID | str, path: Path | str
) -> WorkshopExport:
    """Write the workshop's participants, attendance and evaluation to ``path``
    (``workshop``: its id, or its code as typed: ``miz export workshop CODE``)."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ServiceError("فایل خروجی باید با پسوند xlsx باشد.", "path")
    with ctx.session() as session:
        row = live_workshop(session, workshop)
        workshop_id, code, title = row.id, row.code, row.title
        pairs = invitation_pairs(session, row.id)
        letters = _letters(session, [i.id for i, _ in pairs], "invitation")
        certs = {
            c.invitation_id: c
            for c in session.scalars(
                select(WorkshopCertificate).where(
                    WorkshopCertificate.training_workshop_id == row.id,
                    live(WorkshopCertificate),
                    WorkshopCertificate.replaced_by == "",
                )
            )
        }
        national = {i.id: p.national_code for i, p in pairs}
        people = [
            [
                n, full_name(p), p.national_code, PARTICIPANT_KINDS[p.kind],
                OCCUPATIONS.get(p.occupation, "") if p.occupation else "", affiliation(p),
                p.mobile, ANSWERS[i.answer], letters.get(i.id, ""),
                CONFIRMATIONS.get(i.confirmation, "") if p.occupation in CONFIRMING_AGENCIES
                else "",
                i.confirmation_letter, _jalali(i.confirmation_date),
                certs[i.id].serial if i.id in certs else "",
                ("ابطال‌شده" if certs[i.id].revoked_on else "معتبر") if i.id in certs else "",
            ]
            for n, (i, p) in enumerate(pairs, start=1)
        ]  # fmt: skip
    sheet = attendance_sheet(ctx, Subject("workshop", workshop_id))
    done = {line.person_id: line for line in completion_lines(sheet)}
    slot_titles = [f"روز {s.day_number} {s.start}" for s in sheet.slots]
    attendance = []
    for n, (person, statuses) in enumerate(zip(sheet.people, sheet.statuses, strict=True), 1):
        line = done[person.id]
        attendance.append([
            n, person.name, national.get(person.id, ""),
            *(STATUSES.get(s, "") for s in statuses),
            line.present, line.absent, line.late, line.excused, line.absent_days,
            line.unrecorded, "کامل" if line.completed else line.reason,
        ])  # fmt: skip
    evaluation = evaluation_sheet(ctx, workshop_id)
    report = evaluation_report(ctx, workshop_id)
    questions = [f"پرسش {i}" for i in range(1, len(evaluation.questions) + 1)]
    answers = [
        [
            n, e.name, national.get(e.invitation_id, ""), e.pre_test, e.post_test,
            e.post_test - e.pre_test if e.pre_test is not None and e.post_test is not None
            else None,
            *e.satisfaction, e.comment,
        ]
        for n, e in enumerate(evaluation.lines, start=1)
    ]  # fmt: skip
    summary: list[list[Any]] = [
        [f"پرسش {i}", q.question, q.answers, _round(q.average), *q.counts]
        for i, q in enumerate(report.questions, start=1)
    ]
    summary += [
        [],
        ["میانگین پیش‌آزمون", "", report.tested, _round(report.pre_average)],
        ["میانگین پس‌آزمون", "", report.tested, _round(report.post_average)],
        ["میانگین پیشرفت", "", report.tested, _round(report.gain)],
    ]
    counts = write_book(
        path,
        [
            Sheet("شرکت‌کنندگان", ["ردیف", "نام و نام خانوادگی", "کد ملی", "نوع", "شغل",
                                   "گروه / سمن / روستا", "تلفن همراه", "پاسخ دعوت",
                                   "شمارهٔ دعوت‌نامه", "تأیید دستگاه", "نامهٔ پاسخ دستگاه",
                                   "تاریخ پاسخ دستگاه", "شمارهٔ گواهی شرکت", "وضعیت گواهی"],
                  people, (6, 24, 13, 22, 14, 26, 14, 11, 16, 14, 16, 14, 18, 12)),
            Sheet("حضور و غیاب", ["ردیف", "نام و نام خانوادگی", "کد ملی", *slot_titles,
                                  "حاضر", "غایب", "تأخیر", "غیبت موجه", "روزهای غیبت",
                                  "ثبت‌نشده", "نتیجه"],
                  attendance, (6, 24, 13, *([12] * len(slot_titles)), 7, 7, 7, 9, 11, 9, 40)),
            Sheet("ارزشیابی", ["ردیف", "نام و نام خانوادگی", "کد ملی", "پیش‌آزمون",
                               "پس‌آزمون", "پیشرفت", *questions, "نظر"],
                  answers, (6, 24, 13, 10, 10, 9, *([8] * len(questions)), 40)),
            Sheet("خلاصهٔ ارزشیابی", ["پرسش", "متن پرسش", "شمار پاسخ", "میانگین",
                                      *(f"{k}: {v}" for k, v in SCALE.items())],
                  summary, (18, 60, 10, 10, 10, 8, 8, 8, 10)),
        ],
    )  # fmt: skip
    record_event_now(
        ctx, "export", "training_workshops", workshop_id,
        f"کارگاه {code} «{title}» → {path.name}",
    )  # fmt: skip
    return WorkshopExport(counts[0], counts[1], counts[2])
