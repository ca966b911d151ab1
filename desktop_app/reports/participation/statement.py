"""The benefactor's annual statement (صورت مشارکت‌های سالانهٔ خیّر): A4, the letterhead,
the benefactor and the Jalali year, a table of every gift (cancelled ones marked and
not counted) and the year's total, for the benefactor's records. No Qt; any thread;
input is ``documents.participation.BenefactorStatement``.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from desktop_app.documents.participation import BenefactorStatement
from desktop_app.persian import format_jalali, format_rial, to_persian_digits, today
from desktop_app.reports.document import build_pdf
from desktop_app.reports.participation.common import code, fa, letterhead, p
from desktop_app.reports.table import rtl_table

TITLE = "صورت مشارکت‌های سالانهٔ خیّر"
WIDTH = 180 * mm


def statement_story(s: BenefactorStatement) -> list[Flowable]:
    date_box = p(f"تاریخ: {format_jalali(today())}", 9.5)
    rows: list[list[str]] = [
        ["ردیف", "شمارهٔ رسید", "تاریخ", "نوع", "مبلغ یا ارزش (ریال)", "شیوهٔ پرداخت", "نیت"]
    ]
    for n, line in enumerate(s.lines, start=1):
        amount = format_rial(line.amount).removesuffix(" ریال")
        rows.append([
            to_persian_digits(n), code(line.receipt_no), format_jalali(line.received_on),
            line.kind + (" (باطل شده)" if line.cancelled else ""),
            amount, line.channel, line.intention,
        ])  # fmt: skip
    rows.append(["", "", "", "جمع", format_rial(s.total).removesuffix(" ریال"), "", ""])
    story: list[Flowable] = [
        letterhead(s.office, date_box, WIDTH),
        Spacer(1, 5 * mm),
        p(f"{TITLE} — سال {to_persian_digits(s.year)}", 14, bold=True, align="center"),
        Spacer(1, 3 * mm),
        p(f"نیکوکار گرامی: {fa(s.name)}" + (f" — کد {code(s.code)}" if s.code else ""), 11),
        p("فهرست مشارکت‌های شما در این سال در سوابق این اداره چنین است:", 10),
        Spacer(1, 2 * mm),
    ]
    if not s.lines:
        story.append(p("در این سال مشارکتی از شما ثبت نشده است.", 11, bold=True, align="center"))
    else:
        story.append(
            rtl_table(
                rows,
                [10 * mm, 27 * mm, 20 * mm, 24 * mm, 30 * mm, 32 * mm, 37 * mm],
                header_rows=1,
                font_size=8.5,
                col_align=["center", "center", "center", "right", "left", "right", "right"],
            )
        )
    story += [
        Spacer(1, 6 * mm),
        p(
            "با سپاس از همراهی شما در یاری مددجویان. این صورت برای سوابق شخصی شما صادر شده است.",
            9.5,
        ),
    ]
    return story


def write_statement(target: str | Path | BinaryIO, statement: BenefactorStatement) -> None:
    build_pdf(
        target,
        statement_story(statement),
        title=f"{TITLE} {statement.year}",
        header=f"{TITLE} — {statement.name}",
        margins_mm=15,
        logo=statement.logo,
    )
