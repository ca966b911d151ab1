"""Gifts and receipts: every rule and bad input of issue 18 (amount, reference, kinds,
intentions), receipt numbers, the client's identity hidden from clerks, cancellation
instead of deletion (reason, audit, freed reference), permissions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from desktop_app.documents.office import OfficeSettings
from desktop_app.models import AuditEntry, Gift
from desktop_app.persian import today
from desktop_app.services.core.errors import ServiceError
from desktop_app.services.core.listing import ListQuery
from desktop_app.services.office.settings import save_office_settings
from desktop_app.services.participation.gifts import (
    GiftData,
    GiftItemData,
    add_area,
    cancel_gift,
    get_gift,
    gift_page,
    list_areas,
    register_gift,
)
from tests.accounts.helpers import sign_in_as
from tests.participation.conftest import CLIENT, cash, in_kind


def _error(ctx, **kw) -> ServiceError:
    data = {"kind": "cash", "amount": 1000, "channel": "counter", **kw}
    with pytest.raises(ServiceError) as caught:
        register_gift(ctx, GiftData(**data))
    return caught.value


@pytest.mark.parametrize("amount", [0, -5, None])
def test_cash_amount_must_be_positive(office, amount):
    err = _error(office, amount=amount)
    assert err.field == "amount" and "بیشتر از صفر" in err.message


@pytest.mark.parametrize(
    "channel", ["card_reader", "atm", "gateway", "mobile", "transfer", "system"]
)
def test_electronic_channel_requires_reference(office, channel):
    err = _error(office, channel=channel, bank_ref=" ")
    assert err.field == "bank_ref" and "کد مرجع" in err.message


def test_counter_cash_needs_no_reference(office):
    assert cash(office).bank_ref == ""


def test_reference_unique_per_channel(office):
    first = cash(office, channel="atm", ref="۷۴۰۱۳۱")  # Persian digits are stored as ASCII
    assert first.bank_ref == "740131"
    err = _error(office, channel="atm", bank_ref="740131")
    assert err.field == "bank_ref" and "۲۷۵۱-۰۰۰۰۰۱" in err.message
    other = cash(office, channel="gateway", ref="740131")  # another channel: allowed
    assert other.bank_ref == "740131"


def test_cancelling_frees_the_reference(office):
    first = cash(office, channel="atm", ref="55501")
    cancel_gift(office, first.id, "مبلغ اشتباه وارد شد")
    again = cash(office, channel="atm", ref="55501", amount=2_000_000)
    assert again.receipt_no != first.receipt_no


def test_reference_with_letters_or_symbols_refused(office):
    assert _error(office, channel="atm", bank_ref="12;DROP").field == "bank_ref"


def _item(description="پتو", quantity=3, unit="عدد", value=1000):
    return GiftItemData(None, description, quantity, unit, value)


def test_in_kind_rules(office):
    def bad(**kw):
        base = dict(kind="in_kind", items=[_item()], condition="new", received_by="حمید")
        base.update(kw)
        with pytest.raises(ServiceError) as caught:
            register_gift(office, GiftData(**base))
        return caught.value.field

    assert bad(items=[]) == "items"
    assert bad(items=[GiftItemData(), GiftItemData(unit="عدد")]) == "items"  # blank rows only
    assert bad(items=[_item(), _item(description=" ")]) == "items[1].description"
    assert bad(items=[_item(quantity=0)]) == "items[0].quantity"
    assert bad(items=[_item(quantity=None)]) == "items[0].quantity"
    assert bad(items=[_item(unit="")]) == "items[0].unit"
    assert bad(items=[_item(), _item(), _item(value=-5)]) == "items[2].value"
    assert bad(items=[_item(value=2_000_000_000), _item(value=200_000_000)]) == "items"
    assert bad(condition="broken") == "condition"
    assert bad(received_by="") == "received_by"
    gift = in_kind(office)
    assert gift.channel == "" and [i.quantity for i in gift.items] == [2]


def test_in_kind_gift_holds_a_list_of_items_and_its_amount_is_their_total(office):
    items = [
        GiftItemData(None, "ويلچر تاشو", 2, "دستگاه", 30_000_000),  # Arabic ي normalized
        GiftItemData(),  # a blank row the clerk added and left: dropped
        GiftItemData(None, "پتو", 10, "عدد", 5_000_000),
        GiftItemData(None, "کیف مدرسه", 4, "عدد", 6_000_000),
    ]
    saved = in_kind(office, items=items, amount=1)  # a typed amount is not the total
    assert saved.amount == 41_000_000
    assert [(i.description, i.quantity, i.value) for i in saved.items] == [
        ("ویلچر تاشو", 2, 30_000_000),
        ("پتو", 10, 5_000_000),
        ("کیف مدرسه", 4, 6_000_000),
    ]
    again = get_gift(office, saved.id)
    assert [i.description for i in again.items] == ["ویلچر تاشو", "پتو", "کیف مدرسه"]
    assert again.item_description == "ویلچر تاشو، پتو، کیف مدرسه"
    rows = gift_page(office, ListQuery(search="کیف مدرسه"), 0, 10)
    assert [r.id for r in rows] == [saved.id] and rows[0].amount == 41_000_000


def test_service_rules(office):
    def bad(**kw):
        base = dict(kind="service", service_what="ویزیت", service_by="دکتر", hours=4,
                    center="مرکز توان‌بخشی")  # fmt: skip
        base.update(kw)
        with pytest.raises(ServiceError) as caught:
            register_gift(office, GiftData(**base))
        return caught.value.field

    assert bad(service_what="") == "service_what"
    assert bad(service_by="") == "service_by"
    assert bad(hours=0, sessions=0) == "hours"
    assert bad(hours=-2) == "hours"
    assert bad(center="") == "center"
    assert bad(amount=-1) == "amount"
    ok = register_gift(office, GiftData(kind="service", service_what="ویزیت", service_by="دکتر",
                                        sessions=8, center="مرکز"))  # fmt: skip
    assert ok.sessions == 8 and ok.amount == 0


def test_intentions(office):
    assert _error(office, intention="area", intention_area="nope").field == "intention_area"
    assert (
        _error(office, intention="client", client_name="", client_national_code=CLIENT).field
        == "client_name"
    )
    assert (
        _error(office, intention="client", client_name="م", client_national_code="1111111111").field
        == "client_national_code"
    )
    assert _error(office, intention="whatever").field == "intention"
    key = add_area(office, "بازسازی مناطق سیل‌زده")
    assert (key, "بازسازی مناطق سیل‌زده") in list_areas(office)
    gift = cash(office, intention="area", intention_area=key)
    assert gift.intention_key == f"area:{key}"
    with pytest.raises(ServiceError):
        add_area(office, "بازسازی مناطق سیل‌زده")


def test_future_date_refused(office):
    assert _error(office, received_on=today() + timedelta(days=1)).field == "received_on"


def test_receipt_numbers_follow_the_office_and_never_repeat(office):
    numbers = [cash(office).receipt_no for _ in range(5)]
    assert numbers == [f"2751-{n:06d}" for n in range(1, 6)]
    cancel_gift(office, get_gift(office, cash(office).id).id, "آزمایش")
    assert cash(office).receipt_no == "2751-000007"  # a cancelled number is never reused


def test_no_office_code_no_receipt(ctx):
    with pytest.raises(ServiceError) as caught:
        register_gift(ctx, GiftData(kind="cash", amount=10, channel="counter"))
    assert "کد اداره" in caught.value.message


def test_a_receipt_is_never_edited(office):
    gift = cash(office)
    with pytest.raises(ServiceError):
        register_gift(office, GiftData(**{**gift.__dict__, "amount": 5}))


def test_client_identity_hidden_from_clerks(office):
    gift = cash(office, intention="client", client_name="رضا مددجو", client_national_code=CLIENT)
    sign_in_as(office, "clerk1", "clerk")
    row = gift_page(office, ListQuery(), 0, 10)[0]
    assert row.client_national_code == "" and row.intention_text == "مددجوی معین (محرمانه)"
    seen = get_gift(office, gift.id)
    assert seen.client_name == "مددجوی معین (محرمانه)" and seen.client_national_code == ""
    assert gift_page(office, ListQuery(search="مددجو رضا"), 0, 10) == []
    assert gift_page(office, ListQuery(search=CLIENT), 0, 10) == []
    sign_in_as(office, "super1", "supervisor")
    row = gift_page(office, ListQuery(), 0, 10)[0]
    assert row.client_national_code == CLIENT and CLIENT in row.intention_text
    assert get_gift(office, gift.id).client_name == "رضا مددجو"


def test_cancel_needs_reason_is_audited_and_kept(office):
    gift = cash(office)
    with pytest.raises(ServiceError) as caught:
        cancel_gift(office, gift.id, "  ")
    assert caught.value.field == "reason"
    cancelled = cancel_gift(office, gift.id, "ثبت تکراری")
    assert cancelled.cancelled_on == today() and cancelled.cancel_reason == "ثبت تکراری"
    with pytest.raises(ServiceError):
        cancel_gift(office, gift.id, "دوباره")
    with office.session() as s:
        row = s.get(Gift, gift.id)
        assert row is not None and row.deleted_at is None
        events = s.scalars(select(AuditEntry).where(AuditEntry.action == "cancel")).all()
        assert len(events) == 1 and "ثبت تکراری" in events[0].detail
    assert [
        r.cancelled_on for r in gift_page(office, ListQuery(filters=(("cancelled", True),)), 0, 5)
    ] == [today()]


def test_cancel_refused_when_money_is_allocated(office):
    from desktop_app.services.participation.allocations import (
        AllocationData,
        approve_allocation,
        propose_allocation,
    )

    gift = cash(office, amount=1_000_000)
    alloc = propose_allocation(
        office, AllocationData(intention_key="general", amount=600_000, purpose="سبد غذا")
    )
    approve_allocation(office, alloc.id)
    with pytest.raises(ServiceError) as caught:
        cancel_gift(office, gift.id, "اشتباه")
    assert "هزینه‌کرد" in caught.value.message


def test_clerk_registers_but_may_not_cancel(office):
    sign_in_as(office, "clerk1", "clerk")
    gift = cash(office)
    assert gift.clerk_name == "کاربر clerk1"
    with pytest.raises(ServiceError) as caught:
        cancel_gift(office, gift.id, "اشتباه")
    assert "اجازه" in caught.value.message


def test_nobody_signed_in_nothing_registered(office):
    office.user = None
    with pytest.raises(ServiceError):
        cash(office)


def test_tvto_office_code_change_keeps_numbers_unique(office):
    cash(office)
    save_office_settings(office, OfficeSettings(office_code="2752", agency_kind="welfare"))
    assert cash(office).receipt_no == "2752-000001"
