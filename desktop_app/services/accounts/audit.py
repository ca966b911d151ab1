"""The audit trail: who created, changed, deleted, printed or exported what, and when.

Two ways in, both writing ``audit_log`` rows inside the caller's transaction (a
rolled-back change leaves no audit row, a committed one always has its row):

- **Generic, for every ``Record``.** ``install_audit(session_factory)`` (done by
  ``AppContext``) adds an ``after_flush`` listener to the factory's sessions. For
  each new, changed or deleted ``Record`` in the flush it writes one row: the
  actor from ``session.info["actor"]``, the table, the record id, the action
  (``create``, ``edit``, ``delete`` = tombstoned, ``undelete``, ``purge`` = a
  physical delete) and the changed fields as JSON ``{field: [old, new]}``.
  Bookkeeping columns (``updated_at``, ``version``, ``search_text`` …) and a
  model's ``__audit_ignore__`` are left out; a model's ``__audit_secret__``
  columns are written as ``"***"``. It is its own listener (the sync outbox has
  its own); it inserts with Core on the flush's connection, so it never makes the
  ORM flush again.
- **Explicit events.** ``record_event(session, ctx, action, table, record_id,
  detail)`` for what is not a row change: workflow steps (``submit``,
  ``approve``, ``reject`` …), printing a personal document (``print``), exports
  (``export``), sign-in events, restores.

The table is append-only: SQLite triggers (migration 0009) refuse UPDATE and
DELETE. Reading it is ``services.accounts.audit_log``. No Qt; any thread (in the caller's
session).
"""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, inspect
from sqlalchemy.orm import Session, sessionmaker

from desktop_app.models import AuditEntry, Record, utcnow
from desktop_app.models.base import listen_once
from desktop_app.services.accounts import access

if TYPE_CHECKING:
    from desktop_app.services.accounts.access import Actor
    from desktop_app.services.core.context import AppContext

#: Columns no audit row mentions: they change on every save or are derived.
SKIPPED_COLUMNS = frozenset(
    {"id", "created_at", "updated_at", "version", "search_text", "server_seq", "origin_office"}
)
SECRET = "***"

# Actions
CREATE, EDIT, DELETE, UNDELETE, PURGE = "create", "edit", "delete", "undelete", "purge"
PRINT, EXPORT = "print", "export"

ACTION_TITLES: dict[str, str] = {
    CREATE: "ایجاد",
    EDIT: "ویرایش",
    DELETE: "حذف",
    UNDELETE: "بازگرداندن",
    PURGE: "پاک کردن",
    PRINT: "چاپ",
    EXPORT: "خروجی",
    "submit": "ارسال برای تأیید",
    "approve": "تأیید",
    "reject": "رد",
    "sign_in": "ورود",
    "sign_in_failed": "ورود ناموفق",
    "sign_out": "خروج",
    "password": "تغییر گذرواژه",
    "password_reset": "تعیین گذرواژهٔ تازه",
    "restore": "بازگردانی پشتیبان",
    "merge": "ادغام رکوردهای یک شخص",
    "revoke": "ابطال",
    "reissue": "صدور دوباره",
}


def _plain(value: Any) -> Any:
    """A JSON-friendly copy of a column value."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return f"<{len(bytes(value))} bytes>"
    return str(value)


def _who(actor: Actor | None) -> tuple[str, str]:
    if actor is None:
        return "", ""
    return actor.user_name, actor.office_code


def _columns(obj: Record) -> list[str]:
    cls = type(obj)
    ignored = SKIPPED_COLUMNS | getattr(cls, "__audit_ignore__", frozenset())
    return [c.key for c in inspect(cls).column_attrs if c.key not in ignored]


def _show(obj: Record, key: str, value: Any) -> Any:
    if key in getattr(type(obj), "__audit_secret__", frozenset()):
        return SECRET
    return _plain(value)


def _created(obj: Record) -> dict[str, list[Any]]:
    changes: dict[str, list[Any]] = {}
    for key in _columns(obj):
        value = getattr(obj, key)
        if value not in (None, "") and key != "deleted_at":
            changes[key] = [None, _show(obj, key, value)]
    return changes


def _changed(obj: Record) -> dict[str, list[Any]]:
    changes: dict[str, list[Any]] = {}
    state = inspect(obj)
    for key in _columns(obj):
        history = state.attrs[key].history
        if not history.has_changes():
            continue
        old = history.deleted[0] if history.deleted else None
        new = history.added[0] if history.added else None
        if old == new:
            continue
        changes[key] = [_show(obj, key, old), _show(obj, key, new)]
    return changes


def _row(
    actor: Actor | None, action: str, table: str, record_id: object, changes: dict, detail: str
) -> dict[str, Any]:
    user_name, office = _who(actor)
    return {
        "at": utcnow(),
        "user_name": user_name,
        "office_code": office,
        "action": action,
        "table_name": table,
        "record_id": "" if record_id is None else str(record_id),
        "changes": json.dumps(changes, ensure_ascii=False),
        "detail": detail,
    }


def _after_flush(session: Session, _flush_context: object) -> None:
    actor = session.info.get("actor")
    rows: list[dict[str, Any]] = []
    for obj in session.new:
        if isinstance(obj, Record):
            rows.append(_row(actor, CREATE, obj.__tablename__, obj.id, _created(obj), ""))
    for obj in session.dirty:
        if not isinstance(obj, Record) or obj in session.deleted:
            continue
        changes = _changed(obj)
        if not changes:
            continue
        action = EDIT
        if "deleted_at" in changes:
            action = DELETE if changes["deleted_at"][1] is not None else UNDELETE
        rows.append(_row(actor, action, obj.__tablename__, obj.id, changes, ""))
    for obj in session.deleted:
        if isinstance(obj, Record):
            rows.append(_row(actor, PURGE, obj.__tablename__, obj.id, {}, ""))
    if rows:
        session.connection().execute(insert(AuditEntry), rows)


def install_audit(factory: sessionmaker[Session]) -> None:
    """Audit every flush of sessions made by ``factory`` (idempotent)."""
    listen_once(factory, "after_flush", _after_flush)


def record_event(
    session: Session,
    ctx: AppContext | None,
    action: str,
    table: str,
    record_id: object = None,
    detail: str = "",
    changes: dict[str, Any] | None = None,
) -> None:
    """Write one explicit audit row (a workflow step, a print, an export) in ``session``.

    The actor is ``ctx.user`` (or the session's actor when ``ctx`` is None).
    """
    actor = ctx.user if ctx is not None else session.info.get("actor")
    session.execute(
        insert(AuditEntry), [_row(actor, action, table, record_id, changes or {}, detail)]
    )


@access.operation(access.SIGNED_IN)
def record_event_now(
    ctx: AppContext,
    action: str,
    table: str,
    record_id: object = None,
    detail: str = "",
    changes: dict[str, Any] | None = None,
) -> None:
    """``record_event`` in a transaction of its own (for prints and exports)."""
    with ctx.session() as session:
        record_event(session, ctx, action, table, record_id, detail, changes)
