"""The «گزارش‌ها» section: the office's numbers of a Jalali year (or month) per service —
a table, a Qt Charts bar chart of the chosen figure, PDF and Excel. UI thread only."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ...services.core.context import AppContext
from ..tasks import TaskRunner


def office_reports_section(ctx: AppContext, runner: TaskRunner) -> QWidget:
    from .page import ReportsPage

    return ReportsPage(ctx, runner)
