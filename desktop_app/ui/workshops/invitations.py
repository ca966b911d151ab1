"""The invitations tab: pick a workshop, see the invited list with answers, letter
numbers and confirmations, the budget (per head × who said yes against what was spent),
invite by national code, record yes/no, print the invitation letter and the
confirmation request, record the agency's answer (a small form: result, letter number,
date — each refusal under its field), and issue completion certificates.
UI thread only; every query, save and print runs on the ``TaskRunner``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...documents.workshops import ANSWERS, CONFIRMATIONS, OCCUPATIONS, PARTICIPANT_KINDS
from ...persian import format_rial, to_persian_digits
from ...persian.bidi import code as bidi_code
from ...persian.bidi import isolate
from ...services.accounts.access import APPROVE, DELETE, EXPORT_PERSONAL, PRINT, can
from ...services.core.changes import Change
from ...services.core.context import AppContext
from ...services.workshops.completion import (
    CompletionIssue,
    issue_completion_certificates,
    reissue_completion_certificate,
    revoke_completion_certificate,
)
from ...services.workshops.export import WorkshopExport, export_workshop_excel
from ...services.workshops.invitations import (
    InvitationLine,
    invitations,
    invite_by_national_code,
    record_answer,
    record_confirmation,
    remove_invitation,
)
from ...services.workshops.printing import (
    print_completion_certificate,
    print_confirmation_request,
    print_invitation,
)
from ...services.workshops.programme import Budget, budget, workshop_choices
from ..errors import error_message, show_error
from ..listing import ChoiceBox, RecordFormDialog, labels
from ..listing.binding import Field
from ..listing.labels import print_label
from ..tasks import TaskRunner, data_bus
from ..text import ltr
from ..widgets import JalaliDateEdit, NationalCodeEdit, TextLineEdit, file_dialogs

KINDS = frozenset(
    {Change.WORKSHOP_INVITATIONS, Change.WORKSHOP_LETTERS, Change.WORKSHOP_CERTIFICATES}
)
_Index = QModelIndex | QPersistentModelIndex
HEADERS = (
    "نام", "کد ملی", "نوع", "گروه / سمن / روستا", "پاسخ", "شمارهٔ دعوت‌نامه",
    "تأیید دستگاه", "نامهٔ پاسخ دستگاه", "گواهی شرکت",
)  # fmt: skip


class InvitationsModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.lines: list[InvitationLine] = []

    def set_lines(self, lines: list[InvitationLine]) -> None:
        self.beginResetModel()
        self.lines = lines
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal:
                return HEADERS[section]
            return to_persian_digits(section + 1)
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        line = self.lines[index.row()]
        kind = PARTICIPANT_KINDS[line.kind]
        if line.occupation:
            kind += f" ({OCCUPATIONS[line.occupation]})"
        confirmation = CONFIRMATIONS.get(line.confirmation, "") if line.occupation else "لازم نیست"
        return (
            line.name, to_persian_digits(line.national_code), kind, line.affiliation,
            ANSWERS[line.answer], ltr(to_persian_digits(line.letter_number)), confirmation,
            line.confirmation_letter, _certificate(line),
        )[index.column()]  # fmt: skip


def _certificate(line: InvitationLine) -> str:
    if not line.serial:
        return ""
    return bidi_code(line.serial) + (" (ابطال‌شده)" if line.certificate_revoked else "")


@dataclass(frozen=True)
class ConfirmationAnswer:
    """What the agency answered (the keys are the service's field names)."""

    confirmation: str = "confirmed"
    confirmation_letter: str = ""
    confirmation_date: date | None = None


class ConfirmationForm(RecordFormDialog):
    """The agency's answer to a confirmation request."""

    new_title = "پاسخ دستگاه به درخواست تأیید"
    data_class = ConfirmationAnswer
    fields = (
        Field(
            "confirmation",
            "پاسخ",
            partial(
                ChoiceBox, [("confirmed", "تأیید شد"), ("refused", "تأیید نشد")], required=True
            ),
            True,
            read=lambda answer: answer or "confirmed",
        ),
        Field("confirmation_letter", "شمارهٔ نامهٔ پاسخ", partial(TextLineEdit, required=True), True),
        Field("confirmation_date", "تاریخ نامهٔ پاسخ", partial(JalaliDateEdit, required=True), True),
    )

    def __init__(
        self, ctx: AppContext, runner: TaskRunner, line: InvitationLine, parent: Any = None
    ) -> None:
        self.line = line
        super().__init__(ctx, runner, None, parent)

    def store(self, data: ConfirmationAnswer) -> ConfirmationAnswer:
        record_confirmation(
            self.ctx,
            self.line.id,
            data.confirmation == "confirmed",
            data.confirmation_letter,
            data.confirmation_date,
        )
        return data


#: The actions on the lower row: certificates and the Excel export.
_SECOND_ROW = frozenset(
    {"certificates", "print_certificate", "reissue_certificate", "revoke_certificate", "excel"}
)


class InvitationsPage(QWidget):
    open_file = staticmethod(lambda path: None)

    def __init__(self, ctx: AppContext, runner: TaskRunner) -> None:
        super().__init__()
        self.ctx, self.runner = ctx, runner
        self.workshop = ChoiceBox([], empty="کارگاه را انتخاب کنید")
        self.workshop.setAccessibleName("کارگاه")
        self.workshop.currentIndexChanged.connect(lambda _i: self.load())
        self.budget = QLabel()
        top = QHBoxLayout()
        top.addWidget(QLabel("دعوت‌شدگان کارگاه:"))
        top.addWidget(self.workshop, 1)
        self.model = InvitationsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.code = NationalCodeEdit()
        self.code.setAccessibleName("کد ملی دعوت‌شونده")
        self.invite_button = QPushButton("دعوت")
        self.invite_button.clicked.connect(self.invite)
        invite_row = QHBoxLayout()
        invite_row.addWidget(QLabel("دعوت با کد ملی:"))
        invite_row.addWidget(self.code)
        invite_row.addWidget(self.invite_button)
        invite_row.addStretch(1)
        invite_row.addWidget(self.budget)
        self.buttons: dict[str, QPushButton] = {}
        actions = (
            ("yes", "می‌آید", lambda: self.answer("yes")),
            ("no", "نمی‌آید", lambda: self.answer("no")),
            ("letter", print_label("دعوت‌نامه"), self.print_letter),
            ("request", "نامهٔ درخواست تأیید…", self.print_request),
            ("reply", "پاسخ دستگاه…", self.record_reply),
            ("remove", "حذف دعوت", self.remove),
            ("certificates", "صدور گواهی شرکت", self.issue),
            ("print_certificate", print_label("گواهی"), self.print_certificate),
            ("reissue_certificate", "صدور دوبارهٔ گواهی…", self.reissue_certificate),
            ("revoke_certificate", "ابطال گواهی…", self.revoke_certificate),
            ("excel", labels.EXPORT_EXCEL, self.choose_export_file),
        )
        row, second = QHBoxLayout(), QHBoxLayout()  # the invitation's, the certificate's
        for key, label, slot in actions:
            button = QPushButton(label)
            button.clicked.connect(slot)
            self.buttons[key] = button
            (second if key in _SECOND_ROW else row).addWidget(button)
        row.addStretch(1)
        second.addStretch(1)
        self.buttons["letter"].setVisible(can(ctx, PRINT))
        self.buttons["request"].setVisible(can(ctx, PRINT))
        self.buttons["remove"].setVisible(can(ctx, DELETE))
        self.buttons["certificates"].setVisible(can(ctx, APPROVE))
        self.buttons["reissue_certificate"].setVisible(can(ctx, APPROVE))
        self.buttons["revoke_certificate"].setVisible(can(ctx, APPROVE))
        self.buttons["excel"].setVisible(can(ctx, EXPORT_PERSONAL))
        self.buttons["excel"].setToolTip(
            "شرکت‌کنندگان، حضور و غیاب و ارزشیابی این کارگاه در یک فایل اکسل"
        )
        self.buttons["print_certificate"].setVisible(can(ctx, PRINT))
        self.message = QLabel()
        self.message.setObjectName("formMessage")
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(invite_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(row)
        layout.addLayout(second)
        self.reload_choices()
        data_bus().data_changed.connect(self._on_data_changed)

    def _on_data_changed(self, kinds: Any) -> None:
        if Change.TRAINING_WORKSHOPS in kinds:
            self.reload_choices()
        if (KINDS | {Change.TRAINING_WORKSHOPS}) & set(kinds):
            self.load()

    def reload_choices(self) -> None:
        self.runner.submit(lambda _c: workshop_choices(self.ctx), on_done=self.workshop.set_choices)

    def load(self) -> None:
        workshop_id = self.workshop.value()
        if workshop_id is None:
            self.model.set_lines([])
            self.budget.setText("")
            return

        def read(_c: Any) -> tuple[uuid.UUID, list[InvitationLine], Budget]:
            return workshop_id, invitations(self.ctx, workshop_id), budget(self.ctx, workshop_id)

        self.runner.submit(read, on_done=self._loaded, on_error=self._error)

    def _loaded(self, result: tuple[uuid.UUID, list[InvitationLine], Budget]) -> None:
        workshop_id, lines, money = result
        if workshop_id != self.workshop.value():
            return
        chosen = self.selected()
        self.model.set_lines(lines)
        if chosen is not None:  # keep the clerk's row across a reload
            for row, line in enumerate(lines):
                if line.id == chosen.id:
                    self.table.setCurrentIndex(self.model.index(row, 0))
        self.budget.setText(
            f"بودجه: سرانه {format_rial(money.per_head)} × {to_persian_digits(money.participants)} نفر = "
            f"{format_rial(money.planned)}؛ هزینه‌شده {format_rial(money.spent)}؛ "
            f"مانده {format_rial(money.remaining)}"
        )

    def _error(self, exc: Exception) -> None:
        self.message.setText(error_message(exc))

    def selected(self) -> InvitationLine | None:
        rows = self.table.selectionModel().selectedRows()
        current = rows[0] if rows else self.table.currentIndex()
        return self.model.lines[current.row()] if current.isValid() else None

    def _write(self, fn: Any, done: Any = None) -> None:
        self.message.setText("")
        self.runner.submit(fn, on_done=done or (lambda _r: None), on_error=self._error, write=True)

    def invite(self) -> None:
        workshop_id, code = self.workshop.value(), self.code.value()
        if workshop_id is None:
            return
        self._write(lambda _c: invite_by_national_code(self.ctx, workshop_id, code), self._invited)

    def _invited(self, name: str) -> None:
        self.code.setValue("")
        self.message.setText(f"«{name}» دعوت شد.")

    def answer(self, value: str) -> None:
        line = self.selected()
        if line is not None:
            self._write(lambda _c: record_answer(self.ctx, line.id, value))

    def remove(self) -> None:
        line = self.selected()
        if line is not None:
            self._write(lambda _c: remove_invitation(self.ctx, line.id))

    def _print(self, kind: str, writer: Any) -> None:
        line, workshop_id = self.selected(), self.workshop.value()
        if line is None or workshop_id is None:
            return
        folder = file_dialogs.prints_folder("workshops")

        def write(_c: Any) -> Path:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{kind}-{line.id}.pdf"
            writer(self.ctx, workshop_id, line.id, path)
            return path

        self.runner.submit(
            write, on_done=self._printed, on_error=lambda exc: show_error(self, exc), write=True
        )

    def _printed(self, path: Path) -> None:
        self.last_printed = path
        self.open_file(path)

    def print_letter(self) -> None:
        self._print("invitation", print_invitation)

    def print_request(self) -> None:
        self._print("confirmation", print_confirmation_request)

    def print_certificate(self) -> None:
        line = self.selected()
        if line is None:
            return
        if not line.serial:
            self.message.setText(f"برای «{line.name}» گواهی شرکت صادر نشده است.")
            return
        folder, serial = file_dialogs.prints_folder("workshops"), line.serial

        def write(_c: Any) -> Path:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"certificate-{serial}.pdf"
            print_completion_certificate(self.ctx, serial, path)
            return path

        self.runner.submit(write, on_done=self._printed, on_error=lambda exc: show_error(self, exc),
                           write=True)  # fmt: skip

    def record_reply(self) -> None:
        line = self.selected()
        if line is None:
            return
        self.reply_form = ConfirmationForm(self.ctx, self.runner, line, self)
        self.reply_form.open()

    def issue(self) -> None:
        workshop_id = self.workshop.value()
        if workshop_id is not None:
            self._write(
                lambda _c: issue_completion_certificates(self.ctx, workshop_id), self._issued
            )

    def _issued(self, result: CompletionIssue) -> None:
        parts = [f"{to_persian_digits(len(result.issued))} گواهی شرکت صادر شد"]
        if result.already:
            parts.append(f"{to_persian_digits(result.already)} نفر پیش‌تر گواهی گرفته بودند")
        parts += [f"صادر نشد — {reason}" for reason in result.not_completed]
        self.message.setText("؛ ".join(parts) + ".")

    def ask_reason(self, title: str, prompt: str) -> str | None:
        """A reason typed by the supervisor, or None when cancelled (tests replace this)."""
        text, ok = QInputDialog.getText(self, title, prompt, QLineEdit.EchoMode.Normal)
        return text if ok else None

    def _certificate_line(self) -> InvitationLine | None:
        line = self.selected()
        if line is None:
            return None
        if not line.serial:
            self.message.setText(f"برای «{line.name}» گواهی شرکت صادر نشده است.")
            return None
        return line

    def revoke_certificate(self) -> None:
        line = self._certificate_line()
        if line is None:
            return
        reason = self.ask_reason(
            "ابطال گواهی شرکت", f"دلیل ابطال گواهی {bidi_code(line.serial)} ({line.name}):"
        )
        if reason is None:
            return
        serial = line.serial
        self._write(
            lambda _c: revoke_completion_certificate(self.ctx, serial, reason),
            lambda stored: self.message.setText(f"گواهی {bidi_code(stored)} ابطال شد."),
        )

    def reissue_certificate(self) -> None:
        line = self._certificate_line()
        if line is None:
            return
        reason = self.ask_reason(
            "صدور دوبارهٔ گواهی شرکت",
            f"گواهی {bidi_code(line.serial)} ({line.name}) با شمارهٔ تازه دوباره صادر می‌شود و "
            "شمارهٔ پیشین دیگر اعتبار ندارد. دلیل (گم شدن، اصلاح نام…):",
        )
        if reason is None:
            return
        serial = line.serial
        self._write(
            lambda _c: reissue_completion_certificate(self.ctx, serial, reason),
            lambda new: self.message.setText(
                f"گواهی {bidi_code(new)} به جای {bidi_code(serial)} صادر شد؛ آن را چاپ کنید."
            ),
        )

    # -- Excel ----------------------------------------------------------------------------
    def choose_export_file(self) -> None:
        if self.workshop.value() is None:
            return
        path = file_dialogs.save_file_name(
            self, labels.EXPORT_EXCEL_TITLE, "workshop.xlsx", labels.EXCEL_FILTER
        )
        if path:
            self.export_to(Path(path if path.lower().endswith(".xlsx") else path + ".xlsx"))

    def export_to(self, path: Path) -> None:
        """Write the chosen workshop's participants, attendance and evaluation to ``path``."""
        workshop_id = self.workshop.value()
        if workshop_id is None:
            return
        self.message.setText(labels.WRITING_EXCEL)

        def done(result: WorkshopExport) -> None:
            self.message.setText(
                f"{to_persian_digits(result.participants)} شرکت‌کننده با حضور و غیاب و "
                f"ارزشیابی در {isolate(str(path))} نوشته شد."
            )

        self.runner.submit(
            lambda _c: export_workshop_excel(self.ctx, workshop_id, path),
            on_done=done,
            on_error=self._error,
        )
