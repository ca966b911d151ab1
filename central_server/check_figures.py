"""The server's side of the check after sync, its figures kept by the push writer.

The check (``desktop_app.sync.check``, docs/sync.md "Check after sync") compares per
synced table the count and the total ``2·server_seq + deleted`` of the rows of the
device's visible offices, and a digest of the rows changed since the workstation's
last equal check (the window). Counting the scope was one pass over each table per
check (about 20 ms per 100,000 records on SQLite; two a round). Here they are kept:

- ``check_figures`` holds per (table, origin office) the count and total of the rows
  with a ``server_seq``; a row of office ``*`` says the table was counted.
- ``check_tombstones`` holds the numbered records whose state is deleted: what the
  total counted of a record at its last number.

Only the push writer gives rows a ``server_seq`` (``sync_service.assign_sequences``,
under the change-log lock, the rows judged and written). Just before it stamps the
new numbers it calls :func:`numbered`: a record the transaction inserted and nothing
changed since gives its deltas from what the writer holds (its office and deleted
flag: ``_Push.fresh``; no old number) — what a group of small pushes is made of, so
its figures cost no read; the other touched rows are read (their old ``server_seq``,
their office and deleted flag now, and whether they were a tombstone). The deltas of
each office's count and total are added in one statement for all the group's tables,
where a table is counted (PostgreSQL: with the numbering's other writes, one round
trip: ``set_based.Writes``) — the figures' rows are written only under the
change-log lock, so no writer waits for them while holding another's (why triggers
were left: docs/performance.md). The window's rows
come from the change log's index on ``seq`` (every row with ``server_seq > since``
has its log row there, written with it), read by their ids: no scan.

Repair: a table with no ``*`` row (a new table, a database emptied by hand) is
counted from a scan by the check, which answers from the scan meanwhile; a whole
check (``since`` absent: the day's first round, a re-check after a repair) answers
from the scan too and compares it with the kept figures — a difference (a row
written around the writer) is logged and the table counted again (:func:`recount`,
under the change-log lock). No Qt; any thread.
"""

from __future__ import annotations

import functools
import hashlib
import uuid
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import (
    Connection,
    Table,
    TextClause,
    bindparam,
    case,
    delete,
    func,
    insert,
    literal,
    select,
    text,
)

from desktop_app.models import Base, live
from desktop_app.sync.check import TableFigures, table_figures

from .models import CheckFigure, CheckTombstone, RecordChange
from .set_based import Writes, among

FIGURES: Table = CheckFigure.__table__  # type: ignore[assignment]
TOMBSTONES: Table = CheckTombstone.__table__  # type: ignore[assignment]
LOG: Table = RecordChange.__table__  # type: ignore[assignment]
#: The office of the row saying a table's figures are kept (no office code has it).
COUNTED = "*"
#: A window with more rows of one table than this is hashed with one pass instead.
MAX_WINDOW_IDS = 5000
#: A window with more change-log rows than this: every table hashed with one pass.
MAX_WINDOW = 20000


def _deleted(table: Any) -> Any:
    return case((live(table), 0), else_=1)


