"""The first sync from a snapshot (issue 22): instead of replaying the change log page
by page, a new workstation fetches ONE compressed file of its office's scope.

``build(session, device)`` reads, in one consistent read-only transaction (REPEATABLE
READ on PostgreSQL; a read transaction on SQLite's WAL), the change log's highest
number and the current state of every synced record the device's office may read
(``admin.visible_offices``), plus every parent outside that scope such a record
references (as a pull sends them), parents before children. Because change-log numbers
are taken in commit order (docs/sync.md), every change up to that number is in the
file and none after it: the file's ``cursor`` is where the workstation's ordinary
pulls go on.

The file is gzip-compressed JSON lines — a header ``{"cursor": N, "rows": n}``, then
``{"t": table, "v": {column: wire value}}`` — kept per device in ``folder`` with its
sha256, so a download cut off resumes at an offset of the same file
(``/sync/snapshot``), and the workstation checks the hash of the whole before it uses
it. A pull from cursor 0 whose log is longer than ``MIZ_SNAPSHOT_MIN_ROWS`` answers
``snapshot: true`` (``sync_service.pull``). No Qt; any thread.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import tempfile
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from desktop_app.models import Base
from desktop_app.sync.codec import row_values

from . import admin
from .models import Device, RecordChange


def default_folder() -> Path:
    """Where built snapshots are kept (one per device, replaced by the next build)."""
    return Path(tempfile.gettempdir()) / "miz-snapshots"


def build(session: Session, device: Device, synced: set[str]) -> tuple[bytes, int]:
    """The compressed snapshot for ``device`` and its cursor (see the module docstring).
    Call it first in a read-only transaction of its own."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"))
    cursor = session.scalar(select(func.max(RecordChange.seq))) or 0
    visible = admin.visible_offices(session, device.office_code)
    tables = [t for t in Base.metadata.sorted_tables if t.name in synced]  # parents first
    rows: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for table in tables:
        query = select(table).where(table.c.server_seq.is_not(None))
        if visible is not None:
            query = query.where(table.c.origin_office.in_(sorted(visible)))
        for row in session.execute(query).mappings():
            rows[table.name][str(row["id"])] = row_values(table, _mapping(row))
    # parents outside the scope that a visible record references (as a pull sends them)
    while True:
        missing: dict[str, set[str]] = defaultdict(set)
        for table in tables:
            for fk in table.foreign_keys:
                target = fk.column.table.name
                if target not in synced:
                    continue
                for values in rows[table.name].values():
                    value = values.get(fk.parent.name)
                    if value is not None and str(value) not in rows[target]:
                        missing[target].add(str(value))
        if not missing:
            break
        found = 0
        for name, ids in missing.items():
            table = Base.metadata.tables[name]
            for row in session.execute(
                select(table).where(table.c.id.in_([uuid.UUID(i) for i in ids]))
            ).mappings():
                rows[name][str(row["id"])] = row_values(table, _mapping(row))
                found += 1
        if not found:
            break  # a dangling reference: the pull would not find it either
    count = sum(len(r) for r in rows.values())
    lines = [json.dumps({"cursor": cursor, "rows": count})]
    for table in tables:
        for values in rows[table.name].values():
            lines.append(json.dumps({"t": table.name, "v": values}, ensure_ascii=False))
    data = gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), compresslevel=5)
    return data, cursor


def store(folder: Path, device_uid: str, data: bytes) -> str:
    """Keep ``data`` as the device's snapshot; its sha256 (hex)."""
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(data).hexdigest()
    path = folder / f"{device_uid}.snapshot"
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    path.with_suffix(".sha256").write_text(digest, encoding="ascii")
    return digest


def stored(folder: Path, device_uid: str, digest: str) -> bytes | None:
    """The device's kept snapshot if its hash is ``digest`` (a download resuming)."""
    path = folder / f"{device_uid}.snapshot"
    try:
        kept = path.with_suffix(".sha256").read_text(encoding="ascii").strip()
        if kept != digest:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    return data if hashlib.sha256(data).hexdigest() == digest else None


def worth_it(session: Session, device: Device, since: int, min_rows: int) -> bool:
    """Whether a pull from ``since`` should rather fetch the snapshot: a first sync
    (cursor 0) of a log with more than ``min_rows`` records the device may read."""
    if since != 0 or min_rows <= 0:
        return False
    visible = admin.visible_offices(session, device.office_code)
    query = select(RecordChange.seq)
    if visible is not None:
        query = query.where(RecordChange.origin_office.in_(sorted(visible)))
    bounded = query.limit(min_rows + 1).subquery()
    return (session.scalar(select(func.count()).select_from(bounded)) or 0) > min_rows


def _mapping(row: Any) -> Any:
    """A fetched row as the mapping ``row_values`` reads."""
    return row
