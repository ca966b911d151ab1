"""Skill standards (استانداردهای آموزشی): validate, save, get, delete, list, pick, and
import from a CSV file.

The office extends its list by hand (a form) or from a CSV (``miz import standards
FILE.csv``): ``import_standards_csv`` imports every good row, skips each bad one with
its row number and Persian reason, and updates a standard whose code already exists.

No Qt; any thread (one short session per call; plain data in and out).
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.models import Course, SkillStandard, live
from desktop_app.persian import (
    normalize,
    normalize_code,
    search_key,
    to_ascii_digits,
    to_persian_digits,
)
from desktop_app.persian.bidi import isolate
from desktop_app.services.accounts import access
from desktop_app.services.core.context import AppContext
from desktop_app.services.core.errors import ServiceError
from desktop_app.services.core.listing import Listing, ListQuery
from desktop_app.services.core.records import live_record, new_record, record_for_update
from desktop_app.services.courses.course_workflow import code_text

STANDARD_GENDERS: dict[str, str] = {"": "هر دو", "male": "مرد", "female": "زن"}
STANDARD_NOT_FOUND = "این استاندارد آموزشی پیدا نشد؛ شاید حذف شده باشد."
# TVTO codes look like 7411/53/1/2 or 0-32/13/2/1: digits with / - . separators.
_STANDARD_CODE = re.compile(r"^[0-9][0-9/\-.]{2,38}$")


def standard_code(text: str | None) -> str:
    """A standard code as stored: Latin digits, no spaces (dashes kept: they are part
    of codes such as ۰-۳۲/۱۳/۲/۱). Compare codes with ``same_standard_code``."""
    return "".join(to_ascii_digits(normalize(text)).split())


def same_standard_code(a: str, b: str) -> bool:
    """True when two standard codes are the same whatever their digits or dashes."""
    return normalize_code(a) == normalize_code(b)


@dataclass
class StandardData:
    """A skill standard as a form edits it (``id`` None: not saved yet)."""

    id: uuid.UUID | None = None
    version: int = 0
    title: str = ""
    code: str = ""
    total_hours: int = 0
    theory_hours: int = 0
    practice_hours: int = 0
    occupation_group: str = ""
    min_age: int | None = None
    gender: str = ""
    pass_mark_theory: int | None = None
    pass_mark_practice: int | None = None

    def validated(self) -> StandardData:
        """A normalized copy, or ``ServiceError`` naming the first bad field."""
        title = normalize(self.title)
        if not title:
            raise ServiceError("عنوان استاندارد را وارد کنید.", "title")
        code = standard_code(self.code)
        if not code:
            raise ServiceError("کد استاندارد را وارد کنید.", "code")
        if not _STANDARD_CODE.match(code):
            raise ServiceError(
                "کد استاندارد باید با رقم شروع شود و فقط رقم و / - . داشته باشد "
                "(مثلاً ۷۴۱۱/۵۳/۱/۲).",
                "code",
            )
        for name, label in (("theory_hours", "نظری"), ("practice_hours", "عملی")):
            if not 0 <= getattr(self, name) <= 5000:
                raise ServiceError(f"ساعت {label} باید بین ۰ تا ۵٬۰۰۰ باشد.", name)
        if not 1 <= self.total_hours <= 5000:
            raise ServiceError("مدت کل استاندارد باید بین ۱ تا ۵٬۰۰۰ ساعت باشد.", "total_hours")
        if self.theory_hours + self.practice_hours != self.total_hours:
            raise ServiceError(
                f"جمع ساعت نظری و عملی ({to_persian_digits(self.theory_hours)} + "
                f"{to_persian_digits(self.practice_hours)}) با مدت کل "
                f"({to_persian_digits(self.total_hours)}) برابر نیست.",
                "total_hours",
            )
        group = normalize(self.occupation_group)
        if not group:
            raise ServiceError("گروه شغلی استاندارد را وارد کنید.", "occupation_group")
        if self.min_age is not None and not 10 <= self.min_age <= 70:
            raise ServiceError("حداقل سن باید بین ۱۰ تا ۷۰ سال باشد.", "min_age")
        if self.gender not in STANDARD_GENDERS:
            raise ServiceError("جنسیت استاندارد باید مرد، زن یا هر دو باشد.", "gender")
        for name in ("pass_mark_theory", "pass_mark_practice"):
            mark = getattr(self, name)
            if mark is not None and not 0 <= mark <= 100:
                raise ServiceError("نمرهٔ قبولی باید بین ۰ تا ۱۰۰ باشد.", name)
        return replace(self, title=title, code=code, occupation_group=group)


@dataclass(frozen=True)
class StandardRow:
    """One line of the standards list."""

    id: uuid.UUID
    title: str
    code: str
    total_hours: int
    theory_hours: int
    practice_hours: int
    occupation_group: str


STANDARDS: Listing[StandardRow] = Listing(
    model=SkillStandard,
    row=StandardRow,
    columns={
        "id": SkillStandard.id,
        "title": SkillStandard.title,
        "code": SkillStandard.code,
        "total_hours": SkillStandard.total_hours,
        "theory_hours": SkillStandard.theory_hours,
        "practice_hours": SkillStandard.practice_hours,
        "occupation_group": SkillStandard.occupation_group,
    },
    search_column=SkillStandard.search_text,
    filters={"occupation_group": SkillStandard.occupation_group},
    default_sort="title",
)

_FIELDS = tuple(f for f in StandardData.__dataclass_fields__ if f not in ("id", "version"))


def standard_search_text(data: StandardData | SkillStandard) -> str:
    return search_key(f"{data.title} {data.code} {data.occupation_group}")


def _standard_data(row: SkillStandard) -> StandardData:
    return StandardData(
        id=row.id, version=row.version, **{name: getattr(row, name) for name in _FIELDS}
    )


@access.operation(access.SIGNED_IN)
def get_standard(ctx: AppContext, standard_id: uuid.UUID) -> StandardData:
    with ctx.session() as session:
        return _standard_data(live_record(session, SkillStandard, standard_id, STANDARD_NOT_FOUND))


def _store(session: Session, clean: StandardData) -> SkillStandard:
    same_code = select(SkillStandard).where(SkillStandard.code == clean.code, live(SkillStandard))
    if clean.id is not None:
        same_code = same_code.where(SkillStandard.id != clean.id)
    clash = session.scalars(same_code).first()
    if clash is not None:
        raise ServiceError(
            f"کد {to_persian_digits(clean.code)} را استاندارد دیگری («{clash.title}») دارد.",
            "code",
        )
    if clean.id is None:
        row = new_record(session, SkillStandard)
    else:
        row = record_for_update(session, SkillStandard, clean.id, clean.version, STANDARD_NOT_FOUND)
    for name in _FIELDS:
        setattr(row, name, getattr(clean, name))
    row.search_text = standard_search_text(clean)
    session.flush()
    return row


@access.operation(access.ENTER)
def save_standard(ctx: AppContext, data: StandardData) -> StandardData:
    """Create or update a standard; returns it as stored."""
    clean = data.validated()
    with ctx.session() as session:
        return _standard_data(_store(session, clean))


@access.operation(access.DELETE)
def delete_standard(ctx: AppContext, standard_id: uuid.UUID) -> None:
    """Tombstone a standard; refused while a live course uses it."""
    with ctx.session() as session:
        row = live_record(session, SkillStandard, standard_id, STANDARD_NOT_FOUND)
        used = session.scalars(
            select(Course.code).where(Course.standard_id == row.id, live(Course))
        ).first()
        if used is not None:
            raise ServiceError(
                f"دورهٔ {code_text(used)} بر اساس «{row.title}» است؛ "
                "استانداردی را که دوره دارد نمی‌توان حذف کرد."
            )
        row.mark_deleted()


@access.operation(access.SIGNED_IN)
def count_standards(ctx: AppContext, query: ListQuery) -> int:
    return STANDARDS.count(ctx, query)


@access.operation(access.SIGNED_IN)
def standard_page(ctx: AppContext, query: ListQuery, offset: int, limit: int) -> list[StandardRow]:
    return STANDARDS.page(ctx, query, offset, limit)


@access.operation(access.SIGNED_IN)
def standard_choices(ctx: AppContext, limit: int = 5000) -> list[tuple[uuid.UUID, str]]:
    """(id, "title (code) — N ساعت") of live standards, for a standard picker."""
    with ctx.session() as session:
        rows = session.execute(
            select(
                SkillStandard.id, SkillStandard.title, SkillStandard.code, SkillStandard.total_hours
            )
            .where(live(SkillStandard))
            .order_by(SkillStandard.title)
            .limit(limit)
        ).all()
    return [
        (r.id, f"{r.title} ({code_text(r.code)}) — {to_persian_digits(r.total_hours)} ساعت")
        for r in rows
    ]


# -- CSV import ----------------------------------------------------------------------------

#: Columns of the CSV file (header row required; Persian or English names accepted).
CSV_COLUMNS: dict[str, tuple[str, ...]] = {
    "title": ("title", "عنوان"),
    "code": ("code", "کد"),
    "total_hours": ("total_hours", "مدت کل"),
    "theory_hours": ("theory_hours", "نظری"),
    "practice_hours": ("practice_hours", "عملی"),
    "occupation_group": ("occupation_group", "گروه شغلی"),
    "min_age": ("min_age", "حداقل سن"),
    "gender": ("gender", "جنسیت"),
    "pass_mark_theory": ("pass_mark_theory", "نمره قبولی نظری"),
    "pass_mark_practice": ("pass_mark_practice", "نمره قبولی عملی"),
}
_REQUIRED_COLUMNS = ("title", "code", "total_hours", "theory_hours", "practice_hours")
_GENDER_WORDS = {"": "", "male": "male", "female": "female", "مرد": "male", "زن": "female"}
_GENDER_WORDS.update({"هر دو": "", "any": "", "both": ""})


@dataclass
class ImportReport:
    """What an import did: how many standards were added/updated, and each bad row."""

    created: int = 0
    updated: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _int(value: str, label: str, optional: bool = False) -> int | None:
    text = to_ascii_digits(value or "").strip().replace(",", "").replace("٬", "")
    if not text:
        if optional:
            return None
        raise ServiceError(f"{label} خالی است.")
    if not text.isdigit():
        raise ServiceError(f"{label} باید عدد باشد، نه «{value.strip()}».")
    return int(text)


def _row_data(values: dict[str, str]) -> StandardData:
    gender = normalize(values.get("gender", "")).lower()
    if gender not in _GENDER_WORDS:
        raise ServiceError(f"جنسیت «{gender}» شناخته نیست (مرد، زن یا خالی).")
    return StandardData(
        title=values.get("title", ""),
        code=values.get("code", ""),
        total_hours=_int(values.get("total_hours", ""), "مدت کل") or 0,
        theory_hours=_int(values.get("theory_hours", ""), "ساعت نظری") or 0,
        practice_hours=_int(values.get("practice_hours", ""), "ساعت عملی") or 0,
        occupation_group=values.get("occupation_group", ""),
        min_age=_int(values.get("min_age", ""), "حداقل سن", optional=True),
        gender=_GENDER_WORDS[gender],
        pass_mark_theory=_int(values.get("pass_mark_theory", ""), "نمرهٔ نظری", optional=True),
        pass_mark_practice=_int(values.get("pass_mark_practice", ""), "نمرهٔ عملی", optional=True),
    )


@access.operation(access.ENTER)
def import_standards_csv(ctx: AppContext, path: Path) -> ImportReport:
    """Import the good rows of a CSV (UTF-8, with or without BOM); report the bad ones.

    A row whose code exists updates that standard. Each row is its own transaction,
    so one bad row never blocks the others.
    """
    try:
        raw = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ServiceError(
            f"پروندهٔ {isolate(str(path))} خوانده نشد (باید CSV با کدگذاری UTF-8 باشد)."
        ) from exc
    reader = csv.reader(io.StringIO(raw))
    header = next(reader, None)
    if not header:
        raise ServiceError("پروندهٔ CSV خالی است.")
    names = [normalize(h).lower() for h in header]
    index: dict[str, int] = {}
    for key, aliases in CSV_COLUMNS.items():
        for alias in aliases:
            if normalize(alias).lower() in names:
                index[key] = names.index(normalize(alias).lower())
                break
    missing = [CSV_COLUMNS[k][1] for k in _REQUIRED_COLUMNS if k not in index]
    if missing:
        raise ServiceError(f"ستون‌های لازم در سطر اول نیست: {'، '.join(missing)}.")
    report = ImportReport()
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        values = {key: cells[i] if i < len(cells) else "" for key, i in index.items()}
        try:
            clean = _row_data(values).validated()
            with ctx.session() as session:
                existing = session.scalars(
                    select(SkillStandard).where(
                        SkillStandard.code == clean.code, live(SkillStandard)
                    )
                ).first()
                if existing is not None:
                    clean = replace(clean, id=existing.id, version=existing.version)
                _store(session, clean)
        except ServiceError as exc:
            report.problems.append(f"سطر {to_persian_digits(number)}: {exc.message}")
            continue
        if clean.id is None:
            report.created += 1
        else:
            report.updated += 1
    return report
