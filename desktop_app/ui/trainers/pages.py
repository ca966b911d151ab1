"""The trainers list: a ``RecordListPage`` with filters by place, employment type,
active or not and occupation group, and a «چاپ پرونده» button (Ctrl+P) that writes
the selected trainer's profile PDF. UI thread only."""

from __future__ import annotations

import uuid
from pathlib import Path

from PySide6.QtGui import QKeySequence, QShortcut

from desktop_app.services.core.changes import Change
from desktop_app.ui.widgets.file_notice import FileNotice

from ...services.accounts.access import PRINT
from ...services.core.context import AppContext
from ...services.places.places import OCCUPATION_GROUPS, place_choices
from ...services.trainers.trainer_print import print_trainer_by_id
from ...services.trainers.trainers import (
    EMPLOYMENT_TYPES,
    count_trainers,
    delete_trainer,
    trainer_page,
)
from ..errors import show_error
from ..listing import Column, FilterSpec, ListConfig, RecordListPage, choices, labels
from ..listing.labels import search_hint
from ..tasks import TaskRunner
from ..widgets import file_dialogs
from .trainer_form import PDF_FILTER, TrainerForm


def _trainer_form(page: RecordListPage, record_id: uuid.UUID | None) -> TrainerForm:
    return TrainerForm(page.ctx, page.runner, record_id, page)


TRAINERS_LIST = ListConfig(
    kinds=frozenset({Change.TRAINERS, Change.PLACES}),
    columns=(
        Column("last_name", "نام خانوادگی", width=150),
        Column("first_name", "نام", width=120),
        Column("national_code", "کد ملی", numeric=True, width=105),
        Column("place_name", "محل خدمت", stretch=True),
        Column("employment_type", "نوع استخدام", choices(EMPLOYMENT_TYPES), width=95),
        Column("mobile", "تلفن همراه", numeric=True, width=105),
        Column("hire_date", "تاریخ استخدام", numeric=True, width=95),
        Column("active", "فعال", numeric=True, width=55),
    ),
    count=count_trainers,
    page=trainer_page,
    open_form=_trainer_form,
    delete=delete_trainer,
    describe=lambda row: f"{row.first_name} {row.last_name}",
    filters=(
        FilterSpec("place_id", "محل خدمت", load_options=place_choices),
        FilterSpec("employment_type", "نوع استخدام", list(EMPLOYMENT_TYPES.items())),
        FilterSpec("active", "وضعیت", [(True, "فعال"), (False, "غیرفعال")]),
        FilterSpec("occupation_group", "گروه شغلی", [(g, g) for g in OCCUPATION_GROUPS]),
    ),
    search_hint=search_hint("نام", "نام خانوادگی", "کد ملی", "تلفن همراه"),
    new_label="مربی جدید",
    default_sort="last_name",
    audit_table="trainers",
)


class TrainerListPage(RecordListPage):
    """The shared list page plus printing the selected trainer's profile."""

    def __init__(self, ctx: AppContext, runner: TaskRunner) -> None:
        super().__init__(ctx, runner, TRAINERS_LIST)
        self.print_button = self.add_action(
            labels.print_label("پرونده"), self.print_selected, PRINT, after=self.delete_button
        )
        self.print_button.setToolTip("Ctrl+P")
        self.file_notice = FileNotice()
        self.add_actions(self.file_notice, trailing=True)
        shortcut = QShortcut(QKeySequence("Ctrl+P"), self)
        shortcut.activated.connect(lambda: self.print_selected())

    def print_selected(self, path: str | Path | None = None) -> None:
        """Write the selected trainer's profile PDF (asks where unless ``path`` is given)."""
        row = self.selected_row()
        if row is None:
            return
        if path is None:
            # a masked national code (۰۰۱۲****۷۸) is no file name: use the name then
            code = row.national_code if "*" not in row.national_code else ""
            name = f"مربی-{code or f'{row.first_name}-{row.last_name}'}.pdf"
            path = file_dialogs.save_file_name(self, "چاپ پروندهٔ مربی", name, PDF_FILTER)
            if not path:
                return
        target, trainer_id = Path(path), row.id
        self.runner.submit(
            lambda _c: print_trainer_by_id(self.ctx, trainer_id, target),
            on_done=lambda _r: self.printed(target),
            on_error=lambda exc: show_error(self, exc),
        )

    def printed(self, target: Path) -> None:
        """Tell the clerk where the PDF is, with a button to open its folder."""
        self.file_notice.show_saved(target, "پروندهٔ مربی")


def trainers_page(ctx: AppContext, runner: TaskRunner) -> TrainerListPage:
    return TrainerListPage(ctx, runner)
