"""The Qt half of ``miz smoke``: are the Qt plugins and modules the window needs there?

Checks the platform plugin in use (offscreen in CI), the image formats photos and
icons need (JPEG, PNG, SVG), the SVG icon engine, print support (a PDF through
``QPrinter``), the bundled Vazirmatn fonts, and QtPdf where the PySide6 wheels
provide it (the print preview). Main thread only; makes the ``QApplication``.
"""

from __future__ import annotations

import importlib.util
import tempfile
from pathlib import Path

from PySide6.QtGui import QIcon, QImageReader, QPainter
from PySide6.QtPrintSupport import QPrinter

from ..paths import resources_dir
from .app import FONT_FAMILY, application, register_fonts

REQUIRED_IMAGE_FORMATS = ("jpeg", "jpg", "png", "svg", "ico")


def check_qt() -> str:
    """Raise ``RuntimeError`` naming what is missing; else a one-line summary."""
    app = application()
    formats = {bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()}
    missing = [f for f in REQUIRED_IMAGE_FORMATS if f not in formats]
    if missing:
        raise RuntimeError(f"Qt image format plugins missing: {', '.join(missing)}")
    icon = QIcon(str(resources_dir() / "icons" / "miz.svg"))
    if icon.pixmap(64, 64).isNull():
        raise RuntimeError("the SVG icon engine could not draw miz.svg")
    if FONT_FAMILY not in register_fonts():
        raise RuntimeError("Qt could not load the bundled Vazirmatn fonts")
    with tempfile.TemporaryDirectory(prefix="miz-qt-") as folder:
        pdf = Path(folder) / "printer.pdf"
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(pdf))
        painter = QPainter()
        if not painter.begin(printer):
            raise RuntimeError("QPrinter could not start a PDF")
        painter.drawText(100, 100, "میز خدمت")
        painter.end()
        if not pdf.is_file() or pdf.stat().st_size == 0:
            raise RuntimeError("QPrinter wrote no PDF")
    pdf_module = "no QtPdf"
    if importlib.util.find_spec("PySide6.QtPdf") is not None:
        from PySide6.QtPdf import QPdfDocument  # noqa: F401  (the print preview uses it)

        pdf_module = "QtPdf"
    return f"platform {app.platformName()}, image formats ok, print support ok, {pdf_module}"
