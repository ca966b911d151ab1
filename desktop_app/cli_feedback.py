"""Command-line pieces of the feedback section and the services report:

- ``miz print survey-form SERVICE_CODE -o FILE.pdf`` (the blank survey of a card),
  ``miz print request-receipt TRACKING_CODE -o FILE.pdf``, ``miz print faq SERVICE_CODE``
  (registered in ``cli.PRINT_KINDS``);
- ``miz report services --year 1405 [--month M] -o FILE.pdf|.xlsx``.

No Qt; runs as the system actor like every batch command.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def print_survey_form(ctx: Any, key: str, output: Path) -> object:
    from .reports.feedback.survey_form import write_survey_form
    from .services.feedback.surveys import survey_by_code, survey_form

    form = survey_form(ctx, survey_by_code(ctx, key))
    write_survey_form(output, form)
    return form


def print_faq(ctx: Any, key: str, output: Path) -> object:
    from .reports.feedback.faq import write_faq
    from .services.feedback.faq import faq_sheet
    from .services.feedback.surveys import survey_by_code

    sheet = faq_sheet(ctx, survey_by_code(ctx, key))
    write_faq(output, sheet)
    return sheet


def print_request_receipt(ctx: Any, key: str, output: Path) -> object:
    from .services.feedback.request_print import print_receipt

    return print_receipt(ctx, output, tracking_code=key)


def _report(args: argparse.Namespace) -> int:
    from .cli_common import open_context
    from .services.office_reports.report import (
        services_report,
        write_report_excel,
        write_report_pdf,
    )

    suffix = args.output.suffix.lower()
    if suffix not in (".pdf", ".xlsx"):
        raise SystemExit("miz: the report is written as .pdf or .xlsx")
    ctx = open_context(args.data_dir)
    try:
        report = services_report(ctx, args.year, args.month)
        if suffix == ".pdf":
            write_report_pdf(ctx, args.output, report)
        else:
            write_report_excel(ctx, args.output, report)
    finally:
        ctx.close()
    print(f"{args.output} نوشته شد.")
    return 0


def add_commands(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    report = sub.add_parser("report", parents=[common], help="write an office report")
    report.add_argument("kind", choices=["services"])
    report.add_argument("--year", type=int, required=True, help="the Jalali year, e.g. 1405")
    report.add_argument("--month", type=int, default=None, help="one Jalali month (1-12)")
    report.add_argument("-o", "--output", type=Path, required=True, help="FILE.pdf or FILE.xlsx")
    report.set_defaults(handler=_report)
