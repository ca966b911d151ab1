"""Rate limits counted from the database, so they hold across uvicorn workers that
share nothing else: one client's requests are counted one at a time (a PostgreSQL
advisory lock per client key, held until commit; SQLite's ``BEGIN IMMEDIATE`` already
serializes writers), and an answer over the limit is 429 with ``Retry-After`` and a
Persian sentence. Keys come from ``clients`` (what a client cannot choose).

Request threads of uvicorn workers (stateless).
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

from fastapi import HTTPException
from sqlalchemy import text
from sqlalchemy.orm import Session

from desktop_app.models import utcnow
from desktop_app.persian import to_persian_digits

#: First keys of the per-client advisory locks (the sync lock uses the one-key form).
INQUIRY_LOCK_SPACE = 7001
ENROLL_LOCK_SPACE = 7002


def lock_client(session: Session, space: int, key: str) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_advisory_xact_lock(:space, hashtext(:key))"),
            {"space": space, "key": key},
        )


def window_start(seconds: int) -> datetime:
    return utcnow() - timedelta(seconds=seconds)


def refuse(what_fa: str, what_en: str, limit: int, seconds: int, oldest: datetime) -> None:
    """Raise the 429 of a client that used ``limit`` in the window (oldest use ``oldest``)."""
    oldest = oldest if oldest.tzinfo else oldest.replace(tzinfo=UTC)
    retry = max(1, math.ceil((oldest + timedelta(seconds=seconds) - utcnow()).total_seconds()))
    raise HTTPException(
        429,
        detail={
            "message": (
                f"تعداد {what_fa} از حد مجاز ({to_persian_digits(limit)} در "
                f"{to_persian_digits(seconds)} ثانیه) گذشته است؛ "
                f"{to_persian_digits(retry)} ثانیه دیگر دوباره بفرستید."
            ),
            "message_en": (
                f"Too many {what_en}: at most {limit} per {seconds} seconds. "
                f"Retry after {retry} seconds."
            ),
            "retry_after": retry,
        },
        headers={"Retry-After": str(retry)},
    )
