"""A worker's push tokens already verified, and their check in the push's own transaction.

A push's token was looked up in a read-only transaction of its own before the push was
queued (a pool checkout, BEGIN, a SELECT of the device, the end: a tenth of a push's
CPU, and as many round trips). ``TokenCache`` keeps, per worker process, the device
each verified token (by its sha256, ``admin.token_hash``; never the token) named, so
the push endpoint hands the push to the group writer at once. Nothing is trusted from
the cache: the writer reads the devices of a group's cached tokens again in ONE
statement inside the group's transaction (``current``), with the same rule as
``admin.device_for_token`` (the token's hash still the device's, not revoked,
enrolled): a revoked device, or a token replaced by a new enrollment, is refused
(401, and forgotten) by the very transaction that would have written its push: the
check is as fresh as the write, fresher than the separate lookup before. The
device's office and counter come from that read, never from the cache. Only tokens
whose enrollment code is spent are kept (the first request with a new token spends it
with a write: the ordinary path). Tokens never expire in Miz (revocation ends them).
Only the push endpoint uses the cache; the others look the token up as before.
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Connection, Select, select

from .admin import token_hash
from .models import Device
from .set_based import among_param

#: The answer to a token no device holds (or a revoked one): Persian first.
UNKNOWN_TOKEN = "این رایانه شناخته نیست یا دسترسی آن لغو شده است (unknown or revoked token)."


def bearer(authorization: str) -> str | None:
    """The token of an ``Authorization: Bearer …`` header (None: another scheme)."""
    scheme, _, token = authorization.partition(" ")
    return token if scheme.lower() == "bearer" else None


class TokenCache:
    """Verified tokens' hashes → the device each named (the least recently used forgotten
    past ``size``); any thread."""

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self._ids: OrderedDict[str, Device] = OrderedDict()
        self._lock = threading.Lock()

    def claim(self, authorization: str) -> tuple[Device, str] | None:
        """The device a cached token named, and the token's hash (checked by ``current``
        before its push is written); None: not cached."""
        token = bearer(authorization)
        if not token:
            return None
        digest = token_hash(token)
        with self._lock:
            device = self._ids.get(digest)
            if device is not None:
                self._ids.move_to_end(digest)
        return (device, digest) if device is not None else None

    def remember(self, authorization: str, device: Device) -> None:
        """Keep a token just verified by the database (its enrollment code spent)."""
        token = bearer(authorization)
        if not token or device.enrollment_code_hash is not None:
            return
        with self._lock:
            self._ids[token_hash(token)] = device
            self._ids.move_to_end(token_hash(token))
            while len(self._ids) > self.size:
                self._ids.popitem(last=False)

    def forget(self, digest: str) -> None:
        with self._lock:
            self._ids.pop(digest, None)


def current(
    conn: Connection, claims: list[tuple[uuid.UUID, str | None]]
) -> dict[uuid.UUID, Device]:
    """Of ``(device id, token hash)`` claims, the devices whose token is still theirs and
    not revoked, as read now in ``conn``'s transaction (one statement; fresh detached
    rows: the office and counter as they are now). A hash of None: the token was looked
    up in the database by this request already; only that the device still holds a
    token (not revoked since) is checked."""
    rows = conn.execute(*devices_read(conn, [i for i, _h in claims])).mappings()
    return still_held(rows, claims)


def devices_read(conn: Connection, ids: Iterable[uuid.UUID]) -> tuple[Select[Any], dict[str, Any]]:
    """``current``'s read of the devices ``ids``, every column, and its parameters (the
    group writer sends it with other reads at once: ``set_based.pipelined_rows``)."""
    return _DEVICES[conn.dialect.name == "postgresql"], {"ids": sorted(set(ids))}


_DEVICES = {
    postgres: select(Device.__table__).where(among_param(Device.__table__.c.id, "ids", postgres))
    for postgres in (False, True)
}


def still_held(
    rows: Iterable[Mapping[Any, Any]], claims: list[tuple[uuid.UUID, str | None]]
) -> dict[uuid.UUID, Device]:
    """``current``'s answer from the claimed devices' rows as read (every column of
    ``devices``; the group writer reads them with other reads at once)."""
    fresh = {row["id"]: row for row in rows}
    out: dict[uuid.UUID, Device] = {}
    for device_id, digest in claims:
        row = fresh.get(device_id)
        if (
            row is not None
            and row["token_hash"] is not None
            and (digest is None or row["token_hash"] == digest)
            and row["revoked_at"] is None
            and row["device_uid"] is not None
        ):
            out[device_id] = Device(**row)
    return out