def numbered(
    writes: Writes,
    numbers: dict[str, dict[str, int]],
    fresh: dict[tuple[str, str], tuple[str, bool]] | None = None,
    inserted: Iterable[tuple[str, str]] = (),
) -> None:
    """The push writer's hook, under the change-log lock, before the new numbers are
    stamped: ``numbers`` maps each table to its records' new ``server_seq`` (record id
    text → number); ``fresh``: (table, id) → (origin office, deleted) of records this
    transaction inserted and nothing changed since (no old state: their deltas come
    from what the writer holds, nothing is read); ``inserted``: the (table, id) of
    records this transaction inserted with a ``server_seq`` already
    (``sync_service._prenumbered``: no old state, when one is read back). The kept
    figures of counted tables take the deltas, in one statement (no read of which
    tables are counted)."""
    conn = writes.conn
    fresh = fresh or {}
    new_rows: dict[str, set[str]] = defaultdict(set)
    for name, rid in inserted:
        new_rows[name].add(rid)
    figures: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    unknown: dict[str, dict[str, int]] = defaultdict(dict)  # read back: an older state
    born_dead: dict[str, list[str]] = defaultdict(list)  # inserted as tombstones
    for name, seqs in numbers.items():
        for rid, seq in seqs.items():
            state = fresh.get((name, rid))
            if state is None:
                unknown[name][rid] = seq
                continue
            office, deleted = state
            figure = figures[(name, office)]
            figure[0] += 1
            figure[1] += 2 * seq + int(deleted)
            if deleted:
                born_dead[name].append(rid)
    if unknown or born_dead:
        counted = _counted(conn, sorted({*unknown, *born_dead}))
        for name in sorted(counted):
            seqs = unknown.get(name, {})
            _read_back(conn, name, seqs, new_rows[name], born_dead.get(name, []), figures)
    _add(writes, [(name, office, n, total) for (name, office), (n, total) in figures.items()])


def _counted(conn: Connection, names: list[str]) -> set[str]:
    """Which of ``names`` have their figures kept."""
    return set(
        conn.scalars(
            select(FIGURES.c.table_name).where(
                FIGURES.c.office == COUNTED, FIGURES.c.table_name.in_(names)
            )
        )
    )


def _read_back(
    conn: Connection,
    name: str,
    seqs: dict[str, int],
    new_rows: set[str],
    born_dead: list[str],
    figures: dict[tuple[str, str], list[int]],
) -> None:
    """Counted table ``name``: the deltas of records with an older state (``seqs``,
    read back: old ``server_seq`` unless ``new_rows`` holds it, office and deleted flag
    now, a tombstone at the old number) added to ``figures``; the tombstones of those deleted, and of the new
    records inserted deleted (``born_dead``), buried; of those deleted no more, raised."""
    bury = [uuid.UUID(rid) for rid in born_dead]
    raise_: list[uuid.UUID] = []
    if seqs:
        postgres = conn.dialect.name == "postgresql"
        # ids as text both ways (SQLite stores 32 hex digits): no uuid object per row
        keys = {(r if postgres else r.replace("-", "")): seq for r, seq in seqs.items()}
        fresh = {r if postgres else r.replace("-", "") for r in new_rows}
        rows = conn.execute(_touched_statement(name, postgres), {"n": name, "ids": list(keys)})
        for rid, office, old_seq, deleted, was_deleted in rows:
            figure = figures[(name, office)]
            if old_seq is not None and rid.lower() not in fresh:
                figure[0] -= 1
                figure[1] -= 2 * old_seq + int(bool(was_deleted))
            figure[0] += 1
            figure[1] += 2 * keys[rid.lower()] + int(bool(deleted))
            if deleted and not was_deleted:
                bury.append(uuid.UUID(rid))
            elif was_deleted and not deleted:
                raise_.append(uuid.UUID(rid))
    if bury:
        conn.execute(insert(TOMBSTONES), [{"table_name": name, "record_id": r} for r in bury])
    if raise_:
        conn.execute(
            delete(TOMBSTONES).where(
                TOMBSTONES.c.table_name == name, among(conn, TOMBSTONES.c.record_id, raise_)
            )
        )


@functools.cache
def _touched_statement(name: str, postgres: bool) -> TextClause:
    """The touched rows of table ``name`` (ids as text, ``:ids``): id, office, old
    ``server_seq``, deleted now, a tombstone at the last number. Plain SQL built once
    per table."""
    deleted = "(t.deleted_at IS NOT NULL)"
    buried = "(b.record_id IS NOT NULL)"
    if postgres:
        rid, among_ids = "t.id::text", "t.id = ANY(CAST(:ids AS uuid[]))"
        deleted, buried = f"{deleted}::int", f"{buried}::int"
    else:
        rid, among_ids = "t.id", "t.id IN :ids"
    query = text(
        f"SELECT {rid}, t.origin_office, t.server_seq, {deleted}, {buried} "
        f'FROM "{name}" AS t LEFT JOIN {TOMBSTONES.name} AS b '
        "ON b.table_name = :n AND b.record_id = t.id "
        f"WHERE {among_ids}"
    )
    if not postgres:
        query = query.bindparams(bindparam("ids", expanding=True))
    return query


