"""Realistic demo data for a data folder (``miz demo --data-dir DIR``).

Each section adds its own filler to ``DEMO_FILLERS`` (in dependency order);
``fill_demo`` runs them all in one call so a demo folder is complete or absent.
The data is invented but realistic; photos are generated, never of real people.
No Qt; any thread.
"""

from __future__ import annotations

from collections.abc import Callable

from desktop_app.documents.office import OfficeSettings
from desktop_app.services.core.context import AppContext
from desktop_app.services.demo.demo_certificates import fill_certificates
from desktop_app.services.demo.demo_courses import fill_courses
from desktop_app.services.demo.demo_equipment import fill_equipment
from desktop_app.services.demo.demo_feedback import fill_feedback
from desktop_app.services.demo.demo_places import fill_places
from desktop_app.services.demo.demo_registration import fill_registrations
from desktop_app.services.demo.demo_service_cards import fill_service_cards
from desktop_app.services.demo.demo_trainers import fill_trainers
from desktop_app.services.office.settings import save_office_settings

DemoFiller = Callable[[AppContext], None]


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


DEMO_FILLERS: list[tuple[str, DemoFiller]] = [
    ("مشخصات اداره", fill_office),
    ("اماکن و کارگاه‌ها", fill_places),
    ("تجهیزات کارگاهی", fill_equipment),
    ("شناسنامه‌های خدمت", fill_service_cards),
    ("مربیان", fill_trainers),
    ("استانداردها و دوره‌های آموزشی", fill_courses),
    ("کارآموزان، ثبت‌نام‌ها و مشاوره", fill_registrations),
    ("گواهینامه‌ها و استعلام‌ها", fill_certificates),
    ("درخواست‌های مردمی، نظرسنجی و پرسش‌های متداول", fill_feedback),
]


def fill_demo(ctx: AppContext, report: Callable[[str], None] = print) -> None:
    for title, filler in DEMO_FILLERS:
        report(f"داده‌های نمونه: {title}")
        filler(ctx)
