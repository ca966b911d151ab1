"""Big lists (issue 22): search through the FTS5 trigram index of ``search_text`` (same
answers as ``instr``, Persian normalisation kept, short words by ``instr``), the index
kept by triggers and repaired after a table rebuild, keyset pages, a count that stops
at its limit — and the list saying «بیش از ۱۰٬۰۰۰» while rows load on as it scrolls."""

from __future__ import annotations

import random
import threading
import uuid
from dataclasses import dataclass

import pytest
from sqlalchemy import text
from sqlalchemy.dialects import sqlite

from desktop_app.models.search_index import SEARCHED_TABLES, ensure_search_indexes, fts_name
from desktop_app.persian import search_key
from desktop_app.services.certificates.certificate_inquiry import INQUIRIES
from desktop_app.services.certificates.certificates import CERTIFICATES
from desktop_app.services.core.listing import COUNT_LIMIT, ListQuery
from desktop_app.services.feedback.requests import REQUESTS
from desktop_app.services.participation.benefactors import BENEFACTORS
from desktop_app.services.participation.gifts import GIFTS
from desktop_app.services.participation.volunteers import VOLUNTEERS
from desktop_app.services.places.equipment import EQUIPMENT
from desktop_app.services.places.places import PLACES, PlaceData, save_place
from desktop_app.services.registration.trainees import ENROLLMENTS
from desktop_app.services.trainers.trainers import TRAINERS
from desktop_app.ui.listing.columns import Column
from desktop_app.ui.listing.table_model import RecordTableModel
from desktop_app.ui.tasks import TaskRunner

SEARCHED_LISTS = [
    BENEFACTORS,
    INQUIRIES,
    CERTIFICATES,
    ENROLLMENTS,
    EQUIPMENT,
    GIFTS,
    PLACES,
    REQUESTS,
    TRAINERS,
    VOLUNTEERS,
]

NAMES = ["علی", "علیرضا", "کاظم", "یاسمن", "مهدی", "سارا", "کیوان", "رضا", "زهرا", "مریم"]
CITIES = ["تهران", "کرج", "یزد", "قم"]


def _places(ctx, count: int = 40) -> None:
    rng = random.Random(3)
    for n in range(count):
        save_place(
            ctx,
            PlaceData(
                name=f"مرکز {rng.choice(NAMES)} {rng.choice(NAMES)}",
                code=f"{1000 + n}",
                province="تهران",
                city=rng.choice(CITIES),
                manager=rng.choice(NAMES),
            ),
        )


def _all_ids(ctx, listing, query: ListQuery) -> list:
    return [row.id for row in listing.page(ctx, query, 0, 100_000)]


def _plan(ctx, statement) -> list[str]:
    sql = str(statement.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))
    with ctx.engine.connect() as conn:
        return [row[3] for row in conn.execute(text(f"EXPLAIN QUERY PLAN {sql}"))]


def test_every_big_list_searches_through_its_fts_index(ctx):
    assert sorted(listing.model.__tablename__ for listing in SEARCHED_LISTS) == sorted(
        SEARCHED_TABLES
    )
    with ctx.engine.connect() as conn:
        tables = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master"))}
    for listing in SEARCHED_LISTS:
        assert listing.fts == fts_name(listing.model.__tablename__)
        assert listing.fts in tables
        steps = _plan(ctx, listing.page_statement(ListQuery(search="کاظمی"), 0, 200))
        assert any("VIRTUAL TABLE INDEX" in s for s in steps), steps
        # two characters cannot be trigrams: a scan with instr, no FTS
        steps = _plan(ctx, listing.page_statement(ListQuery(search="کا"), 0, 200))
        assert not any("VIRTUAL TABLE" in s for s in steps), steps


