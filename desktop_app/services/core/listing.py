"""Paged, searchable, sortable queries over one model: the engine behind every list.

A section declares one ``Listing`` for its model: the row dataclass it returns, the
SQL expression of every column (each one may be sorted by), the filters it accepts
(column = value) and the ``search_text`` column it searches. A list then asks

    listing.count(ctx, query)                   # how many rows match (or up to a limit)
    listing.page(ctx, query, offset, limit)     # one page of plain row dataclasses

with a ``ListQuery`` (search text as the clerk typed it, filters, sort key, order).
Both run one short read session and never load more than ``limit`` rows. A list asks
for the rows after the last one it shows (``ListQuery.after``, keyset pagination: the
page is a range of the sort index, ``(sort, id) > (value, id)``, as fast a million rows
down as at the top; by ``OFFSET`` only when that row sorts by NULL or is gone) and a
count that stops past ``COUNT_LIMIT`` (``ListQuery.count_limit``: «بیش از ۱۰٬۰۰۰»).
Search splits the clerk's text into words; every word's ``persian.search_key`` must be
a substring of the row's ``search_text`` (any digit script, Arabic ي/ك, with or without
ZWNJ). For the big lists (``models.search_index.SEARCHED_TABLES``) the words of three
characters or more are looked up in the table's FTS5 trigram index (``fts``: one
``MATCH`` of every such word as a phrase, the same answer as a substring test);
shorter words, and every word of the other lists, are tested with
``instr(search_text, word) > 0``: a plain scan of the table, which SQLite cannot turn
into a walk of some sort index that visits every row in random order (``LIKE`` let it,
and a rare word then cost several times a scan; ``benchmarks/bench_lists.py``). A word
the index finds in ``WALK_FROM`` rows or more is common: its page walks the default
sort index instead, testing each row, and sorts every match only if the walk gives up
(``walk_statement``).
A search that is one whole code (a national code, a tracking code, an asset number:
``Listing.codes``) is answered by the code's index instead: ``count``/``page`` first
ask the index whether a live row has exactly that code (one seek) and, if one does,
list the rows with that code (``ListQuery.code``); otherwise the search goes on as a
substring search. Tombstoned rows are never listed. Text columns sort in Persian alphabetical order:
by a stored, indexed ``persian.sort_key`` column where the listing names one in
``sort_keys`` (the default sort, usually the name: the first page of 100,000 rows is
an index walk), else with ``COLLATE PERSIAN`` (registered by ``models.database``;
a Python comparison per pair, so a full sort of 100,000 rows takes a second). Rows
are sorted by the asked column, then by id, so paging is stable.

No Qt; any thread (called by the UI through ``ui.tasks`` worker threads).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Generic, TypeVar

from sqlalchemy import (
    Select,
    String,
    column,
    func,
    literal,
    literal_column,
    select,
    table,
    tuple_,
)
from sqlalchemy.orm import QueryableAttribute
from sqlalchemy.sql.elements import ColumnElement

from desktop_app.models import live
from desktop_app.models.search_index import MIN_WORD, SEARCHED_TABLES, fts_name
from desktop_app.persian import search_key
from desktop_app.services.core.context import AppContext

R = TypeVar("R")

#: A column of a model (``Place.name``) or any SQL expression.
Expr = ColumnElement[Any] | QueryableAttribute[Any]

#: The SQLite collation of Persian alphabetical order (``models.database`` registers it).
PERSIAN_COLLATION = "PERSIAN"

#: Rows a list asks for at a time.
PAGE_SIZE = 200

#: Where a list stops counting and shows «بیش از ۱۰٬۰۰۰» (``ListQuery.count_limit``).
COUNT_LIMIT = 10_000

#: A search matching at least this many rows (by its FTS index) is "common": its page
#: is first looked for along the sort index (``Listing.walk_statement``).
WALK_FROM = 2_000
#: How many rows of the sort index such a page walks (per row asked for) before
#: giving up and sorting every match: bounds the cost when the matches are few or
#: bunched far down the sort order.
WALK_SPAN = 50


@dataclass(frozen=True)
class ListQuery:
    """What a list shows: the clerk's search text, filters, and the sort column."""

    search: str = ""
    filters: tuple[tuple[str, Any], ...] = ()
    sort: str = ""
    descending: bool = False
    #: (code lookup key, code): set by ``Listing.resolve`` when the search is one whole
    #: code that a live row has; the rows with that code are listed, by the code's index.
    code: tuple[str, str] | None = None
    #: The id of the last row already shown: ``page`` lists the rows after it in the
    #: sort order (keyset pagination: a deep page costs what the first one does).
    after: Any = None
    #: When set, ``count`` stops at ``count_limit + 1`` (a list shows «بیش از …»).
    count_limit: int = 0

    def with_filter(self, key: str, value: Any) -> ListQuery:
        """A copy filtered on ``key`` (``None`` or ``""`` removes the filter)."""
        kept = tuple((k, v) for k, v in self.filters if k != key)
        if value is not None and value != "":
            kept += ((key, value),)
        return replace(self, filters=kept)

    def filter_value(self, key: str) -> Any:
        return dict(self.filters).get(key)


