"""Section 5 of the card form: recipients, duration, frequency, in-person visits and
the fee rows.

Beside «آمار تعداد خدمت‌گیرندگان» a saved card is offered the count of its last finished
period from the office's own records (``services.office_reports.report.recipients_offer``,
counted on a worker thread) on a line under it
(«شمار از سوابق اداره: ۱٬۲۳۴ خدمت‌گیرنده در سال ۱۴۰۴» and «پذیرفتن»), which puts
the count and its period in the fields; the clerk may type another number instead.
UI thread only."""

from __future__ import annotations

import uuid

import shiboken6
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QWidget

from ...documents.service_card_data import FREQUENCY_PERIODS, PERIODS, FeeRow, ServiceCardData
from ...persian import format_number
from ...services.office_reports.report import RecipientsOffer, recipients_offer
from ..errors import error_message
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
        self.offer: RecipientsOffer | None = None
        self.offer_label = QLabel()
        self.offer_label.setObjectName("recipientsOffer")
        self.accept_offer = QPushButton("پذیرفتن")
        self.accept_offer.setAutoDefault(False)
        self.accept_offer.setToolTip("شمار شمرده‌شده از سوابق اداره را در این فیلد بگذار")
        self.accept_offer.clicked.connect(self.take_offer)
        self.accept_offer.hide()
        recipients = FieldLine(
            self.recipients_count,
            self.recipients_count,
            QLabel("خدمت‌گیرنده در"),
            self.recipients_period,
        )
        self.row(box, "recipients_count", "آمار تعداد خدمت‌گیرندگان", recipients)
        offer_line = QWidget()
        line = QHBoxLayout(offer_line)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.offer_label)
        line.addWidget(self.accept_offer)
        line.addStretch(1)
        self.offer_row = self.row(box, "recipients_offer", "شمار از سوابق اداره", offer_line)
        self.offer_row.hide()
        self.card_id: uuid.UUID | None = None
        self.recipients_period.currentIndexChanged.connect(lambda _i: self.ask_offer())
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
        self.card_id = uuid.UUID(str(card.id)) if card.id else None
        self.recipients_count.setValue("" if count is None else str(count))
        self.recipients_period.setValue(card.recipients_period or None)
        self.ask_offer()
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

    # -- the offered count ------------------------------------------------------------
    def ask_offer(self) -> None:
        """Count the card's people of the last finished period (the chosen one, or a
        year) on a worker thread; a card not saved yet has no records to count."""
        self.offer = None
        self.accept_offer.hide()
        self.offer_label.setText("")
        card_id, ctx = self.card_id, self.form.ctx
        self.offer_row.setVisible(card_id is not None)
        if card_id is None:
            return
        period = self.recipients_period.value() or "year"
        self.offer_label.setText("در حال شمردن از سوابق اداره…")
        self.form.runner.submit(
            lambda _c: (period, recipients_offer(ctx, card_id, period)),
            on_done=self.show_offer,
            on_error=lambda exc: self.offer_label.setText(error_message(exc)),
        )

    def show_offer(self, result: tuple[str, RecipientsOffer | None]) -> None:
        period, offer = result
        if not shiboken6.isValid(self.recipients_period):
            return  # the form was closed while the count ran
        if period != (self.recipients_period.value() or "year"):
            return  # the clerk chose another period meanwhile; its count is on the way
        self.offer = offer
        if offer is None:
            self.offer_label.setText("سوابق اداره این خدمت را نمی‌شمارد.")
            self.accept_offer.hide()
            return
        self.offer_label.setText(f"{format_number(offer.count)} خدمت‌گیرنده در {offer.label}")
        self.accept_offer.show()

    def take_offer(self) -> None:
        """Put the offered count and its period in the fields (the clerk may change them)."""
        if self.offer is None:
            return
        offer = self.offer
        self.recipients_count.setValue(str(offer.count))
        self.recipients_period.blockSignals(True)
        self.recipients_period.setValue(offer.period)
        self.recipients_period.blockSignals(False)
