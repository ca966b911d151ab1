"""A list shows its first rows before its COUNT is back: the count (a walk of every
matching row) runs in its own task after the first page, and a short first page
needs no count at all."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from desktop_app.services.core.listing import ListQuery
from desktop_app.ui.listing.columns import Column
from desktop_app.ui.listing.table_model import RecordTableModel
from desktop_app.ui.tasks import TaskRunner


@dataclass(frozen=True)
class Row:
    id: int
    name: str


def test_first_rows_show_before_the_count(miz_app, qtbot):
    rows = [Row(i, f"ردیف {i}") for i in range(1000)]
    gate, counted = threading.Event(), []

    def count(_query: ListQuery) -> int:
        assert gate.wait(30)
        counted.append(True)
        return len(rows)

    runner = TaskRunner()
    model = RecordTableModel(
        runner,
        [Column("name", "نام")],
        count,
        lambda _q, offset, limit: rows[offset : offset + limit],
        kinds=(),
        page_size=50,
    )
    model.set_query(ListQuery())
    qtbot.waitUntil(lambda: model.rowCount() == 50)
    assert not model.is_ready() and not counted  # rows on screen, count still running
    gate.set()
    qtbot.waitUntil(model.is_ready)
    assert model.total() == 1000 and model.canFetchMore()
    runner.wait_for_done()


def test_a_short_first_page_needs_no_count(miz_app, qtbot):
    def count(_query: ListQuery) -> int:
        raise AssertionError("no COUNT for a short first page")

    runner = TaskRunner()
    rows = [Row(i, f"ردیف {i}") for i in range(7)]
    model = RecordTableModel(
        runner, [Column("name", "نام")], count, lambda _q, o, n: rows[o : o + n], kinds=(),
        page_size=50,
    )  # fmt: skip
    model.set_query(ListQuery(search="ردیف"))
    qtbot.waitUntil(model.is_ready)
    assert model.total() == 7 and model.rowCount() == 7 and not model.canFetchMore()
    runner.wait_for_done()
