"""Bank reconciliation of the participation account (تطبیق صورتحساب بانک).

``read_statement(path)`` reads the bank's statement (CSV in UTF-8 or UTF-8 with BOM,
or Excel .xlsx): the header row names the columns, in Persian or English (date /
تاریخ, amount / مبلغ / بستانکار / واریز, reference / کد مرجع / شماره پیگیری, and an
optional description / شرح). A file without the date, amount and reference columns is
refused with a Persian message naming the columns it has; a row whose date or amount
cannot be read is reported by its row number and left out. Dates are Jalali
(۱۴۰۵/۰۱/۱۵) or Gregorian (2026-04-04).

``import_statement`` stores each understood row once: its ``line_key`` hashes the
row's date, amount, reference and description with the row's occurrence number among
identical rows in the file, so importing the same statement twice adds nothing and
changes nothing. New (and still unmatched) lines are matched with electronic cash
gifts by reference code AND amount, booked within the date tolerance of the gift's
day (``|booked_on − received_on| ≤ tolerance`` days; of several such gifts the nearest
in date; a gift is matched at most once); a clerk confirms each match
(``confirm_match``) or undoes it (``unmatch``). The tolerance is a setting of the
workstation (``load_match_tolerance`` / ``save_match_tolerance``, ``SETTINGS``):
``DEFAULT_TOLERANCE_DAYS`` = 3 covers a gateway or ATM payment settled after a
Thursday–Friday weekend; 0 asks for the same day, at most ``MAX_TOLERANCE_DAYS``. ``unmatched_gifts`` lists
the electronic gifts of a period that no statement line covers.

No Qt; any thread.
"""

from __future__ import annotations

import csv
import hashlib
import json
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...models import BankStatementLine, Gift, Setting, live
from ...persian import (
    ValidationError,
    normalize,
    normalize_code,
    parse_jalali,
    search_key,
    to_ascii_digits,
    to_persian_digits,
    today,
)
from ..accounts import access
from ..accounts.access import current_actor
from ..accounts.audit import record_event
from ..core.context import AppContext
from ..core.errors import ServiceError
from ..core.excel import read_sheet
from ..core.listing import Listing, ListQuery
from ..core.records import live_record, office_code
from .vocab import ELECTRONIC_CHANNELS

#: Header names (after ``persian.search_key``) of each column the statement must have.
COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "date": ("تاریخ", "تاریخ تراکنش", "تاریخ واریز", "date", "transaction date"),
    "amount": ("مبلغ", "مبلغ واریز", "واریز", "بستانکار", "مبلغ (ریال)", "amount", "credit"),
    "reference": (
        "کد مرجع", "شماره مرجع", "مرجع", "شماره پیگیری", "کد پیگیری", "شناسه واریز",
        "reference", "ref", "reference code",
    ),
    "description": ("شرح", "توضیحات", "شرح تراکنش", "description", "narrative"),
}  # fmt: skip
REQUIRED = ("date", "amount", "reference")
COLUMN_TITLES = {"date": "تاریخ", "amount": "مبلغ", "reference": "کد مرجع", "description": "شرح"}
BATCH = 500
#: Days a statement line's booking may lie from its gift's day and still match.
DEFAULT_TOLERANCE_DAYS = 3
MAX_TOLERANCE_DAYS = 30
TOLERANCE_KEY = "participation.match_tolerance_days"


def _tolerance(session: Session) -> int:
    row = session.get(Setting, TOLERANCE_KEY)
    value = json.loads(row.value) if row is not None else None
    if isinstance(value, int) and 0 <= value <= MAX_TOLERANCE_DAYS:
        return value
    return DEFAULT_TOLERANCE_DAYS


@access.operation(access.SIGNED_IN)
def load_match_tolerance(ctx: AppContext) -> int:
    """The matching date tolerance in days (``DEFAULT_TOLERANCE_DAYS`` until set)."""
    with ctx.session() as session:
        return _tolerance(session)


