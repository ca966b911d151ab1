"""Course commands of ``miz``: print a course's announcement or roster, export the
course list to Excel, import skill standards from CSV, and take workflow steps.

    miz print course-roster CODE -o FILE.pdf
    miz print course-announcement CODE -o FILE.pdf
    miz export courses -o FILE.xlsx
    miz import standards FILE.csv        (exit 2 when a row was skipped)
    miz courses list [--state S] [--waiting]
    miz courses submit|province-approve|province-reject|hq-approve|hq-reject|
                open-registration|start|finish|cancel CODE [--note TEXT]

The workflow steps act as ``course_workflow.current_actor`` (the office's level).
Main thread; no Qt. Refusals raise ``ServiceError`` whose Persian message
``cli.main`` prints before exiting with 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def print_roster(ctx: Any, key: str, output: Path) -> object:
    from .services.courses.course_print import print_course_roster

    return print_course_roster(ctx, key, output)


def print_announcement(ctx: Any, key: str, output: Path) -> object:
    from .services.courses.course_print import print_course_announcement

    return print_course_announcement(ctx, key, output)


def export_courses(ctx: Any, path: Path) -> str:
    from .services.courses.courses import export_courses_excel

    if path.suffix.lower() != ".xlsx":
        from .services.core.errors import ServiceError

        raise ServiceError("فهرست دوره‌ها فقط به Excel (پروندهٔ .xlsx) صادر می‌شود.")
    return f"{export_courses_excel(ctx, path)} دوره در {path} نوشته شد."


def import_standards(ctx: Any, path: Path) -> tuple[str, int]:
    """Import the good rows; the summary and exit code 1 when any row was skipped."""
    from .cli_common import PARTIAL_EXIT
    from .persian import to_persian_digits
    from .services.courses.standards import import_standards_csv

    report = import_standards_csv(ctx, path)
    lines = [
        to_persian_digits(
            f"{report.created} استاندارد افزوده و {report.updated} استاندارد به‌روز شد."
        )
    ]
    lines += [f"وارد نشد — {problem}" for problem in report.problems]
    return "\n".join(lines), 0 if report.ok else PARTIAL_EXIT


def state_key(text: str) -> str:
    """The state code for ``text``: a code (``submitted``) or its Persian label
    («ارسال‌شده»); anything else is refused with the list of valid states."""
    from .persian import normalize
    from .services.core.errors import ServiceError
    from .services.courses.course_workflow import STATES

    wanted = normalize(text).strip().replace(" ", "").replace("\u200c", "")
    for key, label in STATES.items():
        if wanted.lower() == key or wanted == normalize(label).replace(" ", "").replace(
            "\u200c", ""
        ):
            return key
    valid = "، ".join(f"{key} ({label})" for key, label in STATES.items())
    raise ServiceError(f"وضعیت «{text}» شناخته نشد. وضعیت‌های درست: {valid}")


LIST_HEADER = ("کد دوره", "وضعیت", "تاریخ شروع", "استاندارد آموزشی", "مکان برگزاری")


def _list(ctx: Any, args: argparse.Namespace) -> int:
    from .persian import format_jalali
    from .services.core.listing import ListQuery
    from .services.courses.course_workflow import STATES, current_actor
    from .services.courses.courses import count_courses, course_page

    query = ListQuery()
    if args.state:
        query = query.with_filter("state", state_key(args.state))
    if args.waiting:
        if current_actor(ctx).level == "center":
            print("«منتظر تصمیم من» برای اداره کل استان و ستاد است؛ مرکز دوره‌ای را تصمیم نمی‌گیرد.")
            return 0
        query = query.with_filter("waiting", True)
    rows = course_page(ctx, query, 0, count_courses(ctx, query))
    if not rows:
        print("دوره‌ای با این شرط‌ها نیست.")
        return 0
    print("\t".join(LIST_HEADER))
    for row in rows:
        print(
            f"{row.code}\t{STATES.get(row.state, row.state)}\t"
            f"{format_jalali(row.start_date)}\t{row.standard_title}\t{row.place_name}"
        )
    return 0


def _courses(args: argparse.Namespace) -> int:
    from .cli_common import open_context
    from .services.courses.course_workflow import STATES, code_text, perform
    from .services.courses.courses import find_course

    if args.state:
        state_key(args.state)  # refused before the database is opened
    ctx = open_context(args.data_dir)
    try:
        if args.action == "list":
            return _list(ctx, args)
        if not args.code:
            print("کد دوره را بنویسید.", file=sys.stderr)
            return 2
        course = find_course(ctx, args.code)
        assert course.id is not None
        state = perform(ctx, course.id, args.action.replace("-", "_"), args.note or "")
        print(f"دورهٔ {code_text(course.code)}: {STATES[state]}")
        return 0
    finally:
        ctx.close()


WORKFLOW_COMMANDS = (
    "submit",
    "province-approve",
    "province-reject",
    "hq-approve",
    "hq-reject",
    "open-registration",
    "start",
    "finish",
    "cancel",
)


def add_commands(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser(
        "courses", parents=[common], help="list courses or take a workflow step on one"
    )
    parser.add_argument("action", choices=("list", *WORKFLOW_COMMANDS))
    parser.add_argument("code", nargs="?", help="the course code (e.g. 2701-00012)")
    parser.add_argument("--note", help="the reason (required to reject or cancel)")
    parser.add_argument(
        "--state",
        help="list: only courses in this state, its code or Persian label "
        "(e.g. submitted or پیش‌نویس)",
    )
    parser.add_argument(
        "--waiting", action="store_true", help="list: only courses waiting for my decision"
    )
    parser.set_defaults(handler=_courses)
