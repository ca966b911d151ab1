"""The participation account on the server (issue 18): what is allocated never exceeds
what was received, whatever a workstation pushes.

A workstation checks the balance before it proposes or approves an allocation, but two
counters of one office work offline and a hostile client skips the check; the push
handler asks ``AccountRule.refusal`` (through ``Authority.refusal``, the one
``AUTHORITY CHECK`` of ``sync_service``) and refuses with a Persian sentence:

- **Cash allocations** (``allocations`` without ``gift_id``): the live, not rejected
  allocations of an intention key (proposed and approved) never add up to more than the
  live, uncancelled cash gifts of that key — both counted over the allocation's office
  and the offices under it (what that office's workstation sees and balances). The
  amount is never negative (zero takes nothing: a workstation may insert the row before
  it sets its values, in the same transaction).
- **Hand-outs** (``gift_id`` set): the gift is a live, uncancelled in-kind gift, and
  the hand-outs of one gift never add up to more than its estimated value.
- **Gifts**: a cash gift is not cancelled, tombstoned, lowered or moved to another
  intention while its old intention's allocations would then exceed what is left; an
  in-kind gift with a live hand-out is not cancelled.

Only a change that can raise what is allocated (or lower what was received) is judged,
so an approval of a proposal already counted is never refused for an older overdraft.
On PostgreSQL each judged (office, intention) takes a transaction-level advisory lock
first, so two devices pushing at once are judged one after the other. Allocations are
judged one by one, never in a batch of inserts (``PER_ROW_TABLES``).

No Qt; request threads, inside the push's session.
"""

from __future__ import annotations

import uuid
import zlib
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import Table, func, select, text
from sqlalchemy.orm import Session

from desktop_app.models import Base, live
from desktop_app.models.participation import intention_key, intention_key_of
from desktop_app.persian import format_rial
from desktop_app.persian.bidi import isolate

from . import admin

#: Tables whose inserts are judged one at a time (a batch would judge each alone).
PER_ROW_TABLES = frozenset({"allocations"})
#: Allocation fields whose change can raise what is allocated.
ALLOCATION_FIELDS = ("amount", "intention_key", "gift_id")
#: Gift fields whose change can lower what was received.
GIFT_FIELDS = ("kind", "amount", "intention", "intention_area", "client_national_code",
               "cancelled_on", "deleted_at")  # fmt: skip
#: Namespace of the advisory lock keys (first half of the 64-bit key).
LOCK_SPACE = 0x4D495A50  # "MIZP"


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def _uuid(value: Any) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _key_text(key: str) -> str:
    """An intention key for a Persian sentence (a client's code is never named)."""
    if key.startswith("client:"):
        return "مددجوی معین"
    if key.startswith("area:"):
        return f"حوزهٔ {isolate(key.removeprefix('area:'))}"
    return "عمومی"


