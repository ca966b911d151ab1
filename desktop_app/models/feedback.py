"""Requests from the public, the office's work calendar, surveys and FAQ of each service
card (seeds 002, 003). No Qt; any thread.

``PublicRequest`` (نظر، پیشنهاد، شکایت، گزارش تخلف اداری) is one request registered at the
counter or by phone, about a service card and a department, from a named contact or
anonymous. Its ``tracking_code`` is a code of the shared numbering
(``models.numbering.next_code``: ``OFFICE-COUNTER-NUMBER``, so two counters of one office
never hand out the same one) and unique among live rows; codes printed before in the
office form ``2701-R000012`` stay as printed and are found as typed. A complaint or violation report walks received → assigned → answered →
closed (or referred); each step keeps who took it and when. ``due_on`` is the answer
deadline in working days from ``WorkCalendar``. ``employee_name`` names an employee the
complaint is about: only supervisors see such a request.

``WorkCalendar`` is one Jalali year of the office's deadline table: how many working days
a request may wait for its answer (its service's own in ``service_days``, else its kind's
own in ``kind_days``, else ``answer_days``) and the official holidays of that year.

``SurveyQuestion`` rows are a service card's questionnaire (1–5 scale each);
``SurveyAnswer`` is one filled form (scores in question order, free text).
``Faq`` is one question and answer kept with a service card.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Uuid,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from .base import Record, utcnow
from .numbering import Numbered

_LIVE = text("deleted_at IS NULL")


class PublicRequest(Numbered, Record):
    """One opinion, suggestion, complaint or violation report and what became of it."""

    __tablename__ = "public_requests"
    __code_column__ = "tracking_code"
    __code_width__ = 6

    tracking_code: Mapped[str] = mapped_column(String(40), default="")
    kind: Mapped[str] = mapped_column(String(12), default="opinion")
    channel: Mapped[str] = mapped_column(String(10), default="counter")  # counter | phone
    service_card_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("service_cards.id"), index=True
    )
    department: Mapped[str] = mapped_column(String(200), default="")
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_phone: Mapped[str] = mapped_column(String(20), default="")
    employee_name: Mapped[str] = mapped_column(String(200), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(12), default="received", index=True)
    received_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )
    received_by: Mapped[str] = mapped_column(String(200), default="")
    due_on: Mapped[date | None] = mapped_column(Date, default=None, index=True)
    assigned_to: Mapped[str] = mapped_column(String(200), default="")
    assigned_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    assigned_by: Mapped[str] = mapped_column(String(200), default="")
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    answered_by: Mapped[str] = mapped_column(String(200), default="")
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    closed_by: Mapped[str] = mapped_column(String(200), default="")
    referred_to: Mapped[str] = mapped_column(String(200), default="")
    referred_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    referred_by: Mapped[str] = mapped_column(String(200), default="")
    search_text: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        Index(
            "uq_public_requests_tracking_code_live",
            "tracking_code",
            unique=True,
            sqlite_where=_LIVE,
            postgresql_where=_LIVE,
        ),
        # The services report's monthly counts, one index range per office and month
        # (models.office_figures.monthly_rows; migration 0027).
        Index(
            "ix_public_requests_report",
            "origin_office",
            "service_card_id",
            "kind",
            "state",
            "received_at",
            "due_on",
            "answered_at",
            sqlite_where=_LIVE,
            postgresql_where=_LIVE,
        ),
    )


class WorkCalendar(Record):
    """One Jalali year of the office's deadline table: answer days and holidays."""

    __tablename__ = "work_calendars"

    year: Mapped[int] = mapped_column(Integer, default=0)
    answer_days: Mapped[int] = mapped_column(Integer, default=10)
    #: {"complaint": 7, …}: answer days of a request kind; a kind not named: ``answer_days``
    kind_days: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    #: {"<service card id>": 15, …}: a service's own answer days (its SLA); before the kind's
    service_days: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    #: [{"on": "2026-03-21", "title": "نوروز"}, …] (Gregorian ISO dates, inside ``year``)
    holidays: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)

    __table_args__ = (
        Index(
            "uq_work_calendars_office_year_live",
            "origin_office",
            "year",
            unique=True,
            sqlite_where=_LIVE,
            postgresql_where=_LIVE,
        ),
    )


class SurveyQuestion(Record):
    """One question of a service card's satisfaction survey (answered 1–5)."""

    __tablename__ = "survey_questions"

    service_card_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("service_cards.id"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(String(300), default="")


class SurveyAnswer(Record):
    """One filled survey: the scores in question order and the free text."""

    __tablename__ = "survey_answers"

    service_card_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("service_cards.id"), index=True
    )
    answered_on: Mapped[date] = mapped_column(Date, default=date.today, index=True)
    #: [{"question_id": "…", "question": "…", "score": 4}, …]
    scores: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    average: Mapped[float] = mapped_column(default=0.0)
    comment: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(10), default="paper")  # paper | kiosk

    __table_args__ = (
        # The services report's monthly counts, one index range per office and month
        # (models.office_figures.monthly_rows; migration 0027).
        Index(
            "ix_survey_answers_report",
            "origin_office",
            "service_card_id",
            "answered_on",
            "average",
            sqlite_where=_LIVE,
            postgresql_where=_LIVE,
        ),
    )


class Faq(Record):
    """پرسش متداول: one question and its answer, kept with a service card."""

    __tablename__ = "faqs"

    service_card_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("service_cards.id"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    question: Mapped[str] = mapped_column(String(500), default="")
    answer: Mapped[str] = mapped_column(Text, default="")
    search_text: Mapped[str] = mapped_column(Text, default="")
