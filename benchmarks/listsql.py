"""Baselines of the list benchmarks: time SQL on a plain sqlite3 connection.

``time_listing_sql`` runs exactly the first-page ``SELECT`` and ``COUNT`` a
``services.core.listing.Listing`` builds for a search (compiled with literal values; the
``COUNT`` only when the page is full, as ``ui.listing.RecordTableModel`` does), so
"list / raw SQL" is the cost of everything around the query (threads, models, view,
paint). ``time_naive_sql`` runs the same search written the obvious way (``LIKE``,
``deleted_at IS NULL``), to show what the listing's query choices gain.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.dialects import sqlite

from desktop_app.persian import collation, search_key
from desktop_app.services.core.listing import ListQuery


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
    rows = conn.execute(page).fetchall()
    if len(rows) == 200:  # as the list does: a short first page needs no COUNT
        conn.execute(count).fetchone()
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


def measure_list_page(
    ctx: Any,
    make_page: Any,
    listing: Any,
    search: str,
    *,
    runs: int,
    rows: int,
    naive: tuple[str, str, str],
) -> None:
    """Open the list page ``runs`` times, first page shown, then answer ``search``;
    print the medians next to the raw SQL of the same list (and the naive SQL
    ``naive`` = (count SQL, page SQL, search column)). Needs a QApplication."""
    import statistics

    from PySide6.QtWidgets import QApplication

    from desktop_app.ui.tasks import TaskRunner

    app = QApplication.instance()

    def wait(pred: Any) -> None:
        while not pred():
            app.processEvents()
            time.sleep(0.0005)

    runner = TaskRunner()
    opens, searches, raw_open, raw_search, naive_search = [], [], [], [], []
    found = 0
    for _ in range(runs):
        raw_open.append(time_listing_sql(ctx.database_path, listing, ""))
        raw_search.append(time_listing_sql(ctx.database_path, listing, search))
        naive_search.append(time_naive_sql(ctx.database_path, *naive[:2], search, naive[2]))

        start = time.perf_counter()
        page = make_page(ctx, runner)
        page.resize(1200, 700)
        page.show()
        wait(lambda p=page: p.model.is_ready() and p.table.model().rowCount() > 0)
        app.processEvents()  # paint the first page
        opens.append(time.perf_counter() - start)
        assert page.model.total() == rows, page.model.total()

        start = time.perf_counter()
        page.search.setText(search)
        page.apply_query()  # what the debounce timer calls 250 ms after the last key
        wait(lambda p=page: p.model.is_ready())
        app.processEvents()
        searches.append(time.perf_counter() - start)
        found = page.model.total()
        page.close()
        page.deleteLater()
        app.processEvents()
    runner.wait_for_done()

    o, s = statistics.median(opens), statistics.median(searches)
    ro, rs = statistics.median(raw_open), statistics.median(raw_search)
    ns = statistics.median(naive_search)
    print(f"rows: {rows}, runs: {runs}, search {search!r} finds {found}")
    print(
        f"open list (first page shown)  median {o * 1000:7.1f} ms   raw SQL {ro * 1000:6.1f} ms"
        f"   ratio {o / ro:5.2f}"
    )
    print(
        f"search (answer shown)         median {s * 1000:7.1f} ms   raw SQL {rs * 1000:6.1f} ms"
        f"   ratio {s / rs:5.2f}"
    )
    print(
        f"the same search as naive SQL (LIKE, deleted_at IS NULL): {ns * 1000:6.1f} ms"
        f"   (list's own SQL {rs * 1000:6.1f} ms)"
    )
    print("raw SQL = the list's own COUNT and first-page SELECT on a plain sqlite3 connection")
    print("(the search time excludes the 250 ms typing debounce)")


def run_list_benchmark(
    description: str,
    what: str,
    fill: Callable[[Any, int], None],
    make_page: Callable[[], Any],
    listing: Any,
    search: str,
    naive: tuple[str, str, str],
) -> int:
    """A list benchmark's ``main``: ``--rows``/``--runs``, a temporary data folder filled
    by ``fill(ctx, rows)`` (the rows are ``what``), then ``measure_list_page`` on the page
    ``make_page()`` returns (imported there: after the QApplication exists)."""
    import argparse
    import tempfile

    from desktop_app.services.accounts.access import system_actor
    from desktop_app.services.core.context import AppContext
    from desktop_app.ui.app import application

    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    application()
    with tempfile.TemporaryDirectory() as tmp:
        ctx = AppContext.open(Path(tmp))
        ctx.user = system_actor()  # a batch run, like the CLI
        start = time.perf_counter()
        fill(ctx, args.rows)
        print(f"filled {args.rows} {what} in {time.perf_counter() - start:.1f} s")
        measure_list_page(
            ctx, make_page(), listing, search, runs=args.runs, rows=args.rows, naive=naive
        )
        ctx.close()
    return 0
