"""The workflow box of a course: its state, the steps the acting level may take now
(only those buttons are shown), a reason field for the steps that need one, and the
timeline of every recorded step. UI thread only; steps run on the write worker.
"""

from __future__ import annotations

import html
import uuid

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...services.core.context import AppContext
from ...services.courses.course_workflow import (
    ACTIONS,
    STATES,
    WorkflowView,
    jalali_time,
    perform,
    workflow_view,
)
from ...services.office.settings import OFFICE_LEVELS
from ..errors import error_message
from ..tasks import TaskRunner
from ..widgets.form_row import ERROR_COLOR

_ACTION_ORDER = (
    "submit",
    "province_approve",
    "province_reject",
    "hq_approve",
    "hq_reject",
    "open_registration",
    "start",
    "finish",
    "cancel",
)


class WorkflowBox(QGroupBox):
    """Shows and drives the workflow of one saved course."""

    #: A step was taken (the new state): the form reloads the course.
    stepped = Signal(str)
    #: The view was (re)loaded.
    loaded = Signal(object)

    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__("گردش کار", parent)
        self.ctx = ctx
        self.runner = runner
        self.course_id: uuid.UUID | None = None
        self.view: WorkflowView | None = None
        self.state_label = QLabel()
        self.state_label.setObjectName("courseState")
        self.actor_label = QLabel()
        self.actor_label.setWordWrap(True)
        self.actor_label.setStyleSheet("color: #455a64;")
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText("دلیل (برای رد یا لغو لازم است)")
        self.reason.setMaximumHeight(60)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {ERROR_COLOR};")
        self.message.hide()
        self.buttons: dict[str, QPushButton] = {}
        buttons = QVBoxLayout()
        for key in _ACTION_ORDER:
            button = QPushButton(ACTIONS[key].label)
            button.setObjectName(f"step_{key}")
            button.clicked.connect(lambda _=False, k=key: self.take(k))
            button.hide()
            self.buttons[key] = button
            buttons.addWidget(button)
        self.timeline = QLabel()
        self.timeline.setTextFormat(Qt.TextFormat.RichText)
        self.timeline.setWordWrap(True)
        self.timeline.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeading)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.timeline)
        scroll.setMinimumHeight(160)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state_label)
        layout.addWidget(self.actor_label)
        layout.addLayout(buttons)
        layout.addWidget(self.reason)
        layout.addWidget(self.message)
        layout.addWidget(QLabel("سابقهٔ دوره:"))
        layout.addWidget(scroll, 1)
        self.setMinimumWidth(250)  # beside the course's fields at 1280×720

    def show_course(self, course_id: uuid.UUID) -> None:
        self.course_id = course_id
        self.reload()

    def reload(self) -> None:
        course_id = self.course_id
        if course_id is None:
            return
        self.runner.submit(
            lambda _c: workflow_view(self.ctx, course_id),
            on_done=self._show,
            on_error=self._failed,
        )

    def _show(self, view: WorkflowView) -> None:
        if not shiboken6.isValid(self.state_label):
            return  # the form was closed before the answer came
        self.view = view
        hq = " — نیاز به تأیید ستاد دارد" if view.needs_headquarters else ""
        self.state_label.setText(f"وضعیت: {STATES.get(view.state, view.state)}{hq}")
        level = OFFICE_LEVELS.get(view.actor.level, view.actor.level)
        self.actor_label.setText(f"شما: {view.actor.name} ({level})")
        for key, button in self.buttons.items():
            button.setVisible(key in view.actions)
            button.setEnabled(True)
        needs_reason = any(ACTIONS[a].needs_reason for a in view.actions)
        self.reason.setVisible(needs_reason)
        self.timeline.setText(_timeline_html(view))
        self.loaded.emit(view)

    def _failed(self, exc: Exception) -> None:
        for button in self.buttons.values():
            button.setEnabled(True)
        self.show_message(error_message(exc))

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def take(self, action_key: str) -> None:
        """Take a step on the write worker; a refusal is shown here, in Persian."""
        if self.course_id is None or self.view is None:
            return
        note = self.reason.toPlainText()
        if ACTIONS[action_key].needs_reason and not note.strip():
            self.show_message(f"برای «{ACTIONS[action_key].label}» دلیل را بنویسید.")
            self.reason.setFocus()
            return
        self.show_message("")
        for button in self.buttons.values():
            button.setEnabled(False)
        course_id, version = self.course_id, self.view.version
        self.runner.submit(
            lambda _c: perform(self.ctx, course_id, action_key, note, version=version),
            on_done=self._stepped,
            on_error=self._failed,
            write=True,
        )

    def _stepped(self, state: str) -> None:
        self.reason.clear()
        self.stepped.emit(state)
        self.reload()


def _timeline_html(view: WorkflowView) -> str:
    if not view.steps:
        return "<p>هنوز گامی برداشته نشده است (پیش‌نویس).</p>"
    items = []
    for step in reversed(view.steps):  # newest first
        level = OFFICE_LEVELS.get(step.actor_level, step.actor_level)
        note = f"<br/><i>{html.escape(step.note)}</i>" if step.note else ""
        items.append(
            f"<p><b>{html.escape(step.label)}</b> — {html.escape(jalali_time(step.at))}<br/>"
            f"{html.escape(STATES.get(step.from_state, step.from_state))} ← "
            f"{html.escape(STATES.get(step.to_state, step.to_state))}<br/>"
            f"{html.escape(step.actor_name)} ({html.escape(level)}){note}</p>"
        )
    return "".join(items)
