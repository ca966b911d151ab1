"""Baselines of the list benchmarks: time SQL on a plain sqlite3 connection.

``time_listing_sql`` runs exactly the ``COUNT`` and first-page ``SELECT`` a
``services.listing.Listing`` builds for a search (compiled with literal values), so
"list / raw SQL" is the cost of everything around the query (threads, models, view,
paint). ``time_naive_sql`` runs the same search written the obvious way (``LIKE``,
``deleted_at IS NULL``), to show what the listing's query choices gain.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy.dialects import sqlite

from desktop_app.persian import collation, search_key
from desktop_app.services.listing import ListQuery


def _sql(statement: Any) -> str:
    return str(statement.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    conn.create_collation("PERSIAN", collation.compare)
    return conn


def time_listing_sql(path: Path, listing: Any, text: str) -> float:
    query = ListQuery(search=text, sort=listing.default_sort)
    count, page = _sql(listing.count_statement(query)), _sql(listing.page_statement(query, 0, 200))
    conn = _connect(path)
    start = time.perf_counter()
    conn.execute(count).fetchone()
    conn.execute(page).fetchall()
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def time_naive_sql(
    path: Path, count_sql: str, page_sql: str, text: str, column: str = "search_text"
) -> float:
    """``count_sql``/``page_sql`` have a ``{where}`` slot for the search condition."""
    words = search_key(text).split()
    where = " AND ".join(f"{column} LIKE ?" for _ in words) or "1"
    args = [f"%{w}%" for w in words]
    conn = _connect(path)
    start = time.perf_counter()
    conn.execute(count_sql.format(where=where), args).fetchone()
    conn.execute(page_sql.format(where=where), args).fetchall()
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed
