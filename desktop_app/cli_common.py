"""What every ``miz`` command module shares: the system actor's context, the output
check, the options every command accepts and the partial-import exit code.

The command modules are one-way: ``cli`` (the parser and the print/export registries)
→ ``cli_<section>`` (each section's commands) → ``cli_common`` (this module); a section
module never imports ``cli`` or another section (the ``cli`` contract in
``.importlinter``). No Qt.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: Exit code of an import that left some records out (each named in its summary).
PARTIAL_EXIT = 2


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


def check_output(path: Path, suffixes: tuple[str, ...], force: bool = False) -> None:
    """Refuse an output name whose extension is not what will be written (``-o card.txt``
    for a PDF), that names a folder, or that names an existing file unless ``force``
    (``--force``), before any work is done."""
    from .persian.bidi import isolate
    from .services.core.errors import ServiceError

    if path.is_dir():
        raise ServiceError(
            f"{isolate(str(path))} یک پوشه است؛ نام پرونده را هم بنویسید، "
            f"مانند {isolate(str(path / ('output' + suffixes[0])))}."
        )
    if path.suffix.lower() not in suffixes:
        raise ServiceError(
            f"پسوند پرونده باید {'، '.join(isolate(s) for s in suffixes)} باشد "
            f"(نوشته شده: {isolate(path.name)})."
        )
    if path.exists() and not force:
        raise ServiceError(
            f"پروندهٔ {isolate(str(path))} از پیش هست و رونویسی نمی‌شود؛ نام دیگری بدهید "
            f"یا برای جایگزین کردن آن {isolate('--force')} را هم بنویسید."
        )


FORCE_HELP = "replace the -o file when it exists (refused otherwise)"

# Options every command accepts, before or after its name (``miz demo --data-dir X``).
COMMON_OPTIONS = argparse.ArgumentParser(add_help=False)
COMMON_OPTIONS.add_argument(
    "--data-dir",
    type=Path,
    default=argparse.SUPPRESS,
    help="keep the data in DIR instead of the user's data folder",
)
