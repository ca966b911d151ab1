"""The server's check figures kept by the push writer (``central_server.check_figures``)
equal a scan of every synced table after every kind of write: inserts, updates, a
tombstone and its undoing, a merge of one person inserted twice and an edit of the
merged-away record, a refused push, a group of pushes touching the same record; and
the repair paths count a table again (figures lost, figures wrong) — on SQLite and
PostgreSQL."""

from __future__ import annotations

import uuid

from sqlalchemy import delete, func, select, update

from central_server import check_figures, sync_service
from central_server.app import present_tables
from central_server.models import CheckFigure, RecordMerge
from desktop_app.models import Base
from desktop_app.sync.protocol import Mutation, PushRequest
from tests.sync.pushes import enrolled_device
from tests.sync.test_group_commit import _Hold, _run_together, _writer
from tests.sync.test_group_commit_setwise import _one, _set_wise_writer

TRAINEE = {"first_name": "رضا", "last_name": "کریمی", "national_code": "2220458717"}


def synced_here(conn) -> list[str]:
    """The synced tables this server's database has (a model a test module declares,
    ``tests/test_database.py``'s probe, has no table here)."""
    return sorted(set(sync_service.synced_tables()) & present_tables(conn))


def scanned(conn) -> dict[str, dict[str, tuple[int, int]]]:
    """Per synced table and origin office: (count, total) of a scan."""
    out: dict[str, dict[str, tuple[int, int]]] = {}
    for name in synced_here(conn):
        table = Base.metadata.tables[name]
        deleted = func.coalesce(func.sum(func.iif(table.c.deleted_at.is_(None), 0, 1)), 0)
        if conn.dialect.name == "postgresql":
            deleted = func.count(table.c.deleted_at)
        rows = conn.execute(
            select(table.c.origin_office, func.count(), 2 * func.sum(table.c.server_seq) + deleted)
            .where(table.c.server_seq.is_not(None))
            .group_by(table.c.origin_office)
        )
        out[name] = {office: (int(n), int(total)) for office, n, total in rows}
    return out


def assert_kept_equal_scan(server) -> None:
    """Every table counted, each office's kept figures those of a scan, the tombstones
    the numbered deleted rows."""
    figures = CheckFigure.__table__
    with server.engine.connect() as conn:
        kept: dict[str, dict[str, tuple[int, int]]] = {}
        for name, office, n, total in conn.execute(select(figures)):
            kept.setdefault(name, {})
            if office != check_figures.COUNTED and (n or total):
                kept[name][office] = (n, total)
        assert kept == scanned(conn)
        for name in synced_here(conn):
            table = Base.metadata.tables[name]
            tombstones = set(
                conn.scalars(
                    select(check_figures.TOMBSTONES.c.record_id).where(
                        check_figures.TOMBSTONES.c.table_name == name
                    )
                )
            )
            dead = set(
                conn.scalars(
                    select(table.c.id).where(
                        table.c.deleted_at.is_not(None), table.c.server_seq.is_not(None)
                    )
                )
            )
            assert tombstones == dead, name


def _push(server, device, request):
    with server.sessions() as s, s.begin():
        return sync_service.push(s, device, request)


def test_the_kept_figures_equal_a_scan_after_every_kind_of_write(server):
    one, two = enrolled_device(server, "C11"), enrolled_device(server, "C12")
    assert_kept_equal_scan(server)  # counted by the migration: every table, empty
    place, other = uuid.uuid4(), uuid.uuid4()
    c11 = {"origin_office": "C11"}
    answers = [
        _push(server, one, _one(1, "places", place, "insert", {"name": "الف", "code": "1", **c11})),
        _push(server, one, _one(2, "places", other, "insert", {"name": "ب", "code": "2", **c11})),
        _push(server, two, _one(1, "places", uuid.uuid4(), "insert", {"name": "ج", "code": "3"})),
        _push(server, one, _one(3, "places", place, "update", {"city": "ساری"})),  # update
        _push(
            server,
            one,
            _one(4, "places", other, "update", {"deleted_at": "2026-12-06T10:00:00+00:00"}),
        ),
    ]
    assert all(a.results[0].status == "applied" for a in answers), answers
    assert_kept_equal_scan(server)  # inserts of two offices, an update, a tombstone
    # the tombstone undone; a refused edit (another office's record) changes nothing
    undone = _push(server, one, _one(5, "places", other, "update", {"deleted_at": None}))
    refused = _push(server, two, _one(2, "places", place, "update", {"city": "گرگان"}))
    assert (undone.results[0].status, refused.results[0].status) == ("applied", "rejected")
    assert_kept_equal_scan(server)
    # one person inserted by two workstations: the second merged (its tombstone kept)
    first, second = uuid.uuid4(), uuid.uuid4()
    three = enrolled_device(server, "C11")
    _push(server, one, _one(6, "trainees", first, "insert", {**TRAINEE, **c11}))
    merged = _push(server, three, _one(1, "trainees", second, "insert", {**TRAINEE, **c11}))
    assert merged.results[0].status == "merged"
    # an edit of the merged-away record lands on the winner
    _push(server, three, _one(2, "trainees", second, "update", {"father_name": "علی"}))
    with server.sessions() as s:
        assert s.scalars(select(RecordMerge.winner_id)).one() == str(first)
    assert_kept_equal_scan(server)


