"""The programme booklet of a training workshop: the particulars, the days and their
sessions (time, topic, hours, trainer, methods, materials), the total hours and the
supplies checklist. A4 portrait through ``document.build_pdf``. No Qt; any thread.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from desktop_app.documents.workshops import ProgrammeDoc
from desktop_app.persian import jalali_weekday
from desktop_app.reports.document import build_pdf, rtl_table
from desktop_app.reports.workshops.common import EMPTY, code, fa, heading_block, jdate, p

TITLE = "برنامهٔ آموزشی کارگاه"
WIDTH = 180 * mm


def _weekday(value: date | None) -> str:
    return jalali_weekday(value) if value else ""


def write_programme(target: str | Path | BinaryIO, doc: ProgrammeDoc) -> None:
    story: list[Flowable] = heading_block(doc.heading, f"{TITLE} «{doc.title}»")
    info = [
        ["کد کارگاه", code(doc.code), "برگزارکننده", doc.organizer or EMPTY],
        ["مکان", doc.place or EMPTY, "فضای آموزشی", doc.room or EMPTY],
        ["از تاریخ", jdate(doc.start_date), "تا تاریخ", jdate(doc.end_date)],
        ["تعداد جلسه‌ها", fa(len(doc.sessions)), "جمع ساعت‌ها", f"{fa(doc.total_hours)} ساعت"],
    ]
    story.append(rtl_table(info, [28 * mm, 62 * mm, 28 * mm, 62 * mm], font_size=9.5,
                           style=[("BACKGROUND", (0, 0), (0, -1), "#eef1f4"),
                                  ("BACKGROUND", (2, 0), (2, -1), "#eef1f4")]))  # fmt: skip
    story.append(Spacer(1, 5 * mm))
    rows: list[list[object]] = [
        ["روز", "ساعت", "موضوع", "ساعت آموزش", "مدرس", "روش آموزش", "وسایل و مواد"]
    ]
    spans = []
    current = None
    for s in doc.sessions:
        first = s.day_number != current
        current = s.day_number
        day = f"روز {fa(s.day_number)}\n{_weekday(s.day)}\n{jdate(s.day)}" if first else ""
        rows.append([day, f"{fa(s.start)} تا {fa(s.end)}", s.topic, fa(s.hours),
                     s.trainer or EMPTY, s.methods or EMPTY, s.materials or EMPTY])  # fmt: skip
        if first:
            spans.append(len(rows) - 1)
    style: list[tuple[Any, ...]] = []
    for i, start in enumerate(spans):
        end = (spans[i + 1] - 1) if i + 1 < len(spans) else len(rows) - 1
        if end > start:
            style.append(("SPAN", (0, start), (0, end)))
        style.append(("LINEABOVE", (0, start), (-1, start), 1.2, "#222222"))
    story.append(p("برنامهٔ روزانه", 12, bold=True, space_after=2 * mm))
    story.append(
        rtl_table(
            rows,
            [22 * mm, 22 * mm, 50 * mm, 14 * mm, 22 * mm, 26 * mm, 24 * mm],
            1,
            font_size=8.5,
            col_align=["center", "center", "right", "center", "right", "right", "right"],
            style=style,
        )
    )
    if doc.supplies:
        story += [Spacer(1, 5 * mm), p("تدارکات و ملزومات", 12, bold=True, space_after=2 * mm)]
        supply_rows = [["ردیف", "قلم", "تعداد", "واحد", "تأمین‌کننده"]]
        supply_rows += [[fa(i), item, qty, unit or EMPTY, provider or EMPTY]
                        for i, (item, qty, unit, provider) in enumerate(doc.supplies, start=1)]  # fmt: skip
        story.append(rtl_table(supply_rows, [12 * mm, 78 * mm, 18 * mm, 22 * mm, 50 * mm], 1,
                               font_size=9, col_align=["center", "right", "center", "center", "right"]))  # fmt: skip
    build_pdf(target, story, title=f"{TITLE} {doc.code}", header=f"{TITLE} — {doc.title}")
