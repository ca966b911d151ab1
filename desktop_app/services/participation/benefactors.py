"""Benefactors (خیّران): register, edit, find again, list, delete.

A benefactor is a person (national code, names, mobile, address), an organization
(legal-entity id, name) or anonymous (بی‌نام: no code, named «خیّر بی‌نام» unless a
name is given). The natural key is the national code (person) or the legal-entity id
(organization): saving a second live benefactor with the same key is refused with the
existing one's name, and the partial unique indexes refuse it even from a racing
writer. Lists mask national codes and mobiles for clerks (the one rule: ``privacy.shown`` in
``Listing.page``; the picker through ``privacy.masker``).

No Qt; any thread (one short session per call, plain data out).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ...models import Benefactor, Gift, live
from ...persian import (
    ValidationError,
    normalize,
    search_key,
    sort_key,
    validate_legal_id,
    validate_mobile,
    validate_national_code,
    validate_phone,
)
from ..accounts import access
from ..core.context import AppContext
from ..core.dependents import Dependent, refuse_if_depended
from ..core.errors import ServiceError
from ..core.listing import Listing, ListQuery
from ..core.records import new_record, record_for_update
from .vocab import BENEFACTOR_KINDS, CONTACT_BY

NOT_FOUND = "این خیّر پیدا نشد؛ شاید حذف شده باشد."
ANONYMOUS_NAME = "خیّر بی‌نام"


@dataclass
class BenefactorData:
    id: uuid.UUID | None = None
    version: int | None = None
    kind: str = "person"
    national_code: str = ""
    legal_id: str = ""
    first_name: str = ""
    last_name: str = ""
    org_name: str = ""
    mobile: str = ""
    phone: str = ""
    address: str = ""
    contact_by: str = "none"
    note: str = ""


def display_name(b: Any) -> str:
    """A benefactor's name (``Benefactor``, ``BenefactorData`` or a row with the same fields)."""
    if b.kind == "organization":
        return b.org_name
    name = f"{b.first_name} {b.last_name}".strip()
    if b.kind == "anonymous":
        return name or ANONYMOUS_NAME
    return name


def _checked(validator: Callable[[str], str], value: str, field: str) -> str:
    try:
        return validator(value)
    except ValidationError as exc:
        raise ServiceError(exc.message, field) from None


def validated(data: BenefactorData) -> BenefactorData:
    """A normalized copy, or ``ServiceError`` naming the field."""
    if data.kind not in BENEFACTOR_KINDS:
        raise ServiceError("نوع خیّر را انتخاب کنید.", "kind")
    if data.contact_by not in CONTACT_BY:
        raise ServiceError("شیوهٔ تماس را انتخاب کنید.", "contact_by")
    out = BenefactorData(
        id=data.id,
        version=data.version,
        kind=data.kind,
        first_name=normalize(data.first_name),
        last_name=normalize(data.last_name),
        org_name=normalize(data.org_name),
        address=normalize(data.address, keep_newlines=True),
        contact_by=data.contact_by,
        note=normalize(data.note, keep_newlines=True),
    )
    if data.kind == "person":
        out.national_code = _checked(validate_national_code, data.national_code, "national_code")
        if not out.first_name:
            raise ServiceError("نام خیّر را بنویسید.", "first_name")
        if not out.last_name:
            raise ServiceError("نام خانوادگی خیّر را بنویسید.", "last_name")
    elif data.kind == "organization":
        out.legal_id = _checked(validate_legal_id, data.legal_id, "legal_id")
        if not out.org_name:
            raise ServiceError("نام سازمان یا شرکت را بنویسید.", "org_name")
    if data.mobile.strip():
        out.mobile = _checked(validate_mobile, data.mobile, "mobile")
    if data.phone.strip():
        out.phone = _checked(validate_phone, data.phone, "phone")
    if out.contact_by == "sms" and not out.mobile:
        raise ServiceError("برای تماس با پیامک، شمارهٔ همراه لازم است.", "mobile")
    if out.contact_by == "mail" and not out.address:
        raise ServiceError("برای تماس با نامه، نشانی لازم است.", "address")
    return out


def _duplicate(session: Session, data: BenefactorData) -> Benefactor | None:
    if data.kind == "person":
        cond = Benefactor.national_code == data.national_code
    elif data.kind == "organization":
        cond = Benefactor.legal_id == data.legal_id
    else:
        return None
    stmt = select(Benefactor).where(cond, live(Benefactor))
    if data.id is not None:
        stmt = stmt.where(Benefactor.id != data.id)
    return session.scalars(stmt).first()


def _fill(row: Benefactor, data: BenefactorData) -> None:
    for name in (
        "kind", "national_code", "legal_id", "first_name", "last_name", "org_name",
        "mobile", "phone", "address", "contact_by", "note",
    ):  # fmt: skip
        setattr(row, name, getattr(data, name))
    name = display_name(row)
    row.name_sort = sort_key(f"{row.last_name} {row.first_name}" if row.kind == "person" else name)
    row.search_text = search_key(
        " ".join([name, row.national_code, row.legal_id, row.mobile, row.phone])
    )


def to_data(row: Benefactor) -> BenefactorData:
    return BenefactorData(
        row.id, row.version, row.kind, row.national_code, row.legal_id, row.first_name,
        row.last_name, row.org_name, row.mobile, row.phone, row.address, row.contact_by,
        row.note,
    )  # fmt: skip


