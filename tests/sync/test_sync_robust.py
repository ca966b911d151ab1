"""Sync that never stops on one bad row and never drops a typed value (issue 15, A–H,
and issue 14 item 3): each defect reproduced with several counters and a real server
(SQLite and PostgreSQL), then proven fixed."""

from __future__ import annotations

import json
import uuid

import pytest
from sqlalchemy import func, select, text

from central_server.models import RecordChange
from desktop_app.models import Place, SyncConflict, SyncOutbox, SyncProblem, Trainer, Workshop
from desktop_app.services.places.places import PlaceData, delete_place, save_place
from desktop_app.services.sync.sync import (
    dismiss_sync_problem,
    list_sync_problems,
    retry_sync_problem,
    waiting_problem_count,
)
from desktop_app.sync.conflicts import list_conflicts, resolve_conflict


def _ws(server, name: str, office: str):
    """A workstation of ``office`` acting as the system actor (every permission)."""
    from desktop_app.services.accounts.access import system_actor

    ctx, engine, transport = server.workstation(name, office)
    ctx.user = system_actor()
    return ctx, engine, transport


def _place(ctx, code: str, name: str = "مرکز", city: str = "گرگان", **kw) -> uuid.UUID:
    saved = save_place(ctx, PlaceData(name=name, code=code, province="گلستان", city=city, **kw))
    assert saved.id is not None
    return saved.id


def _edit(ctx, place_id, **values) -> None:
    with ctx.session() as s:
        row = s.get(Place, place_id)
        for k, v in values.items():
            setattr(row, k, v)


def _get(ctx, place_id) -> Place:
    with ctx.session() as s:
        return s.get(Place, place_id)


def _open_conflicts(ctx) -> list[SyncConflict]:
    with ctx.session() as s:
        return list(s.scalars(select(SyncConflict).where(SyncConflict.resolved_at.is_(None))))


def _outbox(ctx) -> int:
    with ctx.session() as s:
        return s.scalar(select(func.count()).select_from(SyncOutbox))


# -- A: an applied change keeps its change-log entry ---------------------------------------
def test_A_rename_reaches_others_when_a_later_code_change_in_the_same_push_is_refused(server):
    a, sync_a, _ = _ws(server, "a", "C11")
    b, sync_b, _ = _ws(server, "b", "C11")
    other, sync_other, _ = _ws(server, "other", "C12")
    pid = _place(a, "201", name="مرکز قدیم")
    _place(other, "301", name="مرکز گنبد")
    sync_a.run()
    sync_other.run()
    sync_b.run()
    _edit(a, pid, name="مرکز نو")  # mutation 1: applied
    _edit(a, pid, code="301")  # mutation 2: another office's code → refused
    report = sync_a.run()
    assert report.conflicts == 1
    (refused,) = _open_conflicts(a)
    assert refused.kind == "rejected" and json.loads(refused.fields) == ["code"]
    sync_b.run()
    assert _get(b, pid).name == "مرکز نو"  # the rename was pulled: its change-log entry kept
    with server.sessions() as s:
        assert s.scalar(
            select(func.count()).select_from(RecordChange).where(RecordChange.record_id == str(pid))
        )


# -- B: «مال من» resends every field of that save -------------------------------------------
def test_B_keeping_mine_resends_every_typed_field_not_only_the_conflicting_one(server):
    a, sync_a, _ = _ws(server, "a", "C11")
    b, sync_b, _ = _ws(server, "b", "C11")
    pid = _place(a, "202", city="گرگان", manager="")
    sync_a.run()
    sync_b.run()
    _edit(a, pid, city="گنبد")
    _edit(b, pid, city="کردکوی", manager="رضا احمدی")  # one save: city and manager
    sync_a.run()
    assert sync_b.run().conflicts == 1
    (conflict,) = list_conflicts(b)
    assert conflict.fields == ["city"]
    resolve_conflict(b, conflict.id, "mine")
    sync_b.run()
    sync_a.run()
    for ctx in (a, b):
        place = _get(ctx, pid)
        assert (place.city, place.manager) == ("کردکوی", "رضا احمدی")
    assert list_conflicts(b) == []


