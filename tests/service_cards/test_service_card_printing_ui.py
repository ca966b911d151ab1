"""Print preview and printing from the window: the preview shows the real PDF of the
card, printing goes page by page to a QPrinter (a PDF file here, as a stand-in for the
system printer), and the SLA statement is edited before it is previewed."""

from __future__ import annotations

import io
import uuid

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from desktop_app.services.catalog.service_card_list import count_cards
from desktop_app.services.catalog.service_cards import find_card
from desktop_app.services.core.listing import ListQuery
from desktop_app.services.demo.demo_service_cards import fill_service_cards
from desktop_app.ui.service_cards.printing import print_pdf
from desktop_app.ui.tasks import data_bus
from tests.reports.pdftext import drawn_lines, logical


def _catalog_with_cards(main_window, ctx, qtbot):
    fill_service_cards(ctx)
    data_bus().notify({"service_cards"})
    page = main_window.show_section("service_cards").body
    qtbot.waitUntil(lambda: page.model.is_ready() and page.model.total() == 3)
    return page


def _select(page, code):
    card = find_card(page.ctx, code)
    page.select_row(page.model.row_of(uuid.UUID(card.id)))
    return card


def _text_of(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "shown.pdf"
    path.write_bytes(pdf)
    return "\n".join(logical(line) for page in drawn_lines(path) for line in page)


def test_print_preview_shows_the_card_pdf_and_prints_every_page(main_window, ctx, qtbot, tmp_path):
    page = _catalog_with_cards(main_window, ctx, qtbot)
    card = _select(page, "18051045000")
    page.last_preview = None
    qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: getattr(page, "last_preview", None) is not None)
    preview = page.last_preview
    assert preview.document.status() == QPdfDocument.Status.Ready
    pages = preview.document.pageCount()
    assert pages == len(PdfReader(io.BytesIO(preview.pdf)).pages) >= 2
    assert card.title in _text_of(preview.pdf, tmp_path)
    # the system print dialog is replaced by a PDF printer: every page arrives
    printer = preview.make_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    assert print_pdf(preview.document, printer) == pages
    assert len(PdfReader(out).pages) == pages
    saved = tmp_path / "saved.pdf"
    preview.save_to(saved)
    assert saved.read_bytes() == preview.pdf
    preview.close()


def test_preview_from_the_form_prints_what_is_typed(main_window, ctx, qtbot, tmp_path):
    page = main_window.show_section("service_cards").body
    form = page.new_record()
    form.parts[0].title.setText("خدمتی که هنوز ذخیره نشده")
    form.last_preview = None
    qtbot.mouseClick(form.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.last_preview is not None)
    assert "خدمتی که هنوز ذخیره نشده" in _text_of(form.last_preview.pdf, tmp_path)
    assert count_cards(ctx, ListQuery()) == 0  # previewing saves nothing
    form.last_preview.close()


def test_sla_is_edited_before_printing(main_window, ctx, qtbot, tmp_path):
    page = _catalog_with_cards(main_window, ctx, qtbot)
    card = _select(page, "18051045000")
    qtbot.mouseClick(page.sla_button, Qt.MouseButton.LeftButton)
    dialog = page.last_dialog
    qtbot.waitUntil(lambda: dialog.default is not None)
    assert dialog.service_title.text() == card.title
    assert "۵۰٬۰۰۰ ریال" in dialog.sections["fees"].text()
    dialog.sections["period"].setText("این توافقنامه یک ساله است و هر سال بازبینی می‌شود.")
    dialog.last_preview = None
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.last_preview is not None)
    text = _text_of(dialog.last_preview.pdf, tmp_path)
    assert "این توافقنامه یک ساله است" in text and "دوره عملکرد" in text
    assert "دوره دائمی" not in text
    dialog.last_preview.close()
    qtbot.mouseClick(dialog.reset_button, Qt.MouseButton.LeftButton)
    assert "دوره دائمی" in dialog.sections["period"].text()
