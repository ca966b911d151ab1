"""Fixtures of the participation tests: a Welfare office, benefactors by natural key,
and gift shortcuts. Codes are valid (check digits computed)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop_app.documents.office import OfficeSettings
from desktop_app.persian import today
from desktop_app.services.demo.demo_participation import _legal_id
from desktop_app.services.demo.demo_trainers import national_code
from desktop_app.services.office.settings import save_office_settings
from desktop_app.services.participation.benefactors import BenefactorData, save_benefactor
from desktop_app.services.participation.gifts import GiftData, GiftItemData, register_gift

CODE_A = national_code("212031457")
CODE_B = national_code("212131554")
CLIENT = national_code("212199001")
LEGAL = _legal_id(4821)


@pytest.fixture
def office(ctx):
    save_office_settings(
        ctx,
        OfficeSettings(
            office_name="ادارهٔ بهزیستی شهرستان گرگان",
            office_code="2751",
            province="گلستان",
            agency="ادارهٔ کل بهزیستی استان گلستان",
            parent_agency="سازمان بهزیستی کشور",
            agency_kind="welfare",
        ),
    )
    return ctx


@pytest.fixture
def person(office):
    return save_benefactor(
        office,
        BenefactorData(
            kind="person", national_code=CODE_A, first_name="زهرا", last_name="حسینی",
            mobile="09113207919", contact_by="sms",
        ),
    )  # fmt: skip


def cash(ctx, amount=1_000_000, channel="counter", ref="", benefactor=None, **kw):
    return register_gift(
        ctx,
        GiftData(
            benefactor_id=benefactor, kind="cash", amount=amount, channel=channel, bank_ref=ref,
            received_on=kw.pop("received_on", today() - timedelta(days=1)), **kw,
        ),
    )  # fmt: skip


def in_kind(ctx, **kw):
    data = dict(
        kind="in_kind", items=[GiftItemData(None, "ویلچر تاشو", 2, "دستگاه", 30_000_000)],
        condition="new", received_by="حمید صالحی", received_on=today(),
    )  # fmt: skip
    data.update(kw)
    return register_gift(ctx, GiftData(**data))
