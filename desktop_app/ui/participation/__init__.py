"""The «مشارکت‌های مردمی و داوطلبان» section of a Welfare office (seed 004): gifts and
receipts at the counter, benefactors, volunteers, the participation account
(allocations), bank reconciliation and reports. UI thread only.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from ...services.core.context import AppContext
from ..tasks import TaskRunner


class ParticipationSection(QTabWidget):
    def __init__(self, ctx: AppContext, runner: TaskRunner) -> None:
        super().__init__()
        from .allocations_page import AllocationsPage
        from .benefactors_page import BenefactorsPage
        from .gifts_page import GiftsPage
        from .reconciliation_page import ReconciliationPage
        from .reports_page import ReportsPage
        from .volunteers_page import VolunteersPage

        self.gifts = GiftsPage(ctx, runner)
        self.benefactors = BenefactorsPage(ctx, runner)
        self.volunteers = VolunteersPage(ctx, runner)
        self.allocations = AllocationsPage(ctx, runner)
        self.reconciliation = ReconciliationPage(ctx, runner)
        self.reports = ReportsPage(ctx, runner)
        self.addTab(self.gifts, "مشارکت‌ها و رسیدها")
        self.addTab(self.benefactors, "خیّران")
        self.addTab(self.volunteers, "داوطلبان")
        self.addTab(self.allocations, "حساب مشارکت‌ها و هزینه‌کرد")
        self.addTab(self.reconciliation, "تطبیق با صورتحساب بانک")
        self.addTab(self.reports, "گزارش‌ها")


def participation_section(ctx: AppContext, runner: TaskRunner) -> QWidget:
    return ParticipationSection(ctx, runner)
