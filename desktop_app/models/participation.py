"""People's participation (seed 004, «ساماندهی مشارکت‌های مردمی و خدمات داوطلبانه»):
benefactors, gifts and their receipts, the office's extra intention areas, volunteers
and their hours, allocations from the participation account, and the bank statement
lines reconciled against electronic gifts. No Qt; any thread.

``Benefactor`` (خیّر) is a person (national code), an organization (legal-entity id)
or anonymous (بی‌نام). **Natural keys** (``__natural_keys__``, merged by sync when two
counters register the same benefactor): ``national_code`` for a person, ``legal_id``
for an organization — each unique among live benefactors (partial unique indexes, as
``Trainee.national_code``); an anonymous benefactor has neither and is never merged.

``Gift`` (مشارکت) is one gift of kind ``cash`` / ``in_kind`` / ``service`` and IS its
receipt (رسید مشارکت): ``receipt_no`` is a code of ``numbering.next_code``
(``OFFICE-COUNTER-NUMBER``, ``Numbered``), unique everywhere; ``print_count`` makes a
reprint say «المثنی»; a mistake is cancelled (``cancelled_on`` + ``cancel_reason``),
never deleted. ``bank_ref`` (the bank's reference code of an electronic gift) is unique
per channel among live, uncancelled gifts. The intention (نیت) is ``general``, an
``area`` (``intention_area``) or one ``client`` (``client_name`` and
``client_national_code``, shown only to supervisors). An in-kind gift is a list of
``GiftItem`` rows (description, quantity, unit, estimated value in rials, in the order
typed); the gift's ``amount`` is their total and ``item_description`` a summary of
them (for lists and search); condition, storage and receiver are the delivery's. A
service gift keeps what, by whom, hours/sessions and the center served.

``GiftItem`` is one line of an in-kind gift (``gift_id``, ``position``). Gifts are
never edited, so its items are written once with the gift. Migration ``0023`` turned
each earlier one-item gift into one item whose id is ``uuid5(GIFT_ITEM_NAMESPACE,
gift id)``: every workstation and the server migrate to the same row.

``ParticipationArea`` extends the built-in vocabulary of intention areas per office.

``Volunteer`` (داوطلب) is unique by national code among live rows (its natural key); ``VolunteerHours``
is one stretch of service at a center.

``Allocation`` (هزینه‌کرد) spends an intention's cash (``amount``) or hands out one
in-kind gift (``gift_id``); proposed by a clerk, approved or rejected by a supervisor.
An in-kind gift is handed out at most once (partial unique index on live, unrejected
hand-outs).

``BankStatementLine`` is one row of the participation account's statement; its
``line_key`` (a hash of the row's date, amount, reference and description plus its
occurrence number in the file) is unique, so importing a statement twice adds nothing.
A proposed match (``gift_id``) is confirmed by a clerk (``confirmed_on``).
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, Uuid, case, literal, text
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.elements import ColumnElement

from .base import Record
from .numbering import Numbered

_LIVE = text("deleted_at IS NULL")


class Benefactor(Record):
    """خیّر: a person, an organization or anonymous."""

    __tablename__ = "benefactors"
    #: a person's national code, an organization's legal-entity id (anonymous: neither)
    __natural_keys__ = (("national_code",), ("legal_id",))

    kind: Mapped[str] = mapped_column(String(12), default="person")  # person|organization|anonymous
    national_code: Mapped[str] = mapped_column(String(10), default="")
    legal_id: Mapped[str] = mapped_column(String(11), default="")
    first_name: Mapped[str] = mapped_column(String(80), default="")
    last_name: Mapped[str] = mapped_column(String(80), default="")
    org_name: Mapped[str] = mapped_column(String(200), default="")
    mobile: Mapped[str] = mapped_column(String(11), default="", index=True)
    phone: Mapped[str] = mapped_column(String(14), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    contact_by: Mapped[str] = mapped_column(String(12), default="none")  # sms|phone|mail|none
    note: Mapped[str] = mapped_column(Text, default="")
    name_sort: Mapped[str] = mapped_column(String(400), default="", index=True)
    search_text: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        Index(
            "uq_benefactors_national_code_live",
            "national_code",
            unique=True,
            sqlite_where=text("deleted_at IS NULL AND national_code != ''"),
            postgresql_where=text("deleted_at IS NULL AND national_code != ''"),
        ),
        Index(
            "uq_benefactors_legal_id_live",
            "legal_id",
            unique=True,
            sqlite_where=text("deleted_at IS NULL AND legal_id != ''"),
            postgresql_where=text("deleted_at IS NULL AND legal_id != ''"),
        ),
    )


class Gift(Numbered, Record):
    """مشارکت and its receipt (رسید مشارکت)."""

    __tablename__ = "gifts"
    __code_column__ = "receipt_no"
    __code_width__ = 6

    receipt_no: Mapped[str] = mapped_column(String(40), default="")
    check_code: Mapped[str] = mapped_column(String(12), default="")
    benefactor_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("benefactors.id"), default=None, index=True
    )
    benefactor_name: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str] = mapped_column(String(10), default="cash")  # cash|in_kind|service
    received_on: Mapped[date] = mapped_column(Date, default=date.today, index=True)
    amount: Mapped[int] = mapped_column(Integer, default=0)  # rial; in kind: estimated value
    channel: Mapped[str] = mapped_column(String(12), default="")
    bank_ref: Mapped[str] = mapped_column(String(40), default="")
    intention: Mapped[str] = mapped_column(String(10), default="general")  # general|area|client
    intention_area: Mapped[str] = mapped_column(String(40), default="")
    client_name: Mapped[str] = mapped_column(String(200), default="")
    client_national_code: Mapped[str] = mapped_column(String(10), default="")
    center: Mapped[str] = mapped_column(String(200), default="")
    item_description: Mapped[str] = mapped_column(Text, default="")  # in kind: the items' summary
    condition: Mapped[str] = mapped_column(String(12), default="")
    storage: Mapped[str] = mapped_column(String(200), default="")
    received_by: Mapped[str] = mapped_column(String(120), default="")
    service_what: Mapped[str] = mapped_column(Text, default="")
    service_by: Mapped[str] = mapped_column(String(200), default="")
    hours: Mapped[int] = mapped_column(Integer, default=0)
    sessions: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(Text, default="")
    clerk_name: Mapped[str] = mapped_column(String(120), default="")
    print_count: Mapped[int] = mapped_column(Integer, default=0)
    cancelled_on: Mapped[date | None] = mapped_column(Date, default=None)
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    cancelled_by: Mapped[str] = mapped_column(String(120), default="")
    search_text: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        Index("uq_gifts_receipt_no", "receipt_no", unique=True),
        Index(
            "uq_gifts_channel_bank_ref_live",
            "channel",
            "bank_ref",
            unique=True,
            sqlite_where=text("deleted_at IS NULL AND cancelled_on IS NULL AND bank_ref != ''"),
            postgresql_where=text("deleted_at IS NULL AND cancelled_on IS NULL AND bank_ref != ''"),
        ),
        Index("ix_gifts_bank_ref", "bank_ref"),
        # The services report's monthly counts, one index range per office and month
        # (models.office_figures.monthly_rows; migration 0027).
        Index(
            "ix_gifts_report",
            "origin_office",
            "received_on",
            "cancelled_on",
            sqlite_where=_LIVE,
            postgresql_where=_LIVE,
        ),
    )


def intention_key(intention: str, area: str = "", client_code: str = "") -> str:
    """The account an intention's money belongs to: ``general``, ``area:children``,
    ``client:0012345678`` (``intention_key_of`` is the same rule in SQL)."""
    if intention == "area":
        return f"area:{area}"
    if intention == "client":
        return f"client:{client_code}"
    return "general"


def intention_key_of(gift: Any) -> ColumnElement[str]:
    """A gift's intention key in SQL — ``general``, ``area:<area>``, ``client:<code>``:
    what an ``Allocation.intention_key`` names. ``gift`` is ``Gift`` or the ``gifts``
    table's columns (the server's rules have no ORM rows); one rule for both."""
    return case(
        (gift.intention == "area", literal("area:") + gift.intention_area),
        (gift.intention == "client", literal("client:") + gift.client_national_code),
        else_=literal("general"),
    )


#: Namespace of the ids migration 0023 gave the items of earlier one-item gifts.
GIFT_ITEM_NAMESPACE = uuid.UUID("6f1d3a52-8c0e-4f57-9a8e-2d7b1c4e5a90")


class GiftItem(Record):
    """One line of an in-kind gift: what, how many, in what unit, worth how much."""

    __tablename__ = "gift_items"

    gift_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("gifts.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    description: Mapped[str] = mapped_column(Text, default="")
    quantity: Mapped[int] = mapped_column(Integer, default=0)
    unit: Mapped[str] = mapped_column(String(20), default="")
    value: Mapped[int] = mapped_column(Integer, default=0)  # rial: estimated, the whole line


class ParticipationArea(Record):
    """An intention area the office added to the built-in ones."""

    __tablename__ = "participation_areas"

    key: Mapped[str] = mapped_column(String(40), default="")
    title: Mapped[str] = mapped_column(String(120), default="")

    __table_args__ = (
        Index("uq_participation_areas_key_live", "key", unique=True, sqlite_where=_LIVE,
              postgresql_where=_LIVE),
    )  # fmt: skip


class Volunteer(Record):
    """داوطلب: a person offering their time and skills."""

    __tablename__ = "volunteers"
    __natural_keys__ = (("national_code",),)

    national_code: Mapped[str] = mapped_column(String(10), default="")
    first_name: Mapped[str] = mapped_column(String(80), default="")
    last_name: Mapped[str] = mapped_column(String(80), default="")
    mobile: Mapped[str] = mapped_column(String(11), default="")
    skills: Mapped[str] = mapped_column(Text, default="")
    availability: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    name_sort: Mapped[str] = mapped_column(String(200), default="", index=True)
    search_text: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        Index("uq_volunteers_national_code_live", "national_code", unique=True,
              sqlite_where=_LIVE, postgresql_where=_LIVE),
    )  # fmt: skip


class VolunteerHours(Record):
    """Hours of service a volunteer gave at a center on a day."""

    __tablename__ = "volunteer_hours"

    volunteer_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("volunteers.id"), index=True)
    served_on: Mapped[date] = mapped_column(Date, default=date.today)
    center: Mapped[str] = mapped_column(String(200), default="")
    hours: Mapped[int] = mapped_column(Integer, default=0)
    activity: Mapped[str] = mapped_column(Text, default="")


class Allocation(Record):
    """هزینه‌کرد: cash spent from an intention, or an in-kind gift handed out."""

    __tablename__ = "allocations"

    intention_key: Mapped[str] = mapped_column(String(60), default="general", index=True)
    gift_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("gifts.id"), default=None, index=True
    )
    amount: Mapped[int] = mapped_column(Integer, default=0)
    purpose: Mapped[str] = mapped_column(Text, default="")
    recipient: Mapped[str] = mapped_column(String(200), default="")
    proposed_on: Mapped[date] = mapped_column(Date, default=date.today)
    proposed_by: Mapped[str] = mapped_column(String(120), default="")
    state: Mapped[str] = mapped_column(String(10), default="proposed")  # proposed|approved|rejected
    decided_on: Mapped[date | None] = mapped_column(Date, default=None)
    decided_by: Mapped[str] = mapped_column(String(120), default="")
    decision_note: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        Index(
            "uq_allocations_gift_handout",
            "gift_id",
            unique=True,
            sqlite_where=text("deleted_at IS NULL AND gift_id IS NOT NULL AND state != 'rejected'"),
            postgresql_where=text(
                "deleted_at IS NULL AND gift_id IS NOT NULL AND state != 'rejected'"
            ),
        ),
    )


class BankStatementLine(Record):
    """One row of the participation account's bank statement."""

    __tablename__ = "bank_statement_lines"

    line_key: Mapped[str] = mapped_column(String(64), default="")
    booked_on: Mapped[date] = mapped_column(Date, default=date.today, index=True)
    amount: Mapped[int] = mapped_column(Integer, default=0)
    bank_ref: Mapped[str] = mapped_column(String(40), default="", index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    source_file: Mapped[str] = mapped_column(String(200), default="")
    gift_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("gifts.id"), default=None, index=True
    )
    confirmed_on: Mapped[date | None] = mapped_column(Date, default=None)
    confirmed_by: Mapped[str] = mapped_column(String(120), default="")

    __table_args__ = (Index("uq_bank_statement_lines_line_key", "line_key", unique=True),)
