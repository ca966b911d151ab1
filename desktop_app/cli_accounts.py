"""``miz user add NAME --role ROLE --office CODE`` and ``miz user reset-password NAME``.

The password is asked twice on the terminal (never on the command line, where the
shell history would keep it). The command acts as the system actor (see
``cli.open_context``), so it also works before any administrator exists. Main
thread; no Qt.
"""

from __future__ import annotations

import argparse
import getpass

from desktop_app.models import live

from .services.accounts.access import ALL_ROLES, ROLE_TITLES
from .services.office.settings import OFFICE_LEVELS


def _ask_password() -> tuple[str, str]:
    first = getpass.getpass("گذرواژه: ")
    again = getpass.getpass("تکرار گذرواژه: ")
    return first, again


def _add(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from .cli_common import open_context
    from .services.accounts.accounts import new_user_defaults, save_user

    ctx = open_context(args.data_dir)
    try:
        defaults = new_user_defaults(ctx)
        password, again = _ask_password()
        data = replace(
            defaults,
            user_name=args.name,
            full_name=args.full_name or args.name,
            roles=tuple(args.role),
            office_code=args.office if args.office is not None else defaults.office_code,
            office_level=args.level or defaults.office_level,
            password=password,
            again=again,
        )
        saved = save_user(ctx, data)
    finally:
        ctx.close()
    roles = "، ".join(ROLE_TITLES[r] for r in saved.roles)
    print(f"کاربر {saved.user_name} ({roles}) ساخته شد.")
    return 0


def _reset(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from .cli_common import open_context
    from .models import User
    from .services.accounts.accounts import AccountError, normalize_user_name, reset_password

    ctx = open_context(args.data_dir)
    try:
        with ctx.session() as session:
            user_id = session.scalar(
                select(User.id).where(User.user_name == normalize_user_name(args.name), live(User))
            )
        if user_id is None:
            raise AccountError(f"کاربری با نام {args.name} نیست.")
        password, again = _ask_password()
        reset_password(ctx, user_id, password, again)
    finally:
        ctx.close()
    print(f"گذرواژهٔ {args.name} تازه شد؛ در ورود بعدی باید آن را عوض کند.")
    return 0


def add_commands(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    user = sub.add_parser("user", parents=[common], help="manage the users of this workstation")
    actions = user.add_subparsers(dest="user_command", required=True)
    add = actions.add_parser("add", parents=[common], help="add a user (asks for the password)")
    add.add_argument("name", help="user name (Latin letters, digits, . _ -)")
    add.add_argument(
        "--role", action="append", required=True, choices=sorted(ALL_ROLES), help="repeatable"
    )
    add.add_argument("--office", help="office code (default: this office's code)")
    add.add_argument("--level", choices=sorted(OFFICE_LEVELS), help="default: this office's")
    add.add_argument("--full-name", default="", help="name shown in the window and the log")
    add.set_defaults(handler=_add)
    reset = actions.add_parser(
        "reset-password", parents=[common], help="set a new password (asks for it)"
    )
    reset.add_argument("name")
    reset.set_defaults(handler=_reset)
