"""Record ids derived from what a record IS, for the rows two counters of one office may
create for the same thing while both are offline: a person's invitation to a workshop,
and one person's mark in one session.

Both counters then make the SAME id, so sync treats the two as one record edited twice
(merged when equal, a conflict the clerk resolves when not — docs/sync.md) instead of
two records colliding on the live-row unique index. A record cleared (tombstoned) and
made again comes back under its id (``revive``). No Qt; any thread, inside the caller's
session.
"""

from __future__ import annotations

import uuid
from typing import TypeVar

from sqlalchemy.orm import Session

from ...models import Record
from ..core.records import new_record

R = TypeVar("R", bound=Record)

NAMESPACE = uuid.UUID("4f1b2a9e-6c1d-4c55-9a57-0b2f8f0d1919")


def derived_id(*parts: object) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, "|".join(str(p) for p in parts))


def revive(session: Session, model: type[R], record_id: uuid.UUID) -> R:
    """The record with this derived id: new, or a tombstoned one brought back."""
    row = session.get(model, record_id)
    if row is None:
        return new_record(session, model, record_id)
    row.deleted_at = None
    return row
