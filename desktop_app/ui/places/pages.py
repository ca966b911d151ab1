"""The places list and the workshops list, as ``ListConfig``s of ``RecordListPage``.
UI thread only."""

from __future__ import annotations

import uuid

from desktop_app.services.core.changes import Change

from ...services.core.context import AppContext
from ...services.core.reference import PROVINCES
from ...services.places.places import (
    PLACE_KINDS,
    WORKSHOP_STATUSES,
    count_places,
    count_workshops,
    delete_place,
    delete_workshop,
    place_choices,
    place_page,
    workshop_page,
)
from ..listing import Column, FilterSpec, ListConfig, RecordListPage, choices
from ..listing.labels import search_hint
from ..tasks import TaskRunner
from .place_form import PlaceForm
from .workshop_form import WorkshopForm


def _place_form(page: RecordListPage, record_id: uuid.UUID | None) -> PlaceForm:
    return PlaceForm(page.ctx, page.runner, record_id, page)


def _workshop_form(page: RecordListPage, record_id: uuid.UUID | None) -> WorkshopForm:
    place = page.filter_boxes["place_id"].value()
    return WorkshopForm(page.ctx, page.runner, record_id, page, place_id=place)


PLACES_LIST = ListConfig(
    kinds=frozenset({Change.PLACES}),
    columns=(
        Column("name", "نام", stretch=True),
        Column("kind", "نوع", choices(PLACE_KINDS), width=105),
        Column("code", "کد", numeric=True, width=70),
        Column("province", "استان", width=85),
        Column("city", "شهر", width=95),
        Column("manager", "مدیر", width=130),
        Column("phone", "تلفن", numeric=True, width=105),
        Column("licence_expiry", "پایان پروانه", numeric=True, width=95),
    ),
    count=count_places,
    page=place_page,
    open_form=_place_form,
    delete=delete_place,
    filters=(
        FilterSpec("province", "استان", [(p, p) for p in PROVINCES]),
        FilterSpec("kind", "نوع", list(PLACE_KINDS.items())),
    ),
    search_hint=search_hint("نام", "کد", "شهر", "مدیر"),
    new_label="مکان جدید",
    default_sort="name",
    audit_table="places",
)

WORKSHOPS_LIST = ListConfig(
    kinds=frozenset({Change.WORKSHOPS, Change.PLACES}),
    columns=(
        Column("name", "نام کارگاه", width=200),
        Column("place_name", "مکان", stretch=True),
        Column("occupation_group", "گروه شغلی", width=140),
        Column("area_m2", "مساحت (متر مربع)", numeric=True, width=100),
        Column("capacity", "ظرفیت", numeric=True, width=80),
        Column("status", "وضعیت", choices(WORKSHOP_STATUSES), width=110),
    ),
    count=count_workshops,
    page=workshop_page,
    open_form=_workshop_form,
    delete=delete_workshop,
    filters=(
        FilterSpec("place_id", "مکان", load_options=place_choices),
        FilterSpec("status", "وضعیت", list(WORKSHOP_STATUSES.items())),
    ),
    search_hint=search_hint("نام کارگاه", "گروه شغلی"),
    new_label="کارگاه جدید",
    default_sort="name",
    audit_table="workshops",
)


def places_page(ctx: AppContext, runner: TaskRunner) -> RecordListPage:
    return RecordListPage(ctx, runner, PLACES_LIST)


def workshops_page(ctx: AppContext, runner: TaskRunner) -> RecordListPage:
    return RecordListPage(ctx, runner, WORKSHOPS_LIST)
