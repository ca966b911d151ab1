"""The authenticity inquiry window (استعلام اصالت گواهینامه): serial (typed, or the QR
code read by a USB scanner that types its payload and Enter), the holder's national
code, who asks (person or agency, name, letter number, the day the letter came), the
answer shown large and coloured, and «چاپ نامهٔ پاسخ». Every inquiry is recorded by
the service. UI thread only: the inquiry (local database, then the central server for
another office's serial) runs on the write worker.
"""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...documents.certificate import InquiryRecord
from ...models import utcnow
from ...persian import format_jalali, to_persian_digits, today
from ...services.certificates.certificate_central import central_lookup
from ...services.certificates.certificate_inquiry import (
    ASKER_KINDS,
    InquiryRequest,
    InquiryStatistics,
    duration_text,
    inquire,
    inquiry_statistics,
    parse_serial_input,
)
from ...services.certificates.certificate_print import print_reply_letter
from ...services.core.context import AppContext
from ...services.core.errors import ServiceError
from ...services.courses.course_workflow import code_text
from ..errors import error_message, show_error
from ..listing import ChoiceBox, labels
from ..tasks import TaskRunner
from ..widgets import DigitLineEdit, FormRow, JalaliDateEdit, TextLineEdit, file_dialogs
from .pages import PRINTS_FOLDER, open_pdf

ANSWER_STYLE = {
    "genuine": ("#1b5e20", "#e8f5e9", "✔ گواهینامه اصیل و معتبر است"),
    "revoked": ("#b71c1c", "#fdecea", "✖ گواهینامه ابطال شده است"),
    "replaced": ("#b71c1c", "#fdecea", "✖ این گواهی با گواهی دیگری جایگزین شده است"),
    "unknown": ("#6d4c00", "#fff8e1", "؟ گواهینامه‌ای با این شماره و کد ملی یافت نشد"),
}


