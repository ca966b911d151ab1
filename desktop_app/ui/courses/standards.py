"""The skill standards list (a dialog opened from the courses section) and its form,
on the shared list/form machinery, with import from a CSV file. UI thread only."""

from __future__ import annotations

import uuid
from dataclasses import replace
from functools import partial

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
from ..listing.binding import Field, number_text, text_number
from ..listing.labels import search_hint
from ..tasks import TaskRunner
from ..widgets import DigitLineEdit, TextLineEdit, file_dialogs
from ..widgets.fit import fit_to_screen
from ..widgets.keyboard import keyboard_first


def _code_edit() -> TextLineEdit:
    edit = TextLineEdit(required=True)
    edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
    edit.setPlaceholderText("مثلاً ۷۴۱۱/۵۳/۱/۲")
    return edit


def _hours(label: str, key: str, max_digits: int = 4, required: bool = True) -> Field:
    """Whole hours, an age or a mark typed as digits (a required one reads "" as 0)."""
    return Field(
        key,
        label,
        partial(DigitLineEdit, max_digits=max_digits, required=required),
        required,
        show=number_text,
        read=(lambda t: text_number(t) or 0) if required else text_number,
    )


FIELDS = (
    Field("title", "عنوان", partial(TextLineEdit, required=True), True),
    Field("code", "کد استاندارد", _code_edit, True, show=to_persian_digits),
    replace(_hours("مدت کل (ساعت)", "total_hours"), show=lambda v: number_text(v or None)),
    _hours("ساعت نظری", "theory_hours"),
    _hours("ساعت عملی", "practice_hours"),
    Field(
        "occupation_group",
        "گروه شغلی",
        partial(ChoiceBox, [(g, g) for g in OCCUPATION_GROUPS], empty="", keep_unknown=True),
        True,
    ),
    _hours("حداقل سن", "min_age", 2, required=False),
    Field("gender", "ویژهٔ", partial(ChoiceBox, STANDARD_GENDERS.items())),
    _hours("نمرهٔ قبولی نظری", "pass_mark_theory", 3, required=False),
    _hours("نمرهٔ قبولی عملی", "pass_mark_practice", 3, required=False),
)


class StandardForm(RecordFormDialog):
    new_title = "استاندارد آموزشی جدید"
    edit_title = "ویرایش استاندارد آموزشی"
    data_class = StandardData
    fields = FIELDS
    theory_hours: DigitLineEdit  # bound
    practice_hours: DigitLineEdit

    def load(self, record_id: uuid.UUID) -> StandardData:
        return get_standard(self.ctx, record_id)

    def show_data(self, data: StandardData) -> None:
        super().show_data(data)
        if data.id is None:  # a new standard's hours are typed, not a shown 0
            self.theory_hours.setValue("")
            self.practice_hours.setValue("")

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