# -- C: a save without a change writes nothing ------------------------------------------------
def test_C_saving_a_record_without_a_change_raises_no_version_and_queues_nothing(ctx):
    with ctx.session() as s:
        trainer = Trainer(first_name="رضا", last_name="کریمی", national_code="2220458717")
        s.add(trainer)
    with ctx.session() as s:
        before = s.scalar(select(func.count()).select_from(SyncOutbox))
    with ctx.session() as s:
        row = s.get(Trainer, trainer.id)
        row.photo = None  # a form writes back the photo it never loaded (deferred)
        row.first_name = "رضا"
    with ctx.session() as s:
        assert s.get(Trainer, trainer.id).version == 1
        assert s.scalar(select(func.count()).select_from(SyncOutbox)) == before
    with ctx.session() as s:
        s.get(Trainer, trainer.id).photo = b"\xff\xd8\xff-new"  # a real change still counts
    with ctx.session() as s:
        assert s.get(Trainer, trainer.id).version == 2
        last = s.scalars(select(SyncOutbox).order_by(SyncOutbox.seq.desc())).first()
        assert "photo" in json.loads(last.fields)


# -- D and issue 14 item 3: a local unique index never stops the pull ---------------------
def test_D_a_row_clashing_with_a_local_unique_code_is_set_aside_and_the_pull_goes_on(server):
    a, sync_a, _ = _ws(server, "a", "C11")
    b, sync_b, _ = _ws(server, "b", "C11")
    mine_a = _place(a, "401", name="کارگاه‌های الف")
    later_a = _place(a, "402", name="مرکز دوم الف")
    sync_a.run()
    mine_b = _place(b, "401", name="کارگاه‌های ب")  # the same code, offline
    report = sync_b.run()  # no exception: the clashing row is set aside
    assert report.conflicts == 1  # b's own insert was refused by the server
    assert _get(b, later_a).name == "مرکز دوم الف"  # the rest of the page applied
    (problem,) = list_sync_problems(b)
    assert problem.record_id == str(mine_a)
    assert "پیشخوان" in problem.reason and "code" in problem.reason
    assert waiting_problem_count(b) == 2  # the refused push and the set-aside row
    # the cursor moved on: the next round pulls nothing new and does not raise
    assert sync_b.run().pulled == 0
    # the clerk corrects the code; the supervisor sends the refused record again
    with b.session() as s:
        s.get(Place, mine_b).code = "403"
    sync_b.run()  # the correction waits with the refused insert ("held")
    kinds = sorted(c.kind for c in list_conflicts(b))
    assert kinds == ["held", "rejected"]
    root = next(c for c in list_conflicts(b) if c.kind == "rejected")
    resolve_conflict(b, root.id, "mine")
    assert list_conflicts(b) == []
    sync_b.run()  # the record goes up, and the set-aside row applies after the pull
    assert list_sync_problems(b) == []
    assert list_conflicts(b) == []
    assert waiting_problem_count(b) == 0
    sync_a.run()
    for ctx in (a, b):
        assert _get(ctx, mine_a).code == "401"
        assert _get(ctx, mine_b).code == "403"


def test_a_pulled_value_this_version_refuses_is_set_aside_and_a_supervisor_dismisses_it(
    server,
):
    a, sync_a, _ = _ws(server, "a", "C11")
    b, sync_b, _ = _ws(server, "b", "C11")
    good = _place(a, "501", name="مرکز خوب")
    sync_a.run()
    # a newer version on another counter wrote a kind this version does not know
    odd = uuid.uuid4()
    with server.sessions() as s, s.begin():
        top = s.scalar(select(func.max(RecordChange.seq)))
        s.execute(
            Place.__table__.insert().values(
                id=odd, name="واحد سیار", code="502", kind="mobile_unit", origin_office="C11"
            )
        )
        s.add(
            RecordChange(table_name="places", record_id=str(odd), seq=top + 1, origin_office="C11")
        )
    sync_b.run()
    assert _get(b, good).name == "مرکز خوب"
    assert _get(b, odd) is None
    (problem,) = list_sync_problems(b)
    assert "kind" in problem.reason and problem.table == "places"
    assert not retry_sync_problem(b, problem.id)  # still refused
    dismiss_sync_problem(b, problem.id)
    assert list_sync_problems(b) == []
    with b.session() as s:
        assert s.get(SyncProblem, problem.id).resolution == "dismissed"


