"""What the participation screens share: the data kinds they show, a list page
with a status line and extra actions, file choosers tests can replace, and opening a
written PDF. UI thread only."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QInputDialog, QLabel, QLineEdit, QWidget

from desktop_app.persian.bidi import isolate

from ...persian import format_number
from ...services.core.changes import Change
from ...services.core.context import AppContext
from ..errors import error_message
from ..listing import ListConfig, RecordListPage, labels
from ..tasks import TaskRunner
from ..text import ltr
from ..widgets import file_dialogs

#: Every kind of change the participation screens show.
ALL_KINDS: frozenset[Change] = frozenset(
    {
        Change.GIFTS,
        Change.BENEFACTORS,
        Change.VOLUNTEERS,
        Change.ALLOCATIONS,
        Change.BANK_STATEMENT_LINES,
    }
)
PRINTS_FOLDER = "participation"


def open_pdf(path: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def save_path(parent: QWidget, title: str, file_filter: str, suffix: str) -> Path | None:
    """Ask where to save (``suffix`` added when the clerk left it out)."""
    path = file_dialogs.save_file_name(parent, title, "", file_filter)
    if not path:
        return None
    return Path(path if path.lower().endswith(suffix) else path + suffix)


class ParticipationListPage(RecordListPage):
    """``RecordListPage`` plus a status line, extra buttons and the Excel export."""

    open_file = staticmethod(open_pdf)
    #: (ctx, path) -> rows written; None: no export button.
    export: Callable[[AppContext, Path], int] | None = None
    export_noun = "ردیف"

    def __init__(self, ctx: AppContext, runner: TaskRunner, config: ListConfig) -> None:
        super().__init__(ctx, runner, config)
        self.status = QLabel()
        self.status.setObjectName("listStatus")
        self.status.setWordWrap(True)
        self.page_layout.addWidget(self.status)
        if type(self).export is not None:
            self.export_button = self.add_action(labels.EXPORT_EXCEL, self.ask_export)

    def ask_save_path(self, title: str, file_filter: str, suffix: str) -> Path | None:
        """Tests replace this."""
        return save_path(self, title, file_filter, suffix)

    def ask_text(self, title: str, label: str) -> str | None:
        """Ask for a short text such as a reason (tests replace this)."""
        text, ok = QInputDialog.getText(self, title, label, QLineEdit.EchoMode.Normal)
        return text if ok else None

    def ask_export(self) -> None:
        path = self.ask_save_path(labels.EXPORT_EXCEL_TITLE, labels.EXCEL_FILTER, ".xlsx")
        if path is not None:
            self.export_to(path)

    def export_task(self, path: Path) -> Callable[[Any], int]:
        """The worker's task that writes the list's Excel (a page with a period passes it)."""
        export, ctx = type(self).export, self.ctx
        assert export is not None
        return lambda _c: export(ctx, path)

    def export_to(self, path: Path) -> None:
        task = self.export_task(path)
        self.status.setText(labels.WRITING_EXCEL)
        self.runner.submit(
            task,
            on_done=lambda n: self.status.setText(
                f"{format_number(n)} {self.export_noun} در {isolate(str(path))} نوشته شد."
            ),
            on_error=self.report_error,
        )

    def report_error(self, exc: BaseException) -> None:
        self.status.setText(error_message(exc))
        self.show_error(exc)

    def write_pdf(self, name: str, write: Callable[[Path], Any], done: str = "") -> None:
        """Write a PDF into the documents folder's participation prints (on the write
        worker), then open it."""
        folder = file_dialogs.prints_folder(PRINTS_FOLDER)

        def work(_c: Any) -> Path:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / name
            write(path)
            return path

        self.status.setText("در حال ساختن PDF…")
        self.runner.submit(work, on_done=self._printed, on_error=self.report_error, write=True)

    def _printed(self, path: Path) -> None:
        self.last_printed = path
        self.status.setText(f"{ltr(path.name)} نوشته شد.")
        type(self).open_file(path)
