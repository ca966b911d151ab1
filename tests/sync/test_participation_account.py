"""The server keeps the participation account whole (issue 18): a hostile device that
skips the window's checks cannot allocate more than an intention received, hand out
more than a gift is worth, or cancel a receipt whose money is allocated; each refusal
is a Persian sentence, and two counters of one office allocating the same money offline
see the second refused among their sync problems. On SQLite and on the real PostgreSQL
(``server`` fixture)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from desktop_app.models.sync_local import SyncConflict
from desktop_app.services.accounts.access import system_actor
from desktop_app.services.participation.allocations import AllocationData, propose_allocation
from desktop_app.services.participation.gifts import GiftData, register_gift
from tests.sync.test_authority import Device, _persian

DAY = str(date(2026, 3, 1))


def _gift(device: Device, amount: int, kind: str = "cash", **fields) -> object:
    number = device.seq + 1
    return device.new(
        "gifts", receipt_no=f"{device.office}-9-{number:06d}", kind=kind, amount=amount,
        channel="counter" if kind == "cash" else "", received_on=DAY, check_code="123456",
        intention=fields.pop("intention", "general"), **fields,
    )  # fmt: skip


def _allocation(device: Device, amount: int, key: str = "general", **fields) -> dict:
    import uuid

    return device.push(
        "allocations", uuid.uuid4(), intention_key=key, amount=amount, purpose="سبد غذایی",
        state=fields.pop("state", "proposed"), proposed_on=DAY, **fields,
    )  # fmt: skip


def _refused(result: dict, *words: str) -> bool:
    return (
        result["status"] == "rejected"
        and result["problem"] == "forbidden"
        and _persian(result["reason"])
        and all(w in result["reason"] for w in words)
    )


def test_cash_allocations_never_exceed_what_the_intention_received(server):
    c11, c12 = Device(server, "C11"), Device(server, "C12")
    _gift(c11, 1_000_000)
    _gift(c11, 5_000_000, intention="area", intention_area="children")
    _gift(c12, 9_000_000)  # another office's money funds nothing of C11
    first = _allocation(c11, 700_000)
    assert first["status"] == "applied", first
    assert _refused(_allocation(c11, 400_000), "بیش از ماندهٔ", "۳۰۰٬۰۰۰")
    assert _refused(_allocation(c11, 1, "area:elderly"))  # nothing received there
    assert _allocation(c11, 300_000)["status"] == "applied"  # exactly what is left
    assert _refused(_allocation(c11, -5_000_000, "area:children"), "منفی")
    assert _allocation(c11, 5_000_000, "area:children", state="approved")["status"] == "applied"


def test_an_edit_that_raises_an_allocation_is_judged_again(server):
    import uuid

    c11 = Device(server, "C11")
    _gift(c11, 1_000_000)
    rid = uuid.uuid4()
    assert c11.push("allocations", rid, intention_key="general", amount=600_000,
                    purpose="x", state="proposed", proposed_on=DAY)["status"] == "applied"  # fmt: skip
    other = _allocation(c11, 400_000)
    assert other["status"] == "applied"
    assert _refused(c11.push("allocations", rid, "update", amount=700_000))
    assert c11.push("allocations", rid, "update", state="approved")["status"] == "applied"
    assert c11.push("allocations", rid, "update", state="rejected")["status"] == "applied"
    assert _allocation(c11, 600_000)["status"] == "applied"  # the rejected one freed it
    # bringing the rejected one back would overdraw the intention
    assert _refused(c11.push("allocations", rid, "update", state="proposed"))


def test_a_receipt_whose_money_is_allocated_is_not_cancelled(server):
    c11 = Device(server, "C11")
    gift = _gift(c11, 1_000_000)
    spare = _gift(c11, 200_000)
    assert _allocation(c11, 900_000)["status"] == "applied"
    assert _refused(c11.push("gifts", gift, "update", cancelled_on=DAY), "ابطال")
    assert _refused(c11.push("gifts", gift, "update", amount=500_000))
    assert _refused(c11.push("gifts", gift, "update", intention="area", intention_area="x"))
    # the smaller one may go: 1,000,000 still covers 900,000
    assert c11.push("gifts", spare, "update", cancelled_on=DAY)["status"] == "applied"


def test_hand_outs_never_exceed_the_gift(server):
    c11 = Device(server, "C11")
    goods = _gift(c11, 5_000_000, kind="in_kind", item_description="ویلچر", condition="new",
                  received_by="حمید")  # fmt: skip
    cash = _gift(c11, 5_000_000)
    key = "gift:C11-9-000001"
    assert _refused(_allocation(c11, 6_000_000, key, gift_id=goods), "ارزش کالا")
    assert _refused(_allocation(c11, 1_000, key, gift_id=cash), "کالای ابطال‌نشده")
    assert (
        _allocation(c11, 5_000_000, key, gift_id=goods, recipient="خانوادهٔ الف")["status"]
        == "applied"
    )
    assert _refused(c11.push("gifts", goods, "update", cancelled_on=DAY), "تحویل")


def test_two_counters_allocating_the_same_money_offline(server):
    one, sync_one, _ = server.workstation("counter1", "C11")
    two, sync_two, _ = server.workstation("counter2", "C11")
    for ctx in (one, two):
        ctx.user = system_actor()
    register_gift(one, GiftData(kind="cash", amount=1_000_000, channel="counter"))
    sync_one.run()
    sync_two.run()  # both see the million
    proposal = AllocationData(intention_key="general", amount=700_000, purpose="سبد غذایی")
    propose_allocation(one, proposal)
    propose_allocation(two, proposal)  # each counter's own balance allows it
    assert sync_one.run().conflicts == 0
    assert sync_two.run().conflicts == 1
    with two.session() as s:
        problem = s.scalars(select(SyncConflict)).one()
    assert problem.kind == "rejected" and problem.table_name == "allocations"
    assert "بیش از ماندهٔ" in problem.reason and "۳۰۰٬۰۰۰" in problem.reason