@access.operation(access.SETTINGS)
def save_match_tolerance(ctx: AppContext, days: int | str | None) -> int:
    """Store the matching date tolerance (``SETTINGS``): whole days, 0 to 30."""
    try:
        value = int(to_ascii_digits(str(days)).strip()) if days not in (None, "") else None
    except ValueError:
        value = None
    if value is None or not 0 <= value <= MAX_TOLERANCE_DAYS:
        raise ServiceError(
            f"رواداری تاریخ باید عددی از ۰ تا {to_persian_digits(MAX_TOLERANCE_DAYS)} روز باشد.",
            "tolerance_days",
        )
    with ctx.session() as session:
        old = _tolerance(session)
        row = session.get(Setting, TOLERANCE_KEY)
        if row is None:
            session.add(Setting(key=TOLERANCE_KEY, value=json.dumps(value)))
        else:
            row.value = json.dumps(value)
        if old != value:
            record_event(
                session, ctx, "edit", "settings", TOLERANCE_KEY,
                changes={"match_tolerance_days": [old, value]},
            )  # fmt: skip
    return value


@dataclass(frozen=True)
class StatementRow:
    row_number: int  # in the file, header = 1
    booked_on: date
    amount: int
    reference: str
    description: str


@dataclass
class StatementFile:
    rows: list[StatementRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _raw_rows(path: Path) -> list[list[str]]:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return read_sheet(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ServiceError(
            f"فایل «{path.name}» متن UTF-8 نیست؛ آن را از بانک به صورت CSV (UTF-8) یا اکسل بگیرید.",
            "path",
        ) from None
    except OSError as exc:
        raise ServiceError(f"فایل «{path.name}» خوانده نشد: {exc.strerror}", "path") from None
    dialect = csv.excel
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")  # type: ignore[assignment]
    except csv.Error:
        pass
    return [row for row in csv.reader(text.splitlines(), dialect)]


def _columns(header: list[str]) -> dict[str, int]:
    names = {key: {search_key(n) for n in names} for key, names in COLUMN_NAMES.items()}
    found: dict[str, int] = {}
    for index, title in enumerate(header):
        key = search_key(title)
        for column, options in names.items():
            if key in options and column not in found:
                found[column] = index
    missing = [COLUMN_TITLES[c] for c in REQUIRED if c not in found]
    if missing:
        shown = "، ".join(f"«{h.strip()}»" for h in header if h.strip()) or "هیچ"
        raise ServiceError(
            f"ستون‌های این صورتحساب شناخته نشد: ستون {' و '.join(missing)} پیدا نشد. "
            f"ستون‌های فایل: {shown}. سطر اول باید عنوان ستون‌ها باشد، مانند "
            "«تاریخ، مبلغ، کد مرجع، شرح».",
            "path",
        )
    return found


def _date(text: str) -> date:
    value = to_ascii_digits(text).strip().replace("-", "/")
    parts = value.split("/")
    if len(parts) == 3 and parts[0].isdigit() and int(parts[0]) > 1700:
        return date(int(parts[0]), int(parts[1]), int(parts[2][:2]))
    return parse_jalali(value)


def _amount(text: str) -> int:
    digits = to_ascii_digits(text).replace(",", "").replace("٬", "").replace(" ", "").strip()
    if digits.endswith(".0"):
        digits = digits[:-2]
    if not digits.lstrip("-").isdigit():
        raise ValueError(text)
    return int(digits)


def read_statement(path: Path | str) -> StatementFile:
    """The understood rows of a statement file and a Persian line per row left out."""
    path = Path(path)
    raw = [row for row in _raw_rows(path)]
    while raw and not any(c.strip() for c in raw[0]):
        raw.pop(0)
    if not raw:
        raise ServiceError(f"فایل «{path.name}» خالی است.", "path")
    columns = _columns(raw[0])
    out = StatementFile()
    for number, row in enumerate(raw[1:], start=2):
        if not any(c.strip() for c in row):
            continue

        def cell(key: str, row: list[str] = row) -> str:
            index = columns.get(key, len(row))
            return row[index] if index < len(row) else ""

        where = f"سطر {to_persian_digits(number)}"
        try:
            booked = _date(cell("date"))
        except (ValidationError, ValueError, IndexError):
            out.problems.append(f"{where}: تاریخ «{cell('date')}» خوانده نشد.")
            continue
        try:
            amount = _amount(cell("amount"))
        except ValueError:
            out.problems.append(f"{where}: مبلغ «{cell('amount')}» خوانده نشد.")
            continue
        if amount <= 0:
            out.problems.append(f"{where}: مبلغ باید بیشتر از صفر باشد (برداشت‌ها تطبیق نمی‌شوند).")
            continue
        reference = normalize_code(cell("reference"))
        if not reference:
            out.problems.append(f"{where}: کد مرجع ندارد.")
            continue
        out.rows.append(
            StatementRow(number, booked, amount, reference, normalize(cell("description")))
        )
    return out


def line_keys(rows: list[StatementRow]) -> list[str]:
    """A stable key per row: identical rows in one file get occurrence numbers."""
    seen: Counter[tuple[object, ...]] = Counter()
    keys = []
    for row in rows:
        ident = (row.booked_on.isoformat(), row.amount, row.reference, row.description)
        seen[ident] += 1
        raw = "|".join(map(str, (*ident, seen[ident])))
        keys.append(hashlib.sha256(raw.encode()).hexdigest())
    return keys


@dataclass(frozen=True)
class ImportReport:
    added: int
    already: int
    matched: int  # lines newly matched with a gift in this run
    unmatched_lines: int  # lines of the account still without a gift
    problems: tuple[str, ...]


def _match(session: Session, lines: list[BankStatementLine], tolerance: int) -> int:
    """Propose a gift for each line without one: same reference and amount, received
    at most ``tolerance`` days from the line's booking (the nearest in date first),
    electronic, not cancelled, not matched by another line. Returns how many matched."""
    taken = select(BankStatementLine.gift_id).where(
        BankStatementLine.gift_id.is_not(None), live(BankStatementLine)
    )
    matched = 0
    for start in range(0, len(lines), BATCH):
        chunk = [line for line in lines[start : start + BATCH] if line.gift_id is None]
        refs = {line.bank_ref for line in chunk}
        if not refs:
            continue
        candidates: dict[tuple[str, int], list[tuple[date, uuid.UUID]]] = {}
        for gift_id, ref, amount, received in session.execute(
            select(Gift.id, Gift.bank_ref, Gift.amount, Gift.received_on).where(
                Gift.bank_ref.in_(refs),
                live(Gift),
                Gift.cancelled_on.is_(None),
                Gift.kind == "cash",
                Gift.channel.in_(ELECTRONIC_CHANNELS),
                Gift.id.not_in(taken),
            )
        ):
            candidates.setdefault((ref, amount), []).append((received, gift_id))
        for line in chunk:
            options = candidates.get((line.bank_ref, line.amount))
            if not options:
                continue
            gap, pick = min(
                (abs((received - line.booked_on).days), n)
                for n, (received, _gift) in enumerate(options)
            )
            if gap <= tolerance:
                line.gift_id = options.pop(pick)[1]
                matched += 1
    return matched


@access.operation(access.ENTER)
def import_statement(ctx: AppContext, path: Path | str) -> ImportReport:
    """Store the statement's new rows and match them (``ENTER``); idempotent."""
    path = Path(path)
    statement = read_statement(path)
    keys = line_keys(statement.rows)
    with ctx.session() as session:
        tolerance = _tolerance(session)
        existing: set[str] = set()
        for start in range(0, len(keys), BATCH):
            existing |= set(
                session.scalars(
                    select(BankStatementLine.line_key).where(
                        BankStatementLine.line_key.in_(keys[start : start + BATCH])
                    )
                )
            )
        new_lines = []
        office = office_code(session)  # once: ``new_record`` per line would flush per line
        for row, key in zip(statement.rows, keys, strict=True):
            if key in existing:
                continue
            new_lines.append(
                BankStatementLine(
                    id=uuid.uuid4(), origin_office=office, line_key=key, booked_on=row.booked_on,
                    amount=row.amount, bank_ref=row.reference, description=row.description,
                    source_file=path.name[:200],
                )
            )  # fmt: skip
            existing.add(key)
        with session.no_autoflush:
            # New lines are matched before they are written: one INSERT each, no UPDATE.
            matched = _match(session, new_lines, tolerance)
            session.add_all(new_lines)
            session.flush()
            fresh = {line.id for line in new_lines}
            waiting = [
                line
                for line in session.scalars(
                    select(BankStatementLine).where(
                        live(BankStatementLine), BankStatementLine.gift_id.is_(None)
                    )
                )
                if line.id not in fresh
            ]
            matched += _match(
                session, waiting, tolerance
            )  # older lines: a gift may have come since
        session.flush()
        unmatched = session.scalar(
            select(func.count()).where(live(BankStatementLine), BankStatementLine.gift_id.is_(None))
        )
        return ImportReport(
            len(new_lines),
            len(statement.rows) - len(new_lines),
            matched,
            int(unmatched or 0),
            tuple(statement.problems),
        )


@access.operation(access.ENTER)
def confirm_match(ctx: AppContext, line_id: uuid.UUID) -> None:
    """A clerk confirms the proposed gift of a statement line (``ENTER``)."""
    who = current_actor(ctx).display_name
    with ctx.session() as session:
        line = live_record(session, BankStatementLine, line_id, "این سطر صورتحساب پیدا نشد.")
        if line.gift_id is None:
            raise ServiceError("برای این سطر رسیدی پیدا نشده است که تأیید شود.")
        if line.confirmed_on is None:
            line.confirmed_on, line.confirmed_by = today(), who


@access.operation(access.ENTER)
def unmatch(ctx: AppContext, line_id: uuid.UUID) -> None:
    """Undo a wrong proposed match (not a confirmed one) (``ENTER``)."""
    with ctx.session() as session:
        line = live_record(session, BankStatementLine, line_id, "این سطر صورتحساب پیدا نشد.")
        if line.confirmed_on is not None:
            raise ServiceError("تطبیق تأییدشده برداشته نمی‌شود.")
        line.gift_id = None


# -- lists ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatementLineRow:
    id: uuid.UUID
    booked_on: date
    amount: int
    bank_ref: str
    description: str
    receipt_no: str | None
    confirmed_on: date | None

    @property
    def name(self) -> str:
        return self.bank_ref


STATEMENT_LINES: Listing[StatementLineRow] = Listing(
    model=BankStatementLine,
    row=StatementLineRow,
    columns={
        "id": BankStatementLine.id,
        "booked_on": BankStatementLine.booked_on,
        "amount": BankStatementLine.amount,
        "bank_ref": BankStatementLine.bank_ref,
        "description": BankStatementLine.description,
        "receipt_no": Gift.receipt_no,
        "confirmed_on": BankStatementLine.confirmed_on,
    },
    search_column=BankStatementLine.bank_ref,
    filters={
        "state": lambda value: {
            "unmatched": BankStatementLine.gift_id.is_(None),
            "proposed": BankStatementLine.gift_id.is_not(None)
            & BankStatementLine.confirmed_on.is_(None),
            "confirmed": BankStatementLine.confirmed_on.is_not(None),
        }[value],
    },
    default_sort="booked_on",
    join=lambda stmt: stmt.outerjoin(Gift, Gift.id == BankStatementLine.gift_id),
)

LINE_STATES = {"unmatched": "بدون رسید", "proposed": "تطبیق پیشنهادی", "confirmed": "تأیید شده"}


@access.operation(access.SIGNED_IN)
def count_lines(ctx: AppContext, query: ListQuery) -> int:
    return STATEMENT_LINES.count(ctx, query)


@access.operation(access.SIGNED_IN)
def line_page(ctx: AppContext, query: ListQuery, offset: int, limit: int) -> list[StatementLineRow]:
    return STATEMENT_LINES.page(ctx, query, offset, limit)


@dataclass(frozen=True)
class UnmatchedGift:
    id: uuid.UUID
    receipt_no: str
    received_on: date
    amount: int
    channel: str
    bank_ref: str


@access.operation(access.SIGNED_IN)
def unmatched_gifts(
    ctx: AppContext, since: date | None = None, until: date | None = None
) -> list[UnmatchedGift]:
    """Electronic cash gifts (not cancelled) no statement line is matched with."""
    matched = select(BankStatementLine.gift_id).where(
        BankStatementLine.gift_id.is_not(None), live(BankStatementLine)
    )
    stmt = select(
        Gift.id, Gift.receipt_no, Gift.received_on, Gift.amount, Gift.channel, Gift.bank_ref
    ).where(
        live(Gift),
        Gift.cancelled_on.is_(None),
        Gift.kind == "cash",
        Gift.channel.in_(ELECTRONIC_CHANNELS),
        Gift.id.not_in(matched),
    )
    if since is not None:
        stmt = stmt.where(Gift.received_on >= since)
    if until is not None:
        stmt = stmt.where(Gift.received_on <= until)
    with ctx.session() as session:
        return [UnmatchedGift(*r) for r in session.execute(stmt.order_by(Gift.received_on))]
