"""The service identity card (شناسنامه خدمت) table. No Qt; any thread.

Scalars of the official form ("ضمیمه ۱") are columns; its repeated or structured
parts (audiences, life events, triggers, fee rows, URLs, the five stages with their
channels and reasons, the offices a visit goes to, links with other systems, process titles) are JSON columns
holding plain lists/dicts (see ``documents.service_card_data`` for their shape).

The service code is unique among live cards when it is present: a partial unique
index (``WHERE service_code IS NOT NULL AND service_code <> '' AND deleted_at IS
NULL``) that SQLite and PostgreSQL both understand, so a card whose code is not yet
assigned never collides and a tombstoned card does not block re-entering its code.
``search_text`` holds ``persian.search_key`` of title, code, agency and description.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Record

_CODE_PRESENT = text("service_code IS NOT NULL AND service_code <> '' AND deleted_at IS NULL")


class ServiceCard(Record):
    """One service of the office's catalog, every field of the official card."""

    __tablename__ = "service_cards"
    __table_args__ = (
        Index(
            "uq_service_cards_service_code",
            "service_code",
            unique=True,
            sqlite_where=_CODE_PRESENT,
            postgresql_where=_CODE_PRESENT,
        ),
        Index("ix_service_cards_agency", "agency"),
    )

    # 1-3
    title: Mapped[str] = mapped_column(String(500), default="")
    service_code: Mapped[str | None] = mapped_column(String(11), default=None)
    agency: Mapped[str] = mapped_column(String(500), default="")
    parent_agency: Mapped[str] = mapped_column(String(500), default="")
    # 4
    description: Mapped[str] = mapped_column(Text, default="")
    audiences: Mapped[list[str]] = mapped_column(JSON, default=list)
    nature: Mapped[str] = mapped_column(String(20), default="")
    level: Mapped[str] = mapped_column(String(20), default="")
    life_events: Mapped[list[str]] = mapped_column(JSON, default=list)
    life_event_other: Mapped[str] = mapped_column(String(500), default="")
    triggers: Mapped[list[str]] = mapped_column(JSON, default=list)
    trigger_other: Mapped[str] = mapped_column(String(500), default="")
    required_documents: Mapped[str] = mapped_column(Text, default="")
    regulations: Mapped[str] = mapped_column(Text, default="")
    # 5
    recipients_count: Mapped[int | None] = mapped_column(Integer, default=None)
    recipients_period: Mapped[str] = mapped_column(String(10), default="")
    avg_duration: Mapped[str] = mapped_column(String(500), default="")
    frequency_once: Mapped[bool] = mapped_column(Boolean, default=False)
    frequency_count: Mapped[int | None] = mapped_column(Integer, default=None)
    frequency_period: Mapped[str] = mapped_column(String(10), default="")
    in_person_visits: Mapped[str] = mapped_column(String(200), default="")
    fees: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # 6
    system_name: Mapped[str] = mapped_column(String(500), default="")
    urls: Mapped[list[str]] = mapped_column(JSON, default=list)
    stages: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # "مراجعه به دستگاه: ملی / استانی / شهرستانی" under the stages (seed 000)
    visit_levels: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    # 7/8, 9, 10
    internal_links: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    external_links: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    processes: Mapped[list[str]] = mapped_column(JSON, default=list)
    # footer
    contact_unit: Mapped[str] = mapped_column(String(500), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    filled_by: Mapped[str] = mapped_column(String(200), default="")
    # search_key of title, code, agency and description
    search_text: Mapped[str] = mapped_column(Text, default="")
