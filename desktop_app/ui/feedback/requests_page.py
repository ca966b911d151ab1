"""The requests list: every request of the office (requests about a named employee only
for supervisors), overdue ones marked and counted above the list, a filter of the
overdue, New (the counter's form, then its receipt) and Enter to open one. UI thread only."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QLabel

from desktop_app.services.core.changes import Change

from ...documents.feedback import REQUEST_KINDS, REQUEST_STATES
from ...persian import to_persian_digits, today
from ...persian.bidi import code as bidi_code
from ...services.core.context import AppContext
from ...services.feedback.requests import (
    count_requests,
    delete_request,
    overdue_count,
    request_page,
)
from ..listing import Column, FilterSpec, ListConfig, RecordListPage, choices
from ..listing.labels import search_hint
from ..tasks import TaskRunner, data_bus
from ..widgets.form_row import ERROR_COLOR
from .follow_up import RequestDialog
from .request_form import RequestForm

OVERDUE_MARK = "⚠ گذشته از مهلت"


def _open(page: RecordListPage, record_id: uuid.UUID | None):
    if record_id is None:
        form = RequestForm(page.ctx, page.runner, None, page)
        form.saved.connect(lambda view: _offer_receipt(page, view))
        return form
    return RequestDialog(page.ctx, page.runner, record_id, page)


def _offer_receipt(page: RecordListPage, view) -> None:
    """After registering: show the request, its code and the receipt button."""
    dialog = RequestDialog(page.ctx, page.runner, view.id, page)
    dialog.setWindowTitle(f"ثبت شد — کد پیگیری {bidi_code(view.tracking_code)}")
    page.last_registered = dialog  # type: ignore[attr-defined]
    dialog.open()


def _overdue_options(_ctx: AppContext):
    return [(today(), "فقط گذشته از مهلت")]


REQUESTS_LIST = ListConfig(
    kinds=frozenset({Change.PUBLIC_REQUESTS, Change.SERVICE_CARDS, Change.WORK_CALENDAR}),
    columns=(
        Column("tracking_code", "کد پیگیری", lambda code: f"\u2066{code}\u2069", width=120),
        Column("kind", "نوع", choices(REQUEST_KINDS), width=110),
        Column("service_title", "خدمت", stretch=True),
        Column("department", "واحد", width=110),
        Column("contact", "درخواست‌دهنده", width=120),
        Column("state", "وضعیت", choices(REQUEST_STATES), width=120),
        Column("received_at", "تاریخ ثبت", numeric=True, width=90),
        Column("due_on", "مهلت پاسخ", numeric=True, width=90),
        Column("overdue", "دیرکرد", lambda late: OVERDUE_MARK if late else "", width=120),
    ),
    count=count_requests,
    page=request_page,
    open_form=_open,
    delete=delete_request,
    describe=lambda row: row.tracking_code,
    filters=(
        FilterSpec("state", "وضعیت", list(REQUEST_STATES.items())),
        FilterSpec("kind", "نوع", list(REQUEST_KINDS.items())),
        FilterSpec("overdue", "مهلت", load_options=_overdue_options),
    ),
    search_hint=search_hint("کد پیگیری", "خدمت", "نام", "متن"),
    new_label="ثبت درخواست",
    default_sort="received_at",
    audit_table="public_requests",
)


class OverdueBanner(QLabel):
    """«n درخواست از مهلت پاسخ گذشته است» in red above the list (hidden when none)."""

    def __init__(self, ctx: AppContext, runner: TaskRunner) -> None:
        super().__init__()
        self.ctx, self.runner = ctx, runner
        self.setStyleSheet(f"color: {ERROR_COLOR}; font-weight: bold;")
        self.hide()
        data_bus().data_changed.connect(self._changed)
        self.refresh()

    def _changed(self, _kinds: object) -> None:
        self.refresh()

    def refresh(self) -> None:
        ctx = self.ctx
        self.runner.submit(lambda _c: overdue_count(ctx), on_done=self._show)

    def _show(self, count: int) -> None:
        self.count = count
        self.setText(
            f"⚠ {to_persian_digits(count)} درخواست از مهلت پاسخ گذشته و هنوز پاسخ نگرفته است."
        )
        self.setVisible(count > 0)


def requests_page(ctx: AppContext, runner: TaskRunner) -> RecordListPage:
    page = RecordListPage(ctx, runner, REQUESTS_LIST)
    page.overdue_banner = OverdueBanner(ctx, runner)  # type: ignore[attr-defined]
    page.add_banner(page.overdue_banner)  # type: ignore[attr-defined]
    return page
