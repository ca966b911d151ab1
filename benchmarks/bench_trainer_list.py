"""How fast a list of 100,000 trainers opens and answers a search, next to raw SQL.

Fills a temporary data folder with 2 places and N trainers (bulk insert, with their
search and sort keys), then, in the same run:

- open: the trainers ``RecordListPage`` is created and shown until its first page is
  in the view (count + first 200 rows through the TaskRunner, joined with the place's
  name, sorted by family name in Persian order: ``name_sort``, indexed);
- search: a search text is set and applied until the view shows the answer;
- baseline: the very first-page ``SELECT`` and ``COUNT`` the list runs (compiled from
  its ``Listing``) on a plain sqlite3 connection (``listsql.py``); for reference, the
  same search written naively (``LIKE``, ``deleted_at IS NULL``) is timed too.

Each is the median of several runs; ratios are list / raw SQL.

    python benchmarks/bench_trainer_list.py [--rows 100000] [--runs 5]
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

from desktop_app.persian import search_key
from desktop_app.services.core.context import AppContext
from desktop_app.services.places.places import PlaceData, save_place
from desktop_app.services.trainers.trainers import TRAINERS as LISTING
from desktop_app.services.trainers.trainers import trainer_name_sort

FIRST = ("رضا", "مریم", "علی", "زهرا", "حسین", "فاطمه", "کاظم", "سمیه", "پویا", "ژیلا")
LAST = ("احمدی", "بهرامی", "پاکزاد", "تقوی", "جعفری", "چگینی", "حسینی", "خلیلی", "ژیان", "یزدانی")
TYPES = ("official", "fixed_term", "contract", "hourly")
SEARCH = "كاظم ژيان ۴۲"  # Arabic kaf/yeh and Persian digits, as a clerk may type it


def fill(ctx: AppContext, rows: int) -> None:
    places = [
        save_place(ctx, PlaceData(name=name, code=code, province=province, city=city)).id.hex
        for code, name, province, city in (
            ("270101", "مرکز گرگان", "گلستان", "گرگان"),
            ("110101", "مرکز ساری", "مازندران", "ساری"),
        )
    ]
    insert = (
        "INSERT INTO trainers (id, first_name, last_name, father_name, national_code,"
        " birth_certificate_number, birth_date, gender, mobile, address, photo,"
        " employment_type, place_id, occupation_groups, standard_codes, hire_date, grade,"
        " active, search_text, name_sort, created_at, updated_at, deleted_at, version,"
        " origin_office, server_seq) VALUES (?, ?, ?, '', ?, '', '1980-01-01', 'male', ?,"
        " '', NULL, ?, ?, '[\"برق\"]', '[]', '2010-01-01', '', 1, ?, ?, ?, ?, NULL, 1, '',"
        " NULL)"
    )
    now = "2025-01-01 00:00:00.000000"
    batch = []
    for i in range(rows):
        first = FIRST[i % len(FIRST)]
        last = f"{LAST[(i // 10) % len(LAST)]} {i}"
        code, mobile = f"{1000000000 + i}", f"0912{i:07d}"
        key = search_key(f"{first} {last} {code} {mobile}")
        kind = TYPES[i % len(TYPES)]
        place = places[i % 2]
        name_sort = trainer_name_sort(first, last)
        batch.append(
            (uuid.uuid4().hex, first, last, code, mobile, kind, place, key, name_sort, now, now)
        )
    with sqlite3.connect(ctx.database_path) as conn:
        conn.executemany(insert, batch)


COUNT_SQL = "SELECT count(*) FROM trainers t WHERE t.deleted_at IS NULL AND {where}"
PAGE_SQL = (
    "SELECT t.id, t.last_name, t.first_name, t.national_code, p.name, t.employment_type,"
    " t.mobile, t.hire_date, t.active FROM trainers t LEFT JOIN places p ON p.id = t.place_id"
    " WHERE t.deleted_at IS NULL AND {where} ORDER BY t.name_sort, t.id LIMIT 200"
)


def _page():
    from desktop_app.ui.trainers.pages import trainers_page

    return trainers_page


def main() -> int:
    return run_list_benchmark(
        __doc__, "trainers", fill, _page, LISTING, SEARCH, (COUNT_SQL, PAGE_SQL, "t.search_text")
    )


if __name__ == "__main__":
    sys.exit(main())
