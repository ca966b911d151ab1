"""Build the one-folder Miz bundle with PyInstaller and report its size.

    python installer/build.py            # -> dist/miz/miz (miz.exe on Windows)

Needs ``pip install pyinstaller`` in the same environment as Miz.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def folder_size(path: Path) -> int:
    return sum(f.lstat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def main() -> int:
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--distpath",
            str(ROOT / "dist"),
            "--workpath",
            str(ROOT / "build" / "pyinstaller"),
            str(ROOT / "installer" / "miz.spec"),
        ],
        check=True,
        cwd=ROOT,
    )
    bundle = ROOT / "dist" / "miz"
    size = folder_size(bundle) / 1024 / 1024
    print(f"bundle: {bundle}  size: {size:.0f} MiB  built in {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
