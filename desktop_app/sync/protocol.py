"""The sync protocol's messages (pydantic), shared by the client engine and the server.

The server's OpenAPI document is generated from these; ``docs/sync.md`` explains
the rules behind them. Values inside ``fields``/``values`` are the wire forms of
``desktop_app.sync.codec``. No Qt; any thread.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, Field, model_validator

PROTOCOL_VERSION = 2
#: The first protocol whose push takes runs of inserts (``InsertRun``) and answers them
#: with ranges (``AppliedRange``); a server's answer says its version
#: (``PushResponse.protocol``; an older server leaves it out: 1).
RUNS_PROTOCOL = 2
#: Largest number any integer of the protocol may carry (PostgreSQL BIGINT).
MAX_INT = 2**63 - 1
#: Most mutations in one push (the client sends no more, and keeps bodies small). Issue
#: 22: 2,000 (was 500) — each push costs a request, two transactions and two disk
#: flushes besides its mutations (measured: about a fifth of a first sync's CPU at 500).
MAX_BATCH = 2000
#: Most columns one run of inserts may name.
MAX_COLUMNS = 500
#: Most mutations a server from before issue 22 takes in one push (``SyncEngine._push``
#: sends that many after such a server refused a larger batch).
OLDER_MAX_BATCH = 500

Status = Literal["applied", "merged", "conflict", "rejected"]
#: Why a mutation was refused (``MutationResult.problem``), for the workstation's sentence.
Problem = Literal[
    "",
    "invalid_value",  # a value its column cannot hold (``field`` names it)
    "unique",  # a unique value another record already has
    "missing_parent",  # a referenced record the server does not have
    "parent_deleted",  # a live record under a tombstoned parent
    "has_live_children",  # a tombstone of a parent that still has live records under it
    "depends",  # waits for a refused mutation of the same device (``depends_on``)
    "scope",  # outside the device's offices
    "forbidden",  # a workflow step, serial or reference this office may not make (Persian reason)
    "unknown_record",  # an update of a record the server never had
    "database",  # another refusal of the database
]


def _clean_text(value: str) -> str:
    """No NUL and no lone surrogate: text every database and JSON encoder takes."""
    if "\x00" in value:
        raise ValueError("NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("not valid Unicode (lone surrogate)") from None
    return value


#: A protocol string: refused (422) with a NUL or a lone surrogate.
CleanStr = Annotated[str, AfterValidator(_clean_text)]
#: A column or table name.
Name = Annotated[str, Field(pattern=r"^[a-z_][a-z0-9_]{0,62}$")]


class Mutation(BaseModel):
    """One outbox entry: a local insert or update of one synced record."""

    mutation_id: uuid.UUID
    seq: int = Field(
        ge=1, le=MAX_INT, description="the device's mutation sequence, 1, 2, 3 … without gaps"
    )
    table: Name
    record_id: uuid.UUID
    op: Literal["insert", "update"]
    base_seq: int | None = Field(
        default=None,
        ge=0,
        le=MAX_INT,
        description="server sequence of the record as the clerk's copy knew it",
    )
    base_version: int = Field(default=0, ge=0, le=MAX_INT)
    fields: dict[Name, Any] = Field(
        default_factory=dict,
        description="column → wire value; each value is checked against its column "
        "(a refusal is this mutation's, named in ``field``)",
    )


class InsertRun(BaseModel):
    """Consecutive outbox inserts of new records of one table that name the same
    columns, sent as columns (issue 22): the i-th insert is mutation ``mutation_ids[i]``
    with sequence ``first_seq + i`` of record ``record_ids[i]``, its ``fields`` the
    ``columns`` with the values ``rows[i]`` (no base: ``base_seq`` null, ``base_version``
    0). The server judges each as the ``Mutation`` it stands for
    (``central_server.push_runs``)."""

    table: Name
    first_seq: int = Field(ge=1, le=MAX_INT, description="the sequence of the run's first insert")
    mutation_ids: list[uuid.UUID] = Field(min_length=1, max_length=MAX_BATCH)
    record_ids: list[uuid.UUID] = Field(min_length=1, max_length=MAX_BATCH)
    columns: list[Name] = Field(max_length=MAX_COLUMNS)
    rows: list[list[Any]] = Field(
        min_length=1,
        max_length=MAX_BATCH,
        description="one list of wire values per insert, in the order of ``columns``",
    )

    @model_validator(mode="after")
    def _aligned(self) -> InsertRun:
        count = len(self.mutation_ids)
        if len(self.record_ids) != count or len(self.rows) != count:
            raise ValueError("mutation_ids, record_ids and rows differ in length")
        width = len(self.columns)
        if any(len(row) != width for row in self.rows):
            raise ValueError("a row does not hold one value per column")
        if len(set(self.columns)) != width:
            raise ValueError("a column is named twice")
        if self.first_seq + count - 1 > MAX_INT:
            raise ValueError("the run's sequence numbers pass the largest integer")
        return self


class PushRequest(BaseModel):
    protocol: int = Field(default=PROTOCOL_VERSION, ge=0, le=MAX_INT)
    mutations: list[Mutation] = Field(max_length=MAX_BATCH)
    runs: list[InsertRun] = Field(
        default_factory=list,
        max_length=MAX_BATCH,
        description="inserts sent as columns (protocol 2): with ``mutations``, at most "
        "MAX_BATCH in all, no mutation_id nor seq twice; answered as ``AppliedRange``s "
        "(an older server ignores them: its answer has no ``protocol``)",
    )

    @model_validator(mode="after")
    def _distinct(self) -> PushRequest:
        ids = [m.mutation_id for m in self.mutations]
        seqs = [m.seq for m in self.mutations]
        for run in self.runs:
            ids.extend(run.mutation_ids)
            seqs.extend(range(run.first_seq, run.first_seq + len(run.mutation_ids)))
        if len(ids) > MAX_BATCH:
            raise ValueError(f"more than {MAX_BATCH} mutations in one batch")
        if len(set(ids)) != len(ids):
            raise ValueError("a mutation_id appears twice in one batch")
        if len(set(seqs)) != len(seqs):
            raise ValueError("a seq appears twice in one batch")
        return self


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
    problem: Problem = ""
    field: str = Field(default="", description="the column a refusal concerns")
    depends_on: uuid.UUID | None = Field(
        default=None, description="the refused mutation this one waits for"
    )
    merged_into: uuid.UUID | None = Field(
        default=None,
        description="the record shares a natural key with this one and was merged into it",
    )


class AppliedRange(BaseModel):
    """The inserts of a run (``InsertRun``) with sequences ``first_seq`` …
    ``first_seq + count - 1``, each applied as sent (version 1): their change-log
    numbers are ``first_change_seq`` … ``first_change_seq + count - 1``. Every other
    outcome of a run's insert is its own ``MutationResult``."""

    first_seq: int
    count: int
    first_change_seq: int
    ignored_fields: list[str] = Field(
        default_factory=list, description="the columns sent that the server's table lacks"
    )


