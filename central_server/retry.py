"""Run one server transaction again when the database gave up on it for contention.

PostgreSQL ends one of two transactions that wait on each other (deadlock, SQLSTATE
40P01) or that could not be serialized (40001); SQLite answers "database is locked"
when a writer waited past its busy timeout. None of that is the client's fault, and
the transaction left nothing behind (it was rolled back), so ``run_retrying`` runs
the whole unit again: at most ``attempts`` times, sleeping a random time (full
jitter) below a doubling bound between tries. Still failing, it answers 503 with
``Retry-After``; the workstation retries that on its own. Request threads; any thread.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import TypeVar

from fastapi import HTTPException
from sqlalchemy.exc import DBAPIError

log = logging.getLogger(__name__)

T = TypeVar("T")

#: SQLSTATEs of a transaction the database chose to end for contention.
RETRYABLE_SQLSTATES = frozenset({"40P01", "40001"})


def is_contention(exc: BaseException) -> bool:
    """True for a deadlock, a serialization failure or a busy SQLite database."""
    if not isinstance(exc, DBAPIError):
        return False
    orig = exc.orig
    if getattr(orig, "sqlstate", None) in RETRYABLE_SQLSTATES:
        return True
    return "database is locked" in str(orig)


def run_retrying(
    unit: Callable[[], T], attempts: int = 6, base_delay: float = 0.05, max_delay: float = 1.0
) -> T:
    """``unit()`` (one whole transaction), again on contention; 503 when it never passes."""
    for attempt in range(attempts):
        try:
            return unit()
        except DBAPIError as exc:
            if not is_contention(exc):
                raise
            log.info("transaction retried after %s (attempt %d)", type(exc.orig).__name__, attempt)
            if attempt + 1 < attempts:
                time.sleep(random.uniform(0, min(max_delay, base_delay * 2**attempt)))
    raise HTTPException(
        503,
        detail={
            "message": "سرور مرکزی اکنون سرش شلوغ است؛ چند لحظهٔ دیگر دوباره همگام‌سازی کنید.",
            "message_en": "the database is busy (contention); retry shortly",
        },
        headers={"Retry-After": "2"},
    )
