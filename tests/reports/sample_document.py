"""Writes a sample Miz PDF that exercises the shared report machinery.

Used by a test and by people who want to look at the result:

    .venv/bin/python -m tests.reports.sample_document /tmp/sample.pdf   # from the repo root
    pdftoppm -png -r 80 /tmp/sample.pdf /tmp/sample

Three pages or more: a header, a mixed Persian/Latin/number line, brackets, ZWNJ
words, check boxes, and a bordered RTL table whose cells wrap long Persian text.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from desktop_app.reports.checkbox import CheckBoxes, checkbox_label
from desktop_app.reports.document import build_pdf, rtl_table
from desktop_app.reports.rtl import RtlParagraph, TextStyle, para

TITLE = "شناسنامه خدمت — نمونه"
HEADER = "سازمان آموزش فنی و حرفه‌ای کشور — اداره کل استان گلستان"
MIXED_LINE = "کد ۱۲۳۴۵ و G2C در سامانه Golestan (GIS) ثبت می‌شود."
BRACKET_LINE = "شماره ملی (کد ملی) کارآموز: ۰۰۱۲۳۴۵۶۷۸"
ZWNJ_LINE = "لطفاً توجه کنید: کارآموزان با تجهیزات کارگاهی آموزش داده می‌شوند و گواهی‌نامه می‌گیرند."

LONG_CELL = (
    "این خدمت برای کارآموزان متقاضی دوره‌های آموزش مهارتی ارائه می‌شود و شامل ثبت‌نام، "
    "مشاوره شغلی، معرفی به مرکز یا آموزشگاه آزاد و صدور کارت شرکت در آزمون است. "
    "مدارک لازم: اصل و تصویر کارت ملی، یک قطعه عکس و رسید پرداخت هزینه ثبت‌نام (۵۰٬۰۰۰ ریال)."
)


def sample_story() -> list[Flowable]:
    """Flowables for the sample: headings, lines, check boxes and a long table."""
    story: list[Flowable] = [
        para("فرم اطلاع‌رسانی خدمت (ضمیمه ۱)", size=15, bold=True, align="center"),
        Spacer(1, 3 * mm),
        para(MIXED_LINE),
        para(BRACKET_LINE),
        para(ZWNJ_LINE),
        Spacer(1, 2 * mm),
        CheckBoxes(
            [(True, "G2C"), (False, "G2B"), (True, "G2G")],
            caption="نوع خدمت:",
        ),
        CheckBoxes(
            [
                (False, "ملی"),
                (True, "استانی"),
                (False, "منطقه‌ای"),
                (False, "شهری"),
                (False, "روستایی"),
            ],
            caption="سطح خدمت:",
        ),
        checkbox_label(True, "خدمت به صورت الکترونیکی ارائه می‌شود"),
        Spacer(1, 4 * mm),
    ]
    header = ["ردیف", "عنوان", "شرح", "وضعیت"]
    rows: list[list[str | Flowable]] = [header]
    for n in range(1, 25):
        number = str(n).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
        rows.append(
            [
                number,
                f"مرحله {number}: تجهیزات کارگاهی",
                " ".join([LONG_CELL] * 9) if n == 20 else LONG_CELL if n % 3 else "کوتاه (G2C)",
                checkbox_label(n % 2 == 0, "الکترونیکی", font_size=8),
            ]
        )
    story.append(
        rtl_table(
            rows,
            col_widths=[12 * mm, 38 * mm, 100 * mm, 30 * mm],
            header_rows=1,
            col_align=["center", "right", "right", "right"],
        )
    )
    story.append(Spacer(1, 4 * mm))
    closing = TextStyle(font_size=11, alignment="right", space_before=6)
    story.append(RtlParagraph("پایان نمونه. " + ZWNJ_LINE, closing))
    return story


def write_sample(target: str | Path | BinaryIO) -> None:
    """Build the sample PDF into a path or a binary file."""
    build_pdf(target, sample_story(), title=TITLE, header=HEADER)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: sample_document.py OUTPUT.pdf")
    write_sample(sys.argv[1])
    print(f"wrote {sys.argv[1]}")
