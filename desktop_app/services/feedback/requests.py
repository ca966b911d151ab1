"""Requests from the public: register one, walk a complaint through its states, follow
it up by tracking code, and the list with overdue requests standing out.

A request names a service card and a department, the person's contact or «ناشناس», and
its text; its deadline (``due_on``) is ``answer_days`` working days after it was received
(``calendar.WorkDays``). States: received → assigned → answered → closed, or referred
from received/assigned; each step stores who took it and when. A request that names an
employee (``employee_name``) is seen only by supervisors (``APPROVE``): the list filters
it out for everyone else and ``get_request``/``follow_up`` refuse it as not found.

Permissions (``services.accounts.access``): ``register_request`` and ``answer_request``
need ``ENTER``; ``assign_request``, ``refer_request`` and ``close_request`` need
``APPROVE``; reading needs a signed-in actor.

The tracking code comes from ``next_tracking_code`` alone: a code of the shared numbering
(``models.numbering``), so two counters of one office never hand out the same one. No
Qt; any thread.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from desktop_app.documents.feedback import REQUEST_CHANNELS, REQUEST_KINDS, REQUEST_STATES
from desktop_app.models import PublicRequest, ServiceCard, live
from desktop_app.models.limits import text_lengths
from desktop_app.models.numbering import IssuedCode, find_by_code, next_code
from desktop_app.persian import (
    ValidationError,
    normalize,
    normalize_code,
    search_key,
    to_ascii_digits,
    today,
    validate_mobile,
    validate_phone,
)
from desktop_app.services.accounts import access
from desktop_app.services.accounts.access import APPROVE, ENTER, current_actor
from desktop_app.services.core.context import AppContext
from desktop_app.services.core.errors import NotFoundError, ServiceError
from desktop_app.services.core.listing import Listing, ListQuery
from desktop_app.services.core.records import (
    live_record,
    new_record,
    office_code,
    record_for_update,
)
from desktop_app.services.feedback.calendar import WorkDays

REQUEST_LENGTHS = text_lengths(PublicRequest)
OPEN_STATES = ("received", "assigned")
NOT_FOUND = "درخواستی با این کد پیگیری پیدا نشد."
ANONYMOUS = "ناشناس"


# -- the tracking code (the shared numbering, ``models.numbering``) ----------------------


def next_tracking_code(session: Session, office: str) -> IssuedCode:
    """This counter's next tracking code of ``office`` (``2701-2-000012``; a
    never-enrolled workstation: ``2701-000012``); ``code.assign(row)`` stores it.

    Codes printed before this rule (``2701-R000012``, counter 0) keep their numbers in
    the series, so the office form goes on after them and never equals one (no ``R``).
    The partial unique index on ``tracking_code`` stays the last line of defence."""
    return next_code(session, PublicRequest, office)


def _any_phone(text: str) -> str:
    """A mobile number, or a landline with its area code."""
    if normalize_code(text).startswith(("09", "+989", "989")):
        return validate_mobile(text)
    return validate_phone(text)


def tracking_key(text: str) -> str:
    """A tracking code of the old office form as stored (``2701-R000012``) from what was
    typed: any digit script, either letter case, with or without the dash; "" when the
    typed text is not of that form."""
    code = normalize_code(text).upper().replace("-", "")
    split = code.rfind("R")
    return f"{code[:split]}-{code[split:]}" if split > 0 else ""


def find_request(session: Session, text: str) -> PublicRequest | None:
    """The live request whose tracking code is what was typed, in any form (as stored
    first: an office without a code in its settings numbers ``-000012``)."""
    for key in ("".join(to_ascii_digits(text).split()), tracking_key(text)):
        row = session.scalars(
            select(PublicRequest).where(PublicRequest.tracking_code == key, live(PublicRequest))
        ).first()
        if key and row is not None:
            return row
    found = find_by_code(session, PublicRequest, text)
    return found if isinstance(found, PublicRequest) else None


# -- what a form edits -------------------------------------------------------------------


@dataclass
class RequestData:
    """A new request as the counter's form edits it."""

    kind: str = "complaint"
    channel: str = "counter"
    service_card_id: uuid.UUID | None = None
    department: str = ""
    anonymous: bool = False
    contact_name: str = ""
    contact_phone: str = ""
    employee_name: str = ""
    body: str = ""
    id: uuid.UUID | None = None
    version: int = 0

    def validated(self) -> RequestData:
        if self.kind not in REQUEST_KINDS:
            raise ServiceError("نوع درخواست را انتخاب کنید.", "kind")
        if self.channel not in REQUEST_CHANNELS:
            raise ServiceError("راه دریافت (حضوری یا تلفنی) را انتخاب کنید.", "channel")
        if self.service_card_id is None:
            raise ServiceError("خدمتی را که درخواست دربارهٔ آن است انتخاب کنید.", "service_card_id")
        body = normalize(self.body)
        if not body:
            raise ServiceError("متن درخواست را بنویسید.", "body")
        name, phone = normalize(self.contact_name), ""
        if not self.anonymous:
            if not name:
                raise ServiceError(
                    "نام درخواست‌دهنده را وارد کنید یا «ناشناس» را بزنید.", "contact_name"
                )
            if normalize_code(self.contact_phone):
                try:
                    phone = _any_phone(self.contact_phone)
                except ValidationError as exc:
                    raise ServiceError(exc.message, "contact_phone") from exc
        else:
            name = ""
        return RequestData(
            self.kind,
            self.channel,
            self.service_card_id,
            normalize(self.department),
            self.anonymous,
            name,
            phone,
            normalize(self.employee_name),
            body,
            self.id,
            self.version,
        )


