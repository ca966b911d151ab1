"""The «درخواست‌ها و نظرسنجی» section: requests from the public (register, follow up by
tracking code, the complaint workflow, receipt and answer letter), satisfaction surveys
(fast entry from paper, the kiosk, the blank form), FAQ, and the office's deadline table.
UI thread only.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from ...services.core.context import AppContext
from ..tasks import TaskRunner


class FeedbackSection(QTabWidget):
    """Tabs: requests, follow-up, surveys, FAQ, the deadline table."""

    def __init__(self, ctx: AppContext, runner: TaskRunner) -> None:
        super().__init__()
        from .calendar_page import calendar_list_page
        from .faq_page import faq_page
        from .follow_up import FollowUpPage
        from .requests_page import requests_page
        from .surveys import SurveysPage

        self.requests = requests_page(ctx, runner)
        self.follow_up = FollowUpPage(ctx, runner)
        self.surveys = SurveysPage(ctx, runner)
        self.faq = faq_page(ctx, runner)
        self.calendar = calendar_list_page(ctx, runner)
        self.addTab(self.requests, "درخواست‌ها و شکایات")
        self.addTab(self.follow_up, "پیگیری با کد")
        self.addTab(self.surveys, "نظرسنجی")
        self.addTab(self.faq, "پرسش‌های متداول")
        self.addTab(self.calendar, "جدول مهلت پاسخ")


def feedback_section(ctx: AppContext, runner: TaskRunner) -> QWidget:
    return FeedbackSection(ctx, runner)