def like_pattern(word: str) -> str:
    """``%word%`` for SQL ``LIKE … ESCAPE '\\'``, with ``%``, ``_`` and ``\\`` escaped."""
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def national_code_word(text: str) -> str:
    """The clerk's search as a national code (ten digits, any script), or ""."""
    key = search_key(text)
    return key if re.fullmatch(r"[0-9]{10}", key) else ""


def office_code_word(text: str) -> str:
    """The clerk's search as an ``office-NNNNNN`` code (a tracking code, a certificate
    serial; digits in any script), or ""."""
    key = search_key(text)
    return key if re.fullmatch(r"[0-9]+-[0-9]{6,}", key) else ""


def search_words(text: str) -> list[str]:
    """The search keys of the words the clerk typed (empty: no search)."""
    return search_key(text).split()


def _nullable(expr: Any) -> bool:
    """Whether a sort expression may be NULL (an expression: assume it may)."""
    return bool(getattr(getattr(expr, "expression", expr), "nullable", True))


def fts_phrase(words: list[str]) -> str:
    """An FTS5 query requiring every word as a substring (each a quoted phrase)."""
    return " ".join('"' + word.replace('"', '""') + '"' for word in words)


@dataclass(frozen=True)
class CodeLookup:
    """A search that is one whole code, answered by the code's index.

    ``key`` turns the clerk's one word into the code as stored (or "" when the word
    cannot be such a code); ``column`` is the indexed column; ``where`` adds the
    conditions its partial index is declared with (written as the index writes them,
    so SQLite can use it), beyond ``deleted_at IS NULL`` of the listed model."""

    column: Expr
    key: Callable[[str], str]
    where: tuple[ColumnElement[bool], ...] = ()
    #: False when ``column`` is on a joined table (the enrollment's trainee): the listed
    #: model's own partial indexes must not tempt SQLite into scanning it.
    own_table: bool = True