@dataclass(frozen=True)
class Step:
    title: str
    by: str
    at: datetime


@dataclass(frozen=True)
class RequestView:
    """One request as the follow-up screen and the documents show it."""

    id: uuid.UUID
    version: int
    tracking_code: str
    kind: str
    channel: str
    service_card_id: uuid.UUID
    service_title: str
    department: str
    anonymous: bool
    contact_name: str
    contact_phone: str
    employee_name: str
    body: str
    state: str
    received_at: datetime
    due_on: date | None
    assigned_to: str
    answer: str
    referred_to: str
    steps: tuple[Step, ...]
    overdue_days: int  # working days past the deadline while still open (0: not late)

    @property
    def contact(self) -> str:
        return ANONYMOUS if self.anonymous else self.contact_name


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _local_date(moment: datetime) -> date:
    return _aware(moment).astimezone().date()


def _view(session: Session, row: PublicRequest, on: date | None = None) -> RequestView:
    card = session.get(ServiceCard, row.service_card_id)
    steps = [Step(REQUEST_STATES["received"], row.received_by, _aware(row.received_at))]
    for state, by, at in (
        ("assigned", row.assigned_by, row.assigned_at),
        ("answered", row.answered_by, row.answered_at),
        ("referred", row.referred_by, row.referred_at),
        ("closed", row.closed_by, row.closed_at),
    ):
        if at is not None:
            steps.append(Step(REQUEST_STATES[state], by, _aware(at)))
    steps.sort(key=lambda s: s.at)
    late = 0
    if row.state in OPEN_STATES and row.due_on is not None:
        late = WorkDays(session).between(row.due_on, on or today())
    return RequestView(
        row.id,
        row.version,
        row.tracking_code,
        row.kind,
        row.channel,
        row.service_card_id,
        card.title if card else "",
        row.department,
        row.anonymous,
        row.contact_name,
        row.contact_phone,
        row.employee_name,
        row.body,
        row.state,
        _aware(row.received_at),
        row.due_on,
        row.assigned_to,
        row.answer,
        row.referred_to,
        tuple(steps),
        late,
    )


def _search_text(row: PublicRequest, service_title: str) -> str:
    return search_key(
        " ".join(
            [
                row.tracking_code,
                REQUEST_KINDS.get(row.kind, ""),
                service_title,
                row.department,
                row.contact_name,
                row.contact_phone,
                row.body[:300],
            ]
        )
    )


