"""A changed reference in the audit log reads as the record it names («مکان: مرکز شمارهٔ ۱
گرگان — 270101»), not as a raw id: the service that reads the log looks the names up
(off the UI thread); a record no longer there reads «(حذف‌شده)»."""

from __future__ import annotations

import uuid

from desktop_app.models import Place
from desktop_app.services.accounts.audit import record_event_now
from desktop_app.services.accounts.audit_log import DELETED_REFERENCE, audit_page, record_history
from desktop_app.services.core.listing import ListQuery
from desktop_app.services.places.places import PlaceData, WorkshopData, save_place, save_workshop


def _place(ctx, name: str, code: str) -> PlaceData:
    return save_place(
        ctx,
        PlaceData(kind="center", province="گلستان", city="گرگان", name=name, code=code,
                  postal_code="4916863311", phone="017-32224455", manager="رضا کریمی"),
    )  # fmt: skip


def _moved_workshop(ctx):
    first = _place(ctx, "مرکز شمارهٔ ۱ گرگان", "270101")
    second = _place(ctx, "مرکز شمارهٔ ۲ گرگان", "270102")
    workshop = save_workshop(
        ctx, WorkshopData(place_id=first.id, name="کارگاه برق", occupation_group="برق")
    )
    save_workshop(ctx, WorkshopData(**{**workshop.__dict__, "place_id": second.id}))
    return first, second, workshop


def test_a_changed_reference_reads_as_the_records_name_and_code(ctx):
    first, second, workshop = _moved_workshop(ctx)
    rows = record_history(ctx, "workshops", workshop.id)
    moved = rows[-1]
    old, new = moved.changes["place_id"]
    assert old == str(first.id) and new == str(second.id)  # stored as ids
    assert moved.references[old] == "مرکز شمارهٔ ۱ گرگان — 270101"
    assert moved.references[new] == "مرکز شمارهٔ ۲ گرگان — 270102"
    created = rows[0]
    assert created.references[created.changes["place_id"][1]] == "مرکز شمارهٔ ۱ گرگان — 270101"
    # the log's list reads them the same way
    listed = audit_page(ctx, ListQuery().with_filter("table_name", "workshops"), 0, 50)
    assert any(r.references.get(new) == "مرکز شمارهٔ ۲ گرگان — 270102" for r in listed)


def test_a_reference_to_a_record_no_longer_there_reads_deleted(ctx):
    first, _second, workshop = _moved_workshop(ctx)
    gone = uuid.uuid4()
    record_event_now(ctx, "edit", "workshops", workshop.id,
                     changes={"place_id": [str(gone), str(first.id)]})  # fmt: skip
    with ctx.session() as session:  # soft-deleted: its name, marked
        session.get(Place, first.id).deleted_at = session.get(Place, first.id).updated_at
    last = record_history(ctx, "workshops", workshop.id)[-1]
    assert last.references[str(gone)] == DELETED_REFERENCE
    assert last.references[str(first.id)] == f"مرکز شمارهٔ ۱ گرگان — 270101 {DELETED_REFERENCE}"


def test_the_history_dialog_shows_the_names(ctx, qtbot, miz_app):
    from desktop_app.ui.listing.history import RecordHistoryDialog
    from desktop_app.ui.tasks import TaskRunner

    first, second, workshop = _moved_workshop(ctx)
    runner = TaskRunner()
    dialog = RecordHistoryDialog(ctx, runner, "workshops", workshop.id, "کارگاه برق")
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: len(dialog.rows) == 2)
    dialog.show_changes(1)
    cells = {
        dialog.changes.item(r, 0).text(): (
            dialog.changes.item(r, 1).text(),
            dialog.changes.item(r, 2).text(),
        )
        for r in range(dialog.changes.rowCount())
    }
    old, new = cells["مکان"]
    assert "مرکز شمارهٔ ۱ گرگان" in old and "مرکز شمارهٔ ۲ گرگان" in new
    assert str(first.id) not in old and str(second.id) not in new
    runner.wait_for_done()
