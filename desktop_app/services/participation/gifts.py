"""Gifts (مشارکت) and their receipts: register at the counter, read, cancel, list.

A gift is registered once and receives its receipt number at once
(``numbering.next_receipt_number``); it is never edited or deleted afterwards: a
mistake is cancelled with a reason (``cancel_gift``, supervisors), which stays visible
on the list and on a reprint, is written to the audit log, and frees the bank
reference so the corrected gift can be registered.

Rules (each a Persian ``ServiceError`` naming its field): a cash gift's amount is more
than zero, its channel is known, an electronic channel's bank reference is given and
not used by another live gift of the same channel; an in-kind gift has at least one
item (``GiftItemData``: description, quantity, unit and estimated value, each refused
at its cell, ``items[2].quantity``; blank rows are dropped), a condition and a
receiver, and its amount is the items' total; a service gift says what,
by whom, hours or sessions and the center; an area intention names a known area; a
client intention names the client (valid national code). The client's identity is
never listed for a clerk: list rows show «مددجوی معین (محرمانه)» unless the actor may
see personal data (supervisors), and the search text leaves the client out.

No Qt; any thread (one short session per call, plain data out).
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from ...models import Allocation, Benefactor, Gift, GiftItem, ParticipationArea, live
from ...persian import (
    ValidationError,
    format_jalali,
    normalize,
    normalize_code,
    search_key,
    to_persian_digits,
    today,
    validate_national_code,
)
from ..accounts import access
from ..accounts.access import current_actor
from ..accounts.audit import record_event
from ..core.context import AppContext
from ..core.errors import NotFoundError, ServiceError
from ..core.listing import Listing, ListQuery
from ..core.privacy import can_see_personal
from ..core.records import live_record, new_record, office_code
from .benefactors import ANONYMOUS_NAME, display_name
from .numbering import find_receipt, next_receipt_number, receipt_key
from .vocab import (
    AREAS,
    CHANNELS,
    CONDITIONS,
    ELECTRONIC_CHANNELS,
    GIFT_KINDS,
    HIDDEN_CLIENT,
    INTENTIONS,
    intention_key,
    intention_label,
)

NOT_FOUND = "این مشارکت پیدا نشد."
CHECK_DIGITS = 6
MAX_ITEMS = 100
#: The largest amount a gift may carry (the ``amount`` column's range).
MAX_AMOUNT = 2_147_483_647


@dataclass
class GiftItemData:
    """One line of an in-kind gift as typed (a ``RowsEditor`` row)."""

    id: uuid.UUID | None = None
    description: str = ""
    quantity: int | None = None
    unit: str = ""
    value: int | None = None  # rial, estimated, the whole line

    def is_blank(self) -> bool:
        """Nothing typed but perhaps the unit the form offers: a row left empty."""
        return not (self.description.strip() or self.quantity or self.value)


@dataclass
class GiftData:
    """What the clerk types for one gift (and, once saved, its receipt's state)."""

    id: uuid.UUID | None = None
    benefactor_id: uuid.UUID | None = None  # None: anonymous
    kind: str = "cash"
    received_on: date | None = None
    amount: int | None = None
    channel: str = "counter"
    bank_ref: str = ""
    intention: str = "general"
    intention_area: str = ""
    client_name: str = ""
    client_national_code: str = ""
    center: str = ""
    items: list[GiftItemData] = field(default_factory=list)
    condition: str = ""
    storage: str = ""
    received_by: str = ""
    service_what: str = ""
    service_by: str = ""
    hours: int | None = None
    sessions: int | None = None
    note: str = ""
    # -- set by the service ----------------------------------------------------------
    receipt_no: str = ""
    check_code: str = ""
    benefactor_name: str = ""
    clerk_name: str = ""
    item_description: str = ""  # in kind: the items' summary (made by the service)
    print_count: int = 0
    cancelled_on: date | None = None
    cancel_reason: str = ""
    cancelled_by: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def intention_key(self) -> str:
        return intention_key(self.intention, self.intention_area, self.client_national_code)


def area_titles(session: Session) -> dict[str, str]:
    """Built-in areas plus the office's own (key → title)."""
    areas = dict(AREAS)
    for row in session.scalars(select(ParticipationArea).where(live(ParticipationArea))):
        areas[row.key] = row.title
    return areas


@access.operation(access.SIGNED_IN)
def list_areas(ctx: AppContext) -> list[tuple[str, str]]:
    with ctx.session() as session:
        return list(area_titles(session).items())


@access.operation(access.ENTER)
def add_area(ctx: AppContext, title: str) -> str:
    """Add an intention area to the office's vocabulary (``ENTER``); returns its key."""
    title = normalize(title).strip()
    if not title:
        raise ServiceError("عنوان حوزه را بنویسید.", "title")
    with ctx.session() as session:
        areas = area_titles(session)
        if title in areas.values():
            raise ServiceError(f"حوزهٔ «{title}» پیش‌تر ثبت شده است.", "title")
        row = new_record(session, ParticipationArea)
        row.key = f"x{uuid.uuid4().hex[:10]}"
        row.title = title
        return row.key


def _positive(value: int | None, message: str, name: str) -> int:
    if value is None or value <= 0:
        raise ServiceError(message, name)
    return int(value)


def validated(session: Session, data: GiftData) -> GiftData:
    """A normalized copy of ``data`` or a ``ServiceError`` at the first bad field."""
    if data.kind not in GIFT_KINDS:
        raise ServiceError("نوع مشارکت را انتخاب کنید.", "kind")
    received = data.received_on or today()
    if received > today():
        raise ServiceError("تاریخ دریافت نمی‌تواند در آینده باشد.", "received_on")
    out = replace(
        data,
        received_on=received,
        bank_ref=normalize_code(data.bank_ref),
        center=normalize(data.center),
        note=normalize(data.note, keep_newlines=True),
    )
    if data.kind == "cash":
        out.amount = _positive(data.amount, "مبلغ مشارکت باید بیشتر از صفر باشد.", "amount")
        if data.channel not in CHANNELS:
            raise ServiceError("شیوهٔ پرداخت را انتخاب کنید.", "channel")
        if data.channel in ELECTRONIC_CHANNELS and not out.bank_ref:
            raise ServiceError(
                f"برای پرداخت از «{CHANNELS[data.channel]}» کد مرجع (پیگیری) بانک لازم است.",
                "bank_ref",
            )
        if out.bank_ref and not out.bank_ref.isalnum():
            raise ServiceError("کد مرجع بانک فقط رقم و حرف لاتین دارد.", "bank_ref")
        _clear(out, "in_kind", "service")
    else:
        out.channel, out.bank_ref = "", ""
    if data.kind == "in_kind":
        out.items = validated_items(data.items)
        out.amount = sum(item.value or 0 for item in out.items)
        if out.amount > MAX_AMOUNT:
            raise ServiceError("جمع ارزش کالاها از سقف مبلغ یک رسید بیشتر است.", "items")
        out.item_description = items_summary(out.items)
        if data.condition not in CONDITIONS:
            raise ServiceError("وضعیت کالا را انتخاب کنید.", "condition")
        out.storage = normalize(data.storage)
        out.received_by = normalize(data.received_by)
        if not out.received_by:
            raise ServiceError("نام تحویل‌گیرندهٔ کالا را بنویسید.", "received_by")
        _clear(out, "service")
    if data.kind == "service":
        out.service_what = normalize(data.service_what)
        if not out.service_what:
            raise ServiceError("خدمتی را که ارائه می‌شود بنویسید.", "service_what")
        out.service_by = normalize(data.service_by)
        if not out.service_by:
            raise ServiceError("ارائه‌دهندهٔ خدمت را بنویسید.", "service_by")
        if (data.hours or 0) < 0 or (data.sessions or 0) < 0:
            raise ServiceError("ساعت و جلسه نمی‌توانند منفی باشند.", "hours")
        if not (data.hours or data.sessions):
            raise ServiceError("تعداد ساعت یا جلسهٔ خدمت را بنویسید.", "hours")
        out.hours, out.sessions = data.hours or 0, data.sessions or 0
        if not out.center:
            raise ServiceError("مرکزی را که خدمت در آن ارائه می‌شود بنویسید.", "center")
        if data.amount is not None and data.amount < 0:
            raise ServiceError("ارزش تقریبی خدمت نمی‌تواند منفی باشد.", "amount")
        out.amount = data.amount or 0
        _clear(out, "in_kind")
    if data.intention not in INTENTIONS:
        raise ServiceError("نیت مشارکت را انتخاب کنید.", "intention")
    if data.intention == "area":
        if data.intention_area not in area_titles(session):
            raise ServiceError("حوزهٔ نیت را انتخاب کنید.", "intention_area")
    else:
        out.intention_area = ""
    if data.intention == "client":
        out.client_name = normalize(data.client_name)
        if not out.client_name:
            raise ServiceError("نام مددجو را بنویسید.", "client_name")
        try:
            out.client_national_code = validate_national_code(data.client_national_code)
        except ValidationError as exc:
            raise ServiceError(exc.message, "client_national_code") from None
    else:
        out.client_name = out.client_national_code = ""
    return out


def validated_items(items: list[GiftItemData]) -> list[GiftItemData]:
    """The typed items without blank rows, normalized; a ``ServiceError`` at the first
    bad cell (``items[N].column``, N counting the rows as shown)."""
    out: list[GiftItemData] = []
    for n, item in enumerate(items):
        if item.is_blank():
            continue
        row = to_persian_digits(n + 1)
        clean = replace(item, description=normalize(item.description), unit=normalize(item.unit))
        if not clean.description:
            raise ServiceError(f"شرح کالای ردیف {row} را بنویسید.", f"items[{n}].description")
        if clean.quantity is None or clean.quantity <= 0:
            raise ServiceError(
                f"تعداد کالای ردیف {row} باید بیشتر از صفر باشد.", f"items[{n}].quantity"
            )
        if not clean.unit:
            raise ServiceError(f"واحد کالای ردیف {row} را بنویسید.", f"items[{n}].unit")
        if clean.value is None or clean.value <= 0:
            raise ServiceError(
                f"ارزش تقریبی کالای ردیف {row} را به ریال بنویسید (بیشتر از صفر).",
                f"items[{n}].value",
            )
        out.append(clean)
    if not out:
        raise ServiceError("دست‌کم یک قلم کالا با شرح، تعداد، واحد و ارزش بنویسید.", "items")
    if len(out) > MAX_ITEMS:
        raise ServiceError(
            f"یک رسید بیش از {to_persian_digits(MAX_ITEMS)} قلم کالا ندارد.", "items"
        )
    return out


def items_summary(items: list[GiftItemData]) -> str:
    """«ویلچر تاشو، پتو» — what lists and search show of an in-kind gift."""
    return "، ".join(item.description for item in items)


def _clear(data: GiftData, *kinds: str) -> None:
    if "in_kind" in kinds:
        data.item_description = data.condition = data.storage = ""
        data.received_by = ""
        data.items = []
    if "service" in kinds:
        data.service_what = data.service_by = ""
        data.hours = data.sessions = 0


def _ref_owner(session: Session, channel: str, ref: str) -> Gift | None:
    return session.scalars(
        select(Gift).where(
            Gift.channel == channel,
            Gift.bank_ref == ref,
            live(Gift),
            Gift.cancelled_on.is_(None),
        )
    ).first()


def gift_search_text(gift: Gift) -> str:
    """What a search finds a gift by (never the client's identity)."""
    return search_key(
        " ".join(
            [gift.receipt_no, gift.benefactor_name, gift.bank_ref, gift.item_description,
             gift.service_what, gift.center]
        )
    )  # fmt: skip


def shown_code(code: str) -> str:
    """A receipt number inside a Persian message: Persian digits, isolated left to right
    (LRI…PDI) so «۲۷۵۱-۰۰۰۰۱۲» keeps its order."""
    return f"\u2066{to_persian_digits(code)}\u2069"


def new_check_code() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(CHECK_DIGITS))