@access.operation(access.ENTER)
def register_request(
    ctx: AppContext, data: RequestData, received_at: datetime | None = None
) -> RequestView:
    """Register a new request: its tracking code and deadline (``ENTER``)."""
    actor = current_actor(ctx)
    clean = data.validated()
    with ctx.session() as session:
        card = session.get(ServiceCard, clean.service_card_id)
        if card is None or card.deleted_at is not None:
            raise ServiceError("خدمت انتخاب‌شده پیدا نشد؛ دوباره انتخاب کنید.", "service_card_id")
        office = office_code(session)
        code = next_tracking_code(session, office)
        days = WorkDays(session)
        received = received_at or datetime.now(UTC)
        due = days.due_date(_local_date(received), clean.kind, clean.service_card_id)
        row = new_record(session, PublicRequest)
        code.assign(row)
        for key in (
            "kind",
            "channel",
            "service_card_id",
            "department",
            "anonymous",
            "contact_name",
            "contact_phone",
            "employee_name",
            "body",
        ):
            setattr(row, key, getattr(clean, key))
        row.received_at = received
        row.received_by = actor.display_name
        row.due_on = due
        row.search_text = _search_text(row, card.title)
        session.flush()
        return _view(session, row)


def _may_see(ctx: AppContext, row: PublicRequest) -> bool:
    return not row.employee_name or current_actor(ctx).can(APPROVE)


def _visible(ctx: AppContext, session: Session, record_id: object) -> PublicRequest:
    row = live_record(session, PublicRequest, record_id, NOT_FOUND)
    if not _may_see(ctx, row):
        raise NotFoundError(NOT_FOUND)
    return row


@access.operation(access.SIGNED_IN, "requests naming an employee only with approve")
def get_request(ctx: AppContext, record_id: uuid.UUID) -> RequestView:
    with ctx.session() as session:
        return _view(session, _visible(ctx, session, record_id))


@access.operation(access.SIGNED_IN, "requests naming an employee only with approve")
def follow_up(ctx: AppContext, tracking_code: str) -> RequestView:
    """The request with this tracking code, as the clerk tells its result."""
    if not normalize_code(tracking_code):
        raise ServiceError("کد پیگیری را وارد کنید.", "tracking_code")
    with ctx.session() as session:
        row = find_request(session, tracking_code)
        if row is None or not _may_see(ctx, row):
            raise NotFoundError(NOT_FOUND, "tracking_code")
        return _view(session, row)


# -- the workflow ------------------------------------------------------------------------

#: action → (states it starts from, state it leads to, permission: the one its operation
#: declares, repeated here for the window to offer only what the clerk may do)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "assign": (("received", "assigned"), "assigned", APPROVE),
    "answer": (("received", "assigned"), "answered", ENTER),
    "refer": (("received", "assigned"), "referred", APPROVE),
    "close": (("answered",), "closed", APPROVE),
}
_TEXT_OF = {"assign": "assigned_to", "answer": "answer", "refer": "referred_to"}
_TEXT_MESSAGE = {
    "assign": "نام کارشناسی را که به درخواست رسیدگی می‌کند وارد کنید.",
    "answer": "متن پاسخ را بنویسید.",
    "refer": "مرجعی را که درخواست به آن ارجاع می‌شود وارد کنید.",
}


def _step(
    ctx: AppContext,
    action: str,
    record_id: uuid.UUID,
    version: int,
    value: str = "",
    at: datetime | None = None,
) -> RequestView:
    starts, goal, _permission = TRANSITIONS[action]  # checked by the caller's operation
    actor = current_actor(ctx)
    field = _TEXT_OF.get(action)
    text = normalize(value)
    if field and not text:
        raise ServiceError(_TEXT_MESSAGE[action], field)
    with ctx.session() as session:
        row = record_for_update(session, PublicRequest, record_id, version, NOT_FOUND)
        if not _may_see(ctx, row):
            raise NotFoundError(NOT_FOUND)
        if row.state not in starts:
            raise ServiceError(
                f"درخواست در وضعیت «{REQUEST_STATES[row.state]}» است و نمی‌توان آن را "
                f"«{REQUEST_STATES[goal]}» کرد.",
                "state",
            )
        if field:
            setattr(row, field, text)
        row.state = goal
        setattr(row, f"{goal}_at", at or datetime.now(UTC))
        setattr(row, f"{goal}_by", actor.display_name)
        session.flush()
        return _view(session, row)


