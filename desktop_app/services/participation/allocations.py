"""The participation account: balances per intention and allocations (هزینه‌کرد).

For each intention (general, an area, one client — ``vocab.intention_key``):
received (cash gifts, not cancelled, up to a date) − allocated (approved cash
allocations, decided up to that date) = balance; over a period (``balances(on, since)``):
opening balance + received − allocated within the period = the balance at its end. A clerk proposes an allocation
(``ENTER``); a supervisor approves or rejects it (``APPROVE``: the organization's
approval of seed 004). A proposal may not exceed what is left after the approved and
the other pending proposals, and approval checks again, so the same money is never
allocated twice. An in-kind gift is handed out, not spent: its allocation names the
gift, and a gift is handed out at most once (also a partial unique index).

No Qt; any thread (one short session per call, plain data out).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from ...models import Allocation, Gift, live
from ...models.participation import intention_key_of
from ...persian import format_rial, normalize, today
from ..accounts import access
from ..accounts.access import current_actor
from ..core.context import AppContext
from ..core.errors import ServiceError
from ..core.listing import Listing, ListQuery
from ..core.privacy import can_see_personal
from ..core.records import live_record, new_record
from .gifts import area_titles
from .vocab import intention_label

NOT_FOUND = "این هزینه‌کرد پیدا نشد."


def gift_intention_key() -> ColumnElement[str]:
    """``vocab.intention_key`` of a gift row, in SQL (for grouping and matching)."""
    return intention_key_of(Gift)


def _received_condition(on: date | None) -> list[ColumnElement[bool]]:
    conds = [live(Gift), Gift.cancelled_on.is_(None), Gift.kind == "cash"]
    if on is not None:
        conds.append(Gift.received_on <= on)
    return conds


@dataclass(frozen=True)
class Balance:
    key: str
    received: int
    allocated: int  # approved
    pending: int  # proposed, not yet decided
    #: the balance before the period (``balances(since=…)``; 0 for the whole history)
    opening: int = 0

    @property
    def balance(self) -> int:
        return self.opening + self.received - self.allocated

    @property
    def available(self) -> int:
        """What may still be proposed: the balance less the pending proposals."""
        return self.balance - self.pending


def _key_condition(key: str) -> ColumnElement[bool]:
    if key.startswith("area:"):
        return and_(Gift.intention == "area", Gift.intention_area == key.removeprefix("area:"))
    if key.startswith("client:"):
        code = key.removeprefix("client:")
        return and_(Gift.intention == "client", Gift.client_national_code == code)
    return Gift.intention == "general"


def intention_balance(
    session: Session, key: str, on: date | None = None, exclude: uuid.UUID | None = None
) -> Balance:
    """The balance of one intention at the end of ``on`` (None: now)."""
    received = session.scalar(
        select(func.coalesce(func.sum(Gift.amount), 0)).where(
            _key_condition(key), *_received_condition(on)
        )
    )
    alloc = select(func.coalesce(func.sum(Allocation.amount), 0)).where(
        Allocation.intention_key == key,
        live(Allocation),
        Allocation.gift_id.is_(None),
    )
    if exclude is not None:
        alloc = alloc.where(Allocation.id != exclude)
    approved_stmt = alloc.where(Allocation.state == "approved")
    if on is not None:
        approved_stmt = approved_stmt.where(Allocation.decided_on <= on)
    approved = session.scalar(approved_stmt)
    pending = session.scalar(alloc.where(Allocation.state == "proposed")) if on is None else 0
    return Balance(key, int(received or 0), int(approved or 0), int(pending or 0))


def _cumulative(session: Session, on: date | None, pending: bool) -> dict[str, Balance]:
    """Every intention's received and approved totals at the end of ``on`` (None: now),
    with the pending proposals when ``pending``."""
    key = gift_intention_key()
    received = dict(
        session.execute(
            select(key, func.sum(Gift.amount)).where(*_received_condition(on)).group_by(key)
        ).all()
    )
    approved_stmt = select(Allocation.intention_key, func.sum(Allocation.amount)).where(
        live(Allocation),
        Allocation.gift_id.is_(None),
        Allocation.state == "approved",
    )
    if on is not None:
        approved_stmt = approved_stmt.where(Allocation.decided_on <= on)
    approved = dict(session.execute(approved_stmt.group_by(Allocation.intention_key)).all())
    waiting: dict[str, int] = {}
    if pending:
        waiting = dict(
            session.execute(
                select(Allocation.intention_key, func.sum(Allocation.amount))
                .where(
                    live(Allocation),
                    Allocation.gift_id.is_(None),
                    Allocation.state == "proposed",
                )
                .group_by(Allocation.intention_key)
            ).all()
        )
    keys = set(received) | set(approved) | set(waiting)
    return {
        k: Balance(k, int(received.get(k) or 0), int(approved.get(k) or 0),
                   int(waiting.get(k) or 0))
        for k in keys
    }  # fmt: skip


@access.operation(access.SIGNED_IN)
def balances(ctx: AppContext, on: date | None = None, since: date | None = None) -> list[Balance]:
    """Every intention that received or allocated anything, with its balance at the end
    of ``on`` (None: now). With ``since``, the period ``since``–``on``: ``opening`` is
    the balance at the end of the day before ``since``, ``received`` and ``allocated``
    what came in and was approved within the period, and ``balance`` (opening + received
    − allocated) the balance at its end. Pending proposals count only up to now (``on``
    None, today or later). A period that ends before it starts is refused at ``since``."""
    if since is not None and on is not None and since > on:
        raise ServiceError("تاریخ آغاز دوره پس از تاریخ پایان آن است.", "since")
    current = on is None or on >= today()
    with ctx.session() as session:
        end = _cumulative(session, None if current else on, pending=current)
        start = _cumulative(session, since - timedelta(days=1), False) if since else {}
    out = []
    for k in sorted(set(end) | set(start)):
        e, b = end.get(k, Balance(k, 0, 0, 0)), start.get(k, Balance(k, 0, 0, 0))
        received, allocated = e.received - b.received, e.allocated - b.allocated
        if received or allocated or b.balance or e.pending:
            out.append(Balance(k, received, allocated, e.pending, opening=b.balance))
    return out


@access.operation(access.SIGNED_IN)
def balance_choices(ctx: AppContext) -> list[tuple[str, str]]:
    """Intentions with money left, for the allocation form: «label — مانده …»."""
    show = can_see_personal(ctx)
    with ctx.session() as session:
        areas = area_titles(session)
    return [
        (b.key, f"{intention_label(b.key, areas, show)} — مانده {format_rial(b.available)}")
        for b in balances(ctx)
        if b.available > 0 and (show or not b.key.startswith("client:"))
    ]


@access.operation(access.SIGNED_IN)
def handout_choices(ctx: AppContext) -> list[tuple[uuid.UUID, str]]:
    """In-kind gifts not cancelled and not handed out yet."""
    taken = select(Allocation.gift_id).where(
        live(Allocation),
        Allocation.gift_id.is_not(None),
        Allocation.state != "rejected",
    )
    with ctx.session() as session:
        rows = session.execute(
            select(Gift.id, Gift.receipt_no, Gift.item_description, Gift.amount)
            .where(
                live(Gift),
                Gift.cancelled_on.is_(None),
                Gift.kind == "in_kind",
                Gift.id.not_in(taken),
            )
            .order_by(Gift.receipt_no)
        ).all()
    return [
        (r.id, f"{r.receipt_no} — {r.item_description} ({format_rial(r.amount)})") for r in rows
    ]


@dataclass
class AllocationData:
    id: uuid.UUID | None = None
    intention_key: str = ""
    gift_id: uuid.UUID | None = None  # an in-kind gift handed out
    amount: int | None = None
    purpose: str = ""
    recipient: str = ""
    proposed_on: date | None = None
    state: str = "proposed"
    proposed_by: str = ""
    decided_by: str = ""
    decided_on: date | None = None
    decision_note: str = ""


def _to_data(row: Allocation) -> AllocationData:
    return AllocationData(
        row.id, row.intention_key, row.gift_id, row.amount, row.purpose, row.recipient,
        row.proposed_on, row.state, row.proposed_by, row.decided_by, row.decided_on,
        row.decision_note,
    )  # fmt: skip


@access.operation(access.ENTER)
def propose_allocation(ctx: AppContext, data: AllocationData) -> AllocationData:
    """A clerk's proposal: cash from an intention's balance, or an in-kind hand-out."""
    actor = current_actor(ctx)
    purpose = normalize(data.purpose).strip()
    recipient = normalize(data.recipient).strip()
    if not purpose:
        raise ServiceError("موضوع هزینه‌کرد را بنویسید.", "purpose")
    with ctx.session() as session:
        row = new_record(session, Allocation)
        if data.gift_id is not None:
            gift = live_record(session, Gift, data.gift_id, "کالای انتخاب‌شده پیدا نشد.")
            if gift.kind != "in_kind" or gift.cancelled_on is not None:
                raise ServiceError("فقط کالای رسید ابطال‌نشده تحویل داده می‌شود.", "gift_id")
            taken = session.scalar(
                select(func.count()).where(
                    Allocation.gift_id == gift.id,
                    live(Allocation),
                    Allocation.state != "rejected",
                )
            )
            if taken:
                raise ServiceError("این کالا پیش‌تر تحویل شده یا در دست تحویل است.", "gift_id")
            if not recipient:
                raise ServiceError("تحویل‌گیرندهٔ کالا را بنویسید.", "recipient")
            row.gift_id = gift.id
            row.intention_key = f"gift:{gift.receipt_no}"
            row.amount = gift.amount
        else:
            if not data.intention_key:
                raise ServiceError("نیتی را که از آن هزینه می‌شود انتخاب کنید.", "intention_key")
            if data.amount is None or data.amount <= 0:
                raise ServiceError("مبلغ هزینه‌کرد باید بیشتر از صفر باشد.", "amount")
            balance = intention_balance(session, data.intention_key)
            if data.amount > balance.available:
                raise ServiceError(
                    f"مبلغ بیش از ماندهٔ این نیت است؛ مانده (پس از پیشنهادهای در انتظار): "
                    f"{format_rial(max(balance.available, 0))}.",
                    "amount",
                )
            row.intention_key, row.amount = data.intention_key, int(data.amount)
        row.purpose, row.recipient = purpose, recipient
        row.proposed_on = data.proposed_on or today()
        row.proposed_by = actor.display_name
        row.state = "proposed"
        session.flush()
        return _to_data(row)


def _decidable(session: Session, allocation_id: uuid.UUID) -> Allocation:
    row = live_record(session, Allocation, allocation_id, NOT_FOUND)
    if row.state != "proposed":
        raise ServiceError("این هزینه‌کرد پیش‌تر تصمیم گرفته شده است.")
    return row


@access.operation(access.APPROVE)
def approve_allocation(
    ctx: AppContext, allocation_id: uuid.UUID, note: str = "", on: date | None = None
) -> AllocationData:
    """A supervisor approves: checked again against the balance of that moment."""
    actor = current_actor(ctx)
    with ctx.session() as session:
        row = _decidable(session, allocation_id)
        if row.gift_id is None:
            balance = intention_balance(session, row.intention_key, exclude=row.id)
            if row.amount > balance.balance:
                raise ServiceError(
                    f"مانده این نیت {format_rial(max(balance.balance, 0))} است و این هزینه‌کرد "
                    "از آن بیشتر است؛ تأیید نشد."
                )
        row.state, row.decided_on = "approved", on or today()
        row.decided_by, row.decision_note = actor.display_name, normalize(note)
        session.flush()
        return _to_data(row)


@access.operation(access.APPROVE)
def reject_allocation(ctx: AppContext, allocation_id: uuid.UUID, note: str) -> AllocationData:
    """A supervisor rejects with a reason; a rejected hand-out frees its gift."""
    actor = current_actor(ctx)
    note = normalize(note).strip()
    if not note:
        raise ServiceError("دلیل رد را بنویسید.", "note")
    with ctx.session() as session:
        row = _decidable(session, allocation_id)
        row.state, row.decided_on = "rejected", today()
        row.decided_by, row.decision_note = actor.display_name, note
        session.flush()
        return _to_data(row)


# -- the list -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AllocationRow:
    id: uuid.UUID
    proposed_on: date
    intention_key: str
    amount: int
    purpose: str
    recipient: str
    state: str
    proposed_by: str
    decided_by: str
    intention_text: str = ""

    @property
    def name(self) -> str:
        return self.purpose


ALLOCATIONS: Listing[AllocationRow] = Listing(
    model=Allocation,
    row=AllocationRow,
    columns={
        "id": Allocation.id,
        "proposed_on": Allocation.proposed_on,
        "intention_key": Allocation.intention_key,
        "amount": Allocation.amount,
        "purpose": Allocation.purpose,
        "recipient": Allocation.recipient,
        "state": Allocation.state,
        "proposed_by": Allocation.proposed_by,
        "decided_by": Allocation.decided_by,
    },
    search_column=Allocation.purpose,
    filters={
        "state": Allocation.state,
        "since": lambda value: Allocation.proposed_on >= value,
        "until": lambda value: Allocation.proposed_on <= value,
    },
    default_sort="proposed_on",
)


@access.operation(access.SIGNED_IN)
def count_allocations(ctx: AppContext, query: ListQuery) -> int:
    return ALLOCATIONS.count(ctx, query)


def allocation_label(key: str, areas: dict[str, str], show: bool) -> str:
    if key.startswith("gift:"):
        # the receipt number isolated left to right (LRI…PDI) keeps its digit order
        return f"تحویل کالای رسید \u2066{key.removeprefix('gift:')}\u2069"
    return intention_label(key, areas, show)


@access.operation(access.SIGNED_IN)
def allocation_page(
    ctx: AppContext, query: ListQuery, offset: int, limit: int
) -> list[AllocationRow]:
    from dataclasses import replace

    show = can_see_personal(ctx)
    with ctx.session() as session:
        areas = area_titles(session)
    return [
        replace(
            r,
            intention_key=r.intention_key
            if show or not r.intention_key.startswith("client:")
            else "",
            intention_text=allocation_label(r.intention_key, areas, show),
        )
        for r in ALLOCATIONS.page(ctx, query, offset, limit)
    ]
