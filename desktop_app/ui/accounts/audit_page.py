"""The audit log section (supervisors): the filtered log and one record's history.
UI thread only.

``AUDIT_LIST`` is a ``ListConfig`` over ``services.audit_log`` (filters: user,
record kind, period; newest first). Opening a row shows ``AuditEntryDialog``: what
that step changed (field, old, new) and the whole history of the same record.
The log cannot be added to, edited or deleted from here (nor anywhere: the table
is append-only).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...persian import format_jalali, to_persian_digits
from ...services.audit import ACTION_TITLES
from ...services.audit_log import (
    FIELD_TITLES,
    PERIODS,
    TABLE_TITLES,
    AuditRow,
    audit_page,
    audit_tables,
    audit_users,
    count_audit,
    record_history,
)
from ...services.context import AppContext
from ...services.listing import ListQuery
from ..listing import Column, FilterSpec, ListConfig, RecordListPage
from ..listing.columns import choices
from ..listing.labels import search_hint
from ..tasks import TaskRunner, data_bus
from ..widgets.fit import fit_to_screen


def format_moment(value: datetime | None) -> str:
    """A stored UTC moment as local Jalali date and time, in Persian digits."""
    if value is None:
        return ""
    local = value.astimezone()
    return f"{format_jalali(local.date())}  {to_persian_digits(local.strftime('%H:%M'))}"


def _value(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "بله" if value else "خیر"
    return to_persian_digits(str(value))


def _who(user_name: str) -> str:
    return user_name or "—"


class AuditEntryDialog(QDialog):
    """One audit row's changes and the history of its record. Read-only."""

    def __init__(self, page: RecordListPage, row: AuditRow) -> None:
        super().__init__(page)
        self.ctx: AppContext = page.ctx
        self.runner: TaskRunner = page.runner
        self.row = row
        self.setWindowTitle("سابقهٔ تغییرات")
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        fit_to_screen(self, 760, 520)
        kind = TABLE_TITLES.get(row.table_name, row.table_name)
        action = ACTION_TITLES.get(row.action, row.action)
        head = QLabel(
            f"{action} — {kind} — {_who(row.user_name)} — {format_moment(row.at)}"
            + (f"\n{row.detail}" if row.detail else "")
        )
        head.setWordWrap(True)
        self.changes = self._table(("فیلد", "مقدار پیشین", "مقدار تازه"))
        self.history = self._table(("زمان", "کاربر", "کار", "فیلدهای تغییرکرده"))
        self.history_label = QLabel("سابقهٔ این رکورد:")
        self.show_changes(row)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(self.changes, 1)
        layout.addWidget(self.history_label)
        layout.addWidget(self.history, 1)
        buttons = QDialogButtonBox()
        close = QPushButton("بستن")
        buttons.addButton(close, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if row.record_id:
            self.runner.submit(
                lambda _c: record_history(self.ctx, row.table_name, row.record_id),
                on_done=self.show_history,
            )
        else:
            self.history_label.hide()
            self.history.hide()

    @staticmethod
    def _table(headers: tuple[str, ...]) -> QTableWidget:
        # A read-only display of a few dozen cells already in memory, not a data list.
        table = QTableWidget(0, len(headers))
        table.setHorizontalHeaderLabels(list(headers))
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        return table

    @staticmethod
    def _fill(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
        table.setRowCount(len(rows))
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                table.setItem(r, c, QTableWidgetItem(text))

    def show_changes(self, row: AuditRow) -> None:
        self._fill(
            self.changes,
            [
                (FIELD_TITLES.get(name, name), _value(old), _value(new))
                for name, (old, new) in row.changes.items()
            ],
        )

    def show_history(self, rows: list[AuditRow]) -> None:
        self._fill(
            self.history,
            [
                (
                    format_moment(r.at),
                    _who(r.user_name),
                    ACTION_TITLES.get(r.action, r.action),
                    "، ".join(FIELD_TITLES.get(c, c) for c in r.changes) or r.detail,
                )
                for r in rows
            ],
        )


class RecordHistoryDialog(QDialog):
    """Every audit row of one record (who, when, what), and the changes of the one
    selected. Read-only; opened by a list's "سابقه" button."""

    def __init__(
        self,
        ctx: AppContext,
        runner: TaskRunner,
        table: str,
        record_id: object,
        title: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.rows: list[AuditRow] = []
        self.setWindowTitle(f"سابقهٔ تغییرات — {title}")
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        fit_to_screen(self, 760, 520)
        self.history = AuditEntryDialog._table(("زمان", "کاربر", "کار", "فیلدهای تغییرکرده"))
        self.history.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.history.currentCellChanged.connect(lambda row, *_: self.show_changes(row))
        self.changes = AuditEntryDialog._table(("فیلد", "مقدار پیشین", "مقدار تازه"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.history, 1)
        layout.addWidget(QLabel("تغییرات ردیف انتخاب‌شده:"))
        layout.addWidget(self.changes, 1)
        buttons = QDialogButtonBox()
        buttons.addButton(QPushButton("بستن"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        runner.submit(lambda _c: record_history(ctx, table, record_id), on_done=self.show_history)

    def show_history(self, rows: list[AuditRow]) -> None:
        self.rows = rows
        AuditEntryDialog._fill(
            self.history,
            [
                (
                    format_moment(r.at),
                    _who(r.user_name),
                    ACTION_TITLES.get(r.action, r.action),
                    r.summary,
                )
                for r in rows
            ],
        )
        if rows:
            self.history.setCurrentCell(len(rows) - 1, 0)  # the latest change

    def show_changes(self, index: int) -> None:
        if not 0 <= index < len(self.rows):
            return
        AuditEntryDialog._fill(
            self.changes,
            [
                (FIELD_TITLES.get(name, name), _value(old), _value(new))
                for name, (old, new) in self.rows[index].changes.items()
            ],
        )


def _open_entry(page: RecordListPage, record_id: uuid.UUID | None) -> QDialog:
    row = page.selected_row()
    return AuditEntryDialog(page, row)


AUDIT_LIST = ListConfig(
    kinds=frozenset({"audit"}),  # and every change: see AuditLogPage
    columns=(
        Column("at", "زمان", format_moment, numeric=True, width=150),
        Column("user_name", "کاربر", _who, width=140),
        Column("action", "کار", choices(ACTION_TITLES), width=130),
        Column("table_name", "نوع رکورد", choices(TABLE_TITLES), width=130),
        Column("summary", "شرح", sortable=False, stretch=True),
    ),
    count=count_audit,
    page=audit_page,
    open_form=_open_entry,
    describe=lambda row: str(row.id),
    filters=(
        FilterSpec("user_name", "کاربر", load_options=audit_users),
        FilterSpec("table_name", "نوع رکورد", load_options=audit_tables),
        FilterSpec("period", "زمان", list(PERIODS.items()), all_label="همهٔ زمان‌ها"),
    ),
    search_hint=search_hint("کاربر", "نوع رکورد", "شناسه", "شرح"),
    default_sort="at",
    query=ListQuery(),
)


class AuditLogPage(RecordListPage):
    """The log list without New/Delete: the log is only read here."""

    def __init__(self, ctx: AppContext, runner: TaskRunner) -> None:
        super().__init__(ctx, runner, AUDIT_LIST)
        self.new_button.hide()
        self.delete_button.hide()
        self.edit_button.setText("جزئیات و سابقهٔ رکورد")
        # Every change anywhere adds audit rows: reload on any announced change.
        data_bus().data_changed.connect(self._reload_log)

        self.may_enter = self.may_delete = False  # Ctrl+N / Delete do nothing here

    def _reload_log(self, _kinds: object) -> None:
        self.model.reload()


def audit_log_page(ctx: AppContext, runner: TaskRunner) -> QWidget:
    return AuditLogPage(ctx, runner)
