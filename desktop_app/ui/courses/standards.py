"""The skill standards list (a dialog opened from the courses section) and its form,
on the shared list/form machinery, with import from a CSV file. UI thread only."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.core.changes import Change

from ...persian import to_persian_digits
from ...services.core.context import AppContext
from ...services.courses.standards import (
    STANDARD_GENDERS,
    ImportReport,
    StandardData,
    count_standards,
    delete_standard,
    get_standard,
    import_standards_csv,
    save_standard,
    standard_page,
)
from ...services.places.places import OCCUPATION_GROUPS
from ..errors import show_error
from ..listing import ChoiceBox, Column, FilterSpec, ListConfig, RecordFormDialog, RecordListPage
from ..listing.labels import search_hint
from ..tasks import TaskRunner
from ..widgets import DigitLineEdit, TextLineEdit, file_dialogs
from ..widgets.fit import fit_to_screen
from ..widgets.keyboard import keyboard_first


def _number(edit: DigitLineEdit) -> int | None:
    return int(edit.value()) if edit.value() else None


def _show(value: int | None) -> str:
    return "" if value is None else str(value)


class StandardForm(RecordFormDialog):
    kinds = frozenset({Change.STANDARDS})
    new_title = "استاندارد آموزشی جدید"
    edit_title = "ویرایش استاندارد آموزشی"

    def build(self) -> None:
        self.title = TextLineEdit(required=True)
        self.code = TextLineEdit(required=True)
        self.code.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
        self.code.setPlaceholderText("مثلاً ۷۴۱۱/۵۳/۱/۲")
        self.total_hours = DigitLineEdit(max_digits=4, required=True)
        self.theory_hours = DigitLineEdit(max_digits=4, required=True)
        self.practice_hours = DigitLineEdit(max_digits=4, required=True)
        self.group = ChoiceBox(((g, g) for g in OCCUPATION_GROUPS), empty="", required=True)
        self.min_age = DigitLineEdit(max_digits=2)
        self.gender = ChoiceBox(STANDARD_GENDERS.items())
        self.pass_theory = DigitLineEdit(max_digits=3)
        self.pass_practice = DigitLineEdit(max_digits=3)
        self.add_row("title", "عنوان", self.title, required=True)
        self.add_row("code", "کد استاندارد", self.code, required=True)
        self.add_row("total_hours", "مدت کل (ساعت)", self.total_hours, required=True)
        self.add_row("theory_hours", "ساعت نظری", self.theory_hours, required=True)
        self.add_row("practice_hours", "ساعت عملی", self.practice_hours, required=True)
        self.add_row("occupation_group", "گروه شغلی", self.group, required=True)
        self.add_row("min_age", "حداقل سن", self.min_age)
        self.add_row("gender", "ویژهٔ", self.gender)
        self.add_row("pass_mark_theory", "نمرهٔ قبولی نظری", self.pass_theory)
        self.add_row("pass_mark_practice", "نمرهٔ قبولی عملی", self.pass_practice)

    def new_data(self) -> StandardData:
        return StandardData()

    def load(self, record_id: uuid.UUID) -> StandardData:
        return get_standard(self.ctx, record_id)

    def show_data(self, data: StandardData) -> None:
        self.title.setText(data.title)
        self.code.setText(to_persian_digits(data.code))
        self.total_hours.setValue(_show(data.total_hours or None))
        self.theory_hours.setValue(_show(data.theory_hours if data.id else None))
        self.practice_hours.setValue(_show(data.practice_hours if data.id else None))
        if data.occupation_group and self.group.findData(data.occupation_group) < 0:
            self.group.addItem(data.occupation_group, data.occupation_group)
        self.group.setValue(data.occupation_group)
        self.min_age.setValue(_show(data.min_age))
        self.gender.setValue(data.gender)
        self.pass_theory.setValue(_show(data.pass_mark_theory))
        self.pass_practice.setValue(_show(data.pass_mark_practice))

    def typed_data(self) -> StandardData:
        base: Any = self.loaded_data or StandardData()
        return StandardData(
            id=base.id,
            version=base.version,
            title=self.title.text(),
            code=self.code.text(),
            total_hours=_number(self.total_hours) or 0,
            theory_hours=_number(self.theory_hours) or 0,
            practice_hours=_number(self.practice_hours) or 0,
            occupation_group=self.group.value() or "",
            min_age=_number(self.min_age),
            gender=self.gender.value(),
            pass_mark_theory=_number(self.pass_theory),
            pass_mark_practice=_number(self.pass_practice),
        )

    def store(self, data: StandardData) -> StandardData:
        return save_standard(self.ctx, data)


def _standard_form(page: RecordListPage, record_id: uuid.UUID | None) -> StandardForm:
    return StandardForm(page.ctx, page.runner, record_id, page)


STANDARDS_LIST = ListConfig(
    kinds=frozenset({Change.STANDARDS}),
    columns=(
        Column("title", "عنوان", stretch=True),
        Column("code", "کد", numeric=True, width=110),
        Column("total_hours", "مدت کل", numeric=True, width=70),
        Column("theory_hours", "نظری", numeric=True, width=60),
        Column("practice_hours", "عملی", numeric=True, width=60),
        Column("occupation_group", "گروه شغلی", width=130),
    ),
    count=count_standards,
    page=standard_page,
    open_form=_standard_form,
    delete=delete_standard,
    describe=lambda row: row.title,
    filters=(FilterSpec("occupation_group", "گروه شغلی", [(g, g) for g in OCCUPATION_GROUPS]),),
    search_hint=search_hint("عنوان", "کد", "گروه شغلی"),
    new_label="استاندارد جدید",
    default_sort="title",
)


class StandardsDialog(QDialog):
    """The office's list of skill standards: add, edit, delete, import from CSV."""

    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.setWindowTitle("استانداردهای آموزشی")
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        fit_to_screen(self, 900, 560)
        self.page = RecordListPage(ctx, runner, STANDARDS_LIST)
        self.import_button = QPushButton("ورود از فایل CSV…")
        self.import_button.clicked.connect(self.choose_csv)
        close = QPushButton("بستن")
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.page, 1)
        layout.addLayout(buttons)
        keyboard_first(self, None)  # Enter opens the standard under the cursor

    def choose_csv(self) -> None:
        path = file_dialogs.open_file_name(self, "فایل استانداردها", "", "CSV (*.csv)")
        if path:
            self.import_csv(path)

    def import_csv(self, path: str) -> None:
        from pathlib import Path

        self.runner.submit(
            lambda _c: import_standards_csv(self.ctx, Path(path)),
            on_done=self._imported,
            on_error=lambda exc: show_error(self, exc),
            write=True,
            changes={Change.STANDARDS},
        )

    def _imported(self, report: ImportReport) -> None:
        text = to_persian_digits(
            f"{report.created} استاندارد افزوده و {report.updated} استاندارد به‌روز شد."
        )
        if report.problems:
            text += "\n\nاین سطرها وارد نشد:\n" + "\n".join(report.problems)
        self.last_report = report
        box = QMessageBox(QMessageBox.Icon.Information, "ورود استانداردها", text, parent=self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
