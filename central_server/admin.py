"""Offices, devices and tokens: what the administration commands and the auth check do.

No Qt; any thread, inside the caller's session.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, func, select
from sqlalchemy.orm import Session

from desktop_app.persian import normalize_code

from .models import LEVELS, Device, DeviceState, Office


class AdminError(RuntimeError):
    """A refused administration step, with a message for the operator."""


def token_hash(secret: str) -> str:
    """sha256 of a random secret (codes and tokens are random, so no slow hash is needed)."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_office(
    session: Session, code: str, name: str, level: str, parent: str | None = None
) -> Office:
    code = normalize_code(code)
    if level not in LEVELS:
        raise AdminError(f"level must be one of {', '.join(LEVELS)}")
    if session.get(Office, code) is not None:
        raise AdminError(f"office {code} exists already")
    parent_row = session.get(Office, normalize_code(parent)) if parent else None
    if level == "headquarters":
        if parent:
            raise AdminError("headquarters has no parent office")
    else:
        expected = "headquarters" if level == "province" else "province"
        if parent_row is None or parent_row.level != expected:
            raise AdminError(f"a {level} needs a parent office of level {expected}")
    office = Office(code=code, name=name, level=level, parent_code=parent_row and parent_row.code)
    session.add(office)
    session.flush()
    return office


#: Every office's (code, level, parent code): ``OfficeTree.load``'s read (``of_rows``).
OFFICE_ROWS = select(Office.code, Office.level, Office.parent_code)
#: ``Session.info`` key of an ``OfficeTree`` already read in the session's transaction
#: (the push group's, ``group_commit``): its pushes read the offices once.
OFFICE_TREE = "miz_office_tree"


@dataclass(frozen=True)
class OfficeTree:
    """Every office's level and parent as read in one query: the scopes a push is judged
    by. Read inside the transaction that uses it, never kept across transactions, so an
    office added or moved is seen by the next push."""

    levels: dict[str, str]
    parents: dict[str, str | None]

    @classmethod
    def read(cls, session: Session) -> OfficeTree:
        """The session's tree: the one read for its push group, or a fresh read."""
        given = session.info.get(OFFICE_TREE)
        return given if isinstance(given, OfficeTree) else cls.load(session)

    @classmethod
    def load(cls, db: Session | Connection) -> OfficeTree:
        """Read every office (one query of three columns, no ORM objects)."""
        return cls.of_rows(db.execute(OFFICE_ROWS).all())

    @classmethod
    def of_rows(cls, rows: Sequence[Sequence[Any]]) -> OfficeTree:
        """The tree of offices' (code, level, parent code) rows as read."""
        return cls({c: lv for c, lv, _p in rows}, {c: p for c, _lv, p in rows})

    def level(self, code: str) -> str | None:
        return self.levels.get(code)

    def subtree(self, code: str) -> set[str]:
        """The office and every office under it: what it may write."""
        children: dict[str, list[str]] = {}
        for office, parent in self.parents.items():
            if parent:
                children.setdefault(parent, []).append(office)
        found, todo = set(), [code]
        while todo:
            current = todo.pop()
            if current not in found:
                found.add(current)
                todo.extend(children.get(current, []))
        return found

    def visible(self, code: str) -> set[str] | None:
        """Offices whose records ``code`` may read: its subtree and its ancestors (None = all)."""
        if code not in self.levels:
            return set()
        if self.levels[code] == "headquarters":
            return None
        seen = self.subtree(code)
        parent = self.parents[code]
        while parent and parent not in seen:
            seen.add(parent)
            parent = self.parents.get(parent)
        return seen


def subtree(session: Session, code: str) -> set[str]:
    """The office and every office under it: what it may write."""
    return OfficeTree.read(session).subtree(code)


def visible_offices(session: Session, code: str) -> set[str] | None:
    """Offices whose records ``code`` may read: its subtree and its ancestors (None = all)."""
    return OfficeTree.read(session).visible(code)


def enroll_device(session: Session, office_code: str, label: str, hours: int = 72) -> str:
    """A new device of ``office_code``; returns its one-time enrollment code."""
    office = session.get(Office, normalize_code(office_code))
    if office is None:
        raise AdminError(f"no office {office_code}")
    code = "-".join(secrets.token_hex(3).upper() for _ in range(3))
    session.add(
        Device(
            office_code=office.code,
            label=label,
            enrollment_code_hash=token_hash(code),
            enrollment_expires_at=datetime.now(UTC) + timedelta(hours=hours),
        )
    )
    session.flush()
    return code


