"""The workstation's side of the check after sync: which window to ask, and the compare.

A round asks ``GET /sync/check?since=S`` where ``S`` is the pull cursor at the last
check that found every table equal (kept in ``sync_state`` under ``check_window``
with that check's offices and tables and the day of the last full check). The whole
scope is hashed instead (no ``since``) when nothing is kept — a first sync or
snapshot, a check that differed, a repair — on the day's first round, and when the
server's offices or tables are not the ones the window was checked with. An older
server ignores ``since`` and answers the whole scope (its ``since`` is null), which is
compared as such. Why this is enough: docs/sync.md "Check after sync". No Qt; any
thread.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from ..models import utcnow
from ..models.kept_figures import ensure_kept_figures, kept, recount
from . import state
from .check import table_figures, window_digest

if TYPE_CHECKING:  # the answer's model only: no pydantic import for this module
    from .protocol import CheckResponse

log = logging.getLogger(__name__)

CHECK_WINDOW = "check_window"


def today() -> str:
    """The day a full check counts for (UTC; a test may move it)."""
    return utcnow().date().isoformat()


def since_to_ask(session: Session) -> int | None:
    """The window of this round's check (None: hash the whole scope)."""
    kept: dict[str, Any] | None = state.get_state(session, CHECK_WINDOW)
    if not kept or kept.get("day") != today():
        return None
    return int(kept["since"])


def fits(session: Session, server: CheckResponse, local: set[str]) -> bool:
    """Whether a windowed answer is over the scope and tables the window was checked
    with (another office tree or a table new to either side: hash the whole scope)."""
    kept: dict[str, Any] | None = state.get_state(session, CHECK_WINDOW)
    if not kept or kept.get("since") != server.since:
        return False
    return kept.get("offices") == server.offices and kept.get("tables") == compared(server, local)


def compared(server: CheckResponse, local: set[str]) -> list[str]:
    """The tables both sides have."""
    return sorted(row.table for row in server.tables if row.table in local)


def differing(conn: Connection, server: CheckResponse, local: set[str]) -> list[str]:
    """Tables whose figures differ from the server's, computed over the same window.
    A windowed answer is compared with the kept figures and the window's rows read
    through the index (``models.kept_figures``: no scan); a whole one with a scan of
    each table, which also sets the kept figures right where they differ from it.
    ``conn``: inside a transaction (the kept figures may be recreated)."""
    ensure_kept_figures(conn, local)  # a trigger or index lost: counted again first
    mine = kept(conn, server.offices)
    found = []
    for row in server.tables:
        if row.table not in local:
            continue
        if server.since is None:
            scanned = table_figures(conn, row.table, server.offices)
            count, total, digest = scanned.count, scanned.total, scanned.digest
            if mine.get(row.table, (0, 0)) != (count, total):
                log.warning("kept sync figures of %s differ from a scan: counted again", row.table)
                recount(conn, row.table)
        else:
            count, total = mine.get(row.table, (0, 0))
            digest = window_digest(conn, row.table, server.offices, server.since)[0]
        if (count, digest) != (row.count, row.digest) or (
            row.total is not None and row.total != total
        ):
            found.append(row.table)
    return found


def remember(session: Session, since: int, server: CheckResponse, local: set[str]) -> None:
    """Every table matched: the next round's window starts at ``since`` (the pull
    cursor when the check was asked)."""
    kept: dict[str, Any] = state.get_state(session, CHECK_WINDOW) or {}
    day = today() if server.since is None else kept.get("day")
    state.set_state(
        session,
        CHECK_WINDOW,
        {"since": since, "day": day, "offices": server.offices, "tables": compared(server, local)},
    )


def vouch(session: Session, since: int, offices: list[str] | None, tables: list[str]) -> None:
    """A first sync that filled every table from a snapshot alone (issue 22: nothing was
    there before, every batch went in as the file has it, nothing set aside) counts as
    a whole check that found every table equal at the snapshot's cursor ``since``: the
    file is the server's scope at that number (one read transaction), so the same
    round's check asks only the window above it (docs/sync.md "A first sync from a
    snapshot"). ``offices`` and ``tables``: the check's, as the file's header says."""
    state.set_state(
        session,
        CHECK_WINDOW,
        {"since": since, "day": today(), "offices": offices, "tables": sorted(tables)},
    )


def forget(session: Session) -> None:
    """A table differed: the next check hashes the whole scope."""
    state.set_state(session, CHECK_WINDOW, None)
