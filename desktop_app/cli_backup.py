"""``miz backup``, ``miz verify-backup`` and ``miz restore``: backups from the command line.

Main thread; no Qt. Refusals raise ``BackupError`` whose Persian message
``cli.main`` prints before exiting with 1. Close the app before ``miz restore``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .paths import default_data_dir


def _open(args: argparse.Namespace):
    from .cli_common import open_context
    from .services.office.backup import migration_backup_hook

    data_dir = Path(args.data_dir) if args.data_dir else default_data_dir()
    return open_context(data_dir, before_migration=migration_backup_hook(data_dir))


def _backup(args: argparse.Namespace) -> int:
    from .services.office.backup import backup_database

    ctx = _open(args)
    try:
        info = backup_database(ctx, args.output)
    finally:
        ctx.close()
    print(info.path)
    return 0


def _verify(args: argparse.Namespace) -> int:
    from .services.office.backup import verify_backup

    result = verify_backup(args.file)
    print(result.message, file=sys.stdout if result.ok else sys.stderr)
    return 0 if result.ok else 1


def _confirmed(args: argparse.Namespace) -> bool:
    if args.yes or not sys.stdin.isatty():
        return True
    answer = input(
        "پایگاه دادهٔ کنونی با این پشتیبان جایگزین می‌شود "
        "(پیش از آن از پایگاه دادهٔ کنونی پشتیبان گرفته می‌شود). ادامه می‌دهید؟ [y/N] "
    )
    return answer.strip().lower() in {"y", "yes", "بله", "ب"}


def _restore(args: argparse.Namespace) -> int:
    from .services.office.backup import BackupError, verify_backup
    from .services.office.restore import restore_backup

    checked = verify_backup(args.file)  # refuse before opening anything
    if not checked.ok:
        raise BackupError(checked.message)
    if not _confirmed(args):
        print("بازگردانی لغو شد؛ چیزی تغییر نکرد.")
        return 1
    ctx = _open(args)
    try:
        result = restore_backup(ctx, args.file)
    finally:
        ctx.close()
    print(result.message)
    return 0


def add_commands(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser(
        "backup", parents=[common], help="back up the database into one .mizbak file"
    )
    parser.add_argument(
        "-o", "--output", type=Path, help="file or folder (default: the backup folder)"
    )
    parser.set_defaults(handler=_backup)

    parser = sub.add_parser("verify-backup", parents=[common], help="check a backup file")
    parser.add_argument("file", type=Path)
    parser.set_defaults(handler=_verify)

    parser = sub.add_parser(
        "restore",
        parents=[common],
        help="replace the database by a backup (the current one is backed up first)",
    )
    parser.add_argument("file", type=Path)
    parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    parser.set_defaults(handler=_restore)
