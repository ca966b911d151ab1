"""The catalog list of service cards: a ``Listing`` with search, filters and sort.

Filters: ``audience`` and ``life_event`` (membership in the card's JSON lists),
``level`` and ``agency`` (equality), ``agency_part`` (part of the agency's name, in any
script). Search is the shared word-by-word match on ``search_text`` (title, code,
agency, description in any script). ``list_cards`` gives every card the list would show
(CLI, tests); ``export_list_excel`` writes the cards the list shows now (same query) to
an Excel sheet.

No Qt; worker threads (through ``ui.tasks``), CLI and tests.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import String, cast, func, select
from sqlalchemy.sql.elements import ColumnElement

from desktop_app.models import ServiceCard, live
from desktop_app.persian import normalize
from desktop_app.services.accounts import access
from desktop_app.services.catalog.service_card_io import export_excel
from desktop_app.services.catalog.service_cards import delete_card, duplicate_card
from desktop_app.services.core.context import AppContext
from desktop_app.services.core.listing import Listing, ListQuery

__all__ = [
    "SERVICE_CARDS",
    "ServiceCardRow",
    "agency_choices",
    "card_page",
    "count_cards",
    "delete_card_row",
    "duplicate_card_row",
    "export_list_excel",
    "list_cards",
]


@dataclass(frozen=True)
class ServiceCardRow:
    """One row of the catalog list."""

    id: uuid.UUID
    title: str
    service_code: str | None
    agency: str
    audiences: list[str]
    level: str
    recipients_count: int | None


def _member(column: Any) -> Any:
    """A filter: ``value`` is one of the keys in the JSON list ``column``.

    Keys are plain ASCII words, stored as ``["G2C", "G2B"]``: the quoted key matches
    exactly one item.
    """

    def condition(value: Any) -> ColumnElement[bool]:
        return cast(column, String).like(f'%"{value}"%')

    return condition


def _agency_part(value: Any) -> ColumnElement[bool]:
    """A filter: the agency's name contains ``value`` (typed in any script)."""
    return func.instr(ServiceCard.agency, normalize(str(value))) > 0


SERVICE_CARDS: Listing[ServiceCardRow] = Listing(
    model=ServiceCard,
    row=ServiceCardRow,
    columns={
        "id": ServiceCard.id,
        "title": ServiceCard.title,
        "service_code": ServiceCard.service_code,
        "agency": ServiceCard.agency,
        "audiences": ServiceCard.audiences,
        "level": ServiceCard.level,
        "recipients_count": ServiceCard.recipients_count,
    },
    search_column=ServiceCard.search_text,
    filters={
        "audience": _member(ServiceCard.audiences),
        "life_event": _member(ServiceCard.life_events),
        "level": ServiceCard.level,
        "agency": ServiceCard.agency,
        "agency_part": _agency_part,
    },
    default_sort="title",
)
#: More cards than any catalog holds: ``list_cards`` reads them all in one page.
_ALL = 100_000


@access.operation(access.SIGNED_IN)
def count_cards(ctx: AppContext, query: ListQuery) -> int:
    return SERVICE_CARDS.count(ctx, query)


@access.operation(access.SIGNED_IN)
def card_page(ctx: AppContext, query: ListQuery, offset: int, limit: int) -> list[ServiceCardRow]:
    return SERVICE_CARDS.page(ctx, query, offset, limit)


@access.operation(access.SIGNED_IN)
def list_cards(
    ctx: AppContext,
    search: str = "",
    *,
    audience: str | None = None,
    level: str | None = None,
    agency: str | None = None,
    life_event: str | None = None,
) -> list[ServiceCardRow]:
    """Every live card the catalog list shows for ``search`` and these filters, by title:
    the list's own search (any script or keyboard, word by word); ``agency`` matches
    part of the agency's name."""
    query = ListQuery(search=search, sort="title")
    for key, value in (
        ("audience", audience),
        ("level", level),
        ("agency_part", agency),
        ("life_event", life_event),
    ):
        query = query.with_filter(key, value)
    return SERVICE_CARDS.page(ctx, query, 0, _ALL)


@access.operation(access.SIGNED_IN)
def agency_choices(ctx: AppContext) -> list[tuple[str, str]]:
    """The agencies of the live cards, for the agency filter (value, label)."""
    with ctx.session() as session:
        names = session.scalars(
            select(ServiceCard.agency)
            .where(live(ServiceCard), ServiceCard.agency != "")
            .distinct()
            .order_by(ServiceCard.agency)
        )
        return [(name, name) for name in names]


@access.operation(access.DELETE)
def delete_card_row(ctx: AppContext, card_id: uuid.UUID) -> None:
    delete_card(ctx, str(card_id))


@access.operation(access.ENTER)
def duplicate_card_row(ctx: AppContext, card_id: uuid.UUID) -> uuid.UUID:
    """Duplicate the card; the id of the copy."""
    copy = duplicate_card(ctx, str(card_id))
    assert copy.id is not None
    return uuid.UUID(copy.id)


@access.operation(access.EXPORT)
def export_list_excel(ctx: AppContext, query: ListQuery, path: Path) -> int:
    """Write the cards matching ``query`` (search and filters, in its order) to ``path``."""
    total = count_cards(ctx, query)
    ids = [row.id for row in card_page(ctx, query, 0, total)]
    return export_excel(ctx, path, ids=[str(i) for i in ids])
