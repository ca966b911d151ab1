"""A record's audit history, opened from any list (``RecordListPage.show_history``) and
from the audit log section: ``RecordHistoryDialog`` (every step of one record) and
``AuditEntryDialog`` (what one step changed). Shared list machinery, so sections never
import each other for it. UI thread only.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

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
from ...persian.bidi import isolate_runs
from ...services.accounts.audit import ACTION_TITLES
from ...services.accounts.audit_log import (
    DERIVED_FIELDS,
    TABLE_TITLES,
    AuditRow,
    field_title,
    record_history,
)
from ...services.core.context import AppContext
from ..tasks import TaskRunner
from ..widgets.fit import fit_to_screen

if TYPE_CHECKING:
    from .list_page import RecordListPage


def format_moment(value: datetime | None) -> str:
    """A stored UTC moment as local Jalali date and time, in Persian digits."""
    if value is None:
        return ""
    local = value.astimezone()
    return f"{format_jalali(local.date())}  {to_persian_digits(local.strftime('%H:%M'))}"


def _value(
    value: Any, table: str = "", column: str = "", references: dict[str, str] | None = None
) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "بله" if value else "خیر"
    named = (references or {}).get(str(value))  # a reference: the record's name or code
    if named is not None:
        return isolate_runs(named)
    title = value_titles().get((table, column), {}).get(str(value))
    return title if title is not None else isolate_runs(str(value))


_VALUE_TITLES: dict[tuple[str, str], dict[str, str]] = {}


def value_titles() -> dict[tuple[str, str], dict[str, str]]:
    """(table, column) → the Persian label of each stored key of a closed value set, so
    a changed state reads «پیش‌نویس», not ``draft`` (loaded on first use)."""
    if not _VALUE_TITLES:
        from ...documents.course import COURSE_KINDS
        from ...documents.course_workflow import STATES
        from ...documents.registration_data import ENROLLMENT_STATES
        from ...services.places.places import PLACE_KINDS, WORKSHOP_STATUSES

        _VALUE_TITLES.update(
            {
                ("places", "kind"): PLACE_KINDS,
                ("workshops", "status"): WORKSHOP_STATUSES,
                ("courses", "state"): STATES,
                ("courses", "kind"): COURSE_KINDS,
                ("enrollments", "state"): ENROLLMENT_STATES,
            }
        )
    return _VALUE_TITLES


def detail_text(detail: str) -> str:
    """An audit detail or summary as stored (``فرم معرفی 2701-2-000017``), its codes,
    file names and paths isolated so they read in their own order."""
    return isolate_runs(detail or "")


def who_text(user_name: str) -> str:
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
            # the user name isolated: «system:root — ۱۴۰۵/۰۹/۱۵» would run together left to
            # right and show the date before the name
            f"{action} — {kind} — {isolate_runs(who_text(row.user_name))} — {format_moment(row.at)}"
            + (f"\n{detail_text(row.detail)}" if row.detail else "")
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
                (
                    field_title(row.table_name, name),
                    _value(old, row.table_name, name, row.references),
                    _value(new, row.table_name, name, row.references),
                )
                for name, (old, new) in row.changes.items()
                if name not in DERIVED_FIELDS
            ],
        )

    def show_history(self, rows: list[AuditRow]) -> None:
        self._fill(
            self.history,
            [
                (
                    format_moment(r.at),
                    who_text(r.user_name),
                    ACTION_TITLES.get(r.action, r.action),
                    "، ".join(field_title(r.table_name, c) for c in r.changes)
                    or detail_text(r.detail),
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
                    who_text(r.user_name),
                    ACTION_TITLES.get(r.action, r.action),
                    detail_text(r.summary),
                )
                for r in rows
            ],
        )
        if rows:
            self.history.setCurrentCell(len(rows) - 1, 0)  # the latest change

    def show_changes(self, index: int) -> None:
        if not 0 <= index < len(self.rows):
            return
        row = self.rows[index]
        AuditEntryDialog._fill(
            self.changes,
            [
                (
                    field_title(row.table_name, name),
                    _value(old, row.table_name, name, row.references),
                    _value(new, row.table_name, name, row.references),
                )
                for name, (old, new) in row.changes.items()
                if name not in DERIVED_FIELDS
            ],
        )
