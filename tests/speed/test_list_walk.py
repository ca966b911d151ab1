"""A very common search word (issue 22): its page is found by walking the list's sort
index and testing each row's ``search_text`` (``Listing.walk_statement``) instead of
sorting every match the FTS index names. The walk must list exactly what sorting lists: every query below
is paged through by keyset (first page, then the rows after the last one shown) with
the walk forced, with the walk giving up at once, and without it; the three agree."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from desktop_app.services.core import listing as listing_module
from desktop_app.services.core.listing import Listing, ListQuery
from desktop_app.services.places.places import PLACES
from tests.speed.test_list_search import _places

QUERIES = [
    ListQuery(search="مرکز"),  # every row
    ListQuery(search="علی"),  # علی and علیرضا: a common word
    ListQuery(search="علی ر"),  # with a one-letter word (instr on the rows walked)
    ListQuery(search="مرکز کیوان", descending=True),
    ListQuery(search="مرکز", descending=True),
    ListQuery(search="رضا").with_filter("province", "تهران"),
    ListQuery(search="ری", sort="name"),  # too short for the index: never walked
]


def _paged(ctx, query: ListQuery, size: int) -> list:
    ids: list = []
    while rows := PLACES.page(ctx, ListQuery(**{**query.__dict__, "after": ids[-1] if ids else None}), len(ids), size):  # fmt: skip
        ids += [row.id for row in rows]
    return ids


@pytest.fixture
def walks(monkeypatch):
    """How many pages the walk answered (not given up, not skipped)."""
    answered: list[int] = []
    original = Listing._walk

    def counted(self, session, query, limit, keyset):
        ids = original(self, session, query, limit, keyset)
        if ids is not None:
            answered.append(len(ids))
        return ids

    monkeypatch.setattr(Listing, "_walk", counted)
    return answered


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: f"{q.search}-{q.descending}")
def test_walking_the_sort_index_lists_what_sorting_the_matches_lists(
    ctx, query, walks, monkeypatch
):
    _places(ctx, 45)
    with ctx.engine.begin() as conn:  # ties of the sort value: the id orders them
        conn.execute(
            text("UPDATE places SET name_sort = substr(name_sort, 1, 6) WHERE rowid % 3 = 0")
        )
    monkeypatch.setattr(listing_module, "WALK_FROM", 10**9)
    sorted_all = [row.id for row in PLACES.page(ctx, query, 0, 1000)]
    sorted_pages = _paged(ctx, query, 4)
    assert sorted_pages == sorted_all and not walks
    monkeypatch.setattr(listing_module, "WALK_FROM", 1)
    monkeypatch.setattr(listing_module, "WALK_SPAN", 1000)
    assert _paged(ctx, query, 4) == sorted_all
    assert _paged(ctx, query, 1) == sorted_all
    indexed = len(query.search.split()[0]) >= 3
    assert bool(walks) == (indexed and bool(sorted_all))
    monkeypatch.setattr(listing_module, "WALK_SPAN", 1)  # gives up unless every row matches
    assert _paged(ctx, query, 4) == sorted_all


def test_a_common_word_is_walked_only_along_the_default_sort(ctx, walks, monkeypatch):
    _places(ctx, 20)
    monkeypatch.setattr(listing_module, "WALK_FROM", 1)
    PLACES.page(ctx, ListQuery(search="مرکز", sort="city"), 0, 5)  # no index to walk
    assert not walks
    PLACES.page(ctx, ListQuery(search="مرکز"), 0, 5)
    assert walks == [5]


def test_a_rare_word_is_not_walked(ctx, walks):
    _places(ctx, 20)  # far fewer matches than WALK_FROM: sorting them is cheap
    assert PLACES.page(ctx, ListQuery(search="مرکز"), 0, 5) and not walks
