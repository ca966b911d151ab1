"""Pulled rows that cannot be applied here are set aside as sync problems.

A row of a pulled page may fail on this workstation: a unique value a local record
already has (two counters created the same code offline), a parent that is not here,
a value this version of the app refuses (``models.rules``). ``apply_isolated`` writes
a group of rows in one savepoint; when that fails it writes them one by one, each in
its own savepoint, and sets aside every row that fails as a ``SyncProblem`` with a
Persian sentence saying what happened and what to do — so the rest of the page
applies and the cursor moves on. ``retry_open`` tries every open problem again after
a pull (parents first); one that applies is closed ("applied"), and a newer state of
the same record arriving later closes it too. A supervisor may try one again or set
it aside for good ("dismissed"). No Qt; any thread, inside the caller's session.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from ..models import Base, FieldRuleError, SyncProblem, utcnow

#: Writes rows of one table: (session, table name, wire rows).
Writer = Callable[[Session, str, list[dict[str, Any]]], None]


def _isolate(text: str) -> str:
    return f"\u2068{text}\u2069"  # a code or column name inside a Persian sentence


def reason_for(exc: BaseException) -> tuple[str, str]:
    """(Persian sentence for the supervisor, English detail) of a row that failed."""
    if isinstance(exc, FieldRuleError):
        return (
            f"مقدار ستون {_isolate(exc.field)} را این نسخهٔ برنامه نمی‌پذیرد ({exc.message}) "
            "برنامه را به‌روز کنید یا به پشتیبانی خبر دهید.",
            f"{exc.field}: {exc.detail}",
        )
    detail = str(getattr(exc, "orig", exc))[:500]
    if isinstance(exc, IntegrityError) and "UNIQUE" in detail.upper():
        column = detail.rsplit(":", 1)[-1].strip()
        return (
            f"این رکورد از سرور همان {_isolate(column)} را دارد که رکوردی در همین رایانه "
            "(شاید دو پیشخوان یک رکورد را جداگانه ثبت کرده‌اند). یکی از دو رکورد را اصلاح "
            "کنید؛ پس از همگام‌سازی بعدی دوباره امتحان می‌شود.",
            detail,
        )
    if isinstance(exc, IntegrityError) and "FOREIGN KEY" in detail.upper():
        return (
            "رکوردِ بالادستِ این رکورد (مثلاً مکانِ یک کارگاه) در این رایانه نیست یا کنار "
            "گذاشته شده است؛ پس از همگام‌سازی بعدی دوباره امتحان می‌شود.",
            detail,
        )
    return (
        f"این رکورد در این رایانه ثبت نشد ({_isolate(type(exc).__name__)}). پس از "
        "همگام‌سازی بعدی دوباره امتحان می‌شود؛ اگر ماند به پشتیبانی خبر دهید.",
        detail,
    )


def savepoint(session: Session) -> Any:
    """``session.begin_nested()``, with the outer SQLite transaction really open first.

    pysqlite opens a transaction only before a write; a SAVEPOINT issued before that
    would open one of its own, and its RELEASE would commit the page without its
    cursor. So a real BEGIN is issued first when none is open."""
    conn = session.connection()
    raw = conn.connection.dbapi_connection
    if conn.dialect.name == "sqlite" and not getattr(raw, "in_transaction", True):
        conn.exec_driver_sql("BEGIN")
    return session.begin_nested()


_FAILURES = (IntegrityError, DBAPIError, FieldRuleError, ValueError, TypeError, KeyError)


def apply_isolated(
    session: Session, table_name: str, wires: list[dict[str, Any]], write: Writer
) -> list[dict[str, Any]]:
    """Write ``wires`` (one table); rows that fail are set aside. Returns the applied."""
    try:
        with savepoint(session):
            write(session, table_name, wires)
        applied = wires
    except _FAILURES:
        applied = []
        for wire in wires:
            try:
                with savepoint(session):
                    write(session, table_name, [wire])
                applied.append(wire)
            except _FAILURES as exc:
                set_aside(session, table_name, wire, exc)
    close_superseded(session, table_name, [str(w.get("id")) for w in applied])
    return applied


def set_aside(session: Session, table_name: str, wire: dict[str, Any], exc: BaseException) -> None:
    """Keep ``wire`` as an open problem (the newest state of that record replaces an
    older open one)."""
    reason, detail = reason_for(exc)
    record_id = str(wire.get("id"))
    problem = session.scalars(
        select(SyncProblem).where(
            SyncProblem.table_name == table_name,
            SyncProblem.record_id == record_id,
            SyncProblem.resolved_at.is_(None),
        )
    ).first()
    if problem is None:
        problem = SyncProblem(table_name=table_name, record_id=record_id, attempts=0)
        session.add(problem)
    problem.values = json.dumps(wire, ensure_ascii=False)
    problem.reason, problem.detail = reason, detail
    problem.attempts = (problem.attempts or 0) + 1
    problem.last_tried_at = utcnow()
    session.flush()


def close_superseded(session: Session, table_name: str, record_ids: list[str]) -> None:
    """Open problems of records that have now been applied are closed."""
    if not record_ids:
        return
    for problem in session.scalars(
        select(SyncProblem).where(
            SyncProblem.table_name == table_name,
            SyncProblem.record_id.in_(record_ids),
            SyncProblem.resolved_at.is_(None),
        )
    ):
        problem.resolved_at, problem.resolution = utcnow(), "applied"
    session.flush()


def retry_open(session: Session, write: Writer, only: int | None = None) -> int:
    """Try open problems again, parents' tables first; returns how many now applied."""
    order = {t.name: i for i, t in enumerate(Base.metadata.sorted_tables)}
    query = select(SyncProblem).where(SyncProblem.resolved_at.is_(None))
    if only is not None:
        query = query.where(SyncProblem.id == only)
    problems = sorted(session.scalars(query), key=lambda p: (order.get(p.table_name, 0), p.id))
    fixed = 0
    for problem in problems:
        if problem.table_name not in order:
            continue
        wire = json.loads(problem.values)
        try:
            with savepoint(session):
                write(session, problem.table_name, [wire])
        except _FAILURES as exc:
            problem.reason, problem.detail = reason_for(exc)
            problem.attempts += 1
            problem.last_tried_at = utcnow()
            continue
        problem.resolved_at, problem.resolution = utcnow(), "applied"
        fixed += 1
    session.flush()
    return fixed


def dismiss(session: Session, problem_id: int) -> None:
    """Set a problem aside for good (a newer state of the record comes with a later pull)."""
    problem = session.get(SyncProblem, problem_id)
    if problem is not None and problem.resolved_at is None:
        problem.resolved_at, problem.resolution = utcnow(), "dismissed"


def open_problem_count(session: Session) -> int:
    return (
        session.scalar(
            select(func.count()).select_from(SyncProblem).where(SyncProblem.resolved_at.is_(None))
        )
        or 0
    )


@dataclass(frozen=True)
class ProblemView:
    id: int
    table: str
    record_id: str
    reason: str
    detail: str
    attempts: int
    created_at: datetime
    values: dict[str, Any]


def open_problems(session: Session) -> list[ProblemView]:
    rows = session.scalars(
        select(SyncProblem).where(SyncProblem.resolved_at.is_(None)).order_by(SyncProblem.id)
    )
    return [
        ProblemView(
            id=p.id,
            table=p.table_name,
            record_id=p.record_id,
            reason=p.reason,
            detail=p.detail,
            attempts=p.attempts,
            created_at=p.created_at,
            values=json.loads(p.values),
        )
        for p in rows
    ]
