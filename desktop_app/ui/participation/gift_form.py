"""The form of one gift at the counter (مشارکت), which becomes its receipt on save.

The benefactor is picked by typing any part of the name, code or mobile (or «بی‌نام»);
«خیّر جدید…» registers one without leaving the form and picks them. The rows shown
follow the kind (cash: amount, channel, bank reference for electronic channels; in
kind: the items in a ``RowsEditor`` — description, quantity, unit, estimated value —
whose total the amount row shows as it is typed; service: what, by whom,
hours/sessions, center) and the intention
(an area, or a client's name and national code). A saved gift is never edited: opened
again, the form is read-only and shows the receipt number and any cancellation.
UI thread only.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import Any

from PySide6.QtWidgets import QInputDialog, QPushButton

from ...persian import format_jalali, to_persian_digits
from ...services.participation.benefactors import benefactor_choices
from ...services.participation.gifts import (
    GiftData,
    GiftItemData,
    add_area,
    get_gift,
    list_areas,
    register_gift,
)
from ...services.participation.vocab import (
    CHANNELS,
    CONDITIONS,
    ELECTRONIC_CHANNELS,
    GIFT_KINDS,
    INTENTIONS,
    UNITS,
)
from ..errors import error_message
from ..listing import ChoiceBox, RecordFormDialog
from ..listing.binding import Field, number_text, text_number
from ..widgets import (
    DigitLineEdit,
    JalaliDateEdit,
    NationalCodeEdit,
    RialEdit,
    SearchPicker,
    TextLineEdit,
)
from ..widgets.form_row import ERROR_COLOR
from ..widgets.rows_editor import RowColumn, RowsEditor
from .benefactor_form import BenefactorForm

ANONYMOUS = "anonymous"
ANONYMOUS_LABEL = "بی‌نام (خیّر ناشناس)"
_CASH = ("channel", "bank_ref")
_IN_KIND = ("items", "condition", "storage", "received_by")
#: ``items[2].quantity``: a service message about one cell of the items.
_ITEM_FIELD = re.compile(r"^items\[(\d+)\]\.(\w+)$")
ITEM_COLUMNS = (
    RowColumn("description", "شرح کالا", stretch=True),
    RowColumn("quantity", "تعداد", "int", width=60),
    RowColumn("unit", "واحد", choices=UNITS, width=90),
    RowColumn("value", "ارزش تقریبی (ریال)", "rial", width=135),
)
_SERVICE = ("service_what", "service_by", "hours", "sessions")


def _new_item() -> GiftItemData:
    """A new row of the items, its unit the most common one."""
    return GiftItemData(unit=UNITS[0])


def _count(max_digits: int) -> Callable[[], DigitLineEdit]:
    return partial(DigitLineEdit, max_digits=max_digits)


def _text(required: bool = False) -> Callable[[], TextLineEdit]:
    return partial(TextLineEdit, required=required)


BENEFACTOR = (
    Field(
        "benefactor_id",
        "خیّر",
        partial(SearchPicker, required=True, placeholder="نام، کد ملی یا همراه خیّر…"),
        True,
    ),
)
WHAT_FIELDS = (
    Field("kind", "نوع مشارکت", partial(ChoiceBox, GIFT_KINDS.items())),
    Field("received_on", "تاریخ دریافت", partial(JalaliDateEdit, required=True), True),
    Field("amount", "مبلغ (ریال)", RialEdit, True),
    Field(
        "channel",
        "شیوهٔ پرداخت",
        partial(ChoiceBox, CHANNELS.items()),
        show=lambda c: c or "counter",
    ),
    Field("bank_ref", "کد مرجع بانک", _count(30), True),
    Field(
        "items",
        "اقلام کالا",
        partial(RowsEditor, ITEM_COLUMNS, _new_item, add_label="افزودن قلم کالا"),
        True,
    ),
    Field("condition", "وضعیت کالا", partial(ChoiceBox, CONDITIONS.items())),
    Field("storage", "محل نگهداری", _text()),
    Field("received_by", "تحویل‌گیرنده", _text(), True),
    Field("service_what", "خدمت", _text(), True),
    Field("service_by", "ارائه‌دهنده", _text(), True),
    Field("hours", "ساعت", _count(4), show=lambda n: number_text(n or None), read=text_number),
    Field("sessions", "جلسه", _count(4), show=lambda n: number_text(n or None), read=text_number),
    Field("intention", "نیت", partial(ChoiceBox, INTENTIONS.items())),
    Field("intention_area", "حوزه", partial(ChoiceBox, empty=""), True),
)
CLIENT_FIELDS = (
    Field("client_name", "نام مددجو", _text(), True),
    Field("client_national_code", "کد ملی مددجو", NationalCodeEdit, True),
    Field("center", "مرکز", _text()),
    Field("note", "یادداشت", _text()),
)


class GiftForm(RecordFormDialog):
    new_title = "مشارکت جدید (صدور رسید)"
    edit_title = "رسید مشارکت"
    data_class = GiftData
    # bound (used beyond showing and reading them)
    benefactor_id: SearchPicker
    kind: ChoiceBox
    amount: RialEdit
    channel: ChoiceBox
    items: RowsEditor
    intention: ChoiceBox
    intention_area: ChoiceBox

    def build(self) -> None:
        self.bind(BENEFACTOR)
        self.new_benefactor = QPushButton("خیّر جدید…")
        self.new_benefactor.clicked.connect(self.open_benefactor_form)
        self.add_row("new_benefactor", "", self.new_benefactor)
        self.bind(WHAT_FIELDS)
        self.items.setMinimumSize(470, 190)
        self.items.model.dataChanged.connect(lambda *_a: self.show_total())
        self.items.model.rowsRemoved.connect(lambda *_a: self.show_total())
        self.new_area = QPushButton("حوزهٔ جدید…")
        self.new_area.setToolTip("افزودن حوزه‌ای به فهرست حوزه‌های این اداره")
        self.new_area.clicked.connect(self.ask_new_area)
        self.add_row("new_area", "", self.new_area)
        self.bind(CLIENT_FIELDS)
        self.kind.currentIndexChanged.connect(lambda _i: self.show_rows())
        self.channel.currentIndexChanged.connect(lambda _i: self.show_rows())
        self.intention.currentIndexChanged.connect(lambda _i: self.show_rows())
        self.load_choices()

    def load_choices(self) -> None:
        ctx = self.ctx
        self.benefactor_id.load(
            self.runner, lambda: [(ANONYMOUS, ANONYMOUS_LABEL), *benefactor_choices(ctx)]
        )
        self.runner.submit(lambda _c: list_areas(ctx), on_done=self.intention_area.set_choices)

    def ask_area_title(self) -> str | None:
        """Ask for the new area's title (tests replace this)."""
        text, ok = QInputDialog.getText(self, "حوزهٔ جدید", "عنوان حوزه:")
        return text if ok else None

    def ask_new_area(self) -> None:
        title = self.ask_area_title()
        if not title:
            return
        ctx = self.ctx

        def added(key: str) -> None:
            def offer(areas: list[tuple[str, str]]) -> None:
                self.intention_area.set_choices(areas)
                self.intention_area.setValue(key)

            self.runner.submit(lambda _c: list_areas(ctx), on_done=offer)

        self.runner.submit(
            lambda _c: add_area(ctx, title),
            on_done=added,
            on_error=lambda exc: self.intention_area.set_error(getattr(exc, "message", str(exc))),
            write=True,
        )

    def open_benefactor_form(self) -> BenefactorForm:
        form = BenefactorForm(self.ctx, self.runner, None, self)
        form.saved.connect(self._benefactor_saved)
        form.open()
        return form

    def _benefactor_saved(self, data: Any) -> None:
        ctx = self.ctx
        self.benefactor_id._loaded = False  # keep the new one as the wanted value
        self.benefactor_id.setValue(data.id)
        self.benefactor_id.load(
            self.runner, lambda: [(ANONYMOUS, ANONYMOUS_LABEL), *benefactor_choices(ctx)]
        )

    def show_rows(self) -> None:
        kind, channel, intention = self.kind.value(), self.channel.value(), self.intention.value()
        for key in _CASH:
            self.rows[key].setVisible(kind == "cash")
        self.rows["bank_ref"].setVisible(kind == "cash" and channel in ELECTRONIC_CHANNELS)
        for key in _IN_KIND:
            self.rows[key].setVisible(kind == "in_kind")
        for key in _SERVICE:
            self.rows[key].setVisible(kind == "service")
        self.rows["amount"].setVisible(True)
        label = "مبلغ (ریال)" if kind == "cash" else "ارزش تقریبی (ریال)"
        star = f' <span style="color:{ERROR_COLOR};">*</span>' if kind != "service" else ""
        self.rows["amount"].label().setText(label + star)
        self.amount.set_required(kind != "service")
        # in kind: the amount is the items' total, shown, not typed
        self.amount.setReadOnly(kind == "in_kind")
        if kind == "in_kind":
            self.show_total()
        self.rows["intention_area"].setVisible(intention == "area")
        self.rows["new_area"].setVisible(intention == "area")
        self.rows["client_name"].setVisible(intention == "client")
        self.rows["client_national_code"].setVisible(intention == "client")
        self.adjustSize()

    def show_total(self) -> None:
        """In kind: the amount row shows the total of the items' values."""
        if self.kind.value() == "in_kind":
            self.amount.setValue(sum(item.value or 0 for item in self.items.model.rows()) or None)

    def _save_failed(self, exc: Exception) -> None:
        """A message about one item goes under the items, its cell selected."""
        match = _ITEM_FIELD.match(getattr(exc, "field", None) or "")
        if match is None:
            super()._save_failed(exc)
            return
        self._set_busy(False)
        self.items.set_cell_error(int(match.group(1)), match.group(2), error_message(exc))

    def new_data(self) -> GiftData:
        from ...persian import today

        return GiftData(received_on=today(), items=[_new_item()])

    def load(self, record_id: uuid.UUID) -> GiftData:
        return get_gift(self.ctx, record_id)

    def show_data(self, data: GiftData) -> None:
        super().show_data(data)
        self.benefactor_id.setValue(data.benefactor_id or (ANONYMOUS if data.receipt_no else None))
        self.show_rows()
        if data.receipt_no:
            self._read_only(data)

    def _read_only(self, data: GiftData) -> None:
        """A saved gift is a receipt: shown, never edited."""
        self.setWindowTitle(f"رسید مشارکت {to_persian_digits(data.receipt_no)}")
        for row in self.rows.values():
            row.editor().setEnabled(False)
        self.rows["new_benefactor"].hide()
        self.save_button.hide()
        self.cancel_button.setText("بستن")
        if data.cancelled_on is not None:
            self.show_message(
                f"این رسید در {format_jalali(data.cancelled_on)} به دست {data.cancelled_by} "
                f"ابطال شده است. دلیل: {data.cancel_reason}"
            )

    def typed_data(self) -> GiftData:
        data: GiftData = super().typed_data()
        picked = data.benefactor_id
        return replace(
            data,
            benefactor_id=None if picked == ANONYMOUS else picked,
            bank_ref=data.bank_ref if self.rows["bank_ref"].isVisibleTo(self) else "",
        )

    def store(self, data: GiftData) -> GiftData:
        return register_gift(self.ctx, data)


__all__ = ["GiftForm"]
