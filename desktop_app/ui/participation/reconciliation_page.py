"""Bank reconciliation (تطبیق صورتحساب بانک): «ورود صورتحساب…» reads the participation
account's statement (CSV or Excel) on the write worker and reports what was added,
already there, matched and left over (rows not understood are listed by number);
importing the same file again adds nothing. The list shows every statement line with
its proposed receipt; «تأیید تطبیق» confirms the selected match, «برداشتن تطبیق» undoes
a wrong proposal. Below, the date tolerance of matching (days a line's booking may lie
from its gift's day; saved by whoever may change settings) and the electronic gifts no
statement line covers. UI thread only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
)

from ...persian import format_number, to_persian_digits
from ...services.accounts.access import ENTER, SETTINGS, can
from ...services.core.changes import Change
from ...services.core.context import AppContext
from ...services.core.listing import ListQuery
from ...services.participation.reconciliation import (
    LINE_STATES,
    ImportReport,
    confirm_match,
    count_lines,
    import_statement,
    line_page,
    load_match_tolerance,
    save_match_tolerance,
    unmatch,
    unmatched_gifts,
)
from ...services.participation.summary import export_statement_lines
from ...services.participation.vocab import CHANNELS
from ..errors import error_message
from ..listing import Column, FilterSpec, ListConfig, RecordTableModel, choices
from ..listing.labels import search_hint
from ..tasks import TaskRunner
from ..widgets import file_dialogs
from ..widgets.digit_edit import DigitLineEdit
from .common import ParticipationListPage

STATEMENT_FILTER = "صورتحساب بانک (*.csv *.xlsx)"


def _no_form(page: Any, _record_id: Any) -> Any:
    raise AssertionError("statement lines come from the bank's file")


def _state(value: Any) -> str:
    return "تأیید شده" if value else ""


LINES_LIST = ListConfig(
    kinds=frozenset({Change.BANK_STATEMENT_LINES, Change.GIFTS}),
    columns=(
        Column("booked_on", "تاریخ", numeric=True, width=90),
        Column("amount", "مبلغ (ریال)", numeric=True, width=130),
        Column("bank_ref", "کد مرجع", numeric=True, width=130),
        Column("description", "شرح", stretch=True),
        Column("receipt_no", "رسید تطبیق‌شده", numeric=True, width=130),
        Column("confirmed_on", "تأیید", _state, width=90),
    ),
    count=count_lines,
    page=line_page,
    open_form=_no_form,
    filters=(FilterSpec("state", "تطبیق", list(LINE_STATES.items())),),
    search_hint=search_hint("کد مرجع"),
    default_sort="booked_on",
    describe=lambda row: row.bank_ref,
)

UNMATCHED_COLUMNS = (
    Column("receipt_no", "رسید", sortable=False, numeric=True, width=130),
    Column("received_on", "تاریخ", sortable=False, numeric=True, width=90),
    Column("amount", "مبلغ (ریال)", sortable=False, numeric=True, width=130),
    Column("channel", "شیوهٔ پرداخت", choices(CHANNELS), sortable=False, width=170),
    Column("bank_ref", "کد مرجع", sortable=False, numeric=True, stretch=True),
)


def report_text(report: ImportReport) -> str:
    lines = [
        f"{format_number(report.added)} سطر تازه، {format_number(report.already)} سطر از پیش "
        f"ثبت‌شده؛ {format_number(report.matched)} سطر با رسید تطبیق یافت؛ "
        f"{format_number(report.unmatched_lines)} سطر حساب بدون رسید است."
    ]
    if report.problems:
        lines.append(f"{format_number(len(report.problems))} سطر خوانده نشد:")
        lines += report.problems[:10]
    return "\n".join(lines)


class ReconciliationPage(ParticipationListPage):
    export = staticmethod(export_statement_lines)
    export_noun = "سطر صورتحساب"

    def __init__(self, ctx: AppContext, runner: TaskRunner) -> None:
        super().__init__(ctx, runner, LINES_LIST)
        self.new_button.hide()
        self.edit_button.hide()
        self.import_button = self.add_action("ورود صورتحساب…", self.ask_import, ENTER)
        self.confirm_button = self.add_action("تأیید تطبیق", self.confirm_selected, ENTER)
        self.unmatch_button = self.add_action("برداشتن تطبیق", self.unmatch_selected, ENTER)
        self.unmatched = RecordTableModel(
            runner,
            UNMATCHED_COLUMNS,
            lambda _q: len(unmatched_gifts(ctx)),
            lambda _q, offset, limit: unmatched_gifts(ctx)[offset : offset + limit],
            frozenset({Change.BANK_STATEMENT_LINES, Change.GIFTS}),
            query=ListQuery(),
            parent=self,
        )
        view = QTableView()
        view.setModel(self.unmatched)
        view.verticalHeader().hide()
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setMaximumHeight(170)
        for index, column in enumerate(UNMATCHED_COLUMNS):
            if column.width:
                view.horizontalHeader().resizeSection(index, column.width)
        view.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.unmatched_view = view
        self.tolerance_edit = DigitLineEdit(max_digits=2)
        self.tolerance_edit.setMaximumWidth(60)
        self.tolerance_edit.setAccessibleName("رواداری تاریخ تطبیق (روز)")
        self.tolerance_edit.setEnabled(can(ctx, SETTINGS))
        self.tolerance_save = QPushButton("ذخیرهٔ رواداری")
        self.tolerance_save.setVisible(can(ctx, SETTINGS))
        self.tolerance_save.clicked.connect(lambda _c=False: self.save_tolerance())
        tolerance_row = QHBoxLayout()
        tolerance_label = QLabel("رواداری تاریخ تطبیق (روز):")
        tolerance_label.setBuddy(self.tolerance_edit)
        tolerance_row.addWidget(tolerance_label)
        tolerance_row.addWidget(self.tolerance_edit)
        tolerance_row.addWidget(self.tolerance_save)
        self.tolerance_hint = QLabel(
            "سطری با رسید تطبیق می‌یابد که کد مرجع و مبلغش یکی باشد و تاریخش تا این چند روز "
            "با تاریخ رسید فاصله داشته باشد."
        )
        self.tolerance_hint.setObjectName("fieldHint")
        self.tolerance_hint.setWordWrap(True)  # two lines rather than a 1070-pixel window
        tolerance_row.addWidget(self.tolerance_hint, 1)
        self.page_layout.addLayout(tolerance_row)
        self.load_tolerance()
        self.unmatched_title = QLabel("رسیدهای الکترونیکی که در صورتحساب بانک پیدا نشده‌اند")
        self.unmatched_title.setObjectName("subTitle")
        self.page_layout.addWidget(self.unmatched_title)
        self.page_layout.addWidget(view)
        self.unmatched.reload()

    def load_tolerance(self) -> None:
        self.runner.submit(
            lambda _c: load_match_tolerance(self.ctx),
            on_done=lambda days: self.tolerance_edit.setText(to_persian_digits(days)),
            on_error=self.report_error,
        )

    def save_tolerance(self) -> None:
        typed = self.tolerance_edit.value()

        def saved(days: int) -> None:
            self.tolerance_edit.set_error(None)
            self.tolerance_edit.setText(to_persian_digits(days))
            self.status.setText(
                f"رواداری تاریخ تطبیق {to_persian_digits(days)} روز شد؛ "
                "در ورود بعدی صورتحساب به کار می‌رود."
            )

        self.runner.submit(
            lambda _c: save_match_tolerance(self.ctx, typed),
            on_done=saved,
            on_error=self.tolerance_refused,
            write=True,
        )

    def tolerance_refused(self, exc: BaseException) -> None:
        """The message at the field; what was typed stays."""
        self.tolerance_edit.set_error(error_message(exc))
        self.status.setText(error_message(exc))

    def edit_selected(self) -> None:  # type: ignore[override]
        return None

    def ask_statement_path(self) -> Path | None:
        """Tests replace this."""
        path = file_dialogs.open_file_name(self, "ورود صورتحساب بانک", "", STATEMENT_FILTER)
        return Path(path) if path else None

    def ask_import(self) -> None:
        path = self.ask_statement_path()
        if path is not None:
            self.import_file(path)

    def import_file(self, path: Path) -> None:
        self.status.setText("در حال خواندن صورتحساب…")
        self.runner.submit(
            lambda _c: import_statement(self.ctx, path),
            on_done=lambda report: self.status.setText(report_text(report)),
            on_error=self.report_error,
            write=True,
        )

    def confirm_selected(self) -> None:
        row = self.selected_row()
        if row is not None:
            self._act(lambda: confirm_match(self.ctx, row.id), "تطبیق تأیید شد.")

    def unmatch_selected(self) -> None:
        row = self.selected_row()
        if row is not None:
            self._act(lambda: unmatch(self.ctx, row.id), "تطبیق برداشته شد.")

    def _act(self, action: Any, done: str) -> None:
        self.runner.submit(
            lambda _c: action(),
            on_done=lambda _r: self.status.setText(done),
            on_error=self.report_error,
            write=True,
        )


def reconciliation_page(ctx: AppContext, runner: TaskRunner) -> ReconciliationPage:
    return ReconciliationPage(ctx, runner)
