"""ARCHITECTURE.md stays a true one-page map: short, every file and folder it names
exists, every contract it cites is configured, and the contracts hold."""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAP = ROOT / "ARCHITECTURE.md"


def _contracts() -> dict[str, configparser.SectionProxy]:
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter", encoding="utf-8")
    prefix = "importlinter:contract:"
    return {s[len(prefix) :]: config[s] for s in config.sections() if s.startswith(prefix)}


def test_the_map_fits_on_one_page() -> None:
    assert len(MAP.read_bytes()) <= 10 * 1024


def test_every_path_the_map_names_exists() -> None:
    text = MAP.read_text("utf-8")
    named = re.findall(r"`([\w./<>-]+(?:/|\.py|\.md))`", text)
    assert named
    missing = []
    for path in named:
        if "<" in path:
            path = path.split("<")[0]  # a pattern: its fixed folder must exist
        candidates = [ROOT / path, ROOT / "desktop_app" / path, ROOT / "desktop_app" / "ui" / path]
        candidates += [ROOT / "desktop_app" / "services" / path]
        if "/" not in path:  # a file named in its folder's row
            for top in ("desktop_app", "central_server"):
                candidates += list((ROOT / top).rglob(path))
        if not any(c.exists() for c in candidates):
            missing.append(path)
    assert missing == []


def test_the_map_names_every_service_domain() -> None:
    """The "Domains in services/" sentence lists exactly the packages that exist."""
    text = MAP.read_text("utf-8")
    sentence = text[text.index("Domains in `desktop_app/services/`") :].split(".\n", 1)[0]
    named = set(re.findall(r"`(\w+)`", sentence))
    services = ROOT / "desktop_app" / "services"
    packages = {p.name for p in services.iterdir() if (p / "__init__.py").is_file()}
    assert named == packages


def test_every_contract_the_map_cites_is_configured() -> None:
    cited = re.findall(r"\| `([\w-]+)` \|", MAP.read_text("utf-8"))
    assert set(cited) == set(_contracts())


def test_every_ui_section_folder_is_in_the_independence_contract() -> None:
    ui = ROOT / "desktop_app" / "ui"
    shared = {"listing", "widgets", "__pycache__"}
    folders = {p.name for p in ui.iterdir() if (p / "__init__.py").is_file()} - shared
    listed = {m.strip().rsplit(".", 1)[-1] for m in _contracts()["ui-sections"]["modules"].split()}
    assert folders == listed


def test_every_command_module_is_in_the_cli_contract() -> None:
    """``cli`` on top, every ``cli_<section>`` in the middle, ``cli_common`` below."""
    layers = [line.strip() for line in _contracts()["cli"]["layers"].strip().splitlines()]
    modules = {p.stem for p in (ROOT / "desktop_app").glob("cli_*.py")} - {"cli_common"}
    assert layers[0] == "desktop_app.cli" and layers[-1] == "desktop_app.cli_common"
    assert {m.strip().rsplit(".", 1)[-1] for m in layers[1].split("|")} == modules


def test_the_import_contracts_hold() -> None:
    tool = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    result = subprocess.run([tool], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]


def _sources() -> list[tuple[str, str]]:
    """(path from the root, text) of every module of the two programs, migrations aside
    (they are frozen history and write their SQL as text)."""
    found = []
    for top in ("desktop_app", "central_server"):
        for path in sorted((ROOT / top).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            if "/migrations/" not in name:
                found.append((name, path.read_text("utf-8")))
    return found


def test_live_rows_are_said_one_way() -> None:
    """ "Not tombstoned" is ``models.live(...)``; nobody writes ``deleted_at`` IS NULL by hand."""
    by_hand = re.compile(
        r"deleted_at(?:,\s*None\))?\s*\.\s*is_\(\s*None\s*\)|deleted_at\s*==\s*None"
    )
    writers = {name for name, text in _sources() if by_hand.search(text)}
    assert writers == set()
    base = (ROOT / "desktop_app/models/base.py").read_text("utf-8")
    assert "def live(" in base


def test_enrolled_is_said_one_way() -> None:
    """Which enrollments count is ``models.enrolled()`` / ``holds_seat()``, not a state test."""
    by_hand = re.compile(r"state\s*(?:!=|==)\s*\"withdrawn\"|state\.(?:not_)?in_\(SEAT_STATES")
    writers = {name for name, text in _sources() if by_hand.search(text)}
    assert writers <= {"desktop_app/models/registration.py"}


def test_only_the_excel_module_knows_openpyxl() -> None:
    uses = re.compile(r"^\s*(?:from|import)\s+openpyxl\b", re.MULTILINE)
    users = {name for name, text in _sources() if uses.search(text)}
    assert users == {"desktop_app/services/core/excel.py"}