# -- E: timestamps are UTC whatever the server database's zone ----------------------------
@pytest.mark.postgres
def test_E_timestamps_do_not_shift_with_the_server_database_in_asia_tehran(pg_server):
    server = pg_server
    name = server.engine.url.database
    with server.engine.connect() as conn:
        conn.execute(text(f"ALTER DATABASE \"{name}\" SET timezone TO 'Asia/Tehran'"))
        conn.commit()
    try:
        server.app.state.engine.dispose()  # new connections take the zone
        with server.app.state.engine.connect() as conn:
            assert conn.execute(text("SHOW timezone")).scalar() == "Asia/Tehran"
        a, sync_a, _ = _ws(server, "a", "C11")
        b, sync_b, _ = _ws(server, "b", "C11")
        pid = _place(a, "601")
        with a.session() as s:
            s.get(Place, pid).mark_deleted()
        sync_a.run()
        sync_b.run()
        sync_a.run()  # a gets its own row back from the server
        for column in ("created_at", "updated_at", "deleted_at"):
            stamp_a, stamp_b = getattr(_get(a, pid), column), getattr(_get(b, pid), column)
            assert stamp_a == stamp_b, column
    finally:
        with server.engine.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{name}" RESET timezone'))
            conn.commit()
        server.app.state.engine.dispose()


# -- F: one long value never blocks a workstation --------------------------------------------
def test_F_the_services_refuse_a_value_longer_than_its_column_at_the_field(ctx):
    from desktop_app.services.core.errors import ServiceError

    with pytest.raises(ServiceError) as caught:
        _place(ctx, "701", name="م" * 209)
    assert caught.value.field == "name"
    assert "۲۰۰" in caught.value.message


def test_F_a_refused_value_from_an_older_app_never_blocks_the_changes_behind_it(server):
    a, sync_a, _ = _ws(server, "a", "C11")
    b, sync_b, _ = _ws(server, "b", "C11")
    pid = _place(a, "702")
    sync_a.run()
    with a.session() as s:  # what an older version queued (it accepted 209 characters)
        s.add(
            SyncOutbox(
                mutation_id=str(uuid.uuid4()),
                table_name="places",
                record_id=str(pid),
                op="update",
                base_seq=s.get(Place, pid).server_seq,
                fields=json.dumps({"name": "م" * 209}),
            )
        )
    behind = _place(a, "703", name="پشت سر")
    report = sync_a.run()
    assert report.conflicts == 1 and _outbox(a) == 0
    (refused,) = _open_conflicts(a)
    assert json.loads(refused.fields) == ["name"] and "name" in refused.reason
    sync_b.run()
    assert _get(b, behind).name == "پشت سر"


# -- H: never a live child under a tombstoned parent ------------------------------------------
def _workshop(ctx, place_id) -> uuid.UUID:
    with ctx.session() as s:
        w = Workshop(place_id=place_id, name="جوشکاری", occupation_group="جوشکاری و ساخت")
        s.add(w)
    return w.id


def _live_orphans(server) -> int:
    with server.sessions() as s:
        return s.scalar(
            select(func.count())
            .select_from(Workshop)
            .join(Place, Place.id == Workshop.place_id)
            .where(Workshop.deleted_at.is_(None), Place.deleted_at.is_not(None))
        )


def test_H_a_workshop_added_offline_under_a_place_deleted_elsewhere_is_refused(server):
    a, sync_a, _ = _ws(server, "a", "C11")
    b, sync_b, _ = _ws(server, "b", "C11")
    pid = _place(a, "801")
    sync_a.run()
    sync_b.run()
    delete_place(a, pid)
    wid = _workshop(b, pid)
    sync_a.run()
    assert sync_b.run().conflicts == 1
    (refused,) = list_conflicts(b)
    assert refused.record_id == str(wid) and "حذف شده" in refused.reason
    assert _live_orphans(server) == 0


def test_H_a_place_deletion_reaching_the_server_after_a_new_workshop_is_a_conflict(server):
    a, sync_a, _ = _ws(server, "a", "C11")
    b, sync_b, _ = _ws(server, "b", "C11")
    pid = _place(a, "802")
    sync_a.run()
    sync_b.run()
    delete_place(a, pid)
    wid = _workshop(b, pid)
    sync_b.run()  # the workshop first
    assert sync_a.run().conflicts == 1  # then the deletion: shown, not applied
    (conflict,) = list_conflicts(a)
    assert conflict.kind == "conflict" and conflict.fields == ["deleted_at"]
    assert _get(a, pid).deleted_at is None  # a shows the live place again …
    with a.session() as s:
        assert s.get(Workshop, wid) is not None  # … with the workshop under it
    assert _live_orphans(server) == 0