def redeem_code(
    session: Session, code: str, device_uid: uuid.UUID, label: str, local_office: str
) -> tuple[Device, str]:
    """Bind a one-time code to a workstation; returns the device and its new token.

    A device id belongs to one live enrollment: a code is refused for a workstation
    already enrolled (in any office) until that enrollment is revoked. The same
    workstation retrying the same code (its answer was lost) gets the same answer again,
    with a fresh token replacing the unseen one, until the token is first used
    (``device_for_token`` then forgets the code). Refusals are ``AdminError`` in Persian.
    """
    device = session.scalar(
        select(Device).where(Device.enrollment_code_hash == token_hash(code.strip().upper()))
    )
    now = datetime.now(UTC)
    expires = device.enrollment_expires_at if device is not None else None
    if expires is not None and expires.tzinfo is None:
        expires = expires.replace(tzinfo=UTC)
    retry = device is not None and device.device_uid is not None
    if (
        device is None
        or device.revoked_at is not None
        or (expires and expires < now)
        or (retry and device.device_uid != str(device_uid))
    ):
        raise AdminError("کد ثبت ناشناخته، مصرف‌شده یا منقضی است؛ از مدیر سرور کد تازه بگیرید.")
    if local_office and normalize_code(local_office) != device.office_code:
        raise AdminError(
            f"این رایانه از ادارهٔ {local_office} است و کد ثبت از ادارهٔ {device.office_code}؛ "
            "ثبت انجام نشد."
        )
    holder = session.scalar(
        select(Device).where(
            Device.device_uid == str(device_uid),
            Device.revoked_at.is_(None),
            Device.id != device.id,
        )
    )
    if holder is not None:
        raise AdminError(
            f"این رایانه پیش‌تر در ادارهٔ {holder.office_code} ثبت شده است؛ یک رایانه یک ثبت "
            "دارد. اگر باید جابه‌جا شود، مدیر سرور ابتدا ثبت قبلی را لغو کند."
        )
    token = secrets.token_urlsafe(32)
    device.token_hash = token_hash(token)
    device.device_uid = str(device_uid)
    device.enrolled_at = device.enrolled_at or now
    assign_counter(session, device)
    if label:
        device.label = label
    if session.get(DeviceState, str(device_uid)) is None:
        session.add(DeviceState(device_uid=str(device_uid), last_seq=0))
    session.flush()
    return device, token


def assign_counter(session: Session, device: Device) -> int:
    """The device's counter number in its office: the one this workstation held before
    (a re-enrollment keeps it, so its codes go on where they stopped), else the next
    free one. The office row is locked so two enrollments at once never share one."""
    if device.counter_number:
        return device.counter_number
    session.execute(select(Office).where(Office.code == device.office_code).with_for_update())
    earlier = session.scalar(
        select(Device).where(
            Device.office_code == device.office_code,
            Device.device_uid == device.device_uid,
            Device.id != device.id,
            Device.counter_number.is_not(None),
        )
    )
    if earlier is not None:
        number = earlier.counter_number
        earlier.counter_number = None
        session.flush()
    else:
        top = session.scalar(
            select(func.max(Device.counter_number)).where(Device.office_code == device.office_code)
        )
        number = (top or 0) + 1
    device.counter_number = number
    session.flush()
    return int(number or 0)


def revoke_device(session: Session, device_id: str) -> Device:
    device = session.get(Device, uuid.UUID(device_id))
    if device is None:
        device = session.scalar(
            select(Device).where(Device.device_uid == device_id, Device.revoked_at.is_(None))
        )
    if device is None:
        raise AdminError(f"no device {device_id}")
    device.revoked_at = datetime.now(UTC)
    device.token_hash = None
    device.enrollment_code_hash = None
    session.flush()
    return device


def device_for_token(session: Session, token: str, spend: bool = True) -> Device | None:
    """The enrolled, not revoked device holding ``token``; ``spend`` forgets its
    enrollment code (the token arrived), which only a write transaction may do."""
    device = session.scalar(select(Device).where(Device.token_hash == token_hash(token)))
    if device is None or device.revoked_at is not None or device.device_uid is None:
        return None
    if spend and device.enrollment_code_hash is not None:
        device.enrollment_code_hash = None  # the token arrived: no enrollment retry after this
    return device