def test_a_group_of_pushes_numbered_at_once_keeps_the_figures(server):
    """One transaction numbers several pushes (an insert, an update, a tombstone, one
    person inserted twice: merged) with one call of the figures' hook."""
    devices = [enrolled_device(server, "C11") for _ in range(5)]
    edited, buried = uuid.uuid4(), uuid.uuid4()
    _push(server, devices[0], _one(1, "places", edited, "insert", {"name": "الف", "code": "1"}))
    _push(server, devices[0], _one(2, "places", buried, "insert", {"name": "ب", "code": "2"}))
    places = Base.metadata.tables["places"]
    with server.engine.connect() as conn:  # the edits are made on the current copies
        base = dict(conn.execute(select(places.c.id, places.c.server_seq)).all())
    hold = _Hold()
    writer, _judged = _writer(server, hold)
    person = {**TRAINEE, "origin_office": "C11"}
    deleted = {"deleted_at": "2026-12-06T10:00:00+00:00"}
    calls = [
        (devices[1], _one(1, "places", uuid.uuid4(), "insert", {"name": "پ", "code": "0"})),
        (devices[1], _one(2, "places", uuid.uuid4(), "insert", {"name": "ج", "code": "3"})),
        (devices[2], _one(1, "places", edited, "update", {"city": "ساری"}, base[edited])),
        (devices[3], _one(1, "places", buried, "update", deleted, base[buried])),
        (devices[4], _one(1, "trainees", uuid.uuid4(), "insert", person)),
        (devices[0], _one(3, "trainees", uuid.uuid4(), "insert", person)),
    ]
    answers = _run_together(writer, hold, calls)
    assert writer.groups == 1, writer.groups
    statuses = [a.results[0].status for a in answers]
    assert set(statuses) <= {"applied", "merged"} and statuses[-1] == "merged", statuses
    assert_kept_equal_scan(server)


def test_lost_or_wrong_figures_are_counted_again_by_the_check(server):
    """A table without its figures (emptied by hand): the check answers from a scan
    and counts it again. Figures written around the writer: the workstation sees a
    difference, re-pulls, and the whole re-check (a scan) counts them again."""
    a, sync_a, _ = server.workstation("a", "C11")
    from desktop_app.models import Place

    with a.session() as s:
        for i in range(3):
            s.add(Place(name=f"مرکز {i}", code=f"40{i}"))
    sync_a.run()
    figures = CheckFigure.__table__
    with server.engine.begin() as conn:
        conn.execute(delete(figures).where(figures.c.table_name == "places"))
        conn.execute(update(figures).where(figures.c.table_name == "trainees").values(n=7))
    with server.engine.connect() as conn:
        assert "places" not in check_figures.kept(conn, None)
    report = sync_a.run()
    # lost: answered from a scan, no difference; wrong: a difference for the windowed
    # check, re-pulled, and the whole re-check's scan finds the copies equal
    assert report.repaired == ["trainees"] and report.mismatched == []
    assert_kept_equal_scan(server)


