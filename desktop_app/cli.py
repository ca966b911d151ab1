"""The ``miz`` command line: start the app, or run a batch command.

``miz`` (or ``python -m desktop_app``) opens the window; ``miz demo`` fills a data
folder with demo data. Later sections add their commands (``print``, ``export``,
``sync`` …) to ``COMMANDS``; ``backup``, ``verify-backup`` and ``restore`` live in
``cli_backup``, ``user add`` / ``user reset-password`` in ``cli_accounts``. Batch
commands act as the system actor (``open_context``). Commands that need no window never import Qt.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import __version__

Handler = Callable[[argparse.Namespace], int]


def open_context(data_dir: Path | None, before_migration: Callable[[], None] | None = None) -> Any:
    """The ``AppContext`` of a batch command, acting as the system actor.

    Whoever runs ``miz`` in a shell as the operating-system user already holds the
    data folder, so batch commands act with every permission; the audit log names
    them ``system:<os user>`` (``services.accounts.access.system_actor``).
    """
    from .services.accounts.access import system_actor
    from .services.core.context import AppContext

    ctx = AppContext.open(data_dir, before_migration=before_migration)
    ctx.user = system_actor()
    return ctx


# Options every command accepts, before or after its name (``miz demo --data-dir X``).
COMMON_OPTIONS = argparse.ArgumentParser(add_help=False)
COMMON_OPTIONS.add_argument(
    "--data-dir",
    type=Path,
    default=argparse.SUPPRESS,
    help="keep the data in DIR instead of the user's data folder",
)


def _demo(args: argparse.Namespace) -> int:
    from .services.demo.demo import fill_demo

    ctx = open_context(args.data_dir)
    try:
        fill_demo(ctx)
    finally:
        ctx.close()
    print(f"داده‌های نمونه در {ctx.data_dir} ساخته شد.")
    return 0


def _add_demo(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "demo",
        parents=[COMMON_OPTIONS],
        help="fill the data folder with realistic demo data and exit",
    )
    parser.set_defaults(handler=_demo)


def _add_course_commands(sub: argparse._SubParsersAction) -> None:
    from .cli_courses import add_commands

    add_commands(sub, COMMON_OPTIONS)


def _add_certificate_commands(sub: argparse._SubParsersAction) -> None:
    from .cli_certificates import add_commands

    add_commands(sub, COMMON_OPTIONS)


def _add_feedback_commands(sub: argparse._SubParsersAction) -> None:
    from .cli_feedback import add_commands

    add_commands(sub, COMMON_OPTIONS)


def _add_backup_commands(sub: argparse._SubParsersAction) -> None:
    from .cli_backup import add_commands

    add_commands(sub, COMMON_OPTIONS)


def _add_user_commands(sub: argparse._SubParsersAction) -> None:
    from .cli_accounts import add_commands

    add_commands(sub, COMMON_OPTIONS)


def _add_smoke(sub: argparse._SubParsersAction) -> None:
    from .cli_smoke import add_commands

    add_commands(sub, COMMON_OPTIONS)


def _add_sync_commands(sub: argparse._SubParsersAction) -> None:
    from .cli_sync import add_commands

    add_commands(sub, COMMON_OPTIONS)


# ``miz print KIND KEY -o FILE.pdf``: each section registers what it prints,
# kind -> function(ctx, key, output_path). Imports stay inside the functions.
PrintKind = Callable[..., object]  # (ctx, key, output, **options)


def _print_service_card(ctx: Any, key: str, output: Path) -> object:
    from .services.catalog.service_card_print import print_service_card

    return print_service_card(ctx, key, output)


def _print_sla(ctx: Any, key: str, output: Path) -> object:
    from .services.catalog.service_card_print import print_sla

    return print_sla(ctx, key, output)


def _print_equipment_list(ctx: Any, key: str, output: Path, **options: Any) -> object:
    from .cli_equipment import print_equipment_list

    return print_equipment_list(ctx, key, output, **options)


def _print_trainer(ctx: Any, key: str, output: Path) -> object:
    from .services.trainers.trainer_print import print_trainer

    return print_trainer(ctx, key, output)


def _print_course_roster(ctx: Any, key: str, output: Path) -> object:
    from .cli_courses import print_roster

    return print_roster(ctx, key, output)


def _print_course_announcement(ctx: Any, key: str, output: Path) -> object:
    from .cli_courses import print_announcement

    return print_announcement(ctx, key, output)


def _print_introduction(ctx: Any, key: str, output: Path) -> object:
    from .services.registration.introduction import print_introduction

    return print_introduction(ctx, key, output)


def _print_certificate(ctx: Any, key: str, output: Path) -> object:
    from .cli_certificates import print_certificate

    return print_certificate(ctx, key, output)


def _print_feedback(name: str) -> PrintKind:
    def run(ctx: Any, key: str, output: Path) -> object:
        from . import cli_feedback

        return getattr(cli_feedback, name)(ctx, key, output)

    return run


PRINT_KINDS: dict[str, PrintKind] = {
    "service-card": _print_service_card,
    "sla": _print_sla,
    "equipment-list": _print_equipment_list,
    "trainer": _print_trainer,
    "course-roster": _print_course_roster,
    "course-announcement": _print_course_announcement,
    "introduction": _print_introduction,
    "certificate": _print_certificate,
    "survey-form": _print_feedback("print_survey_form"),
    "request-receipt": _print_feedback("print_request_receipt"),
    "faq": _print_feedback("print_faq"),
}
# Kinds that take ``--condition`` (print and export).
CONDITION_KINDS = {"equipment-list", "equipment"}


def _options(args: argparse.Namespace) -> dict[str, Any]:
    """Extra keyword options of a print/export kind (only ``--condition`` so far)."""
    condition = getattr(args, "condition", None)
    if condition is None:
        return {}
    if args.kind not in CONDITION_KINDS:
        raise SystemExit(f"miz: --condition does not apply to {args.kind}")
    return {"condition": condition}


def _condition_option(parser: argparse.ArgumentParser) -> None:
    from .cli_equipment import CONDITION_HELP, condition_key

    parser.add_argument("--condition", type=condition_key, default=None, help=CONDITION_HELP)


def _print(args: argparse.Namespace) -> int:
    ctx = open_context(args.data_dir)
    try:
        PRINT_KINDS[args.kind](ctx, args.key, args.output, **_options(args))
    finally:
        ctx.close()
    print(f"{args.output} نوشته شد.")
    return 0


def _add_print(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("print", parents=[COMMON_OPTIONS], help="write a document as PDF")
    parser.add_argument("kind", choices=sorted(PRINT_KINDS))
    parser.add_argument(
        "key",
        help="the record's key: service code, national code (trainer), tracking code "
        "(introduction), serial (certificate) or id; equipment-list: PLACE_CODE or PLACE_CODE/WORKSHOP_NAME",
    )
    parser.add_argument("-o", "--output", type=Path, required=True, help="the PDF to write")
    _condition_option(parser)
    parser.set_defaults(handler=_print)


# ``miz export KIND -o FILE`` / ``miz import KIND FILE``: kind -> function(ctx, path)
# returning a Persian summary line, or the summary and an exit code: ``PARTIAL_EXIT``
# when some records were left out (each named in the summary), the rest imported.
# Sections add their kinds.
PARTIAL_EXIT = 2
Transfer = Callable[..., str | tuple[str, int]]  # (ctx, path, **options)


def _export_service_cards(ctx: Any, path: Path) -> str:
    from .services.catalog.service_card_io import export_excel, export_json

    if path.suffix.lower() == ".xlsx":
        count = export_excel(ctx, path)
    else:
        count = export_json(ctx, path)
    return f"{count} شناسنامه خدمت در {path} نوشته شد."


def _import_service_cards(ctx: Any, path: Path) -> tuple[str, int]:
    from .services.catalog.service_card_io import import_json

    report = import_json(ctx, path)
    lines = [f"{report.created} شناسنامه افزوده و {report.updated} شناسنامه به‌روز شد."]
    lines += [f"وارد نشد — {problem}" for problem in report.problems]
    return "\n".join(lines), PARTIAL_EXIT if report.problems else 0


def _export_equipment(ctx: Any, path: Path, **options: Any) -> str:
    from .cli_equipment import export_equipment

    return export_equipment(ctx, path, **options)


def _export_courses(ctx: Any, path: Path) -> str:
    from .cli_courses import export_courses

    return export_courses(ctx, path)


def _import_standards(ctx: Any, path: Path) -> tuple[str, int]:
    from .cli_courses import import_standards

    return import_standards(ctx, path)


EXPORT_KINDS: dict[str, Transfer] = {
    "service-cards": _export_service_cards,
    "equipment": _export_equipment,
    "courses": _export_courses,
}
IMPORT_KINDS: dict[str, Transfer] = {
    "service-cards": _import_service_cards,
    "standards": _import_standards,
}


def _transfer(args: argparse.Namespace) -> int:
    kinds = EXPORT_KINDS if args.command == "export" else IMPORT_KINDS
    ctx = open_context(args.data_dir)
    try:
        result = kinds[args.kind](ctx, args.path, **_options(args))
    finally:
        ctx.close()
    summary, code = result if isinstance(result, tuple) else (result, 0)
    print(summary)
    return code


def _add_export_import(sub: argparse._SubParsersAction) -> None:
    export = sub.add_parser("export", parents=[COMMON_OPTIONS], help="export data to a file")
    export.add_argument("kind", choices=sorted(EXPORT_KINDS))
    export.add_argument("-o", "--output", dest="path", type=Path, required=True)
    _condition_option(export)
    export.set_defaults(handler=_transfer)
    imp = sub.add_parser(
        "import",
        parents=[COMMON_OPTIONS],
        help="import data from a file",
        description="Imports every good record; exits with 2 when some records were "
        "left out (each is printed with its reason).",
    )
    imp.add_argument("kind", choices=sorted(IMPORT_KINDS))
    imp.add_argument("path", type=Path)
    imp.set_defaults(handler=_transfer)


# Each entry adds one sub-command to the parser.
COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [
    _add_demo,
    _add_print,
    _add_export_import,
    _add_backup_commands,
    _add_user_commands,
    _add_smoke,
    _add_course_commands,
    _add_certificate_commands,
    _add_feedback_commands,
    _add_sync_commands,
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="miz", description="میز خدمت (Miz)", parents=[COMMON_OPTIONS]
    )
    parser.add_argument("--version", action="version", version=f"miz {__version__}")
    parser.add_argument("--quit-after-shown", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    sub = parser.add_subparsers(dest="command")
    for add in COMMANDS:
        add(sub)
    return parser


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse ``argv``; ``data_dir`` is None when not given (the user's data folder)."""
    args = build_parser().parse_args(argv)
    # Not set_defaults(): the parent-parser action is shared with every sub-command.
    if not hasattr(args, "data_dir"):
        args.data_dir = None
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    handler: Handler | None = getattr(args, "handler", None)
    if handler is not None:
        try:
            return handler(args)
        except Exception as exc:  # a Persian message for the known failures
            message = getattr(exc, "message", None)
            if message is None:
                raise
            print(message, file=sys.stderr)
            return 1
    from .ui.app import run_gui

    return run_gui(args.data_dir, quit_after_shown=args.quit_after_shown)


if __name__ == "__main__":
    sys.exit(main())
