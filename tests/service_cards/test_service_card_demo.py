"""The three seed cards are entered as printed on paper (seeds 000, 001, 004)."""

from __future__ import annotations

from desktop_app.services.catalog.service_card_list import list_cards
from desktop_app.services.catalog.service_cards import validate_card
from desktop_app.services.demo.demo_service_cards import (
    fill_service_cards,
    golestan_skill_training,
    welfare_donations,
    welfare_facilitator_training,
)


def test_seed_000_golestan():
    card = golestan_skill_training()
    assert validate_card(card) == []
    assert card.service_code == "18051045000"
    assert card.audiences == ["G2C", "G2B", "G2G"]
    assert (card.nature, card.level) == ("sovereign", "national")
    assert card.life_events == ["birth", "education", "documents"]
    assert card.triggers == ["request", "agency_decision"]
    assert (card.recipients_count, card.recipients_period) == (29000, "year")
    assert card.avg_duration == "بسته به نوع آموزش دارد."
    assert (card.frequency_once, card.frequency_count, card.frequency_period) == (
        False,
        None,
        "year",
    )
    assert [(f.amount, f.electronic) for f in card.fees] == [(50000, True)]
    assert len(card.urls) == 3 and len(card.processes) == 9
    assert [s.key for s in card.stages if s.electronic] == [
        "information",
        "request",
        "production",
        "delivery",
    ]
    delivery = card.stage("delivery")
    assert delivery.non_electronic and delivery.reasons == ["other"]
    assert card.internal_links[0].inquiry == "online"


def test_seed_001_welfare_training():
    card = welfare_facilitator_training()
    assert validate_card(card) == []
    assert card.service_code == ""
    assert card.audiences == ["G2B"] and card.life_events == ["education"]
    assert card.triggers == ["other"] and card.trigger_other == "مداخله در جامعه"
    assert (card.frequency_count, card.frequency_period) == (2, "year")
    assert card.fees[0].amount == 6000000 and not card.fees[0].electronic
    request = card.stage("request")
    assert request.non_electronic and not request.electronic
    assert request.reasons == ["verify_identity", "verify_documents"]
    assert [link.agency for link in card.external_links] == [
        "سازمان دهبارها و شهرداری ها",
        "شبکه مراقبت های بهداشتی اولیه",
    ]
    assert len(card.processes) == 5


def test_seed_004_welfare_donations():
    card = welfare_donations()
    assert validate_card(card) == []
    assert card.service_code == "19071058105" and card.audiences == ["G2C"]
    assert card.triggers == ["request"] and card.life_events == []
    assert card.fees == [] and card.recipients_count is None
    request = card.stage("request")
    assert request.electronic and request.channels == ["other"] and request.non_electronic
    assert card.stage("production").channels == ["other"]
    assert not card.stage("follow_up").electronic


def test_demo_filler_is_idempotent(ctx):
    fill_service_cards(ctx)
    fill_service_cards(ctx)
    # the card without a code is added again on a second run: only coded cards are keyed
    assert {s.service_code or "" for s in list_cards(ctx)} == {"", "18051045000", "19071058105"}
