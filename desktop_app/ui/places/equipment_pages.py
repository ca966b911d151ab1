"""The equipment list (``RecordListPage`` + ``ListConfig``) with print (PDF) and Excel
export buttons, and the workshops section that shows it next to the workshops list
as a second tab. UI thread only.

Print and export take the list's filters: the PDF needs a place or a workshop chosen
(it is the list of one of them); both keep only the chosen condition if one is.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from PySide6.QtWidgets import QLabel, QPushButton, QTabWidget, QWidget

from desktop_app.persian import format_number
from desktop_app.persian.bidi import isolate
from desktop_app.services.core.changes import Change
from desktop_app.services.core.context import AppContext
from desktop_app.services.core.errors import ServiceError
from desktop_app.services.core.listing import ListQuery
from desktop_app.services.places.equipment import (
    CONDITIONS,
    EquipmentRow,
    count_equipment,
    delete_equipment,
    equipment_page,
    export_equipment_excel,
    workshop_choices,
)
from desktop_app.services.places.equipment_print import (
    EquipmentScope,
    find_scope,
    print_equipment_list,
)
from desktop_app.services.places.places import place_choices
from desktop_app.ui.errors import error_message
from desktop_app.ui.listing import Column, FilterSpec, ListConfig, RecordListPage, choices, labels
from desktop_app.ui.listing.labels import search_hint
from desktop_app.ui.places.equipment_form import EquipmentForm
from desktop_app.ui.places.pages import workshops_page
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.widgets.file_notice import FileNotice

from ..widgets import file_dialogs


def _equipment_form(page: RecordListPage, record_id: uuid.UUID | None) -> EquipmentForm:
    return EquipmentForm(
        page.ctx,
        page.runner,
        record_id,
        page,
        place_id=page.filter_boxes["place_id"].value(),
        workshop_id=page.filter_boxes["workshop_id"].value(),
    )


def _describe(row: EquipmentRow) -> str:
    return f"{row.name} (شمارهٔ اموال {row.asset_number})"


EQUIPMENT_LIST = ListConfig(
    kinds=frozenset({Change.EQUIPMENT, Change.WORKSHOPS, Change.PLACES}),
    columns=(
        Column("asset_number", "شمارهٔ اموال", numeric=True, width=110),
        Column("name", "نام تجهیزات", stretch=True),
        Column("category", "دسته", width=130),
        Column("workshop_name", "کارگاه", width=150),
        Column("place_name", "مکان", width=160),
        Column("quantity", "تعداد", numeric=True, width=60),
        Column("condition", "وضعیت", choices(CONDITIONS), width=115),
        Column("last_inspection", "آخرین بازدید", numeric=True, width=95),
    ),
    count=count_equipment,
    page=equipment_page,
    open_form=_equipment_form,
    delete=delete_equipment,
    describe=_describe,
    filters=(
        FilterSpec("place_id", "مکان", load_options=place_choices),
        FilterSpec("workshop_id", "کارگاه", load_options=workshop_choices),
        FilterSpec("condition", "وضعیت", list(CONDITIONS.items())),
    ),
    search_hint=search_hint("شمارهٔ اموال", "نام", "دسته", "مدل", "سریال"),
    new_label="تجهیزات جدید",
    default_sort="name",
    audit_table="equipment",
)


class EquipmentListPage(RecordListPage):
    """The equipment list with "print list (PDF)" and "Excel" buttons."""

    def __init__(self, ctx: AppContext, runner: TaskRunner) -> None:
        super().__init__(ctx, runner, EQUIPMENT_LIST)
        self.print_button = QPushButton(labels.print_label("فهرست"))
        self.print_button.setToolTip("فهرست تجهیزات مکان یا کارگاه انتخاب‌شده در فیلترها")
        self.print_button.clicked.connect(self.choose_print_file)
        self.export_button = QPushButton(labels.EXPORT_EXCEL)
        self.export_button.clicked.connect(self.choose_export_file)
        self.status = QLabel()
        self.status.setObjectName("listStatus")
        self.status.setWordWrap(True)
        self.file_notice = FileNotice()
        self.add_actions(
            self.print_button, self.export_button, self.status, self.file_notice, trailing=True
        )
        places = self.filter_boxes["place_id"]
        places.currentIndexChanged.connect(lambda _i: self._load_workshop_filter(places.value()))

    def _load_workshop_filter(self, place_id: uuid.UUID | None) -> None:
        """Offer only the chosen place's workshops in the workshop filter."""
        ctx, box = self.ctx, self.filter_boxes["workshop_id"]
        self.runner.submit(lambda _c: workshop_choices(ctx, place_id), on_done=box.set_choices)

    def _condition(self) -> str | None:
        value = self.filter_boxes["condition"].value()
        return str(value) if value else None

    def _scope_key(self) -> str | None:
        workshop = self.filter_boxes["workshop_id"].value()
        place = self.filter_boxes["place_id"].value()
        chosen = workshop or place
        return str(chosen) if chosen else None

    # -- print ----------------------------------------------------------------------------
    def choose_print_file(self) -> None:
        if self._scope_key() is None:
            self.status.setText("برای چاپ، نخست مکان یا کارگاه را در فیلترها انتخاب کنید.")
            return
        path = file_dialogs.save_file_name(self, "چاپ فهرست تجهیزات", "", labels.PDF_FILTER)
        if path:
            self.print_to(Path(path if path.lower().endswith(".pdf") else path + ".pdf"))

    def print_to(self, path: Path) -> None:
        """Write the list of the chosen place or workshop to ``path`` (worker thread)."""
        key, condition, ctx = self._scope_key(), self._condition(), self.ctx
        if key is None:
            self.status.setText("برای چاپ، نخست مکان یا کارگاه را در فیلترها انتخاب کنید.")
            return

        def work(_c: object) -> EquipmentScope:
            scope = find_scope(ctx, key)
            print_equipment_list(ctx, key, path, condition)
            return scope

        self.status.setText("در حال ساختن PDF…")
        self.file_notice.hide()
        self.runner.submit(
            work,
            on_done=lambda scope: self._printed(scope, path),
            on_error=lambda exc: self.status.setText(error_message(exc)),
        )

    def _printed(self, scope: EquipmentScope, path: Path) -> None:
        self.status.setText("")
        self.file_notice.show_saved(path, f"فهرست «{scope.place_name}»")

    # -- export ---------------------------------------------------------------------------
    def choose_export_file(self) -> None:
        path = file_dialogs.save_file_name(self, labels.EXPORT_EXCEL_TITLE, "", labels.EXCEL_FILTER)
        if path:
            self.export_to(Path(path if path.lower().endswith(".xlsx") else path + ".xlsx"))

    def export_to(self, path: Path) -> None:
        """Write the rows the list's filters and search select to an .xlsx file."""
        query: ListQuery = self.current_query()
        ctx = self.ctx

        def work(_c: object) -> int:
            if not str(path).lower().endswith(".xlsx"):
                raise ServiceError(f"فایل خروجی باید {isolate('.xlsx')} باشد.")
            return export_equipment_excel(ctx, path, query)

        self.status.setText(labels.WRITING_EXCEL)
        self.runner.submit(
            work,
            on_done=lambda n: self.status.setText(
                f"{format_number(n)} قلم در {isolate(str(path))} نوشته شد."
            ),
            on_error=lambda exc: self.status.setText(error_message(exc)),
        )


class WorkshopsSection(QTabWidget):
    """The workshops section: the workshops list and the equipment list as tabs
    (Ctrl+Tab switches)."""

    def __init__(self, ctx: AppContext, runner: TaskRunner) -> None:
        super().__init__()
        self.workshops = workshops_page(ctx, runner)
        self.equipment = EquipmentListPage(ctx, runner)
        self.addTab(self.workshops, "کارگاه‌ها")
        self.addTab(self.equipment, "تجهیزات کارگاهی")


def workshops_section(ctx: AppContext, runner: TaskRunner) -> QWidget:
    return WorkshopsSection(ctx, runner)