@access.operation(access.ENTER)
def register_gift(ctx: AppContext, data: GiftData) -> GiftData:
    """Register a gift and give it its receipt number (``ENTER``)."""
    actor = current_actor(ctx)
    if data.id is not None:
        raise ServiceError("رسید صادرشده ویرایش نمی‌شود؛ اگر اشتباه است آن را ابطال کنید.")
    with ctx.session() as session:
        office = office_code(session)
        if not office:
            raise ServiceError("کد اداره در تنظیمات ثبت نشده است؛ شمارهٔ رسید بدون آن ساخته نمی‌شود.")
        clean = validated(session, data)
        if clean.bank_ref:
            owner = _ref_owner(session, clean.channel, clean.bank_ref)
            if owner is not None:
                raise ServiceError(
                    f"این کد مرجع برای «{CHANNELS[clean.channel]}» پیش‌تر در رسید "
                    f"{shown_code(owner.receipt_no)} ثبت شده است.",
                    "bank_ref",
                )
        name = ANONYMOUS_NAME
        if clean.benefactor_id is not None:
            benefactor = live_record(
                session, Benefactor, clean.benefactor_id, "خیّر انتخاب‌شده پیدا نشد."
            )
            name = display_name(benefactor)
        number = next_receipt_number(session, office)  # before the new row: no autoflush
        gift = new_record(session, Gift)
        number.assign(gift)
        gift.check_code = new_check_code()
        gift.benefactor_id, gift.benefactor_name = clean.benefactor_id, name
        for key in (
            "kind", "received_on", "amount", "channel", "bank_ref", "intention",
            "intention_area", "client_name", "client_national_code", "center",
            "item_description", "condition", "storage", "received_by",
            "service_what", "service_by", "hours", "sessions", "note",
        ):  # fmt: skip
            setattr(gift, key, getattr(clean, key))
        gift.clerk_name = actor.display_name
        gift.search_text = gift_search_text(gift)
        items = []
        for position, item in enumerate(clean.items):
            row = GiftItem(
                id=uuid.uuid4(), origin_office=gift.origin_office, gift_id=gift.id,
                position=position, description=item.description, quantity=item.quantity,
                unit=item.unit, value=item.value,
            )  # fmt: skip
            session.add(row)
            items.append(row)
        session.flush()
        return to_data(gift, items)