class PushResponse(BaseModel):
    protocol: int = Field(
        default=1,
        description="the server's protocol; an older server (1) leaves it out and ignored "
        "the request's runs",
    )
    results: list[MutationResult]
    ranges: list[AppliedRange] = Field(
        default_factory=list, description="the runs' inserts applied as sent (protocol 2)"
    )
    expected_seq: int | None = Field(
        default=None, description="set when the server stopped at a gap: resend from this seq"
    )
    deferred: str = Field(default="", description="why the server stopped early (retry later)")


class PullRequest(BaseModel):
    protocol: int = Field(default=PROTOCOL_VERSION, ge=0, le=MAX_INT)
    since: int = Field(
        default=0, ge=0, le=MAX_INT, description="the cursor of the last applied page"
    )
    limit: int = Field(default=500, ge=1, le=5000)
    tables: list[Name] | None = Field(
        default=None, max_length=200, description="only these tables (backfill)"
    )
    own_through: int = Field(
        default=0,
        ge=0,
        le=MAX_INT,
        description="the highest change-log number this workstation holds from its own "
        "push answers: its own changes up to it are not sent back (0: send everything)",
    )
    check: bool = Field(
        default=False,
        description="answer the check after sync with the last page (its 'check'), as "
        "GET /sync/check?since=check_since would: one request fewer a round",
    )
    check_since: int | None = Field(default=None, ge=0, le=MAX_INT)


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
    snapshot: bool = Field(
        default=False,
        description="a first sync (since 0) of a long log: fetch /sync/snapshot instead "
        "of the pages (this page may be ignored)",
    )
    check: CheckResponse | None = Field(
        default=None,
        description="the check asked with the request, on the last page (more false) "
        "of a pull of every table; an older server leaves it out",
    )


class SnapshotRequest(BaseModel):
    """Fetch the office's snapshot (a first sync); ``sha256`` and ``offset`` resume the
    download of a file already begun (the server answers from 0 with a new file when it
    no longer has that one)."""

    protocol: int = Field(default=PROTOCOL_VERSION, ge=0, le=MAX_INT)
    sha256: str = Field(default="", pattern="^([0-9a-f]{64})?$")
    offset: int = Field(default=0, ge=0, le=MAX_INT)


class TableCheck(BaseModel):
    table: str
    count: int = Field(description="rows of the scope the server accepted")
    digest: str = Field(
        description="sha256 of the sorted id:server_seq:deleted lines of the window "
        "(the response's since) or, without one, of the whole scope"
    )
    total: int | None = Field(
        default=None,
        description="sum of 2*server_seq + deleted (1 for a tombstone) over the scope; "
        "an older server leaves it out",
    )


class CheckResponse(BaseModel):
    """Figures of each synced table over what the device's office may read
    (``desktop_app.sync.check``)."""

    offices: list[str] | None = Field(description="the offices counted (null: every office)")
    since: int | None = Field(
        default=None,
        description="the digests cover the rows with server_seq > since; null: every row "
        "of the scope (no since asked, or an older server)",
    )
    tables: list[TableCheck]
    own_scope: list[str] | None = Field(
        default=None,
        description="the device's office and the offices under it, whose rows its own "
        "figures count (null: every office); an older server leaves it out",
    )


class EnrollRequest(BaseModel):
    code: CleanStr = Field(max_length=200)
    device_id: uuid.UUID
    label: CleanStr = Field(default="", max_length=200)
    office_code: CleanStr = Field(
        default="", max_length=20, description="the workstation's office, if already set"
    )


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


PullResponse.model_rebuild()  # its check is declared further down
