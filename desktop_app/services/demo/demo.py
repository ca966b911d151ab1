"""Realistic demo data for a data folder (``miz demo --data-dir DIR``).

``demo_refusal`` keeps the demo away from a folder that holds anything but demo data
(a real office, other files); ``mark_demo`` marks a folder the demo filled.

Each section adds its own filler to ``DEMO_FILLERS`` (in dependency order);
``fill_demo`` runs them all in one call so a demo folder is complete or absent.
The data is invented but realistic; photos are generated, never of real people.
No Qt; any thread.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from desktop_app.documents.office import OfficeSettings
from desktop_app.persian.bidi import isolate
from desktop_app.services.accounts import access
from desktop_app.services.core.context import AppContext
from desktop_app.services.demo.demo_certificates import fill_certificates
from desktop_app.services.demo.demo_courses import fill_courses
from desktop_app.services.demo.demo_equipment import fill_equipment
from desktop_app.services.demo.demo_feedback import fill_feedback
from desktop_app.services.demo.demo_participation import fill_participation
from desktop_app.services.demo.demo_places import fill_places
from desktop_app.services.demo.demo_registration import fill_registrations
from desktop_app.services.demo.demo_service_cards import fill_service_cards
from desktop_app.services.demo.demo_trainers import fill_trainers
from desktop_app.services.demo.demo_workshops import fill_workshops
from desktop_app.services.office.settings import save_office_settings

DemoFiller = Callable[[AppContext], None]


@access.operation(access.SETTINGS)
def fill_office(ctx: AppContext) -> None:
    save_office_settings(
        ctx,
        OfficeSettings(
            office_name="مرکز آموزش فنی و حرفه‌ای شمارهٔ ۱ گرگان",
            office_code="2701",
            province="گلستان",
            agency="اداره کل آموزش فنی و حرفه‌ای استان گلستان",
            parent_agency="سازمان آموزش فنی و حرفه‌ای کشور",
            level="center",
            registration_fee=50_000,
        ),
    )


@access.operation(access.SETTINGS)
def fill_welfare_office(ctx: AppContext) -> None:
    """A Welfare office (``miz demo --agency welfare``): the window shows participation."""
    save_office_settings(
        ctx,
        OfficeSettings(
            office_name="ادارهٔ بهزیستی شهرستان گرگان",
            office_code="2751",
            province="گلستان",
            agency="ادارهٔ کل بهزیستی استان گلستان",
            parent_agency="سازمان بهزیستی کشور",
            level="center",
            agency_kind="welfare",
        ),
    )


DEMO_FILLERS: list[tuple[str, DemoFiller]] = [
    ("مشخصات اداره", fill_office),
    ("اماکن و کارگاه‌ها", fill_places),
    ("تجهیزات کارگاهی", fill_equipment),
    ("شناسنامه‌های خدمت", fill_service_cards),
    ("مربیان", fill_trainers),
    ("استانداردها و دوره‌های آموزشی", fill_courses),
    ("کارآموزان، ثبت‌نام‌ها و مشاوره", fill_registrations),
    ("گواهینامه‌ها و استعلام‌ها", fill_certificates),
    ("خیّران، مشارکت‌ها، داوطلبان، هزینه‌کرد و صورتحساب بانک", fill_participation),
    ("کارگاه‌های آموزشی تسهیلگران (بهزیستی)", fill_workshops),
    ("درخواست‌های مردمی، نظرسنجی و پرسش‌های متداول", fill_feedback),
]


@access.operation(access.SETTINGS)
def fill_demo(ctx: AppContext, report: Callable[[str], None] = print, agency: str = "tvto") -> None:
    """Fill every section; ``agency="welfare"`` makes the office a Welfare office."""
    for title, filler in DEMO_FILLERS:
        if agency == "welfare" and filler is fill_office:
            filler = fill_welfare_office
        report(f"داده‌های نمونه: {title}")
        filler(ctx)


#: A file the demo writes into its data folder: this folder holds demo data only.
DEMO_MARKER = "demo-data.txt"
#: What a data folder of Miz holds besides the database (the demo may refill those).
_MIZ_FILES = frozenset(
    {"miz.sqlite3", "miz.sqlite3-wal", "miz.sqlite3-shm", "workstation.json", DEMO_MARKER}
)
#: Tables whose rows mean someone worked in this folder (all Records live beside them).
_WORK_TABLES = ("settings", "users", "audit_log", "trainees", "courses", "places", "trainers")


def demo_refusal(data_dir: Path) -> str | None:
    """Why ``miz demo`` must not touch ``data_dir`` (real data or other files), or None.

    A folder is safe when it does not exist, is empty, was filled by the demo before
    (``DEMO_MARKER``), or holds only a Miz database nobody has worked in yet.
    """
    if not data_dir.exists():
        return None
    if not data_dir.is_dir():
        return f"{isolate(str(data_dir))} یک پرونده است، نه پوشه؛ پوشهٔ دیگری برگزینید."
    if (data_dir / DEMO_MARKER).exists():
        return None
    others = sorted(p.name for p in data_dir.iterdir() if p.name not in _MIZ_FILES)
    if others:
        return (
            f"پوشهٔ {isolate(str(data_dir))} پرونده‌های دیگری دارد "
            f"({isolate(', '.join(others[:3]))}) و داده‌های نمونه در آن ساخته نمی‌شود. "
            "یک پوشهٔ خالی برگزینید: miz demo --data-dir <پوشهٔ تازه>"
        )
    database = data_dir / "miz.sqlite3"
    if database.exists() and _has_work(database):
        return (
            f"پوشهٔ {isolate(str(data_dir))} داده‌های واقعی یک اداره را دارد "
            "(مشخصات اداره، کاربران یا پرونده‌ها) و داده‌های نمونه روی آن نوشته نمی‌شود؛ "
            "چیزی تغییر نکرد. برای نمونه یک پوشهٔ خالی برگزینید: "
            "miz demo --data-dir <پوشهٔ تازه>"
        )
    return None


def _has_work(database: Path) -> bool:
    """True if any table where people's work lands has a row (read-only look)."""
    uri = f"file:{database}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as conn:
        names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        for table in _WORK_TABLES:
            if table in names and conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone():
                return True
    return False


def mark_demo(data_dir: Path) -> None:
    """Record that ``data_dir`` holds demo data (so the demo may fill it again)."""
    (data_dir / DEMO_MARKER).write_text(
        "This folder holds invented demo data of Miz (miz demo). Not a real office.\n"
        "این پوشه داده‌های نمونهٔ میز را دارد، نه داده‌های یک ادارهٔ واقعی.\n",
        encoding="utf-8",
    )
