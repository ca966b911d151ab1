"""Bordered right-to-left tables, the common shape of official forms and lists.

No Qt; any thread may call it. Everything is given in LOGICAL order: the first
column of each row, of `col_widths`, of `col_align` and of the extra style commands is
the rightmost on the page. Strings become `RtlParagraph`s that wrap inside their
cells; with top-aligned cells (the default) a row too tall for the rest of a page
is split across pages, and the header rows repeat on every page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeAlias

from reportlab.lib import colors
from reportlab.platypus import Flowable, Table, TableStyle

from desktop_app.reports.fonts import FONT_BOLD, FONT_REGULAR
from desktop_app.reports.rtl import Alignment, RtlParagraph, TextStyle

Cell: TypeAlias = str | Flowable | None
HEADER_BACKGROUND = colors.HexColor("#e4e7eb")
GRID_COLOR = colors.HexColor("#4a4a4a")


def rtl_table(
    rows: Sequence[Sequence[Cell]],
    col_widths: Sequence[float],
    header_rows: int = 0,
    *,
    font_size: float = 9,
    col_align: Sequence[Alignment] | None = None,
    padding: float = 4,
    valign: str = "TOP",
    header_background: colors.Color = HEADER_BACKGROUND,
    style: Sequence[tuple[Any, ...]] = (),
) -> Table:
    """A grid table whose first logical column is the rightmost.

    `col_align` aligns string cells per logical column (default right); header rows
    are bold, centred and shaded. `style` takes extra reportlab `TableStyle`
    commands with logical column indices, e.g. ``("SPAN", (0, 2), (1, 2))`` joins
    the two rightmost cells of row 2.

    Cells are top-aligned by default because only then can reportlab split a row
    taller than the rest of the page (with "MIDDLE" its in-row split leaves an empty
    row at the page foot and a tall blank one on the next page); any other `valign`
    moves whole rows to the next page instead, so a row must fit on one page.
    """
    n_cols = len(col_widths)
    aligns: list[Alignment] = list(col_align) if col_align else ["right"] * n_cols
    if len(aligns) != n_cols:
        raise ValueError(f"col_align has {len(aligns)} entries, expected {n_cols}")
    body = [TextStyle(font_name=FONT_REGULAR, font_size=font_size, alignment=a) for a in aligns]
    head = TextStyle(font_name=FONT_BOLD, font_size=font_size, alignment="center")
    data: list[list[Cell]] = []
    for r, row in enumerate(rows):
        if len(row) != n_cols:
            raise ValueError(f"row {r} has {len(row)} cells, expected {n_cols}")
        cells: list[Cell] = []
        for c, cell in enumerate(row):
            if cell is None:
                cell = ""
            if isinstance(cell, str):
                cell = RtlParagraph(cell, head if r < header_rows else body[c])
            cells.append(cell)
        data.append(cells[::-1])

    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.6, GRID_COLOR),
        # Close the grid at a page break, also when a row is split across pages.
        ("LINEBELOW", (0, "splitlast"), (-1, "splitlast"), 0.6, GRID_COLOR),
        ("LINEBELOW", (0, "inrowsplitstart"), (-1, "inrowsplitstart"), 0.6, GRID_COLOR),
        ("VALIGN", (0, 0), (-1, -1), valign),
        ("LEFTPADDING", (0, 0), (-1, -1), padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), padding),
        ("TOPPADDING", (0, 0), (-1, -1), padding * 0.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding * 0.5),
    ]
    if header_rows:
        commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), header_background))
    commands.extend(mirror_command(command, n_cols) for command in style)
    return Table(
        data,
        colWidths=list(col_widths)[::-1],
        repeatRows=header_rows,
        splitInRow=1 if valign == "TOP" else 0,
        hAlign="RIGHT",
        style=TableStyle(commands),
    )


def mirror_command(command: tuple[Any, ...], n_cols: int) -> tuple[Any, ...]:
    """A TableStyle command with logical column indices turned into visual ones."""
    name, (c0, r0), (c1, r1), *args = command
    v0, v1 = _mirror(c0, n_cols), _mirror(c1, n_cols)
    return (name, (min(v0, v1), r0), (max(v0, v1), r1), *args)


def _mirror(col: int, n_cols: int) -> int:
    return n_cols - 1 - (col % n_cols)
