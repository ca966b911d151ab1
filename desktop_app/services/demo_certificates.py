"""Demo certificates: the demo course with the most trainees is run to its end through
the course workflow (start, finish, as the center), its trainees' exam scores are
recorded (one fails theory), certificates are issued, one is re-issued and one revoked,
and a few inquiries are answered. Runs after the registrations filler. No Qt.
"""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import func, select

from ..models import Course, Enrollment, utcnow
from .certificate_inquiry import InquiryRequest, inquire
from .certificates import (
    ScoreEntry,
    issue_certificates,
    record_scores,
    reissue_certificate,
    revoke_certificate,
    score_sheet,
)
from .context import AppContext
from .course_workflow import Actor, perform


def fill_certificates(ctx: AppContext) -> None:
    with ctx.session() as session:
        row = session.execute(
            select(Course.id, func.count(Enrollment.id).label("n"))
            .join(Enrollment, Enrollment.course_id == Course.id)
            .where(Course.deleted_at.is_(None), Course.state == "open")
            .group_by(Course.id)
            .order_by(func.count(Enrollment.id).desc(), Course.code)
        ).first()
    if row is None:
        return
    center = Actor("مدیر مرکز (نمونه)", "center", "")
    perform(ctx, row.id, "start", actor=center)
    perform(ctx, row.id, "finish", actor=center)
    rng = random.Random(1405)
    sheet = score_sheet(ctx, row.id)
    entries = [
        ScoreEntry(line.enrollment_id, rng.randint(55, 98), rng.randint(70, 100))
        for line in sheet.lines
    ]
    if entries:
        entries[-1] = ScoreEntry(entries[-1].enrollment_id, 35, 80)  # fails theory
    record_scores(ctx, row.id, entries)
    serials = issue_certificates(ctx, row.id).issued
    if len(serials) >= 3:
        reissue_certificate(ctx, serials[0])
        revoke_certificate(ctx, serials[1], "مغایرت مدارک هویتی با پرونده")
    after = score_sheet(ctx, row.id)
    holders = [line for line in after.lines if line.serial]
    asks = [
        ("agency", "سفارت جمهوری فدرال آلمان", 0, True, 50),
        ("agency", "شرکت ساختمانی البرز", 1, True, 5),
        ("person", "محمد نوری", 2, False, 12),
    ]
    for kind, name, index, right_code, days in asks:
        if index >= len(holders):
            break
        holder = holders[index]
        code = holder.national_code if right_code else "0012345679"
        inquire(
            ctx,
            InquiryRequest(
                holder.serial,
                code,
                asker_kind=kind,
                asker_name=name,
                letter_number=f"{100 + index}/۵" if kind == "agency" else "",
                asked_at=utcnow() - timedelta(days=days, hours=3),
            ),
        )
