"""Build the one-folder Miz bundle with PyInstaller, report its size, and package it.

    python installer/build.py                  # -> dist/miz/miz (miz.exe on Windows)
    python installer/build.py --linux-tarball  # and dist/miz-<version>-linux-x86_64.tar.gz
    python installer/build.py --windows-setup  # and dist/miz-<version>-setup.exe (Inno Setup)

Needs the ``installer`` extra (``pip install -e ".[installer]"``: PyInstaller) in the
same environment as Miz. The version comes from pyproject.toml. The icon is
rendered from resources/icons/miz.svg with Qt's SVG renderer into build/icons/
(PNG for Linux, ICO for Windows) before PyInstaller runs. Build-time tool, not
part of the application; imports Qt only in the icon-rendering subprocess.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
BUILD = ROOT / "build"
ICONS = BUILD / "icons"
SVG = ROOT / "resources" / "icons" / "miz.svg"
LINUX = ROOT / "installer" / "linux"
ISS = ROOT / "installer" / "windows" / "miz.iss"

_RENDER_ICON = """
import sys
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

app = QGuiApplication([])
svg, out, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
renderer = QSvgRenderer(svg)
if not renderer.isValid():
    sys.exit(f"cannot read {svg}")
image = QImage(size, size, QImage.Format.Format_ARGB32)
image.fill(Qt.GlobalColor.transparent)
painter = QPainter(image)
renderer.render(painter)
painter.end()
sys.exit(0 if image.save(out) else f"cannot write {out}")
"""


def project_version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return str(tomllib.load(f)["project"]["version"])


def folder_size(path: Path) -> int:
    return sum(f.lstat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def render_icons() -> Path:
    """build/icons/miz-256.png (Qt's SVG renderer, offscreen) and miz.ico (Pillow)."""
    ICONS.mkdir(parents=True, exist_ok=True)
    png = ICONS / "miz-256.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    subprocess.run(
        [sys.executable, "-c", _RENDER_ICON, str(SVG), str(png), "256"], check=True, env=env
    )
    from PIL import Image

    with Image.open(png) as image:
        sizes = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]
        image.save(ICONS / "miz.ico", sizes=sizes)
    return png


def run_pyinstaller() -> Path:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(DIST),
            "--workpath",
            str(BUILD / "pyinstaller"),
            str(ROOT / "installer" / "miz.spec"),
        ],
        check=True,
        cwd=ROOT,
    )
    return DIST / "miz"


def linux_tarball(bundle: Path, version: str, png: Path) -> Path:
    """dist/miz-<version>-linux-x86_64.tar.gz: the app, .desktop file, icons, install.sh."""
    name = f"miz-{version}-linux-{platform.machine()}"
    stage = BUILD / name
    shutil.rmtree(stage, ignore_errors=True)
    shutil.copytree(bundle, stage / "miz", symlinks=True)
    shutil.copy2(SVG, stage / "miz.svg")
    shutil.copy2(png, stage / "miz.png")
    for file in ("install.sh", "miz.desktop", "README.txt"):
        shutil.copy2(LINUX / file, stage / file)
    (stage / "install.sh").chmod(0o755)
    (stage / "VERSION").write_text(version + "\n", encoding="utf-8")
    archive = DIST / f"{name}.tar.gz"
    # gzip level 1: 8 % larger than level 6 (88 against 82 MiB) in a third of the time.
    with tarfile.open(archive, "w:gz", compresslevel=1) as tar:
        tar.add(stage, arcname=name)
    shutil.rmtree(stage)
    return archive


def windows_setup(version: str) -> Path:
    """Run Inno Setup's compiler (ISCC.exe, on PATH or in its default folder)."""
    iscc = shutil.which("ISCC") or shutil.which("iscc")
    if iscc is None:
        default = Path(os.environ.get("ProgramFiles(x86)", r"C:\Program Files (x86)"))
        candidate = default / "Inno Setup 6" / "ISCC.exe"
        if not candidate.is_file():
            raise SystemExit("Inno Setup 6 (ISCC.exe) not found; install it or add it to PATH")
        iscc = str(candidate)
    subprocess.run(
        [iscc, f"/DMyAppVersion={version}", f"/DMyRoot={ROOT}", str(ISS)], check=True, cwd=ROOT
    )
    return DIST / f"miz-{version}-setup.exe"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--linux-tarball", action="store_true", help="also make the tar.gz")
    parser.add_argument("--windows-setup", action="store_true", help="also run Inno Setup")
    args = parser.parse_args(argv)
    version = project_version()
    start = time.perf_counter()
    png = render_icons()
    bundle = run_pyinstaller()
    size = folder_size(bundle) / 1024 / 1024
    print(f"bundle: {bundle}  size: {size:.0f} MiB  built in {time.perf_counter() - start:.0f} s")
    if args.linux_tarball:
        start = time.perf_counter()
        archive = linux_tarball(bundle, version, png)
        print(
            f"tarball: {archive}  size: {archive.stat().st_size / 1024 / 1024:.0f} MiB"
            f"  packed in {time.perf_counter() - start:.0f} s"
        )
    if args.windows_setup:
        print(f"setup: {windows_setup(version)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
