"""Print preview and printing of the service card and of the SLA statement.

The preview shows the *real* PDF the reports engine writes (the same bytes the CLI
saves), drawn by Qt's PDF module (``QPdfDocument`` + ``QPdfView``): what the clerk
sees is what the printer gets, Persian shaping included. «چاپ…» opens the system print
dialog and prints each page of that PDF as an image at the printer's resolution,
scaled to the printable area; «ذخیرهٔ PDF…» saves the bytes. The PDF is built on a
worker thread (``TaskRunner``), so the window never waits for reportlab.

UI thread only (the ``render`` callables run on a worker).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...documents.service_card_data import ServiceCardData
from ...persian import format_number
from ...reports.sla import SlaText
from ...services.catalog.service_card_print import service_card_pdf
from ...services.catalog.service_card_print import sla_pdf as sla_print_pdf
from ...services.core.context import AppContext
from ..errors import show_error
from ..listing import labels
from ..tasks import TaskRunner
from ..widgets import file_dialogs
from ..widgets.fit import fit_to_screen
from ..widgets.keyboard import keyboard_first

__all__ = ["PdfPreviewDialog", "preview_card", "preview_sla", "print_pdf"]


def card_pdf(ctx: AppContext, card: ServiceCardData) -> bytes:
    """The printed card as PDF bytes, with the office's logo (worker thread)."""
    return service_card_pdf(ctx, card)


def sla_pdf(ctx: AppContext, sla: SlaText) -> bytes:
    """The SLA statement as PDF bytes, with the office's logo (worker thread)."""
    return sla_print_pdf(ctx, sla)


def print_pdf(document: QPdfDocument, printer: QPrinter) -> int:
    """Print the pages of ``document`` the printer asks for; the number printed."""
    count = document.pageCount()
    first, last = 0, count - 1
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first = printer.fromPage() - 1
        last = min(last, printer.toPage() - 1) if printer.toPage() > 0 else last
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("چاپگر آماده نیست.")
    printed = 0
    try:
        for page in range(first, last + 1):
            if printed:
                printer.newPage()
            area = painter.viewport()
            points = document.pagePointSize(page)
            scale = min(area.width() / points.width(), area.height() / points.height())
            size = QSize(round(points.width() * scale), round(points.height() * scale))
            image = document.render(page, size)
            target = QRect(
                area.x() + (area.width() - size.width()) // 2,
                area.y() + (area.height() - size.height()) // 2,
                size.width(),
                size.height(),
            )
            painter.drawImage(target, image)
            printed += 1
    finally:
        painter.end()
    return printed


class PdfPreviewDialog(QDialog):
    """Shows PDF bytes page by page; prints them or saves them as a file."""

    def __init__(
        self, pdf: bytes, title: str, file_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"پیش‌نمایش چاپ — {title}")
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        fit_to_screen(self, 820, 900)  # the page scrolls; the buttons stay on screen
        self.pdf = pdf
        self.file_name = file_name
        self._bytes = QByteArray(pdf)
        self._buffer = QBuffer(self._bytes, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)

        self.view = QPdfView(self)
        self.view.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # pages, not text
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.pages_label = QLabel(f"{format_number(self.document.pageCount())} صفحه")

        self.print_button = QPushButton(labels.PRINT)
        self.print_button.setDefault(True)
        self.print_button.clicked.connect(self.print_with_dialog)
        self.save_button = QPushButton(labels.SAVE_PDF)
        self.save_button.clicked.connect(self.save_with_dialog)
        close = QPushButton("بستن")
        close.clicked.connect(self.reject)
        buttons = QDialogButtonBox()
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(close, QDialogButtonBox.ButtonRole.RejectRole)

        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.pages_label)
        layout.addWidget(buttons)
        keyboard_first(self, self.print_button)

    def make_printer(self) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.file_name)
        printer.setFromTo(1, self.document.pageCount())
        return printer

    def print_with_dialog(self) -> None:
        printer = self.make_printer()
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, self.document.pageCount())
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            print_pdf(self.document, printer)
        except OSError as exc:
            show_error(self, exc)

    def save_with_dialog(self) -> None:
        path = file_dialogs.save_file_name(
            self, labels.SAVE_PDF_TITLE, self.file_name, labels.PDF_FILTER
        )
        if path:
            self.save_to(Path(path))

    def save_to(self, path: Path) -> None:
        try:
            path.write_bytes(self.pdf)
        except OSError as exc:
            show_error(self, exc)


def _preview(
    parent: QWidget, runner: TaskRunner, render: Callable[[], bytes], title: str, file_name: str
) -> None:
    def opened(pdf: bytes) -> None:
        dialog = PdfPreviewDialog(pdf, title, file_name, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        parent.last_preview = dialog  # type: ignore[attr-defined]  # tests look at it
        dialog.open()

    runner.submit(lambda _c: render(), on_done=opened, on_error=lambda e: show_error(parent, e))


def preview_card(parent: QWidget, runner: TaskRunner, card: ServiceCardData) -> None:
    """Build the card's PDF off the UI thread, then open the preview."""
    name = card.service_code or "service-card"
    ctx = parent.ctx  # type: ignore[attr-defined]  # every caller is a page or form with one
    _preview(
        parent, runner, lambda: card_pdf(ctx, card), card.title or "شناسنامه خدمت", f"{name}.pdf"
    )


def preview_sla(parent: QWidget, runner: TaskRunner, sla: SlaText) -> None:
    """Build the statement's PDF off the UI thread, then open the preview."""
    ctx = parent.ctx  # type: ignore[attr-defined]
    _preview(parent, runner, lambda: sla_pdf(ctx, sla), sla.title, "sla.pdf")
