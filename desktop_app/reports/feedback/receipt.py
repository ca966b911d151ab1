"""رسید ثبت درخواست: half an A4 page the person takes home — the tracking code large, what
was registered, the deadline and how to follow it up. No Qt; any thread."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from desktop_app.documents.feedback import RequestReceipt
from desktop_app.reports.document import build_pdf
from desktop_app.reports.feedback.common import EMPTY, code, fa, heading, pairs_table
from desktop_app.reports.rtl import para

TITLE = "رسید ثبت درخواست"


def receipt_story(receipt: RequestReceipt) -> list[Flowable]:
    story = heading(receipt.agency, receipt.office_name, f"{TITLE} ({receipt.kind})")
    story += [
        para("کد پیگیری", size=11, align="center"),
        para(code(receipt.tracking_code), size=20, bold=True, align="center"),
        Spacer(1, 5 * mm),
        pairs_table(
            [
                ("نوع درخواست", receipt.kind),
                ("خدمت", fa(receipt.service_title)),
                ("واحد", fa(receipt.department)),
                ("درخواست‌دهنده", fa(receipt.contact)),
                ("تاریخ ثبت", receipt.received_on),
                ("مهلت پاسخ", receipt.due_on or EMPTY),
                ("متن", fa(receipt.body)),
            ]
        ),
        Spacer(1, 5 * mm),
        para("نحوهٔ پیگیری", size=11.5, bold=True),
        para(fa(receipt.follow_up), size=10.5),
    ]
    return story


def write_receipt(target: str | Path | BinaryIO, receipt: RequestReceipt) -> None:
    build_pdf(
        target,
        receipt_story(receipt),
        title=f"{TITLE} {receipt.tracking_code}",
        header=receipt.agency or None,
    )
