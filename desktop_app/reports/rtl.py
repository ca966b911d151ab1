"""The Persian text engine of Miz's PDFs: shaping, bidi, wrapping, drawing.

No Qt; any thread may call it (everything here is a pure function or a flowable that
one document build owns). reportlab cannot shape Persian here, so:

1. `wrap()` breaks a paragraph into lines in LOGICAL order, measuring each word in
   its reshaped form (bidi before wrapping would reverse the order of the lines);
2. `visual()` reshapes each line (arabic-reshaper: letters joined, ZWNJ breaks the
   join as in می‌شود) and reorders it for display (`_bidi.display_rtl`: Unicode bidi
   with an RTL base, brackets paired and mirrored, Latin words and numbers kept
   left to right);
3. `draw_rtl` / `draw_centered` / `RtlParagraph` draw the visual strings with the
   bundled Vazirmatn fonts.

Digits are drawn as given: callers convert numbers to Persian digits beforehand.
Codes (national code, tracking code) keep their digit order either way.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

import arabic_reshaper
from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from desktop_app.reports._bidi import display_rtl
from desktop_app.reports.fonts import FONT_BOLD, FONT_REGULAR, register_fonts

Alignment = Literal["right", "center", "left"]

# Harakat stay (لطفاً، خانهٔ، مُدرّس) and are NOT shifted: Vazirmatn's marks have zero
# advance and draw to the right of their origin, so in the reversed (visual) string
# the mark must come just before its base letter, which is where bidi puts it.
# Only the lam-alef ligatures are used: Vazirmatn has them, and the word ligatures
# (e.g. ALLAH) would change how names such as عبدالله look on an official form.
_RESHAPER = arabic_reshaper.ArabicReshaper(
    configuration={
        "delete_harakat": False,
        "shift_harakat_position": False,
        "support_zwj": True,
        "support_ligatures": True,
        "ARABIC LIGATURE ALLAH": False,
    }
)
_SPACES = re.compile(r"[ \t\f\v]+")  # break opportunities; NBSP (U+00A0) is not one
_NEWLINES = re.compile(r"\r\n|\r|\n")
_LEADING_FACTOR = 1.6  # Persian needs room for dots and descenders


@lru_cache(maxsize=16384)
def reshape(text: str) -> str:
    """Letters replaced by their joined presentation forms, still in logical order.

    Memoized: arabic-reshaper reads its configuration on every call, and a form
    measures the same words and labels many times (thread-safe, pure function).
    Unicode isolates from the shared text rule (``persian.bidi``: LRI/RLI/FSI…PDI, as
    the screens show codes) become the embeddings this bidi engine knows (LRE/RLE…PDF),
    so one message reads the same on screen and on paper.
    """
    return _RESHAPER.reshape(text.translate(_ISOLATE_TO_EMBEDDING))


#: LRI, RLI, FSI (codes and paths: left to right), PDI → LRE, RLE, LRE, PDF.
_ISOLATE_TO_EMBEDDING = {0x2066: 0x202A, 0x2067: 0x202B, 0x2068: 0x202A, 0x2069: 0x202C}


@lru_cache(maxsize=16384)
def visual(line: str) -> str:
    """What to hand to `canvas.drawString`: reshaped, reordered for an RTL line.

    Text holding several lines is handled one line at a time (joined again with
    "\\n"); wrap long text with `wrap()` first. Memoized per process: the fixed
    texts of a form (its labels, headings, notes) are shaped and reordered once, not
    on every page of a batch (thread-safe, pure function).
    """
    return "\n".join(display_rtl(reshape(part)) for part in _NEWLINES.split(line))


def text_width(text: str, font_name: str, font_size: float) -> float:
    """Width of a logical line once shaped, in points."""
    register_fonts()
    return pdfmetrics.stringWidth(reshape(text), font_name, font_size)


def wrap(text: str, font_name: str, font_size: float, max_width: float) -> list[str]:
    """Break `text` into lines no wider than `max_width`, in logical order.

    Lines break at spaces; "\\n" starts a new line; a word wider than the line is
    broken between characters. Only a single character wider than `max_width`
    can exceed it. Empty text gives no lines; an empty line inside stays.
    """
    return [line for line, _sep in _wrap_with_separators(text, font_name, font_size, max_width)]


def _wrap_with_separators(
    text: str, font_name: str, font_size: float, max_width: float
) -> list[tuple[str, str]]:
    """Lines, each with the separator that joins it to the next in the source text."""
    if not text:
        return []
    register_fonts()
    space = pdfmetrics.stringWidth(" ", font_name, font_size)

    def width(word: str) -> float:
        return pdfmetrics.stringWidth(reshape(word), font_name, font_size)

    lines: list[tuple[str, str]] = []
    for paragraph in _NEWLINES.split(text):
        current: list[str] = []
        current_width = 0.0
        for word in _SPACES.split(paragraph.strip(" \t\f\v")):
            if not word:
                continue
            word_width = width(word)
            if word_width > max_width:
                if current:
                    lines.append((" ".join(current), " "))
                pieces = _break_word(word, width, max_width)
                lines.extend((piece, "") for piece in pieces[:-1])
                current, current_width = [pieces[-1]], width(pieces[-1])
            elif not current:
                current, current_width = [word], word_width
            elif current_width + space + word_width <= max_width:
                current.append(word)
                current_width += space + word_width
            else:
                lines.append((" ".join(current), " "))
                current, current_width = [word], word_width
        lines.append((" ".join(current), "\n"))
    return lines


@lru_cache(maxsize=16384)
def _laid_out(
    text: str, font_name: str, font_size: float, max_width: float
) -> tuple[tuple[str, str], ...]:
    """``_wrap_with_separators`` memoized per process: a form's fixed labels are laid
    out once for a whole batch (thread-safe, pure function)."""
    return tuple(_wrap_with_separators(text, font_name, font_size, max_width))


@lru_cache(maxsize=16384)
def _drawn(line: str, font_name: str, font_size: float) -> tuple[str, float]:
    """A line's visual string and its width (memoized, like ``visual``)."""
    shown = visual(line)
    return shown, pdfmetrics.stringWidth(shown, font_name, font_size)