class AccountRule:
    """The participation account checks of one push (one device, one session)."""

    def __init__(self, session: Session, tree: admin.OfficeTree | None = None) -> None:
        self.session = session
        self.tree = tree
        self._subtrees: dict[str, set[str]] = {}

    def refusal(
        self,
        table: str,
        row: Mapping[str, Any] | None,
        values: Mapping[str, Any],
        origin: str,
    ) -> str | None:
        """Why ``values`` may not be written into ``table`` (None: they may).
        ``values`` are only the fields that change (all of them for a new record)."""
        rule = (NEW_RECORD_RULES if row is None else CHANGE_RULES).get(table)
        return None if rule is None else rule(self, row, values, origin)

    # -- helpers ----------------------------------------------------------------------------

    def offices(self, origin: str) -> set[str]:
        if origin not in self._subtrees:
            tree = self.tree or admin.OfficeTree.read(self.session)
            self._subtrees[origin] = tree.subtree(origin)
        return self._subtrees[origin]

    def _lock(self, origin: str, key: str) -> None:
        if self.session.get_bind().dialect.name != "postgresql":
            return  # SQLite: one writer at a time already
        self.session.execute(
            text("SELECT pg_advisory_xact_lock(:space, :key)"),
            {"space": LOCK_SPACE, "key": zlib.crc32(f"{origin}|{key}".encode()) - 2**31},
        )

    def received(self, origin: str, key: str) -> int:
        gifts = _table("gifts")
        total = self.session.scalar(
            select(func.coalesce(func.sum(gifts.c.amount), 0)).where(
                gifts.c.origin_office.in_(self.offices(origin)),
                gifts.c.kind == "cash",
                live(gifts),
                gifts.c.cancelled_on.is_(None),
                intention_key_of(gifts.c) == key,
            )
        )
        return int(total or 0)

    def allocated(self, origin: str, key: str, leave_out: Any = None) -> int:
        """Live, not rejected cash allocations of ``key`` (proposed and approved)."""
        allocations = _table("allocations")
        query = select(func.coalesce(func.sum(allocations.c.amount), 0)).where(
            allocations.c.origin_office.in_(self.offices(origin)),
            allocations.c.intention_key == key,
            allocations.c.gift_id.is_(None),
            live(allocations),
            allocations.c.state != "rejected",
        )
        if leave_out is not None:
            query = query.where(allocations.c.id != _uuid(leave_out))
        return int(self.session.scalar(query) or 0)

    # -- allocations --------------------------------------------------------------------------

    def _allocation(
        self, row: Mapping[str, Any] | None, values: Mapping[str, Any], origin: str
    ) -> str | None:
        after = {**(dict(row) if row is not None else {}), **values}
        if after.get("deleted_at") is not None or after.get("state", "proposed") == "rejected":
            return None  # counts for nothing
        was_counted = row is not None and row["deleted_at"] is None and row["state"] != "rejected"
        if was_counted and not any(name in values for name in ALLOCATION_FIELDS):
            return None  # an approval or a note: nothing more is allocated
        amount = int(after.get("amount") or 0)
        if amount < 0:
            return "مبلغ هزینه‌کرد نمی‌تواند منفی باشد؛ هزینه‌کرد پذیرفته نشد."
        if amount == 0:
            return None  # takes nothing (a workstation's insert before its values are set)
        if after.get("gift_id") is not None:
            return self._handout(after, amount)
        key = str(after.get("intention_key") or "general")
        self._lock(origin, key)
        received = self.received(origin, key)
        others = self.allocated(origin, key, leave_out=after.get("id"))
        if others + amount > received:
            return (
                f"هزینه‌کرد {format_rial(amount)} از نیت «{_key_text(key)}» بیش از ماندهٔ آن "
                f"است: دریافتی {format_rial(received)} و هزینه‌کردهای دیگر "
                f"{format_rial(others)}؛ مانده {format_rial(max(received - others, 0))}. "
                "هزینه‌کرد پذیرفته نشد."
            )
        return None

    def _handout(self, after: Mapping[str, Any], amount: int) -> str | None:
        gifts, allocations = _table("gifts"), _table("allocations")
        gift = (
            self.session.execute(
                select(
                    gifts.c.kind,
                    gifts.c.amount,
                    gifts.c.cancelled_on,
                    gifts.c.deleted_at,
                    gifts.c.receipt_no,
                )
                .where(gifts.c.id == _uuid(after["gift_id"]))
                .with_for_update()
            )
            .mappings()
            .first()
        )
        if gift is None:
            return None  # a missing parent is the push rules' (missing_parent / depends)
        receipt = isolate(str(gift["receipt_no"]))
        if gift["kind"] != "in_kind" or gift["cancelled_on"] is not None or gift["deleted_at"]:
            return (
                f"رسید {receipt} کالای ابطال‌نشده نیست؛ فقط کالای رسید ابطال‌نشده تحویل "
                "داده می‌شود. هزینه‌کرد پذیرفته نشد."
            )
        query = select(func.coalesce(func.sum(allocations.c.amount), 0)).where(
            allocations.c.gift_id == _uuid(after["gift_id"]),
            live(allocations),
            allocations.c.state != "rejected",
        )
        if after.get("id") is not None:
            query = query.where(allocations.c.id != _uuid(after["id"]))
        others = int(self.session.scalar(query) or 0)
        if others + amount > int(gift["amount"]):
            return (
                f"تحویل کالای رسید {receipt} به ارزش {format_rial(amount)} از ارزش کالا "
                f"({format_rial(int(gift['amount']))}) بیشتر است"
                + (f"؛ {format_rial(others)} از آن پیش‌تر تحویل شده است" if others else "")
                + ". هزینه‌کرد پذیرفته نشد."
            )
        return None

    # -- gifts ------------------------------------------------------------------------------

    def _gift(self, row: Mapping[str, Any], values: Mapping[str, Any], origin: str) -> str | None:
        if not any(name in values for name in GIFT_FIELDS):
            return None
        after = {**dict(row), **values}

        def counts(gift: Mapping[str, Any]) -> bool:
            return (
                gift["kind"] == "cash"
                and gift["deleted_at"] is None
                and gift["cancelled_on"] is None
            )

        if row["kind"] == "in_kind" and not counts(after) and row["cancelled_on"] is None:
            if after["cancelled_on"] is not None or after["deleted_at"] is not None:
                return self._handed_out(row)
        if not counts(row):
            return None
        old_key = intention_key(
            row["intention"], row["intention_area"], row["client_national_code"]
        )
        new_key = intention_key(
            after["intention"], after["intention_area"], after["client_national_code"]
        )
        lost = int(row["amount"])
        if counts(after) and new_key == old_key:
            lost = int(row["amount"]) - int(after["amount"])
        if lost <= 0:
            return None
        key = str(old_key)
        self._lock(row["origin_office"], key)
        received = self.received(row["origin_office"], key) - lost
        allocated = self.allocated(row["origin_office"], key)
        if allocated > received:
            return (
                f"رسید {isolate(str(row['receipt_no']))} را نمی‌توان ابطال یا کم کرد: "
                f"هزینه‌کردهای نیت «{_key_text(key)}» ({format_rial(allocated)}) از دریافتی "
                f"آن پس از این تغییر ({format_rial(max(received, 0))}) بیشتر می‌شود. "
                "تغییر پذیرفته نشد."
            )
        return None

    def _handed_out(self, row: Mapping[str, Any]) -> str | None:
        allocations = _table("allocations")
        handed = self.session.scalar(
            select(func.count()).where(
                allocations.c.gift_id == row["id"],
                live(allocations),
                allocations.c.state != "rejected",
            )
        )
        if handed:
            return (
                f"کالای رسید {isolate(str(row['receipt_no']))} تحویل شده یا در دست تحویل است؛ "
                "رسید آن ابطال نمی‌شود. تغییر پذیرفته نشد."
            )
        return None


#: ``rule(account, row, values, origin)``: why the change may not be written (None: it may).
Rule = Callable[[AccountRule, Any, Mapping[str, Any], str], str | None]
#: The account's rule of each table whose new records it judges, and of each table
#: whose records' changes it judges: ``AccountRule.refusal`` dispatches through them
#: (any other table: never refused by it), ``Authority.may_refuse_new`` asks the first.
NEW_RECORD_RULES: dict[str, Rule] = {"allocations": AccountRule._allocation}
CHANGE_RULES: dict[str, Rule] = {**NEW_RECORD_RULES, "gifts": AccountRule._gift}
