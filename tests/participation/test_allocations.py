"""The participation account: received − allocated = balance per intention and at any
date; proposals by clerks, decisions by supervisors; never more than the balance and
never the same money or the same in-kind gift twice."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop_app.persian import today
from desktop_app.services.core.errors import ServiceError
from desktop_app.services.participation.allocations import (
    AllocationData,
    approve_allocation,
    balance_choices,
    balances,
    handout_choices,
    intention_balance,
    propose_allocation,
    reject_allocation,
)
from desktop_app.services.participation.gifts import cancel_gift
from tests.accounts.helpers import sign_in_as
from tests.participation.conftest import CLIENT, cash, in_kind


def _propose(ctx, amount, key="general", purpose="سبد غذایی"):
    return propose_allocation(
        ctx, AllocationData(intention_key=key, amount=amount, purpose=purpose)
    )


def _balance(ctx, key="general", on=None):
    with ctx.session() as s:
        return intention_balance(s, key, on)


def test_balance_is_received_minus_approved(office):
    cash(office, amount=3_000_000)
    cash(office, amount=1_000_000, intention="area", intention_area="children")
    approve_allocation(office, _propose(office, 1_200_000).id)
    general = _balance(office)
    assert (general.received, general.allocated, general.balance) == (
        3_000_000,
        1_200_000,
        1_800_000,
    )
    assert _balance(office, "area:children").balance == 1_000_000
    assert {b.key: b.balance for b in balances(office)} == {
        "general": 1_800_000,
        "area:children": 1_000_000,
    }


def test_balance_at_any_date(office):
    cash(office, amount=1_000_000, received_on=today() - timedelta(days=10))
    cash(office, amount=500_000, received_on=today() - timedelta(days=2))
    approve_allocation(office, _propose(office, 700_000).id, on=today() - timedelta(days=5))
    assert _balance(office, on=today() - timedelta(days=11)).balance == 0
    assert _balance(office, on=today() - timedelta(days=6)).balance == 1_000_000
    assert _balance(office, on=today() - timedelta(days=5)).balance == 300_000
    assert _balance(office, on=today()).balance == 800_000
    assert {b.key: b.received for b in balances(office, today() - timedelta(days=3))} == {
        "general": 1_000_000
    }


def test_balances_over_a_period(office):
    """Opening balance + received − allocated within the period = the balance at its end."""
    day = lambda n: today() - timedelta(days=n)  # noqa: E731
    cash(office, amount=1_000_000, received_on=day(20))
    cash(office, amount=400_000, received_on=day(8))
    cash(office, amount=50_000, received_on=day(1))  # after the period
    cash(office, amount=90_000, intention="area", intention_area="children", received_on=day(30))
    approve_allocation(office, _propose(office, 300_000).id, on=day(15))  # before
    approve_allocation(office, _propose(office, 200_000).id, on=day(7))  # inside
    (children, general) = sorted(balances(office, on=day(5), since=day(10)), key=lambda b: b.key)
    assert general.key == "general" and (
        general.opening,
        general.received,
        general.allocated,
        general.balance,
    ) == (700_000, 400_000, 200_000, 900_000)
    assert general.balance == _balance(office, on=day(5)).balance
    assert (children.opening, children.received, children.balance) == (90_000, 0, 90_000)
    with pytest.raises(ServiceError) as caught:
        balances(office, on=day(10), since=day(5))
    assert caught.value.field == "since"


def test_cancelled_gifts_are_not_received(office):
    gift = cash(office, amount=900_000)
    cash(office, amount=100_000)
    cancel_gift(office, gift.id, "اشتباه")
    assert _balance(office).received == 100_000


@pytest.mark.parametrize("amount", [0, -1, None])
def test_amount_must_be_positive(office, amount):
    cash(office)
    with pytest.raises(ServiceError) as caught:
        _propose(office, amount)
    assert caught.value.field == "amount"


def test_never_more_than_the_balance(office):
    cash(office, amount=1_000_000)
    with pytest.raises(ServiceError) as caught:
        _propose(office, 1_000_001)
    assert caught.value.field == "amount" and "مانده" in caught.value.message
    _propose(office, 600_000)
    with pytest.raises(ServiceError):  # the pending proposal holds its money
        _propose(office, 500_000)
    _propose(office, 400_000)
    assert _balance(office).available == 0


def test_the_same_money_is_not_approved_twice(office):
    cash(office, amount=1_000_000)
    first = _propose(office, 800_000)
    approve_allocation(office, first.id)
    with pytest.raises(ServiceError):
        approve_allocation(office, first.id)
    assert _balance(office).allocated == 800_000


def test_approval_checks_the_balance_of_that_moment(office):
    from desktop_app.models import Allocation

    cash(office, amount=1_000_000)
    first = _propose(office, 800_000)
    # Another counter's approved allocation of the same intention arrives by sync.
    with office.session() as s:
        s.add(Allocation(intention_key="general", amount=500_000, purpose="از باجهٔ دیگر",
                         state="approved", decided_on=today()))  # fmt: skip
    with pytest.raises(ServiceError) as caught:
        approve_allocation(office, first.id)
    assert "مانده" in caught.value.message
    assert _balance(office).allocated == 500_000


def test_cancel_refused_while_a_proposal_holds_the_money(office):
    gift = cash(office, amount=1_000_000)
    _propose(office, 600_000)
    with pytest.raises(ServiceError):
        cancel_gift(office, gift.id, "اشتباه")


def test_reject_needs_a_reason(office):
    cash(office)
    row = _propose(office, 100)
    with pytest.raises(ServiceError) as caught:
        reject_allocation(office, row.id, " ")
    assert caught.value.field == "note"
    assert reject_allocation(office, row.id, "بودجه دیگری دارد").state == "rejected"
    assert _balance(office).pending == 0


def test_purpose_and_intention_required(office):
    cash(office)
    with pytest.raises(ServiceError) as caught:
        _propose(office, 100, purpose=" ")
    assert caught.value.field == "purpose"
    with pytest.raises(ServiceError) as caught:
        _propose(office, 100, key="")
    assert caught.value.field == "intention_key"


def test_in_kind_gift_handed_out_once(office):
    gift = in_kind(office)
    assert [g for g, _ in handout_choices(office)] == [gift.id]
    with pytest.raises(ServiceError) as caught:
        propose_allocation(office, AllocationData(gift_id=gift.id, purpose="تحویل"))
    assert caught.value.field == "recipient"
    first = propose_allocation(
        office, AllocationData(gift_id=gift.id, purpose="تحویل", recipient="مرکز")
    )
    assert handout_choices(office) == []
    with pytest.raises(ServiceError) as caught:
        propose_allocation(
            office, AllocationData(gift_id=gift.id, purpose="دوباره", recipient="مرکز")
        )
    assert "پیش‌تر تحویل" in caught.value.message
    reject_allocation(office, first.id, "گیرنده عوض شد")
    second = propose_allocation(
        office, AllocationData(gift_id=gift.id, purpose="تحویل", recipient="خانه")
    )
    approve_allocation(office, second.id)
    with pytest.raises(ServiceError):  # handed out: its receipt is not cancelled
        cancel_gift(office, gift.id, "اشتباه")
    assert _balance(office).received == 0  # an in-kind gift is handed out, not spent


def test_cash_gift_is_not_handed_out(office):
    gift = cash(office)
    with pytest.raises(ServiceError):
        propose_allocation(office, AllocationData(gift_id=gift.id, purpose="x", recipient="y"))


def test_clerk_proposes_supervisor_decides(office):
    cash(office, amount=1_000_000, intention="client", client_name="م", client_national_code=CLIENT)
    sign_in_as(office, "clerk1", "clerk")
    assert balance_choices(office) == []  # a clerk does not see client intentions
    row = _propose(office, 500_000, key=f"client:{CLIENT}")
    with pytest.raises(ServiceError):
        approve_allocation(office, row.id)
    sign_in_as(office, "super1", "supervisor")
    assert [k for k, _ in balance_choices(office)] == [f"client:{CLIENT}"]
    decided = approve_allocation(office, row.id)
    assert decided.decided_by == "کاربر super1" and decided.proposed_by == "کاربر clerk1"
