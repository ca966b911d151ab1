"""The central server stands without the workstation: importing it loads no Qt and no
workstation service, and ``server_dist`` (its own distribution) ships every module it
loads. ``outbox`` is installed by the workstation's context, never by an import."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_LOADED = """
import json, sys
import central_server.app, central_server.cli, central_server.admin
print(json.dumps(sorted(sys.modules)))
"""


def _server_modules() -> list[str]:
    out = subprocess.run(
        [sys.executable, "-c", _LOADED], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def _shipped_paths() -> list[str]:
    config = tomllib.loads((ROOT / "server_dist" / "pyproject.toml").read_text("utf-8"))
    return list(config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"].values())


def _module_path(name: str) -> str:
    path = ROOT.joinpath(*name.split("."))
    if (path / "__init__.py").is_file():
        return f"{'/'.join(name.split('.'))}/__init__.py"
    return f"{'/'.join(name.split('.'))}.py"


def test_the_server_loads_no_qt_and_no_workstation_service() -> None:
    loaded = _server_modules()
    assert not [m for m in loaded if m.split(".")[0] in ("PySide6", "shiboken6")]
    workstation_only = ("desktop_app.services", "desktop_app.ui", "desktop_app.reports")
    assert not [m for m in loaded if m.startswith(workstation_only)]
    assert "desktop_app.sync.outbox" not in loaded
    assert "desktop_app.sync.client" not in loaded


def test_the_server_distribution_ships_every_module_the_server_loads() -> None:
    shipped = _shipped_paths()
    ours = [m for m in _server_modules() if m.split(".")[0] in ("desktop_app", "central_server")]
    missing = [
        m
        for m in ours
        if not any(
            _module_path(m) == p or _module_path(m).startswith(p.rstrip("/") + "/") for p in shipped
        )
    ]
    assert missing == []


def test_the_server_distribution_does_not_depend_on_qt() -> None:
    config = tomllib.loads((ROOT / "server_dist" / "pyproject.toml").read_text("utf-8"))
    deps = " ".join(config["project"]["dependencies"]).lower()
    for workstation_only in ("pyside6", "reportlab", "openpyxl", "pillow", "argon2"):
        assert workstation_only not in deps


def test_importing_the_outbox_installs_no_listener() -> None:
    code = (
        "from sqlalchemy import event\n"
        "from sqlalchemy.orm import Session\n"
        "import desktop_app.sync.outbox as o\n"
        "print(event.contains(Session, 'after_flush', o._queue_changes))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"
