"""نامهٔ پاسخ: the office's answer to one request, addressed to the person (or «ناشناس»),
quoting what was asked and the answer, signed by who answered. No Qt; any thread."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from desktop_app.documents.feedback import AnswerLetter
from desktop_app.reports.document import build_pdf
from desktop_app.reports.feedback.common import code, fa, heading, pairs_table
from desktop_app.reports.rtl import para

TITLE = "پاسخ به درخواست"


def letter_story(letter: AnswerLetter) -> list[Flowable]:
    story = heading(letter.agency, letter.office_name, f"{TITLE} ({letter.kind})")
    story += [
        para(f"تاریخ: {letter.letter_date}", size=10, align="left"),
        para(f"کد پیگیری: {code(letter.tracking_code)}", size=10, align="left"),
        Spacer(1, 4 * mm),
        para(f"{fa(letter.addressee)} گرامی", size=11.5, bold=True),
        para("با سلام و احترام،", size=10.5),
        para(
            f"در پاسخ به {letter.kind} شما دربارهٔ خدمت «{fa(letter.service_title)}» که در "
            f"تاریخ {letter.received_on} ثبت شد، به آگاهی می‌رساند:",
            size=10.5,
        ),
        Spacer(1, 3 * mm),
        pairs_table([("متن درخواست", fa(letter.body)), ("پاسخ", fa(letter.answer))]),
        Spacer(1, 3 * mm),
        para(f"وضعیت درخواست: {letter.state}", size=10.5),
        Spacer(1, 10 * mm),
        para(fa(letter.signed_by), size=11, bold=True, align="left"),
    ]
    if letter.office_name:
        story.append(para(fa(letter.office_name), size=10, align="left"))
    return story


def write_answer_letter(target: str | Path | BinaryIO, letter: AnswerLetter) -> None:
    build_pdf(
        target,
        letter_story(letter),
        title=f"{TITLE} {letter.tracking_code}",
        header=letter.agency or None,
    )
