"""Workstation user accounts and the append-only audit log. No Qt; any thread.

``User`` is a person who signs in at this workstation: user name, full name, an
argon2 password hash (never the password), the office they work for (its code and
level: center/province/headquarters, the level the course workflow checks), their
roles (comma-separated: ``clerk``, ``supervisor``, ``administrator``), whether the
account is active, and the failed-sign-in counter and lock time.

Accounts are **local to the workstation** (``__sync__ = False``): a password hash
never leaves the machine and the central server keeps its own accounts. A user is
never physically deleted; an administrator deactivates them (audit rows keep
naming them).

``AuditEntry`` is one row of the audit trail (``audit_log``): who, when, which
table and record, what action, and the changed fields (JSON: field → [old, new]).
It is not a ``Record``: it is append-only (SQLite triggers made by migration
0009 refuse UPDATE and DELETE), never synced, never tombstoned.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Record, utcnow


class User(Record):
    """کاربر: one person who signs in at this workstation."""

    __tablename__ = "users"
    __sync__ = False
    #: Columns the generic audit listener skips (sign-in bookkeeping has its own events).
    __audit_ignore__ = frozenset({"failed_attempts", "locked_until", "last_sign_in_at"})
    #: Columns whose values the audit log never stores (it only says they changed).
    __audit_secret__ = frozenset({"password_hash"})

    user_name: Mapped[str] = mapped_column(String(40))
    full_name: Mapped[str] = mapped_column(String(120), default="")
    password_hash: Mapped[str] = mapped_column(String(200))
    office_code: Mapped[str] = mapped_column(String(20), default="")
    office_level: Mapped[str] = mapped_column(String(20), default="center")
    roles: Mapped[str] = mapped_column(String(80), default="clerk")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    search_text: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        Index(
            "uq_users_user_name_live",
            "user_name",
            unique=True,
            sqlite_where=text("deleted_at IS NULL"),
            postgresql_where=text("deleted_at IS NULL"),
        ),
    )

    @property
    def role_set(self) -> frozenset[str]:
        return frozenset(r for r in self.roles.split(",") if r)


class AuditEntry(Base):
    """One line of the audit trail. Written by ``services.accounts.audit`` only; never changed."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    user_name: Mapped[str] = mapped_column(String(60), default="", index=True)
    office_code: Mapped[str] = mapped_column(String(20), default="")
    action: Mapped[str] = mapped_column(String(30))
    table_name: Mapped[str] = mapped_column(String(60), default="", index=True)
    record_id: Mapped[str] = mapped_column(String(40), default="")
    #: JSON object: field → [old, new] (create: [null, new]; secret fields: "***").
    changes: Mapped[str] = mapped_column(Text, default="{}")
    #: Free Persian text: what was printed or exported, why a sign-in failed, …
    detail: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_audit_log_record", "table_name", "record_id"),)