def _add(writes: Writes, deltas: list[tuple[str, str, int, int]]) -> None:
    """Add each (table, office, n, total) to its kept figures when its table is
    counted (has its ``*`` row); one statement (SQLite: one prepared executemany)."""
    deltas = [d for d in deltas if d[2] or d[3]]
    if not deltas:
        return
    if writes.postgres:
        names, offices, ns, totals = (list(c) for c in zip(*sorted(deltas), strict=True))
        writes.execute(_ADD_POSTGRES, {"t": names, "o": offices, "n": ns, "total": totals})
        return
    writes.conn.execute(
        text(_ADD_SQLITE), [{"t": t, "o": o, "n": n, "total": total} for t, o, n, total in deltas]
    )


#: Of ``_add``: the upsert, where the table is counted (figures rows are written only
#: under the change-log lock, so the ``*`` row cannot appear or go meanwhile).
_UPSERT = (
    "WHERE EXISTS (SELECT 1 FROM check_figures AS c WHERE c.table_name = d.t "
    f"AND c.office = '{COUNTED}') "
    "ON CONFLICT (table_name, office) DO UPDATE SET "
    "n = check_figures.n + excluded.n, total = check_figures.total + excluded.total"
)
_ADD_POSTGRES = (
    "INSERT INTO check_figures (table_name, office, n, total) SELECT d.t, d.o, d.n, d.total "
    "FROM unnest(CAST(:t AS varchar[]), CAST(:o AS varchar[]), CAST(:n AS bigint[]), "
    f"CAST(:total AS bigint[])) AS d(t, o, n, total) {_UPSERT}"
)
_ADD_SQLITE = (
    "INSERT INTO check_figures (table_name, office, n, total) SELECT d.t, d.o, d.n, d.total "
    f"FROM (SELECT :t AS t, :o AS o, :n AS n, :total AS total) AS d {_UPSERT}"
)


def repair(conn: Connection, tables: Iterable[str]) -> list[str]:
    """Of ``tables``, count again those not counted or whose kept figures differ from
    a scan's, under the change-log lock (a check's doubt, looked at again where no push
    can land meanwhile); the tables counted."""
    _lock(conn)
    kept_now = kept(conn, None)
    wrong = []
    for name in sorted(tables):
        table = Base.metadata.tables[name]
        count, total = conn.execute(
            select(
                func.count(), func.coalesce(func.sum(2 * table.c.server_seq + _deleted(table)), 0)
            ).where(table.c.server_seq.is_not(None))
        ).one()
        if kept_now.get(name) != (int(count), int(total)):
            wrong.append(name)
    recount(conn, wrong)
    return wrong


def _lock(conn: Connection) -> None:
    """The change-log lock (``sync_service.LOCK_CHANGE_LOG``; SQLite: the write
    transaction already holds the database's only write lock)."""
    from .sync_service import LOCK_CHANGE_LOG

    if conn.dialect.name == "postgresql":
        conn.execute(LOCK_CHANGE_LOG)


