"""Where a printed document is written: a new file each time, never over an earlier
print (the original introduction form stays beside its duplicates). No Qt; any thread.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["free_path"]


def free_path(folder: Path, stem: str, suffix: str = ".pdf") -> Path:
    """``folder/stem.pdf`` if free, else ``stem-2.pdf``, ``stem-3.pdf`` …; creates
    ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stem}{suffix}"
    number = 2
    while path.exists():
        path = folder / f"{stem}-{number}{suffix}"
        number += 1
    return path
