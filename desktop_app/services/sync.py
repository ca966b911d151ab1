"""Sync use cases for the window: status, one round, enrollment, conflicts.

Thin wrappers over ``desktop_app.sync`` returning plain data, so the UI depends on
services only. No Qt; worker threads (``ui.tasks``) or the CLI.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import httpx

from ..sync import state
from ..sync.client import SyncEngine, SyncReport, enroll, load_token
from ..sync.conflicts import ConflictView, list_conflicts, resolve_conflict
from ..sync.protocol import EnrollResponse
from .context import AppContext
from .errors import ServiceError

__all__ = [
    "ConflictView",
    "SyncReport",
    "SyncStatus",
    "enroll_workstation",
    "list_conflicts",
    "resolve_conflict",
    "run_sync",
    "save_sync_minutes",
    "sync_ready",
    "sync_status",
]


@dataclass(frozen=True)
class SyncStatus:
    server_url: str
    enrolled: bool
    last_sync_at: datetime | None
    pending: int
    conflicts: int


def sync_status(ctx: AppContext) -> SyncStatus:
    with ctx.session() as session:
        last = state.get_state(session, state.LAST_SYNC)
        return SyncStatus(
            server_url=ctx.workstation.server_url,
            enrolled=bool(load_token(ctx.data_dir)),
            last_sync_at=datetime.fromisoformat(last) if last else None,
            pending=state.pending_count(session),
            conflicts=state.open_conflicts(session),
        )


#: One round at a time per process: the background timer and the button never overlap.
_ROUND = threading.Lock()
MAX_SYNC_MINUTES = 24 * 60


def run_sync(
    ctx: AppContext,
    progress: Callable[[str, int], None] | None = None,
    transport: httpx.BaseTransport | None = None,
    wait: bool = True,
) -> SyncReport | None:
    """One round (push, then pull); raises ``SyncError`` with a Persian message.

    With ``wait=False`` (the background timer) a round already running means this one
    is skipped (None)."""
    if not _ROUND.acquire(blocking=wait):
        return None
    try:
        return SyncEngine(ctx, transport=transport).run(progress)
    finally:
        _ROUND.release()


def sync_ready(ctx: AppContext) -> bool:
    """A server is set and this workstation holds its token."""
    return bool(ctx.workstation.server_url) and bool(load_token(ctx.data_dir))


def save_sync_minutes(ctx: AppContext, minutes: int) -> int:
    """Minutes between background rounds (0: off), kept in ``workstation.json``."""
    if not 0 <= minutes <= MAX_SYNC_MINUTES:
        raise ServiceError("فاصلهٔ همگام‌سازی خودکار باید بین ۰ تا ۱۴۴۰ دقیقه باشد.", "sync_minutes")
    ctx.workstation.sync_minutes = minutes
    ctx.workstation.save(ctx.data_dir)
    return minutes


def enroll_workstation(
    ctx: AppContext, server_url: str, code: str, transport: httpx.BaseTransport | None = None
) -> EnrollResponse:
    return enroll(ctx, server_url, code, transport=transport)
