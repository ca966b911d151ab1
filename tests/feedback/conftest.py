"""Fixtures of the feedback tests: a service card to hang requests, surveys and FAQ on."""

from __future__ import annotations

import uuid

import pytest

from desktop_app.documents.service_card_data import ServiceCardData
from desktop_app.services.catalog.service_cards import save_card


@pytest.fixture
def card_id(ctx) -> uuid.UUID:
    card = save_card(
        ctx, ServiceCardData(title="آموزش مهارت فنی و حرفه‌ای", service_code="12345678901")
    )
    assert card.id is not None
    return uuid.UUID(card.id)
