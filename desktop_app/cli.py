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
from .cli_common import COMMON_OPTIONS, FORCE_HELP, PARTIAL_EXIT, check_output, open_context

Handler = Callable[[argparse.Namespace], int]


def _demo(args: argparse.Namespace) -> int:
    from .paths import default_data_dir
    from .services.demo.demo import demo_refusal, fill_demo, mark_demo

    folder = Path(args.data_dir) if args.data_dir else default_data_dir()
    refusal = demo_refusal(folder)
    if refusal is not None:
        print(refusal, file=sys.stderr)
        return 1
    ctx = open_context(folder)
    mark_demo(ctx.data_dir)
    try:
        fill_demo(ctx, agency=args.agency)
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
    parser.add_argument(
        "--agency",
        choices=("tvto", "welfare"),
        default="tvto",
        help="the demo office's organization: a TVTO center (default) or a Welfare office",
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

    add_commands(sub, COMMON_OPTIONS, PRINT_KINDS, EXPORT_KINDS)


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


def _print_donation_receipt(ctx: Any, key: str, output: Path) -> object:
    from .cli_participation import print_receipt

    return print_receipt(ctx, key, output)


def _print_benefactor_statement(ctx: Any, key: str, output: Path, **options: Any) -> object:
    from .cli_participation import print_statement

    return print_statement(ctx, key, output, **options)


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
    "donation-receipt": _print_donation_receipt,
    "benefactor-statement": _print_benefactor_statement,
    "survey-form": _print_feedback("print_survey_form"),
    "request-receipt": _print_feedback("print_request_receipt"),
    "faq": _print_feedback("print_faq"),
}


def _workshop_print(kind: str) -> PrintKind:
    def run(ctx: Any, key: str, output: Path, **options: Any) -> object:
        from .cli_workshops import PRINTS

        return PRINTS[kind](ctx, key, output, **options)

    return run


for _kind in (
    "workshop-programme", "attendance-sheet", "invitation", "confirmation-request",
    "workshop-evaluation", "workshop-certificate", "workshop-plan",
):  # fmt: skip
    PRINT_KINDS[_kind] = _workshop_print(_kind)
# Kinds that take ``--condition`` (print and export).
CONDITION_KINDS = {"equipment-list", "equipment"}
YEAR_KINDS = {"benefactor-statement"}  # ``--year`` (print)
PERIOD_KINDS = {"donations"}  # ``--from`` / ``--to`` (export)


def _options(args: argparse.Namespace) -> dict[str, Any]:
    """Extra keyword options of a print/export kind: ``--condition`` (equipment),
    ``--year`` (benefactor statement), ``--from``/``--to`` (donations); and for workshop
    prints the national code after the key, ``--day`` and ``--blank`` (``cli_workshops``)."""
    from .cli_workshops import PERSON_KINDS, SHEET_KINDS

    options: dict[str, Any] = {}
    second = getattr(args, "second", None)
    if args.kind in PERSON_KINDS:
        options["second"] = second
    elif second is not None:
        raise SystemExit(f"miz: {args.kind} takes one key")
    if getattr(args, "day", None) is not None or getattr(args, "blank", False):
        if args.kind not in SHEET_KINDS:
            raise SystemExit("miz: --day and --blank apply to attendance-sheet only")
        options.update(day=args.day, blank=args.blank)
    for option, name, kinds in (
        ("--condition", "condition", CONDITION_KINDS),
        ("--year", "year", YEAR_KINDS),
        ("--from", "since", PERIOD_KINDS),
        ("--to", "until", PERIOD_KINDS),
    ):
        value = getattr(args, name, None)
        if value is None:
            continue
        if args.kind not in kinds:
            raise SystemExit(f"miz: {option} does not apply to {args.kind}")
        options[name] = value
    return options


def _condition_option(parser: argparse.ArgumentParser) -> None:
    from .cli_equipment import CONDITION_HELP, condition_key

    parser.add_argument("--condition", type=condition_key, default=None, help=CONDITION_HELP)


