"""Model text lengths are read in one place, ``models.limits``: the per-model lengths a
bound form and a service use (``text_lengths``) and the by-name cap of a form that
names no model (``text_limit``) come from the same reading of ``String(n)`` columns."""

from __future__ import annotations

import re
from pathlib import Path

from desktop_app.models import Base, Place, PublicRequest, Trainee
from desktop_app.models.limits import text_lengths, text_limit

ROOT = Path(__file__).resolve().parent.parent


def test_a_model_s_lengths_are_its_string_columns() -> None:
    lengths = text_lengths(Place)
    table = Base.metadata.tables["places"]
    assert lengths["name"] == table.c.name.type.length  # type: ignore[attr-defined]
    assert "search_text" not in lengths  # Text: no length
    assert text_lengths(table) == lengths


def test_the_by_name_cap_is_the_largest_column_of_that_name() -> None:
    for model in (Place, Trainee, PublicRequest):
        for name, length in text_lengths(model).items():
            limit = text_limit(name)
            assert limit is not None and limit >= length
    assert text_limit("no_such_column_anywhere") is None


def test_no_other_module_reads_column_lengths() -> None:
    pattern = re.compile(r"isinstance\(\s*\w+\.type,\s*String\)|def text_lengths\b")
    readers = [
        path.relative_to(ROOT).as_posix()
        for folder in ("desktop_app", "central_server")
        for path in (ROOT / folder).rglob("*.py")
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert readers == ["desktop_app/models/limits.py"]