@access.operation(access.APPROVE)
def assign_request(ctx: AppContext, record_id: uuid.UUID, version: int, to: str) -> RequestView:
    return _step(ctx, "assign", record_id, version, to)


@access.operation(access.ENTER)
def answer_request(
    ctx: AppContext, record_id: uuid.UUID, version: int, answer: str, at: datetime | None = None
) -> RequestView:
    return _step(ctx, "answer", record_id, version, answer, at)


@access.operation(access.APPROVE)
def refer_request(ctx: AppContext, record_id: uuid.UUID, version: int, to: str) -> RequestView:
    return _step(ctx, "refer", record_id, version, to)


@access.operation(access.APPROVE)
def close_request(ctx: AppContext, record_id: uuid.UUID, version: int) -> RequestView:
    return _step(ctx, "close", record_id, version)


# -- the list --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RequestRow:
    id: uuid.UUID
    tracking_code: str
    kind: str
    service_title: str
    department: str
    contact: str
    state: str
    received_at: datetime
    due_on: date | None
    overdue: bool


def _overdue_condition(on: date) -> ColumnElement[bool]:
    return and_(PublicRequest.state.in_(OPEN_STATES), PublicRequest.due_on < on)


REQUESTS = Listing(
    model=PublicRequest,
    row=RequestRow,
    columns={
        "id": PublicRequest.id,
        "tracking_code": PublicRequest.tracking_code,
        "kind": PublicRequest.kind,
        "service_title": ServiceCard.title,
        "department": PublicRequest.department,
        "contact": case(
            (PublicRequest.anonymous.is_(True), ANONYMOUS), else_=PublicRequest.contact_name
        ),
        "state": PublicRequest.state,
        "received_at": PublicRequest.received_at,
        "due_on": PublicRequest.due_on,
        "overdue": case(
            (
                and_(PublicRequest.state.in_(OPEN_STATES), PublicRequest.due_on < func.date("now")),
                True,
            ),
            else_=False,
        ),
    },
    search_column=PublicRequest.search_text,
    filters={
        "kind": PublicRequest.kind,
        "state": PublicRequest.state,
        "service_card_id": PublicRequest.service_card_id,
        "overdue": _overdue_condition,
        "public_only": lambda _v: PublicRequest.employee_name == "",
    },
    default_sort="received_at",
    join=lambda stmt: stmt.join(ServiceCard, ServiceCard.id == PublicRequest.service_card_id),
)


def _scoped(ctx: AppContext, query: ListQuery) -> ListQuery:
    """Non-supervisors never list requests about a named employee."""
    if current_actor(ctx).can(APPROVE):
        return query
    return query.with_filter("public_only", True)


@access.operation(access.SIGNED_IN, "requests naming an employee only with approve")
def count_requests(ctx: AppContext, query: ListQuery) -> int:
    return REQUESTS.count(ctx, _scoped(ctx, query))


@access.operation(access.SIGNED_IN, "requests naming an employee only with approve")
def request_page(ctx: AppContext, query: ListQuery, offset: int, limit: int) -> list[RequestRow]:
    return REQUESTS.page(ctx, _scoped(ctx, query), offset, limit)


@access.operation(access.SIGNED_IN, "requests naming an employee only with approve")
def overdue_count(ctx: AppContext, on: date | None = None) -> int:
    """How many open requests are past their deadline (what the supervisor must see)."""
    query = ListQuery().with_filter("overdue", on or today())
    return count_requests(ctx, query)


@access.operation(access.DELETE)
def delete_request(ctx: AppContext, record_id: uuid.UUID) -> None:
    with ctx.session() as session:
        _visible(ctx, session, record_id).mark_deleted()


@access.operation(access.SIGNED_IN)
def service_card_choices(ctx: AppContext) -> list[tuple[uuid.UUID, str]]:
    """(id, title) of every live service card, for the request, survey and FAQ forms."""
    with ctx.session() as session:
        rows = session.execute(
            select(ServiceCard.id, ServiceCard.title).where(live(ServiceCard))
        ).all()
    return sorted(((r[0], r[1]) for r in rows), key=lambda pair: pair[1])
