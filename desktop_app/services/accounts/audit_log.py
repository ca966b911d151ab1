"""Reading the audit trail: the filtered log and one record's history (supervisors).

``count_audit(ctx, query)`` / ``audit_page(ctx, query, offset, limit)`` serve the
audit list with a ``ListQuery`` whose filters may be ``user_name``, ``table_name``,
``action``, ``record_id``, ``period`` (the last N days), ``since`` and ``until``
(``date``s, inclusive); the search box matches user, table, record id and detail.
Newest first by default. ``record_history(ctx, table, record_id)`` is every row of
one record, oldest first. All need ``VIEW_AUDIT``. No Qt; any thread.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, Table, func, or_, select
from sqlalchemy.orm import Session

from desktop_app.models import AuditEntry, Base
from desktop_app.services.accounts import access
from desktop_app.services.core.context import AppContext
from desktop_app.services.core.listing import ListQuery, like_pattern

#: Persian names of the tables a clerk knows (others show as they are).
TABLE_TITLES: dict[str, str] = {
    "places": "مکان",
    "workshops": "کارگاه",
    "service_cards": "شناسنامهٔ خدمت",
    "trainers": "مربی",
    "trainer_educations": "سابقهٔ تحصیلی مربی",
    "retrainings": "بازآموزی مربی",
    "equipment": "تجهیزات",
    "equipment_moves": "جابه‌جایی تجهیزات",
    "courses": "دوره",
    "course_trainers": "مربی دوره",
    "course_transitions": "گام گردش کار دوره",
    "skill_standards": "استاندارد آموزشی",
    "users": "کاربر",
    "settings": "تنظیمات",
    "database": "پایگاه داده",
}

#: Columns the program derives from the others (search and sort keys): not a change a
#: person made, so summaries and change lists leave them out.
DERIVED_FIELDS = frozenset({"name_sort", "search_text"})

#: Persian names of common fields in a change list (others show as they are).
FIELD_TITLES: dict[str, str] = {
    "name": "نام",
    "title": "عنوان",
    "code": "کد",
    "kind": "نوع",
    "province": "استان",
    "city": "شهر",
    "address": "نشانی",
    "postal_code": "کد پستی",
    "phone": "تلفن",
    "mobile": "تلفن همراه",
    "email": "پست الکترونیک",
    "manager": "مدیر",
    "status": "وضعیت",
    "capacity": "ظرفیت",
    "area_m2": "مساحت",
    "place_id": "مکان",
    "occupation_group": "گروه شغلی",
    "licence_number": "شمارهٔ پروانه",
    "licence_expiry": "پایان اعتبار پروانه",
    "first_name": "نام",
    "last_name": "نام خانوادگی",
    "father_name": "نام پدر",
    "national_code": "کد ملی",
    "birth_date": "تاریخ تولد",
    "gender": "جنسیت",
    "service_code": "شناسه خدمت",
    "deleted_at": "زمان حذف",
    "user_name": "نام کاربری",
    "full_name": "نام و نام خانوادگی",
    "password_hash": "گذرواژه",
    "roles": "نقش‌ها",
    "office_code": "کد اداره",
    "office_level": "سطح اداره",
    "active": "فعال",
    "must_change_password": "باید گذرواژه را عوض کند",
    "server_url": "نشانی سرور مرکزی",
    "documents_dir": "پوشهٔ اسناد",
}

#: A column whose common name would mislead in one table: (table, column) → its name
#: there (an in-kind gift line's ``value`` is its estimated worth in rials, not an amount
#: of anything). ``field_title`` reads these first.
TABLE_FIELD_TITLES: dict[tuple[str, str], str] = {
    ("gift_items", "value"): "ارزش برآوردی",
}


def field_title(table: str, column: str) -> str:
    """The Persian name of ``table.column`` a person reads (the column itself if none)."""
    return TABLE_FIELD_TITLES.get((table, column)) or FIELD_TITLES.get(column, column)


PERIODS: dict[int, str] = {1: "امروز", 7: "هفت روز اخیر", 30: "سی روز اخیر", 365: "یک سال اخیر"}


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    user_name: str
    action: str
    table_name: str
    record_id: str
    changes: dict[str, list[Any]]
    detail: str
    #: A changed reference's stored id → the name or code of the record it names
    #: («خدمت: ثبت‌نام دوره‌های آموزشی», not a raw id), or ``DELETED_REFERENCE``.
    references: dict[str, str] = field(default_factory=dict)

    @property
    def summary(self) -> str:
        """The detail, or else the Persian names of the changed fields."""
        return self.detail or "، ".join(
            field_title(self.table_name, c) for c in self.changes if c not in DERIVED_FIELDS
        )


_SORTS = {
    "at": AuditEntry.id,
    "user_name": AuditEntry.user_name,
    "action": AuditEntry.action,
    "table_name": AuditEntry.table_name,
}


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _filtered(stmt: Select[Any], query: ListQuery, now: datetime | None = None) -> Select[Any]:
    for key, value in query.filters:
        if key in ("user_name", "table_name", "action", "record_id"):
            stmt = stmt.where(getattr(AuditEntry, key) == str(value))
        elif key == "period":
            since = (now or datetime.now(UTC)) - timedelta(days=int(value))
            stmt = stmt.where(AuditEntry.at >= since)
        elif key == "since":
            stmt = stmt.where(AuditEntry.at >= _start_of(value))
        elif key == "until":
            stmt = stmt.where(AuditEntry.at < _start_of(value + timedelta(days=1)))
        else:
            raise KeyError(f"unknown filter {key!r}")
    for word in query.search.split():
        pattern = like_pattern(word)
        stmt = stmt.where(
            or_(
                *(
                    column.like(pattern, escape="\\")
                    for column in (
                        AuditEntry.user_name,
                        AuditEntry.table_name,
                        AuditEntry.record_id,
                        AuditEntry.detail,
                    )
                )
            )
        )
    return stmt


def _row(entry: AuditEntry) -> AuditRow:
    try:
        changes = json.loads(entry.changes or "{}")
    except ValueError:
        changes = {}
    at = entry.at if entry.at.tzinfo else entry.at.replace(tzinfo=UTC)
    return AuditRow(
        entry.id,
        at,
        entry.user_name,
        entry.action,
        entry.table_name,
        entry.record_id,
        changes,
        entry.detail,
    )


#: What a changed reference shows when the record it named is no longer there.
DELETED_REFERENCE = "(حذف‌شده)"
#: Columns that name a record to a person, first found wins (people by their names).
_NAME_COLUMNS = ("org_name", "name", "title", "topic")
_CODE_COLUMNS = ("code", "service_code", "receipt_no", "tracking_code")


def _label(values: dict[str, Any]) -> str:
    """«name — code» of a referenced record from its row (the parts it has)."""
    person = " ".join(str(values[c]) for c in ("first_name", "last_name") if values.get(c))
    name = person or next((str(values[c]) for c in _NAME_COLUMNS if values.get(c)), "")
    code = next((str(values[c]) for c in _CODE_COLUMNS if values.get(c)), "")
    label = " — ".join(part for part in (name, code) if part)
    if label and values.get("deleted_at") is not None:
        label = f"{label} {DELETED_REFERENCE}"
    return label


def _target(table_name: str, column: str) -> Table | None:
    """The table ``table_name.column`` refers to (by its foreign key), if it names one a
    person can read (it has a name or code column)."""
    table = Base.metadata.tables.get(table_name)
    if table is None or column not in table.columns:
        return None
    for key in table.columns[column].foreign_keys:
        target = key.column.table
        readable = {"first_name", *_NAME_COLUMNS, *_CODE_COLUMNS}
        if isinstance(target, Table) and readable & set(target.columns.keys()):
            return target
    return None


def _as_uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _with_references(session: Session, rows: Iterable[AuditRow]) -> list[AuditRow]:
    """``rows`` with the names of the records their changed references point to, looked
    up in one query per referenced table (the reading side of the log, any thread)."""
    rows = list(rows)
    wanted: dict[str, set[uuid.UUID]] = {}
    tables: dict[str, Table] = {}
    for row in rows:
        for column, values in row.changes.items():
            target = _target(row.table_name, column)
            if target is None or not isinstance(values, list):
                continue
            tables[target.name] = target
            parsed = (_as_uuid(v) for v in values if v is not None)
            wanted.setdefault(target.name, set()).update(i for i in parsed if i is not None)
    labels: dict[str, dict[uuid.UUID, str]] = {}
    for name, wanted_ids in wanted.items():
        target = tables[name]
        found = labels.setdefault(name, {})
        for chunk in _chunks(sorted(wanted_ids), 500):
            for mapping in session.execute(select(target).where(target.c.id.in_(chunk))).mappings():
                found[mapping["id"]] = _label(dict(mapping))
    result = []
    for row in rows:
        references: dict[str, str] = {}
        for column, values in row.changes.items():
            target = _target(row.table_name, column)
            if target is None or not isinstance(values, list):
                continue
            for value in values:
                record = _as_uuid(value) if value is not None else None
                if record is not None:
                    label = labels.get(target.name, {}).get(record)
                    references[str(value)] = label or DELETED_REFERENCE
        result.append(replace(row, references=references) if references else row)
    return result


def _chunks(items: list[uuid.UUID], size: int) -> Iterable[list[uuid.UUID]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@access.operation(access.VIEW_AUDIT)
def count_audit(ctx: AppContext, query: ListQuery) -> int:
    with ctx.session() as session:
        stmt = _filtered(select(func.count()).select_from(AuditEntry), query)
        return int(session.execute(stmt).scalar_one())


@access.operation(access.VIEW_AUDIT)
def audit_page(ctx: AppContext, query: ListQuery, offset: int, limit: int) -> list[AuditRow]:
    stmt = _filtered(select(AuditEntry), query)
    if query.sort in _SORTS and query.sort != "at":
        expr = _SORTS[query.sort]
        stmt = stmt.order_by(expr.desc() if query.descending else expr.asc())
    # By time (the default) the log reads newest first; the header's second click flips it.
    stmt = stmt.order_by(AuditEntry.id.asc() if query.descending else AuditEntry.id.desc())
    with ctx.session() as session:
        entries = session.scalars(stmt.offset(max(0, offset)).limit(max(0, limit))).all()
        return _with_references(session, (_row(e) for e in entries))


@access.operation(access.VIEW_AUDIT)
def record_history(ctx: AppContext, table: str, record_id: object) -> list[AuditRow]:
    """Every audit row of one record, oldest first."""
    stmt = (
        select(AuditEntry)
        .where(AuditEntry.table_name == table, AuditEntry.record_id == str(record_id))
        .order_by(AuditEntry.id)
    )
    with ctx.session() as session:
        return _with_references(session, (_row(e) for e in session.scalars(stmt).all()))


@access.operation(access.VIEW_AUDIT)
def audit_users(ctx: AppContext) -> list[tuple[str, str]]:
    """(user name, label) of everyone who appears in the log, for the filter combo."""
    with ctx.session() as session:
        names = session.scalars(
            select(AuditEntry.user_name).distinct().order_by(AuditEntry.user_name)
        ).all()
    return [(n, n or "—") for n in names]


@access.operation(access.VIEW_AUDIT)
def audit_tables(ctx: AppContext) -> list[tuple[str, str]]:
    """(table, Persian label) of the record kinds in the log."""
    with ctx.session() as session:
        tables = session.scalars(
            select(AuditEntry.table_name).distinct().order_by(AuditEntry.table_name)
        ).all()
    return [(t, TABLE_TITLES.get(t, t)) for t in tables if t]


# The rest of the vocabulary: every table and column a person may meet in the log, a
# filter or an export has a Persian name (``tests/ux/test_vocabulary.py`` checks it).
TABLE_TITLES.update(
    {
        "audit_log": "سابقهٔ تغییرات",
        "exam_scores": "نمرهٔ آزمون",
        "certificates": "گواهینامهٔ مهارت",
        "certificate_inquiries": "استعلام اصالت گواهینامه",
        "trainees": "کارآموز",
        "enrollments": "ثبت‌نام",
        "registration_payments": "پرداخت کارت ثبت‌نام",
        "registration_drafts": "ثبت‌نام ناتمام",
        "counseling_sessions": "جلسهٔ مشاوره",
        "counseling": "جلسهٔ مشاوره",
        "sync_outbox": "صف ارسال همگام‌سازی",
        "sync_conflicts": "ناسازگاری همگام‌سازی",
        "sync_state": "وضعیت همگام‌سازی",
        "sync_problems": "مشکل همگام‌سازی",
        "trainer_education": "سابقهٔ تحصیلی مربی",
        "trainer_retraining": "بازآموزی مربی",
        "standards": "استاندارد آموزشی",
    }
)
FIELD_TITLES.update(
    {
        "values": "مقدارها",
        "attempts": "تعداد تلاش",
        "depends_on": "وابسته به",
        "last_tried_at": "آخرین تلاش",
        "code_counter": "شمارهٔ پیشخوان",
        "acquired_on": "تاریخ تحصیل",
        "action": "کار",
        "actor_level": "سطح اقدام‌کننده",
        "actor_name": "اقدام‌کننده",
        "advice": "توصیه",
        "agency": "دستگاه اجرایی",
        "amount": "مبلغ",
        "answer": "پاسخ",
        "answered_at": "زمان پاسخ",
        "applicant_name": "نام متقاضی",
        "asked_at": "زمان استعلام",
        "asker_kind": "نوع استعلام‌کننده",
        "asker_name": "نام استعلام‌کننده",
        "asset_number": "شمارهٔ اموال",
        "at": "زمان",
        "audiences": "نوع خدمت",
        "avg_duration": "متوسط مدت ارائه",
        "base_seq": "شمارهٔ پایهٔ همگام‌سازی",
        "base_version": "نسخهٔ پایه",
        "birth_certificate_number": "شمارهٔ شناسنامه",
        "birthplace": "محل تولد",
        "brand_model": "مارک و مدل",
        "category": "دسته",
        "certificate_id": "گواهینامه",
        "certificate_number": "شمارهٔ گواهینامه",
        "changes": "تغییرات",
        "code_number": "شمارهٔ کد",
        "code_office": "کد ادارهٔ صادرکننده",
        "condition": "وضعیت فنی",
        "confirmed_at": "زمان تأیید ثبت‌نام",
        "contact_unit": "واحد مربوط",
        "counselor": "مشاور",
        "course_code": "کد دوره",
        "course_id": "دوره",
        "course_title": "عنوان دوره",
        "data": "داده‌ها",
        "degree": "مدرک تحصیلی",
        "delivery_setting": "محل اجرا",
        "description": "شرح",
        "detail": "جزئیات",
        "disability": "معلولیت",
        "disability_kind": "نوع معلولیت",
        "duplicate_count": "شمار المثنی",
        "education_field": "رشتهٔ تحصیلی",
        "education_level": "مقطع تحصیلی",
        "employment_status": "وضعیت اشتغال",
        "employment_type": "نوع استخدام",
        "end_date": "تاریخ پایان",
        "enrollment_id": "ثبت‌نام",
        "equipment_id": "تجهیزات",
        "external_links": "ارتباط با سامانه‌های دستگاه‌های دیگر",
        "failed_attempts": "ورودهای ناموفق",
        "fee": "شهریه",
        "fees": "هزینه‌های ارائهٔ خدمت",
        "field": "رشته",
        "fields": "فیلدها",
        "file_number": "شمارهٔ پرونده",
        "filled_by": "تکمیل‌کننده",
        "foreign_id": "شناسهٔ فراگیر اتباع",
        "foreign_national": "تبعهٔ خارجی",
        "frequency_count": "تعداد تواتر",
        "frequency_once": "یکبار برای همیشه",
        "frequency_period": "دورهٔ تواتر",
        "from_state": "از وضعیت",
        "from_workshop_id": "از کارگاه",
        "grade": "معدل",
        "graduation_year": "سال دانش‌آموختگی",
        "heard_from": "آشنایی از طریق",
        "hire_date": "تاریخ استخدام",
        "holder_name": "نام دارنده",
        "hours": "ساعت",
        "in_person_visits": "تعداد مراجعهٔ حضوری",
        "internal_links": "ارتباط با سامانه‌های همان دستگاه",
        "issued_on": "تاریخ صدور",
        "key": "کلید",
        "last_inspection": "آخرین بازدید",
        "last_sign_in_at": "آخرین ورود",
        "letter_number": "شمارهٔ نامه",
        "level": "سطح",
        "life_event_other": "رویداد دیگر",
        "life_events": "رویدادهای مرتبط",
        "local_values": "مقدارهای این رایانه",
        "locked_until": "قفل تا",
        "marital_status": "وضعیت تأهل",
        "method": "روش پرداخت",
        "military_status": "وضعیت نظام وظیفه",
        "min_age": "کمترین سن",
        "moved_on": "تاریخ جابه‌جایی",
        "mutation_id": "شناسهٔ تغییر",
        "name_sort": "نام برای مرتب‌سازی",
        "nature": "ماهیت خدمت",
        "needs_headquarters": "نیاز به تأیید ستاد",
        "note": "توضیح",
        "notes": "یادداشت‌ها",
        "occupation_groups": "گروه‌های شغلی",
        "op": "نوع تغییر",
        "order_code": "کد سفارش",
        "outcome": "نتیجه",
        "parent_agency": "دستگاه مادر",
        "pass_mark_practice": "نمرهٔ قبولی عملی",
        "pass_mark_theory": "نمرهٔ قبولی نظری",
        "payment_code": "کد پرداخت",
        "photo": "عکس",
        "place_name": "نام مکان",
        "position": "ردیف",
        "practical": "نمرهٔ عملی",
        "practical_score": "نمرهٔ عملی",
        "practice_hours": "ساعت عملی",
        "price_rial": "بها (ریال)",
        "print_count": "شمار چاپ",
        "processes": "فرایندهای خدمت",
        "quantity": "تعداد",
        "reason": "دلیل",
        "recipients_count": "آمار خدمت‌گیرندگان",
        "recipients_period": "دورهٔ آمار خدمت‌گیرندگان",
        "recommended_standards": "استانداردهای پیشنهادی",
        "record_id": "شناسهٔ رکورد",
        "registration_close": "پایان ثبت‌نام",
        "registration_open": "آغاز ثبت‌نام",
        "regulations": "قوانین و مقررات",
        "reissued_on": "تاریخ صدور المثنی",
        "required_documents": "مدارک لازم",
        "resolution": "تصمیم",
        "resolved_at": "زمان تصمیم",
        "revoke_reason": "دلیل ابطال",
        "revoked_on": "تاریخ ابطال",
        "replaces": "جایگزین گواهی",
        "replaced_by": "گواهی جایگزین",
        "replaced_on": "تاریخ جایگزینی",
        "replace_reason": "دلیل صدور دوباره",
        "schedule": "برنامهٔ هفتگی",
        "seq": "شماره",
        "serial": "شمارهٔ سریال",
        "serial_number": "شمارهٔ سریال",
        "server_seq": "شمارهٔ سرور",
        "server_values": "مقدارهای سرور",
        "session_date": "تاریخ جلسه",
        "source": "منبع",
        "stages": "مراحل خدمت",
        "standard_code": "کد استاندارد",
        "standard_codes": "استانداردهای مجاز",
        "standard_id": "استاندارد آموزشی",
        "standard_title": "عنوان استاندارد",
        "start_date": "تاریخ شروع",
        "state": "وضعیت",
        "step": "گام",
        "system_name": "نام سامانه",
        "table_name": "نوع رکورد",
        "theory": "نمرهٔ نظری",
        "theory_hours": "ساعت نظری",
        "theory_score": "نمرهٔ نظری",
        "to_state": "به وضعیت",
        "to_workshop_id": "به کارگاه",
        "topic": "موضوع",
        "total_hours": "کل ساعت",
        "tracking_code": "کد رهگیری",
        "trainee_id": "کارآموز",
        "trainer_id": "مربی",
        "trigger_other": "نحوهٔ آغاز دیگر",
        "triggers": "نحوهٔ آغاز خدمت",
        "unit": "واحد",
        "university": "دانشگاه",
        "urls": "آدرس خدمت",
        "value": "مقدار",
        "verification_code": "کد تصدیق",
        "visit_levels": "سطوح بازدید",
        "workshop_id": "کارگاه",
        "id": "شناسه",
        "version": "نسخه",
        "created_at": "زمان ایجاد",
        "updated_at": "زمان ویرایش",
        "origin_office": "ادارهٔ پدیدآورنده",
        "search_text": "متن جستجو",
    }
)

# Participation (issue 18), facilitator training workshops (issue 19) and the public's
# requests, surveys and FAQ (issue 20).
TABLE_TITLES.update(
    {
        "benefactors": "نیکوکار",
        "gifts": "مشارکت",
        "gift_items": "قلم کالای اهدایی",
        "participation_areas": "زمینهٔ مشارکت",
        "volunteers": "داوطلب",
        "volunteer_hours": "ساعت خدمت داوطلب",
        "allocations": "هزینه‌کرد مشارکت",
        "bank_statement_lines": "ردیف صورت‌حساب بانک",
        "workshop_templates": "الگوی کارگاه آموزشی",
        "training_workshops": "کارگاه آموزشی",
        "workshop_sessions": "جلسهٔ کارگاه آموزشی",
        "workshop_participants": "شرکت‌کنندهٔ کارگاه آموزشی",
        "workshop_invitations": "دعوت به کارگاه آموزشی",
        "workshop_letters": "نامهٔ کارگاه آموزشی",
        "attendance": "حضور و غیاب",
        "workshop_certificates": "گواهی شرکت در کارگاه آموزشی",
        "public_requests": "درخواست مردمی",
        "work_calendars": "جدول مهلت پاسخ",
        "survey_questions": "پرسش نظرسنجی",
        "survey_answers": "پاسخ نظرسنجی",
        "faqs": "پرسش متداول",
    }
)
FIELD_TITLES.update(
    {
        # participation
        "legal_id": "شناسهٔ ملی سازمان",
        "org_name": "نام سازمان",
        "contact_by": "راه تماس",
        "receipt_no": "شمارهٔ رسید",
        "check_code": "کد کنترل رسید",
        "benefactor_id": "نیکوکار",
        "benefactor_name": "نام نیکوکار",
        "received_on": "تاریخ دریافت",
        "channel": "شیوهٔ دریافت",
        "bank_ref": "شمارهٔ پیگیری بانکی",
        "intention": "نیت نیکوکار",
        "intention_area": "زمینهٔ نیت",
        "client_name": "نام مددجو",
        "client_national_code": "کد ملی مددجو",
        "center": "مرکز",
        "item_description": "شرح کالا",
        "storage": "محل نگهداری",
        "received_by": "دریافت‌کننده",
        "service_what": "شرح خدمت",
        "service_by": "ارائه‌دهندهٔ خدمت",
        "sessions": "تعداد جلسه",
        "clerk_name": "نام کارشناس",
        "cancelled_on": "تاریخ ابطال",
        "cancel_reason": "دلیل ابطال",
        "cancelled_by": "ابطال‌کننده",
        "skills": "مهارت‌ها",
        "availability": "زمان‌های در دسترس",
        "volunteer_id": "داوطلب",
        "served_on": "تاریخ خدمت",
        "activity": "فعالیت",
        "intention_key": "نیت",
        "gift_id": "مشارکت",
        "purpose": "محل مصرف",
        "recipient": "دریافت‌کننده",
        "proposed_on": "تاریخ پیشنهاد",
        "proposed_by": "پیشنهاددهنده",
        "decided_on": "تاریخ تصمیم",
        "decided_by": "تصمیم‌گیرنده",
        "decision_note": "توضیح تصمیم",
        "line_key": "شناسهٔ ردیف صورت‌حساب",
        "booked_on": "تاریخ ثبت در بانک",
        "source_file": "پروندهٔ صورت‌حساب",
        "confirmed_on": "تاریخ تطبیق",
        "confirmed_by": "تطبیق‌دهنده",
        # training workshops
        "days": "روزها",
        "questions": "پرسش‌ها",
        "per_head_cost": "هزینهٔ سرانه (ریال)",
        "max_absent_days": "بیشترین روز غیبت مجاز",
        "organizer": "برگزارکننده",
        "template_id": "الگو",
        "room_id": "سالن",
        "spent": "هزینهٔ انجام‌شده (ریال)",
        "supplies": "ملزومات",
        "training_workshop_id": "کارگاه آموزشی",
        "day_number": "روز چندم",
        "ordinal": "جلسهٔ چندم",
        "day": "روز",
        "start": "ساعت شروع",
        "end": "ساعت پایان",
        "trainer": "مدرس",
        "methods": "روش‌های آموزش",
        "materials": "وسایل کمک‌آموزشی",
        "occupation": "سمت",
        "village": "روستا",
        "group_name": "نام گروه",
        "ngo_name": "نام سازمان مردم‌نهاد",
        "membership_document": "مدرک عضویت",
        "participant_id": "شرکت‌کننده",
        "invited_on": "تاریخ دعوت",
        "answered_on": "تاریخ پاسخ",
        "confirmation": "تأیید دستگاه",
        "confirmation_letter": "شمارهٔ نامهٔ تأیید",
        "confirmation_date": "تاریخ تأیید",
        "pre_test": "نمرهٔ پیش‌آزمون",
        "post_test": "نمرهٔ پس‌آزمون",
        "satisfaction": "پاسخ‌های رضایت‌سنجی",
        "comment": "نظر",
        "number": "شماره",
        "invitation_id": "دعوت",
        "written_on": "تاریخ نامه",
        "addressee": "گیرندهٔ نامه",
        "session_id": "جلسه",
        "workshop_title": "عنوان کارگاه آموزشی",
        "workshop_code": "کد کارگاه آموزشی",
        # public requests, deadlines, surveys and FAQ
        "service_card_id": "خدمت",
        "department": "واحد",
        "anonymous": "ناشناس",
        "contact_name": "نام درخواست‌کننده",
        "contact_phone": "تلفن درخواست‌کننده",
        "employee_name": "نام کارمند",
        "body": "متن درخواست",
        "received_at": "زمان دریافت",
        "due_on": "مهلت پاسخ",
        "assigned_to": "کارشناس رسیدگی‌کننده",
        "assigned_at": "زمان ارجاع به کارشناس",
        "assigned_by": "ارجاع‌دهنده به کارشناس",
        "answered_by": "پاسخ‌دهنده",
        "closed_at": "زمان بستن",
        "closed_by": "بسته‌شده توسط",
        "referred_to": "مرجع ارجاع",
        "referred_at": "زمان ارجاع به مرجع دیگر",
        "referred_by": "ارجاع‌دهنده به مرجع دیگر",
        "year": "سال",
        "answer_days": "مهلت پاسخ (روز کاری)",
        "kind_days": "مهلت پاسخ هر نوع درخواست",
        "service_days": "مهلت پاسخ هر خدمت",
        "holidays": "تعطیلات رسمی",
        "text": "متن",
        "scores": "امتیازها",
        "average": "میانگین امتیاز",
        "question": "پرسش",
    }
)
