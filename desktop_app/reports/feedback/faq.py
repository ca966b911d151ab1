"""پرسش‌های متداول of one service: numbered questions, each with its answer. Printed alone
or appended to the service card's PDF (``faq_story``). No Qt; any thread."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from desktop_app.documents.feedback import FaqSheet
from desktop_app.reports.document import build_pdf
from desktop_app.reports.feedback.common import fa, heading
from desktop_app.reports.rtl import para

TITLE = "پرسش‌های متداول"


def faq_story(sheet: FaqSheet, with_heading: bool = True) -> list[Flowable]:
    story = (
        heading(sheet.agency, sheet.office_name, TITLE)
        if with_heading
        else [para(TITLE, size=13, bold=True)]
    )
    story.append(para(f"خدمت: {fa(sheet.service_title)}", size=11, bold=True))
    story.append(Spacer(1, 3 * mm))
    if not sheet.entries:
        story.append(para("برای این خدمت هنوز پرسشی ثبت نشده است.", size=10.5))
    for n, entry in enumerate(sheet.entries, start=1):
        story += [
            para(f"{fa(n)}. {fa(entry.question)}", size=11, bold=True),
            para(fa(entry.answer), size=10.5),
            Spacer(1, 2.5 * mm),
        ]
    return story


def write_faq(target: str | Path | BinaryIO, sheet: FaqSheet) -> None:
    build_pdf(
        target,
        faq_story(sheet),
        title=f"{TITLE} {sheet.service_title}",
        header=sheet.agency or None,
    )
