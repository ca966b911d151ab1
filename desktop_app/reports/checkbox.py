"""Check boxes for official forms (☑ G2C  ☐ G2B), drawn as vector graphics.

No Qt; any thread may call it (each flowable belongs to one document build).

Vazirmatn has no glyph for ☐ (U+2610) or ☑ (U+2611), and Miz never relies on a system
font, so the boxes are drawn with lines: a square, and a tick inside when checked.
`CheckBoxes` lays its items out right to left, each box to the right of its label,
and wraps onto further rows when the width runs out; a label wider than the whole
width wraps inside its item. An optional caption ("نوع خدمت:") comes first, at the
right. Use it anywhere a flowable goes, including a `Table` cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from desktop_app.reports.fonts import FONT_REGULAR, register_fonts
from desktop_app.reports.rtl import text_width, visual, wrap

_BOX = 0.75  # box side, in font sizes
_BOX_GAP = 0.35  # between a box and its label
_ITEM_GAP = 1.2  # between one label and the next box
_LEADING = 1.6


@dataclass
class _Item:
    checked: bool | None  # None: the caption, drawn without a box
    lines: list[str]
    width: float


class CheckBoxes(Flowable):
    """A row (or several) of labelled check boxes, right to left."""

    def __init__(
        self,
        items: Sequence[tuple[bool, str]],
        *,
        caption: str | None = None,
        font_name: str = FONT_REGULAR,
        font_size: float = 10,
    ) -> None:
        super().__init__()
        self.items = list(items)
        self.caption = caption
        self.font_name = font_name
        self.font_size = font_size
        self._rows: list[list[_Item]] = []

    def __repr__(self) -> str:
        return f"CheckBoxes({self.items!r}, caption={self.caption!r})"

    @property
    def _leading(self) -> float:
        return self.font_size * _LEADING

    def _item(self, checked: bool | None, label: str, avail_width: float) -> _Item:
        box = 0.0 if checked is None else self.font_size * (_BOX + _BOX_GAP)
        room = max(avail_width - box, self.font_size)
        lines = wrap(label, self.font_name, self.font_size, room) or [""]
        widest = max(text_width(line, self.font_name, self.font_size) for line in lines)
        return _Item(checked, lines, box + widest)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        register_fonts()
        entries: list[tuple[bool | None, str]] = list(self.items)
        if self.caption:
            entries.insert(0, (None, self.caption))
        gap = self.font_size * _ITEM_GAP
        rows: list[list[_Item]] = []
        used = 0.0
        for checked, label in entries:
            item = self._item(checked, label, availWidth)
            if rows and used + gap + item.width <= availWidth:
                rows[-1].append(item)
                used += gap + item.width
            else:
                rows.append([item])
                used = item.width
        self._rows = rows
        self.width = availWidth
        self.height = sum(max(len(i.lines) for i in row) for row in rows) * self._leading
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        size = self.font_size
        leading = self._leading
        ascent, descent = pdfmetrics.getAscentDescent(self.font_name, size)
        box = size * _BOX
        canvas.setFont(self.font_name, size)
        top = self.height
        for row in self._rows:
            baseline = top - (leading - (ascent - descent)) / 2 - ascent
            x_right = self.width
            for item in row:
                label_right = x_right
                if item.checked is not None:
                    _draw_box(canvas, x_right - box, baseline - 0.05 * size, box, item.checked)
                    label_right = x_right - size * (_BOX + _BOX_GAP)
                y = baseline
                for line in item.lines:
                    canvas.drawRightString(label_right, y, visual(line))
                    y -= leading
                x_right -= item.width + size * _ITEM_GAP
            top -= max(len(i.lines) for i in row) * leading


def _draw_box(canvas: Canvas, x: float, y: float, side: float, checked: bool) -> None:
    """A square with its lower left corner at (x, y); a tick inside if checked."""
    canvas.saveState()
    canvas.setLineWidth(max(side * 0.08, 0.5))
    canvas.rect(x, y, side, side, stroke=1, fill=0)
    if checked:
        canvas.setLineWidth(side * 0.14)
        canvas.setLineCap(1)
        canvas.setLineJoin(1)
        tick = canvas.beginPath()
        tick.moveTo(x + side * 0.2, y + side * 0.52)
        tick.lineTo(x + side * 0.42, y + side * 0.25)
        tick.lineTo(x + side * 0.82, y + side * 0.78)
        canvas.drawPath(tick, stroke=1, fill=0)
    canvas.restoreState()


def checkbox_label(
    checked: bool, label: str, *, font_name: str = FONT_REGULAR, font_size: float = 10
) -> CheckBoxes:
    """One labelled box: ☑ label or ☐ label, as a flowable."""
    return CheckBoxes([(checked, label)], font_name=font_name, font_size=font_size)
