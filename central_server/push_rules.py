"""Rules a pushed mutation is judged by beyond its values: referential rules across
workstations, dependence on a refused mutation, database refusals as problems, and
the stable lock order of a batch. Used by ``sync_service.push``; names no table.

- ``Refusal``: a mutation refused on its own, with a ``problem`` code (see
  ``desktop_app.sync.protocol.Problem``), the ``field`` and the mutation it waits for.
- ``PushRules.lock_rows``: every existing row a batch touches, locked in one order
  (tables parents first, ids sorted) so two pushers never wait on each other in a cycle.
- ``PushRules.referential``: a live record never under a tombstoned parent
  (``parent_deleted``), a parent with live records under it not tombstoned
  (``has_live_children``), a record pointing at one whose insert this device had
  refused waits with it (``depends``), a parent the server lacks (``missing_parent``).
- ``ParentRows``: the parent rows a run of inserts points at, read with one query per
  parent table (``_Push.decode_inserts``), asked by ``referential`` and
  ``Authority`` before they read a parent row by row.

No Qt; any thread, inside the push transaction.
"""

from __future__ import annotations

import functools
import uuid
from collections import defaultdict
from collections.abc import Sequence
from operator import attrgetter
from typing import Any

from sqlalchemy import Index, Table, select
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.sql.schema import ColumnCollectionConstraint

from desktop_app.models import Base, Record, live
from desktop_app.sync.protocol import InsertRun, Mutation, PushRequest

from .models import AppliedMutation
from .set_based import among


@functools.cache
def column_names(name: str) -> frozenset[str]:
    """The column names of synced table ``name`` (remembered: callers name synced
    tables only, never one a client sent unchecked)."""
    return frozenset(_table(name).c.keys())


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def table_order() -> dict[str, int]:
    """Position of each table in dependency order (parents first); sorted once for
    each set of tables (a model registered later sorts them again)."""
    tables = Base.metadata.tables
    known = _ORDER.get("order")
    if known is None or len(known) != len(tables) or not all(n in known for n in tables):
        known = {t.name: i for i, t in enumerate(Base.metadata.sorted_tables)}
        _ORDER["order"] = known
    return known


_ORDER: dict[str, dict[str, int]] = {}

#: A UUID's number: UUIDs sort by it as their texts do (fixed width, lower-case hex).
_as_int = attrgetter("int")


class Refusal(Exception):
    """A mutation refused on its own (its neighbours go on)."""

    def __init__(
        self, problem: str, reason: str, field: str = "", depends_on: str | None = None
    ) -> None:
        super().__init__(reason)
        self.problem, self.reason, self.field, self.depends_on = problem, reason, field, depends_on


def integrity_refusal(exc: IntegrityError | DataError) -> Refusal:
    """The constraint a database refusal names, as a problem with its column. Which
    constraint is told by PostgreSQL's SQLSTATE or SQLite's error name, never by the
    message (PostgreSQL's DETAIL line quotes the row's values, a client's text)."""
    orig = exc.orig
    diag = getattr(orig, "diag", None)
    column = getattr(diag, "column_name", None) or ""
    kind = _constraint_kind(orig)
    if kind == "unique":
        if not column:
            column = _unique_field(
                getattr(diag, "table_name", None) or "",
                getattr(diag, "constraint_name", None) or "",
                str(orig) if getattr(orig, "sqlite_errorname", None) else "",
            )
        return Refusal("unique", f"a live record already has this {column or 'value'}", column)
    if kind == "foreign_key":
        return Refusal("missing_parent", "a referenced record is unknown to the server", column)
    return Refusal("database", f"refused by the database: {type(orig).__name__}", column)


#: SQLite's error names (``sqlite3.Error.sqlite_errorname``) and PostgreSQL's SQLSTATEs
#: of a broken unique index or a missing parent.
_KINDS = {
    "SQLITE_CONSTRAINT_UNIQUE": "unique",
    "SQLITE_CONSTRAINT_PRIMARYKEY": "unique",
    "SQLITE_CONSTRAINT_FOREIGNKEY": "foreign_key",
    "23505": "unique",
    "23503": "foreign_key",
}


