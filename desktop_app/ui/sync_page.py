"""The sync section (همگام‌سازی): status, "sync now", enrollment, conflicts, problems.

Every call to the server or the database runs through the ``TaskRunner`` (sync and
enrollment on the write worker), never on the UI thread; progress comes back as
text and a busy bar. The conflict list shows the clerk's value and the server's side
by side and lets the clerk keep either (for a refused change, "mine" sends it again
with the changes held behind it). The problems list shows pulled rows set aside with
their Persian reason; a supervisor tries one again or sets it aside. UI thread only.
"""

from __future__ import annotations

from typing import Any, Literal

import httpx
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.core.changes import Change

from ..persian.dates import format_jalali
from ..persian.digits import format_number, to_persian_digits
from ..services.core.context import AppContext
from ..services.sync.sync import (
    ConflictView,
    ProblemView,
    SyncReport,
    SyncStatus,
    dismiss_sync_problem,
    enroll_workstation,
    list_conflicts,
    list_sync_problems,
    resolve_conflict,
    retry_sync_problem,
    run_sync,
    sync_status,
)
from .errors import error_message
from .tasks import EVERYTHING, TaskRunner, data_bus
from .text import ltr
from .widgets.fit import fit_to_screen
from .widgets.keyboard import keyboard_first

SYNC_KIND = Change.SYNC


def _shown(value: Any) -> str:
    text = "—" if value is None or value == "" else str(value)
    return text if len(text) <= 120 else text[:117] + "…"


class ComparisonModel(QAbstractTableModel):
    """Rows: the conflicting columns; columns: name, the clerk's value, the server's."""

    HEADERS = ("ستون", "نسخهٔ این رایانه", "نسخهٔ سرور")

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, str, str]] = []

    def show(self, conflict: ConflictView | None) -> None:
        self.beginResetModel()
        self.rows = []
        if conflict is not None:
            for name in conflict.fields:
                self.rows.append(
                    (
                        name,
                        _shown(conflict.local_values.get(name)),
                        _shown(conflict.server_values.get(name)),
                    )
                )
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and index.isValid():
            return self.rows[index.row()][index.column()]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None


