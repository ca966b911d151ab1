"""Where Miz finds its bundled files and keeps its data. No Qt; any thread.

Bundled files (fonts, resources) are looked up in this order:
1. a PyInstaller bundle (``sys._MEIPASS``),
2. an installed wheel (``desktop_app/_bundled/...``, see pyproject's force-include),
3. the source tree (the repository root, for editable installs and tests).
"""

from __future__ import annotations

import sys
from pathlib import Path

APP_NAME = "Miz"
APP_AUTHOR = "TVTO"
#: The workstation database's file name in the data folder.
DATABASE_NAME = "miz.sqlite3"

_PACKAGE_DIR = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    candidates = []
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        candidates.append(Path(frozen_root) / name)
    candidates.append(_PACKAGE_DIR / "_bundled" / name)
    candidates.append(_PACKAGE_DIR.parent / name)
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        f"Miz cannot find its '{name}' folder; looked in: " + ", ".join(str(c) for c in candidates)
    )


def fonts_dir() -> Path:
    """The folder holding the Vazirmatn TTF files and their OFL licence."""
    return _bundled("fonts")


def resources_dir() -> Path:
    """The folder holding icons, the style sheet and demo data."""
    return _bundled("resources")


def migrations_dir() -> Path:
    """The Alembic script folder of the workstation database."""
    return _PACKAGE_DIR / "migrations"


def default_data_dir() -> Path:
    """The user's data folder for Miz (database, backups, workstation config)."""
    import platformdirs  # only here: the window's start need not load it

    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
