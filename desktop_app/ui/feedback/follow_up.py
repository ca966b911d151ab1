"""Follow-up by tracking code: the clerk types the code the person gives, sees the request,
its steps (who, when) and its deadline, takes the next workflow step, and prints the
receipt again or the answer letter. ``FollowUpPage`` is the tab; ``RequestDialog`` shows
one request opened from the list. UI thread only."""

from __future__ import annotations

import uuid
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.core.changes import Change

from ...documents.feedback import REQUEST_CHANNELS, REQUEST_KINDS, REQUEST_STATES
from ...persian import format_jalali, to_persian_digits
from ...persian.bidi import code as bidi_code
from ...services.accounts.access import ENTER, can
from ...services.feedback import requests as service
from ...services.feedback.request_print import print_answer_letter, print_receipt
from ...services.feedback.requests import TRANSITIONS, RequestView
from ..errors import error_message
from ..listing.labels import print_label
from ..tasks import TaskRunner, data_bus
from ..widgets import FormRow, TextAreaEdit, TextLineEdit
from ..widgets.form_row import ERROR_COLOR
from .widgets import save_pdf, write_pdf_to

ACTION_LABELS = {
    "assign": "ارجاع به کارشناس",
    "answer": "ثبت پاسخ",
    "refer": "ارجاع به مرجع دیگر",
    "close": "بستن درخواست",
}


def describe(view: RequestView) -> str:
    """The request as the clerk reads it out (HTML, right to left)."""
    due = format_jalali(view.due_on) if view.due_on else "—"
    late = (
        f" <b style='color:{ERROR_COLOR}'>⚠ {to_persian_digits(view.overdue_days)} روز کاری "
        "گذشته از مهلت</b>"
        if view.overdue_days
        else ""
    )
    steps = "".join(
        f"<li>{s.title} — {s.by or '—'} — {format_jalali(s.at.astimezone().date())} "
        f"{to_persian_digits(s.at.astimezone().strftime('%H:%M'))}</li>"
        for s in view.steps
    )
    extra = ""
    if view.employee_name:
        extra += f"<br>کارمند مورد شکایت: {view.employee_name}"
    if view.assigned_to:
        extra += f"<br>کارشناس رسیدگی: {view.assigned_to}"
    if view.referred_to:
        extra += f"<br>ارجاع به: {view.referred_to}"
    if view.answer:
        extra += f"<br><b>پاسخ:</b> {to_persian_digits(view.answer)}"
    return (
        f"<b>کد پیگیری:</b> {bidi_code(view.tracking_code)} — "
        f"<b>{REQUEST_KINDS[view.kind]}</b> ({REQUEST_CHANNELS[view.channel]})<br>"
        f"خدمت: {view.service_title} — واحد: {view.department or '—'}<br>"
        f"درخواست‌دهنده: {view.contact} {to_persian_digits(view.contact_phone)}<br>"
        f"وضعیت: <b>{REQUEST_STATES[view.state]}</b> — مهلت پاسخ: {due}{late}<br>"
        f"متن: {to_persian_digits(view.body)}{extra}<ul>{steps}</ul>"
    )


