"""A running 12-day workshop with 30 invited participants who answered yes."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop_app.documents.office import OfficeSettings
from desktop_app.persian import today
from desktop_app.services.demo.demo_registration import national_code
from desktop_app.services.office.settings import save_office_settings
from desktop_app.services.workshops.invitations import invitations, invite, record_answer
from desktop_app.services.workshops.participants import ParticipantData, save_participant
from desktop_app.services.workshops.programme import WorkshopData, change_state, save_workshop
from desktop_app.services.workshops.templates import ensure_cbr_template


def person(n: int, **changes) -> ParticipantData:
    data = ParticipantData(national_code=national_code(500 + n * 7), first_name=f"نام{n}",
                           last_name=f"خانواده{n:02d}", kind="facilitator")  # fmt: skip
    for key, value in changes.items():
        setattr(data, key, value)
    return data


@pytest.fixture
def office(ctx):
    save_office_settings(ctx, OfficeSettings(office_name="اداره بهزیستی گرگان", office_code="2701",
                                             province="گلستان"))  # fmt: skip
    return ctx


@pytest.fixture
def workshop(office):
    ctx = office
    template = ensure_cbr_template(ctx, "گلستان")
    data = save_workshop(ctx, WorkshopData(title="کارگاه آزمایشی", province="گلستان",
                                           template_id=template, start_date=today() - timedelta(days=20),
                                           per_head_cost=6_000_000))  # fmt: skip
    ids = [save_participant(ctx, person(n)).id for n in range(30)]
    invite(ctx, data.id, ids)
    for line in invitations(ctx, data.id):
        record_answer(ctx, line.id, "yes")
    change_state(ctx, data.id, "start")
    return data
