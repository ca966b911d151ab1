"""Small editors and helpers the feedback screens share: a check box a form binds like
any field, the service-card choice loaded off the UI thread, and saving a PDF chosen by
the clerk on a worker. UI thread only."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QCheckBox, QLabel, QWidget

from ...persian.bidi import isolate
from ...services.core.context import AppContext
from ...services.feedback.requests import service_card_choices
from ..errors import error_message
from ..listing import ChoiceBox, labels
from ..tasks import TaskRunner
from ..widgets import ValidatedField
from ..widgets.file_dialogs import save_file_name


class CheckField(ValidatedField, QCheckBox):
    """A check box with ``value()``/``setValue()`` (binds like any field)."""

    def value(self) -> bool:
        return self.isChecked()

    def setValue(self, value: Any) -> None:
        self.setChecked(bool(value))


def card_box(ctx: AppContext, runner: TaskRunner, *, required: bool = True) -> ChoiceBox:
    """A choice of service card, filled from the database on a worker."""
    box = ChoiceBox(empty="— خدمت را انتخاب کنید —", required=required)
    box.setMinimumContentsLength(28)
    runner.submit(lambda _c: service_card_choices(ctx), on_done=box.set_choices)
    return box


def save_pdf(
    parent: QWidget,
    runner: TaskRunner,
    status: QLabel,
    title: str,
    name: str,
    write: Callable[[Path], object],
) -> None:
    """Ask where to save, then ``write(path)`` on a worker and say how it went."""
    path = save_file_name(parent, title, name, labels.PDF_FILTER)
    if path:
        write_pdf_to(
            runner, status, Path(path if path.lower().endswith(".pdf") else path + ".pdf"), write
        )


def write_pdf_to(
    runner: TaskRunner, status: QLabel, path: Path, write: Callable[[Path], object]
) -> None:
    status.setText("در حال ساختن PDF…")
    runner.submit(
        lambda _c: write(path),
        on_done=lambda _r: status.setText(f"{isolate(str(path))} نوشته شد."),
        on_error=lambda exc: status.setText(error_message(exc)),
    )
