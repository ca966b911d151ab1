"""How fast a list of 100,000 places opens and answers a search, next to raw SQL.

Fills a temporary data folder with N places (bulk insert, with their search keys),
then, in the same run:

- open: a ``RecordListPage`` of places is created and shown until its first page is
  in the view (count + first 200 rows through the TaskRunner, sorted by name);
- search: a search text is set and applied until the view shows the answer;
- baseline: the very first-page ``SELECT`` and ``COUNT`` the list runs (compiled from
  its ``Listing``) on a plain sqlite3 connection (``listsql.py``); for reference, the
  same search written naively (``LIKE``, ``deleted_at IS NULL``) is timed too.

Each is the median of several runs; ratios are list / raw SQL.

    python benchmarks/bench_lists.py [--rows 100000] [--runs 5]
"""

from __future__ import annotations

import os
import sqlite3
import sys
import uuid
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from listsql import run_list_benchmark

from desktop_app.persian import search_key, sort_key
from desktop_app.services.core.context import AppContext
from desktop_app.services.core.reference import PROVINCES
from desktop_app.services.places.places import PLACES as LISTING

CITIES = ("گرگان", "ساری", "بابل", "آمل", "گنبد کاووس", "قائم‌شهر", "کردکوی", "بهشهر")
TRADES = ("برق", "رایانه", "جوشکاری", "خیاطی", "کشاورزی", "مکانیک", "نجاری", "حسابداری")
NAMES = ("رضا", "مریم", "علی", "زهرا", "حسین", "فاطمه", "کاظم", "سمیه")
SEARCH = "كامپيوتر ۴۲"  # Arabic kaf/yeh and Persian digits, as a clerk may type it


def fill(ctx: AppContext, rows: int) -> None:
    insert = (
        "INSERT INTO places (id, kind, province, city, name, code, address, postal_code, phone,"
        " manager, licence_number, licence_expiry, search_text, name_sort, created_at,"
        " updated_at, deleted_at, version, origin_office, server_seq)"
        " VALUES (?, ?, ?, ?, ?, ?, '', '', '', ?, '', NULL, ?, ?, ?, ?, NULL, 1, '', NULL)"
    )
    now = "2025-01-01 00:00:00.000000"
    batch = []
    for i in range(rows):
        city = CITIES[i % len(CITIES)]
        trade = "کامپیوتر" if i % 97 == 0 else TRADES[i % len(TRADES)]
        name = f"آموزشگاه آزاد {trade} {city} {i}"
        code, manager = str(100000 + i), f"{NAMES[i % len(NAMES)]} {NAMES[(i // 8) % 8]}ی"
        key = search_key(f"{name} {code} {city} {manager}")
        kind = "institute" if i % 3 else "center"
        province = PROVINCES[i % len(PROVINCES)]
        row = (uuid.uuid4().hex, kind, province, city, name, code, manager, key, sort_key(name))
        batch.append((*row, now, now))
    with sqlite3.connect(ctx.database_path) as conn:
        conn.executemany(insert, batch)


COUNT_SQL = "SELECT count(*) FROM places WHERE deleted_at IS NULL AND {where}"
PAGE_SQL = (
    "SELECT id, kind, province, city, name, code, manager, phone, licence_expiry FROM places"
    " WHERE deleted_at IS NULL AND {where} ORDER BY name_sort, id LIMIT 200"
)


def _page():
    from desktop_app.ui.places.pages import places_page

    return places_page


def main() -> int:
    return run_list_benchmark(
        __doc__, "places", fill, _page, LISTING, SEARCH, (COUNT_SQL, PAGE_SQL, "search_text")
    )


if __name__ == "__main__":
    sys.exit(main())
