"""The participation account (حساب مشارکت‌ها): a period (Jalali «از» / «تا» pickers,
``JalaliDateEdit``: «از» empty = from the beginning, «تا» today), the balance of every
intention on top (opening balance + received − allocated within the period = the
balance at its end, with pending proposals up to now), and the allocations list
proposed in the period
below: «پیشنهاد هزینه‌کرد» (a clerk: cash from an intention, or handing out an in-kind
gift), «تأیید» / «رد…» for a supervisor, Excel export. UI thread only.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...persian import today
from ...services.accounts.access import APPROVE
from ...services.core.changes import Change
from ...services.core.context import AppContext
from ...services.core.listing import ListQuery
from ...services.core.privacy import can_see_personal
from ...services.participation.allocations import (
    AllocationData,
    allocation_page,
    approve_allocation,
    balance_choices,
    balances,
    count_allocations,
    handout_choices,
    propose_allocation,
    reject_allocation,
)
from ...services.participation.gifts import area_titles
from ...services.participation.summary import export_allocations
from ...services.participation.vocab import ALLOCATION_STATES, intention_label
from ..errors import error_message
from ..listing import (
    ChoiceBox,
    Column,
    FilterSpec,
    ListConfig,
    RecordFormDialog,
    RecordTableModel,
    choices,
)
from ..listing.binding import Field
from ..listing.labels import search_hint
from ..tasks import TaskRunner
from ..widgets import JalaliDateEdit, RialEdit, SearchPicker, TextLineEdit
from .common import ParticipationListPage

CASH, HANDOUT = "cash", "handout"


FIELDS = (
    Field(
        "intention_key",
        "از نیت",
        partial(SearchPicker, required=True, placeholder="نیت…"),
        True,
        show=lambda key: key or None,
    ),
    Field(
        "gift_id",
        "کالا",
        partial(SearchPicker, required=True, placeholder="شمارهٔ رسید یا شرح کالا…"),
        True,
    ),
    Field("amount", "مبلغ (ریال)", partial(RialEdit, required=True), True),
    Field("purpose", "موضوع", partial(TextLineEdit, required=True), True),
    Field("recipient", "گیرنده", TextLineEdit),
    Field("proposed_on", "تاریخ", partial(JalaliDateEdit, required=True), True),
)


class AllocationForm(RecordFormDialog):
    """A clerk's proposal: spend cash of an intention, or hand out an in-kind gift."""

    new_title = "پیشنهاد هزینه‌کرد"
    data_class = AllocationData
    intention_key: SearchPicker  # bound
    gift_id: SearchPicker

    def build(self) -> None:
        # which of the two the proposal is: shown from the data, not a field of it
        self.mode = ChoiceBox([(CASH, "هزینهٔ نقدی از مانده نیت"), (HANDOUT, "تحویل کالای اهدایی")])
        self.add_row("mode", "نوع", self.mode)
        self.bind(FIELDS)
        self.mode.currentIndexChanged.connect(lambda _i: self._show_mode())
        ctx = self.ctx
        self.intention_key.load(self.runner, lambda: balance_choices(ctx))
        self.gift_id.load(self.runner, lambda: handout_choices(ctx))

    def _show_mode(self) -> None:
        cash = self.mode.value() == CASH
        self.rows["intention_key"].setVisible(cash)
        self.rows["amount"].setVisible(cash)
        self.rows["gift_id"].setVisible(not cash)
        self.adjustSize()

    def new_data(self) -> AllocationData:
        return AllocationData(proposed_on=today())

    def show_data(self, data: AllocationData) -> None:
        super().show_data(data)
        self.mode.setValue(HANDOUT if data.gift_id else CASH)
        self._show_mode()

    def typed_data(self) -> AllocationData:
        """The bound fields of the chosen mode (the other's are left empty)."""
        data: AllocationData = super().typed_data()
        if self.mode.value() == CASH:
            return replace(data, gift_id=None)
        return replace(data, intention_key="", amount=None)

    def store(self, data: AllocationData) -> AllocationData:
        return propose_allocation(self.ctx, data)


@dataclass(frozen=True)
class BalanceRow:
    id: str
    label: str
    opening: int
    received: int
    allocated: int
    pending: int
    balance: int


def _balance_rows(ctx: AppContext, query: ListQuery) -> list[BalanceRow]:
    """The balances of the period the query's ``since`` / ``until`` filters name."""
    period = dict(query.filters)
    show = can_see_personal(ctx)
    with ctx.session() as session:
        areas = area_titles(session)
    rows = []
    for b in balances(ctx, on=period.get("until"), since=period.get("since")):
        rows.append(BalanceRow(b.key, intention_label(b.key, areas, show), b.opening,
                               b.received, b.allocated, b.pending, b.balance))  # fmt: skip
    if not show:  # one line for every client intention: no client is named
        clients = [r for r in rows if r.id.startswith("client:")]
        rows = [r for r in rows if not r.id.startswith("client:")]
        if clients:
            rows.append(BalanceRow("client:*", clients[0].label,
                                   *(sum(getattr(r, f) for r in clients)
                                     for f in ("opening", "received", "allocated", "pending",
                                               "balance"))))  # fmt: skip
    return rows


BALANCE_COLUMNS = (
    Column("label", "نیت", sortable=False, stretch=True),
    Column("opening", "ماندهٔ آغاز دوره", sortable=False, numeric=True, width=140),
    Column("received", "دریافتی (ریال)", sortable=False, numeric=True, width=150),
    Column("allocated", "هزینه‌کرد تأییدشده", sortable=False, numeric=True, width=150),
    Column("pending", "در انتظار تأیید", sortable=False, numeric=True, width=130),
    Column("balance", "مانده", sortable=False, numeric=True, width=150),
)


