"""Fixtures of the equipment tests: two places (two provinces) with workshops."""

from __future__ import annotations

import pytest

from desktop_app.services.places.places import PlaceData, WorkshopData, save_place, save_workshop


@pytest.fixture
def workshops(ctx):
    """{"gorgan": (place, [workshop A, workshop B]), "sari": (place, [workshop C])}."""
    gorgan = save_place(
        ctx, PlaceData(name="مرکز گرگان", code="270101", province="گلستان", city="گرگان")
    )
    sari = save_place(
        ctx, PlaceData(name="مرکز ساری", code="110101", province="مازندران", city="ساری")
    )
    a = save_workshop(
        ctx, WorkshopData(place_id=gorgan.id, name="کارگاه برق", occupation_group="برق")
    )
    b = save_workshop(
        ctx, WorkshopData(place_id=gorgan.id, name="کارگاه رایانه", occupation_group="رایانه")
    )
    c = save_workshop(
        ctx, WorkshopData(place_id=sari.id, name="کارگاه برق", occupation_group="برق")
    )
    return {"gorgan": (gorgan, [a, b]), "sari": (sari, [c])}
