"""Sync use cases for the window: one round, enrollment, conflicts, problems; the
status, readiness and interval (``services.sync.status``, which loads no sync client)
are re-exported here.

Sync problems (pulled rows that could not be applied) are tried again by a
supervisor (``retry_sync_problem``) or set aside for good (``dismiss_sync_problem``),
both needing the ``APPROVE`` permission.

Thin wrappers over ``desktop_app.sync`` returning plain data, so the UI depends on
services only. No Qt; worker threads (``ui.tasks``) or the CLI.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import httpx

from desktop_app.services.accounts import access
from desktop_app.services.core.context import AppContext
from desktop_app.services.sync.status import (
    MAX_SYNC_MINUTES,
    SyncStatus,
    mismatch_sentence,
    save_sync_minutes,
    sync_ready,
    sync_status,
    waiting_problem_count,
)
from desktop_app.sync import problems
from desktop_app.sync.client import SyncEngine, SyncReport, enroll
from desktop_app.sync.conflicts import ConflictView, list_conflicts, resolve_conflict
from desktop_app.sync.problems import ProblemView
from desktop_app.sync.protocol import EnrollResponse

__all__ = [
    "MAX_SYNC_MINUTES",
    "ConflictView",
    "ProblemView",
    "SyncReport",
    "SyncStatus",
    "dismiss_sync_problem",
    "enroll_workstation",
    "list_conflicts",
    "list_sync_problems",
    "mismatch_sentence",
    "resolve_conflict",
    "retry_sync_problem",
    "run_sync",
    "save_sync_minutes",
    "sync_ready",
    "sync_status",
    "waiting_problem_count",
]


@access.operation(access.SIGNED_IN)
def list_sync_problems(ctx: AppContext) -> list[ProblemView]:
    """Open sync problems (pulled rows set aside), oldest first."""
    with ctx.session() as session:
        return problems.open_problems(session)


@access.operation(access.APPROVE)
def retry_sync_problem(ctx: AppContext, problem_id: int) -> bool:
    """Try one problem again now (a supervisor's action); True if it applied."""
    with ctx.session() as session:
        return problems.retry_open(session, SyncEngine.write_rows, only=problem_id) == 1


@access.operation(access.APPROVE)
def dismiss_sync_problem(ctx: AppContext, problem_id: int) -> None:
    """Set a problem aside for good (a supervisor's action)."""
    with ctx.session() as session:
        problems.dismiss(session, problem_id)


#: One round at a time per process: the background timer and the button never overlap.
_ROUND = threading.Lock()


@access.operation(access.SIGNED_IN)
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


@access.operation(access.SETTINGS)
def enroll_workstation(
    ctx: AppContext, server_url: str, code: str, transport: httpx.BaseTransport | None = None
) -> EnrollResponse:
    return enroll(ctx, server_url, code, transport=transport)
