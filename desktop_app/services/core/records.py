"""What every use case does with a ``Record``: fetch a live one, create one stamped
with the office that made it, and refuse a save made on a stale version.

Written once here so each section's service only adds its own rules. No Qt; any
thread, inside the caller's session.
"""

from __future__ import annotations

import json
import uuid
from typing import TypeVar

from sqlalchemy.orm import Session

from desktop_app.models import Record, Setting
from desktop_app.services.core.errors import NotFoundError, ServiceError

R = TypeVar("R", bound=Record)

STALE_MESSAGE = (
    "این رکورد پس از باز شدن فرم، جای دیگری تغییر کرده است و ذخیره نشد. "
    "آنچه تایپ کرده‌اید در فرم مانده است؛ فرم را ببندید و دوباره باز کنید."
)


def office_code(session: Session) -> str:
    """The office code from the settings ("" until the office is set up)."""
    row = session.get(Setting, "office.office_code")
    value = json.loads(row.value) if row is not None else ""
    return value if isinstance(value, str) else ""


def live_record(session: Session, model: type[R], record_id: object, not_found: str) -> R:
    """The record with ``record_id`` unless it is missing or deleted (``NotFoundError``)."""
    try:
        key = record_id if isinstance(record_id, uuid.UUID) else uuid.UUID(str(record_id))
    except ValueError:
        raise NotFoundError(not_found) from None
    row = session.get(model, key)
    if row is None or row.deleted_at is not None:
        raise NotFoundError(not_found)
    return row


def new_record(session: Session, model: type[R], record_id: uuid.UUID | None = None) -> R:
    """A new record of ``model`` in the session, stamped with this office's code."""
    row = model(id=record_id or uuid.uuid4(), origin_office=office_code(session))
    session.add(row)
    return row


def record_for_update(
    session: Session,
    model: type[R],
    record_id: object,
    version: int | None,
    not_found: str,
    stale: str = STALE_MESSAGE,
    stale_field: str | None = None,
) -> R:
    """The live record to update, refusing when it changed since the form read ``version``."""
    row = live_record(session, model, record_id, not_found)
    if row.version != version:
        raise ServiceError(stale, stale_field)
    return row
