"""``miz-server``: administration commands and ``serve``. Main thread.

    miz-server migrate
    miz-server create-office CODE NAME --level province --parent HQ
    miz-server enroll-device OFFICE [--label L]     (prints a one-time code)
    miz-server revoke-device DEVICE_ID
    miz-server list-devices
    miz-server figures OFFICE --year 1405 [--month M]   (the office's numbers, tab-separated)
    miz-server serve [--host H] [--port P] [--workers N]

The database comes from ``MIZ_DATABASE_URL`` (default: a SQLite file here).
"""

from __future__ import annotations

import argparse
import sys

from sqlalchemy import select

from . import admin
from .db import make_engine, make_sessions, migrate
from .figures import office_report, report_lines
from .models import Device
from .settings import ServerSettings


def _sessions():
    settings = ServerSettings()
    return make_sessions(make_engine(settings.database_url)), settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="miz-server", description="Miz central server")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="create or upgrade the database")
    office = sub.add_parser("create-office", help="add an office")
    office.add_argument("code")
    office.add_argument("name")
    office.add_argument("--level", required=True, choices=admin.LEVELS)
    office.add_argument("--parent", default=None)
    enroll = sub.add_parser("enroll-device", help="make a one-time enrollment code")
    enroll.add_argument("office")
    enroll.add_argument("--label", default="")
    revoke = sub.add_parser("revoke-device", help="refuse a device's token from now on")
    revoke.add_argument("device_id")
    sub.add_parser("list-devices", help="list devices")
    figures = sub.add_parser("figures", help="an office's numbers of a Jalali year")
    figures.add_argument("office")
    figures.add_argument("--year", type=int, required=True)
    figures.add_argument("--month", type=int, default=None)
    serve = sub.add_parser("serve", help="run the HTTP server (uvicorn)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)

    if args.command == "serve":
        import uvicorn

        uvicorn.run(
            "central_server.app:create_app",
            factory=True,
            host=args.host,
            port=args.port,
            workers=args.workers,
            # client addresses behind a proxy: MIZ_TRUSTED_PROXIES (central_server.clients)
            proxy_headers=False,
            server_header=False,
        )
        return 0
    sessions, settings = _sessions()
    if args.command == "migrate":
        migrate(sessions.kw["bind"])
        print("database is up to date")
        return 0
    try:
        with sessions() as session, session.begin():
            if args.command == "create-office":
                row = admin.create_office(session, args.code, args.name, args.level, args.parent)
                print(f"office {row.code} ({row.level}) created")
            elif args.command == "enroll-device":
                code = admin.enroll_device(
                    session, args.office, args.label, settings.enrollment_hours
                )
                print(code)
            elif args.command == "revoke-device":
                device = admin.revoke_device(session, args.device_id)
                print(f"device {device.id} revoked")
            elif args.command == "list-devices":
                for d in session.scalars(select(Device).order_by(Device.created_at)):
                    state = (
                        "revoked" if d.revoked_at else "enrolled" if d.enrolled_at else "waiting"
                    )
                    print(f"{d.id}\t{d.office_code}\t{state}\t{d.device_uid or '-'}\t{d.label}")
            elif args.command == "figures":
                report = office_report(session, args.office, args.year, args.month)
                print(report.scope)
                print("\n".join(report_lines(report)))
    except admin.AdminError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
