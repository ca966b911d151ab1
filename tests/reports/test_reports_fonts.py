"""The bundled fonts are registered once, from Miz's own fonts folder."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.fonts import tt2ps
from reportlab.pdfbase import pdfmetrics

from desktop_app.paths import fonts_dir
from desktop_app.reports.fonts import FONT_BOLD, FONT_MEDIUM, FONT_REGULAR, register_fonts


def test_register_fonts_is_idempotent_and_uses_the_bundled_files() -> None:
    register_fonts()
    register_fonts()
    for name in (FONT_REGULAR, FONT_MEDIUM, FONT_BOLD):
        font = pdfmetrics.getFont(name)
        assert Path(font.face.filename).parent == fonts_dir()


def test_bold_markup_maps_to_the_bold_face() -> None:
    register_fonts()
    assert tt2ps(FONT_REGULAR, 1, 0) == FONT_BOLD
    assert tt2ps(FONT_REGULAR, 0, 0) == FONT_REGULAR
    assert tt2ps(FONT_MEDIUM, 1, 0) == FONT_BOLD
