"""Privacy of applicants' personal data in lists and exports. No Qt; any thread.

The service level agreements promise that personal data is never disclosed, so:

- **Lists** show national codes and mobile numbers masked (``۰۰۱۲****۷۸``) unless
  the actor holds ``VIEW_PERSONAL`` (supervisors). A list's row builder passes its
  rows through ``mask_rows(ctx, rows, ("national_code", "mobile"))`` (or uses
  ``masker(ctx)`` on single values) before returning them; forms that edit one
  person's record show the full value (the clerk is typing it from the card).
- **Exports of personal data** (a trainee list to Excel, a trainers file) call
  ``personal_export(ctx, table, count, path)`` *before writing*: it requires
  ``EXPORT_PERSONAL`` (supervisors) and writes the ``export`` audit row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from ..persian import mask_code
from . import access
from .access import VIEW_PERSONAL, can
from .audit import record_event_now
from .context import AppContext

T = TypeVar("T")


@access.operation(access.SIGNED_IN)
def can_see_personal(ctx: AppContext) -> bool:
    return can(ctx, VIEW_PERSONAL)


def _unchanged(value: str | None) -> str:
    return value or ""


@access.operation(access.SIGNED_IN)
def masker(ctx: AppContext) -> Callable[[str | None], str]:
    """The function a list shows a personal code with, for the actor on ``ctx``."""
    return _unchanged if can_see_personal(ctx) else mask_code


@access.operation(access.SIGNED_IN)
def mask_rows(ctx: AppContext, rows: Iterable[T], fields: Sequence[str]) -> list[T]:
    """Copies of the (dataclass) rows with ``fields`` masked, unless the actor may see them."""
    if can_see_personal(ctx):
        return list(rows)
    result: list[Any] = []
    for row in rows:
        masked = {name: mask_code(getattr(row, name)) for name in fields}
        result.append(replace(row, **masked))  # type: ignore[type-var]
    return result


@access.operation(access.EXPORT_PERSONAL)
def personal_export(ctx: AppContext, table: str, count: int, path: Path | str) -> None:
    """Allow (supervisors only) and audit an export of ``count`` personal records."""
    record_event_now(ctx, "export", table, None, f"{count} رکورد اطلاعات شخصی → {Path(path).name}")
