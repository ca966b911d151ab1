"""The kiosk: the applicant fills the survey on the workstation. Only the survey is shown
(full screen, no way to the rest of Miz); Esc and the window's close do nothing; «پایان
حالت نظرسنجی» asks the signed-in clerk's password (``surveys.check_kiosk_exit``).
UI thread only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...documents.feedback import SCALE
from ...persian import to_persian_digits
from ...services.feedback.surveys import AnswerData, Survey, check_kiosk_exit, record_answer
from ..errors import error_message
from ..tasks import TaskRunner
from ..widgets import TextAreaEdit


class KioskDialog(QDialog):
    def __init__(self, ctx, runner: TaskRunner, survey: Survey, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.runner, self.survey = ctx, runner, survey
        self.unlocked = False
        self.setWindowTitle("نظرسنجی")
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        self.setStyleSheet("QLabel, QPushButton { font-size: 16px; }")
        title = QLabel(f"نظرسنجی رضایت از خدمت «{survey.service_title}»")
        title.setStyleSheet("font-size: 20px; font-weight: bold;")
        grid = QGridLayout()
        self.groups: list[QButtonGroup] = []
        for row, question in enumerate(survey.questions):
            grid.addWidget(QLabel(f"{to_persian_digits(row + 1)}. {question.text}"), row, 0)
            group = QButtonGroup(self)
            for column, (score, label) in enumerate(SCALE, start=1):
                button = QPushButton(f"{to_persian_digits(score)}\n{label}")
                button.setCheckable(True)
                button.setMinimumSize(90, 56)
                group.addButton(button, score)
                grid.addWidget(button, row, column)
            self.groups.append(group)
        self.comment = TextAreaEdit(lines=3)
        self.comment.setPlaceholderText("نظر، پیشنهاد یا انتقاد شما (اختیاری)")
        self.submit_button = QPushButton("ثبت نظر")
        self.submit_button.setMinimumHeight(48)
        self.submit_button.clicked.connect(self.submit)
        self.message = QLabel()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("گذرواژهٔ کارشناس")
        self.password.setMaximumWidth(220)
        self.password.returnPressed.connect(self.try_exit)
        self.exit_button = QPushButton("پایان حالت نظرسنجی")
        self.exit_button.clicked.connect(self.try_exit)
        self.exit_message = QLabel()
        exit_row = QHBoxLayout()
        exit_row.addStretch(1)
        exit_row.addWidget(self.exit_message)
        exit_row.addWidget(self.password)
        exit_row.addWidget(self.exit_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(grid)
        layout.addWidget(self.comment)
        layout.addWidget(self.submit_button)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addLayout(exit_row)

    def open(self) -> None:
        self.setWindowState(Qt.WindowState.WindowFullScreen)
        super().open()

    def submit(self) -> None:
        scores = [g.checkedId() if g.checkedId() > 0 else None for g in self.groups]
        data = AnswerData(self.survey.service_card_id, scores, self.comment.text(), source="kiosk")
        ctx = self.ctx
        self.runner.submit(
            lambda _c: record_answer(ctx, data),
            on_done=self._thanks,
            on_error=lambda exc: self.message.setText(error_message(exc)),
            write=True,
        )

    def _thanks(self, _average: float) -> None:
        self.message.setText("از شرکت شما در نظرسنجی سپاسگزاریم.")
        for group in self.groups:
            group.setExclusive(False)
            for button in group.buttons():
                button.setChecked(False)
            group.setExclusive(True)
        self.comment.setText("")

    def try_exit(self) -> None:
        password, ctx = self.password.text(), self.ctx
        self.password.clear()
        self.runner.submit(
            lambda _c: check_kiosk_exit(ctx, password),
            on_done=lambda _r: self._unlock(),
            on_error=lambda exc: self.exit_message.setText(error_message(exc)),
        )

    def _unlock(self) -> None:
        self.unlocked = True
        self.accept()

    def reject(self) -> None:  # Esc: stays in the kiosk
        if self.unlocked:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.unlocked:
            super().closeEvent(event)
        else:
            event.ignore()