class InquiryPage(QWidget):
    """The inquiry form and its answer."""

    open_file = staticmethod(open_pdf)

    def __init__(self, ctx: AppContext, runner: TaskRunner) -> None:
        super().__init__()
        self.ctx, self.runner = ctx, runner
        self.record: InquiryRecord | None = None
        self.started_at: datetime | None = None

        self.serial = TextLineEdit(required=True)
        self.serial.setPlaceholderText("شمارهٔ گواهینامه، یا کد QR را با دستگاه بخوانید")
        self.serial.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.serial.textEdited.connect(self._started)
        self.serial.textChanged.connect(self._show_parsed)
        self.serial.returnPressed.connect(self._serial_entered)
        self.parsed = QLabel()
        self.parsed.setObjectName("hint")
        self.national_code = DigitLineEdit(max_digits=12, required=True)
        self.national_code.textEdited.connect(self._started)
        self.national_code.returnPressed.connect(self.ask)
        self.asker_kind = ChoiceBox(ASKER_KINDS.items())
        self.asker_name = TextLineEdit(required=True)
        self.asker_name.setPlaceholderText("نام شخص یا دستگاه استعلام‌کننده")
        self.letter_number = TextLineEdit()
        self.received_on = JalaliDateEdit()
        self.received_on.setDate(today())

        self.rows = {
            "serial": FormRow("شمارهٔ گواهینامه", self.serial, required=True),
            "national_code": FormRow("کد ملی دارنده", self.national_code, required=True),
            "asker_kind": FormRow("استعلام‌کننده", self.asker_kind),
            "asker_name": FormRow("نام استعلام‌کننده", self.asker_name, required=True),
            "letter_number": FormRow("شمارهٔ نامهٔ استعلام", self.letter_number),
            "received_on": FormRow("تاریخ دریافت استعلام", self.received_on),
        }
        form = QGridLayout()
        order = list(self.rows.values())
        for index, row in enumerate(order):
            form.addWidget(row, index // 2, index % 2)
        form.addWidget(self.parsed, 3, 0, 1, 2)

        self.ask_button = QPushButton("استعلام")
        self.ask_button.setDefault(True)
        self.ask_button.clicked.connect(self.ask)
        self.clear_button = QPushButton("استعلام تازه")
        self.clear_button.clicked.connect(self.clear)
        self.print_button = QPushButton(labels.print_label("نامهٔ پاسخ", asks=False))
        self.print_button.clicked.connect(self.print_letter)
        self.print_button.setShortcut("Ctrl+P")
        self.print_button.setToolTip("Ctrl+P")
        self.print_button.setEnabled(False)
        buttons = QHBoxLayout()
        for button in (self.ask_button, self.print_button, self.clear_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.answer_frame = QFrame()
        self.answer_frame.setObjectName("inquiryAnswer")
        self.answer_title = QLabel()
        self.answer_title.setObjectName("inquiryAnswerTitle")
        self.answer_details = QLabel()
        self.answer_details.setWordWrap(True)
        self.answer_details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        inner = QVBoxLayout(self.answer_frame)
        inner.addWidget(self.answer_title)
        inner.addWidget(self.answer_details)
        self.answer_frame.hide()
        self.message = QLabel()
        self.message.setObjectName("formMessage")
        self.message.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.answer_frame)
        layout.addStretch(1)
        self.stats = QLabel()
        self.stats.setObjectName("hint")
        layout.addWidget(self.stats)
        self.load_statistics()

    def load_statistics(self) -> None:
        self.runner.submit(lambda _c: inquiry_statistics(self.ctx), on_done=self.show_statistics)

    def show_statistics(self, stats: InquiryStatistics) -> None:
        """One line: this month's inquiries and the average answer time (all: «آمار» tab)."""
        month = stats.months[0] if stats.months else None
        this_month = (
            f"{month.label}: {to_persian_digits(month.count)} استعلام، میانگین زمان پاسخ "
            f"{duration_text(month.average_answer)}؛ "
            if month is not None
            else ""
        )
        self.stats.setText(
            f"{this_month}از آغاز: {to_persian_digits(stats.total)} استعلام، میانگین "
            f"{duration_text(stats.average_answer)}"
        )

    # -- input ---------------------------------------------------------------------------
    def _started(self, _text: str = "") -> None:
        if self.started_at is None:
            self.started_at = utcnow()

    def _show_parsed(self, text: str) -> None:
        parsed = parse_serial_input(text)
        if parsed.verification_code:
            self.parsed.setText(
                f"از کد QR خوانده شد: شمارهٔ {code_text(parsed.serial)}، "
                f"کد تصدیق {code_text(parsed.verification_code)}"
            )
        else:
            self.parsed.setText("")

    def _serial_entered(self) -> None:
        """A scanner ends with Enter: go on to the national code."""
        self._started()
        self.national_code.setFocus(Qt.FocusReason.OtherFocusReason)

    def asked_at(self) -> datetime:
        """When the question came: the letter's day if earlier, else when typing began."""
        received = self.received_on.date()
        started = self.started_at or utcnow()
        if received is not None and received < today():
            return datetime.combine(received, time(8, 0)).astimezone()
        return started

    def request(self) -> InquiryRequest:
        return InquiryRequest(
            text=self.serial.text(),
            national_code=self.national_code.value(),
            asker_kind=self.asker_kind.value() or "person",
            asker_name=self.asker_name.text(),
            letter_number=self.letter_number.text(),
            asked_at=self.asked_at(),
        )

    # -- asking --------------------------------------------------------------------------
    def ask(self) -> None:
        for row in self.rows.values():
            editor = row.editor()
            if hasattr(editor, "set_error"):
                editor.set_error(None)
        self.message.setText("")
        request = self.request()

        def work(_c: Any) -> InquiryRecord:
            return inquire(self.ctx, request, central=central_lookup(self.ctx))

        self.ask_button.setEnabled(False)
        self.runner.submit(work, on_done=self.show_record, on_error=self._failed, write=True)

    def _failed(self, exc: Exception) -> None:
        self.ask_button.setEnabled(True)
        field = getattr(exc, "field", None) if isinstance(exc, ServiceError) else None
        row = self.rows.get(field or "")
        editor = row.editor() if row is not None else None
        if editor is not None and hasattr(editor, "set_error"):
            editor.set_error(error_message(exc))
            editor.setFocus()
        else:
            self.message.setText(error_message(exc))

    def show_record(self, record: InquiryRecord) -> None:
        self.ask_button.setEnabled(True)
        self.load_statistics()
        self.record = record
        result = record.result
        color, background, title = ANSWER_STYLE[result.answer]
        self.answer_frame.setStyleSheet(
            f"QFrame#inquiryAnswer {{ border: 2px solid {color}; background: {background};"
            " border-radius: 6px; }"
        )
        self.answer_title.setStyleSheet(f"color: {color}; font-size: 16pt; font-weight: bold;")
        self.answer_title.setText(title)
        lines = [
            f"شمارهٔ گواهینامه: {code_text(result.serial)} — "
            f"کد ملی: {code_text(result.national_code)}"
        ]
        if result.answer != "unknown":
            lines.append(f"دارنده: {result.holder_name}")
            lines.append(f"استاندارد: {result.standard_title}")
            lines.append(f"تاریخ صدور: {format_jalali(result.issued_on)}")
        if result.answer == "revoked":
            lines.append(
                f"تاریخ ابطال: {format_jalali(result.revoked_on)} — دلیل: {result.revoke_reason}"
            )
        if result.answer == "replaced":
            lines.append(
                f"به جای آن در {format_jalali(result.replaced_on)} گواهی شمارهٔ "
                f"{code_text(result.replaced_by)} صادر شده است؛ فقط آن معتبر است."
            )
        lines.append(
            "پاسخ از سرور مرکزی" if result.source == "central" else "پاسخ از پایگاه دادهٔ همین اداره"
        )
        if result.note:
            lines.append(result.note)
        self.answer_details.setText("\n".join(lines))
        self.answer_frame.show()
        self.print_button.setEnabled(True)

    def print_letter(self) -> None:
        record = self.record
        if record is None:
            return
        folder = file_dialogs.prints_folder(PRINTS_FOLDER)

        def write(_c: Any) -> Path:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"inquiry-{record.id}.pdf"
            print_reply_letter(self.ctx, record.id, path)
            return path

        self.runner.submit(write, on_done=self._printed, on_error=lambda e: show_error(self, e))

    def _printed(self, path: Path) -> None:
        self.last_letter = path
        type(self).open_file(path)

    def clear(self) -> None:
        """Ready for the next inquiry (the asker stays: agencies often ask in batches)."""
        self.serial.clear()
        self.national_code.clear()
        self.record = None
        self.started_at = None
        self.answer_frame.hide()
        self.print_button.setEnabled(False)
        self.message.setText("")
        self.serial.setFocus()
