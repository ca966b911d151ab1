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
from typing import Any

from PySide6.QtWidgets import QInputDialog, QPushButton

from ...persian import format_jalali, to_persian_digits
from ...services.core.changes import Change
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


class GiftForm(RecordFormDialog):
    kinds = frozenset({Change.GIFTS})
    new_title = "مشارکت جدید (صدور رسید)"
    edit_title = "رسید مشارکت"

    def build(self) -> None:
        self.benefactor = SearchPicker(required=True, placeholder="نام، کد ملی یا همراه خیّر…")
        self.new_benefactor = QPushButton("خیّر جدید…")
        self.new_benefactor.clicked.connect(self.open_benefactor_form)
        self.kind = ChoiceBox(GIFT_KINDS.items())
        self.received_on = JalaliDateEdit(required=True)
        self.amount = RialEdit()
        self.channel = ChoiceBox(CHANNELS.items())
        self.bank_ref = DigitLineEdit(max_digits=30)
        self.intention = ChoiceBox(INTENTIONS.items())
        self.intention_area = ChoiceBox(empty="")
        self.new_area = QPushButton("حوزهٔ جدید…")
        self.new_area.setToolTip("افزودن حوزه‌ای به فهرست حوزه‌های این اداره")
        self.new_area.clicked.connect(self.ask_new_area)
        self.client_name = TextLineEdit()
        self.client_national_code = NationalCodeEdit()
        self.center = TextLineEdit()
        self.items = RowsEditor(ITEM_COLUMNS, _new_item, add_label="افزودن قلم کالا")
        self.items.setMinimumSize(470, 190)
        self.items.model.dataChanged.connect(lambda *_a: self.show_total())
        self.items.model.rowsRemoved.connect(lambda *_a: self.show_total())
        self.condition = ChoiceBox(CONDITIONS.items())
        self.storage = TextLineEdit()
        self.received_by = TextLineEdit()
        self.service_what = TextLineEdit()
        self.service_by = TextLineEdit()
        self.hours = DigitLineEdit(max_digits=4)
        self.sessions = DigitLineEdit(max_digits=4)
        self.note = TextLineEdit()
        self.add_row("benefactor_id", "خیّر", self.benefactor, required=True)
        self.add_row("new_benefactor", "", self.new_benefactor)
        self.add_row("kind", "نوع مشارکت", self.kind)
        self.add_row("received_on", "تاریخ دریافت", self.received_on, required=True)
        self.add_row("amount", "مبلغ (ریال)", self.amount, required=True)
        self.add_row("channel", "شیوهٔ پرداخت", self.channel)
        self.add_row("bank_ref", "کد مرجع بانک", self.bank_ref, required=True)
        self.add_row("items", "اقلام کالا", self.items, required=True)
        self.add_row("condition", "وضعیت کالا", self.condition)
        self.add_row("storage", "محل نگهداری", self.storage)
        self.add_row("received_by", "تحویل‌گیرنده", self.received_by, required=True)
        self.add_row("service_what", "خدمت", self.service_what, required=True)
        self.add_row("service_by", "ارائه‌دهنده", self.service_by, required=True)
        self.add_row("hours", "ساعت", self.hours)
        self.add_row("sessions", "جلسه", self.sessions)
        self.add_row("intention", "نیت", self.intention)
        self.add_row("intention_area", "حوزه", self.intention_area, required=True)
        self.add_row("new_area", "", self.new_area)
        self.add_row("client_name", "نام مددجو", self.client_name, required=True)
        self.add_row(
            "client_national_code", "کد ملی مددجو", self.client_national_code, required=True
        )
        self.add_row("center", "مرکز", self.center)
        self.add_row("note", "یادداشت", self.note)
        self.kind.currentIndexChanged.connect(lambda _i: self.show_rows())
        self.channel.currentIndexChanged.connect(lambda _i: self.show_rows())
        self.intention.currentIndexChanged.connect(lambda _i: self.show_rows())
        self.load_choices()

    def load_choices(self) -> None:
        ctx = self.ctx
        self.benefactor.load(
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
            changes={Change.GIFTS},
        )

    def open_benefactor_form(self) -> BenefactorForm:
        form = BenefactorForm(self.ctx, self.runner, None, self)
        form.saved.connect(self._benefactor_saved)
        form.open()
        return form

    def _benefactor_saved(self, data: Any) -> None:
        ctx = self.ctx
        self.benefactor._loaded = False  # keep the new one as the wanted value
        self.benefactor.setValue(data.id)
        self.benefactor.load(
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
        self.benefactor.setValue(data.benefactor_id or (ANONYMOUS if data.receipt_no else None))
        self.kind.setValue(data.kind)
        self.received_on.setDate(data.received_on)
        self.amount.setValue(data.amount)
        self.channel.setValue(data.channel or "counter")
        self.bank_ref.setValue(data.bank_ref)
        self.intention.setValue(data.intention)
        self.intention_area.setValue(data.intention_area)
        self.client_name.setText(data.client_name)
        self.client_national_code.setValue(data.client_national_code)
        self.center.setText(data.center)
        self.items.set_rows(data.items)
        self.condition.setValue(data.condition)
        self.storage.setText(data.storage)
        self.received_by.setText(data.received_by)
        self.service_what.setText(data.service_what)
        self.service_by.setText(data.service_by)
        self.hours.setValue(str(data.hours or ""))
        self.sessions.setValue(str(data.sessions or ""))
        self.note.setText(data.note)
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
        picked = self.benefactor.value()

        def number(edit: DigitLineEdit) -> int | None:
            text = edit.value()
            return int(text) if text.isdigit() else None

        return GiftData(
            benefactor_id=None if picked in (None, ANONYMOUS) else picked,
            kind=self.kind.value(),
            received_on=self.received_on.date(),
            amount=self.amount.value(),
            channel=self.channel.value() or "",
            bank_ref=self.bank_ref.value() if self.rows["bank_ref"].isVisibleTo(self) else "",
            intention=self.intention.value(),
            intention_area=self.intention_area.value() or "",
            client_name=self.client_name.text(),
            client_national_code=self.client_national_code.value(),
            center=self.center.text(),
            items=self.items.rows(),
            condition=self.condition.value() or "",
            storage=self.storage.text(),
            received_by=self.received_by.text(),
            service_what=self.service_what.text(),
            service_by=self.service_by.text(),
            hours=number(self.hours),
            sessions=number(self.sessions),
            note=self.note.text(),
        )

    def store(self, data: GiftData) -> GiftData:
        return register_gift(self.ctx, data)


__all__ = ["GiftForm"]
