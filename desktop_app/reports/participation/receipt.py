"""The participation receipt (رسید مشارکت مردمی): one A5 page.

The letterhead with the QR code (``MIZR|number|amount|check value``) and the receipt
number, Jalali date and check value at the top left; the title (and «المثنی» on a
reprint); a grid of the benefactor, kind, amount in digits and in Persian words,
channel, bank reference and intention; the items of an in-kind gift (row, description,
quantity, unit, estimated value, and their total) or the service; the clerk, signature
and stamp boxes. A cancelled receipt carries a red box with the date and reason and a
diagonal «باطل شده». No Qt; any thread; input is ``documents.participation.ReceiptDoc``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A5
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from desktop_app.documents.participation import ReceiptDoc
from desktop_app.persian import format_jalali, format_number, format_rial, to_persian_digits
from desktop_app.reports.document import build_pdf
from desktop_app.reports.fonts import FONT_BOLD
from desktop_app.reports.introduction_form import QrCode
from desktop_app.reports.participation.common import RED, code, fa, letterhead, p
from desktop_app.reports.rtl import draw_centered
from desktop_app.reports.table import rtl_table

TITLE = "رسید مشارکت مردمی"
DUPLICATE = "المثنی"
CANCELLED = "باطل شده"
MARGIN = 11 * mm
WIDTH = A5[0] - 2 * MARGIN


def _corner(doc: ReceiptDoc) -> Table:
    facts = [
        p(f"شمارهٔ رسید: {code(doc.receipt_no)}", 9, bold=True),
        p(f"تاریخ: {format_jalali(doc.received_on)}", 9),
        p(f"کد کنترل: {code(doc.check_code)}", 8.5),
    ]
    return Table(
        [[QrCode(doc.qr_payload, 22 * mm), facts]],
        colWidths=[24 * mm, WIDTH * 0.45 - 24 * mm],
        style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (0, 0), 0)]),
    )


def _facts(doc: ReceiptDoc) -> list[tuple[str, str]]:
    benefactor = doc.benefactor_name
    if doc.benefactor_code:
        benefactor += f" ({code(doc.benefactor_code)})"
    amount_label = "مبلغ" if doc.kind == "cash" else "ارزش تقریبی"
    rows = [("نیکوکار", benefactor), ("نوع مشارکت", doc.kind_label)]
    if doc.amount:
        rows += [
            (amount_label, format_rial(doc.amount)),
            (f"{amount_label} به حروف", doc.amount_words),
        ]
    if doc.kind == "cash":
        rows.append(("شیوهٔ پرداخت", doc.channel_label))
        if doc.bank_ref:
            rows.append(("کد مرجع بانک", code(doc.bank_ref)))
    rows.append(("نیت", doc.intention_text))
    rows += list(doc.details)
    return rows


def _items_table(doc: ReceiptDoc) -> Table:
    """The items of an in-kind gift with their total (values in rials)."""
    rows: list[list[Any]] = [["ردیف", "شرح کالا", "تعداد", "واحد", "ارزش تقریبی (ریال)"]]
    for n, item in enumerate(doc.items, start=1):
        rows.append([
            to_persian_digits(n), fa(item.description), format_number(item.quantity),
            fa(item.unit), format_number(item.value),
        ])  # fmt: skip
    total = format_number(sum(i.value for i in doc.items))
    # the span shows its rightmost cell (logical column 3 once mirrored)
    rows.append(
        ["", "", "", p("جمع", 9, bold=True, align="center"), p(total, 9, bold=True, align="left")]
    )
    last = len(rows) - 1
    return rtl_table(
        rows,
        [WIDTH * 0.08, WIDTH * 0.44, WIDTH * 0.12, WIDTH * 0.13, WIDTH * 0.23],
        header_rows=1,
        font_size=9,
        padding=4,
        col_align=["center", "right", "center", "center", "left"],
        style=[
            ("SPAN", (0, last), (3, last)),
            ("BACKGROUND", (0, last), (-1, last), colors.HexColor("#eef0f3")),
        ],
    )


def receipt_story(doc: ReceiptDoc) -> list[Flowable]:
    title = [p(TITLE, 14, bold=True, align="center")]
    if doc.duplicate:
        title.append(p(DUPLICATE, 12, bold=True, align="center", color=RED))
    story: list[Flowable] = [letterhead(doc.office, _corner(doc), WIDTH), Spacer(1, 3 * mm), *title]
    if doc.cancelled_on is not None:
        story += [
            Spacer(1, 2 * mm),
            Table(
                [[p(f"این رسید در تاریخ {format_jalali(doc.cancelled_on)} ابطال شده است. "
                    f"دلیل: {fa(doc.cancel_reason)}", 10, bold=True, align="center", color=RED)]],
                colWidths=[WIDTH],
                style=TableStyle([("BOX", (0, 0), (-1, -1), 1.4, RED)]),
            ),
        ]  # fmt: skip
    story += [
        Spacer(1, 3 * mm),
        rtl_table(
            [[label, value] for label, value in _facts(doc)],
            [WIDTH * 0.3, WIDTH * 0.7],
            font_size=9.5,
            padding=5,
            style=[("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#eef0f3"))],
        ),
    ]
    if doc.items:
        story += [Spacer(1, 3 * mm), p("اقلام اهدایی", 10, bold=True), _items_table(doc)]
    story += [
        Spacer(1, 3 * mm),
        p(
            "از مشارکت شما در یاری مددجویان سازمان بهزیستی سپاسگزاریم. وجوه نقدی به حساب "
            "مشارکت‌های مردمی سازمان بهزیستی کشور واریز و در حوزه‌های تخصصی سازمان هزینه می‌شود.",
            8.5,
            color=colors.HexColor("#444444"),
        ),
        Spacer(1, 4 * mm),
        rtl_table(
            [[f"کارشناس: {fa(doc.clerk_name)}\nامضا:", "مهر اداره"]],
            [WIDTH / 2, WIDTH / 2],
            font_size=9,
            padding=6,
            style=[("BOTTOMPADDING", (0, 0), (-1, -1), 16 * mm)],
        ),
        Spacer(1, 2 * mm),
        p("اصالت این رسید را با شماره و کد کنترل آن از اداره استعلام کنید.", 7.5,
          align="center", color=colors.HexColor("#555555")),
    ]  # fmt: skip
    return story


def write_receipt(target: str | Path | BinaryIO, doc: ReceiptDoc) -> None:
    """Write the receipt as an A5 PDF."""
    story = receipt_story(doc)
    if doc.cancelled_on is not None:
        story.insert(0, _CancelledStamp())
    build_pdf(
        target, story, title=f"{TITLE} {doc.receipt_no}", pagesize=A5, margins_mm=11, logo=doc.logo
    )


class _CancelledStamp(Flowable):
    """A zero-height flowable that paints a large diagonal «باطل شده» across the page."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._avail = (availWidth, availHeight)
        return 0, 0

    def draw(self) -> None:
        c = self.canv
        width, height = self._avail
        c.saveState()
        c.setFillColor(RED)
        c.setFillAlpha(0.22)
        c.translate(width / 2, -height / 2)
        c.rotate(30)
        draw_centered(c, 0, 0, CANCELLED, FONT_BOLD, 60)
        c.restoreState()
