"""Export and import of the service catalog: JSON (versioned) and Excel.

The JSON format is documented in ``docs/service-cards-json.md``::

    {"format": "miz.service-cards", "version": 1, "cards": [ {...}, ... ]}

Import checks each card on its own (shape, then the same validation as the form),
imports every good one, and reports each bad one with its index and reason. No Qt;
worker threads, CLI and tests (one short session per saved card).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desktop_app.documents.service_card_data import (
    AUDIENCES,
    LEVELS,
    LIFE_EVENTS,
    NATURES,
    PERIODS,
    CardFormatError,
    ServiceCardData,
    card_from_dict,
)
from desktop_app.models import ServiceCard, live
from desktop_app.persian import normalize_code, to_persian_digits
from desktop_app.persian.bidi import isolate
from desktop_app.services.accounts import access
from desktop_app.services.accounts.audit import record_event_now
from desktop_app.services.catalog.service_cards import CardValidationError, _to_data, save_card
from desktop_app.services.core.context import AppContext
from desktop_app.services.core.errors import ServiceError
from desktop_app.services.core.excel import write_sheet
from desktop_app.services.core.problems import explain

FORMAT = "miz.service-cards"
VERSION = 1


@dataclass
class ImportProblem:
    """A card of the file that was not imported: its position (0-based) and why."""

    index: int
    title: str
    reason: str

    def __str__(self) -> str:
        where = f"شناسنامهٔ {to_persian_digits(self.index + 1)}"
        if self.title:
            where += f" («{self.title}»)"
        return f"{where}: {self.reason}"


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    problems: list[ImportProblem] = field(default_factory=list)


@access.operation(access.EXPORT)
def export_cards(ctx: AppContext) -> list[ServiceCardData]:
    """Every live card, ordered by creation (stable across exports)."""
    with ctx.session() as session:
        rows = session.scalars(
            select(ServiceCard)
            .where(live(ServiceCard))
            .order_by(ServiceCard.created_at, ServiceCard.id)
        )
        return [_to_data(row) for row in rows]


def catalog_document(cards: list[ServiceCardData]) -> dict[str, Any]:
    """The JSON document of ``cards`` (without the record versions, which are local)."""
    items = []
    for card in cards:
        item = card.to_dict()
        item.pop("version")
        items.append(item)
    return {"format": FORMAT, "version": VERSION, "cards": items}


@access.operation(access.EXPORT)
def export_json(ctx: AppContext, path: Path) -> int:
    """Write the catalog to ``path``; return how many cards were written (audited)."""
    document = catalog_document(export_cards(ctx))
    text = json.dumps(document, ensure_ascii=False, indent=2)
    path.write_text(text + "\n", encoding="utf-8")
    count = len(document["cards"])
    record_event_now(ctx, "export", "service_cards", None, f"{count} شناسنامه → {path.name}")
    return count


def read_catalog(path: Path) -> list[Any]:
    """The ``cards`` list of a catalog file, or ``ServiceError`` if it is not one."""
    try:
        document = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ServiceError(f"پرونده خوانده نشد: {explain(exc).message}") from None
    except json.JSONDecodeError as exc:
        raise ServiceError(f"پرونده JSON درستی نیست (سطر {exc.lineno}).") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ServiceError(
            f"این پرونده فهرست شناسنامه‌های خدمت میز نیست ({isolate(f'format={FORMAT}')})."
        )
    if document.get("version") != VERSION:
        raise ServiceError(
            f"نسخهٔ {document.get('version')} این قالب را این نسخه از میز نمی‌شناسد "
            f"(نسخهٔ شناخته‌شده: {VERSION})."
        )
    cards = document.get("cards")
    if not isinstance(cards, list):
        raise ServiceError(f"«{isolate('cards')}» در پرونده باید یک فهرست باشد.")
    return cards


@access.operation(access.ENTER)
def import_json(ctx: AppContext, path: Path) -> ImportReport:
    """Import every good card of ``path``; report the bad ones.

    A card whose ``id`` exists here updates it; a card whose id is unknown (or
    missing) but whose service code matches a live card updates that card; any
    other card is created with the file's id, so export then import elsewhere
    keeps ids.
    """
    report = ImportReport()
    for index, item in enumerate(read_catalog(path)):
        title = item.get("title", "") if isinstance(item, dict) else ""
        title = title if isinstance(title, str) else ""
        try:
            card = card_from_dict({**item, "version": 0} if isinstance(item, dict) else item)
            created = _import_one(ctx, card)
        except CardValidationError as exc:
            reason = "؛ ".join(message for _field, message in exc.errors)
            report.problems.append(ImportProblem(index, title, reason))
        except (CardFormatError, ServiceError) as exc:
            report.problems.append(ImportProblem(index, title, exc.message))
        else:
            if created:
                report.created += 1
            else:
                report.updated += 1
    return report


def _import_one(ctx: AppContext, card: ServiceCardData) -> bool:
    """Save one imported card; True if it was created."""
    with ctx.session() as session:
        existing = None
        if card.id:
            existing = session.get(ServiceCard, _uuid(card.id))
        code = normalize_code(card.service_code)
        if existing is None and code:
            existing = session.scalars(
                select(ServiceCard).where(ServiceCard.service_code == code, live(ServiceCard))
            ).first()
        if existing is not None and existing.is_deleted:
            raise ServiceError("این شناسنامه در این میز حذف شده است؛ وارد نشد.")
        target = (str(existing.id), existing.version) if existing is not None else None
    if target is not None:
        save_card(ctx, replace(card, id=target[0], version=target[1]))
        return False
    save_card(ctx, replace(card, id=None, version=0), new_id=_uuid(card.id) if card.id else None)
    return True


def _uuid(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        raise CardFormatError(f"شناسهٔ «{text}» یک UUID نیست.") from None


# --- Excel ----------------------------------------------------------------------------

EXCEL_COLUMNS = (
    "عنوان خدمت",
    "شناسه خدمت",
    "دستگاه اجرایی",
    "دستگاه مادر",
    "نوع خدمت",
    "ماهیت خدمت",
    "سطح خدمت",
    "رویدادهای مرتبط",
    "آمار خدمت‌گیرندگان",
    "دوره آمار",
    "نام سامانه",
    "واحد مربوط",
    "تلفن",
    "پست الکترونیک",
)


@access.operation(access.EXPORT)
def export_excel(ctx: AppContext, path: Path, ids: list[str] | None = None) -> int:
    """Write the catalog list to an .xlsx sheet (right to left); return the row count.

    ``ids``: only these cards, in this order (the list as the clerk filtered it)."""
    cards = export_cards(ctx)
    if ids is not None:
        by_id = {card.id: card for card in cards}
        cards = [by_id[i] for i in ids if i in by_id]
    rows = (
        [
            card.title,
            card.service_code,
            card.agency,
            card.parent_agency,
            "، ".join(a for a in card.audiences if a in AUDIENCES),
            NATURES.get(card.nature, ""),
            LEVELS.get(card.level, ""),
            "، ".join(LIFE_EVENTS[e] for e in card.life_events),
            card.recipients_count,
            PERIODS.get(card.recipients_period, ""),
            card.system_name,
            card.contact_unit,
            card.phone,
            card.email,
        ]
        for card in cards
    )
    widths = (50, 14, 40, 30, 18, 12, 10, 30, 12, 8, 30, 20, 14, 24)
    count = write_sheet(path, "شناسنامه‌های خدمت", EXCEL_COLUMNS, rows, widths)
    record_event_now(ctx, "export", "service_cards", None, f"{count} شناسنامه → {path.name}")
    return count
