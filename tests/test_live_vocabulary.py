"""The shared query vocabulary of ``models``: ``live`` (not tombstoned) for a mapped, an
aliased and a Core table, several at once, and the form a search uses; ``enrolled`` and
``holds_seat`` (which enrollments count)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import create_engine, func, insert, select
from sqlalchemy.orm import aliased

from desktop_app.models import Enrollment, Place, Workshop, enrolled, holds_seat, live
from desktop_app.services.core.records import new_record


def _places(ctx) -> tuple[object, object]:
    with ctx.session() as session:
        kept, gone = new_record(session, Place), new_record(session, Place)
        for row, name in ((kept, "ماند"), (gone, "رفت")):
            row.name, row.code, row.kind, row.province, row.city = (
                name,
                name,
                "center",
                "گلستان",
                "گرگان",
            )
        gone.mark_deleted()
    return kept.id, gone.id


def test_live_keeps_the_untombstoned_rows_of_any_kind_of_table(ctx):
    kept, _gone = _places(ctx)
    other = aliased(Place)
    table = Place.__table__
    with ctx.session() as session:
        assert session.scalars(select(Place.id).where(live(Place))).all() == [kept]
        assert session.scalars(select(other.id).where(live(other))).all() == [kept]
        assert session.scalars(select(table.c.id).where(live(table))).all() == [kept]
        assert session.scalars(select(Place.id).where(live(Place, indexed=False))).all() == [kept]
        pairs = select(func.count()).select_from(Place).join(other, other.id == other.id)
        assert session.scalar(pairs.where(live(Place, other))) == 1  # both sides live


def test_the_search_form_hides_the_partial_index_condition():
    assert str(live(Place)) == "places.deleted_at IS NULL"
    assert "coalesce(places.deleted_at" in str(live(Place, indexed=False))
    both = str(live(Place, Workshop))
    assert "places.deleted_at IS NULL" in both and "workshops.deleted_at IS NULL" in both


def test_enrolled_and_holding_a_seat_differ_on_finished_and_withdrawn():
    engine = create_engine("sqlite://")  # the conditions alone, on a bare enrollments table
    Enrollment.__table__.create(engine)
    table = Enrollment.__table__
    rows = [
        {"id": uuid.uuid4(), "trainee_id": uuid.uuid4(), "course_id": uuid.uuid4(), "state": s,
         "tracking_code": s}
        for s in ("registered", "attending", "finished", "withdrawn")
    ]  # fmt: skip
    gone = {"id": uuid.uuid4(), "trainee_id": uuid.uuid4(), "course_id": uuid.uuid4()}
    rows.append(
        {**gone, "state": "attending", "tracking_code": "gone", "deleted_at": datetime.now(UTC)}
    )
    with engine.begin() as connection:
        connection.execute(insert(table), [{"deleted_at": None, **r} for r in rows])
        states = lambda condition: set(connection.scalars(select(table.c.state).where(condition)))  # noqa: E731
        assert states(enrolled()) == {"registered", "attending", "finished"}
        assert states(holds_seat()) == {"registered", "attending"}
        assert connection.scalar(select(func.count()).where(live(table))) == 4
