"""Privacy of applicants' personal data in lists and exports. No Qt; any thread.

The service level agreements promise that personal data is never disclosed, so:

- **One rule** for every view and print of personal codes (``PERSONAL_FIELDS``: national
  code, foreign national's id, mobile): masked (``۰۰۱۲****۷۸``) unless the actor
  holds ``VIEW_PERSONAL`` (supervisors). Every list goes through it in
  ``Listing.page`` (so a new list cannot forget it); a row builder of its own, a
  read-only dialog's data (an enrollment) and a print of many people (the course
  roster, the scores sheet) pass their dataclasses through ``shown(ctx, rows)``.
  Forms that edit one person's record show the full value (the clerk is typing it
  from the card), and a person's own document (introduction form, certificate)
  carries their own code. ``tests/services/test_masking.py`` enumerates every list
  column and view field holding one of these fields.
- **Exports of personal data** (a trainee list to Excel, a trainers file) call
  ``personal_export(ctx, table, count, path)`` *before writing*: it requires
  ``EXPORT_PERSONAL`` (supervisors) and writes the ``export`` audit row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import fields as dataclass_fields
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from desktop_app.persian import mask_code
from desktop_app.persian.privacy import MASK
from desktop_app.services.accounts import access
from desktop_app.services.accounts.access import VIEW_PERSONAL, can
from desktop_app.services.accounts.audit import record_event_now
from desktop_app.services.core.context import AppContext

T = TypeVar("T")


@access.operation(access.SIGNED_IN)
def can_see_personal(ctx: AppContext) -> bool:
    return can(ctx, VIEW_PERSONAL)


def _unchanged(value: str | None) -> str:
    return value or ""


@access.operation(access.SIGNED_IN)
def masker(ctx: AppContext) -> Callable[[str | None], str]:
    """The function a list shows a personal code with, for the actor on ``ctx``."""
    return _unchanged if can_see_personal(ctx) else _mask_once


#: The personal codes the rule covers, by field name on any row or view dataclass.
PERSONAL_FIELDS = ("national_code", "foreign_id", "mobile")


def _mask_once(value: str | None) -> str:
    """``mask_code`` that leaves an already masked value as it is."""
    return value if value and MASK in value else mask_code(value)


def _masked(row: T, fields: Sequence[str]) -> T:
    names = {f.name for f in dataclass_fields(row)}  # type: ignore[arg-type]
    values = {name: _mask_once(getattr(row, name)) for name in fields if name in names}
    return replace(row, **values) if values else row  # type: ignore[type-var]


@access.operation(access.SIGNED_IN)
def shown(ctx: AppContext, rows: Iterable[T], fields: Sequence[str] = PERSONAL_FIELDS) -> list[T]:
    """The (dataclass) rows as the actor may see them: personal fields masked unless
    the actor holds ``VIEW_PERSONAL``. The one masking rule."""
    if can_see_personal(ctx):
        return list(rows)
    return [_masked(row, fields) for row in rows]


@access.operation(access.SIGNED_IN)
def mask_rows(ctx: AppContext, rows: Iterable[T], fields: Sequence[str]) -> list[T]:
    """``shown`` for the named fields only (kept for the callers that name them)."""
    return shown(ctx, rows, fields)


@access.operation(access.EXPORT_PERSONAL)
def personal_export(ctx: AppContext, table: str, count: int, path: Path | str) -> None:
    """Allow (supervisors only) and audit an export of ``count`` personal records."""
    record_event_now(ctx, "export", table, None, f"{count} رکورد اطلاعات شخصی → {Path(path).name}")
