"""validate_card: every problem, named in Persian, nothing lost."""

from __future__ import annotations

import pytest

from desktop_app.documents.service_card_data import FeeRow, ServiceCardData
from desktop_app.services.catalog.service_card_list import list_cards
from desktop_app.services.catalog.service_cards import (
    CardValidationError,
    clean_card,
    get_card,
    save_card,
    validate_card,
)

GOOD_SHEBA = "IR062960000000100324200001"


def test_a_valid_card_has_no_errors():
    card = ServiceCardData(
        title="خدمت",
        service_code="۱۸۰۵۱۰۴۵۰۰۰",
        phone="۰۱۷-۳۲۲۲۴۴۵۵",
        email="info@tvto.ir",
        fees=[FeeRow(amount=50000, sheba=GOOD_SHEBA)],
    )
    assert validate_card(card) == []


def test_each_bad_field_is_named():
    card = ServiceCardData(
        title="",
        service_code="12345",
        email="info@tvto",
        phone="12",
        fees=[FeeRow(sheba=GOOD_SHEBA), FeeRow(sheba="IR12")],
    )
    errors = dict(validate_card(card))
    assert set(errors) == {"title", "service_code", "email", "phone", "fees[1].sheba"}
    assert "عنوان خدمت" in errors["title"]
    assert errors["service_code"].startswith("شناسه خدمت:")
    assert "۱۱ رقم" in errors["service_code"]
    assert "ردیف ۲" in errors["fees[1].sheba"]
    assert "شبا" in errors["fees[1].sheba"]
    assert errors["email"].startswith("پست الکترونیک:")
    assert errors["phone"].startswith("تلفن:")


def test_mobile_is_accepted_as_contact_phone():
    assert validate_card(ServiceCardData(title="خ", phone="09121234567")) == []


def test_refused_save_writes_nothing_and_keeps_the_input(ctx):
    card = ServiceCardData(title="دوره كارآموزي", service_code="123")
    with pytest.raises(CardValidationError) as info:
        save_card(ctx, card)
    assert info.value.field == "service_code"
    assert card.title == "دوره كارآموزي" and card.service_code == "123"  # untouched
    assert list_cards(ctx) == []


def test_saved_text_is_normalized(ctx):
    saved = save_card(
        ctx,
        ServiceCardData(
            title="  دوره   كارآموزي ",
            service_code="۱۸۰۵۱۰۴۵۰۰۰",
            audiences=["G2G", "G2C"],
            fees=[FeeRow(sheba="ir06 2960 0000 0010 0324 2000 01")],
        ),
    )
    again = get_card(ctx, saved.id)
    assert again.title == "دوره کارآموزی"
    assert again.service_code == "18051045000"
    assert again.audiences == ["G2C", "G2G"]  # the form's order
    assert again.fees[0].sheba == GOOD_SHEBA
    assert [s.key for s in again.stages] == [
        "information",
        "request",
        "follow_up",
        "production",
        "delivery",
    ]
    assert clean_card(again) == again
