"""Saving, reading, searching, filtering, duplicating and deleting service cards."""

from __future__ import annotations

from dataclasses import replace

import pytest

from desktop_app.documents.service_card_data import ServiceCardData
from desktop_app.services.catalog.service_card_list import list_cards
from desktop_app.services.catalog.service_cards import (
    delete_card,
    duplicate_card,
    find_card,
    get_card,
    save_card,
)
from desktop_app.services.core.errors import NotFoundError, ServiceError
from desktop_app.services.demo.demo_service_cards import fill_service_cards


@pytest.fixture
def catalog(ctx):
    fill_service_cards(ctx)
    save_card(
        ctx,
        ServiceCardData(
            title="ثبت‌نام کارآموز در دوره‌های آزاد",
            agency="اداره کل آموزش فنی و حرفه‌ای استان مازندران",
            audiences=["G2C"],
            level="provincial",
            life_events=["education", "employment"],
        ),
    )
    return ctx


def titles(summaries) -> list[str]:
    return [s.title for s in summaries]


def test_update_and_version_check(ctx):
    first = save_card(ctx, ServiceCardData(title="الف"))
    assert first.version == 1
    second = save_card(ctx, replace(first, title="ب"))
    assert second.version == 2 and get_card(ctx, first.id).title == "ب"
    with pytest.raises(ServiceError) as info:
        save_card(ctx, replace(first, title="ج"))  # stale version 1
    assert info.value.field == "version"
    assert get_card(ctx, first.id).title == "ب"


def test_duplicate_code_is_refused_with_a_message(ctx):
    save_card(ctx, ServiceCardData(title="الف", service_code="18051045000"))
    with pytest.raises(ServiceError) as info:
        save_card(ctx, ServiceCardData(title="ب", service_code="18051045000"))
    assert info.value.field == "service_code"
    assert "خدمت دیگری" in info.value.message


def test_search_with_arabic_kaf_and_yeh(catalog):
    found = titles(list_cards(catalog, "كارآموز"))  # Arabic kaf
    assert found == [  # in the title of one, the description ("کارآموزان") of the other
        "برگزاری دوره های آموزشی مهارتی فنی و حرفه ای",
        "ثبت‌نام کارآموز در دوره‌های آزاد",
    ]
    assert titles(list_cards(catalog, "ثبتنام كارآموز")) == ["ثبت‌نام کارآموز در دوره‌های آزاد"]
    assert "برگزاری دوره های آموزشی مهارتی فنی و حرفه ای" in titles(
        list_cards(catalog, "فني")  # Arabic yeh
    )
    assert titles(list_cards(catalog, "۱۸۰۵۱۰۴۵")) == [
        "برگزاری دوره های آموزشی مهارتی فنی و حرفه ای"
    ]
    assert len(list_cards(catalog, "")) == 4
    assert list_cards(catalog, "100%") == []


def test_filters(catalog):
    assert len(list_cards(catalog, audience="G2C")) == 3
    assert titles(list_cards(catalog, audience="G2G")) == [
        "برگزاری دوره های آموزشی مهارتی فنی و حرفه ای"
    ]
    assert titles(list_cards(catalog, level="provincial")) == ["ثبت‌نام کارآموز در دوره‌های آزاد"]
    assert len(list_cards(catalog, agency="بهزيستي")) == 2
    assert len(list_cards(catalog, life_event="education")) == 3
    assert titles(list_cards(catalog, life_event="employment", audience="G2C")) == [
        "ثبت‌نام کارآموز در دوره‌های آزاد"
    ]


def test_duplicate_and_delete(catalog):
    source = find_card(catalog, "19071058105")
    copy = duplicate_card(catalog, source.id)
    assert copy.id != source.id and copy.service_code == ""
    assert copy.title == f"{source.title} (رونوشت)"
    assert replace(copy, id=None, title="", version=0) == replace(
        source, id=None, title="", service_code="", version=0
    )
    delete_card(catalog, copy.id)
    with pytest.raises(NotFoundError):
        get_card(catalog, copy.id)
    assert copy.id not in {str(s.id) for s in list_cards(catalog)}
    assert source.id in {str(s.id) for s in list_cards(catalog)}


def test_find_by_code_or_id(catalog):
    card = find_card(catalog, "۱۸۰۵۱۰۴۵۰۰۰")
    assert find_card(catalog, card.id) == card
    with pytest.raises(NotFoundError) as info:
        find_card(catalog, "99999999999")
    assert "پیدا نشد" in info.value.message
