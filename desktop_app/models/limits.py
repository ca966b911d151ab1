"""How long a typed text may be, read from the models' ``String(n)`` columns.

``text_limit(name)`` is the length of the column called ``name`` (the form's field key
is the service's field name, which is the column's); where several tables have a
column of that name the largest length is used, so a form never refuses what its own
column holds, yet a name field cannot take a thousand characters. The services still
check the exact column. No Qt; any thread.
"""

from __future__ import annotations

from functools import cache

from sqlalchemy import String

from .base import Base

__all__ = ["text_limit", "text_limits"]


@cache
def text_limits() -> dict[str, int]:
    """Column name → the largest ``String`` length among the tables that have it."""
    import desktop_app.models  # noqa: F401  (every model registered on Base)

    limits: dict[str, int] = {}
    for table in Base.metadata.tables.values():
        for column in table.columns:
            if isinstance(column.type, String) and column.type.length:
                limits[column.name] = max(limits.get(column.name, 0), column.type.length)
    return limits


def text_limit(name: str) -> int | None:
    """The most characters a field named ``name`` may hold, or None (no such column)."""
    return text_limits().get(name)
