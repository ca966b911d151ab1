"""``miz smoke``: check that this Miz (above all a frozen PyInstaller bundle) is complete.

It creates and migrates a database in a fresh folder, fills it with the demo data,
prints a service card to PDF, exports an Excel list, takes and verifies a backup,
round-trips a JPEG photo through Pillow, hashes and checks a password (argon2), and (unless ``--no-qt``) checks the Qt
plugins and modules the window needs (``ui.bundle_check``). A missing module,
plugin or data file fails one step: the command prints it and exits 1. The
installer's CI step and an office's IT person after installing run it.
Main thread; imports Qt only for the Qt step.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

Step = Callable[[], str]
#: The ``miz print`` / ``miz export`` registries (``cli.PRINT_KINDS``, ``cli.EXPORT_KINDS``),
#: handed in by ``cli`` so this module never imports it.
Kinds = Mapping[str, Callable[..., object]]


def _steps(
    data_dir: Path, output: Path, with_qt: bool, print_kinds: Kinds, export_kinds: Kinds
) -> list[tuple[str, Step]]:
    state: dict[str, Any] = {}

    def database() -> str:
        from .cli_common import open_context
        from .models.database import SCHEMA_HEAD, current_revisions

        state["ctx"] = ctx = open_context(data_dir)  # a batch command: the system actor
        revisions = current_revisions(ctx.engine)
        if revisions != {SCHEMA_HEAD}:
            raise RuntimeError(f"schema at {sorted(revisions)}, expected {SCHEMA_HEAD}")
        return f"{ctx.database_path} migrated to {SCHEMA_HEAD}"

    def demo() -> str:
        from .services.demo.demo import fill_demo

        fill_demo(state["ctx"], report=lambda _line: None)
        return "demo data of every section written"

    def pdf() -> str:
        from sqlalchemy import select

        from .models.service_card import ServiceCard

        with state["ctx"].session() as session:
            card_id = session.scalars(select(ServiceCard.id).limit(1)).one()
        print_kinds["service-card"](state["ctx"], str(card_id), output)
        head = output.read_bytes()[:5]
        if head != b"%PDF-":
            raise RuntimeError(f"{output} is not a PDF")
        return f"{output} ({output.stat().st_size} bytes)"

    def excel() -> str:
        return str(export_kinds["service-cards"](state["ctx"], data_dir / "smoke.xlsx"))

    def backup() -> str:
        from .services.office.backup import backup_database, verify_backup

        info = backup_database(state["ctx"], data_dir / "smoke-backups")
        result = verify_backup(info.path)
        if not result.ok:
            raise RuntimeError(result.message)
        return f"{info.path.name} verified"

    def photo() -> str:
        from PIL import Image

        buffer = io.BytesIO()
        Image.new("RGB", (64, 80), (200, 120, 40)).save(buffer, "JPEG", quality=85)
        buffer.seek(0)
        with Image.open(buffer) as image:
            image.load()
            return f"Pillow {image.format} {image.size[0]}x{image.size[1]}"

    def accounts() -> str:
        # argon2-cffi's compiled bindings must be in the bundle, or nobody can sign in
        from .services.accounts.accounts import _verify, hash_password

        hashed = hash_password("smoke-Test-1")
        if not _verify(hashed, "smoke-Test-1") or _verify(hashed, "wrong-pass-1"):
            raise RuntimeError("argon2 password check failed")
        return hashed.split("$")[1]

    def qt() -> str:
        from .ui.bundle_check import check_qt

        return check_qt()

    steps: list[tuple[str, Step]] = [
        ("database", database),
        ("demo", demo),
        ("pdf", pdf),
        ("excel", excel),
        ("backup", backup),
        ("photo", photo),
        ("accounts", accounts),
    ]
    if with_qt:
        steps.append(("qt", qt))
    steps.append(("close", lambda: (state["ctx"].close(), "database closed")[1]))
    return steps


def run_smoke(
    data_dir: Path, output: Path, print_kinds: Kinds, export_kinds: Kinds, with_qt: bool = True
) -> int:
    """Run every step, printing one line each; 0 when all passed, else 1."""
    for name, step in _steps(data_dir, output, with_qt, print_kinds, export_kinds):
        start = time.perf_counter()
        try:
            detail = step()
        except Exception as exc:
            print(f"FAIL {name}: {type(exc).__name__}: {exc}", file=sys.stderr)
            return 1
        print(f"ok   {name:<9} {time.perf_counter() - start:5.2f} s  {detail}")
    return 0


def _smoke(args: argparse.Namespace) -> int:
    print_kinds, export_kinds = args.smoke_kinds
    if args.data_dir is not None:
        data_dir = Path(args.data_dir)
        if data_dir.exists() and any(data_dir.iterdir()):
            print(
                f"پوشهٔ {data_dir} خالی نیست؛ آزمون دود فقط در پوشه‌ای خالی یا تازه اجرا می‌شود "
                "تا به داده‌های واقعی دست نزند.",
                file=sys.stderr,
            )
            return 1
        return run_smoke(data_dir, args.output.resolve(), print_kinds, export_kinds, not args.no_qt)
    with tempfile.TemporaryDirectory(prefix="miz-smoke-") as folder:
        return run_smoke(
            Path(folder), args.output.resolve(), print_kinds, export_kinds, not args.no_qt
        )


def add_commands(
    sub: argparse._SubParsersAction,
    common: argparse.ArgumentParser,
    print_kinds: Kinds,
    export_kinds: Kinds,
) -> None:
    parser = sub.add_parser(
        "smoke",
        parents=[common],
        help="check this installation: database, demo data, PDF, Excel, backup, Qt plugins",
    )
    parser.add_argument("-o", "--output", type=Path, required=True, help="the PDF to write")
    parser.add_argument("--no-qt", action="store_true", help="skip the Qt plugin check")
    parser.set_defaults(handler=_smoke, smoke_kinds=(print_kinds, export_kinds))
