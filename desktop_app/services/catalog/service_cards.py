"""Use cases of the service catalog: validate, save, read, duplicate, delete (the list
and its search: ``service_card_list``).

Every function takes an ``AppContext``, opens one short session, owns its
transaction and returns plain data (``ServiceCardData``), never ORM objects. No Qt; called from worker threads (``ui.tasks``), the CLI and tests.
"""

from __future__ import annotations

import uuid
from dataclasses import fields, replace

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop_app.documents.service_card_data import (
    AUDIENCES,
    CHANNELS,
    LIFE_EVENTS,
    REASONS,
    STAGES,
    TRIGGERS,
    VISIT_LEVELS,
    FeeRow,
    ServiceCardData,
    Stage,
    SystemLink,
    card_from_dict,
)
from desktop_app.models import ServiceCard, live
from desktop_app.models.limits import text_lengths
from desktop_app.persian import (
    ValidationError,
    normalize,
    normalize_code,
    search_key,
    to_persian_digits,
    validate_email,
    validate_mobile,
    validate_phone,
    validate_service_code,
    validate_sheba,
)
from desktop_app.persian.bidi import code as bidi_code
from desktop_app.services.accounts import access
from desktop_app.services.core.context import AppContext
from desktop_app.services.core.errors import NotFoundError, ServiceError
from desktop_app.services.core.records import live_record, new_record, record_for_update

__all__ = [
    "CardValidationError",
    "ServiceCardData",
    "clean_card",
    "delete_card",
    "duplicate_card",
    "find_card",
    "get_card",
    "save_card",
    "validate_card",
]

FieldError = tuple[str, str]
_MULTILINE = {"description", "required_documents", "regulations", "avg_duration"}
_STAGE_TEXTS = ("counter_contract", "channel_other", "reason_other")


class CardValidationError(ServiceError):
    """The card was refused; ``errors`` lists every (field, Persian message)."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__(errors[0][1], errors[0][0])
        self.errors = errors


def _fa(n: int) -> str:
    return to_persian_digits(n)


def _ordered(values: list[str], vocabulary: dict[str, str]) -> list[str]:
    chosen = set(values)
    return [key for key in vocabulary if key in chosen]


def _text(value: str, multiline: bool = False) -> str:
    return normalize(value, keep_newlines=multiline)


def clean_card(data: ServiceCardData) -> ServiceCardData:
    """A copy with every text normalized, codes cleaned and sets in the form's order."""
    card = replace(data)
    for f in fields(ServiceCardData):
        value = getattr(card, f.name)
        if isinstance(value, str) and f.name not in ("id", "service_code", "phone", "email"):
            setattr(card, f.name, _text(value, f.name in _MULTILINE))
    card.service_code = normalize_code(data.service_code)
    card.phone = normalize_code(data.phone)
    card.email = normalize(data.email)
    card.audiences = _ordered(data.audiences, AUDIENCES)
    card.life_events = _ordered(data.life_events, LIFE_EVENTS)
    card.triggers = _ordered(data.triggers, TRIGGERS)
    card.visit_levels = _ordered(data.visit_levels, VISIT_LEVELS)
    card.urls = [u for u in (normalize(u) for u in data.urls) if u]
    card.processes = [p for p in (normalize(p) for p in data.processes) if p]
    card.fees = [
        FeeRow(
            description=_text(f.description, True),
            amount=f.amount,
            accounts=_text(f.accounts, True),
            sheba=normalize_code(f.sheba).upper(),
            electronic=f.electronic,
        )
        for f in data.fees
    ]
    by_key = {s.key: s for s in data.stages}
    card.stages = [_clean_stage(by_key.get(key, Stage(key=key))) for key in STAGES]
    card.internal_links = [_clean_link(link) for link in data.internal_links]
    card.external_links = [_clean_link(link) for link in data.external_links]
    return card


def _clean_stage(stage: Stage) -> Stage:
    clean = replace(
        stage,
        channels=_ordered(stage.channels, CHANNELS),
        reasons=_ordered(stage.reasons, REASONS),
    )
    for name in _STAGE_TEXTS:
        setattr(clean, name, _text(getattr(stage, name), True))
    return clean


def _clean_link(link: SystemLink) -> SystemLink:
    return replace(
        link,
        agency=_text(link.agency),
        system=_text(link.system),
        fields=_text(link.fields, True),
    )


def validate_card(data: ServiceCardData) -> list[FieldError]:
    """Every problem of the card as (field, Persian message); empty when it is valid.

    Field names are the dataclass's (``"service_code"``, ``"email"``) or a row path
    (``"fees[0].sheba"``); messages name the field and, for rows, the row number.
    """
    card = clean_card(data)
    errors: list[FieldError] = []

    def check(field_name: str, label: str, validator, value: str) -> None:
        try:
            validator(value)
        except ValidationError as exc:
            errors.append((field_name, f"{label}: {exc.message}"))

    if not card.title:
        errors.append(("title", "«عنوان خدمت» را وارد کنید."))
    if card.service_code:
        check("service_code", "شناسه خدمت", validate_service_code, card.service_code)
    for i, fee in enumerate(card.fees):
        row = f"هزینه ارائه خدمت، ردیف {_fa(i + 1)}"
        if fee.sheba:
            check(f"fees[{i}].sheba", row, validate_sheba, fee.sheba)
        if fee.amount is not None and fee.amount < 0:
            errors.append((f"fees[{i}].amount", f"{row}: مبلغ نمی‌تواند منفی باشد."))
    if card.recipients_count is not None and card.recipients_count < 0:
        errors.append(("recipients_count", "آمار خدمت‌گیرندگان نمی‌تواند منفی باشد."))
    if card.frequency_count is not None and card.frequency_count <= 0:
        errors.append(("frequency_count", "تعداد بار در تواتر خدمت باید بیشتر از صفر باشد."))
    if card.email:
        check("email", "پست الکترونیک", validate_email, card.email)
    if card.phone:
        check("phone", "تلفن", _validate_any_phone, card.phone)
    return errors


