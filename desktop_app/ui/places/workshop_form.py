"""The form of one workshop of a place. UI thread only.

The place is chosen with the searchable ``PlacePicker`` (type part of the name or
city); its options load off the UI thread and the workshop's place is selected once
they arrive.
"""

from __future__ import annotations

import uuid
from typing import Any

from desktop_app.services.core.changes import Change

from ...services.core.context import AppContext
from ...services.places.places import (
    OCCUPATION_GROUPS,
    WORKSHOP_STATUSES,
    WorkshopData,
    get_workshop,
    save_workshop,
)
from ..listing import ChoiceBox, RecordFormDialog
from ..tasks import TaskRunner
from ..widgets import DigitLineEdit, PlacePicker, TextLineEdit


class WorkshopForm(RecordFormDialog):
    kinds = frozenset({Change.WORKSHOPS})
    new_title = "کارگاه جدید"
    edit_title = "ویرایش کارگاه"

    def __init__(
        self,
        ctx: AppContext,
        runner: TaskRunner,
        record_id: uuid.UUID | None = None,
        parent: Any = None,
        *,
        place_id: uuid.UUID | None = None,
    ) -> None:
        self._wanted_place = place_id
        super().__init__(ctx, runner, record_id, parent)

    def build(self) -> None:
        self.place = PlacePicker(self.ctx, self.runner, required=True)
        self.name = TextLineEdit(required=True)
        self.group = ChoiceBox(((g, g) for g in OCCUPATION_GROUPS), empty="", required=True)
        self.area = DigitLineEdit(max_digits=6)
        self.capacity = DigitLineEdit(max_digits=4)
        self.status = ChoiceBox(WORKSHOP_STATUSES.items())
        self.add_row("place_id", "مکان", self.place, required=True)
        self.add_row("name", "نام کارگاه", self.name, required=True)
        self.add_row("occupation_group", "گروه شغلی", self.group, required=True)
        self.add_row("area_m2", "مساحت (متر مربع)", self.area)
        self.add_row("capacity", "ظرفیت (نفر)", self.capacity)
        self.add_row("status", "وضعیت", self.status)

    def new_data(self) -> WorkshopData:
        return WorkshopData(place_id=self._wanted_place)

    def load(self, record_id: uuid.UUID) -> WorkshopData:
        return get_workshop(self.ctx, record_id)

    def show_data(self, data: WorkshopData) -> None:
        self._wanted_place = data.place_id
        self.place.setValue(data.place_id)
        self.name.setText(data.name)
        if data.occupation_group and self.group.findData(data.occupation_group) < 0:
            self.group.addItem(data.occupation_group, data.occupation_group)
        self.group.setValue(data.occupation_group)
        self.area.setValue("" if data.area_m2 is None else str(data.area_m2))
        self.capacity.setValue("" if data.capacity is None else str(data.capacity))
        self.status.setValue(data.status)

    def typed_data(self) -> WorkshopData:
        base: Any = self.loaded_data or WorkshopData()
        return WorkshopData(
            id=base.id,
            version=base.version,
            place_id=self.place.value(),
            name=self.name.text(),
            occupation_group=self.group.value() or "",
            area_m2=int(self.area.value()) if self.area.value() else None,
            capacity=int(self.capacity.value()) if self.capacity.value() else None,
            status=self.status.value(),
        )

    def store(self, data: WorkshopData) -> WorkshopData:
        return save_workshop(self.ctx, data)
