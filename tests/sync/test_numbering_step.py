"""The numbering step on PostgreSQL in few round trips (``sync_service.assign_sequences``,
``set_based.pipelined_rows`` and ``set_based.Writes``): the change-log lock and the log's
top read sent at once still read the top only once the lock is held (a number
committed while the step waited is seen); a group's log rows, stamps, check figures
and stored results are one statement; a database error in the pipeline is raised as
SQLAlchemy's (``retry.is_contention`` reads it)."""

from __future__ import annotations

import threading
import time
import uuid

import pytest
from sqlalchemy import bindparam, event, exc, literal, select, text

from central_server import retry, set_based, sync_service
from central_server.models import RecordChange
from tests.sync.test_group_commit import _devices, _Hold, _insert, _run_together
from tests.sync.test_group_commit_setwise import _set_wise_writer

pytestmark = pytest.mark.postgres


def test_the_top_is_read_once_the_change_log_lock_is_held(pg_server):
    """A writer holds the lock and commits a number while another waits in the
    pipelined lock-and-read: the waiting one reads that number as the top."""
    holding, done = threading.Event(), threading.Event()
    tops: list[int] = []

    def waiter() -> None:
        holding.wait(10)
        with pg_server.engine.connect() as conn, conn.begin():
            tops.append(sync_service._locked_top(set_based.Writes(conn)))
        done.set()

    thread = threading.Thread(target=waiter)
    thread.start()
    with pg_server.engine.connect() as conn, conn.begin():
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": sync_service.CHANGE_LOG_LOCK})
        holding.set()
        _until_one_waits_for_the_lock(pg_server)
        assert not done.is_set()
        conn.execute(
            RecordChange.__table__.insert().values(
                table_name="places", record_id=str(uuid.uuid4()), seq=41, origin_office="C11"
            )
        )
    thread.join(10)
    assert tops == [41]


def _until_one_waits_for_the_lock(server) -> None:
    """Until another session waits for an advisory lock (pg_locks: not granted)."""
    waiting = text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
    for _ in range(1000):
        with server.engine.connect() as conn:
            if conn.scalar(waiting):
                return
        time.sleep(0.01)
    raise AssertionError("nobody waited for the change-log lock")


def test_a_groups_numbering_writes_are_one_statement(pg_server):
    """After the lock and the top (one pipeline, below SQLAlchemy), the group's log
    rows, stamps, figures and stored results are one statement."""
    devices = _devices(pg_server, 5)
    hold = _Hold()
    writer = _set_wise_writer(pg_server, hold)
    statements: list[str] = []
    real = writer.finish

    def finish(conn, pushes):
        def seen(_conn, _cursor, statement, *_args) -> None:
            statements.append(statement)

        event.listen(conn, "before_cursor_execute", seen)
        try:
            return real(conn, pushes)
        finally:
            event.remove(conn, "before_cursor_execute", seen)

    writer.finish = finish
    answers = _run_together(writer, hold, [(d, _insert(1, f"n{i}")) for i, d in enumerate(devices)])
    assert {a.results[0].status for a in answers} == {"applied"}
    assert writer.set_wise == 4
    (statement,) = statements  # the group's (the first push ran alone)
    assert statement.startswith("WITH w0 AS (") and "w3 AS (" in statement


def test_an_error_in_the_pipeline_is_sqlalchemys(pg_server):
    one, divided = select(literal(1)), select(literal(1) // bindparam("z"))
    with pg_server.engine.connect() as conn, conn.begin():
        with pytest.raises(exc.DataError) as raised:
            set_based.pipelined_rows(conn, [(one, {}), (divided, {"z": 0})])
    assert raised.value.orig.sqlstate == "22012"
    assert not retry.is_contention(raised.value)
