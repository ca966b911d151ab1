"""A year of a Welfare office (50,000 gifts): the participation report and the bank
reconciliation of a 10,000-row statement, each next to raw SQL in the same run.

Fills a temporary data folder with 300 benefactors and N gifts over the last Jalali
year (bulk insert; every kind, channel and intention; 60 % electronic with unique
references), then measures, as medians of several runs:

- report: ``summary.participation_summary`` for the year (totals by kind, channel,
  intention, center and Jalali month) against the same GROUP BY queries on a plain
  sqlite3 connection;
- reconciliation: ``reconciliation.import_statement`` of a 10,000-row CSV (9,000 rows
  match a gift by reference and amount within the default date tolerance, 1,000 do
  not) into an empty statement table, against raw SQL doing the same work (parse,
  insert the lines with their keys, match with one UPDATE joined on reference and
  amount, dates at most 3 days apart); and the second, idempotent import
  of the same file (nothing added, nothing changed).

Ratios are service / raw SQL.

    python benchmarks/bench_participation.py [--gifts 50000] [--lines 10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert

from desktop_app.documents.office import OfficeSettings
from desktop_app.models import Benefactor, Gift
from desktop_app.persian import format_jalali, search_key, sort_key, today
from desktop_app.services.accounts.access import system_actor
from desktop_app.services.core.context import AppContext
from desktop_app.services.office.settings import save_office_settings
from desktop_app.services.participation.reconciliation import import_statement
from desktop_app.services.participation.summary import participation_summary
from desktop_app.services.participation.vocab import AREAS, CHANNELS, ELECTRONIC_CHANNELS

CENTERS = ("ادارهٔ بهزیستی گرگان", "مرکز توان‌بخشی", "خانهٔ کودک امید", "سرای سالمندان مهر")


def fill(ctx: AppContext, gifts: int) -> list[tuple[str, int, date]]:
    """Insert benefactors and gifts; returns (reference, amount, day) of electronic gifts."""
    rng = random.Random(18)
    start = today() - timedelta(days=364)
    with ctx.session() as session:
        people = [
            {"id": uuid.uuid4(), "kind": "person", "first_name": f"خیر{i}", "last_name": "نمونه",
             "national_code": f"{1000000000 + i}", "name_sort": sort_key(f"نمونه خیر{i}"),
             "search_text": search_key(f"خیر{i} نمونه"), "origin_office": "2751"}
            for i in range(300)
        ]  # fmt: skip
        session.execute(insert(Benefactor), people)
        channels, areas = list(CHANNELS), list(AREAS)
        rows, electronic = [], []
        for n in range(gifts):
            kind = ("cash",) * 8 + ("in_kind", "service")
            k = kind[n % 10]
            channel = channels[n % len(channels)] if k == "cash" else ""
            ref = f"{5000000 + n}" if channel in ELECTRONIC_CHANNELS else ""
            amount = rng.choice((500_000, 1_000_000, 2_500_000, 5_000_000))
            day = start + timedelta(days=n % 365)
            intention = ("general", "area", "area", "client")[n % 4]
            rows.append({
                "id": uuid.uuid4(), "receipt_no": f"2751-{n + 1:06d}", "code_office": "2751",
                "code_number": n + 1, "check_code": "123456", "kind": k, "received_on": day,
                "amount": amount, "channel": channel, "bank_ref": ref, "intention": intention,
                "intention_area": areas[n % len(areas)] if intention == "area" else "",
                "client_national_code": f"{2000000000 + n % 500}" if intention == "client" else "",
                "center": CENTERS[n % len(CENTERS)], "benefactor_id": people[n % 300]["id"],
                "benefactor_name": f"خیر{n % 300} نمونه", "search_text": f"2751-{n + 1:06d}",
                "origin_office": "2751",
            })  # fmt: skip
            if ref:
                electronic.append((ref, amount, day))
            if len(rows) == 5000:
                session.execute(insert(Gift), rows)
                rows = []
        if rows:
            session.execute(insert(Gift), rows)
    return electronic


def write_statement(path: Path, electronic: list[tuple[str, int, date]], lines: int) -> None:
    matched = electronic[: lines * 9 // 10]
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["تاریخ", "مبلغ", "کد مرجع", "شرح"])
        for ref, amount, day in matched:
            out.writerow([format_jalali(day, persian_digits=False), amount, ref, "واریز مشارکت"])
        for i in range(lines - len(matched)):
            out.writerow(
                [format_jalali(today(), persian_digits=False), 123_000 + i, f"9{i:08d}", "نامشخص"]
            )


# -- raw SQL baselines ---------------------------------------------------------------------

REPORT_SQL = [
    "SELECT count(*), coalesce(sum(amount), 0) FROM gifts WHERE {w}",
    "SELECT kind, count(*), sum(amount) FROM gifts WHERE {w} GROUP BY kind",
    "SELECT channel, count(*), sum(amount) FROM gifts WHERE {w} AND kind = 'cash' GROUP BY channel",
    "SELECT intention || ':' || intention_area, count(*), sum(amount) FROM gifts WHERE {w}"
    " GROUP BY intention || ':' || intention_area",
    "SELECT center, count(*), sum(amount) FROM gifts WHERE {w} GROUP BY center",
    "SELECT received_on, count(*), sum(amount) FROM gifts WHERE {w} GROUP BY received_on",
]
WHERE = "deleted_at IS NULL AND cancelled_on IS NULL AND received_on >= ? AND received_on <= ?"


def raw_report(db: Path, since: date, until: date) -> None:
    with sqlite3.connect(db) as conn:
        for sql in REPORT_SQL:
            conn.execute(sql.format(w=WHERE), (since.isoformat(), until.isoformat())).fetchall()


def raw_reconcile(db: Path, statement: Path) -> None:
    from desktop_app.persian import parse_jalali

    with statement.open(encoding="utf-8") as f:
        rows = list(csv.reader(f))[1:]
    lines = []
    for n, (day, amount, ref, text) in enumerate(rows):
        key = hashlib.sha256(f"{day}|{amount}|{ref}|{text}|{n}".encode()).hexdigest()
        lines.append((uuid.uuid4().hex, key, parse_jalali(day).isoformat(), int(amount), ref, text))
    with sqlite3.connect(db) as conn:
        conn.executemany(
            "INSERT INTO bank_statement_lines (id, line_key, booked_on, amount, bank_ref,"
            " description, source_file, confirmed_by, created_at, updated_at, version,"
            " origin_office) VALUES (?, ?, ?, ?, ?, ?, '', '', '2026-01-01', '2026-01-01', 1, '')",
            lines,
        )
        conn.execute(
            "UPDATE bank_statement_lines SET gift_id = (SELECT g.id FROM gifts g WHERE"
            " g.bank_ref = bank_statement_lines.bank_ref AND g.amount = bank_statement_lines.amount"
            " AND g.kind = 'cash' AND g.cancelled_on IS NULL AND g.deleted_at IS NULL"
            " AND abs(julianday(g.received_on) - julianday(bank_statement_lines.booked_on)) <= 3"
            " LIMIT 1)"
            " WHERE gift_id IS NULL"
        )


def clear_lines(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM sync_outbox WHERE table_name = 'bank_statement_lines'")
        conn.execute("DELETE FROM bank_statement_lines")


def timed(fn, runs: int, before=None) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--gifts", type=int, default=50_000)
    parser.add_argument("--lines", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ctx = AppContext.open(Path(tmp))
        ctx.user = system_actor()
        save_office_settings(ctx, OfficeSettings(office_code="2751", agency_kind="welfare"))
        start = time.perf_counter()
        electronic = fill(ctx, args.gifts)
        print(
            f"filled {args.gifts} gifts ({len(electronic)} electronic) in {time.perf_counter() - start:.1f} s"
        )
        since, until = today() - timedelta(days=364), today()
        summary = participation_summary(ctx, since, until)
        assert summary.count == args.gifts, summary.count
        service = timed(lambda: participation_summary(ctx, since, until), args.runs)
        raw = timed(lambda: raw_report(ctx.database_path, since, until), args.runs)
        print(
            f"report: service {service * 1000:.0f} ms, raw SQL {raw * 1000:.0f} ms, ratio {service / raw:.2f}"
        )

        statement = Path(tmp) / "statement.csv"
        write_statement(statement, electronic, args.lines)
        db = ctx.database_path
        report = import_statement(ctx, statement)
        assert (report.added, report.matched) == (args.lines, args.lines * 9 // 10), report
        service = timed(
            lambda: import_statement(ctx, statement), args.runs, lambda: clear_lines(db)
        )
        again = timed(lambda: import_statement(ctx, statement), args.runs)
        second = import_statement(ctx, statement)
        assert (second.added, second.matched) == (0, 0), second
        raw = timed(lambda: raw_reconcile(db, statement), args.runs, lambda: clear_lines(db))
        print(
            f"reconciliation of {args.lines} rows: service {service:.2f} s, raw SQL {raw:.2f} s, "
            f"ratio {service / raw:.2f}; second import (idempotent) {again:.2f} s"
        )
        ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