# -- push: one refused mutation never blocks those behind it -----------------------------------
def test_a_child_of_a_refused_insert_waits_with_it_and_the_rest_goes_on(server):
    a, sync_a, _ = _ws(server, "a", "C11")
    other, sync_other, _ = _ws(server, "other", "C12")
    _place(other, "901")
    sync_other.run()
    refused = _place(a, "901", name="تکراری")  # the code another office already has
    child = _workshop(a, refused)
    free = _place(a, "902", name="آزاد")
    report = sync_a.run()
    assert report.conflicts == 2
    kinds = {c.record_id: c.kind for c in list_conflicts(a)}
    assert kinds == {str(refused): "rejected", str(child): "held"}
    with server.sessions() as s:
        assert s.get(Place, free) is not None
    with a.session() as s:
        s.get(Place, refused).code = "903"
    sync_a.run()
    root = next(c for c in list_conflicts(a) if c.kind == "rejected")
    resolve_conflict(a, root.id, "mine")
    sync_a.run()
    assert list_conflicts(a) == []
    with server.sessions() as s:
        assert s.get(Place, refused).code == "903"
        assert s.get(Workshop, child).place_id == refused


# -- limits: 413 and 422 reach the clerk as Persian sentences --------------------------------
def _small_server(server, max_body_bytes: int):
    from fastapi.testclient import TestClient

    from central_server.app import create_app
    from central_server.settings import ServerSettings
    from tests.sync.conftest import FaultyTransport

    app = create_app(ServerSettings(database_url=server.url, max_body_bytes=max_body_bytes))
    client = TestClient(app, base_url="https://miz.test")
    return app, client, FaultyTransport(client._transport)


def test_a_413_halves_the_batch_and_one_oversized_change_is_a_persian_message(server):
    from desktop_app.sync.client import SyncEngine, SyncError

    a, _sync_a, _ = _ws(server, "a", "C11")
    ids = [_place(a, f"11{i}", name=f"مرکز {i}") for i in range(6)]
    app, client, transport = _small_server(server, 2500)
    try:
        engine = SyncEngine(a, transport=transport, retries=0, backoff=0)
        assert engine.run().pushed == 6  # batches shrank until each fitted
        with server.sessions() as s:
            assert all(s.get(Place, pid) is not None for pid in ids)
        _edit(a, ids[0], address="خیابان " * 400)  # one change larger than the limit
        with pytest.raises(SyncError) as refused:
            engine.run()
        assert "۴۱۳" in refused.value.message and "محفوظ" in refused.value.message
        assert _outbox(a) == 1  # kept for later
    finally:
        client.close()
        app.state.engine.dispose()


def test_a_422_is_a_persian_message_and_a_bad_key_never_makes_the_batch_malformed(server):
    import httpx

    from desktop_app.sync.client import SyncError, _post
    from desktop_app.sync.protocol import PullRequest, PullResponse

    a, sync_a, _ = _ws(server, "a", "C11")
    pid = _place(a, "120")
    sync_a.run()
    with a.session() as s:  # a key no column can have (a damaged or foreign entry)
        s.add(
            SyncOutbox(
                mutation_id=str(uuid.uuid4()),
                table_name="places",
                record_id=str(pid),
                op="update",
                base_seq=s.get(Place, pid).server_seq,
                fields=json.dumps({"Not A Column!": 1, "city": "ساری"}),
            )
        )
    sync_a.run()
    assert _outbox(a) == 0
    with server.sessions() as s:
        assert s.get(Place, pid).city == "ساری"
    refusing = httpx.Client(
        base_url="https://miz.test",
        transport=httpx.MockTransport(lambda _r: httpx.Response(422, json={"detail": {}})),
    )
    with pytest.raises(SyncError) as refused:
        _post(refusing, "/sync/pull", PullRequest(), PullResponse, 0, 0)
    assert "۴۲۲" in refused.value.message and "محفوظ" in refused.value.message
