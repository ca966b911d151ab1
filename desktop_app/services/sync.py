"""Sync use cases for the window: status, one round, enrollment, conflicts.

Thin wrappers over ``desktop_app.sync`` returning plain data, so the UI depends on
services only. No Qt; worker threads (``ui.tasks``) or the CLI.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import httpx

from ..sync import state
from ..sync.client import SyncEngine, SyncReport, enroll, load_token
from ..sync.conflicts import ConflictView, list_conflicts, resolve_conflict
from ..sync.protocol import EnrollResponse
from . import access
from .context import AppContext

__all__ = [
    "ConflictView",
    "SyncReport",
    "SyncStatus",
    "enroll_workstation",
    "list_conflicts",
    "resolve_conflict",
    "run_sync",
    "sync_status",
]


@dataclass(frozen=True)
class SyncStatus:
    server_url: str
    enrolled: bool
    last_sync_at: datetime | None
    pending: int
    conflicts: int


@access.operation(access.SIGNED_IN)
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


@access.operation(access.SIGNED_IN)
def run_sync(
    ctx: AppContext,
    progress: Callable[[str, int], None] | None = None,
    transport: httpx.BaseTransport | None = None,
) -> SyncReport:
    """One round (push, then pull); raises ``SyncError`` with a Persian message."""
    return SyncEngine(ctx, transport=transport).run(progress)


@access.operation(access.SETTINGS)
def enroll_workstation(
    ctx: AppContext, server_url: str, code: str, transport: httpx.BaseTransport | None = None
) -> EnrollResponse:
    return enroll(ctx, server_url, code, transport=transport)
