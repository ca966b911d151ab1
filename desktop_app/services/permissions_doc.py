"""The table of operations and permissions in ``docs/permissions.md``, generated from
``access.OPERATIONS`` (every service module imported, so every decorator has run):
``python -m desktop_app.services.permissions_doc`` rewrites the file, and
``tests/accounts/test_operations.py`` fails when it is stale. No Qt; any thread.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

from .accounts import access

HEADER = """# Operations and permissions

Generated from the registry of `desktop_app.services.accounts.access` (`@access.operation`);
do not edit by hand: `python -m desktop_app.services.permissions_doc`.

A service operation refuses, in Persian and before it touches anything, anyone who is
not signed in and any user whose roles do not grant its permission. «ورود به سامانه»
means any signed-in user; «بدون ورود» the steps before sign-in.

"""


def _load_all() -> None:
    from .. import services

    for info in pkgutil.walk_packages(services.__path__, services.__name__ + "."):
        importlib.import_module(info.name)


def render() -> str:
    _load_all()
    lines = [HEADER, "## Roles\n", "| role | permissions |", "|---|---|"]
    for role, granted in access.ROLE_PERMISSIONS.items():
        names = ", ".join(f"`{p}`" for p in sorted(granted))
        lines.append(f"| `{role}` ({access.ROLE_TITLES[role]}) | {names} |")
    lines += ["", "## Operations\n", "| operation | permission | note |", "|---|---|---|"]
    for name in sorted(access.OPERATIONS):
        op = access.OPERATIONS[name]
        short = name.removeprefix("desktop_app.services.")
        title = access.PERMISSION_TITLES[op.permission]
        lines.append(f"| `{short}` | `{op.permission}` ({title}) | {op.note} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    target = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"
    target.write_text(render(), encoding="utf-8")
    sys.stdout.write(f"{target}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
