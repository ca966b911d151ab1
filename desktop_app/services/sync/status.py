"""What the status bar and the settings ask of sync, from the local database and the
data folder only: the status (last sync, changes waiting, problems), whether sync is
set up, the background interval.

Imports neither the sync client nor httpx nor the protocol's pydantic models: the
status bar reloads this after every saved change, and a window that has not yet run
a round (or never will: no server) does not load them (``tests/speed/
test_startup_imports.py``). No Qt; worker threads (``ui.tasks``) or the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from desktop_app.persian.bidi import code
from desktop_app.services.accounts import access
from desktop_app.services.accounts.audit_log import TABLE_TITLES
from desktop_app.services.core.context import AppContext
from desktop_app.services.core.errors import ServiceError
from desktop_app.sync import problems, state
from desktop_app.sync.token import load_token

MAX_SYNC_MINUTES = 24 * 60


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
