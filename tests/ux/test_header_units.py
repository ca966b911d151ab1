"""Column headers and field labels are Persian through and through: a unit is written
in Persian («مساحت (متر مربع)»), never as a Latin or superscript symbol («m²», «م²»)
that a clerk reads as a stray sign inside right-to-left text."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import desktop_app

UI = Path(desktop_app.__file__).parent / "ui"
#: Latin letters, superscript digits and unit signs that have a Persian word.
NOT_PERSIAN = re.compile(r"[A-Za-z²³°µ]")
LABELLED = {"Column": 1, "RowColumn": 1, "add_row": 1}


def headers() -> list[tuple[str, str]]:
    """(where, text) of every column header and form-row label written in ``ui``."""
    found = []
    for path in sorted(UI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            index = LABELLED.get(name)
            if index is None or len(node.args) <= index:
                continue
            label = node.args[index]
            if isinstance(label, ast.Constant) and isinstance(label.value, str):
                found.append((f"{path.relative_to(UI)}:{node.lineno}", label.value))
    return found


def test_headers_and_labels_write_their_units_in_persian():
    found = headers()
    assert len(found) > 100  # the scan sees the lists and forms
    assert ("places/pages.py", "مساحت (متر مربع)") in {
        (where.split(":")[0], text) for where, text in found
    }
    assert [(w, t) for w, t in found if NOT_PERSIAN.search(t)] == []


def test_the_scan_catches_a_latin_unit():
    assert NOT_PERSIAN.search("مساحت (m²)") and NOT_PERSIAN.search("مساحت (م²)")
    assert not NOT_PERSIAN.search("مساحت (متر مربع)")