def gift_items(session: Session, gift_id: uuid.UUID) -> list[GiftItem]:
    """The live items of a gift, in the order typed."""
    return list(
        session.scalars(
            select(GiftItem)
            .where(GiftItem.gift_id == gift_id, live(GiftItem))
            .order_by(GiftItem.position)
        )
    )


def to_data(gift: Gift, items: list[GiftItem] | None = None) -> GiftData:
    return GiftData(
        id=gift.id, benefactor_id=gift.benefactor_id, kind=gift.kind,
        received_on=gift.received_on, amount=gift.amount, channel=gift.channel,
        bank_ref=gift.bank_ref, intention=gift.intention, intention_area=gift.intention_area,
        client_name=gift.client_name, client_national_code=gift.client_national_code,
        center=gift.center, item_description=gift.item_description,
        items=[GiftItemData(i.id, i.description, i.quantity, i.unit, i.value)
               for i in items or ()],
        condition=gift.condition, storage=gift.storage,
        received_by=gift.received_by, service_what=gift.service_what,
        service_by=gift.service_by, hours=gift.hours, sessions=gift.sessions, note=gift.note,
        receipt_no=gift.receipt_no, check_code=gift.check_code,
        benefactor_name=gift.benefactor_name, clerk_name=gift.clerk_name,
        print_count=gift.print_count, cancelled_on=gift.cancelled_on,
        cancel_reason=gift.cancel_reason, cancelled_by=gift.cancelled_by,
    )  # fmt: skip


