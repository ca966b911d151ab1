"""Server-side push helpers for sync tests that drive ``central_server.sync_service``
directly: an enrolled device of an office, and a push of one new place."""

from __future__ import annotations

import json
import uuid
from types import SimpleNamespace
from typing import Any

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


def outbox_entry(seq: int, fields: dict, **kw: Any) -> SimpleNamespace:
    """A workstation's outbox row as ``client._push_body`` reads it: an insert of a place
    unless ``table``/``op``/``base_seq``/``base_version`` say otherwise; ``ascii``: its
    ``fields`` text written with escapes."""
    return SimpleNamespace(
        seq=seq,
        mutation_id=str(uuid.uuid4()),
        table_name=kw.get("table", "places"),
        record_id=str(uuid.uuid4()),
        op=kw.get("op", "insert"),
        base_seq=kw.get("base_seq"),
        base_version=kw.get("base_version", 0),
        fields=json.dumps(fields, ensure_ascii=kw.get("ascii", False)),
    )


def pull_all(server, device, since: int) -> tuple[list[str], int]:
    """The names of the places one big pull page after ``since`` holds, and its cursor."""
    from central_server import sync_service
    from desktop_app.sync.protocol import PullRequest

    with server.sessions() as s, s.begin():
        page = sync_service.pull(s, device, PullRequest(since=since, limit=5000), 5000)
    return [c.values["name"] for c in page.changes], page.cursor


def pull_until(stop, server, device, seen: set[str]) -> None:
    """Pull forward only (the cursor never goes back) into ``seen`` until ``stop`` is
    set, then once more: a puller that would miss a row committed late finds nothing."""
    cursor = 0
    while True:
        finished = stop.is_set()
        names, cursor = pull_all(server, device, cursor)
        seen.update(names)
        if finished:
            return
