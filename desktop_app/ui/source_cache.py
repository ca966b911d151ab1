"""Keeps PySide6 from holding the source of every module imported after it.

PySide6 decides for each newly imported module whether it "uses PySide" (for its
optional ``__feature__`` switches, which Miz does not use) by
``inspect.getsource(module)`` — and ``inspect`` keeps every file it read in
``linecache``: about 600 modules, 23 MiB resident after sign-in (issue 22,
``docs/performance.md``). ``keep_sources_out`` replaces that check
(``shibokensupport.feature._mod_uses_pyside``) with one that reads the file and keeps
nothing, and gives the same answer: whether the source names ``PySide6``. If a later
PySide6 has no such check, nothing is replaced. UI thread, once, before the data
layer is imported (``ui.app.application``).
"""

from __future__ import annotations

import linecache
import sys
from types import ModuleType
from typing import Any

PYSIDE = b"PySide6"


def uses_pyside(module: ModuleType) -> bool:
    """Whether ``module``'s source file names PySide6 (False without a source file)."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return False
    try:
        with open(path, "rb") as source:
            return PYSIDE in source.read()
    except OSError:
        return False


def keep_sources_out() -> bool:
    """Install ``uses_pyside`` as PySide6's check; True if it was there to replace."""
    feature: Any = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    if feature._mod_uses_pyside is not uses_pyside:
        feature._mod_uses_pyside = uses_pyside
        linecache.clearcache()  # what it kept before (re-read on demand by tracebacks)
    return True