@dataclass(frozen=True)
class Listing(Generic[R]):
    """How one model is listed. Build it once per model, at import time."""

    model: Any  # the mapped Record class
    row: Callable[..., R]  # the row dataclass, called with one keyword per column
    columns: Mapping[str, Expr]  # key → SQL expression (all sortable)
    search_column: Expr
    #: key → column compared with ``==``, or a function of the value giving the condition
    #: (e.g. membership in a JSON list).
    filters: Mapping[str, Expr | Callable[[Any], ColumnElement[bool]]] = field(default_factory=dict)
    default_sort: str = ""
    #: Columns sorted by another, indexed expression: ``{"name": Place.name_sort}`` (the
    #: stored ``persian.sort_key`` of the name) instead of ``COLLATE PERSIAN``.
    sort_keys: Mapping[str, Expr] = field(default_factory=dict)
    #: Adds joins to the select (e.g. the place's name on a workshop row).
    join: Callable[[Select[Any]], Select[Any]] | None = None
    #: Whole codes a search may be: name → lookup (tried in order).
    codes: Mapping[str, CodeLookup] = field(default_factory=dict)
    #: Search through the table's FTS5 index when it has one (``fts``); False: ``instr``
    #: only (the benchmarks' baseline).
    search_index: bool = True

    def _code_where(self, stmt: Select[Any], name: str, code: str) -> Select[Any]:
        lookup = self.codes[name]
        alive = live(self.model, indexed=lookup.own_table)
        return stmt.where(alive, lookup.column == code, *lookup.where)

    def resolve(self, session: Any, query: ListQuery) -> ListQuery:
        """``query`` with ``code`` set when its search is a whole code a live row has
        (one index seek per lookup whose ``key`` accepts the word), else unchanged."""
        words = search_words(query.search)
        if len(words) != 1 or query.code is not None:
            return query
        for name, lookup in self.codes.items():
            code = lookup.key(query.search)
            if not code:
                continue
            probe = select(self.model.id).select_from(self.model)
            if self.join is not None:
                probe = self.join(probe)
            if session.execute(self._code_where(probe, name, code).limit(1)).first():
                return replace(query, code=(name, code))
        return query

    def _where(
        self,
        stmt: Select[Any],
        query: ListQuery,
        search: bool = True,
        matched: list[int] | None = None,
    ) -> Select[Any]:
        """``stmt`` with the live rows, the filters and (with ``search``) the search;
        ``matched``: the rowids the FTS index gave for its words, already looked up."""
        if not search:
            query = replace(query, search="")
        if query.code is not None:  # one whole code: by its index, no substring search
            stmt = self._code_where(stmt, *query.code)
        elif search_words(query.search):
            # Written so it does not match a partial index "WHERE deleted_at IS NULL"
            # (e.g. the live-code index): SQLite would scan that index and fetch every
            # row from the table out of order; a plain table scan is faster for search.
            stmt = stmt.where(live(self.model, indexed=False))
        else:
            stmt = stmt.where(live(self.model))
        for key, value in query.filters:
            if key not in self.filters:
                raise KeyError(f"unknown filter {key!r}")
            condition = self.filters[key]
            stmt = stmt.where(condition(value) if callable(condition) else condition == value)
        if query.code is None:
            words = search_words(query.search)
            indexed = self._fts_words(query)
            if indexed and matched is not None:
                stmt = stmt.where(self._rowid.in_(matched))
            elif indexed:
                stmt = stmt.where(self._rowid.in_(self._fts_rowids(indexed)))
            for word in words:
                if word not in indexed:
                    stmt = stmt.where(func.instr(self.search_column, word) > 0)
        return stmt

    @property
    def fts(self) -> str:
        """The FTS5 trigram index of the listed table's ``search_text`` (``""``: none;
        ``models.search_index``): words of three characters or more are looked up in it,
        shorter ones with ``instr``."""
        table_name = self.model.__tablename__
        searched = getattr(self.search_column, "key", "") == "search_text"
        own = getattr(self.search_column, "class_", None) is self.model
        indexed = self.search_index and table_name in SEARCHED_TABLES
        return fts_name(table_name) if indexed and searched and own else ""

    @property
    def _rowid(self) -> Any:
        return literal_column(f"{self.model.__tablename__}.rowid")

    def sort_expression(self, key: str, searching: bool = False) -> Expr:
        """The expression to sort by: text columns in Persian alphabetical order.

        A column with a stored sort key sorts by it; while searching (a code lookup
        included), as ``sort_key || ''`` so SQLite scans and sorts the few matches instead of
        walking the key's index through every row (slow for a rare word)."""
        if key in self.sort_keys:
            expr = self.sort_keys[key]
            return expr.concat("") if searching else expr
        expr = self.columns[key]
        if isinstance(getattr(expr, "type", None), String):
            return expr.collate(PERSIAN_COLLATION)
        # Any other column (a date, a number): the same reasoning, with coalesce(x, NULL).
        return func.coalesce(expr, None) if searching else expr

    def count_statement(self, query: ListQuery) -> Select[Any]:
        stmt: Select[Any] = select(func.count()).select_from(self.model)
        if query.code is not None and not self.codes[query.code[0]].own_table:
            assert self.join is not None  # the code is on a joined table
            stmt = self.join(stmt)
        return self._where(stmt, query)

    def _sort_of(self, query: ListQuery, walk: bool = False) -> Expr | None:
        """The page's sort expression; with ``walk``, the one its index is on."""
        sort = query.sort if query.sort in self.columns else self.default_sort
        if not sort:
            return None
        # a code lookup too: its few rows are sorted, not found along the sort index
        return self.sort_expression(sort, searching=not walk and bool(search_words(query.search)))

    def page_statement(
        self,
        query: ListQuery,
        offset: int,
        limit: int,
        keyset: bool = False,
        nulls: bool = False,
        only: list[Any] | None = None,
        matched: list[int] | None = None,
    ) -> Select[Any]:
        """The page's ``SELECT``: rows ``offset`` … ``offset + limit``, or with
        ``keyset`` the ``limit`` rows that follow the row ``query.after`` (a range of the
        sort index: ``(sort, id) > (that row's sort value, its id)``, the value read by a
        subquery, so it is compared as stored); with ``nulls``, the first ``limit`` rows
        whose sort value is NULL (which follow every other row going down); with
        ``only``, those of the rows with these ids (found by ``walk_statement``, so they
        match the search: it is not tested again); ``matched``: see ``_where``."""
        labelled = [expr.label(key) for key, expr in self.columns.items()]
        stmt: Select[Any] = select(*labelled).select_from(self.model)
        if self.join is not None:
            stmt = self.join(stmt)
        stmt = self._where(stmt, query, search=only is None, matched=matched)
        if only is not None:
            stmt = stmt.where(self.model.id.in_(only))
        expr = self._sort_of(query)
        tiebreak = self.model.id
        if nulls and expr is not None:
            stmt = stmt.where(expr.is_(None))
        elif keyset:
            stmt = stmt.where(self._after(query, expr))
        if keyset or nulls:
            offset = 0
        if expr is not None:
            stmt = stmt.order_by(expr.desc() if query.descending else expr.asc())
        stmt = stmt.order_by(tiebreak.desc() if query.descending else tiebreak.asc())
        return stmt.offset(max(0, offset)).limit(max(0, limit))

    def _after(self, query: ListQuery, expr: Expr | None) -> ColumnElement[bool]:
        """The rows after ``query.after`` in the sort order by ``expr``."""
        tiebreak = self.model.id
        last_id = literal(query.after, tiebreak.type)
        if expr is not None:
            key, bound = tuple_(expr, tiebreak), tuple_(self._sort_value(query), last_id)
        else:
            key, bound = tuple_(tiebreak), tuple_(last_id)
        return key < bound if query.descending else key > bound

    def _fts_words(self, query: ListQuery) -> list[str]:
        """The words of the search looked up in the FTS index (none for a code)."""
        if query.code is not None or not self.fts:
            return []
        return [w for w in search_words(query.search) if len(w) >= MIN_WORD]

    def _fts_rowids(self, words: list[str]) -> Select[Any]:
        """The rowids of the rows whose ``search_text`` holds every one of ``words``."""
        fts = self.fts
        found: Select[Any] = select(column("rowid")).select_from(table(fts))
        return found.where(literal_column(fts).op("MATCH")(fts_phrase(words)))

    def probe_statement(self, query: ListQuery) -> Select[Any] | None:
        """The rowids the indexed words match, at most ``WALK_FROM`` of them (a few
        pages of the FTS index for a common word); None without an indexed word."""
        words = self._fts_words(query)
        return self._fts_rowids(words).limit(WALK_FROM) if words else None

    def _walkable(self, query: ListQuery) -> bool:
        """The page sorts by the list's default sort, whose index
        ``tests/speed/test_list_plans.py`` proves: it may be walked."""
        sort = query.sort if query.sort in self.columns else self.default_sort
        return bool(sort) and sort == self.default_sort

    def walk_statement(self, query: ListQuery, limit: int, keyset: bool) -> Select[Any]:
        """The ids of the first ``limit`` rows matching a common search, found by walking
        the sort index (as the list without a search does) and testing each row's
        ``search_text`` with ``instr`` (for these words the same answer as the FTS
        index, without building the set of every match), within the first
        ``WALK_SPAN × limit`` rows walked.

        SQLite cannot choose this itself: it does not know the word is spread over the
        sort order, so it fetches and sorts every match (``page_statement``). Fewer
        than ``limit`` ids back means the walk gave up: the page is sorted as usual."""
        expr = self._sort_of(query, walk=True)
        assert expr is not None
        shown = [self.model.id.label("id"), self.search_column.label("search_text")]
        walk: Select[Any] = select(*shown).select_from(self.model)
        if self.join is not None:
            walk = self.join(walk)
        walk = self._where(walk, query, search=False)
        if keyset:
            walk = walk.where(self._after(query, expr))
        tiebreak = self.model.id
        walk = walk.order_by(
            expr.desc() if query.descending else expr.asc(),
            tiebreak.desc() if query.descending else tiebreak.asc(),
        ).limit(WALK_SPAN * limit)
        rows = walk.subquery()
        found = select(rows.c.id)
        for word in search_words(query.search):
            found = found.where(func.instr(rows.c.search_text, word) > 0)
        return found.limit(limit)

    def _sort_value_statement(self, query: ListQuery) -> Select[Any]:
        expr = self._sort_of(query)
        assert expr is not None
        probe: Select[Any] = select(expr).select_from(self.model)
        if self.join is not None:
            probe = self.join(probe)
        return probe.where(self.model.id == query.after).correlate(None)

    def _sort_value(self, query: ListQuery) -> Any:
        """The sort value of the row ``query.after``, as a subquery of the page."""
        return self._sort_value_statement(query).scalar_subquery()

    def _keyset(self, session: Any, query: ListQuery) -> bool:
        """Whether the page after ``query.after`` can go by keyset (one seek by id):
        not when that row is gone or sorts by NULL (such pages go by offset)."""
        if self._sort_of(query) is None:
            return True
        value = session.execute(self._sort_value_statement(query)).first()
        return value is not None and value[0] is not None

    def _walk(self, session: Any, query: ListQuery, limit: int, keyset: bool) -> list[Any] | None:
        """The ids of the page of a common search, found along the sort index; None
        when the walk gave up (see ``walk_statement``) or the sort has no index."""
        if limit <= 0 or not self._walkable(query):
            return None
        ids = list(session.execute(self.walk_statement(query, limit, keyset)).scalars())
        return ids if len(ids) >= limit else None

    def count_statement_limited(self, query: ListQuery) -> Select[Any]:
        """``count_statement`` that stops at ``query.count_limit + 1`` rows."""
        stmt: Select[Any] = select(literal_column("1")).select_from(self.model)
        if query.code is not None and not self.codes[query.code[0]].own_table:
            assert self.join is not None
            stmt = self.join(stmt)
        inner = self._where(stmt, query).limit(query.count_limit + 1).subquery()
        return select(func.count()).select_from(inner)

    def count(self, ctx: AppContext, query: ListQuery) -> int:
        """How many rows match ``query`` (one short read session); with
        ``query.count_limit``, at most that + 1 (more than the limit: «بیش از …»)."""
        with ctx.session() as session:
            query = self.resolve(session, query)
            if query.count_limit > 0:
                statement = self.count_statement_limited(query)
            else:
                statement = self.count_statement(query)
            return int(session.execute(statement).scalar_one())

    def page(self, ctx: AppContext, query: ListQuery, offset: int, limit: int) -> list[R]:
        """Rows ``offset`` … ``offset + limit`` of ``query``, as plain row dataclasses,
        personal codes shown as the actor may see them (``privacy.shown``)."""
        from desktop_app.services.core.privacy import shown

        with ctx.session() as session:
            query = self.resolve(session, query)
            keyset = query.after is not None and self._keyset(session, query)
            # A search word's rowids, read once: all of them when they are few (the page
            # sorts them), else the word is common and the page walks the sort index.
            only, matched = None, None
            probe = self.probe_statement(query)
            if probe is not None:
                matched = list(session.execute(probe).scalars())
                if len(matched) >= WALK_FROM:
                    matched = None
                    if keyset or offset <= 0:
                        only = self._walk(session, query, limit, keyset)
            page = self.page_statement(query, offset, limit, keyset, only=only, matched=matched)
            result = session.execute(page)
            rows = [self.row(**dict(mapping)) for mapping in result.mappings()]
            expr = self._sort_of(query)
            short = keyset and query.descending and len(rows) < limit
            if short and expr is not None and _nullable(expr):
                # going down, the rows sorting by NULL follow the last non-NULL one
                tail = self.page_statement(query, 0, limit - len(rows), nulls=True, matched=matched)
                rows += [self.row(**dict(m)) for m in session.execute(tail).mappings()]
        return shown(ctx, rows)