@pytest.mark.parametrize(
    "typed",
    ["علی", "علي", "كاظم", "مرکز علی", "ضا", "ی", "رضا کرج", "۱۰۲", "102", "لیر", "xyz", '"ع'],
)
def test_fts_search_answers_as_instr_does(ctx, typed):
    _places(ctx)
    with ctx.engine.connect() as conn:
        texts = dict(conn.execute(text("SELECT id, search_text FROM places")).all())
    words = search_key(typed).split()
    expected = sorted(i for i, t in texts.items() if all(w in t for w in words))
    got = _all_ids(ctx, PLACES, ListQuery(search=typed))
    assert sorted(i.hex for i in got) == expected
    assert PLACES.count(ctx, ListQuery(search=typed)) == len(expected)


def test_the_index_follows_inserts_edits_deletes_and_raw_sql(ctx):
    _places(ctx, 5)
    saved = save_place(
        ctx, PlaceData(name="مرکز نیلوفر", code="9001", province="تهران", city="یزد")
    )
    assert len(_all_ids(ctx, PLACES, ListQuery(search="نیلوفر"))) == 1
    saved.name = "مرکز شقایق"
    saved = save_place(ctx, saved)
    assert _all_ids(ctx, PLACES, ListQuery(search="نیلوفر")) == []
    assert _all_ids(ctx, PLACES, ListQuery(search="شقایق")) == [saved.id]
    with ctx.engine.begin() as conn:  # a sync pull writes rows with plain SQL
        conn.execute(text("UPDATE places SET search_text = 'کلاس لاله' WHERE code = '1000'"))
        conn.execute(text("DELETE FROM places WHERE code = '1001'"))
        conn.execute(text("INSERT INTO fts_places(fts_places) VALUES ('integrity-check')"))
    assert len(_all_ids(ctx, PLACES, ListQuery(search="لاله"))) == 1


def test_a_table_rebuilt_by_a_migration_gets_its_index_back(ctx):
    _places(ctx, 5)
    with ctx.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER fts_places_insert"))
        conn.execute(text("DROP TRIGGER fts_places_update"))
    save_place(ctx, PlaceData(name="مرکز اطلس", code="9002", province="تهران", city="قم"))
    assert _all_ids(ctx, PLACES, ListQuery(search="اطلس")) == []  # missed by the index
    with ctx.engine.begin() as conn:
        assert ensure_search_indexes(conn) == ["places"]
        assert ensure_search_indexes(conn) == []
        conn.execute(text("INSERT INTO fts_places(fts_places) VALUES ('integrity-check')"))
    assert len(_all_ids(ctx, PLACES, ListQuery(search="اطلس"))) == 1


@pytest.mark.parametrize(
    "query",
    [
        ListQuery(sort="name"),
        ListQuery(sort="name", descending=True),
        ListQuery(sort="city"),  # COLLATE PERSIAN, many ties
        ListQuery(sort="licence_expiry"),  # every value NULL: pages by offset
        ListQuery(sort="manager", descending=True, search="مرکز"),
    ],
)
def test_keyset_pages_list_every_row_once_in_order(ctx, query):
    _places(ctx, 45)
    whole = _all_ids(ctx, PLACES, query)
    assert len(whole) == 45
    paged: list = []
    while True:
        after = paged[-1] if paged else None
        rows = PLACES.page(ctx, ListQuery(**{**query.__dict__, "after": after}), len(paged), 7)
        if not rows:
            break
        paged += [r.id for r in rows]
    assert paged == whole


@pytest.mark.parametrize("descending", [False, True])
def test_keyset_pages_keep_the_rows_sorting_by_null(ctx, descending):
    _places(ctx, 30)
    with ctx.engine.begin() as conn:  # half the places have a licence expiry
        conn.execute(
            text(
                "UPDATE places SET licence_expiry = '2027-01-' || (10 + rowid % 9) WHERE rowid % 2"
            )
        )
    query = ListQuery(sort="licence_expiry", descending=descending)
    whole = _all_ids(ctx, PLACES, query)
    paged: list = []
    while rows := PLACES.page(
        ctx, ListQuery(**{**query.__dict__, "after": paged[-1] if paged else None}), len(paged), 4
    ):
        paged += [r.id for r in rows]
    assert paged == whole and len(whole) == 30


