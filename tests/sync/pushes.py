"""Server-side push helpers for sync tests that drive ``central_server.sync_service``
directly: an enrolled device of an office, and a push of one new place."""

from __future__ import annotations

import uuid

from central_server import admin
from central_server.models import Device
from desktop_app.sync.protocol import Mutation, PushRequest


def enrolled_device(server, office: str, name: str = "test") -> Device:
    """A device of ``office`` enrolled and redeemed on ``server`` (a test harness)."""
    with server.sessions() as s, s.begin():
        code = admin.enroll_device(s, office, name)
        device, _token = admin.redeem_code(s, code, uuid.uuid4(), "", "")
        return device


def one_place(seq: int, name: str, record: uuid.UUID | None = None, **fields) -> PushRequest:
    """A push of one inserted place named and coded ``name``."""
    return PushRequest(
        mutations=[
            Mutation(
                mutation_id=uuid.uuid4(),
                seq=seq,
                table="places",
                record_id=record or uuid.uuid4(),
                op="insert",
                fields={"name": name, "code": name, **fields},
            )
        ]
    )