def _validate_any_phone(text: str) -> str:
    """A landline with its area code, or else a mobile number."""
    try:
        return validate_phone(text)
    except ValidationError:
        if text.startswith("09") or text.startswith("+989"):
            return validate_mobile(text)
        raise


def _validated(data: ServiceCardData) -> ServiceCardData:
    errors = validate_card(data)
    if errors:
        raise CardValidationError(errors)
    card = clean_card(data)
    if card.service_code:
        card.service_code = validate_service_code(card.service_code)
    if card.email:
        card.email = validate_email(card.email)
    if card.phone:
        card.phone = _validate_any_phone(card.phone)
    for fee in card.fees:
        if fee.sheba:
            fee.sheba = validate_sheba(fee.sheba)
    return card


# --- ORM <-> plain data ---------------------------------------------------------------

_CONTENT = [f.name for f in fields(ServiceCardData) if f.name not in ("id", "version")]


def _to_data(row: ServiceCard) -> ServiceCardData:
    values = {name: getattr(row, name) for name in _CONTENT}
    values["service_code"] = row.service_code or ""
    values["id"] = str(row.id)
    values["version"] = row.version
    return card_from_dict(values)


def _apply(row: ServiceCard, card: ServiceCardData) -> None:
    values = card.to_dict()
    for name in _CONTENT:
        setattr(row, name, values[name])
    row.service_code = card.service_code or None
    row.search_text = search_key(
        " ".join((card.title, card.service_code, card.agency, card.parent_agency, card.description))
    )


#: Text lengths of the card form's fields (the model's ``String(n)`` columns).
CARD_LENGTHS = text_lengths(ServiceCard)
CARD_NOT_FOUND = "شناسنامهٔ خدمت پیدا نشد؛ شاید حذف شده باشد."


def _load(session: Session, card_id: str) -> ServiceCard:
    return live_record(session, ServiceCard, card_id, CARD_NOT_FOUND)


def _code_taken(session: Session, code: str, own_id: uuid.UUID | None) -> bool:
    query = select(ServiceCard.id).where(ServiceCard.service_code == code, live(ServiceCard))
    return any(found != own_id for found in session.scalars(query))


# --- use cases ------------------------------------------------------------------------


@access.operation(access.ENTER)
def save_card(
    ctx: AppContext, data: ServiceCardData, *, new_id: uuid.UUID | None = None
) -> ServiceCardData:
    """Create (``data.id`` None) or update a card; return it as stored.

    A new card gets a fresh UUID, or ``new_id`` (import keeps the ids of its file).

    Refused with ``CardValidationError`` (every problem, nothing written), with a
    ``ServiceError`` on a duplicate service code, or when someone else saved the card
    since it was read (``data.version`` differs from the stored version).
    """
    card = _validated(data)
    try:
        with ctx.session() as session:
            if card.id is None:
                row = new_record(session, ServiceCard, new_id)
                own_id = None
            else:
                row = record_for_update(
                    session,
                    ServiceCard,
                    card.id,
                    card.version,
                    CARD_NOT_FOUND,
                    "این شناسنامه پس از باز شدن در جای دیگری تغییر کرده است؛ "
                    "آن را دوباره باز کنید و تغییرات را دوباره وارد کنید.",
                    "version",
                )
                own_id = row.id
            if card.service_code and _code_taken(session, card.service_code, own_id):
                raise ServiceError(
                    f"شناسه خدمت {bidi_code(card.service_code)} برای خدمت دیگری ثبت شده است.",
                    "service_code",
                )
            _apply(row, card)
            session.flush()
            saved = _to_data(row)
    except IntegrityError:
        raise ServiceError(
            f"شناسه خدمت {bidi_code(card.service_code)} برای خدمت دیگری ثبت شده است.",
            "service_code",
        ) from None
    return saved


@access.operation(access.SIGNED_IN)
def get_card(ctx: AppContext, card_id: str) -> ServiceCardData:
    """The live card with this id, or ``NotFoundError``."""
    with ctx.session() as session:
        return _to_data(_load(session, card_id))


@access.operation(access.SIGNED_IN)
def find_card(ctx: AppContext, code_or_id: str) -> ServiceCardData:
    """The live card whose service code or id is ``code_or_id`` (CLI, links)."""
    code = normalize_code(code_or_id)
    with ctx.session() as session:
        row = session.scalars(
            select(ServiceCard).where(ServiceCard.service_code == code, live(ServiceCard))
        ).first()
        if row is not None:
            return _to_data(row)
        try:
            return _to_data(_load(session, code))
        except NotFoundError:
            raise NotFoundError(f"شناسنامهٔ خدمتی با شناسه یا کد «{code_or_id}» پیدا نشد.") from None


@access.operation(access.ENTER)
def duplicate_card(ctx: AppContext, card_id: str) -> ServiceCardData:
    """A new card copying ``card_id``; its title says it is a copy, its code is empty
    (a service code belongs to one service)."""
    source = get_card(ctx, card_id)
    copy = replace(source, id=None, version=0, service_code="", title=f"{source.title} (رونوشت)")
    return save_card(ctx, copy)


@access.operation(access.DELETE)
def delete_card(ctx: AppContext, card_id: str) -> None:
    """Tombstone the card (it stays in the database for sync); needs ``DELETE``."""
    with ctx.session() as session:
        _load(session, card_id).mark_deleted()
