"""The sync protocol's messages (pydantic), shared by the client engine and the server.

The server's OpenAPI document is generated from these; ``docs/sync.md`` explains
the rules behind them. Values inside ``fields``/``values`` are the wire forms of
``desktop_app.sync.codec``. No Qt; any thread.
"""

from __future__ import annotations

import uuid
from typing import Any, Literal

from pydantic import BaseModel, Field

PROTOCOL_VERSION = 1

Status = Literal["applied", "merged", "conflict", "rejected"]


class Mutation(BaseModel):
    """One outbox entry: a local insert or update of one synced record."""

    mutation_id: uuid.UUID
    seq: int = Field(ge=1, description="the device's mutation sequence, 1, 2, 3 … without gaps")
    table: str
    record_id: uuid.UUID
    op: Literal["insert", "update"]
    base_seq: int | None = Field(
        default=None, description="server sequence of the record as the clerk's copy knew it"
    )
    base_version: int = 0
    fields: dict[str, Any] = Field(default_factory=dict)


class PushRequest(BaseModel):
    protocol: int = PROTOCOL_VERSION
    mutations: list[Mutation] = Field(max_length=500)


class MutationResult(BaseModel):
    """What the server did with a mutation; a replay gets the stored copy."""

    mutation_id: uuid.UUID
    seq: int
    status: Status
    version: int | None = None
    change_seq: int | None = None
    conflict_fields: list[str] = Field(default_factory=list)
    server_values: dict[str, Any] | None = None
    ignored_fields: list[str] = Field(default_factory=list)
    reason: str = ""
    merged_into: uuid.UUID | None = Field(
        default=None,
        description="the record shares a natural key with this one and was merged into it",
    )


class PushResponse(BaseModel):
    results: list[MutationResult]
    expected_seq: int | None = Field(
        default=None, description="set when the server stopped at a gap: resend from this seq"
    )
    deferred: str = Field(default="", description="why the server stopped early (retry later)")


class PullRequest(BaseModel):
    protocol: int = PROTOCOL_VERSION
    since: int = Field(default=0, ge=0, description="the cursor of the last applied page")
    limit: int = Field(default=500, ge=1, le=5000)
    tables: list[str] | None = Field(default=None, description="only these tables (backfill)")


class ChangeRow(BaseModel):
    table: str
    seq: int
    values: dict[str, Any]


class PullResponse(BaseModel):
    changes: list[ChangeRow] = Field(
        description="current state of each changed record, parents before children"
    )
    cursor: int
    more: bool


class TableCheck(BaseModel):
    table: str
    count: int
    digest: str = Field(description="sha256 of the sorted id:server_seq:deleted lines")


class CheckResponse(BaseModel):
    """Count and digest of each synced table over what the device's office may read."""

    offices: list[str] | None = Field(description="the offices counted (null: every office)")
    tables: list[TableCheck]


class EnrollRequest(BaseModel):
    code: str
    device_id: uuid.UUID
    label: str = ""
    office_code: str = Field(default="", description="the workstation's office, if already set")


class EnrollResponse(BaseModel):
    token: str
    office_code: str
    office_name: str
    office_level: str
    counter: int = Field(
        default=0, description="this workstation's counter number in its office (in every code)"
    )


class DeviceInfo(BaseModel):
    device_id: uuid.UUID
    office_code: str
    last_seq: int
    counter: int = 0