class RequestPanel(QWidget):
    """One request: its details, the next workflow steps and the two documents."""

    def __init__(self, ctx, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.runner = ctx, runner
        self.view: RequestView | None = None
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.value = TextAreaEdit(lines=2)
        self.value_row = FormRow("کارشناس، پاسخ یا مرجع", self.value)
        self.action_buttons: dict[str, QPushButton] = {}
        actions = QHBoxLayout()
        for action, label in ACTION_LABELS.items():
            button = QPushButton(label)
            button.clicked.connect(lambda _c=False, a=action: self.take(a))
            self.action_buttons[action] = button
            actions.addWidget(button)
        actions.addStretch(1)
        self.receipt_button = QPushButton(print_label("رسید"))
        self.receipt_button.clicked.connect(self.choose_receipt_file)
        self.letter_button = QPushButton(print_label("نامهٔ پاسخ"))
        self.letter_button.clicked.connect(self.choose_letter_file)
        actions.addWidget(self.receipt_button)
        actions.addWidget(self.letter_button)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.details)
        layout.addWidget(self.value_row)
        layout.addLayout(actions)
        layout.addWidget(self.status)
        self.show_view(None)

    def show_view(self, view: RequestView | None) -> None:
        self.view = view
        self.details.setText(describe(view) if view else "")
        for action, button in self.action_buttons.items():
            starts, _goal, permission = TRANSITIONS[action]
            button.setVisible(
                view is not None and view.state in starts and can(self.ctx, permission)
            )
        self.value_row.setVisible(
            view is not None and view.state in ("received", "assigned") and can(self.ctx, ENTER)
        )
        self.receipt_button.setVisible(view is not None)
        self.letter_button.setVisible(view is not None and bool(view.answer))

    def take(self, action: str) -> None:
        view = self.view
        if view is None:
            return
        text = self.value.text()
        ctx = self.ctx
        calls = {
            "assign": lambda: service.assign_request(ctx, view.id, view.version, text),
            "answer": lambda: service.answer_request(ctx, view.id, view.version, text),
            "refer": lambda: service.refer_request(ctx, view.id, view.version, text),
            "close": lambda: service.close_request(ctx, view.id, view.version),
        }
        self.runner.submit(
            lambda _c: calls[action](),
            on_done=self._stepped,
            on_error=self._refused,
            write=True,
        )

    def _stepped(self, view: RequestView) -> None:
        self.value.setText("")
        self.value.set_error(None)
        self.status.setText(f"وضعیت درخواست: {REQUEST_STATES[view.state]}")
        self.show_view(view)

    def _refused(self, exc: Exception) -> None:
        if getattr(exc, "field", None) in _VALUE_FIELDS:
            self.value.set_error(error_message(exc))
            self.value.setFocus()
        else:
            self.status.setText(error_message(exc))

    def choose_receipt_file(self) -> None:
        if self.view is not None:
            name = f"receipt-{self.view.tracking_code}.pdf"
            save_pdf(self, self.runner, self.status, "چاپ رسید", name, self._receipt_writer())

    def print_receipt_to(self, path: Path) -> None:
        write_pdf_to(self.runner, self.status, path, self._receipt_writer())

    def _receipt_writer(self):
        ctx, record_id = self.ctx, self.view.id if self.view else None
        return lambda path: print_receipt(ctx, path, record_id=record_id)

    def choose_letter_file(self) -> None:
        if self.view is not None:
            name = f"answer-{self.view.tracking_code}.pdf"
            save_pdf(self, self.runner, self.status, "چاپ نامهٔ پاسخ", name, self._letter_writer())

    def print_letter_to(self, path: Path) -> None:
        write_pdf_to(self.runner, self.status, path, self._letter_writer())

    def _letter_writer(self):
        ctx, record_id = self.ctx, self.view.id if self.view else None
        return lambda path: print_answer_letter(ctx, path, record_id)  # type: ignore[arg-type]


_VALUE_FIELDS = {"assigned_to", "answer", "referred_to"}


class FollowUpPage(QWidget):
    """The «پیگیری با کد» tab: type the code, Enter, and the request is shown."""

    def __init__(self, ctx, runner: TaskRunner) -> None:
        super().__init__()
        self.ctx, self.runner = ctx, runner
        self.code = TextLineEdit()
        self.code.setPlaceholderText(f"کد پیگیری، مثلاً {bidi_code('2701-2-000012')}")
        self.code.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.code.returnPressed.connect(self.look_up)
        self.find_button = QPushButton("پیگیری")
        self.find_button.clicked.connect(self.look_up)
        top = QHBoxLayout()
        top.addWidget(FormRow("کد پیگیری", self.code), 1)
        top.addWidget(self.find_button)
        self.panel = RequestPanel(ctx, runner, self)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.panel)
        layout.addStretch(1)
        data_bus().data_changed.connect(self._changed)

    def look_up(self) -> None:
        code, ctx = self.code.text(), self.ctx
        self.code.set_error(None)
        self.runner.submit(
            lambda _c: service.follow_up(ctx, code),
            on_done=self.panel.show_view,
            on_error=self._not_found,
        )

    def _not_found(self, exc: Exception) -> None:
        self.panel.show_view(None)
        self.code.set_error(error_message(exc))
        self.code.setFocus()

    def _changed(self, kinds) -> None:
        if self.panel.view is not None and (
            Change.PUBLIC_REQUESTS in kinds or Change.EVERYTHING in kinds
        ):
            record_id, ctx = self.panel.view.id, self.ctx
            self.runner.submit(
                lambda _c: service.get_request(ctx, record_id),
                on_done=self.panel.show_view,
                on_error=lambda _e: self.panel.show_view(None),
            )


class RequestDialog(QDialog):
    """One request opened from the list (read, step, print)."""

    def __init__(self, ctx, runner: TaskRunner, record_id: uuid.UUID, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("درخواست")
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.setMinimumWidth(640)
        self.panel = RequestPanel(ctx, runner, self)
        close = QPushButton("بستن")
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignLeft)
        runner.submit(
            lambda _c: service.get_request(ctx, record_id),
            on_done=self.panel.show_view,
            on_error=lambda exc: self.panel.status.setText(error_message(exc)),
        )