def test_a_deep_keyset_page_walks_the_sort_index(ctx):
    for listing in (PLACES, TRAINERS, ENROLLMENTS, CERTIFICATES, EQUIPMENT):
        sort = listing.sort_expression(listing.default_sort)
        deep = ListQuery(sort=listing.default_sort, after=uuid.UUID(int=0))
        statement = listing.page_statement(deep, 0, 200, keyset=True)
        steps = _plan(ctx, statement)
        # ties of the sort value may be ordered by id ("RIGHT PART"), never the whole list
        assert not any("TEMP B-TREE FOR ORDER BY" in s for s in steps), (listing.model, sort, steps)
        assert any("USING INDEX" in s or "COVERING INDEX" in s for s in steps), steps


def test_the_count_stops_at_its_limit(ctx):
    _places(ctx, 12)
    assert PLACES.count(ctx, ListQuery()) == 12
    assert PLACES.count(ctx, ListQuery(count_limit=5)) == 6  # more than 5
    assert PLACES.count(ctx, ListQuery(count_limit=20)) == 12
    assert PLACES.count(ctx, ListQuery(search="مرکز", count_limit=5)) == 6


@dataclass(frozen=True)
class Row:
    id: int
    name: str


def test_a_huge_list_says_more_than_the_limit_and_loads_on(miz_app, qtbot):
    rows = [Row(i, f"ردیف {i}") for i in range(COUNT_LIMIT + 500)]
    asked: list[ListQuery] = []
    lock = threading.Lock()

    def count(query: ListQuery) -> int:
        assert query.count_limit == COUNT_LIMIT
        return min(len(rows), query.count_limit + 1)

    def page(query: ListQuery, offset: int, limit: int) -> list[Row]:
        with lock:
            asked.append(query)
        start = query.after + 1 if query.after is not None else offset
        return rows[start : start + limit]

    runner = TaskRunner()
    model = RecordTableModel(runner, [Column("name", "نام")], count, page, kinds=(), page_size=4000)
    model.set_query(ListQuery())
    qtbot.waitUntil(model.is_ready)
    assert model.more_than() == COUNT_LIMIT and model.canFetchMore()
    while model.canFetchMore():
        model.fetchMore()
        qtbot.waitUntil(lambda: not model._fetching)
    assert model.rowCount() == len(rows) and model.total() == len(rows)
    assert model.more_than() == 0  # the last page told the exact number
    assert [q.after for q in asked[1:]] == [3999, 7999]  # keyset: after the last row shown
    runner.wait_for_done()


def test_the_places_list_says_more_than_its_limit_then_the_exact_number(
    main_window, ctx, qtbot, monkeypatch
):
    from desktop_app.ui.listing import table_model

    _places(ctx, 5)
    monkeypatch.setattr(table_model, "COUNT_LIMIT", 3)
    page = main_window.show_section("places").body
    qtbot.waitUntil(page.model.is_ready)
    page.model.page_size = 2
    said: list[str] = []  # the label when the count came back (the view may load on at once)
    page.model.loaded.connect(lambda: said.append(page.count_label.text()))
    page.apply_query()
    qtbot.waitUntil(lambda: bool(said))
    assert said[0] == "بیش از ۳ مورد"
    while page.model.canFetchMore():
        page.model.fetchMore()
        qtbot.waitUntil(lambda: not page.model._fetching)
    qtbot.waitUntil(lambda: page.count_label.text() == "۵ مورد")
    names = [page.model.row_at(i).name for i in range(5)]
    assert len(set(page.model.row_at(i).id for i in range(5))) == 5
    assert names == [r.name for r in PLACES.page(ctx, ListQuery(sort="name"), 0, 10)]


def test_insert_or_replace_keeps_the_index_true(ctx):
    _places(ctx, 3)
    with ctx.engine.begin() as conn:
        row = conn.execute(text("SELECT * FROM places WHERE code = '1000'")).mappings().one()
        values = {**row, "search_text": "کلاس ارغوان"}
        columns = ", ".join(values)
        marks = ", ".join(f":{c}" for c in values)
        conn.execute(text(f"INSERT OR REPLACE INTO places ({columns}) VALUES ({marks})"), values)
        stale = "SELECT rowid FROM fts_places WHERE fts_places MATCH '\"1000\"'"
        assert conn.execute(text(stale)).all() == []  # no entry left of the replaced row
    assert len(_all_ids(ctx, PLACES, ListQuery(search="ارغوان"))) == 1
    assert _all_ids(ctx, PLACES, ListQuery(search="1000")) == []  # its old text is gone


