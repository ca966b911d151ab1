"""``miz enroll SERVER_URL CODE`` and ``miz sync``: the sync commands. No Qt; main thread."""

from __future__ import annotations

import argparse


def _enroll(args: argparse.Namespace) -> int:
    from .cli_common import open_context
    from .sync.client import enroll

    ctx = open_context(args.data_dir)
    try:
        answer = enroll(ctx, args.server_url, args.code)
    finally:
        ctx.close()
    print(f"این رایانه برای «{answer.office_name}» ({answer.office_code}) ثبت شد.")
    return 0


def _sync(args: argparse.Namespace) -> int:
    from .cli_common import open_context
    from .sync.client import SyncEngine

    ctx = open_context(args.data_dir)
    try:
        report = SyncEngine(ctx).run()
    finally:
        ctx.close()
    print(f"فرستاده: {report.pushed}، دریافت: {report.pulled}، ناسازگاری: {report.conflicts}")
    if report.deferred:
        print(f"بخشی از تغییرات فعلاً فرستاده نشد: {report.deferred}")
    return 0


def add_commands(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    enroll = sub.add_parser(
        "enroll", parents=[common], help="enroll this workstation with a one-time code"
    )
    enroll.add_argument("server_url")
    enroll.add_argument("code")
    enroll.set_defaults(handler=_enroll)
    sync = sub.add_parser("sync", parents=[common], help="run one sync round with the server")
    sync.set_defaults(handler=_sync)
