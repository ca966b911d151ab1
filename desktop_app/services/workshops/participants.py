"""Participants of training workshops (facilitators, self-help group members, NGO
members): validate, save, find by national code, and the paged list.

One person is one record: the national code is the natural key (a partial unique index
on the live rows of ``workshop_participants.national_code``, as trainees declare
theirs); saving a new participant whose national code is already on record is refused
and names the person on file. Seed 001's documents rule: a member of a self-help group
(an official group) needs no document; an NGO member must have the document of their
membership; a self-help member names the group, an NGO member the NGO.

Saving needs ``ENTER``, deleting ``DELETE``; the list masks national codes and mobiles
for users without ``VIEW_PERSONAL`` (the one rule, ``privacy.shown``, applied by
``Listing.page``).

No Qt; any thread (one short session per call; plain data in and out).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from sqlalchemy import func, select

from ...documents.workshops import OCCUPATIONS, PARTICIPANT_KINDS
from ...models import WorkshopInvitation, WorkshopParticipant, live
from ...persian import (
    ValidationError,
    normalize_code,
    search_key,
    to_persian_digits,
    validate_mobile,
    validate_national_code,
)
from ..accounts import access
from ..core.context import AppContext
from ..core.errors import ServiceError
from ..core.listing import Listing, ListQuery
from ..core.records import live_record, new_record, record_for_update
from .checks import text

NOT_FOUND = "این شرکت‌کننده پیدا نشد؛ شاید حذف شده باشد."


@dataclass
class ParticipantData:
    id: uuid.UUID | None = None
    version: int = 0
    national_code: str = ""
    first_name: str = ""
    last_name: str = ""
    father_name: str = ""
    gender: str = ""
    mobile: str = ""
    kind: str = "facilitator"
    occupation: str = ""
    village: str = ""
    group_name: str = ""
    ngo_name: str = ""
    membership_document: str = ""

    def validated(self) -> ParticipantData:
        try:
            code = validate_national_code(self.national_code)
        except ValidationError as exc:
            raise ServiceError(exc.message, "national_code") from exc
        first = text(self.first_name, 80, "نام", "first_name", "نام شرکت‌کننده را وارد کنید.")
        last = text(
            self.last_name, 80, "نام خانوادگی", "last_name",
            "نام خانوادگی شرکت‌کننده را وارد کنید.",
        )  # fmt: skip
        father = text(self.father_name, 80, "نام پدر", "father_name")
        village = text(self.village, 120, "نام روستا یا محل", "village")
        if self.kind not in PARTICIPANT_KINDS:
            raise ServiceError("نوع شرکت‌کننده را از فهرست انتخاب کنید.", "kind")
        if self.gender not in ("", "male", "female"):
            raise ServiceError("جنسیت باید مرد یا زن باشد.", "gender")
        mobile = ""
        if normalize_code(self.mobile):
            try:
                mobile = validate_mobile(self.mobile)
            except ValidationError as exc:
                raise ServiceError(exc.message, "mobile") from exc
        occupation = self.occupation if self.kind == "facilitator" else ""
        if occupation not in OCCUPATIONS:
            raise ServiceError("پیشهٔ تسهیلگر را از فهرست انتخاب کنید.", "occupation")
        group = text(self.group_name, 200, "نام گروه خودیار", "group_name")
        ngo = text(self.ngo_name, 200, "نام سمن", "ngo_name")
        document = text(self.membership_document, 200, "مدرک عضویت", "membership_document")
        if self.kind == "self_help" and not group:
            raise ServiceError("نام گروه خودیار را وارد کنید.", "group_name")
        if self.kind == "ngo":
            if not ngo:
                raise ServiceError("نام سازمان غیردولتی (سمن) را وارد کنید.", "ngo_name")
            if not document:
                raise ServiceError(
                    "عضو سازمان غیردولتی باید مدرک عضویت داشته باشد؛ شماره یا شرح مدرک را "
                    "وارد کنید.",
                    "membership_document",
                )
        return replace(
            self,
            national_code=code,
            first_name=first,
            last_name=last,
            father_name=father,
            mobile=mobile,
            occupation=occupation,
            village=village,
            group_name=group if self.kind == "self_help" else "",
            ngo_name=ngo if self.kind == "ngo" else "",
            membership_document=document,
        )


_FIELDS = (
    "national_code", "first_name", "last_name", "father_name", "gender", "mobile", "kind",
    "occupation", "village", "group_name", "ngo_name", "membership_document",
)  # fmt: skip


def full_name(row: WorkshopParticipant) -> str:
    return f"{row.first_name} {row.last_name}"


@access.operation(access.ENTER)
def save_participant(ctx: AppContext, data: ParticipantData) -> ParticipantData:
    """Create or update a participant; the same national code twice is refused."""
    data = data.validated()
    with ctx.session() as session:
        same = session.scalars(
            select(WorkshopParticipant).where(
                WorkshopParticipant.national_code == data.national_code,
                live(WorkshopParticipant),
                WorkshopParticipant.id != (data.id or uuid.uuid4()),
            )
        ).first()
        if same is not None:
            raise ServiceError(
                f"این کد ملی پیش‌تر برای «{full_name(same)}» ثبت شده است؛ "
                "یک نفر دو بار ثبت نمی‌شود. همان پرونده را از فهرست باز کنید.",
                "national_code",
            )
        if data.id is None:
            row = new_record(session, WorkshopParticipant)
        else:
            row = record_for_update(session, WorkshopParticipant, data.id, data.version, NOT_FOUND)
        for name in _FIELDS:
            setattr(row, name, getattr(data, name))
        row.search_text = search_key(
            " ".join(
                [
                    row.first_name,
                    row.last_name,
                    row.national_code,
                    row.village,
                    row.group_name,
                    row.ngo_name,
                    row.mobile,
                ]
            )
        )
        session.flush()
        return _data(row)


def _data(row: WorkshopParticipant) -> ParticipantData:
    return ParticipantData(
        id=row.id, version=row.version, **{name: getattr(row, name) for name in _FIELDS}
    )


@access.operation(access.SIGNED_IN)
def get_participant(ctx: AppContext, participant_id: uuid.UUID) -> ParticipantData:
    with ctx.session() as session:
        return _data(live_record(session, WorkshopParticipant, participant_id, NOT_FOUND))


@access.operation(access.SIGNED_IN)
def find_participant(ctx: AppContext, national_code: str) -> ParticipantData | None:
    """The participant with this national code (as typed), or None."""
    code = normalize_code(national_code).zfill(10)
    with ctx.session() as session:
        row = session.scalars(
            select(WorkshopParticipant).where(
                WorkshopParticipant.national_code == code,
                live(WorkshopParticipant),
            )
        ).first()
        return _data(row) if row is not None else None


@access.operation(access.DELETE)
def delete_participant(ctx: AppContext, participant_id: uuid.UUID) -> None:
    with ctx.session() as session:
        row = live_record(session, WorkshopParticipant, participant_id, NOT_FOUND)
        invited = session.scalar(
            select(func.count())
            .select_from(WorkshopInvitation)
            .where(
                WorkshopInvitation.participant_id == row.id,
                live(WorkshopInvitation),
            )
        )
        if invited:
            raise ServiceError(
                f"«{full_name(row)}» به {to_persian_digits(invited)} کارگاه دعوت شده است؛ "
                "پروندهٔ او حذف نمی‌شود."
            )
        row.mark_deleted()


@dataclass(frozen=True)
class ParticipantRow:
    id: uuid.UUID
    last_name: str
    first_name: str
    national_code: str
    kind: str
    occupation: str
    village: str
    group_name: str
    ngo_name: str
    mobile: str


PARTICIPANTS: Listing[ParticipantRow] = Listing(
    model=WorkshopParticipant,
    row=ParticipantRow,
    columns={
        "id": WorkshopParticipant.id,
        "last_name": WorkshopParticipant.last_name,
        "first_name": WorkshopParticipant.first_name,
        "national_code": WorkshopParticipant.national_code,
        "kind": WorkshopParticipant.kind,
        "occupation": WorkshopParticipant.occupation,
        "village": WorkshopParticipant.village,
        "group_name": WorkshopParticipant.group_name,
        "ngo_name": WorkshopParticipant.ngo_name,
        "mobile": WorkshopParticipant.mobile,
    },
    search_column=WorkshopParticipant.search_text,
    filters={"kind": WorkshopParticipant.kind},
    default_sort="last_name",
)


@access.operation(access.SIGNED_IN)
def count_participants(ctx: AppContext, query: ListQuery) -> int:
    return PARTICIPANTS.count(ctx, query)


@access.operation(access.SIGNED_IN)
def participant_page(
    ctx: AppContext, query: ListQuery, offset: int, limit: int
) -> list[ParticipantRow]:
    return PARTICIPANTS.page(ctx, query, offset, limit)  # masked there (privacy.shown)
