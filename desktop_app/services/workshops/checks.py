"""Text the clerk typed, normalized and held to its column's length, so what a
workstation accepts the server (PostgreSQL, which enforces ``String(n)``) accepts too.
No Qt; any thread."""

from __future__ import annotations

from ...persian import normalize, to_persian_digits
from ..core.errors import ServiceError


def text(value: str, limit: int, label: str, field: str, required: str = "") -> str:
    """``value`` normalized; ``required`` is the message when it must not be empty."""
    clean = normalize(value or "")
    if required and not clean:
        raise ServiceError(required, field)
    if len(clean) > limit:
        raise ServiceError(
            f"{label} حداکثر {to_persian_digits(limit)} نویسه است "
            f"({to_persian_digits(len(clean))} نویسه نوشته شده).",
            field,
        )
    return clean