def _constraint_kind(orig: Any) -> str:
    """``unique``, ``foreign_key`` or ``""`` for a driver's error."""
    code = getattr(orig, "sqlstate", None) or getattr(orig, "sqlite_errorname", None)
    if code:
        return _KINDS.get(code, "")
    text_ = str(orig).upper()  # a driver that names neither: its message
    return "unique" if "UNIQUE" in text_ else "foreign_key" if "FOREIGN KEY" in text_ else ""


#: How SQLite names the columns of the unique index a write broke.
_SQLITE_UNIQUE = "UNIQUE constraint failed: "


def _unique_field(table_name: str, constraint: str, sqlite_message: str) -> str:
    """The column to name of the unique index a refusal names: PostgreSQL gives its
    constraint (looked up in the models: in its table, else in any), SQLite lists
    ``table.column``s in its message. Of an index over a reference and a code (an
    item's place and asset number) the code is named: the last column that refers to
    no record (the last one when all do). A primary key or an index not found names
    no column (a clerk cannot change a record's id)."""
    columns: list[str] = []
    table: Table | None = None
    if constraint:
        tables = [Base.metadata.tables[table_name]] if table_name in Base.metadata.tables else []
        for candidate in tables or Base.metadata.tables.values():
            for item in (*candidate.indexes, *candidate.constraints):
                if isinstance(item, Index | ColumnCollectionConstraint) and item.name == constraint:
                    table, columns = candidate, [c.name for c in item.columns]
    elif sqlite_message.startswith(_SQLITE_UNIQUE):
        listed = [p.strip().split(".") for p in sqlite_message[len(_SQLITE_UNIQUE) :].split(",")]
        if all(len(p) == 2 and p[0] == listed[0][0] for p in listed):
            table = Base.metadata.tables.get(listed[0][0])
            columns = [p[1] for p in listed]
    if table is None or not columns or not set(columns) <= set(table.c.keys()):
        return ""
    if {c.name for c in table.primary_key.columns} == set(columns):
        return ""
    references = {c.name for c in table.columns if c.foreign_keys}
    own = [c for c in columns if c not in references]
    return (own or columns)[-1]


