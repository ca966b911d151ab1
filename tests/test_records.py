"""The shared record helpers: new records carry the office code, stale saves and
deleted records are refused with Persian messages."""

from __future__ import annotations

import pytest

from desktop_app.documents.office import OfficeSettings
from desktop_app.models import Place
from desktop_app.services.core.errors import NotFoundError, ServiceError
from desktop_app.services.core.records import live_record, new_record, record_for_update
from desktop_app.services.office.settings import save_office_settings


def test_new_record_is_stamped_with_the_office(ctx):
    save_office_settings(ctx, OfficeSettings(office_name="مرکز", office_code="2701"))
    with ctx.session() as session:
        row = new_record(session, Place)
        row.name, row.code, row.kind, row.province, row.city = (
            "الف",
            "11",
            "center",
            "گلستان",
            "گرگان",
        )
    assert row.origin_office == "2701"


def test_stale_and_deleted_are_refused(ctx):
    with ctx.session() as session:
        row = new_record(session, Place)
        row.name, row.code, row.kind, row.province, row.city = (
            "الف",
            "12",
            "center",
            "گلستان",
            "گرگان",
        )
    with ctx.session() as session, pytest.raises(ServiceError) as info:
        record_for_update(session, Place, row.id, row.version + 1, "پیدا نشد")
    assert "تغییر کرده" in info.value.message
    with ctx.session() as session:
        live_record(session, Place, row.id, "پیدا نشد").mark_deleted()
    with ctx.session() as session, pytest.raises(NotFoundError):
        live_record(session, Place, str(row.id), "پیدا نشد")
    with ctx.session() as session, pytest.raises(NotFoundError):
        live_record(session, Place, "not-a-uuid", "پیدا نشد")
