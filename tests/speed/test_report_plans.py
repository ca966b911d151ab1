"""The services report (issue 20) is set-based and sort-free: every statement it runs
reads the counted tables through their ``*_report`` index (no table scan, no temporary
B-tree), checked on SQLite's EXPLAIN QUERY PLAN, not by timing; and its per-month
figures equal a plain GROUP BY of the same rows (several offices, cards, kinds, states)."""

from __future__ import annotations

import random
import uuid
from collections import Counter
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import event, insert, text

from desktop_app.documents.service_card_data import ServiceCardData
from desktop_app.models import PublicRequest, SurveyAnswer
from desktop_app.persian import from_jalali
from desktop_app.services.catalog.service_cards import save_card
from desktop_app.services.core.records import office_code
from desktop_app.services.office_reports.report import services_report
from desktop_app.services.office_reports.sources import (
    COMPLAINT_KINDS,
    month_bounds,
    request_tallies,
)

COUNTED = ("public_requests", "certificate_inquiries", "survey_answers", "enrollments", "gifts")
YEAR = 1404


def _own_office(ctx) -> str:
    with ctx.session() as session:
        return office_code(session)


def _fill(ctx, rows: int = 400) -> list[dict]:
    rng = random.Random(7)
    own = _own_office(ctx)
    cards = [
        uuid.UUID(str(save_card(ctx, ServiceCardData(title=f"خدمت {n}")).id)) for n in range(3)
    ]
    start = datetime.combine(from_jalali(YEAR, 1, 1), time(), UTC)
    now = datetime.now(UTC)
    made = []
    for n in range(rows):
        # a few rows fall outside the year on both sides
        at = start + timedelta(days=rng.randrange(-20, 385), hours=rng.randrange(24))
        row = {
            "id": uuid.uuid4(),
            "created_at": now,
            "updated_at": now,
            "version": 1,
            "origin_office": rng.choice(("2701", "2702", own)),
            "tracking_code": f"T-{n}",
            "kind": rng.choice(("opinion", "complaint", "violation")),
            "state": rng.choice(("received", "answered", "closed")),
            "service_card_id": rng.choice(cards),
            "received_at": at,
            "due_on": at.date() + timedelta(days=10),
            "deleted_at": now if n % 17 == 0 else None,
        }
        made.append(row)
    with ctx.engine.begin() as conn:
        conn.execute(insert(PublicRequest), made)
        conn.execute(
            insert(SurveyAnswer),
            [
                {
                    "id": uuid.uuid4(),
                    "created_at": now,
                    "updated_at": now,
                    "version": 1,
                    "origin_office": "2701",
                    "service_card_id": cards[0],
                    "answered_on": from_jalali(YEAR, 2, 3),
                    "scores": [],
                    "average": 4.0,
                }
            ],
        )
    return made


def test_request_figures_equal_a_plain_group_by(ctx):
    made = _fill(ctx)
    bounds = month_bounds(YEAR)
    with ctx.engine.connect() as conn:
        # the plain form: one GROUP BY with the month as a CASE of the same UTC bounds
        plain = Counter()
        for row in made:
            if row["deleted_at"] is not None:
                continue
            local = row["received_at"].astimezone().date()
            if not bounds[0] <= local < bounds[12]:
                continue
            month = next(m for m in range(1, 13) if local < bounds[m])
            key = (row["origin_office"], row["service_card_id"], row["kind"], row["state"], month)
            plain[key] += 1
        assert conn.execute(text("SELECT count(*) FROM public_requests")).scalar() == 400
    with ctx.session() as session:
        tallies = request_tallies(session, bounds)
    got = Counter({(t.office, t.card_id, t.kind, t.state, t.month): t.count for t in tallies})
    assert got == plain
    assert sum(plain.values()) < 400  # some rows were outside the year or tombstoned
    report = services_report(ctx, YEAR)  # a center's report: its own office's rows
    states = dict(report.complaints_by_state)
    own = _own_office(ctx)
    complaints = sum(
        n
        for (office, _c, kind, _s, _m), n in plain.items()
        if kind in COMPLAINT_KINDS and office == own
    )
    assert sum(states.values()) == complaints > 0


def test_every_statement_of_the_report_walks_a_report_index(ctx):
    _fill(ctx, 50)
    statements: list[tuple[str, object]] = []

    def keep(_conn, _cursor, statement, parameters, _context, _many):
        statements.append((statement, parameters))

    event.listen(ctx.engine, "before_cursor_execute", keep)
    try:
        services_report(ctx, YEAR)
    finally:
        event.remove(ctx.engine, "before_cursor_execute", keep)
    counted = [(s, p) for s, p in statements if any(t in s for t in COUNTED)]
    assert len(counted) >= 4, statements  # requests, inquiries, surveys, registrations…
    with ctx.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        for statement, parameters in counted:
            steps = [r[3] for r in raw.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)]
            assert not any("TEMP B-TREE" in s for s in steps), (statement, steps)
            touching = [s for s in steps if any(f" {t} " in f" {s} " for t in COUNTED)]
            assert touching, steps
            for step in touching:
                assert "_report" in step, (statement, steps)
