"""Every list's first page (its default sort, no search) is an index walk, and a search
that is a whole code (national code, tracking code, asset number) is answered by the
code's unique index: checked on SQLite's EXPLAIN QUERY PLAN, not by timing."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.dialects import sqlite

from desktop_app.services.accounts.accounts import USERS
from desktop_app.services.catalog.service_card_list import SERVICE_CARDS
from desktop_app.services.certificates.certificate_inquiry import INQUIRIES
from desktop_app.services.certificates.certificates import CERTIFICATES
from desktop_app.services.core.listing import ListQuery
from desktop_app.services.courses.courses import COURSES
from desktop_app.services.courses.standards import STANDARDS
from desktop_app.services.places.equipment import EQUIPMENT
from desktop_app.services.places.places import PLACES, WORKSHOPS
from desktop_app.services.registration.counseling import COUNSELING
from desktop_app.services.registration.trainees import ENROLLMENTS
from desktop_app.services.trainers.trainers import TRAINERS

LISTINGS = {
    "users": USERS,
    "inquiries": INQUIRIES,
    "certificates": CERTIFICATES,
    "counseling": COUNSELING,
    "courses": COURSES,
    "equipment": EQUIPMENT,
    "places": PLACES,
    "workshops": WORKSHOPS,
    "service_cards": SERVICE_CARDS,
    "standards": STANDARDS,
    "enrollments": ENROLLMENTS,
    "trainers": TRAINERS,
}


def plan(ctx, statement) -> list[str]:
    sql = str(statement.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))
    with ctx.engine.connect() as conn:
        return [row[3] for row in conn.execute(text(f"EXPLAIN QUERY PLAN {sql}"))]


# Sorted by title with COLLATE PERSIAN (no stored sort key yet): small catalogs (the
# office's service cards, the skill standards), left for a title_sort column.
NOT_YET = {"service_cards", "standards"}


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=pytest.mark.xfail(strict=True, reason="title has no sort key"))
        if n in NOT_YET
        else n
        for n in sorted(LISTINGS)
    ],
)
def test_first_page_of_every_list_walks_an_index(ctx, name):
    listing = LISTINGS[name]
    query = ListQuery(sort=listing.default_sort)
    steps = plan(ctx, listing.page_statement(query, 0, 200))
    table = listing.model.__tablename__
    own = [s for s in steps if f" {table} " in f" {s} " or s.endswith(f" {table}")]
    assert own, steps
    assert any("USING INDEX" in s or "USING COVERING INDEX" in s for s in own), steps
    assert not any("TEMP B-TREE FOR ORDER BY" in s for s in steps), steps
    # Descending (a click on the column header) walks the same index backwards.
    query = ListQuery(sort=listing.default_sort, descending=True)
    steps = plan(ctx, listing.page_statement(query, 0, 200))
    assert not any("TEMP B-TREE FOR ORDER BY" in s for s in steps), steps


CODE_SEARCHES = [
    # (list, what the clerk types, the index that must answer it)
    ("trainers", "۰۰۱۲۳۴۵۶۷۸", "uq_trainers_national_code_live"),
    ("enrollments", "۲۷۰۱-۰۰۰۰۱۲", "uq_enrollments_tracking_code_live"),
    ("enrollments", "0012345678", "uq_trainees_national_code_live"),
    ("certificates", "2701-000012", "uq_certificates_serial"),
    ("certificates", "0012345678", "ix_certificates_national_code"),
    ("counseling", "0012345678", "ix_counseling_sessions_national_code"),
    ("equipment", "ab-12/3", "ix_equipment_asset_number_live"),
]


@pytest.mark.parametrize(("name", "typed", "index"), CODE_SEARCHES)
def test_a_whole_code_is_answered_by_its_index(ctx, name, typed, index):
    listing = LISTINGS[name]
    lookup = next(n for n, c in listing.codes.items() if c.key(typed))
    code = listing.codes[lookup].key(typed)
    query = ListQuery(search=typed, sort=listing.default_sort, code=(lookup, code))
    for statement in (listing.page_statement(query, 0, 200), listing.count_statement(query)):
        steps = plan(ctx, statement)
        assert any(s.startswith("SEARCH") and index in s for s in steps), steps
        assert not any(s.startswith("SCAN") for s in steps), steps
