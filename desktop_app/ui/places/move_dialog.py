"""The dialog that moves an item of equipment to another workshop (recorded in its
history by ``services.places.equipment.move_equipment``). UI thread only."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from PySide6.QtWidgets import QLabel

from desktop_app.persian import to_persian_digits, today
from desktop_app.services.core.context import AppContext
from desktop_app.services.places.equipment import EquipmentData, move_equipment, workshop_choices
from desktop_app.ui.listing import RecordFormDialog
from desktop_app.ui.listing.binding import Field
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.widgets import JalaliDateEdit, SearchPicker, TextLineEdit


@dataclass(frozen=True)
class MoveRequest:
    to_workshop_id: uuid.UUID | None
    moved_on: date | None
    note: str


def _note() -> TextLineEdit:
    edit = TextLineEdit()
    edit.setPlaceholderText("چه کسی، به چه دلیل")
    return edit


FIELDS = (
    Field(
        "to_workshop_id",
        "کارگاه مقصد",
        partial(SearchPicker, required=True, placeholder="نام کارگاه یا مکان را تایپ کنید…"),
        True,
    ),
    Field("moved_on", "تاریخ انتقال", partial(JalaliDateEdit, required=True), True),
    Field("note", "توضیح", _note),
)


class MoveDialog(RecordFormDialog):
    """Moves ``item`` (its id, version and current workshop) when saved."""

    new_title = "انتقال به کارگاه دیگر"
    to_workshop_id: SearchPicker  # bound

    def __init__(
        self, ctx: AppContext, runner: TaskRunner, item: EquipmentData, parent: Any = None
    ) -> None:
        self.item = item
        super().__init__(ctx, runner, None, parent)
        self.save_button.setText("انتقال")

    def build(self) -> None:
        number = to_persian_digits(self.item.asset_number)
        self.what = QLabel(f"«{self.item.name}» (شمارهٔ اموال {number})")
        self.what.setWordWrap(True)
        self.fields_layout.addWidget(self.what)
        self.bind(FIELDS)
        current, ctx = self.item.workshop_id, self.ctx
        self.to_workshop_id.load(
            self.runner, lambda: [c for c in workshop_choices(ctx) if c[0] != current]
        )

    def new_data(self) -> MoveRequest:
        return MoveRequest(None, today(), "")

    def store(self, data: MoveRequest) -> EquipmentData:
        assert self.item.id is not None
        return move_equipment(
            self.ctx,
            self.item.id,
            self.item.version,
            data.to_workshop_id,
            data.moved_on,
            data.note,
        )