def test_a_window_too_big_to_read_by_id_is_hashed_with_one_pass(server, monkeypatch):
    """Past ``MAX_WINDOW`` change-log rows (or ``MAX_WINDOW_IDS`` of one table) the
    server hashes the window with one pass: the same digest, no difference."""
    a, sync_a, _ = server.workstation("a", "C11")
    _b, sync_b, _ = server.workstation("b", "C11")
    from desktop_app.models import Place

    with a.session() as s:
        s.add_all(Place(name=f"مرکز {i}", code=f"40{i}") for i in range(4))
    sync_a.run()
    assert sync_b.run().repaired == []  # a whole check; its window kept
    scans: list[tuple[str, int | None]] = []
    real = check_figures.table_figures

    def counted(conn, name, offices, since=None):
        scans.append((name, since))
        return real(conn, name, offices, since)

    monkeypatch.setattr(check_figures, "table_figures", counted)
    for limit, scanned_tables in (
        (None, set()),
        ("MAX_WINDOW", None),
        ("MAX_WINDOW_IDS", {"places"}),
    ):
        with monkeypatch.context() as patch:
            if limit:
                patch.setattr(check_figures, limit, 1)
            with a.session() as s:
                for place in s.query(Place):
                    place.city = f"شهر {limit}"
            assert sync_a.run().pushed == 4
            scans.clear()
            report = sync_b.run()
        assert report.pulled == 4 and report.repaired == [] and report.mismatched == []
        assert all(since is not None for _name, since in scans)
        names = {name for name, _since in scans}
        if scanned_tables is None:  # every table
            with server.engine.connect() as conn:
                assert names == set(synced_here(conn)), names
        else:
            assert names == scanned_tables, (limit, names)


def _batch(device_seq: int, *changes: tuple[str, uuid.UUID, str, dict]) -> PushRequest:
    """One push of several mutations, numbered on from ``device_seq``."""
    return PushRequest(
        mutations=[
            Mutation(
                mutation_id=uuid.uuid4(),
                seq=device_seq + i,
                table=table,
                record_id=record,
                op=op,
                fields=fields,
            )
            for i, (table, record, op, fields) in enumerate(changes)
        ]
    )


def test_records_a_push_inserted_take_their_deltas_from_the_writer(server):
    """The deltas of records a push inserted come from what the writer holds (no read
    back): a record inserted deleted (its tombstone buried), one inserted then edited
    or deleted by the same push (read back), one person inserted on the row-by-row
    path; alone and in a group judged set-wise."""
    one, two = enrolled_device(server, "C11"), enrolled_device(server, "C11")
    dead = {"deleted_at": "2026-12-06T10:00:00+00:00"}
    edited, buried, born_dead = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    answer = _push(
        server,
        one,
        _batch(
            1,
            ("places", edited, "insert", {"name": "الف", "code": "1"}),
            ("places", born_dead, "insert", {"name": "ب", "code": "2", **dead}),
            ("places", buried, "insert", {"name": "پ", "code": "3"}),
            ("trainees", uuid.uuid4(), "insert", {**TRAINEE, "origin_office": "C11"}),
            ("places", edited, "update", {"city": "ساری"}),
            ("places", buried, "update", dead),
        ),
    )
    assert {r.status for r in answer.results} == {"applied"}, answer
    assert_kept_equal_scan(server)
    reads: list[str] = []
    real = check_figures._read_back

    def spy(conn, name, *args):
        reads.append(name)
        real(conn, name, *args)

    check_figures._read_back = spy  # type: ignore[assignment]
    try:
        hold = _Hold()
        writer = _set_wise_writer(server, hold)
        devices = [enrolled_device(server, "C12") for _ in range(3)]
        calls = [
            (devices[0], _one(1, "places", uuid.uuid4(), "insert", {"name": "ت", "code": "4"})),
            (devices[1], _one(1, "places", uuid.uuid4(), "insert", {"name": "ث", **dead})),
            (devices[2], _one(1, "places", uuid.uuid4(), "insert", {"name": "ج", "code": "6"})),
            (two, _one(1, "places", uuid.uuid4(), "insert", {"name": "چ", "code": "7"})),
        ]
        answers = _run_together(writer, hold, calls)
    finally:
        check_figures._read_back = real  # type: ignore[assignment]
    assert writer.set_wise == 3 and {a.results[0].status for a in answers} == {"applied"}
    assert reads == ["places"]  # only for the one inserted deleted: its tombstone
    assert_kept_equal_scan(server)
