"""The kinds a write announces come from what its services committed
(``services.core.changes``): the write worker records them, ``data_bus`` carries them,
and a refused save announces nothing."""

from __future__ import annotations

import pytest

from desktop_app.models import Base
from desktop_app.services.core.changes import (
    TABLE_KINDS,
    UNSHOWN_TABLES,
    Change,
    recording,
)
from desktop_app.services.core.errors import ServiceError
from desktop_app.services.places.places import PlaceData, get_place, save_place
from desktop_app.ui.tasks import TaskRunner, data_bus

PLACE = PlaceData(name="مرکز شمارهٔ ۱", code="270101", province="گلستان", city="گرگان")


def test_every_table_has_a_kind_or_is_known_to_have_none() -> None:
    # the application's tables (a test elsewhere may register a throw-away model)
    app = {
        m.class_.__tablename__
        for m in Base.registry.mappers
        if m.class_.__module__.startswith("desktop_app.")
    }
    assert app <= set(TABLE_KINDS) | UNSHOWN_TABLES
    assert not set(TABLE_KINDS) & UNSHOWN_TABLES


def test_a_save_records_the_kinds_it_committed(ctx) -> None:
    with recording() as changes:
        stored = save_place(ctx, PLACE)
    assert changes.kinds == {Change.PLACES}
    with recording() as changes:
        assert stored.id is not None
        get_place(ctx, stored.id)  # a read commits nothing written
    assert changes.kinds == frozenset()
    with recording() as changes, pytest.raises(ServiceError):
        save_place(ctx, PlaceData(name="", code="270102"))  # refused: rolled back
    assert changes.kinds == frozenset()


def test_nothing_is_recorded_outside_a_recording(ctx) -> None:
    save_place(ctx, PLACE)  # the CLI and tests: no recorder, no error
    with recording() as changes:
        pass
    assert changes.kinds == frozenset()


def test_the_write_worker_announces_what_the_service_changed(ctx, miz_app, qtbot) -> None:
    runner = TaskRunner()
    heard: list[frozenset[str]] = []
    data_bus().data_changed.connect(heard.append)
    try:
        with qtbot.waitSignal(data_bus().data_changed):
            runner.submit(lambda _c: save_place(ctx, PLACE), write=True)  # no kinds named
        assert heard[-1] == {Change.PLACES}
        with qtbot.waitSignal(data_bus().data_changed):
            other = PlaceData(name="مرکز شمارهٔ ۲", code="270102", province="گلستان", city="گرگان")
            runner.submit(lambda _c: save_place(ctx, other), write=True, changes={Change.SYNC})
        assert heard[-1] == {Change.PLACES, Change.SYNC}  # with what it names itself
        failed: list[Exception] = []
        runner.submit(
            lambda _c: save_place(ctx, PlaceData(name="")), write=True, on_error=failed.append
        )
        qtbot.waitUntil(lambda: bool(failed))
        runner.submit(lambda _c: get_place(ctx, _first(ctx)), on_done=lambda _r: None)
        runner.wait_for_done()
        qtbot.wait(50)
        assert len(heard) == 2  # a refused write and a read announce nothing
    finally:
        data_bus().data_changed.disconnect(heard.append)
        runner.wait_for_done()


def _first(ctx):
    from sqlalchemy import select

    from desktop_app.models import Place

    with ctx.session() as session:
        return session.scalars(select(Place.id).limit(1)).one()
