"""How fast a list of 100,000 equipment items opens and answers a search, next to raw SQL.

Fills a temporary data folder with 2 places, 4 workshops and N items (bulk insert,
with their search keys), then, in the same run:

- open: the equipment ``RecordListPage`` is created and shown until its first page is
  in the view (count + first 200 rows through the TaskRunner, joined with workshop
  and place names, sorted by name in Persian order: ``name_sort``, indexed);
- search: a search text is set and applied until the view shows the answer;
- baseline: the very first-page ``SELECT`` and ``COUNT`` the list runs (compiled from
  its ``Listing``) on a plain sqlite3 connection (``listsql.py``); for reference, the
  same search written naively (``LIKE``, ``deleted_at IS NULL``) is timed too.

Each is the median of several runs; ratios are list / raw SQL.

    python benchmarks/bench_equipment_list.py [--rows 100000] [--runs 5]
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
from desktop_app.services.places.equipment import EQUIPMENT as LISTING
from desktop_app.services.places.places import PlaceData, WorkshopData, save_place, save_workshop

NAMES = ("دریل", "سنگ فرز", "رایانه", "پرینتر", "میز کار", "گیره", "چکش", "ژنراتور", "کولر")
MODELS = ("Bosch", "Ronix", "Lenovo", "HP", "ساخت داخل", "Makita", "Tolsen", "Epson")
CONDITIONS = ("sound", "needs_repair", "unusable", "scrapped")
SEARCH = "پرينتر ۴۲"  # Arabic yeh and Persian digits, as a clerk may type it


def fill(ctx: AppContext, rows: int) -> None:
    workshops = []
    for code, name, province, city in (
        ("270101", "مرکز گرگان", "گلستان", "گرگان"),
        ("110101", "مرکز ساری", "مازندران", "ساری"),
    ):
        place = save_place(ctx, PlaceData(name=name, code=code, province=province, city=city))
        for w in ("کارگاه برق", "کارگاه رایانه"):
            ws = save_workshop(ctx, WorkshopData(place_id=place.id, name=w, occupation_group="برق"))
            workshops.append((ws.id.hex, place.id.hex))
    insert = (
        "INSERT INTO equipment (id, workshop_id, place_id, asset_number, name, category,"
        " brand_model, serial_number, quantity, unit, acquired_on, price_rial, condition,"
        " last_inspection, notes, photo, search_text, name_sort, created_at, updated_at,"
        " deleted_at, version, origin_office, server_seq) VALUES (?, ?, ?, ?, ?, 'ابزار',"
        " ?, ?, 1, 'عدد', '2020-01-01', 1000000, ?, NULL, '', NULL, ?, ?, ?, ?, NULL, 1,"
        " '', NULL)"
    )
    now = "2025-01-01 00:00:00.000000"
    batch = []
    for i in range(rows):
        workshop, place = workshops[i % len(workshops)]
        name = f"{NAMES[i % len(NAMES)]} {i}"
        asset, model, serial = str(100000 + i), MODELS[i % len(MODELS)], f"SN{i * 7}"
        key = search_key(f"{asset} {name} ابزار {model} {serial}")
        condition = CONDITIONS[i % len(CONDITIONS)]
        batch.append(
            (
                uuid.uuid4().hex,
                workshop,
                place,
                asset,
                name,
                model,
                serial,
                condition,
                key,
                sort_key(name),
                now,
                now,
            )
        )
    with sqlite3.connect(ctx.database_path) as conn:
        conn.executemany(insert, batch)


COUNT_SQL = "SELECT count(*) FROM equipment e WHERE e.deleted_at IS NULL AND {where}"
PAGE_SQL = (
    "SELECT e.id, e.asset_number, e.name, e.category, e.brand_model, e.serial_number,"
    " e.quantity, e.unit, e.acquired_on, e.price_rial, e.condition, e.last_inspection,"
    " w.name, p.name FROM equipment e JOIN workshops w ON w.id = e.workshop_id"
    " JOIN places p ON p.id = e.place_id WHERE e.deleted_at IS NULL AND {where}"
    " ORDER BY e.name_sort, e.id LIMIT 200"
)


def _page():
    from desktop_app.ui.places.equipment_pages import EquipmentListPage

    return EquipmentListPage


def main() -> int:
    return run_list_benchmark(
        __doc__,
        "equipment rows",
        fill,
        _page,
        LISTING,
        SEARCH,
        (COUNT_SQL, PAGE_SQL, "e.search_text"),
    )


if __name__ == "__main__":
    sys.exit(main())
