"""The printed course announcement (اطلاعیهٔ دورهٔ آموزشی) and course roster (فهرست
کارآموزان دوره), A4 PDFs on the shared RTL engine.

Input is plain data (``CourseSheet``, ``RosterLine``) that ``services.courses.course_print``
builds; nothing here reads the database. The roster prints the course header and
the roster table with its columns; its lines come from the enrolled trainees, which
the registration feature supplies (until then the table says no one is enrolled).

No Qt; any thread (``build_pdf`` owns its canvas).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from desktop_app.documents.course import CourseSheet, Roster
from desktop_app.persian import format_jalali, format_number, format_rial, to_persian_digits
from desktop_app.reports.document import build_pdf
from desktop_app.reports.fonts import FONT_BOLD, FONT_REGULAR
from desktop_app.reports.rtl import RtlParagraph, TextStyle, para
from desktop_app.reports.table import rtl_table

WIDTH = 180 * mm  # A4 minus 15 mm margins
SIZE = 9.5
LABEL_BACKGROUND = colors.HexColor("#eef0f3")


def fa(value: object) -> str:
    return to_persian_digits(value)


def _text(value: str, bold: bool = False, size: float = SIZE, align: str = "right") -> RtlParagraph:
    font = FONT_BOLD if bold else FONT_REGULAR
    return RtlParagraph(value, TextStyle(font_name=font, font_size=size, alignment=align))  # type: ignore[arg-type]


def _code(value: str) -> str:
    """A code as printed: Persian digits, held left to right by an LRE…PDF embedding
    (after Persian words bidi would otherwise print "۲۷۰۱-۰۰۰۱۲" as "۰۰۰۱۲-۲۷۰۱")."""
    return f"\u202a{fa(value)}\u202c"


def _hours(value: float) -> str:
    return format_number(int(value)) if value == int(value) else fa(f"{value:.1f}")


def _labelled_grid(pairs: Sequence[tuple[str, str]], columns: int = 2) -> Flowable:
    """Label/value pairs, ``columns`` pairs a row, labels shaded."""
    label_w = 30 * mm
    value_w = WIDTH / columns - label_w
    rows: list[list[object]] = []
    for start in range(0, len(pairs), columns):
        row: list[object] = []
        for label, value in pairs[start : start + columns]:
            row += [_text(label, bold=True), _text(value)]
        rows.append(row)
    style: list[tuple[object, ...]] = [
        ("BACKGROUND", (c, 0), (c, len(rows) - 1), LABEL_BACKGROUND)
        for c in range(0, 2 * columns, 2)
    ]
    last = rows[-1]
    if len(last) < 2 * columns:  # an odd pair out: its value spans the rest of the row
        filled = len(last)
        rows[-1] = [*last[:-1], *([""] * (2 * columns - filled)), last[-1]]
        spanned = ((filled - 1, len(rows) - 1), (2 * columns - 1, len(rows) - 1))
        style += [("SPAN", *spanned), ("BACKGROUND", *spanned, colors.white)]
    return rtl_table(rows, [label_w, value_w] * columns, font_size=SIZE, style=style)


def _course_pairs(sheet: CourseSheet) -> list[tuple[str, str]]:
    dates = f"{format_jalali(sheet.start_date)} تا {format_jalali(sheet.end_date)}"
    return [
        ("کد دوره", _code(sheet.code)),
        ("وضعیت", sheet.state_label),
        ("استاندارد", sheet.standard_title),
        ("کد استاندارد", _code(sheet.standard_code)),
        (
            "مدت",
            f"{format_number(sheet.total_hours)} ساعت "
            f"(نظری {format_number(sheet.theory_hours)}، عملی {format_number(sheet.practice_hours)})",
        ),
        ("گروه شغلی", sheet.occupation_group),
        ("مکان", f"{sheet.place_name} ({sheet.place_kind_label})"),
        ("کارگاه", sheet.workshop_name),
        ("مربی", "، ".join(sheet.trainers) or "—"),
        ("نوع دوره", f"{sheet.kind_label} — {sheet.delivery_label}"),
        ("تاریخ برگزاری", dates),
        ("ویژهٔ", sheet.gender_label),
    ]


def announcement_story(sheet: CourseSheet) -> list[Flowable]:
    story: list[Flowable] = [
        para("بسمه تعالی", size=10, align="center"),
        para("اطلاعیهٔ ثبت‌نام دورهٔ آموزش مهارتی", size=15, bold=True, align="center"),
        para(sheet.standard_title, size=13, bold=True, align="center"),
        Spacer(1, 3 * mm),
    ]
    if not sheet.approved:
        story.append(
            RtlParagraph(
                f"این دوره در وضعیت «{sheet.state_label}» است و هنوز برای ثبت‌نام تأیید نشده؛ "
                "این برگه فقط برای بررسی است.",
                TextStyle(font_name=FONT_BOLD, font_size=10, color=colors.HexColor("#b71c1c")),
            )
        )
        story.append(Spacer(1, 2 * mm))
    fee = "رایگان" if sheet.fee == 0 else format_rial(sheet.fee)
    pairs = [
        *_course_pairs(sheet),
        ("ظرفیت", f"{format_number(sheet.capacity)} نفر"),
        ("شهریهٔ هر کارآموز", fee),
    ]
    if sheet.min_age:
        pairs.append(("حداقل سن", f"{format_number(sheet.min_age)} سال"))
    story += [
        _labelled_grid(pairs),
        Spacer(1, 4 * mm),
        para("برنامهٔ هفتگی", size=11, bold=True),
        rtl_table(
            [["روز و ساعت"], *[[fa(line)] for line in sheet.schedule]],
            [WIDTH],
            header_rows=1,
            font_size=SIZE,
        ),
        para(f"جمع ساعت‌های هفته: {_hours(sheet.weekly_hours)} ساعت", size=SIZE),
        Spacer(1, 4 * mm),
        para("ثبت‌نام", size=11, bold=True),
        _text(
            f"مهلت ثبت‌نام از {format_jalali(sheet.registration_open)} تا "
            f"{format_jalali(sheet.registration_close)} است. متقاضیان پس از تهیهٔ کارت اعتباری "
            f"ثبت‌نام به مبلغ {format_rial(sheet.registration_card_fee)} در سامانهٔ ثبت‌نام "
            "دوره‌های آموزشی فنی و حرفه‌ای، اطلاعات فردی و تحصیلی و عکس پرسنلی خود را ثبت "
            "می‌کنند و با فرم معرفی به مرکز یا آموزشگاه مراجعه می‌کنند."
        ),
        Spacer(1, 2 * mm),
        _labelled_grid(
            [
                ("نشانی", sheet.place_address or "—"),
                ("تلفن", fa(sheet.place_phone) or "—"),
            ],
            columns=1,
        ),
    ]
    if sheet.note:
        story += [Spacer(1, 2 * mm), _text(f"توضیح: {fa(sheet.note)}")]
    return story


ROSTER_COLUMNS = ("ردیف", "نام و نام خانوادگی", "نام پدر", "کد ملی", "تاریخ تولد", "همراه", "امضا")
_ROSTER_WIDTHS = [12 * mm, 46 * mm, 26 * mm, 26 * mm, 22 * mm, 26 * mm, 22 * mm]


def roster_story(roster: Roster) -> list[Flowable]:
    sheet = roster.sheet
    rows: list[list[object]] = [list(ROSTER_COLUMNS)]
    for number, line in enumerate(roster.lines, start=1):
        rows.append(
            [
                fa(number),
                line.full_name,
                line.father_name,
                fa(line.national_code),
                format_jalali(line.birth_date),
                fa(line.mobile),
                "",
            ]
        )
    style: list[tuple[object, ...]] = []
    if not roster.lines:
        # a spanned range shows its visually leftmost cell: the logical last one
        rows.append(["", "", "", "", "", "", "کارآموزی در این دوره ثبت‌نام نکرده است."])
        style.append(("SPAN", (0, 1), (6, 1)))
    return [
        para("فهرست کارآموزان دورهٔ آموزشی", size=14, bold=True, align="center"),
        para(f"{sheet.standard_title} — دورهٔ {_code(sheet.code)}", size=11, align="center"),
        Spacer(1, 3 * mm),
        _labelled_grid(
            [
                *_course_pairs(sheet),
                ("برنامهٔ هفتگی", "؛ ".join(fa(s) for s in sheet.schedule)),
                (
                    "ظرفیت",
                    f"{format_number(sheet.capacity)} نفر؛ "
                    f"ثبت\u200cنام\u200cشده {format_number(len(roster.lines))} نفر",
                ),
            ]
        ),
        Spacer(1, 5 * mm),
        rtl_table(
            rows,
            _ROSTER_WIDTHS,
            header_rows=1,
            font_size=SIZE,
            col_align=["center", "right", "right", "center", "center", "center", "center"],
            style=style,
        ),
        Spacer(1, 8 * mm),
        rtl_table(
            [["مربی دوره", "مدیر مرکز / آموزشگاه"], ["نام و امضا:", "نام و امضا:"]],
            [WIDTH / 2, WIDTH / 2],
            header_rows=1,
            font_size=SIZE,
        ),
    ]


def write_course_announcement(target: str | Path | BinaryIO, sheet: CourseSheet) -> None:
    build_pdf(
        target,
        announcement_story(sheet),
        title=f"اطلاعیهٔ دورهٔ {sheet.code}",
        header=sheet.agency or sheet.office_name,
    )


def write_course_roster(target: str | Path | BinaryIO, roster: Roster) -> None:
    build_pdf(
        target,
        roster_story(roster),
        title=f"فهرست کارآموزان دورهٔ {roster.sheet.code}",
        header=roster.sheet.agency or roster.sheet.office_name,
    )