@access.operation(access.SIGNED_IN)
def hide_client(ctx: AppContext, data: GiftData) -> GiftData:
    """The gift as the actor may see it: a client's identity only for supervisors."""
    if data.intention != "client" or can_see_personal(ctx):
        return data
    return replace(data, client_name=HIDDEN_CLIENT, client_national_code="")


@access.operation(access.SIGNED_IN)
def get_gift(ctx: AppContext, gift_id: uuid.UUID) -> GiftData:
    with ctx.session() as session:
        gift = live_record(session, Gift, gift_id, NOT_FOUND)
        return hide_client(ctx, to_data(gift, gift_items(session, gift.id)))


def gift_by_receipt(session: Session, receipt_no: str) -> Gift:
    key = receipt_key(receipt_no)
    row = find_receipt(session, receipt_no)
    if row is None:
        raise NotFoundError(f"رسیدی با شمارهٔ {key or 'خالی'} پیدا نشد.")
    return row


@access.operation(access.DELETE)
def cancel_gift(ctx: AppContext, gift_id: uuid.UUID, reason: str) -> GiftData:
    """Cancel a receipt with a reason (``DELETE``: supervisors); it stays on record.

    Refused when the gift was already cancelled, an in-kind gift was handed out, or its
    money is already allocated (the intention's balance would become negative)."""
    from .allocations import intention_balance

    actor = current_actor(ctx)
    reason = normalize(reason).strip()
    if not reason:
        raise ServiceError("دلیل ابطال رسید را بنویسید.", "reason")
    with ctx.session() as session:
        gift = live_record(session, Gift, gift_id, NOT_FOUND)
        if gift.cancelled_on is not None:
            raise ServiceError(f"رسید {shown_code(gift.receipt_no)} پیش‌تر ابطال شده است.")
        handed = session.scalars(
            select(Allocation).where(
                Allocation.gift_id == gift.id,
                live(Allocation),
                Allocation.state != "rejected",
            )
        ).first()
        if handed is not None:
            raise ServiceError("این کالا تحویل شده یا در دست تحویل است؛ رسید آن ابطال نمی‌شود.")
        if gift.kind == "cash":
            key = intention_key(gift.intention, gift.intention_area, gift.client_national_code)
            balance = intention_balance(session, key)
            if balance.available < gift.amount:
                raise ServiceError(
                    "پول این رسید هزینه‌کرد شده است؛ ابطال آن ماندهٔ نیت را منفی می‌کند. "
                    "ابتدا هزینه‌کردهای آن نیت را بررسی کنید."
                )
        gift.cancelled_on = today()
        gift.cancel_reason = reason
        gift.cancelled_by = actor.display_name
        record_event(
            session, ctx, "cancel", "gifts", gift.id, f"ابطال رسید {gift.receipt_no}: {reason}"
        )
        session.flush()
        return to_data(gift, gift_items(session, gift.id))


