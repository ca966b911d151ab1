"""The service catalog list (``CatalogPage``): the shared ``RecordListPage`` configured
for service cards, plus the catalog's own actions on the selected card — duplicate,
print preview of the card, the SLA statement editor — and Excel export of the list as
filtered now. UI thread only."""

from __future__ import annotations

import uuid
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from desktop_app.services.core.changes import Change

from ...documents.service_card_data import AUDIENCES, LEVELS, LIFE_EVENTS
from ...persian import format_number
from ...services.catalog.service_card_list import (
    agency_choices,
    card_page,
    count_cards,
    delete_card_row,
    duplicate_card_row,
    export_list_excel,
)
from ...services.catalog.service_cards import get_card
from ...services.core.context import AppContext
from ..errors import show_error
from ..listing import Column, FilterSpec, ListConfig, RecordListPage, choices, labels, plain_digits
from ..listing.labels import search_hint
from ..tasks import TaskRunner, data_bus
from ..widgets import file_dialogs
from .card_form import ServiceCardForm

KINDS = frozenset({Change.SERVICE_CARDS})


def _open_form(page: RecordListPage, record_id: uuid.UUID | None) -> ServiceCardForm:
    return ServiceCardForm(page.ctx, page.runner, record_id, page)


def _audiences(value: object) -> str:
    return "، ".join(value) if isinstance(value, list) else ""


CATALOG_LIST = ListConfig(
    kinds=KINDS,
    columns=(
        Column("title", "عنوان خدمت", stretch=True),
        Column("service_code", "شناسه خدمت", plain_digits, numeric=True, width=120),
        Column("agency", "دستگاه اجرایی", width=230),
        Column("audiences", "نوع خدمت", _audiences, sortable=False, width=110),
        Column("level", "سطح", choices(LEVELS), width=80),
        Column("recipients_count", "خدمت‌گیرندگان", numeric=True, width=105),
    ),
    count=count_cards,
    page=card_page,
    open_form=_open_form,
    delete=delete_card_row,
    describe=lambda row: str(row.title),
    filters=(
        FilterSpec("audience", "نوع خدمت", [(key, key) for key in AUDIENCES]),
        FilterSpec("level", "سطح", list(LEVELS.items())),
        FilterSpec("agency", "دستگاه", load_options=agency_choices),
        FilterSpec("life_event", "رویداد", [(k, v) for k, v in LIFE_EVENTS.items()]),
    ),
    search_hint=search_hint("عنوان", "شناسه", "دستگاه", "شرح خدمت"),
    new_label="شناسنامهٔ جدید",
    default_sort="title",
    audit_table="service_cards",
)


class CatalogPage(RecordListPage):
    def __init__(self, ctx: AppContext, runner: TaskRunner, opened: bool = True) -> None:
        super().__init__(ctx, runner, CATALOG_LIST, opened=opened)
        self.duplicate_button = QPushButton("رونوشت")
        self.duplicate_button.setToolTip("یک شناسنامهٔ تازه از روی شناسنامهٔ انتخاب‌شده")
        self.duplicate_button.clicked.connect(self.duplicate_selected)
        self.print_button = QPushButton(labels.print_label("شناسنامه"))
        self.print_button.setToolTip("Ctrl+P")
        self.print_button.setShortcut("Ctrl+P")
        self.print_button.clicked.connect(self.print_selected)
        self.sla_button = QPushButton("بیانیهٔ سطح خدمت…")
        self.sla_button.clicked.connect(self.sla_selected)
        self.excel_button = QPushButton(labels.EXPORT_EXCEL)
        self.excel_button.setToolTip("فهرست همان‌طور که جستجو و صافی شده است")
        self.excel_button.clicked.connect(self.export_with_dialog)
        self.notice = QLabel()
        self.notice.setObjectName("listNotice")
        # the card's own actions on a row of their own: one row of nine buttons needs
        # 818 pixels, more than a 1024-pixel window leaves beside the navigation
        self.add_actions(self.duplicate_button, self.print_button, self.sla_button, second_row=True)
        self.add_actions(self.notice, self.excel_button, trailing=True, second_row=True)
        self.last_dialog: object = None
        data_bus().data_changed.connect(self._reload_agencies)

    def _reload_agencies(self, kinds: frozenset[str]) -> None:
        if self.loaded and (kinds & KINDS or Change.EVERYTHING in kinds):
            spec = next(s for s in self.config.filters if s.key == "agency")
            self._load_filter_options(spec, self.filter_boxes["agency"])

    def _selected_card(self) -> str | None:
        row = self.selected_row()
        return str(row.id) if row is not None else None

    def duplicate_selected(self) -> None:
        card_id = self.selected_id()
        if card_id is None:
            return
        self.runner.submit(
            lambda _c: duplicate_card_row(self.ctx, card_id),
            on_done=self._duplicated,
            on_error=lambda exc: show_error(self, exc),
            write=True,
        )

    def _duplicated(self, new_id: uuid.UUID) -> None:
        self._reselect = new_id
        self.last_dialog = self._open(new_id)  # the copy, to rename and complete

    def print_selected(self) -> None:
        card_id = self._selected_card()
        if card_id is None:
            return
        from .printing import preview_card  # reportlab and QtPdf load on first print

        self.runner.submit(
            lambda _c: get_card(self.ctx, card_id),
            on_done=lambda card: preview_card(self, self.runner, card),
            on_error=lambda exc: show_error(self, exc),
        )

    def sla_selected(self) -> None:
        card_id = self._selected_card()
        if card_id is None:
            return
        from .sla_dialog import SlaDialog  # reportlab and QtPdf load on first use

        dialog = SlaDialog(self.ctx, self.runner, card_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_dialog = dialog
        dialog.open()

    def export_with_dialog(self) -> None:
        path = file_dialogs.save_file_name(
            self, labels.EXPORT_EXCEL_TITLE, "service-cards.xlsx", labels.EXCEL_FILTER
        )
        if path:
            self.export_excel(Path(path) if path.endswith(".xlsx") else Path(path + ".xlsx"))

    def export_excel(self, path: Path) -> None:
        """Write the list as searched and filtered now to ``path`` (off the UI thread)."""
        query = self.current_query()
        self.notice.setText(labels.WRITING_EXCEL)
        self.runner.submit(
            lambda _c: export_list_excel(self.ctx, query, path),
            on_done=lambda n: self.notice.setText(
                f"{format_number(n)} شناسنامه در {path.name} نوشته شد."
            ),
            on_error=self._export_failed,
        )

    def _export_failed(self, exc: Exception) -> None:
        self.notice.clear()
        show_error(self, exc)
