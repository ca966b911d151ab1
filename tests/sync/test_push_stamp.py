"""The push answer's stamp (``client._stamp_own``: one ``UPDATE … FROM json_each`` per
table): every record the server applied holds exactly the server's ``server_seq`` and
version, a record the server refused or kept its own version of holds the server's
copy, and the kept figures (``models.kept_figures``, fed by ``server_seq``) equal a
scan after every round — a batch of several tables, an insert and its update in one
batch, a push answered partly refused and partly in conflict, and a crash between the
answer and the stamp."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from desktop_app.models import Base, Place, SyncOutbox, Workshop
from desktop_app.sync import client
from tests.sync.test_kept_figures import _kept, _place, _scanned
from tests.sync.test_sync_robust import _edit, _open_conflicts, _ws
from tests.sync.test_sync_robust import _place as _saved_place


def _stamps(ctx_or_sessions, model) -> dict[str, tuple[int | None, int]]:
    """id → (server_seq, version) of every record of ``model``."""
    sessions = getattr(ctx_or_sessions, "session", None) or ctx_or_sessions
    with sessions() as s:
        rows = s.execute(select(model.id, model.server_seq, model.version)).all()
    return {str(i): (seq, version) for i, seq, version in rows}


def _as_on_the_server(server, ctx, *models) -> None:
    """Each record of the workstation holds the server's number and version, and the
    kept figures equal a scan."""
    for model in models:
        local, central = _stamps(ctx, model), _stamps(server.sessions, model)
        assert local and local == {k: central[k] for k in local}, model.__tablename__
    with ctx.engine.connect() as conn:
        assert _kept(conn) == _scanned(conn) != {}


def test_every_record_of_a_pushed_batch_holds_the_servers_number_and_version(server):
    a, sync_a, _ = _ws(server, "a", "C11")
    sync_a.batch_size = 7  # several batches; one holds an insert and its update
    ids = [_saved_place(a, "500")]
    _edit(a, ids[0], city="گنبد")  # its second change, in the same (first) batch
    ids += [_saved_place(a, f"5{i:02}") for i in range(1, 12)]
    with a.session() as s:
        s.add_all(Workshop(place_id=pid, name=f"کارگاه {i}") for i, pid in enumerate(ids[:9]))
    # a wrong stamp would be found by the round's check and cost a re-pull (repaired)
    assert sync_a.run().repaired == []
    _as_on_the_server(server, a, Place, Workshop)
    assert _stamps(a, Place)[str(ids[0])][1] == 2
    before = _stamps(a, Place)
    _edit(a, ids[3], name="مرکز تازه")  # a stamped record changed: its number moves up
    assert sync_a.run().repaired == []
    _as_on_the_server(server, a, Place, Workshop)
    assert _stamps(a, Place)[str(ids[3])][0] > before[str(ids[3])][0]
    assert sync_a.run().mismatched == []


def test_a_push_answered_partly_refused_and_partly_in_conflict_stamps_what_was_applied(server):
    a, sync_a, _ = _ws(server, "a", "C11")
    b, sync_b, _ = _ws(server, "b", "C11")
    other, sync_other, _ = _ws(server, "other", "C12")
    shared = _saved_place(a, "601", name="مرکز مشترک")
    _saved_place(other, "701")
    sync_a.run()
    sync_other.run()
    sync_b.run()
    _edit(a, shared, name="نام الف")
    sync_a.run()
    # one push of b: a new record (applied), the same field as a (conflict: the server
    # keeps a's), and a code of another office on a new record (refused)
    fresh = _saved_place(b, "602")
    _edit(b, shared, name="نام ب")
    refused = _saved_place(b, "603")
    _edit(b, refused, code="701")
    report = sync_b.run()
    assert report.conflicts == 2 and report.repaired == []
    kinds = {c.kind for c in _open_conflicts(b)}
    assert {"conflict", "rejected"} <= kinds
    local, central = _stamps(b, Place), _stamps(server.sessions, Place)
    assert local[str(fresh)] == central[str(fresh)]  # applied: stamped
    assert local[str(shared)] == central[str(shared)]  # conflict: the server's copy
    with b.session() as s:
        assert s.get(Place, shared).name == "نام الف"
    assert local[str(refused)] == central[str(refused)]  # its insert applied, the code refused
    with b.engine.connect() as conn:
        assert _kept(conn) == _scanned(conn)


class _Crash(RuntimeError):
    pass


def test_a_crash_between_the_answer_and_the_stamp_stamps_on_the_next_round(server, monkeypatch):
    a, sync_a, _ = _ws(server, "a", "C11")
    ids = [_saved_place(a, f"8{i:02}") for i in range(10)]
    stamp = client._stamp_own

    def crash(*args):
        stamp(*args)  # written, then the process dies before the commit
        raise _Crash

    monkeypatch.setattr(client, "_stamp_own", crash)
    with pytest.raises(_Crash):
        sync_a.run()
    # the server applied the batch; the workstation kept nothing of the answer
    assert all(seq is None for seq, _v in _stamps(a, Place).values())
    with a.session() as s:
        assert len(s.scalars(select(SyncOutbox)).all()) == 10
    with a.engine.connect() as conn:
        assert _kept(conn) == _scanned(conn) == {}
    monkeypatch.setattr(client, "_stamp_own", stamp)
    report = sync_a.run()  # the same batch again: the server answers it from its store
    assert report.repaired == [] and report.mismatched == [] and report.conflicts == 0
    _as_on_the_server(server, a, Place)
    assert set(_stamps(a, Place)) == {str(i) for i in ids}


@pytest.mark.parametrize("set_wise", [True, False], ids=["update-from", "executemany"])
def test_a_stamp_never_lowers_a_number_and_counts_each_row_once(ctx, monkeypatch, set_wise):
    """``_stamp_table`` straight, both ways (one ``UPDATE … FROM json_each``; the
    ``executemany`` of a SQLite without them): a record holding a newer number keeps
    it, a version not given is kept, an id in any form finds its record, a stamp for a
    record not here changes nothing, and the figures move by exactly the stamped rows."""
    import uuid

    monkeypatch.setattr(client, "_sqlite_sets", lambda: set_wise)
    places = Base.metadata.tables["places"]
    rows = [_place(None) for _ in range(4)] + [_place(50, "C12"), _place(9)]
    with ctx.engine.begin() as conn:
        conn.execute(places.insert(), rows)
        before = _kept(conn)
        assert before == _scanned(conn)
        ids = [str(r["id"]) for r in rows]
        client._stamp_table(
            conn,
            places,
            [
                (ids[0], 101, 3),
                (ids[1].upper(), 102, None),  # not canonical: still this record
                (ids[2], 103, 1),
                (ids[4], 40, 7),  # holds 50: newer, kept
                (ids[5], 104, 2),  # 9 → 104
                (str(uuid.uuid4()), 105, 1),  # not here
            ],
        )
        got = {
            str(i): (seq, v)
            for i, seq, v in conn.execute(
                select(places.c.id, places.c.server_seq, places.c.version)
            )
        }
        assert got[ids[0]] == (101, 3) and got[ids[1]] == (102, 1) and got[ids[2]] == (103, 1)
        assert got[ids[3]] == (None, 1) and got[ids[4]] == (50, 1) and got[ids[5]] == (104, 2)
        assert _kept(conn) == _scanned(conn)
        n, total = _kept(conn)["places"]
        assert n == before["places"][0] + 3
        assert total == before["places"][1] + 2 * (101 + 102 + 103) + 2 * (104 - 9)
        # the lists' search triggers on an update watch search_text alone: a stamp
        # (server_seq, version) fires none of them
        updates = conn.execute(
            text(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'places' "
                "AND name LIKE 'fts%' AND sql LIKE '%AFTER UPDATE%'"
            )
        ).scalars()
        assert [" UPDATE OF search_text ON " in sql for sql in updates] == [True]


def _pull_as(server, origin_of_record, request_kw: dict):
    """``sync_service.pull`` answered to the device that made ``origin_of_record``."""
    from central_server.models import Device, RecordChange
    from central_server.sync_service import pull
    from desktop_app.sync.protocol import PullRequest

    with server.sessions() as s:
        uid = s.scalars(
            select(RecordChange.origin_device).where(
                RecordChange.record_id == str(origin_of_record)
            )
        ).first()
        device = s.scalars(select(Device).where(Device.device_uid == uid)).one()
        answer = pull(s, device, PullRequest(**request_kw), page_limit=500)
        return answer


def test_an_own_pull_skips_its_own_window_unwalked_and_still_sends_another_s_change(server):
    """``pull`` with ``own_through``: when every change up to it is the workstation's
    own, the page starts after them (cursor = the last of them, nothing sent); another
    counter's change inside that window, between own ones, is still sent, and the
    own ones around it are not."""
    a, sync_a, _ = _ws(server, "a", "C11")
    b, sync_b, _ = _ws(server, "b", "C11")
    first = [_saved_place(a, f"70{i}") for i in range(3)]
    sync_a.run()
    with server.sessions() as s:
        seqs = s.scalars(select(Place.server_seq).where(Place.id.in_(first))).all()
    top = max(seqs)
    answer = _pull_as(server, first[0], {"since": 0, "own_through": top})
    assert (answer.changes, answer.cursor, answer.more) == ([], top, False)
    # an own window holding nothing but own changes, from a later cursor
    answer = _pull_as(server, first[0], {"since": min(seqs), "own_through": top})
    assert (answer.changes, answer.cursor) == ([], top)
    theirs = _saved_place(b, "710")
    sync_b.run()
    later = [_saved_place(a, f"72{i}") for i in range(2)]
    sync_a.run()
    with server.sessions() as s:
        own_top = max(s.scalars(select(Place.server_seq).where(Place.id.in_(later))).all())
        their_seq = s.get(Place, theirs).server_seq
    assert top < their_seq < own_top  # interleaved: own, another's, own
    answer = _pull_as(server, first[0], {"since": 0, "own_through": own_top})
    assert [c.values["id"] for c in answer.changes] == [str(theirs)]
    assert answer.cursor == own_top and not answer.more
    # page by page: another's change first, then the own rest passed at once
    answer = _pull_as(server, first[0], {"since": 0, "own_through": own_top, "limit": 1})
    assert [c.values["id"] for c in answer.changes] == [str(theirs)]
    assert answer.cursor == their_seq
    answer = _pull_as(server, first[0], {"since": their_seq, "own_through": own_top, "limit": 1})
    assert (answer.changes, answer.cursor, answer.more) == ([], own_top, False)
    # own_through below since (an older copy): the window is empty, nothing skipped
    answer = _pull_as(server, first[0], {"since": own_top, "own_through": top})
    assert (answer.changes, answer.cursor) == ([], own_top)
    # the other workstation is sent a's later ones (its own window holds a's change)
    assert sync_b.run().pulled == len(later)


def test_a_stretch_of_applied_inserts_is_stamped_by_one_update_and_any_doubt_goes_row_by_row(
    ctx, monkeypatch
):
    """``_stamp_own`` with ranges: a stretch of inserts applied as sent is stamped by one
    ``UPDATE`` joined with the outbox (``_stamp_run``); a stretch one of whose records
    holds a newer number, one whose outbox id is in another form, and one whose record
    a result of the same batch changes again (an insert and its update: the update's
    version) are stamped as ``_stamp_table`` stamps them. Every record ends with the
    server's number and version, and the figures equal a scan."""
    import uuid

    from desktop_app.models import SyncOutbox
    from desktop_app.sync.protocol import MutationResult

    with ctx.session() as s:
        made = [Place(name=f"مرکز {i}", code=f"s{i}", origin_office="C11") for i in range(12)]
        s.add_all(made)
    ids = [str(p.id) for p in made]
    places = Base.metadata.tables["places"]
    with ctx.engine.begin() as conn:
        # record 4 holds a newer number already; record 7's outbox id in capitals
        conn.execute(places.update().where(places.c.id == made[4].id).values(server_seq=900))
        conn.execute(
            SyncOutbox.__table__.update()
            .where(SyncOutbox.record_id == ids[7])
            .values(record_id=ids[7].upper())
        )
    with ctx.session() as s:
        rows = s.execute(select(*client._OUTBOX_COLUMNS).order_by(SyncOutbox.seq)).all()
    entries = [client._OutboxRow._make(r) for r in rows]
    # four stretches: 0-2 clean, 3-5 holds record 4, 6-8 holds record 7, 9-11 clean
    # but record 10 also updated in the batch (its result: version 2, the same number)
    in_ranges = [(e, 100 + 20 * (i // 3) + i % 3) for i, e in enumerate(entries)]
    stretches = [in_ranges[i : i + 3] for i in range(0, 12, 3)]
    update = client._OutboxRow(
        entries[-1].seq + 1, str(uuid.uuid4()), "places", ids[10], "update", None, 1, "{}"
    )
    result = MutationResult(
        mutation_id=uuid.UUID(update.mutation_id),
        seq=update.seq,
        status="applied",
        version=2,
        change_seq=161,  # an insert and its update in one push share their number
    )
    runs_stamped: list[int] = []
    stamp_run = client._stamp_run

    def watched(conn, run):
        done = stamp_run(conn, run)
        runs_stamped.append(done)
        return done

    monkeypatch.setattr(client, "_stamp_run", watched)
    with ctx.session() as s:
        client._stamp_own(s, [(update, result)], stretches)
    # 0-2 joined at once; 3-5 and 6-8 tried and redone row by row; 9-11 not tried
    assert runs_stamped == [True, False, False]
    got = _stamps(ctx, Place)
    numbers = {ids[i]: n for i, (_e, n) in enumerate(in_ranges)}
    for i, rid in enumerate(ids):
        if i == 4:
            assert got[rid] == (900, 1)  # newer: kept
        elif i == 10:
            assert got[rid] == (161, 2)  # its update's stamp
        else:
            assert got[rid] == (numbers[rid], 1), i
    with ctx.engine.connect() as conn:
        assert _kept(conn) == _scanned(conn)
    # a stretch whose first entry is no longer the outbox row of its number (the
    # outbox renumbered since it was read): nothing stamped by the join
    stray = [(entries[0]._replace(mutation_id=str(uuid.uuid4())), 500), (entries[1], 501)]
    with ctx.engine.begin() as conn:
        assert stamp_run(conn, stray) is False
    assert _stamps(ctx, Place) == got
