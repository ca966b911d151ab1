"""Registers the bundled Vazirmatn fonts with reportlab. No Qt; any thread may call it.

Every Miz document draws with these fonts only, so a PDF looks the same on every
workstation and never falls back to a system font that lacks Persian glyphs.
`register_fonts()` is idempotent and cheap after the first call; the other modules of
`desktop_app.reports` call it themselves before measuring or drawing text.

Vazirmatn carries the Arabic presentation forms that `arabic_reshaper` emits, the
Persian digits and a zero-width glyph for ZWNJ (U+200C). It has no ballot-box glyphs
(☐ ☑), which is why `checkbox.py` draws its boxes as vector graphics.
"""

from __future__ import annotations

import threading

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from desktop_app.paths import fonts_dir

FONT_REGULAR = "Vazirmatn"
FONT_MEDIUM = "Vazirmatn-Medium"
FONT_BOLD = "Vazirmatn-Bold"

_FILES = {
    FONT_REGULAR: "Vazirmatn-Regular.ttf",
    FONT_MEDIUM: "Vazirmatn-Medium.ttf",
    FONT_BOLD: "Vazirmatn-Bold.ttf",
}

_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register the three Vazirmatn weights and the "Vazirmatn" family (<b> → bold)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        folder = fonts_dir()
        registered = set(pdfmetrics.getRegisteredFontNames())
        for name, file_name in _FILES.items():
            if name not in registered:
                pdfmetrics.registerFont(TTFont(name, str(folder / file_name)))
        # The families let reportlab's own Paragraph markup (<b>, <i>) find the weights;
        # there is no italic Vazirmatn, so italic maps to the upright faces.
        for family in (FONT_REGULAR, FONT_MEDIUM):
            pdfmetrics.registerFontFamily(
                family, normal=family, bold=FONT_BOLD, italic=family, boldItalic=FONT_BOLD
            )
        _registered = True


def has_glyph(font_name: str, char: str) -> bool:
    """True if the registered TrueType font maps `char` to a glyph of its own."""
    register_fonts()
    font = pdfmetrics.getFont(font_name)
    face = getattr(font, "face", None)
    if face is None:  # a standard Type 1 font: not ours, answer conservatively
        return False
    return ord(char) in face.charToGlyph
