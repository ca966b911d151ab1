"""Sections 1–4 of the card form: title, service code, provider, and the service's
specifications (description, audiences, nature, level, life events, triggers,
documents, regulations). UI thread only."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from ...documents.service_card_data import (
    AUDIENCES,
    LEVELS,
    LIFE_EVENTS,
    NATURES,
    TRIGGERS,
    ServiceCardData,
)
from ..listing import ChoiceBox
from ..listing.binding import Field
from ..widgets import CheckGroup, DigitLineEdit, TextAreaEdit, TextLineEdit
from .parts import CardPart


def _service_code() -> DigitLineEdit:
    edit = DigitLineEdit(max_digits=11)
    edit.setPlaceholderText("۱۱ رقم؛ اگر هنوز تعیین نشده، خالی بماند")
    return edit


def _choice(items: dict[str, str]) -> Callable[[], ChoiceBox]:
    def make() -> ChoiceBox:
        box = ChoiceBox(items.items(), empty="")
        box.setMinimumWidth(200)
        return box

    return make


def _checks(items: dict[str, str], columns: int, other: str = "") -> Callable[[], CheckGroup]:
    if not other:
        return partial(CheckGroup, items.items(), columns=columns)
    return partial(CheckGroup, items.items(), columns=columns, other_key="other", other_hint=other)


TOP = (
    Field("title", "۱- عنوان خدمت", partial(TextLineEdit, required=True), True),
    Field("service_code", "۲- شناسه خدمت", _service_code),
)
PROVIDER = (
    Field("agency", "نام دستگاه اجرایی", TextLineEdit),
    Field("parent_agency", "نام دستگاه مادر", TextLineEdit),
)
SPECS = (
    Field("description", "شرح خدمت", partial(TextAreaEdit, lines=3)),
    Field("audiences", "نوع خدمت", _checks(AUDIENCES, 3)),
    Field("nature", "ماهیت خدمت", _choice(NATURES)),
    Field("level", "سطح خدمت", _choice(LEVELS)),
    Field("life_events", "رویداد مرتبط با", _checks(LIFE_EVENTS, 5, "رویداد دیگر")),
    Field("triggers", "نحوه آغاز خدمت", _checks(TRIGGERS, 3, "نحوه آغاز دیگر")),
    Field("required_documents", "مدارک لازم برای انجام خدمت", partial(TextAreaEdit, lines=2)),
    Field("regulations", "قوانین و مقررات بالادستی", partial(TextAreaEdit, lines=2)),
)


class IdentityPart(CardPart):
    # bound in ``build``; their «سایر» texts are shown and filled here
    life_events: CheckGroup
    triggers: CheckGroup

    def build(self) -> None:
        self.bind(self.section("۱ و ۲- عنوان و شناسه خدمت"), TOP)
        self.bind(self.section("۳- ارائه‌دهنده خدمت"), PROVIDER)
        self.bind(self.section("۴- مشخصات خدمت"), SPECS)

    def show(self, card: ServiceCardData) -> None:
        self.life_events.set_other_text(card.life_event_other)
        self.triggers.set_other_text(card.trigger_other)

    def fill(self, card: ServiceCardData) -> None:
        card.life_event_other = self.life_events.other_text()
        card.trigger_other = self.triggers.other_text()