def _key(args: argparse.Namespace, keyless: bool) -> None:
    """A kind of one record needs its key; a kind of none takes no key."""
    if keyless and args.key is not None:
        raise SystemExit(f"miz: {args.kind} takes no key")
    if not keyless and args.key is None:
        raise SystemExit(f"miz: {args.command} {args.kind} needs a key")


def _print(args: argparse.Namespace) -> int:
    from .cli_workshops import KEYLESS_KINDS

    _key(args, args.kind in KEYLESS_KINDS)
    check_output(args.output, (".pdf",), args.force)
    ctx = open_context(args.data_dir)
    try:
        PRINT_KINDS[args.kind](ctx, args.key, args.output, **_options(args))
    finally:
        ctx.close()
    print(f"{args.output.resolve()} نوشته شد.")
    return 0


def _add_print(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("print", parents=[COMMON_OPTIONS], help="write a document as PDF")
    parser.add_argument("kind", choices=sorted(PRINT_KINDS))
    parser.add_argument(
        "key",
        nargs="?",
        default=None,
        help="the record's key (none for workshop-plan): service code, national code (trainer), tracking code "
        "(introduction), serial (certificate), receipt number (donation-receipt), national "
        "code / legal-entity id / mobile (benefactor-statement) or id; equipment-list: "
        "PLACE_CODE or PLACE_CODE/WORKSHOP_NAME",
    )
    parser.add_argument(
        "second", nargs="?", default=None, help="invitation, confirmation-request: NATIONAL_CODE"
    )
    parser.add_argument("-o", "--output", type=Path, required=True, help="the PDF to write")
    parser.add_argument("--force", action="store_true", help=FORCE_HELP)
    parser.add_argument("--day", type=int, default=None, help="attendance-sheet: day N only")
    parser.add_argument(
        "--blank", action="store_true", help="attendance-sheet: blank, for signatures"
    )
    _condition_option(parser)
    from .cli_participation import year_option

    parser.add_argument(
        "--year", type=year_option, default=None, help="Jalali year (benefactor-statement)"
    )
    parser.set_defaults(handler=_print)


# ``miz export KIND -o FILE`` / ``miz import KIND FILE``: kind -> function(ctx, path)
# returning a Persian summary line, or the summary and an exit code: ``PARTIAL_EXIT``
# when some records were left out (each named in the summary), the rest imported.
# Sections add their kinds.
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


def _export_donations(ctx: Any, path: Path, **options: Any) -> str:
    from .cli_participation import export_donations

    return export_donations(ctx, path, **options)


def _export_workshop(ctx: Any, path: Path, **options: Any) -> str:
    from .cli_workshops import export_workshop

    return export_workshop(ctx, path, **options)


def _import_bank_statement(ctx: Any, path: Path) -> tuple[str, int]:
    from .cli_participation import import_bank_statement

    return import_bank_statement(ctx, path)


#: The file extensions each export writes.
EXPORT_SUFFIXES: dict[str, tuple[str, ...]] = {
    "service-cards": (".json", ".xlsx"),
    "equipment": (".xlsx",),
    "courses": (".xlsx",),
    "donations": (".xlsx",),
    "workshop": (".xlsx",),
}
EXPORT_KINDS: dict[str, Transfer] = {
    "service-cards": _export_service_cards,
    "equipment": _export_equipment,
    "courses": _export_courses,
    "donations": _export_donations,
    "workshop": _export_workshop,
}
IMPORT_KINDS: dict[str, Transfer] = {
    "service-cards": _import_service_cards,
    "standards": _import_standards,
    "bank-statement": _import_bank_statement,
}


def _transfer(args: argparse.Namespace) -> int:
    kinds = EXPORT_KINDS if args.command == "export" else IMPORT_KINDS
    options = _options(args)
    if args.command == "export":
        from .cli_workshops import KEYED_EXPORTS

        _key(args, args.kind not in KEYED_EXPORTS)
        if args.kind in KEYED_EXPORTS:
            options["key"] = args.key
        check_output(args.path, EXPORT_SUFFIXES[args.kind], args.force)
    elif not args.path.is_file():
        from .persian.bidi import isolate
        from .services.core.errors import ServiceError

        raise ServiceError(f"پروندهٔ {isolate(str(args.path))} پیدا نشد.")
    ctx = open_context(args.data_dir)
    try:
        result = kinds[args.kind](ctx, args.path, **options)
    finally:
        ctx.close()
    summary, code = result if isinstance(result, tuple) else (result, 0)
    print(summary)
    return code


def _add_export_import(sub: argparse._SubParsersAction) -> None:
    export = sub.add_parser("export", parents=[COMMON_OPTIONS], help="export data to a file")
    export.add_argument("kind", choices=sorted(EXPORT_KINDS))
    export.add_argument("key", nargs="?", default=None, help="workshop: the workshop's code")
    export.add_argument("-o", "--output", dest="path", type=Path, required=True)
    export.add_argument("--force", action="store_true", help=FORCE_HELP)
    _condition_option(export)
    from .cli_participation import jalali_option

    for flag, dest in (("--from", "since"), ("--to", "until")):
        export.add_argument(flag, dest=dest, type=jalali_option, default=None,
                            help="Jalali date, e.g. 1405/01/01 (donations)")  # fmt: skip
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


def build_parser(commands: bool = True) -> argparse.ArgumentParser:
    """The ``miz`` parser; without ``commands`` only the window's own options (no
    sub-command module is imported: a window start never loads the data layer here)."""
    parser = argparse.ArgumentParser(
        prog="miz", description="میز خدمت (Miz)", parents=[COMMON_OPTIONS]
    )
    parser.add_argument("--version", action="version", version=f"miz {__version__}")
    parser.add_argument("--quit-after-shown", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--quit-at-sign-in", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    if commands:
        sub = parser.add_subparsers(dest="command")
        for add in COMMANDS:
            add(sub)
    return parser


def _window_start(argv: list[str]) -> argparse.Namespace | None:
    """The parsed options when ``argv`` opens the window (no command, no help), else None.

    The sub-command parsers import their modules' constants (roles, office levels …),
    which pull in the data layer; the window's start must not wait for them."""
    if {"-h", "--help"} & set(argv):
        return None
    args, rest = build_parser(commands=False).parse_known_args(argv)
    if rest:
        return None
    args.command = None
    return args


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse ``argv``; ``data_dir`` is None when not given (the user's data folder)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    args = _window_start(argv) or build_parser().parse_args(argv)
    # Not set_defaults(): the parent-parser action is shared with every sub-command.
    if not hasattr(args, "data_dir"):
        args.data_dir = None
    return args


class _PlainText:
    """A text stream that drops the invisible bidi isolate marks: a terminal shows them
    as stray characters (``persian.bidi``); messages keep them for the window."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        from .persian.bidi import strip_isolates

        return int(self._stream.write(strip_isolates(text)))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def main(argv: list[str] | None = None) -> int:
    """Run ``miz``; every failure a person can meet ends in a Persian message and an exit
    code (``services.core.problems``, ``docs/cli.md``), never in a traceback."""
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _PlainText(stdout), _PlainText(stderr)
    try:
        return _main(argv)
    finally:
        sys.stdout, sys.stderr = stdout, stderr


def _main(argv: list[str] | None) -> int:
    try:
        args = parse_args(argv)
    except KeyboardInterrupt:
        return 130
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        from .ui.app import run_gui

        return run_gui(
            args.data_dir,
            quit_after_shown=args.quit_after_shown,
            quit_at_sign_in=args.quit_at_sign_in,
        )
    try:
        return handler(args)
    except SystemExit:
        raise
    except BaseException as exc:  # a Persian message and an exit code, never a traceback
        from .services.core.problems import explain

        problem = explain(exc, args.data_dir)
        try:
            print(problem.message, file=sys.stderr)
        except (OSError, ValueError):
            pass  # stderr is gone too: the exit code still tells
        return problem.exit_code


if __name__ == "__main__":
    sys.exit(main())
