"""The form of one item of workshop equipment: place (searchable picker) and workshop,
asset number, name, category, brand/model, serial, quantity and unit, dates, price,
condition, notes, a photo (choose / clear, with preview) and, for a saved item, its
move history with a "move to another workshop" button. UI thread only.

A saved item's workshop is changed only through the move dialog, so every move is
dated and kept in the history.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from desktop_app.persian import format_jalali, to_persian_digits
from desktop_app.services.core.changes import Change
from desktop_app.services.core.context import AppContext
from desktop_app.services.core.images import EQUIPMENT, prepare_photo
from desktop_app.services.places.equipment import (
    CATEGORIES,
    CONDITIONS,
    UNITS,
    EquipmentData,
    MoveRow,
    equipment_moves,
    get_equipment,
    save_equipment,
    workshop_choices,
)
from desktop_app.ui.errors import error_message
from desktop_app.ui.listing import ChoiceBox, RecordFormDialog
from desktop_app.ui.places.move_dialog import MoveDialog
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.widgets import (
    DigitLineEdit,
    JalaliDateEdit,
    PhotoField,
    PlacePicker,
    RialEdit,
    TextLineEdit,
)


class EquipmentForm(RecordFormDialog):
    kinds = frozenset({Change.EQUIPMENT})
    new_title = "تجهیزات جدید"
    edit_title = "ویرایش تجهیزات"

    def __init__(
        self,
        ctx: AppContext,
        runner: TaskRunner,
        record_id: uuid.UUID | None = None,
        parent: Any = None,
        *,
        place_id: uuid.UUID | None = None,
        workshop_id: uuid.UUID | None = None,
    ) -> None:
        self._start = (place_id, workshop_id)
        self._wanted_workshop = workshop_id
        self.history: list[MoveRow] = []
        super().__init__(ctx, runner, record_id, parent)
        self.setMinimumWidth(980)

    def build(self) -> None:
        self.place = PlacePicker(self.ctx, self.runner, required=True)
        self.workshop = ChoiceBox(empty="", required=True)
        self.asset_number = TextLineEdit(required=True)
        self.asset_number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
        self.name = TextLineEdit(required=True)
        self.category = ChoiceBox(((c, c) for c in CATEGORIES), empty="")
        self.brand_model = TextLineEdit()
        self.serial_number = TextLineEdit()
        self.quantity = DigitLineEdit(max_digits=6, required=True)
        self.unit = ChoiceBox((u, u) for u in UNITS)
        self.acquired_on = JalaliDateEdit()
        self.price = RialEdit()
        self.condition = ChoiceBox(CONDITIONS.items())
        self.last_inspection = JalaliDateEdit()
        self.notes = TextLineEdit()
        self.photo = PhotoField(width=160, height=120)
        self.photo.fileChosen.connect(self.choose_photo_file)
        # two columns (the first is the rightmost): what the item is | its state and photo
        outer = self.fields_layout
        columns = QHBoxLayout()
        columns.setSpacing(18)
        outer.addLayout(columns)
        first, second = QVBoxLayout(), QVBoxLayout()
        columns.addLayout(first, 1)
        columns.addLayout(second, 1)
        self.fields_layout = first
        self.add_row("place_id", "مکان", self.place, required=True)
        self.add_row("workshop_id", "کارگاه", self.workshop, required=True)
        self.add_row("asset_number", "شمارهٔ اموال", self.asset_number, required=True)
        self.add_row("name", "نام تجهیزات", self.name, required=True)
        self.add_row("category", "دسته", self.category)
        self.add_row("brand_model", "مارک و مدل", self.brand_model)
        self.add_row("serial_number", "شمارهٔ سریال", self.serial_number)
        self.add_row("quantity", "تعداد", self.quantity, required=True)
        self.add_row("unit", "واحد", self.unit)
        first.addStretch(1)
        self.fields_layout = second
        self.add_row("acquired_on", "تاریخ تحویل", self.acquired_on)
        self.add_row("price_rial", "بهای خرید (ریال)", self.price)
        self.add_row("condition", "وضعیت", self.condition)
        self.add_row("last_inspection", "آخرین بازدید", self.last_inspection)
        self.add_row("notes", "توضیحات", self.notes)
        self.add_row("photo", "عکس", self.photo)
        second.addStretch(1)
        self.fields_layout = outer
        self.history_label = QLabel()
        self.history_label.setObjectName("moveHistory")
        self.history_label.setWordWrap(True)
        self.move_button = QPushButton("انتقال به کارگاه دیگر…")
        self.move_button.clicked.connect(self.open_move)
        self.fields_layout.addWidget(self.history_label)
        self.fields_layout.addWidget(self.move_button)
        self.place.currentIndexChanged.connect(lambda _i: self._load_workshops())

    # -- workshops of the chosen place ---------------------------------------------------
    def _load_workshops(self) -> None:
        place_id = self.place.value()
        if place_id is None:
            self.workshop.set_choices([])
            return
        ctx = self.ctx
        self.runner.submit(
            lambda _c: (place_id, workshop_choices(ctx, place_id)), on_done=self._workshops_loaded
        )

    def _workshops_loaded(self, result: tuple[uuid.UUID, list[tuple[uuid.UUID, str]]]) -> None:
        place_id, choices = result
        if place_id != self.place.value():
            return  # the clerk picked another place meanwhile
        wanted = self._wanted_workshop
        self.workshop.set_choices(choices)
        if wanted is not None:
            self.workshop.setValue(wanted)

    # -- data -----------------------------------------------------------------------------
    def new_data(self) -> EquipmentData:
        place_id, workshop_id = self._start
        return EquipmentData(place_id=place_id, workshop_id=workshop_id)

    def load(self, record_id: uuid.UUID) -> tuple[EquipmentData, list[MoveRow]]:
        return get_equipment(self.ctx, record_id), equipment_moves(self.ctx, record_id)

    def _loaded(self, data: Any) -> None:
        item, self.history = data
        super()._loaded(item)

    def show_data(self, data: EquipmentData) -> None:
        self._wanted_workshop = data.workshop_id
        self.place.setValue(data.place_id)
        self._load_workshops()
        self.asset_number.setText(to_persian_digits(data.asset_number))
        self.name.setText(data.name)
        if data.category and self.category.findData(data.category) < 0:
            self.category.addItem(data.category, data.category)
        self.category.setValue(data.category)
        self.brand_model.setText(data.brand_model)
        self.serial_number.setText(data.serial_number)
        self.quantity.setValue("" if data.quantity is None else str(data.quantity))
        if data.unit and self.unit.findData(data.unit) < 0:
            self.unit.addItem(data.unit, data.unit)
        self.unit.setValue(data.unit)
        self.acquired_on.setDate(data.acquired_on)
        self.price.setValue(data.price_rial)
        self.condition.setValue(data.condition)
        self.last_inspection.setDate(data.last_inspection)
        self.notes.setText(data.notes)
        self.photo.set_photo(data.photo)
        saved = data.id is not None
        # a saved item changes workshop only through a recorded move
        self.place.setEnabled(not saved)
        self.workshop.setEnabled(not saved)
        self.move_button.setVisible(saved)
        self._show_history()

    def _show_history(self) -> None:
        if self.loaded_data is None:
            self.history_label.hide()
            return
        if not self.history:
            text = "سابقهٔ جابه‌جایی: این قلم تاکنون جابه‌جا نشده است."
        else:
            lines = [
                f"{format_jalali(m.moved_on)}: از {m.from_workshop} به {m.to_workshop}"
                + (f" ({m.note})" if m.note else "")
                for m in self.history
            ]
            count = to_persian_digits(len(self.history))
            text = f"سابقهٔ جابه‌جایی ({count} مورد):\n" + "\n".join(lines)
        self.history_label.setText(text)
        self.history_label.show()

    def typed_data(self) -> EquipmentData:
        base: Any = self.loaded_data or EquipmentData()
        quantity = self.quantity.value()
        return EquipmentData(
            id=base.id,
            version=base.version,
            workshop_id=self.workshop.value(),
            place_id=self.place.value(),
            asset_number=self.asset_number.text(),
            name=self.name.text(),
            category=self.category.value() or "",
            brand_model=self.brand_model.text(),
            serial_number=self.serial_number.text(),
            quantity=int(quantity) if quantity else None,
            unit=self.unit.value() or "",
            acquired_on=self.acquired_on.date(),
            price_rial=self.price.value(),
            condition=self.condition.value(),
            last_inspection=self.last_inspection.date(),
            notes=self.notes.text(),
            photo=self.photo.photo(),
        )

    def store(self, data: EquipmentData) -> EquipmentData:
        return save_equipment(self.ctx, data)

    # -- photo ----------------------------------------------------------------------------
    def choose_photo_file(self, path: str) -> None:
        """Read and convert the chosen image off the UI thread (any common format, as a
        compact JPEG); a refusal is shown under the photo and the photo shown before
        stays, with everything else the clerk typed."""
        self.photo.choose_button.setEnabled(False)

        def done(data: bytes) -> None:
            self.photo.choose_button.setEnabled(True)
            self.photo.set_photo(data)

        def failed(exc: Exception) -> None:
            self.photo.choose_button.setEnabled(True)
            self.photo.set_error(error_message(exc))

        self.runner.submit(lambda _c: prepare_photo(path, EQUIPMENT), on_done=done, on_error=failed)

    # -- moving ---------------------------------------------------------------------------
    def open_move(self) -> MoveDialog | None:
        if self.loaded_data is None:
            return None
        dialog = MoveDialog(self.ctx, self.runner, self.loaded_data, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._moved)
        dialog.open()
        return dialog

    def _moved(self, moved: EquipmentData) -> None:
        """Take the new workshop and version; keep whatever else the clerk typed."""
        self.loaded_data = replace(
            self.loaded_data,
            version=moved.version,
            workshop_id=moved.workshop_id,
            place_id=moved.place_id,
        )
        self._wanted_workshop = moved.workshop_id
        self.place.setValue(moved.place_id)
        self._load_workshops()
        record_id = moved.id
        assert record_id is not None
        self.runner.submit(
            lambda _c: equipment_moves(self.ctx, record_id), on_done=self._history_loaded
        )

    def _history_loaded(self, history: list[MoveRow]) -> None:
        self.history = history
        self._show_history()
