"""Sync use cases for the window: status, one round, enrollment, conflicts, problems.

``waiting_problem_count(ctx)`` is what the status bar shows as "problems waiting":
open conflicts and refusals of pushed changes plus pulled rows set aside.
Sync problems (pulled rows that could not be applied) are tried again by a
supervisor (``retry_sync_problem``) or set aside for good (``dismiss_sync_problem``),
both needing the ``APPROVE`` permission.

Thin wrappers over ``desktop_app.sync`` returning plain data, so the UI depends on
services only. No Qt; worker threads (``ui.tasks``) or the CLI.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import httpx

from desktop_app.persian.bidi import code
from desktop_app.services.accounts import access
from desktop_app.services.accounts.audit_log import TABLE_TITLES
from desktop_app.services.core.context import AppContext
from desktop_app.services.core.errors import ServiceError
from desktop_app.sync import problems, state
from desktop_app.sync.client import SyncEngine, SyncReport, enroll, load_token
from desktop_app.sync.conflicts import ConflictView, list_conflicts, resolve_conflict
from desktop_app.sync.problems import ProblemView
from desktop_app.sync.protocol import EnrollResponse

__all__ = [
    "ConflictView",
    "ProblemView",
    "SyncReport",
    "SyncStatus",
    "dismiss_sync_problem",
    "enroll_workstation",
    "list_conflicts",
    "list_sync_problems",
    "resolve_conflict",
    "retry_sync_problem",
    "run_sync",
    "save_sync_minutes",
    "sync_ready",
    "sync_status",
    "waiting_problem_count",
]


@dataclass(frozen=True)
class SyncStatus:
    server_url: str
    enrolled: bool
    last_sync_at: datetime | None
    pending: int
    conflicts: int
    problems: int = 0
    #: the check after sync: None before it ever ran, else one Persian sentence per
    #: table that still differed from the server after its re-pull (``mismatch_sentence``)
    mismatches: list[str] | None = None


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
            problems=problems.open_problem_count(session),
            mismatches=_mismatches(state.get_state(session, state.CHECK_MISMATCH)),
        )


def _mismatches(tables: object) -> list[str] | None:
    if not isinstance(tables, list):
        return None
    return [mismatch_sentence(str(t)) for t in tables]


def mismatch_sentence(table: str) -> str:
    """What the clerk reads about a table that still differs from the server after the
    check's re-pull, and what to do about it."""
    title = TABLE_TITLES.get(table, table)
    return (
        f"«{title}»: آنچه این رایانه دارد حتی پس از دریافت دوباره با سرور مرکزی یکی نیست. "
        "یک بار دیگر همگام‌سازی کنید؛ اگر این پیام ماند، پیش از هر کار دیگری از داده‌ها "
        f"پشتیبان بگیرید و به پشتیبانی خبر دهید (نام جدول: {code(table)})."
    )


@access.operation(access.SIGNED_IN)
def waiting_problem_count(ctx: AppContext) -> int:
    """Problems waiting for a person: open conflicts and refused changes, and pulled
    rows set aside. Cheap (two counts); for the status bar, from a worker thread."""
    with ctx.session() as session:
        return state.open_conflicts(session) + problems.open_problem_count(session)


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
MAX_SYNC_MINUTES = 24 * 60


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


@access.operation(access.SIGNED_IN)
def sync_ready(ctx: AppContext) -> bool:
    """A server is set and this workstation holds its token."""
    return bool(ctx.workstation.server_url) and bool(load_token(ctx.data_dir))


@access.operation(access.SETTINGS)
def save_sync_minutes(ctx: AppContext, minutes: int) -> int:
    """Minutes between background rounds (0: off), kept in ``workstation.json``."""
    if not 0 <= minutes <= MAX_SYNC_MINUTES:
        raise ServiceError("فاصلهٔ همگام‌سازی خودکار باید بین ۰ تا ۱۴۴۰ دقیقه باشد.", "sync_minutes")
    ctx.workstation.sync_minutes = minutes
    ctx.workstation.save(ctx.data_dir)
    return minutes


@access.operation(access.SETTINGS)
def enroll_workstation(
    ctx: AppContext, server_url: str, code: str, transport: httpx.BaseTransport | None = None
) -> EnrollResponse:
    return enroll(ctx, server_url, code, transport=transport)
