"""installer/linux/install.sh and miz.desktop, run on a stand-in for the PyInstaller bundle."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "installer" / "linux"

pytestmark = pytest.mark.skipif(os.name == "nt", reason="the Linux installer")


@pytest.fixture
def extracted(tmp_path):
    """What build.py --linux-tarball packs, with a tiny shell script as the program."""
    folder = tmp_path / "miz-9.9.9-linux-x86_64"
    (folder / "miz" / "_internal").mkdir(parents=True)
    program = folder / "miz" / "miz"
    program.write_text('#!/bin/sh\necho "miz 9.9.9 $*"\n')
    program.chmod(0o755)
    (folder / "miz" / "_internal" / "old-module.so").write_text("x")
    for name in ("install.sh", "miz.desktop"):
        shutil.copy2(LINUX / name, folder / name)
    shutil.copy2(ROOT / "resources" / "icons" / "miz.svg", folder / "miz.svg")
    (folder / "miz.png").write_bytes(b"\x89PNG")
    (folder / "VERSION").write_text("9.9.9\n")
    return folder


def _run(script: Path, *args: str) -> str:
    result = subprocess.run(
        ["sh", str(script), *args], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_install_into_a_prefix_then_uninstall_keeps_the_data(extracted, tmp_path):
    prefix = tmp_path / "prefix"
    _run(extracted / "install.sh", "--prefix", str(prefix))
    app = prefix / "opt" / "miz"
    link = prefix / "bin" / "miz"
    assert link.is_symlink() and os.readlink(link) == str(app / "miz")
    assert subprocess.run([str(link), "smoke"], capture_output=True, text=True).stdout == (
        "miz 9.9.9 smoke\n"
    )
    desktop = configparser.ConfigParser(interpolation=None)
    desktop.optionxform = str  # keys are case-sensitive
    desktop.read(prefix / "share" / "applications" / "miz.desktop", encoding="utf-8")
    entry = desktop["Desktop Entry"]
    assert entry["Exec"] == f"{app}/miz"
    assert entry["Icon"] == f"{app}/miz.svg" and Path(entry["Icon"]).is_file()
    assert entry["Name"] == "میز خدمت" and entry["Name[en]"] == "Miz"
    assert "آموزش فنی و حرفه‌ای" in entry["Comment"]
    assert entry["Categories"] == "Office;Education;"
    assert (prefix / "share" / "icons" / "hicolor" / "scalable" / "apps" / "miz.svg").is_file()

    # A data folder next to it (as ~/.local/share/Miz would be) survives the uninstall.
    data = prefix / "share" / "Miz"
    data.mkdir()
    (data / "miz.sqlite3").write_text("records")
    _run(app / "install.sh", "--prefix", str(prefix), "--uninstall")
    assert not app.exists() and not link.exists()
    assert not (prefix / "share" / "applications" / "miz.desktop").exists()
    assert (data / "miz.sqlite3").read_text() == "records"


def test_upgrade_replaces_the_program_folder(extracted, tmp_path):
    prefix = tmp_path / "prefix"
    _run(extracted / "install.sh", "--prefix", str(prefix))
    (extracted / "miz" / "_internal" / "old-module.so").unlink()
    (extracted / "VERSION").write_text("10.0.0\n")
    out = _run(extracted / "install.sh", "--prefix", str(prefix))
    app = prefix / "opt" / "miz"
    assert "Miz 10.0.0 installed" in out
    assert not (app / "_internal" / "old-module.so").exists()
    assert not (prefix / "opt" / "miz.old").exists() and not (prefix / "opt" / "miz.new").exists()


def test_system_install_needs_root(extracted):
    if os.geteuid() == 0:
        pytest.skip("running as root")
    result = subprocess.run(
        ["sh", str(extracted / "install.sh"), "--system"], capture_output=True, text=True
    )
    assert result.returncode == 1 and "root" in result.stderr
