"""Sections 1–4 of the card form: title, service code, provider, and the service's
specifications (description, audiences, nature, level, life events, triggers,
documents, regulations). UI thread only."""

from __future__ import annotations

from ...documents.service_card_data import (
    AUDIENCES,
    LEVELS,
    LIFE_EVENTS,
    NATURES,
    TRIGGERS,
    ServiceCardData,
)
from ..listing import ChoiceBox
from ..widgets import CheckGroup, DigitLineEdit, TextAreaEdit, TextLineEdit
from .parts import CardPart, FieldLine


class IdentityPart(CardPart):
    def build(self) -> None:
        top = self.section("۱ و ۲- عنوان و شناسه خدمت")
        self.title = TextLineEdit(required=True)
        self.service_code = DigitLineEdit(max_digits=11)
        self.service_code.setPlaceholderText("۱۱ رقم؛ اگر هنوز تعیین نشده، خالی بماند")
        self.row(top, "title", "۱- عنوان خدمت", self.title, required=True)
        self.row(top, "service_code", "۲- شناسه خدمت", self.service_code)

        provider = self.section("۳- ارائه‌دهنده خدمت")
        self.agency = TextLineEdit()
        self.parent_agency = TextLineEdit()
        self.row(provider, "agency", "نام دستگاه اجرایی", self.agency)
        self.row(provider, "parent_agency", "نام دستگاه مادر", self.parent_agency)

        specs = self.section("۴- مشخصات خدمت")
        self.description = TextAreaEdit(lines=3)
        self.audiences = CheckGroup(AUDIENCES.items(), columns=3)
        self.nature = ChoiceBox(NATURES.items(), empty="")
        self.level = ChoiceBox(LEVELS.items(), empty="")
        for box in (self.nature, self.level):
            box.setMinimumWidth(200)
        self.life_events = CheckGroup(
            LIFE_EVENTS.items(), columns=5, other_key="other", other_hint="رویداد دیگر"
        )
        self.triggers = CheckGroup(
            TRIGGERS.items(), columns=3, other_key="other", other_hint="نحوه آغاز دیگر"
        )
        self.required_documents = TextAreaEdit(lines=2)
        self.regulations = TextAreaEdit(lines=2)
        self.row(specs, "description", "شرح خدمت", self.description)
        self.row(specs, "audiences", "نوع خدمت", self.audiences)
        self.row(specs, "nature", "ماهیت خدمت", FieldLine(self.nature, self.nature))
        self.row(specs, "level", "سطح خدمت", FieldLine(self.level, self.level))
        self.row(specs, "life_events", "رویداد مرتبط با", self.life_events)
        self.row(specs, "triggers", "نحوه آغاز خدمت", self.triggers)
        self.row(specs, "required_documents", "مدارک لازم برای انجام خدمت", self.required_documents)
        self.row(specs, "regulations", "قوانین و مقررات بالادستی", self.regulations)

    def show(self, card: ServiceCardData) -> None:
        self.title.setText(card.title)
        self.service_code.setValue(card.service_code)
        self.agency.setText(card.agency)
        self.parent_agency.setText(card.parent_agency)
        self.description.setText(card.description)
        self.audiences.set_values(card.audiences)
        self.nature.setValue(card.nature or None)
        self.level.setValue(card.level or None)
        self.life_events.set_values(card.life_events)
        self.life_events.set_other_text(card.life_event_other)
        self.triggers.set_values(card.triggers)
        self.triggers.set_other_text(card.trigger_other)
        self.required_documents.setText(card.required_documents)
        self.regulations.setText(card.regulations)

    def fill(self, card: ServiceCardData) -> None:
        card.title = self.title.text()
        card.service_code = self.service_code.value()
        card.agency = self.agency.text()
        card.parent_agency = self.parent_agency.text()
        card.description = self.description.text()
        card.audiences = self.audiences.values()
        card.nature = self.nature.value() or ""
        card.level = self.level.value() or ""
        card.life_events = self.life_events.values()
        card.life_event_other = self.life_events.other_text()
        card.triggers = self.triggers.values()
        card.trigger_other = self.triggers.other_text()
        card.required_documents = self.required_documents.text()
        card.regulations = self.regulations.text()