@access.operation(access.ENTER)
def save_benefactor(ctx: AppContext, data: BenefactorData) -> BenefactorData:
    """Create or update a benefactor (``ENTER``); the same person is never saved twice."""
    clean = validated(data)
    with ctx.session() as session:
        twin = _duplicate(session, clean)
        if twin is not None:
            field = "national_code" if clean.kind == "person" else "legal_id"
            label = "کد ملی" if clean.kind == "person" else "شناسهٔ ملی"
            raise ServiceError(
                f"خیّری با این {label} پیش‌تر ثبت شده است: «{display_name(twin)}». "
                "همان را انتخاب کنید.",
                field,
            )
        if clean.id is None:
            row = new_record(session, Benefactor)
        else:
            row = record_for_update(session, Benefactor, clean.id, clean.version, NOT_FOUND)
        _fill(row, clean)
        session.flush()
        return to_data(row)


@access.operation(access.SIGNED_IN)
def get_benefactor(ctx: AppContext, benefactor_id: uuid.UUID) -> BenefactorData:
    from ..core.records import live_record

    with ctx.session() as session:
        return to_data(live_record(session, Benefactor, benefactor_id, NOT_FOUND))


@access.operation(access.SIGNED_IN)
def find_benefactor(ctx: AppContext, key: str) -> BenefactorData:
    """A benefactor by national code, legal-entity id, mobile or id (``ServiceError``)."""
    from ...persian import normalize_code

    code = normalize_code(key)
    if not code:
        raise ServiceError("کد ملی، شناسهٔ ملی یا شمارهٔ همراه خیّر را بنویسید.", "benefactor")
    with ctx.session() as session:
        conds = [Benefactor.national_code == code.zfill(10) if code.isdigit() else None,
                 Benefactor.legal_id == code, Benefactor.mobile == code]  # fmt: skip
        try:
            conds.append(Benefactor.id == uuid.UUID(key))
        except ValueError:
            pass
        row = session.scalars(
            select(Benefactor).where(live(Benefactor), or_(*[c for c in conds if c is not None]))
        ).first()
        if row is None:
            raise ServiceError(f"خیّری با «{key}» پیدا نشد.", "benefactor")
        return to_data(row)


_DEPENDENTS = (Dependent("مشارکت ثبت‌شده", Gift, Gift.benefactor_id),)


@access.operation(access.DELETE)
def delete_benefactor(ctx: AppContext, benefactor_id: uuid.UUID) -> None:
    """Tombstone a benefactor who has no gifts (``DELETE``)."""
    from ..core.records import live_record

    with ctx.session() as session:
        row = live_record(session, Benefactor, benefactor_id, NOT_FOUND)
        refuse_if_depended(session, f"خیّر «{display_name(row)}»", row.id, _DEPENDENTS)
        row.mark_deleted()


@access.operation(access.SIGNED_IN)
def benefactor_choices(ctx: AppContext) -> list[tuple[uuid.UUID, str]]:
    """Every live benefactor for a picker: «name — masked code»."""
    from ..core.privacy import masker

    mask = masker(ctx)
    with ctx.session() as session:
        rows = session.execute(
            select(
                Benefactor.id, Benefactor.kind, Benefactor.first_name, Benefactor.last_name,
                Benefactor.org_name, Benefactor.national_code, Benefactor.legal_id,
                Benefactor.mobile,
            ).where(live(Benefactor)).order_by(Benefactor.name_sort)
        ).all()  # fmt: skip
    out = []
    for r in rows:
        name = display_name(r)
        code = r.national_code or r.legal_id
        extra = " — ".join(
            x for x in (mask(code) if code else "", mask(r.mobile) if r.mobile else "") if x
        )
        out.append((r.id, f"{name} — {extra}" if extra else name))
    return out


# -- the list -------------------------------------------------------------------------------


@dataclass(frozen=True)
class BenefactorRow:
    id: uuid.UUID
    name: str
    kind: str
    national_code: str
    mobile: str
    contact_by: str


BENEFACTORS: Listing[BenefactorRow] = Listing(
    model=Benefactor,
    row=BenefactorRow,
    columns={
        "id": Benefactor.id,
        "name": (Benefactor.org_name + Benefactor.first_name + " " + Benefactor.last_name),
        "kind": Benefactor.kind,
        "national_code": Benefactor.national_code + Benefactor.legal_id,
        "mobile": Benefactor.mobile,
        "contact_by": Benefactor.contact_by,
    },
    search_column=Benefactor.search_text,
    filters={"kind": Benefactor.kind},
    default_sort="name",
    sort_keys={"name": Benefactor.name_sort},
)


@access.operation(access.SIGNED_IN)
def count_benefactors(ctx: AppContext, query: ListQuery) -> int:
    return BENEFACTORS.count(ctx, query)


@access.operation(access.SIGNED_IN)
def benefactor_page(
    ctx: AppContext, query: ListQuery, offset: int, limit: int
) -> list[BenefactorRow]:
    """A page of benefactors, codes and mobiles as the actor may see them
    (``Listing.page``: the one masking rule)."""
    return [
        r
        if r.name.strip()
        else BenefactorRow(r.id, ANONYMOUS_NAME, r.kind, "", r.mobile, r.contact_by)
        for r in BENEFACTORS.page(ctx, query, offset, limit)
    ]
