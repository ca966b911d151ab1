"""The «گواهینامه‌ها و استعلام» section: certificates list, scores and issuing, the
authenticity inquiry, and the inquiry log with its statistics. UI thread only.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from ...services.core.context import AppContext
from ..tasks import TaskRunner


class CertificatesSection(QTabWidget):
    """Tabs: inquiry, certificates, scores and issuing, inquiry log and statistics."""

    def __init__(self, ctx: AppContext, runner: TaskRunner) -> None:
        super().__init__()
        from .inquiry import InquiryPage
        from .pages import CertificatesPage, InquiryLogPage
        from .scores import ScoresPage

        self.inquiry = InquiryPage(ctx, runner)
        self.certificates = CertificatesPage(ctx, runner)
        self.scores = ScoresPage(ctx, runner)
        self.log = InquiryLogPage(ctx, runner)
        self.addTab(self.inquiry, "استعلام اصالت")
        self.addTab(self.certificates, "گواهینامه‌ها")
        self.addTab(self.scores, "نمره و صدور گواهینامه")
        self.addTab(self.log, "استعلام‌ها و آمار")


def certificates_section(ctx: AppContext, runner: TaskRunner) -> QWidget:
    return CertificatesSection(ctx, runner)
