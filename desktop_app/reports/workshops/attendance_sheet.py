"""The attendance sheet of a training workshop or a course: landscape A4, one table per
day (the header repeats on every page): row, name, national code, detail (kind and group,
or the tracking code), one column per session of the day holding the status (ح غ ت م)
or, on a blank sheet, room for a signature. No Qt; any thread.
"""

from __future__ import annotations

from itertools import groupby
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from desktop_app.documents.workshops import STATUS_SHORT, STATUSES, AttendanceSheetDoc
from desktop_app.reports.document import build_pdf, rtl_table
from desktop_app.reports.workshops.common import code, fa, heading_block, jdate, p

WIDTH = 267 * mm  # landscape A4 minus 15 mm margins
_FIXED = [12 * mm, 48 * mm, 26 * mm, 53 * mm]


def signature_cell() -> Spacer:
    return Spacer(1, 9 * mm)


LEGEND = "راهنما: " + "، ".join(f"{STATUS_SHORT[k]} = {v}" for k, v in STATUSES.items())


def write_attendance_sheet(target: str | Path | BinaryIO, doc: AttendanceSheetDoc) -> None:
    story: list[Flowable] = heading_block(doc.heading, doc.title)
    story.append(p(doc.subtitle, 10, align="center", space_after=3 * mm))
    indexed = list(enumerate(doc.columns))
    days = [list(group) for _day, group in groupby(indexed, key=lambda item: item[1].day)]
    if not days:
        story.append(p("این برنامه جلسه‌ای ندارد.", 11))
    for number, columns in enumerate(days):
        if number:
            story.append(PageBreak())
        day = columns[0][1].day
        story.append(p(f"تاریخ: {jdate(day)}", 11, bold=True, space_after=2 * mm))
        session_width = (WIDTH - sum(_FIXED)) / max(1, len(columns))
        header = ["ردیف", "نام و نام خانوادگی", "کد ملی", "توضیح"]
        header += [f"جلسهٔ {fa(c.start)} تا {fa(c.end)}" + ("\n(امضا)" if doc.blank else "")
                   for _i, c in columns]  # fmt: skip
        rows: list[list[Any]] = [header]
        for r, row in enumerate(doc.rows, start=1):
            # A blank sheet leaves each session cell tall enough for a signature.
            cells = [signature_cell() if doc.blank else row.statuses[i] for i, _c in columns]
            rows.append([fa(r), row.name, code(row.national_code), row.detail, *cells])
        aligns: list[Any] = ["center", "right", "center", "right"] + ["center"] * len(columns)
        story.append(rtl_table(rows, _FIXED + [session_width] * len(columns), 1, font_size=9,
                               col_align=aligns, padding=5 if doc.blank else 4))  # fmt: skip
        story.append(Spacer(1, 3 * mm))
        if not doc.blank:
            story.append(p(LEGEND, 8.5))
        story.append(p("نام و امضای مسئول ثبت حضور و غیاب:", 10, space_after=2 * mm))
    build_pdf(target, story, title=doc.title, header=doc.title, landscape=True)