class ParentRows:
    """Parent rows read ahead for a run of inserts: (table, id) → the row's
    ``deleted_at`` and ``origin_office``. Only rows found are kept (a parent not found
    is read again when asked: an earlier insert of the push may write it); ``forget``
    whenever a mutation may change rows (``_Push.apply``)."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], Any] = {}

    def read(self, session: Session, target: str, ids: set[uuid.UUID]) -> None:
        """Read the rows of ``ids`` in parent table ``target`` (one statement)."""
        table = _table(target)
        for row in session.execute(
            select(table.c.id, table.c.deleted_at, table.c.origin_office).where(
                among(session, table.c.id, sorted(ids, key=_as_int))
            )
        ):
            self.rows[(target, str(row.id))] = row

    def get(self, target: str, parent_id: str) -> Any | None:
        """The row read ahead (None: not read, or not found)."""
        return self.rows.get((target, parent_id))

    def forget(self) -> None:
        self.rows.clear()


class PushRules:
    """The rules of one push transaction (one device, one batch)."""

    def __init__(
        self, session: Session, uid: str, models: dict[str, type[Record]], request: PushRequest
    ) -> None:
        self.session = session
        self.uid = uid
        self.models = models
        #: (table, id) → mutation id of a refused insert of this device (this batch).
        self.refused: dict[tuple[str, str], str] = {}
        #: records a mutation of this batch tombstones (their children may go with them)
        self.dying = {
            (m.table, str(m.record_id))
            for m in request.mutations
            if m.fields.get("deleted_at") is not None
        }
        for run in request.runs:  # (runs judged as columns: ``run_judge``)
            if "deleted_at" in run.columns:
                at = run.columns.index("deleted_at")
                self.dying.update(
                    (run.table, str(rid))
                    for rid, row in zip(run.record_ids, run.rows, strict=True)
                    if row[at] is not None
                )
        #: parent rows read ahead for a run of inserts (``ParentRows``)
        self.known = ParentRows()

    def lock_rows(
        self, mutations: list[Mutation], runs: Sequence[InsertRun] = ()
    ) -> set[tuple[str, str]]:
        """Lock every existing row the batch touches (its mutations' and its ``runs``'
        records), tables and ids in one stable order, so two devices touching the same
        records never wait on each other in a cycle. Returns the (table, id) of those
        that exist."""
        by_table: dict[str, set[uuid.UUID]] = defaultdict(set)
        for m in mutations:
            if m.table in self.models:
                by_table[m.table].add(m.record_id)
        for run in runs:
            by_table[run.table].update(run.record_ids)
        order = table_order()
        found: set[tuple[str, str]] = set()
        for name in sorted(by_table, key=lambda t: (order.get(t, 0), t)):
            table = _table(name)
            ids = sorted(by_table[name], key=_as_int)  # the order of their texts
            for rid in self.session.scalars(
                select(table.c.id)
                .where(among(self.session, table.c.id, ids))
                .order_by(table.c.id)
                .with_for_update()
            ):
                found.add((name, str(rid)))
        return found

    def refused_before(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
        """Of ``keys``, the records whose insert this device had refused (and never applied)."""
        found = {k: self.refused[k] for k in keys if k in self.refused}
        rest = [k for k in keys if k not in found]
        if not rest:
            return found
        ids = sorted({rid for _t, rid in rest})
        for table_name, rid, mutation_id, status in self.session.execute(
            select(
                AppliedMutation.table_name,
                AppliedMutation.record_id,
                AppliedMutation.mutation_id,
                AppliedMutation.status,
            )
            .where(AppliedMutation.device_uid == self.uid, AppliedMutation.record_id.in_(ids))
            .order_by(AppliedMutation.seq)
        ):
            key = (table_name, rid)
            if key in rest:
                if status == "rejected":
                    found.setdefault(key, mutation_id)
                else:
                    found.pop(key, None)
        return found

    def parents(self, table: Table, values: dict[str, Any]) -> list[tuple[str, str, str]]:
        """(column, parent table, parent id) of every synced foreign key set in ``values``."""
        out = []
        for fk in table.foreign_keys:
            target = fk.column.table.name
            value = values.get(fk.parent.name)
            if target in self.models and value is not None:
                out.append((fk.parent.name, target, str(value)))
        return out

    def referential(
        self, record_id: Any, table: Table, values: dict[str, Any], row: Any | None
    ) -> None:
        """Rules that span workstations: a live record never ends up under a tombstoned
        parent, and a parent with live records under it is not tombstoned (``row``:
        the record ``record_id``'s, None for a new record)."""
        live_after = (
            values.get("deleted_at", row["deleted_at"] if row is not None else None) is None
        )
        parents = self.parents(table, values)
        for column, target, parent_id in parents:
            parent = self.known.get(target, parent_id)
            if parent is None:
                parent_table = _table(target)
                parent = self.session.execute(
                    select(parent_table.c.deleted_at).where(
                        parent_table.c.id == uuid.UUID(parent_id)
                    )
                ).first()
            if parent is None:  # (waiting was asked of every parent, first: the same)
                waiting = self.refused_before([(t, i) for _c, t, i in parents])
                if (target, parent_id) in waiting:
                    raise Refusal(
                        "depends",
                        f"waits for the refused {target} record",
                        column,
                        waiting[(target, parent_id)],
                    )
                raise Refusal("missing_parent", f"the {target} record is unknown", column)
            if (
                live_after
                and parent.deleted_at is not None
                and (row is None or column in values or "deleted_at" in values)
            ):
                raise Refusal(
                    "parent_deleted",
                    f"the {target} record was deleted on another workstation",
                    column,
                )
        if row is not None and row["deleted_at"] is None and values.get("deleted_at"):
            self._refuse_if_live_children(table.name, str(record_id))

    def _refuse_if_live_children(self, table_name: str, record_id: str) -> None:
        for child in Base.metadata.sorted_tables:
            if child.name not in self.models or "deleted_at" not in child.c:
                continue
            for fk in child.foreign_keys:
                if fk.column.table.name != table_name:
                    continue
                ids = self.session.scalars(
                    select(child.c.id).where(fk.parent == uuid.UUID(record_id), live(child))
                ).all()
                alive = [i for i in ids if (child.name, str(i)) not in self.dying]
                if alive:
                    raise Refusal(
                        "has_live_children",
                        f"{len(alive)} live {child.name} record(s) still point at it",
                        "deleted_at",
                    )