# -- the list -------------------------------------------------------------------------------


@dataclass(frozen=True)
class GiftRow:
    id: uuid.UUID
    receipt_no: str
    received_on: date
    benefactor_name: str
    kind: str
    amount: int
    channel: str
    bank_ref: str
    intention: str
    intention_area: str
    client_national_code: str
    center: str
    cancelled_on: date | None
    #: The intention as the actor may read it (filled by ``gift_page``).
    intention_text: str = ""

    @property
    def name(self) -> str:
        return self.receipt_no


def _period(start: bool) -> Callable[[date], ColumnElement[bool]]:
    if start:
        return lambda value: Gift.received_on >= value
    return lambda value: Gift.received_on <= value


GIFTS: Listing[GiftRow] = Listing(
    model=Gift,
    row=GiftRow,
    columns={
        "id": Gift.id,
        "receipt_no": Gift.receipt_no,
        "received_on": Gift.received_on,
        "benefactor_name": Gift.benefactor_name,
        "kind": Gift.kind,
        "amount": Gift.amount,
        "channel": Gift.channel,
        "bank_ref": Gift.bank_ref,
        "intention": Gift.intention,
        "intention_area": Gift.intention_area,
        "client_national_code": Gift.client_national_code,
        "center": Gift.center,
        "cancelled_on": Gift.cancelled_on,
    },
    search_column=Gift.search_text,
    filters={
        "kind": Gift.kind,
        "channel": Gift.channel,
        "intention": Gift.intention,
        "benefactor_id": Gift.benefactor_id,
        "since": _period(True),
        "until": _period(False),
        "cancelled": lambda value: (
            Gift.cancelled_on.is_not(None) if value else Gift.cancelled_on.is_(None)
        ),
    },
    default_sort="receipt_no",
)


def gift_row_intention(row: GiftRow, areas: dict[str, str], show_client: bool) -> str:
    key = intention_key(row.intention, row.intention_area, row.client_national_code)
    return intention_label(key, areas, show_client)


@access.operation(access.SIGNED_IN)
def count_gifts(ctx: AppContext, query: ListQuery) -> int:
    return GIFTS.count(ctx, query)


@access.operation(access.SIGNED_IN)
def gift_page(ctx: AppContext, query: ListQuery, offset: int, limit: int) -> list[GiftRow]:
    """A page of gifts; the client's code is blanked for whoever may not see it."""
    rows = GIFTS.page(ctx, query, offset, limit)
    show = can_see_personal(ctx)
    with ctx.session() as session:
        areas = area_titles(session)
    return [
        replace(
            r,
            client_national_code=r.client_national_code if show else "",
            intention_text=gift_row_intention(r, areas, show),
        )
        for r in rows
    ]


def describe_gift(row: GiftRow) -> str:
    return f"رسید {to_persian_digits(row.receipt_no)} — {format_jalali(row.received_on)}"
