"""The form of one workshop of a place. UI thread only.

The place is chosen with the searchable ``PlacePicker`` (type part of the name or
city); its options load off the UI thread and the workshop's place is selected once
they arrive.
"""

from __future__ import annotations

import uuid
from functools import partial
from typing import Any

from ...services.core.context import AppContext
from ...services.places.places import (
    OCCUPATION_GROUPS,
    WORKSHOP_STATUSES,
    WorkshopData,
    get_workshop,
    save_workshop,
)
from ..listing import ChoiceBox, RecordFormDialog
from ..listing.binding import Field, number_text, text_number
from ..tasks import TaskRunner
from ..widgets import DigitLineEdit, PlacePicker, TextLineEdit

FIELDS = (
    Field("name", "نام کارگاه", partial(TextLineEdit, required=True), True),
    Field(
        "occupation_group",
        "گروه شغلی",
        partial(ChoiceBox, [(g, g) for g in OCCUPATION_GROUPS], empty="", keep_unknown=True),
        True,
    ),
    Field(
        "area_m2",
        "مساحت (متر مربع)",
        partial(DigitLineEdit, max_digits=6),
        show=number_text,
        read=text_number,
    ),
    Field(
        "capacity",
        "ظرفیت (نفر)",
        partial(DigitLineEdit, max_digits=4),
        show=number_text,
        read=text_number,
    ),
    Field("status", "وضعیت", partial(ChoiceBox, WORKSHOP_STATUSES.items())),
)


class WorkshopForm(RecordFormDialog):
    new_title = "کارگاه جدید"
    edit_title = "ویرایش کارگاه"
    data_class = WorkshopData

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
        place = Field(
            "place_id", "مکان", lambda: PlacePicker(self.ctx, self.runner, required=True), True
        )
        self.bind((place, *FIELDS))

    def new_data(self) -> WorkshopData:
        return WorkshopData(place_id=self._wanted_place)

    def load(self, record_id: uuid.UUID) -> WorkshopData:
        return get_workshop(self.ctx, record_id)

    def store(self, data: WorkshopData) -> WorkshopData:
        return save_workshop(self.ctx, data)
