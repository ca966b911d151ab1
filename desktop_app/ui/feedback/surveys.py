"""Satisfaction surveys: fast entry of paper forms (one digit 1–5 per question, the focus
moves on by itself, Enter saves and clears for the next form), the kiosk that shows only
the survey, the blank form, and a supervisor's edit of a card's questions.
UI thread only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...persian import to_persian_digits
from ...reports.feedback.survey_form import write_survey_form
from ...services.accounts.access import APPROVE, can
from ...services.feedback.surveys import (
    AnswerData,
    Survey,
    get_survey,
    record_answer,
    save_questions,
    survey_form,
)
from ..errors import error_message
from ..listing.labels import print_label
from ..tasks import TaskRunner
from ..widgets import DigitLineEdit, FormRow, TextAreaEdit
from .kiosk import KioskDialog
from .widgets import card_box, save_pdf


class ScoreEdit(DigitLineEdit):
    """One digit 1–5; a typed digit moves the focus to the next field."""

    def __init__(self) -> None:
        super().__init__(max_digits=1)
        self.setMaximumWidth(60)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.textEdited.connect(self._typed)

    def _typed(self, text: str) -> None:
        if text:
            self.focusNextChild()


class SurveysPage(QWidget):
    def __init__(self, ctx, runner: TaskRunner) -> None:
        super().__init__()
        self.ctx, self.runner = ctx, runner
        self.survey: Survey | None = None
        self.saved_count = 0
        self.card = card_box(ctx, runner)
        self.card.currentIndexChanged.connect(lambda _i: self.load_survey())
        top = QHBoxLayout()
        top.addWidget(FormRow("خدمت", self.card), 1)
        self.kiosk_button = QPushButton("حالت کیوسک")
        self.kiosk_button.setToolTip("فقط نظرسنجی نشان داده می‌شود؛ خروج با گذرواژهٔ شما")
        self.kiosk_button.clicked.connect(self.open_kiosk)
        self.blank_button = QPushButton(print_label("فرم خالی"))
        self.blank_button.clicked.connect(self.choose_blank_file)
        self.questions_button = QPushButton("ویرایش پرسش‌ها")
        self.questions_button.clicked.connect(self.edit_questions)
        self.questions_button.setVisible(can(ctx, APPROVE))
        for button in (self.kiosk_button, self.blank_button, self.questions_button):
            top.addWidget(button)
        self.questions_box = QWidget()
        self.questions_layout = QVBoxLayout(self.questions_box)
        self.questions_layout.setContentsMargins(0, 0, 0, 0)
        self.scores: list[ScoreEdit] = []
        self.score_rows: list[FormRow] = []
        self.comment = TextAreaEdit(lines=2)
        self.questions_editor = TextAreaEdit(lines=6)
        self.questions_editor.hide()
        self.save_button = QPushButton("ثبت پاسخ‌ها (Enter)")
        self.save_button.clicked.connect(self.save)
        self.status = QLabel("خدمت را انتخاب کنید؛ برای هر پرسش عدد ۱ تا ۵ را تایپ کنید.")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.questions_box)
        layout.addWidget(FormRow("نظر آزاد", self.comment))
        layout.addWidget(self.questions_editor)
        layout.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.status)
        layout.addStretch(1)

    def load_survey(self) -> None:
        card_id, ctx = self.card.value(), self.ctx
        if card_id is None:
            self.show_survey(None)
            return
        self.runner.submit(lambda _c: get_survey(ctx, card_id), on_done=self.show_survey)

    def show_survey(self, survey: Survey | None) -> None:
        self.survey = survey
        for row in self.score_rows:
            row.deleteLater()
        self.scores, self.score_rows = [], []
        for n, question in enumerate(survey.questions if survey else (), start=1):
            edit = ScoreEdit()
            edit.returnPressed.connect(self.save)
            row = FormRow(f"{to_persian_digits(n)}. {question.text}", edit)
            self.scores.append(edit)
            self.score_rows.append(row)
            self.questions_layout.addWidget(row)
        if self.scores:
            self.scores[0].setFocus()

    def typed(self) -> AnswerData | None:
        if self.survey is None:
            return None
        scores = [int(e.value()) if e.value() else None for e in self.scores]
        return AnswerData(self.survey.service_card_id, scores, self.comment.text())

    def save(self) -> None:
        data = self.typed()
        if data is None:
            self.card.set_error("خدمت را انتخاب کنید.")
            return
        for edit in self.scores:
            edit.set_error(None)
        ctx = self.ctx
        self.runner.submit(
            lambda _c: record_answer(ctx, data),
            on_done=self._saved,
            on_error=self._refused,
            write=True,
        )

    def _saved(self, average: float) -> None:
        self.saved_count += 1
        self.status.setText(
            f"فرم {to_persian_digits(self.saved_count)} ثبت شد (میانگین "
            f"{to_persian_digits(f'{average:.1f}')}). فرم بعدی را وارد کنید."
        )
        for edit in self.scores:
            edit.setText("")
        self.comment.setText("")
        if self.scores:
            self.scores[0].setFocus()

    def _refused(self, exc: Exception) -> None:
        field = getattr(exc, "field", "") or ""
        if field.startswith("score_"):
            n = int(field.removeprefix("score_"))
            if 1 <= n <= len(self.scores):
                self.scores[n - 1].set_error(error_message(exc))
                self.scores[n - 1].setFocus()
                return
        self.status.setText(error_message(exc))

    def open_kiosk(self) -> KioskDialog | None:
        if self.survey is None:
            self.card.set_error("برای حالت کیوسک، نخست خدمت را انتخاب کنید.")
            return None
        kiosk = KioskDialog(self.ctx, self.runner, self.survey, self)
        self.kiosk = kiosk
        kiosk.open()
        return kiosk

    def choose_blank_file(self) -> None:
        card_id, ctx = self.card.value(), self.ctx
        if card_id is None:
            self.card.set_error("خدمت را انتخاب کنید.")
            return
        save_pdf(
            self,
            self.runner,
            self.status,
            "چاپ فرم نظرسنجی",
            "survey.pdf",
            lambda path: write_survey_form(path, survey_form(ctx, card_id)),
        )

    def edit_questions(self) -> None:
        """First press shows the questions one a line; the second saves them."""
        if self.survey is None:
            self.card.set_error("خدمت را انتخاب کنید.")
            return
        if self.questions_editor.isHidden():
            self.questions_editor.setText("\n".join(q.text for q in self.survey.questions))
            self.questions_editor.show()
            self.questions_button.setText("ذخیرهٔ پرسش‌ها")
            return
        card_id, ctx, texts = self.survey.service_card_id, self.ctx, self.questions_editor.text()

        def done(survey: Survey) -> None:
            self.questions_editor.hide()
            self.questions_button.setText("ویرایش پرسش‌ها")
            self.show_survey(survey)

        self.runner.submit(
            lambda _c: save_questions(ctx, card_id, texts.split("\n")),
            on_done=done,
            on_error=lambda exc: self.questions_editor.set_error(error_message(exc)),
            write=True,
        )
