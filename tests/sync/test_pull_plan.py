"""A pull reads its page of the change log from the index of office and number
(``ix_record_changes_office_seq``, migration s0015): the changes after ``since`` of
its offices, not every change of the offices sorted (what SQLite did with the index
of ``origin_office`` alone: 0.15 s a pull with 100,000 changes in the log, the most
of a round of 100 changes; issue 22)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect

from tests.sync.test_sync_hostile import Device, _place


def _pull_statements(server, device: Device, since: int) -> list[tuple[str, Any]]:
    """The change-log reads of one pull (statement and parameters)."""
    seen: list[tuple[str, Any]] = []

    def record(_conn, _cursor, statement, parameters, _context, _many) -> None:
        if "FROM record_changes" in statement and "ORDER BY" in statement:
            seen.append((statement, parameters))

    engine = server.app.state.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        response = device.post("/sync/pull", {"since": since, "limit": 50})
        assert response.status_code == 200, response.text
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return seen


def test_the_change_log_is_indexed_by_office_and_number(server):
    with server.engine.connect() as conn:
        indexes = {
            i["name"]: i["column_names"] for i in inspect(conn).get_indexes("record_changes")
        }
    assert indexes.get("ix_record_changes_office_seq") == ["origin_office", "seq"]
    assert "ix_record_changes_origin_office" not in indexes  # (the index above leads with it)


def test_a_pull_reads_the_changes_after_since_from_that_index(server):
    if server.engine.dialect.name != "sqlite":
        return  # PostgreSQL's plan depends on its statistics; the index is checked above
    device = Device(server)
    for i in range(12):
        device.push_one(_place(f"p{i}"))
    statements = _pull_statements(server, device, since=6)
    assert statements
    with server.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        for statement, parameters in statements:
            plan = " ".join(
                row[3] for row in raw.execute("EXPLAIN QUERY PLAN " + statement, parameters)
            )
            assert "ix_record_changes_office_seq (origin_office=? AND seq>?)" in plan, plan
