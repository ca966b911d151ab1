"""Participation commands (issue 18) for ``cli.PRINT_KINDS`` / ``EXPORT_KINDS`` /
``IMPORT_KINDS``:

- ``miz print donation-receipt RECEIPT_NO -o FILE.pdf`` (a reprint says «المثنی»);
- ``miz print benefactor-statement CODE_OR_ID --year 1405 -o FILE.pdf``;
- ``miz export donations -o FILE.xlsx [--from JALALI_DATE --to JALALI_DATE]``;
- ``miz import bank-statement FILE`` (prints matched / unmatched; exit 2 when some rows
  were not understood).

No Qt.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .persian import ValidationError, parse_jalali, to_ascii_digits

PARTIAL_EXIT = 2


def jalali_option(text: str) -> Any:
    """An argparse type: a Jalali date as typed (any digits) → ``date``."""
    import argparse

    try:
        return parse_jalali(text)
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(exc.message) from None


def year_option(text: str) -> int:
    import argparse

    digits = to_ascii_digits(text).strip()
    if not digits.isdigit() or not 1300 <= int(digits) <= 1500:
        raise argparse.ArgumentTypeError(f"سال شمسی «{text}» درست نیست (مانند ۱۴۰۵).")
    return int(digits)


def print_receipt(ctx: Any, key: str, output: Path) -> object:
    from .services.participation.receipt import print_receipt as write

    return write(ctx, key, output)


def print_statement(ctx: Any, key: str, output: Path, year: int | None = None) -> object:
    from .persian import to_jalali, today
    from .services.participation.summary import print_benefactor_statement

    return print_benefactor_statement(ctx, key, year or to_jalali(today())[0], output)


def export_donations(ctx: Any, path: Path, since: Any = None, until: Any = None) -> str:
    from .services.core.errors import ServiceError
    from .services.participation.summary import export_gifts

    if path.suffix.lower() != ".xlsx":
        raise ServiceError("فایل خروجی باید .xlsx باشد.")
    count = export_gifts(ctx, path, since, until)
    return f"{count} مشارکت در {path} نوشته شد."


def import_bank_statement(ctx: Any, path: Path) -> tuple[str, int]:
    from .services.participation.reconciliation import import_statement, unmatched_gifts

    report = import_statement(ctx, path)
    lines = [
        f"سطرهای تازه: {report.added}، از پیش ثبت‌شده: {report.already}",
        f"تطبیق‌یافته در این بار: {report.matched}",
        f"سطرهای حساب بدون رسید: {report.unmatched_lines}",
        f"رسیدهای الکترونیکی بدون سطر صورتحساب: {len(unmatched_gifts(ctx))}",
    ]
    lines += [f"خوانده نشد — {problem}" for problem in report.problems]
    return "\n".join(lines), PARTIAL_EXIT if report.problems else 0
