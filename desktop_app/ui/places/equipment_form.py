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
from functools import partial
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from desktop_app.persian import format_jalali, to_persian_digits
from desktop_app.services.core.context import AppContext
from desktop_app.services.core.images import EQUIPMENT, prepare_photo
from desktop_app.services.places.equipment import (
    CATEGORIES,
    CONDITIONS,
    EQUIPMENT_LENGTHS,
    UNITS,
    EquipmentData,
    MoveRow,
    equipment_moves,
    get_equipment,
    save_equipment,
    workshop_choices,
)
from desktop_app.ui.listing import ChoiceBox, RecordFormDialog
from desktop_app.ui.listing.binding import Field, number_text, text_number
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


def _asset_number() -> TextLineEdit:
    edit = TextLineEdit(required=True)
    edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
    return edit


#: The first column after the place (a picker that needs the form's context).
WHAT_FIELDS = (
    Field("workshop_id", "کارگاه", partial(ChoiceBox, empty="", required=True), True),
    Field("asset_number", "شمارهٔ اموال", _asset_number, True, show=to_persian_digits),
    Field("name", "نام تجهیزات", partial(TextLineEdit, required=True), True),
    Field("category", "دسته", partial(ChoiceBox, [(c, c) for c in CATEGORIES], empty="")),
    Field("brand_model", "مارک و مدل", TextLineEdit),
    Field("serial_number", "شمارهٔ سریال", TextLineEdit),
    Field(
        "quantity",
        "تعداد",
        partial(DigitLineEdit, max_digits=6, required=True),
        True,
        show=number_text,
        read=text_number,
    ),
    Field("unit", "واحد", partial(ChoiceBox, [(u, u) for u in UNITS])),
)
STATE_FIELDS = (
    Field("acquired_on", "تاریخ تحویل", JalaliDateEdit),
    Field("price_rial", "بهای خرید (ریال)", RialEdit),
    Field("condition", "وضعیت", partial(ChoiceBox, CONDITIONS.items())),
    Field("last_inspection", "آخرین بازدید", JalaliDateEdit),
    Field("notes", "توضیحات", TextLineEdit),
    Field(
        "photo",
        "عکس",
        partial(PhotoField, width=160, height=120, prepare=partial(prepare_photo, kind=EQUIPMENT)),
    ),
)


class EquipmentForm(RecordFormDialog):
    new_title = "تجهیزات جدید"
    edit_title = "ویرایش تجهیزات"
    data_class = EquipmentData
    lengths = EQUIPMENT_LENGTHS
    # bound in ``build`` (and used beyond showing and reading them)
    place_id: PlacePicker
    workshop_id: ChoiceBox
    category: ChoiceBox
    unit: ChoiceBox
    photo: PhotoField

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
        place = Field(
            "place_id", "مکان", lambda: PlacePicker(self.ctx, self.runner, required=True), True
        )
        # two columns (the first is the rightmost): what the item is | its state and photo
        outer = self.fields_layout
        columns = QHBoxLayout()
        columns.setSpacing(18)
        outer.addLayout(columns)
        first, second = QVBoxLayout(), QVBoxLayout()
        columns.addLayout(first, 1)
        columns.addLayout(second, 1)
        self.fields_layout = first
        self.bind((place, *WHAT_FIELDS))
        first.addStretch(1)
        self.fields_layout = second
        self.bind(STATE_FIELDS)
        second.addStretch(1)
        self.fields_layout = outer
        self.history_label = QLabel()
        self.history_label.setObjectName("moveHistory")
        self.history_label.setWordWrap(True)
        self.move_button = QPushButton("انتقال به کارگاه دیگر…")
        self.move_button.clicked.connect(self.open_move)
        self.fields_layout.addWidget(self.history_label)
        self.fields_layout.addWidget(self.move_button)
        self.place_id.currentIndexChanged.connect(lambda _i: self._load_workshops())

    # -- workshops of the chosen place ---------------------------------------------------
    def _load_workshops(self) -> None:
        place_id = self.place_id.value()
        if place_id is None:
            self.workshop_id.set_choices([])
            return
        ctx = self.ctx
        self.runner.submit(
            lambda _c: (place_id, workshop_choices(ctx, place_id)), on_done=self._workshops_loaded
        )

    def _workshops_loaded(self, result: tuple[uuid.UUID, list[tuple[uuid.UUID, str]]]) -> None:
        place_id, choices = result
        if place_id != self.place_id.value():
            return  # the clerk picked another place meanwhile
        wanted = self._wanted_workshop
        self.workshop_id.set_choices(choices)
        if wanted is not None:
            self.workshop_id.setValue(wanted)

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
        for box, value in ((self.category, data.category), (self.unit, data.unit)):
            if value and box.findData(value) < 0:  # a value no longer offered stays shown
                box.addItem(value, value)
        super().show_data(data)
        self._load_workshops()
        saved = data.id is not None
        # a saved item changes workshop only through a recorded move
        self.place_id.setEnabled(not saved)
        self.workshop_id.setEnabled(not saved)
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

    def store(self, data: EquipmentData) -> EquipmentData:
        return save_equipment(self.ctx, data)

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
        self.place_id.setValue(moved.place_id)
        self._load_workshops()
        record_id = moved.id
        assert record_id is not None
        self.runner.submit(
            lambda _c: equipment_moves(self.ctx, record_id), on_done=self._history_loaded
        )

    def _history_loaded(self, history: list[MoveRow]) -> None:
        self.history = history
        self._show_history()
