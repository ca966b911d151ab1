"""How long a typed text may be, read from the models' ``String(n)`` columns: the one
place these lengths are read. No Qt; any thread.

``text_lengths(Model)`` maps each ``String(n)`` column of one model (or table) to its
length: what a form bound to that model may take (``ui.listing.binding``, a form's
``lengths``) and what a service checks.

``text_limit(name)`` is the length of the column called ``name`` for a form that names
no model (the form's field key is the service's field name, which is the column's);
where several tables have a column of that name the largest length is used, so a form
never refuses what its own column holds, yet a name field cannot take a thousand
characters. The services still check the exact column.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import String, Table

from .base import Base

__all__ = ["text_lengths", "text_limit", "text_limits"]


def text_lengths(model: type | Table) -> dict[str, int]:
    """Column name → maximum length of the ``String(n)`` columns of ``model`` (a mapped
    class or a table)."""
    table: Any = model if isinstance(model, Table) else model.__table__  # type: ignore[attr-defined]
    return {
        column.name: column.type.length
        for column in table.columns
        if isinstance(column.type, String) and column.type.length
    }


@cache
def text_limits() -> dict[str, int]:
    """Column name → the largest ``String`` length among the tables that have it."""
    import desktop_app.models  # noqa: F401  (every model registered on Base)

    limits: dict[str, int] = {}
    for table in Base.metadata.tables.values():
        for name, length in text_lengths(table).items():
            limits[name] = max(limits.get(name, 0), length)
    return limits


def text_limit(name: str) -> int | None:
    """The most characters a field named ``name`` may hold, or None (no such column)."""
    return text_limits().get(name)
