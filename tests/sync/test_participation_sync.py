"""People's participation over sync (issue 18, item 9): a Welfare center's benefactor,
gifts (receipts), cancellation and allocation travel to its province, which sees its
offices' totals; another province sees nothing of them. Runs on SQLite and on the
real PostgreSQL (``server`` fixture)."""

from __future__ import annotations

from sqlalchemy import func, select

from desktop_app.models import Allocation, Benefactor, Gift, GiftItem
from desktop_app.services.accounts.access import system_actor
from desktop_app.services.demo.demo_trainers import national_code
from desktop_app.services.participation.allocations import (
    AllocationData,
    approve_allocation,
    propose_allocation,
)
from desktop_app.services.participation.benefactors import BenefactorData, save_benefactor
from desktop_app.services.participation.gifts import (
    GiftData,
    GiftItemData,
    cancel_gift,
    register_gift,
)
from desktop_app.services.participation.summary import participation_summary


def _count(ctx, model):
    with ctx.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_receipts_and_benefactors_reach_the_province(server):
    center, sync_center, _ = server.workstation("center", "C11")
    other_center, sync_other_center, _ = server.workstation("center2", "C12")
    province, sync_province, _ = server.workstation("province", "P1")
    elsewhere, sync_elsewhere, _ = server.workstation("elsewhere", "P2")
    for ctx in (center, other_center, province, elsewhere):
        ctx.user = system_actor()
    person = save_benefactor(
        center,
        BenefactorData(kind="person", national_code=national_code("212031457"),
                       first_name="زهرا", last_name="حسینی"),
    )  # fmt: skip
    kept = register_gift(center, GiftData(benefactor_id=person.id, kind="cash", amount=3_000_000,
                                          channel="atm", bank_ref="740001"))  # fmt: skip
    wrong = register_gift(center, GiftData(kind="cash", amount=9_000_000, channel="counter"))
    cancel_gift(center, wrong.id, "ثبت تکراری")
    proposal = propose_allocation(center, AllocationData(intention_key="general", amount=1_000_000,
                                                         purpose="سبد غذایی"))  # fmt: skip
    approve_allocation(center, proposal.id)
    register_gift(other_center, GiftData(kind="cash", amount=500_000, channel="counter"))
    goods = register_gift(center, GiftData(
        kind="in_kind", condition="new", received_by="حمید صالحی",
        items=[GiftItemData(None, "ویلچر تاشو", 2, "دستگاه", 30_000_000),
               GiftItemData(None, "پتو", 10, "عدد", 5_000_000)],
    ))  # fmt: skip
    assert sync_center.run().pushed >= 6
    sync_other_center.run()
    sync_province.run()
    sync_elsewhere.run()

    with province.session() as s:
        gifts = {g.receipt_no: g for g in s.scalars(select(Gift))}
        assert gifts[kept.receipt_no].bank_ref == "740001"
        assert gifts[wrong.receipt_no].cancel_reason == "ثبت تکراری"
        assert s.scalars(select(Benefactor.national_code)).one() == national_code("212031457")
        assert s.scalars(select(Allocation.state)).one() == "approved"
        items = s.scalars(select(GiftItem).order_by(GiftItem.position)).all()
        assert [(i.gift_id, i.description, i.value) for i in items] == [
            (goods.id, "ویلچر تاشو", 30_000_000),
            (goods.id, "پتو", 5_000_000),
        ]
        assert gifts[goods.receipt_no].amount == 35_000_000
    summary = participation_summary(province)
    # its two offices, not cancelled
    assert (summary.count, summary.amount) == (3, 38_500_000)
    assert {b.label: b.amount for b in summary.by_office} == {"C11": 38_000_000, "C12": 500_000}
    for model in (Gift, GiftItem, Benefactor, Allocation):
        assert _count(elsewhere, model) == 0