class EnrollDialog(QDialog):
    """Server address and one-time code; the enrollment runs off the UI thread."""

    def __init__(self, page: SyncPage) -> None:
        super().__init__(page)
        self.page = page
        self.setWindowTitle("ثبت این رایانه در سرور مرکزی")
        self.url = QLineEdit(page.ctx.workstation.server_url or "https://")
        self.url.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.code = QLineEdit()
        self.code.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.message = QLabel("")
        self.message.setObjectName("fieldError")
        self.message.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow("نشانی سرور", self.url)
        form.addRow("کد یک‌بار مصرف", self.code)
        form.addRow(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("ثبت")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("انصراف")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        keyboard_first(self, self.buttons.button(QDialogButtonBox.StandardButton.Ok))
        fit_to_screen(self)

    def submit(self) -> None:
        url, code = self.url.text().strip(), self.code.text().strip()
        if not url.startswith(("https://", "http://")) or url in ("https://", "http://"):
            self.message.setText(
                f"نشانی سرور را کامل بنویسید (مثلاً {ltr('https://miz.example.ir')})."
            )
            return
        if not code:
            self.message.setText("کد یک‌بار مصرفی را که مدیر سرور داده است بنویسید.")
            return
        self.buttons.setEnabled(False)
        self.message.setText("در حال ثبت…")
        ctx, transport = self.page.ctx, self.page.transport
        self.page.runner.submit(
            lambda _c: enroll_workstation(ctx, url, code, transport=transport),
            on_done=self._enrolled,
            on_error=self._failed,
            write=True,
            changes={SYNC_KIND, Change.SETTINGS},
        )

    def _enrolled(self, answer: Any) -> None:
        self.page.set_message(f"این رایانه برای «{answer.office_name}» ثبت شد.")
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.buttons.setEnabled(True)
        self.message.setText(error_message(exc))


class SyncPage(QWidget):
    def __init__(self, ctx: AppContext, runner: TaskRunner) -> None:
        super().__init__()
        self.ctx = ctx
        self.runner = runner
        #: The HTTP boundary (``None``: the network); tests put an in-process server here.
        self.transport: httpx.BaseTransport | None = None
        self.conflicts: list[ConflictView] = []
        self.problems: list[ProblemView] = []

        status_box = QGroupBox("وضعیت")
        status = QFormLayout(status_box)
        self.server_label = QLabel("")
        self.last_sync_label = QLabel("")
        self.pending_label = QLabel("")
        self.conflicts_label = QLabel("")
        self.problems_label = QLabel("")
        #: the check after sync: its summary, and a sentence per table still different
        #: from the server (what happened and what to do), across the whole box
        self.check_label = QLabel("")
        self.check_detail = QLabel("")
        self.check_detail.setObjectName("fieldError")
        self.check_detail.setWordWrap(True)
        self.check_detail.setSizePolicy(
            QSizePolicy.Policy.Preferred, QSizePolicy.Policy.MinimumExpanding
        )
        self.check_detail.hide()
        for value in (
            self.server_label,
            self.last_sync_label,
            self.pending_label,
            self.conflicts_label,
            self.problems_label,
        ):
            # A bare number is left-to-right text: keep it beside its label on the right.
            value.setAlignment(
                Qt.AlignmentFlag.AlignRight
                | Qt.AlignmentFlag.AlignAbsolute
                | Qt.AlignmentFlag.AlignVCenter
            )
        status.addRow("سرور مرکزی", self.server_label)
        status.addRow("آخرین همگام‌سازی", self.last_sync_label)
        status.addRow("تغییرات فرستاده‌نشده", self.pending_label)
        status.addRow("ناسازگاری‌های باز", self.conflicts_label)
        status.addRow("مشکل‌های دریافت", self.problems_label)
        status.addRow("بررسی پس از همگام‌سازی", self.check_label)
        status.addRow(self.check_detail)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.sync_button = QPushButton("همگام‌سازی اکنون")
        self.sync_button.clicked.connect(self.sync_now)
        self.enroll_button = QPushButton("ثبت این رایانه…")
        self.enroll_button.clicked.connect(self.open_enroll)
        buttons = QHBoxLayout()
        buttons.addWidget(self.sync_button)
        buttons.addWidget(self.enroll_button)
        buttons.addStretch(1)
        status.addRow(buttons)
        status.addRow(self.progress)
        status.addRow(self.message)

        conflict_box = QGroupBox("ناسازگاری‌ها: یک رکورد در دو جا تغییر کرده است")
        self.conflict_list = QListWidget()
        self.conflict_list.currentRowChanged.connect(self._show_conflict)
        self.comparison = ComparisonModel()
        self.comparison_view = QTableView()
        self.comparison_view.setModel(self.comparison)
        self.comparison_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.comparison_view.verticalHeader().hide()
        self.keep_mine = QPushButton("نگه داشتن نسخهٔ این رایانه")
        self.keep_theirs = QPushButton("نگه داشتن نسخهٔ سرور")
        self.keep_mine.clicked.connect(lambda: self.resolve("mine"))
        self.keep_theirs.clicked.connect(lambda: self.resolve("theirs"))
        choose = QHBoxLayout()
        choose.addWidget(self.keep_mine)
        choose.addWidget(self.keep_theirs)
        choose.addStretch(1)
        conflicts = QVBoxLayout(conflict_box)
        side = QHBoxLayout()
        side.addWidget(self.conflict_list, 1)
        side.addWidget(self.comparison_view, 2)
        conflicts.addLayout(side)
        conflicts.addLayout(choose)

        problem_box = QGroupBox("مشکل‌های دریافت: ردیف‌هایی از سرور که اینجا ثبت نشدند")
        self.problem_list = QListWidget()
        self.problem_list.setWordWrap(True)
        self.problem_list.currentRowChanged.connect(self._show_problem)
        self.retry_problem = QPushButton("دوباره امتحان کن")
        self.dismiss_problem = QPushButton("کنار بگذار")
        self.retry_problem.clicked.connect(lambda: self.act_on_problem("retry"))
        self.dismiss_problem.clicked.connect(lambda: self.act_on_problem("dismiss"))
        problem_buttons = QHBoxLayout()
        problem_buttons.addWidget(self.retry_problem)
        problem_buttons.addWidget(self.dismiss_problem)
        problem_buttons.addStretch(1)
        problem_layout = QVBoxLayout(problem_box)
        problem_layout.addWidget(self.problem_list)
        problem_layout.addLayout(problem_buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(status_box)
        layout.addWidget(conflict_box, 1)
        layout.addWidget(problem_box, 1)
        data_bus().data_changed.connect(self._data_changed)
        self._show_conflict(-1)
        self._show_problem(-1)
        self.reload()

    # -- loading ------------------------------------------------------------
    def _data_changed(self, kinds: frozenset[str]) -> None:
        self.reload()

    def reload(self) -> None:
        ctx = self.ctx
        self.runner.submit(lambda _c: sync_status(ctx), on_done=self.show_status)
        self.runner.submit(lambda _c: list_conflicts(ctx), on_done=self.show_conflicts)
        self.runner.submit(lambda _c: list_sync_problems(ctx), on_done=self.show_problems)

    def show_status(self, status: SyncStatus) -> None:
        self.server_label.setText(
            ltr(status.server_url) if status.enrolled else "این رایانه هنوز ثبت نشده است"
        )
        when = status.last_sync_at
        self.last_sync_label.setText(
            f"{format_jalali(when.astimezone().date())} — "
            f"{to_persian_digits(when.astimezone().strftime('%H:%M'))}"
            if when
            else "هرگز"
        )
        self.pending_label.setText(format_number(status.pending))  # ۱٬۹۶۶, not ۱۹۶۶
        self.conflicts_label.setText(format_number(status.conflicts))
        self.problems_label.setText(format_number(status.problems))
        if status.mismatches is None:
            self.check_label.setText("هنوز بررسی نشده است")
        elif status.mismatches:
            count = format_number(len(status.mismatches))
            self.check_label.setText(f"{count} جدول با سرور یکی نیست")
        else:
            self.check_label.setText("همهٔ جدول‌ها با سرور یکی است")
        self.check_detail.setText("\n".join(status.mismatches or []))
        self.check_detail.setVisible(bool(status.mismatches))
        self.sync_button.setEnabled(status.enrolled and self.progress.isHidden())

    def show_conflicts(self, conflicts: list[ConflictView]) -> None:
        self.conflicts = conflicts
        self.conflict_list.clear()
        for conflict in conflicts:
            kind = {"rejected": "رد شد", "held": "منتظر", "reuse": "کد تکراری"}.get(
                conflict.kind, "ناسازگاری"
            )
            title = f"{kind}: {conflict.table} — {', '.join(conflict.fields)}"
            item = QListWidgetItem(title)
            item.setToolTip(conflict.reason)
            self.conflict_list.addItem(item)
        if conflicts:
            self.conflict_list.setCurrentRow(0)
        else:
            self._show_conflict(-1)

    def _show_conflict(self, row: int) -> None:
        conflict = self.conflicts[row] if 0 <= row < len(self.conflicts) else None
        self.comparison.show(conflict)
        self.keep_mine.setEnabled(conflict is not None and conflict.kind != "held")
        self.keep_theirs.setEnabled(conflict is not None)

    def show_problems(self, problems: list[ProblemView]) -> None:
        self.problems = problems
        self.problem_list.clear()
        for problem in problems:
            tries = to_persian_digits(problem.attempts)
            item = QListWidgetItem(f"{ltr(problem.table)} — {problem.reason} (تلاش: {tries})")
            item.setToolTip(problem.detail)
            self.problem_list.addItem(item)
        if problems:
            self.problem_list.setCurrentRow(0)
        else:
            self._show_problem(-1)

    def _show_problem(self, row: int) -> None:
        chosen = 0 <= row < len(self.problems)
        self.retry_problem.setEnabled(chosen)
        self.dismiss_problem.setEnabled(chosen)

    def act_on_problem(self, action: Literal["retry", "dismiss"]) -> None:
        """A supervisor tries the chosen problem again, or sets it aside for good."""
        row = self.problem_list.currentRow()
        if not 0 <= row < len(self.problems):
            return
        problem_id, ctx = self.problems[row].id, self.ctx

        def work(_c: Any) -> bool:
            if action == "retry":
                return retry_sync_problem(ctx, problem_id)
            dismiss_sync_problem(ctx, problem_id)
            return True

        def done(applied: bool) -> None:
            if action == "retry":
                self.set_message(
                    "ردیف ثبت شد." if applied else "هنوز ثبت نمی‌شود؛ علت در فهرست آمده است."
                )

        self.runner.submit(
            work,
            on_done=done,
            on_error=lambda exc: self.set_message(error_message(exc)),
            write=True,
            changes={SYNC_KIND, EVERYTHING},
        )

    # -- actions --------------------------------------------------------------
    def set_message(self, text: str) -> None:
        self.message.setText(text)

    def sync_now(self) -> None:
        self.sync_button.setEnabled(False)
        self.progress.show()
        self.set_message("در حال همگام‌سازی…")
        ctx, transport = self.ctx, self.transport

        def work(control: Any) -> SyncReport:
            def progress(stage: str, count: int) -> None:
                text = "فرستادن" if stage == "push" else "دریافت"
                control.progress(count, 0, f"{text}: {to_persian_digits(count)}")

            report = run_sync(ctx, progress, transport=transport)
            assert report is not None  # waits for a background round to finish
            return report

        # On the read pool, not the write worker: the round waits on the network and
        # must not hold up the clerk's saves; its own local transactions are short.
        self.runner.submit(
            work,
            on_done=self._synced,
            on_error=self._sync_failed,
            on_progress=lambda _done, _total, text: self.set_message(text),
        )

    def _synced(self, report: SyncReport) -> None:
        self.progress.hide()
        parts = [
            f"فرستاده: {format_number(report.pushed)}",
            f"دریافت: {format_number(report.pulled)}",
        ]
        if report.conflicts:
            parts.append(f"ناسازگاری تازه: {to_persian_digits(report.conflicts)}")
        self.set_message("همگام‌سازی انجام شد — " + "، ".join(parts))
        data_bus().notify({EVERYTHING})  # pulled rows may touch any list

    def _sync_failed(self, exc: Exception) -> None:
        self.progress.hide()
        self.set_message(error_message(exc))
        self.reload()

    def open_enroll(self) -> EnrollDialog:
        dialog = EnrollDialog(self)
        dialog.open()
        return dialog

    def resolve(self, keep: Literal["mine", "theirs"]) -> None:
        row = self.conflict_list.currentRow()
        if not 0 <= row < len(self.conflicts):
            return
        conflict_id, ctx = self.conflicts[row].id, self.ctx
        self.runner.submit(
            lambda _c: resolve_conflict(ctx, conflict_id, keep),
            on_error=lambda exc: self.set_message(error_message(exc)),
            write=True,
            changes={SYNC_KIND, EVERYTHING},
        )
