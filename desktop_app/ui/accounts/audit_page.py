"""The audit log section (supervisors): the filtered log and one record's history.
UI thread only.

``AUDIT_LIST`` is a ``ListConfig`` over ``services.accounts.audit_log`` (filters: user,
record kind, period; newest first). Opening a row shows ``AuditEntryDialog``: what
that step changed (field, old, new) and the whole history of the same record.
The log cannot be added to, edited or deleted from here (nor anywhere: the table
is append-only).
"""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import (
    QDialog,
    QWidget,
)

from desktop_app.services.core.changes import Change

from ...services.accounts.audit import ACTION_TITLES
from ...services.accounts.audit_log import (
    PERIODS,
    TABLE_TITLES,
    audit_page,
    audit_tables,
    audit_users,
    count_audit,
)
from ...services.core.context import AppContext
from ...services.core.listing import ListQuery
from ..listing import Column, FilterSpec, ListConfig, RecordListPage
from ..listing.columns import choices
from ..listing.history import AuditEntryDialog, detail_text, format_moment, who_text
from ..listing.labels import search_hint
from ..tasks import TaskRunner, data_bus


def _open_entry(page: RecordListPage, record_id: uuid.UUID | None) -> QDialog:
    row = page.selected_row()
    return AuditEntryDialog(page, row)


AUDIT_LIST = ListConfig(
    kinds=frozenset({Change.AUDIT}),  # and every change: see AuditLogPage
    columns=(
        Column("at", "زمان", format_moment, numeric=True, width=150),
        Column("user_name", "کاربر", who_text, width=140),
        Column("action", "کار", choices(ACTION_TITLES), width=130),
        Column("table_name", "نوع رکورد", choices(TABLE_TITLES), width=130),
        Column("summary", "شرح", detail_text, sortable=False, stretch=True),
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