def recount(conn: Connection, tables: Iterable[str]) -> None:
    """Count ``tables``' figures and tombstones again from a scan, under the
    change-log lock (no push numbers meanwhile), in the caller's write transaction."""
    _lock(conn)
    for name in sorted(tables):
        table = Base.metadata.tables[name]
        numbered_rows = table.c.server_seq.is_not(None)
        conn.execute(delete(FIGURES).where(FIGURES.c.table_name == name))
        conn.execute(delete(TOMBSTONES).where(TOMBSTONES.c.table_name == name))
        conn.execute(
            insert(FIGURES).from_select(
                ["table_name", "office", "n", "total"],
                select(
                    literal(name),
                    table.c.origin_office,
                    func.count(),
                    func.sum(2 * table.c.server_seq + _deleted(table)),
                )
                .where(numbered_rows)
                .group_by(table.c.origin_office),
            )
        )
        conn.execute(
            insert(TOMBSTONES).from_select(
                ["table_name", "record_id"],
                select(literal(name), table.c.id).where(
                    numbered_rows, table.c.deleted_at.is_not(None)
                ),
            )
        )
        conn.execute(insert(FIGURES).values(table_name=name, office=COUNTED, n=0, total=0))


def kept(conn: Connection, offices: list[str] | None) -> dict[str, tuple[int, int]]:
    """Per counted table: (count, total) of the rows of ``offices`` (None: all)."""
    query = select(FIGURES.c.table_name, FIGURES.c.office, FIGURES.c.n, FIGURES.c.total)
    if offices is not None:
        query = query.where(FIGURES.c.office.in_([*offices, COUNTED]))
    found: dict[str, list[int]] = {}
    counted: set[str] = set()
    for name, office, n, total in conn.execute(query):
        if office == COUNTED:
            counted.add(name)
        figure = found.setdefault(name, [0, 0])
        figure[0] += int(n)
        figure[1] += int(total)
    return {name: (found[name][0], found[name][1]) for name in counted}


def window_digests(
    conn: Connection, tables: Iterable[str], offices: list[str] | None, since: int
) -> dict[str, tuple[str, int]]:
    """Per table of ``tables``: (sha256 hex, rows) of the window's lines, found through
    the change log's index on ``seq`` and read by id; a table whose window is too big
    to read so is left out (its caller hashes it with one pass)."""
    changed: dict[str, list[uuid.UUID]] = defaultdict(list)
    window = conn.execute(
        select(LOG.c.table_name, LOG.c.record_id).where(LOG.c.seq > since).limit(MAX_WINDOW + 1)
    ).all()
    if len(window) > MAX_WINDOW:
        return {}  # a window this big: each table hashed with one pass
    for name, rid in window:
        changed[name].append(uuid.UUID(rid))
    out: dict[str, tuple[str, int]] = {}
    for name in tables:
        ids = changed.get(name, [])
        if len(ids) > MAX_WINDOW_IDS:
            continue
        lines: list[str] = []
        if ids:
            table = Base.metadata.tables[name]
            query = select(table.c.id, table.c.server_seq, _deleted(table)).where(
                among(conn, table.c.id, ids), table.c.server_seq > since
            )
            if offices is not None:
                query = query.where(table.c.origin_office.in_(offices))
            lines = sorted(f"{rid}:{seq}:{deleted}" for rid, seq, deleted in conn.execute(query))
        out[name] = (hashlib.sha256("\n".join(lines).encode("ascii")).hexdigest(), len(lines))
    return out


def figures_of(
    conn: Connection, tables: list[str], offices: list[str] | None, since: int | None
) -> tuple[dict[str, TableFigures], list[str]]:
    """Every table's figures for the check, and the tables to count again (not
    counted yet, or a whole check's scan found their kept figures wrong)."""
    kept_now = kept(conn, offices)
    digests = window_digests(conn, tables, offices, since) if since is not None else {}
    out: dict[str, TableFigures] = {}
    doubted = []
    for name in tables:
        figure = kept_now.get(name)
        window = digests.get(name)
        if figure is not None and window is not None:
            out[name] = TableFigures(figure[0], figure[1], window[0], window[1])
            continue
        out[name] = scanned = table_figures(conn, name, offices, since)
        if figure is None or (since is None and figure != (scanned.count, scanned.total)):
            doubted.append(name)
    return out, doubted
