"""The «کارگاه‌های آموزشی تسهیلگران» section (seed 001) and the attendance screen every
course uses: workshops, participants, attendance, evaluation and plan, and the
province's programme templates. UI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QTabWidget, QWidget

from ...services.core.context import AppContext
from ..tasks import TaskRunner
from ..widgets.fit import scrolling, whole_width


def open_pdf(path: object) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class TrainingWorkshopsSection(QTabWidget):
    def __init__(self, ctx: AppContext, runner: TaskRunner) -> None:
        super().__init__()
        from .attendance import AttendancePage
        from .evaluation import EvaluationPage
        from .evaluation_entry import EvaluationEntryPage
        from .invitations import InvitationsPage
        from .pages import WorkshopsPage, participants_page
        from .templates_page import templates_page

        self.workshops = WorkshopsPage(ctx, runner)
        self.participants = participants_page(ctx, runner)
        self.invitations = InvitationsPage(ctx, runner)
        self.attendance = AttendancePage(ctx, runner)
        self.evaluation_entry = EvaluationEntryPage(ctx, runner)
        self.evaluation = EvaluationPage(ctx, runner)
        self.templates = templates_page(ctx, runner)
        for page in (self.workshops, self.invitations, self.attendance, self.evaluation):
            page.open_file = open_pdf  # type: ignore[method-assign]
        self.addTab(self.workshops, "کارگاه‌ها و برنامه")
        self.addTab(self.participants, "شرکت‌کنندگان")
        self.addTab(self.invitations, "دعوت، تأیید و گواهی")
        self.addTab(self.attendance, "حضور و غیاب (کارگاه‌ها و دوره‌ها)")
        self.addTab(self.evaluation_entry, "ثبت ارزشیابی")
        # the tallest tab scrolls by itself, so the others fill a short (1024×576) window
        evaluation = scrolling(self.evaluation)
        whole_width(evaluation)
        self.addTab(evaluation, "گزارش ارزشیابی و عملکرد")
        self.addTab(self.templates, "برنامه‌های الگو")


def training_workshops_section(ctx: AppContext, runner: TaskRunner) -> QWidget:
    return TrainingWorkshopsSection(ctx, runner)