def _break_word(word: str, width: Callable[[str], float], max_width: float) -> list[str]:
    """Split one over-long word into pieces that each fit (at least one character)."""
    pieces: list[str] = []
    rest = word
    while rest:
        cut = 1
        while cut < len(rest) and width(rest[: cut + 1]) <= max_width:
            cut += 1
        pieces.append(rest[:cut])
        rest = rest[cut:]
    return pieces


def _join(lines: list[tuple[str, str]]) -> str:
    """Source text of some wrapped lines (the inverse of `_wrap_with_separators`)."""
    return "".join(line + sep for line, sep in lines[:-1]) + lines[-1][0]


def draw_rtl(
    canvas: Canvas,
    x_right: float,
    y: float,
    text: str,
    font_name: str = FONT_REGULAR,
    font_size: float = 10,
) -> None:
    """Draw one logical line with its right edge at `x_right`, baseline at `y`."""
    register_fonts()
    canvas.setFont(font_name, font_size)
    canvas.drawRightString(x_right, y, visual(text))


def draw_centered(
    canvas: Canvas,
    x_center: float,
    y: float,
    text: str,
    font_name: str = FONT_REGULAR,
    font_size: float = 10,
) -> None:
    """Draw one logical line centred on `x_center`, baseline at `y`."""
    register_fonts()
    canvas.setFont(font_name, font_size)
    canvas.drawCentredString(x_center, y, visual(text))


@dataclass(frozen=True)
class TextStyle:
    """How an `RtlParagraph` looks. `leading` None means 1.6 × the font size."""

    font_name: str = FONT_REGULAR
    font_size: float = 10
    leading: float | None = None
    alignment: Alignment = "right"
    color: colors.Color | str = colors.black
    space_before: float = 0
    space_after: float = 0

    @property
    def line_height(self) -> float:
        return self.leading if self.leading is not None else self.font_size * _LEADING_FACTOR


class RtlParagraph(Flowable):
    """A wrapped Persian paragraph; splits across pages and works in Table cells."""

    def __init__(self, text: str, style: TextStyle | None = None) -> None:
        super().__init__()
        self.text = text
        self.style = style or TextStyle()
        self._layout_width: float | None = None
        self._lines: list[tuple[str, str]] = []

    def __repr__(self) -> str:
        return f"RtlParagraph({self.text[:40]!r}…)"

    def _layout(self, avail_width: float) -> list[tuple[str, str]]:
        if self._layout_width != avail_width:
            style = self.style
            self._lines = list(_laid_out(self.text, style.font_name, style.font_size, avail_width))
            self._layout_width = avail_width
        return self._lines

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        lines = self._layout(availWidth)
        self.width = availWidth
        self.height = len(lines) * self.style.line_height
        return self.width, self.height

    def minWidth(self) -> float:
        """Widest single word, for tables that size their columns themselves."""
        words = _SPACES.split(self.text.replace("\n", " "))
        style = self.style
        return max((text_width(w, style.font_name, style.font_size) for w in words), default=0)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        # reportlab's Table (splitInRow) passes the whole column width here, although
        # it wraps the cell at the width minus padding; wrap() always comes first with
        # the true width, so never lay out wider than the last wrap.
        if self._layout_width is not None:
            availWidth = min(availWidth, self._layout_width)
        lines = self._layout(availWidth)
        fit = int((availHeight + 1e-6) // self.style.line_height)
        if fit >= len(lines):
            return [self]
        if fit <= 0:
            return []
        head = RtlParagraph(_join(lines[:fit]), replace(self.style, space_after=0))
        tail = RtlParagraph(_join(lines[fit:]), replace(self.style, space_before=0))
        return [head, tail]

    def getSpaceBefore(self) -> float:
        return self.style.space_before

    def getSpaceAfter(self) -> float:
        return self.style.space_after

    def draw(self) -> None:
        style = self.style
        canvas = self.canv
        register_fonts()
        ascent, descent = pdfmetrics.getAscentDescent(style.font_name, style.font_size)
        leading = style.line_height
        # Centre the font's ascent-descent box in each line's slot of height `leading`.
        baseline = self.height - (leading - (ascent - descent)) / 2 - ascent
        canvas.setFont(style.font_name, style.font_size)
        canvas.setFillColor(colors.toColor(style.color))
        for line, _sep in self._layout(self.width):
            shown, line_width = _drawn(line, style.font_name, style.font_size)
            if style.alignment == "right":
                x = self.width - line_width
            elif style.alignment == "center":
                x = (self.width - line_width) / 2
            else:
                x = 0.0
            canvas.drawString(x, baseline, shown)
            baseline -= leading


def para(
    text: str, size: float = 10, bold: bool = False, align: Alignment = "right"
) -> RtlParagraph:
    """A quick `RtlParagraph` in Vazirmatn (bold if asked)."""
    font = FONT_BOLD if bold else FONT_REGULAR
    return RtlParagraph(text, TextStyle(font_name=font, font_size=size, alignment=align))
