"""The service_cards table: migration, partial unique service code, JSON columns."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError

from desktop_app.models import ServiceCard, synced_models
from desktop_app.models.database import SCHEMA_HEAD, current_revisions


def _add(ctx, **values) -> ServiceCard:
    with ctx.session() as session:
        row = ServiceCard(title="خدمت", **values)
        session.add(row)
    return row


def test_migration_creates_the_table(ctx):
    assert current_revisions(ctx.engine) == {SCHEMA_HEAD}
    columns = {c["name"] for c in inspect(ctx.engine).get_columns("service_cards")}
    assert {"title", "service_code", "stages", "fees", "search_text", "deleted_at"} <= columns
    assert ServiceCard in synced_models()


def test_service_code_unique_when_present(ctx):
    _add(ctx, service_code="18051045000")
    with pytest.raises(IntegrityError):
        _add(ctx, service_code="18051045000")


def test_many_cards_without_a_code(ctx):
    _add(ctx, service_code=None)
    _add(ctx, service_code=None)
    _add(ctx, service_code="")
    _add(ctx, service_code="")


def test_a_tombstoned_card_frees_its_code(ctx):
    row = _add(ctx, service_code="19071058105")
    with ctx.session() as session:
        session.get(ServiceCard, row.id).mark_deleted()
    _add(ctx, service_code="19071058105")


def test_json_columns_round_trip(ctx):
    stages = [{"key": "request", "electronic": True, "channels": ["website"]}]
    row = _add(ctx, audiences=["G2C", "G2B"], stages=stages, processes=["الف", "ب"])
    with ctx.session() as session:
        again = session.get(ServiceCard, row.id)
        assert again.audiences == ["G2C", "G2B"]
        assert again.stages == stages
        assert again.processes == ["الف", "ب"]
        assert again.version == 1


def test_new_cards_carry_the_office_code(ctx):
    from desktop_app.documents.office import OfficeSettings
    from desktop_app.documents.service_card_data import ServiceCardData
    from desktop_app.services.catalog.service_cards import save_card
    from desktop_app.services.office.settings import save_office_settings

    save_office_settings(ctx, OfficeSettings(office_code="2701"))
    saved = save_card(ctx, ServiceCardData(title="خدمت"))
    with ctx.session() as session:
        assert session.get(ServiceCard, uuid.UUID(saved.id)).origin_office == "2701"


def test_visit_levels_are_kept_in_the_form_order_and_checked(ctx):
    from desktop_app.documents.service_card_data import (
        CardFormatError,
        ServiceCardData,
        card_from_dict,
    )
    from desktop_app.services.catalog.service_cards import get_card, save_card

    saved = save_card(ctx, ServiceCardData(title="خدمت", visit_levels=["county", "national"]))
    assert get_card(ctx, saved.id).visit_levels == ["national", "county"]
    with pytest.raises(CardFormatError, match="visit_levels"):
        card_from_dict({"title": "x", "visit_levels": ["district"]})