def test_a_bulk_load_rebuilds_the_index_once(ctx):
    from desktop_app.models.search_index import bulk_load

    _places(ctx, 2)
    row = None
    with ctx.engine.begin() as conn:
        row = dict(conn.execute(text("SELECT * FROM places LIMIT 1")).mappings().one())
        with bulk_load(conn, ["places", "not_searched"]):
            triggers = conn.execute(
                text(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'places'"
                    " AND name LIKE 'fts_%'"  # the search triggers (not the kept figures')
                )
            ).scalar()
            assert triggers == 0  # off while loading
            for n in range(50):
                values = {**row, "id": uuid.uuid4().hex, "code": f"77{n:02d}"}
                values["search_text"] = f"مرکز نسترن {n}"
                columns = ", ".join(values)
                marks = ", ".join(f":{c}" for c in values)
                conn.execute(text(f"INSERT INTO places ({columns}) VALUES ({marks})"), values)
        conn.execute(text("INSERT INTO fts_places(fts_places) VALUES ('integrity-check')"))
    assert len(_all_ids(ctx, PLACES, ListQuery(search="نسترن"))) == 50
    save_place(ctx, PlaceData(name="مرکز ژاله", code="7799", province="تهران", city="قم"))
    assert len(_all_ids(ctx, PLACES, ListQuery(search="ژاله"))) == 1  # triggers are back


def test_keyset_pages_compare_times_as_stored(ctx):
    """Rows written by raw SQL (a benchmark, an old import) may store a time without its
    microseconds; the page after such a row still starts right after it."""
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import insert

    from desktop_app.models import CertificateInquiry

    start = datetime(2025, 1, 1, tzinfo=UTC)
    with ctx.engine.begin() as conn:
        conn.execute(
            insert(CertificateInquiry),
            [
                {
                    "id": uuid.uuid4(),
                    "created_at": start,
                    "updated_at": start,
                    "version": 1,
                    "asked_at": start + timedelta(minutes=n // 2),  # pairs of equal times
                    "answered_at": start,
                }
                for n in range(24)
            ],
        )
        conn.execute(text("UPDATE certificate_inquiries SET asked_at = substr(asked_at, 1, 19)"))
    query = ListQuery(sort="asked_at")
    whole = _all_ids(ctx, INQUIRIES, query)
    paged: list = []
    while rows := INQUIRIES.page(
        ctx, ListQuery(sort="asked_at", after=paged[-1] if paged else None), len(paged), 5
    ):
        paged += [r.id for r in rows]
    assert paged == whole and len(whole) == 24


def test_migration_0027_indexes_the_rows_already_there(tmp_path):
    from datetime import UTC, datetime

    from alembic import command
    from sqlalchemy import insert

    from desktop_app.models import Place
    from desktop_app.models.database import alembic_config, create_sqlite_engine

    engine = create_sqlite_engine(tmp_path / "old.sqlite3")
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0019")
    now = datetime.now(UTC)
    with engine.begin() as conn:
        conn.execute(
            insert(Place),
            [
                {"id": uuid.uuid4(), "created_at": now, "updated_at": now, "version": 1,
                 "name": f"مرکز {n}", "code": f"55{n}", "search_text": f"مرکز لادن {n}",
                 "name_sort": f"{n}"}
                for n in range(5)
            ],
        )  # fmt: skip
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        found = "SELECT count(*) FROM fts_places WHERE fts_places MATCH '\"لادن\"'"
        assert conn.execute(text(found)).scalar() == 5
        command.downgrade(cfg, "0019")
        names = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master"))}
        assert not any(name.startswith("fts_") for name in names)
    engine.dispose()
