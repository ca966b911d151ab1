"""Section 5 of the card form: recipients, duration, frequency, in-person visits and
the fee rows. UI thread only."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLabel

from ...documents.service_card_data import FREQUENCY_PERIODS, PERIODS, FeeRow, ServiceCardData
from ..listing import ChoiceBox
from ..listing.binding import Field
from ..widgets import DigitLineEdit, RowColumn, RowsEditor, TextLineEdit
from .parts import CardPart, FieldLine

FEE_COLUMNS = (
    RowColumn("description", "شرح", stretch=True),
    RowColumn("amount", "مبلغ (ریال)", "rial", width=100),
    RowColumn("accounts", "شماره حساب", width=100),
    RowColumn("sheba", "شمارهٔ شبا", width=190),
    RowColumn("electronic", "الکترونیکی", "check", width=70),
)


def _number(text: str) -> int | None:
    return int(text) if text else None


def _duration() -> TextLineEdit:
    edit = TextLineEdit()
    edit.setPlaceholderText("مثلاً «۱۲ روز» یا «بسته به نوع آموزش دارد»")
    return edit


def _fees() -> RowsEditor:
    editor = RowsEditor(FEE_COLUMNS, FeeRow, add_label="افزودن هزینه")
    editor.setMinimumHeight(150)
    return editor


VISITS_AND_FEES = (
    Field("in_person_visits", "تعداد بار مراجعه حضوری", TextLineEdit),
    Field(
        "fees",
        "هزینه ارائه خدمت",
        _fees,
        read=lambda rows: [fee for fee in rows if fee != FeeRow()],  # no blank rows
    ),
)


class DetailsPart(CardPart):
    def build(self) -> None:
        box = self.section("۵- جزئیات خدمت")
        self.recipients_count = DigitLineEdit(max_digits=9)
        self.recipients_count.setFixedWidth(120)
        self.recipients_period = ChoiceBox(PERIODS.items(), empty="")
        recipients = FieldLine(
            self.recipients_count,
            self.recipients_count,
            QLabel("خدمت‌گیرنده در"),
            self.recipients_period,
        )
        self.row(box, "recipients_count", "آمار تعداد خدمت‌گیرندگان", recipients)
        self.bind(box, (Field("avg_duration", "متوسط مدت زمان ارائه خدمت", _duration),))

        self.frequency_once = QCheckBox("یکبار برای همیشه")
        self.frequency_count = DigitLineEdit(max_digits=4)
        self.frequency_count.setFixedWidth(70)
        self.frequency_period = ChoiceBox(FREQUENCY_PERIODS.items(), empty="")
        frequency = FieldLine(
            self.frequency_count,
            self.frequency_once,
            QLabel("  یا"),
            self.frequency_count,
            QLabel("بار در"),
            self.frequency_period,
        )
        self.row(box, "frequency_count", "تواتر", frequency)
        self.bind(box, VISITS_AND_FEES)

    def show(self, card: ServiceCardData) -> None:
        count = card.recipients_count
        self.recipients_count.setValue("" if count is None else str(count))
        self.recipients_period.setValue(card.recipients_period or None)
        self.frequency_once.setChecked(card.frequency_once)
        times = card.frequency_count
        self.frequency_count.setValue("" if times is None else str(times))
        self.frequency_period.setValue(card.frequency_period or None)

    def fill(self, card: ServiceCardData) -> None:
        card.recipients_count = _number(self.recipients_count.value())
        card.recipients_period = self.recipients_period.value() or ""
        card.frequency_once = self.frequency_once.isChecked()
        card.frequency_count = _number(self.frequency_count.value())
        card.frequency_period = self.frequency_period.value() or ""
