"""Office settings: stored in the database, validated as a whole."""

from __future__ import annotations

import pytest

from desktop_app.documents.office import OfficeSettings
from desktop_app.services.core.errors import ServiceError
from desktop_app.services.office.settings import load_office_settings, save_office_settings


def test_defaults_before_anything_is_saved(ctx):
    settings = load_office_settings(ctx)
    assert settings.registration_fee == 50_000
    assert settings.level == "center"
    assert settings.office_code == ""


def test_save_normalizes_and_round_trips(ctx):
    saved = save_office_settings(
        ctx,
        OfficeSettings(office_name="مركز  يك", office_code="۲۷۰۱", registration_fee=60_000),
    )
    assert saved.office_name == "مرکز یک"  # Arabic kaf/yeh and double space normalized
    assert saved.office_code == "2701"
    assert load_office_settings(ctx) == saved


def test_bad_value_refused_and_nothing_written(ctx):
    save_office_settings(ctx, OfficeSettings(office_name="الف", office_code="2701"))
    with pytest.raises(ServiceError) as info:
        save_office_settings(ctx, OfficeSettings(office_name="ب", office_code="27-x"))
    assert info.value.field == "office_code"
    assert "کد اداره" in info.value.message
    assert load_office_settings(ctx).office_name == "الف"