def _form(page: Any, record_id: uuid.UUID | None) -> AllocationForm:
    return AllocationForm(page.ctx, page.runner, None, page)


ALLOCATIONS_LIST = ListConfig(
    kinds=frozenset({Change.ALLOCATIONS, Change.GIFTS}),
    columns=(
        Column("proposed_on", "تاریخ", numeric=True, width=90),
        Column("intention_text", "نیت یا کالا", sortable=False, width=200),
        Column("amount", "مبلغ (ریال)", numeric=True, width=120),
        Column("purpose", "موضوع", stretch=True),
        Column("recipient", "گیرنده", width=140),
        Column("state", "وضعیت", choices(ALLOCATION_STATES), width=100),
        Column("proposed_by", "پیشنهاددهنده", width=110),
        Column("decided_by", "تصمیم‌گیرنده", width=110),
    ),
    count=count_allocations,
    page=allocation_page,
    open_form=_form,
    filters=(FilterSpec("state", "وضعیت", list(ALLOCATION_STATES.items())),),
    search_hint=search_hint("موضوع"),
    new_label="پیشنهاد هزینه‌کرد",
    default_sort="proposed_on",
    describe=lambda row: row.purpose,
    audit_table="allocations",
)


class AllocationsPage(ParticipationListPage):
    export = staticmethod(export_allocations)
    export_noun = "هزینه‌کرد"

    def __init__(self, ctx: AppContext, runner: TaskRunner) -> None:
        super().__init__(ctx, runner, ALLOCATIONS_LIST)
        self.edit_button.hide()  # a proposal is decided, not edited
        self.approve_button = self.add_action("تأیید", self.approve_selected, APPROVE)
        self.reject_button = self.add_action("رد…", self.reject_selected, APPROVE)
        self.since = JalaliDateEdit()
        self.since.setAccessibleName("از تاریخ")
        self.until = JalaliDateEdit()
        self.until.setAccessibleName("تا تاریخ")
        self.until.setDate(today())
        self.show_button = QPushButton("نمایش")
        self.show_button.clicked.connect(lambda _c=False: self.show_period())
        for edit in (self.since, self.until):
            edit.line_edit().returnPressed.connect(self.show_period)
        period = QHBoxLayout()
        for widget in (QLabel("از"), self.since, QLabel("تا"), self.until, self.show_button):
            period.addWidget(widget)
        period.addStretch(1)
        self.balances = RecordTableModel(
            runner,
            BALANCE_COLUMNS,
            lambda q: len(_balance_rows(ctx, q)),
            lambda q, offset, limit: _balance_rows(ctx, q)[offset : offset + limit],
            frozenset({Change.ALLOCATIONS, Change.GIFTS}),
            query=self.period_query(ListQuery()),
            parent=self,
        )
        self.balances.failed.connect(self._period_refused)
        self.balance_view = QTableView()
        self.balance_view.setModel(self.balances)
        self.balance_view.verticalHeader().hide()
        self.balance_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.balance_view.setMaximumHeight(190)
        header = self.balance_view.horizontalHeader()
        for index, column in enumerate(BALANCE_COLUMNS):
            if column.width:
                header.resizeSection(index, column.width)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        top = QWidget()
        box = QVBoxLayout(top)
        box.setContentsMargins(0, 0, 0, 6)
        title = QLabel(
            "مانده حساب مشارکت‌ها به تفکیک نیت در دوره (ماندهٔ آغاز + دریافتی − هزینه‌کرد = مانده)"
        )
        title.setObjectName("subTitle")
        box.addLayout(period)
        box.addWidget(title)
        box.addWidget(self.balance_view)
        self.add_banner(top)
        self.balances.reload()

    def edit_selected(self) -> None:  # type: ignore[override]
        return None

    # -- the period ------------------------------------------------------------------------
    def period_query(self, query: ListQuery) -> ListQuery:
        """``query`` limited to the period of the pickers (an empty picker: no limit)."""
        return query.with_filter("since", self.since.date()).with_filter("until", self.until.date())

    def current_query(self) -> ListQuery:
        return self.period_query(super().current_query())

    def show_period(self) -> None:
        """Balances and allocations of the period now on the pickers."""
        for edit in (self.since, self.until):
            edit.set_error(None)
        self.status.setText("")
        self.balances.set_query(self.period_query(ListQuery()))
        self.apply_query()

    def export_task(self, path: Path) -> Callable[[Any], int]:
        """The allocations of the period on the pickers, as the list shows them."""
        since, until, ctx = self.since.date(), self.until.date(), self.ctx
        return lambda _c: export_allocations(ctx, path, since, until)

    def _period_refused(self, exc: BaseException) -> None:
        """A refused period: the message under «از» (or «تا»); the dates stay as typed."""
        field = getattr(exc, "field", "")
        (self.until if field == "until" else self.since).set_error(error_message(exc))
        self.status.setText(error_message(exc))

    def approve_selected(self) -> None:
        row = self.selected_row()
        if row is not None:
            self._decide(lambda: approve_allocation(self.ctx, row.id), "تأیید شد.")

    def reject_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        note = self.ask_text("رد هزینه‌کرد", "دلیل رد:")
        if note is not None:
            self._decide(lambda: reject_allocation(self.ctx, row.id, note), "رد شد.")

    def _decide(self, action: Any, done: str) -> None:
        self.runner.submit(
            lambda _c: action(),
            on_done=lambda _r: self.status.setText(f"هزینه‌کرد {done}"),
            on_error=self.report_error,
            write=True,
        )


def allocations_page(ctx: AppContext, runner: TaskRunner) -> AllocationsPage:
    return AllocationsPage(ctx, runner)
