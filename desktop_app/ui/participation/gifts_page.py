"""The gifts list (مشارکت‌ها و رسیدها): search by receipt, benefactor, reference or item;
filters by kind, channel, intention and cancellation; «مشارکت جدید» opens the counter
form and prints the receipt as soon as it is saved; «چاپ رسید» (Ctrl+P) reprints
(«المثنی»); «ابطال رسید…» (supervisors) cancels with a reason; Excel export of the
gifts. A receipt is never deleted, so there is no Delete. UI thread only.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog

from ...persian import format_jalali
from ...services.accounts.access import DELETE, PRINT
from ...services.core.changes import Change
from ...services.core.context import AppContext
from ...services.participation.gifts import (
    GiftData,
    cancel_gift,
    count_gifts,
    describe_gift,
    gift_page,
)
from ...services.participation.receipt import print_receipt
from ...services.participation.summary import export_gifts
from ...services.participation.vocab import CHANNELS, GIFT_KINDS, INTENTIONS
from ..listing import Column, FilterSpec, ListConfig, choices, labels
from ..listing.labels import search_hint
from ..tasks import TaskRunner
from .common import ParticipationListPage
from .gift_form import GiftForm


def _gift_form(page: Any, record_id: uuid.UUID | None) -> GiftForm:
    return GiftForm(page.ctx, page.runner, record_id, page)


def _state(value: Any) -> str:
    return f"باطل — {format_jalali(value)}" if value else "معتبر"


GIFTS_LIST = ListConfig(
    kinds=frozenset({Change.GIFTS, Change.BENEFACTORS}),
    columns=(
        Column("receipt_no", "شمارهٔ رسید", numeric=True, width=120),
        Column("received_on", "تاریخ", numeric=True, width=90),
        Column("benefactor_name", "خیّر", width=170),
        Column("kind", "نوع", choices(GIFT_KINDS), width=100),
        Column("amount", "مبلغ یا ارزش (ریال)", numeric=True, width=130),
        Column("channel", "شیوهٔ پرداخت", choices(CHANNELS), width=150),
        Column("intention_text", "نیت", sortable=False, stretch=True),
        Column("cancelled_on", "وضعیت", _state, width=120),
    ),
    count=count_gifts,
    page=gift_page,
    open_form=_gift_form,
    filters=(
        FilterSpec("kind", "نوع", list(GIFT_KINDS.items())),
        FilterSpec("channel", "شیوهٔ پرداخت", list(CHANNELS.items())),
        FilterSpec("intention", "نیت", list(INTENTIONS.items())),
        FilterSpec("cancelled", "وضعیت", [(False, "معتبر"), (True, "باطل‌شده")]),
    ),
    search_hint=search_hint("شمارهٔ رسید", "خیّر", "کد مرجع", "کالا"),
    new_label="مشارکت جدید",
    default_sort="receipt_no",
    describe=describe_gift,
    audit_table="gifts",
)


class GiftsPage(ParticipationListPage):
    export = staticmethod(export_gifts)
    export_noun = "مشارکت"

    def __init__(self, ctx: AppContext, runner: TaskRunner) -> None:
        super().__init__(ctx, runner, GIFTS_LIST)
        self.edit_button.setText("نمایش رسید")
        self.print_button = self.add_action(
            labels.print_label("رسید", asks=False), self.print_selected, PRINT
        )
        self.print_button.setToolTip("Ctrl+P")
        self.cancel_button = self.add_action("ابطال رسید…", self.cancel_selected, DELETE)
        shortcut = QShortcut(QKeySequence.StandardKey.Print, self)
        shortcut.activated.connect(self.print_selected)
        self._new_dialog: QDialog | None = None

    def new_record(self) -> QDialog | None:
        dialog = super().new_record()
        self._new_dialog = dialog
        return dialog

    def _after_save(self, data: Any) -> None:
        super()._after_save(data)
        if isinstance(data, GiftData) and data.receipt_no:
            self.status.setText(f"رسید {data.receipt_no} صادر شد؛ در حال چاپ…")
            self.print_receipt(data.receipt_no)  # printed at once, at the counter

    def print_selected(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.print_receipt(row.receipt_no)

    def print_receipt(self, receipt_no: str) -> None:
        ctx = self.ctx
        self.write_pdf(
            f"receipt-{receipt_no}.pdf", lambda path: print_receipt(ctx, receipt_no, path)
        )

    def cancel_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        reason = self.ask_text("ابطال رسید", f"دلیل ابطال رسید {row.receipt_no}:")
        if reason is None:
            return
        gift_id = row.id
        self.runner.submit(
            lambda _c: cancel_gift(self.ctx, gift_id, reason),
            on_done=lambda d: self.status.setText(f"رسید {d.receipt_no} ابطال شد."),
            on_error=self.report_error,
            write=True,
        )


def gifts_page(ctx: AppContext, runner: TaskRunner) -> GiftsPage:
    return GiftsPage(ctx, runner)
