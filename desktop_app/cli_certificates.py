"""``miz verify SERIAL NATIONAL_CODE``: the authenticity inquiry from the command line.

Prints the answer (genuine, revoked with its date and reason, or not found) and exits
0 only for a genuine certificate, 1 otherwise. Every run is recorded as an inquiry
like one made in the window (who asked: ``--asker``, ``--agency``). For a serial of
another office the central server is asked when this workstation has one configured
(``--offline`` answers from the local database only). ``miz print certificate
SERIAL -o FILE.pdf`` is in ``cli.PRINT_KINDS``. No Qt.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from .persian import format_jalali

DEFAULT_ASKER = "استعلام از خط فرمان"


def print_certificate(ctx: Any, key: str, output: Path) -> object:
    from .services.certificates.certificate_print import print_certificate as write

    return write(ctx, key, output)


def answer_lines(result: Any) -> list[str]:
    """The answer as the command prints it (Persian; codes in ASCII digits, to copy)."""
    lines = [f"شمارهٔ گواهینامه: {result.serial}", f"کد ملی: {result.national_code}"]
    lines.append(f"پاسخ: {result.label}")
    if result.answer != "unknown":
        lines.append(f"دارنده: {result.holder_name}")
        lines.append(f"استاندارد: {result.standard_title} ({result.standard_code})")
        lines.append(f"تاریخ صدور: {format_jalali(result.issued_on)}")
    if result.answer == "revoked":
        lines.append(f"تاریخ ابطال: {format_jalali(result.revoked_on)}")
        lines.append(f"دلیل ابطال: {result.revoke_reason}")
    if result.answer == "replaced":
        lines.append(f"تاریخ جایگزینی: {format_jalali(result.replaced_on)}")
        lines.append(f"گواهی معتبر به جای آن: {result.replaced_by}")
    if result.source == "central":
        lines.append("منبع پاسخ: سرور مرکزی")
    if result.note:
        lines.append(result.note)
    return lines


def _verify(args: argparse.Namespace) -> int:
    from .cli_common import open_context
    from .services.certificates.certificate_inquiry import InquiryRequest, inquire

    ctx = open_context(args.data_dir)
    try:
        central = None
        if not args.offline:
            from .services.certificates.certificate_central import central_lookup

            central = central_lookup(ctx)
        record = inquire(
            ctx,
            InquiryRequest(
                args.serial,
                args.national_code,
                asker_kind="agency" if args.agency else "person",
                asker_name=args.asker,
                letter_number=args.letter or "",
            ),
            central=central,
        )
    finally:
        ctx.close()
    print("\n".join(answer_lines(record.result)))
    return 0 if record.result.genuine else 1


def add_commands(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser(
        "verify",
        parents=[common],
        help="authenticity inquiry of a skill certificate (exit 0 genuine, 1 not)",
    )
    parser.add_argument("serial", help="the certificate serial (or the QR code's text)")
    parser.add_argument("national_code", help="the holder's national code")
    parser.add_argument("--asker", default=DEFAULT_ASKER, help="who asks (recorded)")
    parser.add_argument("--agency", action="store_true", help="the asker is an agency")
    parser.add_argument("--letter", help="the agency's letter number")
    parser.add_argument(
        "--offline", action="store_true", help="answer from the local database only"
    )
    parser.set_defaults(handler=_verify)
