"""Excel files (.xlsx): the one place that knows openpyxl. Every export (service cards,
equipment, courses, donations, a workshop, the office's report) writes through
``write_sheet``/``write_book``: right-to-left sheets, a bold frozen header row, column
widths; a ``str`` is written as text (a national code keeps its leading zeros), a
number as a number. Imports read a sheet back with ``read_sheet`` (the bank statement).
``tests/test_architecture.py`` keeps openpyxl out of every other module. No Qt; any
thread."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from desktop_app.services.core.errors import ServiceError


@dataclass(frozen=True)
class Sheet:
    """One sheet of a workbook: its title, header row, rows and column widths."""

    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]
    widths: Sequence[float] = ()


def write_sheet(
    path: Path,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    widths: Sequence[float] = (),
) -> int:
    """Write one right-to-left sheet: a bold, frozen header row, then ``rows``.

    ``widths`` are column widths in characters (first column first). Returns the
    number of data rows written.
    """
    return write_book(path, [Sheet(title, headers, rows, widths)])[0]


def write_book(path: Path, sheets: Sequence[Sheet]) -> list[int]:
    """Write a workbook of right-to-left sheets, each with a bold, frozen header row.
    Returns the number of data rows written to each sheet."""
    from openpyxl import Workbook  # here, not at import: openpyxl costs ~150 ms at start-up
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    counts: list[int] = []
    for number, spec in enumerate(sheets):
        sheet = book.active if number == 0 else book.create_sheet()
        assert sheet is not None
        sheet.title = spec.title[:31]  # Excel's limit on sheet names
        sheet.sheet_view.rightToLeft = True
        sheet.append(list(spec.headers))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        count = 0
        for row in spec.rows:
            sheet.append(list(row))
            count += 1
        for index, width in enumerate(spec.widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
        counts.append(count)
    book.save(path)
    return counts


def read_sheet(path: Path) -> list[list[str]]:
    """The cells of the workbook's active sheet as text, row by row: empty cells "",
    dates ``YYYY-MM-DD``. A file that is not a readable workbook raises
    ``ServiceError(field="path")``."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # not an Excel file, or a broken one
        raise ServiceError(f"فایل اکسل «{path.name}» خوانده نشد: {exc}", "path") from None
    sheet = book.active
    assert sheet is not None
    rows = [
        ["" if v is None else (v.isoformat()[:10] if isinstance(v, date) else str(v))
         for v in row]
        for row in sheet.iter_rows(values_only=True)
    ]  # fmt: skip
    book.close()
    return rows
