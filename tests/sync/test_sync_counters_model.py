"""A property-based model of a real day (hypothesis, stateful), on the PostgreSQL server:
three counters of office 2701 and one of office 2702, all offline, confirm
registrations of new and returning applicants (a small pool of national codes, so the
same person turns up at several counters and both offices), register and edit
trainers (national codes from a pool too), enter a backlog of places, their workshops
and the workshops' equipment (through the places and equipment services, several of
a table in a row, so that the push sends them as runs judged as columns:
``run_judge.write``; place codes and asset numbers from small pools, so two counters
offline sometimes save the same one), and sync partially with the faults the suite
injects (request lost, answer lost).

After every step: no two live records share a tracking code, a natural key, a place
code or an asset number (of one place) on any machine. At the end, once everyone has
synced without faults: no round raised, every confirmed registration exists exactly
once on the server and on every counter that may read it, with the tracking code that
was printed; each person is one trainee (and one trainer), with the same id on every
machine that holds them; outboxes are empty. Every place, workshop and item saved is
on the server with its id, code and parents, or (its code taken first by another
counter, or its parent so refused) kept at its counter as the clerk typed it with the
refusal waiting for the clerk (``SyncConflict``: "rejected", or "held" behind its
parent's); every such record the server holds is on every counter that may read it,
or set aside there (``SyncProblem``) behind the counter's own refused record of the
same code or a parent set aside; and some runs were written as columns. Scores and
certificates are not part of this model (their codes share the numbering proven here
and in ``test_sync_counters.py``).
"""

from __future__ import annotations

import json
import shutil
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import func, select, text

from central_server import admin, run_judge
from desktop_app.models import (
    Enrollment,
    Equipment,
    Place,
    SyncConflict,
    SyncOutbox,
    SyncProblem,
    Trainee,
    Trainer,
    Workshop,
)
from desktop_app.services.accounts.access import system_actor
from desktop_app.services.core.errors import ServiceError
from desktop_app.services.core.images import prepare_photo
from desktop_app.services.core.records import new_record
from desktop_app.services.places.equipment import EquipmentData, save_equipment
from desktop_app.services.places.places import PlaceData, WorkshopData, save_place, save_workshop
from desktop_app.services.registration.registration import confirm_registration
from desktop_app.sync.client import SyncError
from tests.registration.helpers import photo_bytes, set_office, valid_form
from tests.sync.conftest import Harness, _empty_pg
from tests.sync.road import open_course
from tests.sync.test_sync_counters import national_code

PEOPLE = [national_code(f"{n:09d}") for n in (23456781, 34567812, 45678123, 56781234, 67812345)]
OFFICES = ["2701", "2701", "2701", "2702"]
PHOTO = None
#: Place codes and asset numbers a backlog draws from: small pools, so two counters
#: offline sometimes save the same one (places.code is unique among live places on
#: every machine, the server included, whatever the office; an asset number among the
#: live items of one place).
PLACE_CODES = [f"41{n:02d}" for n in range(16)]
ASSETS = [f"A-{n}" for n in range(5)]
#: The tables of a backlog, parents first, and each one's parents (as ``Row.parents``).
BACKLOG = ("places", "workshops", "equipment")
PARENTS = {"places": (), "workshops": ("places",), "equipment": ("workshops", "places")}
#: The column a refused record's conflict names (the server's unique index refused it;
#: an item's index is over its place and asset number:
#: ``test_refusal_fields.py``).
REFUSED_FIELD = {"places": ["code"], "equipment": ["asset_number"]}
#: A backlog: place codes, each workshop's place (an index), each item's asset number
#: and workshop (an index); several of a table in a row.
BACKLOG_ENTERED = st.tuples(
    st.lists(st.sampled_from(PLACE_CODES), min_size=3, max_size=8, unique=True),
    st.lists(st.integers(0, 11), min_size=3, max_size=8),
    st.lists(st.tuples(st.sampled_from(ASSETS), st.integers(0, 11)), min_size=3, max_size=8),
)


def _photo() -> bytes:
    global PHOTO
    if PHOTO is None:
        PHOTO = prepare_photo(photo_bytes())
    return PHOTO


def _station_sees(office: str, registration_office: str) -> bool:
    return office == registration_office  # sibling centers never read each other's rows


@dataclass(frozen=True)
class Row:
    """A place, workshop or item as one machine holds it: its code (a place's code, a
    workshop's name, an item's asset number), its parents (workshop: its place; item:
    its workshop and place) and its office."""

    key: str
    parents: tuple[str, ...]
    office: str


_ROWS = {
    "places": "SELECT id, code, origin_office FROM places WHERE deleted_at IS NULL",
    "workshops": "SELECT id, name, origin_office, place_id FROM workshops WHERE deleted_at IS NULL",
    "equipment": "SELECT id, asset_number, origin_office, workshop_id, place_id FROM equipment "
    "WHERE deleted_at IS NULL",
}


def _rows(conn) -> dict[str, dict[str, Row]]:
    """The live places, workshops and items of a machine, by table and id (text)."""
    return {
        table: {
            str(uuid.UUID(str(r[0]))): Row(r[1], tuple(str(uuid.UUID(str(p))) for p in r[3:]), r[2])
            for r in conn.execute(text(sql))
        }
        for table, sql in _ROWS.items()
    }


def _clash(table: str, row: Row, others: dict[str, Row]) -> list[str]:
    """Ids of the rows of ``others`` a live ``row`` of ``table`` may not stand beside:
    the same place code; the same asset number in the same place."""
    if table == "places":
        return [i for i, o in others.items() if o.key == row.key]
    if table == "equipment":
        return [i for i, o in others.items() if (o.key, o.parents[1]) == (row.key, row.parents[1])]
    return []


@pytest.mark.postgres
def test_counters_of_two_offices_register_the_same_people(tmp_path, pg_database_url, monkeypatch):
    # the columnar path counted over all examples (it calls through)
    judged: list[str] = []
    written: list[tuple[str, int]] = []
    write = run_judge.write

    def counted(session, job, run):
        done = write(session, job, run)
        judged.append(run.table)
        if done is not None:
            written.append((run.table, len(run.rows)))
        return done

    monkeypatch.setattr(run_judge, "write", counted)

    class Day(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            _empty_pg(pg_database_url)
            folder = Path(tempfile.mkdtemp(dir=tmp_path))
            self.folder = folder
            self.server = Harness(pg_database_url, folder)
            with self.server.sessions() as s, s.begin():
                for office in ("2701", "2702"):
                    admin.create_office(s, office, f"مرکز {office}", "center", "P1")
            self.stations = []
            for i, office in enumerate(OFFICES):
                ctx, engine, transport = self.server.workstation(f"w{i}", office)
                ctx.user = system_actor()
                set_office(ctx, office)
                self.stations.append((ctx, engine, transport))
            # courses on their real road (the server enforces the workflow)
            first, fourth = self.stations[0], self.stations[3]
            self.courses = {
                "2701": [
                    open_course(self.server, first[0], first[1], code="2701-00001", capacity=500),
                    open_course(self.server, first[0], first[1], code="2701-00002", capacity=500),
                ],
                "2702": [
                    open_course(self.server, fourth[0], fourth[1], code="2702-00001", capacity=500)
                ],
            }
            for _ctx, engine, _t in self.stations:
                engine.run()
            # (station, office, tracking code printed, national code)
            self.confirmed: list[tuple[int, str, str, str]] = []
            # places, workshops and items saved: id (text) → (station, table)
            self.saved: dict[str, tuple[int, str]] = {}
            self.names = 0  # workshops and items are named in order (unique names)

        @initialize(ws=st.integers(0, 3), backlog=BACKLOG_ENTERED)
        def morning(self, ws, backlog):
            """The day starts with a counter entering a backlog and syncing it (the first
            push of places on a server with none of the pool's codes: runs written as
            columns, whatever the rules do next)."""
            self._enter(ws, *backlog)
            self.stations[ws][1].run()

        @rule(ws=st.integers(0, 3), backlog=BACKLOG_ENTERED)
        def backlog(self, ws, backlog):
            """A counter enters a backlog offline: places, workshops, items, each a few in
            a row (sent as runs)."""
            self._enter(ws, *backlog)

        def _enter(self, ws, codes, workshops, items):
            ctx = self.stations[ws][0]
            places: list[uuid.UUID] = []
            for code in codes:
                data = PlaceData(name=f"مرکز {code}", code=code, province="گلستان", city="گرگان")
                try:
                    saved = save_place(ctx, data)
                except ServiceError:
                    continue  # the code is live here already: refused at the counter
                assert saved.id is not None
                places.append(saved.id)
                self.saved[str(saved.id)] = (ws, "places")
            with ctx.session() as s:  # (in an order the ids do not decide: replayable)
                others = s.scalars(
                    select(Place.id)
                    .where(Place.deleted_at.is_(None), Place.id.not_in(places))
                    .order_by(Place.code)
                ).all()
            choices = [*places, *others]
            made: list[uuid.UUID] = []
            for pick in workshops:  # children of the new places first, of others too
                self.names += 1
                workshop = save_workshop(
                    ctx,
                    WorkshopData(
                        place_id=choices[pick % len(choices)],
                        name=f"کارگاه {self.names}",
                        occupation_group="برق",
                    ),
                )
                assert workshop.id is not None
                made.append(workshop.id)
                self.saved[str(workshop.id)] = (ws, "workshops")
            with ctx.session() as s:
                others = s.scalars(
                    select(Workshop.id)
                    .join(Place, Place.id == Workshop.place_id)
                    .where(Workshop.deleted_at.is_(None), Workshop.id.not_in(made))
                    .order_by(Place.code, Workshop.name)
                ).all()
            choices = [*made, *others]
            for asset, pick in items:
                self.names += 1
                data = EquipmentData(
                    workshop_id=choices[pick % len(choices)],
                    asset_number=asset,
                    name=f"دستگاه {self.names}",
                    category="ابزار برقی",
                )
                try:
                    item = save_equipment(ctx, data)
                except ServiceError:
                    continue  # the asset number is taken in that place here
                assert item.id is not None
                self.saved[str(item.id)] = (ws, "equipment")

        @rule(ws=st.integers(0, 3), person=st.integers(0, 4), course=st.integers(0, 1))
        def register(self, ws, person, course):
            ctx = self.stations[ws][0]
            office = OFFICES[ws]
            courses = self.courses[office]
            form = valid_form(
                courses[course % len(courses)], national_code=PEOPLE[person], photo=_photo()
            )
            try:
                done = confirm_registration(ctx, form)
            except ServiceError:
                return  # already enrolled in that course here: refused at the counter
            self.confirmed.append((ws, office, done.tracking_code, PEOPLE[person]))

        @rule(ws=st.integers(0, 3), person=st.integers(0, 4), mobile=st.integers(0, 99))
        def trainer(self, ws, person, mobile):
            """Register the person as a trainer, or edit the trainer's mobile."""
            ctx = self.stations[ws][0]
            with ctx.session() as s:
                row = s.scalars(
                    select(Trainer).where(
                        Trainer.national_code == PEOPLE[person], Trainer.deleted_at.is_(None)
                    )
                ).first()
                if row is None:
                    row = new_record(s, Trainer)
                    row.national_code = PEOPLE[person]
                    row.first_name, row.last_name = "مربی", f"شماره {person}"
                row.mobile = f"091200000{mobile:02d}"

        @rule(
            ws=st.integers(0, 3),
            fault=st.sampled_from(["ok", "ok", "drop-request", "drop-response"]),
        )
        def sync(self, ws, fault):
            _ctx, engine, transport = self.stations[ws]
            transport.faults = [fault]
            try:
                engine.run()
            except SyncError:
                assert fault != "ok"
            transport.faults = []

        @invariant()
        def no_shared_code_or_key(self):
            for ctx, _e, _t in self.stations:
                with ctx.session() as s:
                    for columns, model in (
                        ((Enrollment.tracking_code,), Enrollment),
                        ((Trainee.national_code,), Trainee),
                        ((Trainer.national_code,), Trainer),
                        ((Place.code,), Place),
                        ((Equipment.place_id, Equipment.asset_number), Equipment),
                    ):
                        top = s.scalar(
                            select(func.count())
                            .where(model.deleted_at.is_(None))
                            .group_by(*columns)
                            .order_by(func.count().desc())
                            .limit(1)
                        )
                        assert (top or 0) <= 1, f"{columns} shared by live records"

        def teardown(self):
            try:
                for _round in range(2):
                    for _ctx, engine, _t in self.stations:
                        engine.run()  # no round raises
                self._check_final()
            finally:
                self.server.close()
                shutil.rmtree(self.folder, ignore_errors=True)

        def _check_final(self):
            with self.server.engine.connect() as conn:
                on_server = {
                    row[0]: row[1]
                    for row in conn.execute(
                        text(
                            "SELECT e.tracking_code, t.national_code FROM enrollments e "
                            "JOIN trainees t ON t.id = e.trainee_id WHERE e.deleted_at IS NULL"
                        )
                    )
                }
                trainee_ids = dict(
                    conn.execute(
                        text("SELECT national_code, id FROM trainees WHERE deleted_at IS NULL")
                    ).all()
                )
                trainer_ids = dict(
                    conn.execute(
                        text("SELECT national_code, id FROM trainers WHERE deleted_at IS NULL")
                    ).all()
                )
            printed = {code: person for _ws, _office, code, person in self.confirmed}
            assert len(printed) == len(self.confirmed)  # no code printed twice
            assert on_server == printed  # each once, with its code, on the right person
            for ws, (ctx, _e, _t) in enumerate(self.stations):
                office = OFFICES[ws]
                with ctx.session() as s:
                    assert s.scalar(select(func.count()).select_from(SyncOutbox)) == 0
                    local = {
                        e.tracking_code: s.get(Trainee, e.trainee_id)
                        for e in s.scalars(
                            select(Enrollment).where(Enrollment.deleted_at.is_(None))
                        )
                    }
                    for _w, reg_office, code, person in self.confirmed:
                        if _station_sees(office, reg_office):
                            assert code in local, f"{code} missing at w{ws}"
                            trainee = local[code]
                            assert trainee.national_code == person
                            assert str(trainee.id) == str(trainee_ids[person])
                    for row in s.scalars(select(Trainer).where(Trainer.deleted_at.is_(None))):
                        assert str(row.id) == str(trainer_ids[row.national_code])
            self._check_backlog()

        def _check_backlog(self):
            """Places, workshops and items: each on the server as saved, or refused and
            kept at its counter for the clerk; on every counter that may read it, or set
            aside there for a reason that counter holds (module docstring)."""
            with self.server.engine.connect() as conn:
                server = _rows(conn)
            with self.server.sessions() as s:
                sees = {office: admin.visible_offices(s, office) for office in set(OFFICES)}
            for table, rows in server.items():  # one code, one live record there too
                for rid, row in rows.items():
                    assert _clash(table, row, rows) in ([], [rid]), f"{table} {row.key} twice"
            for ws, (ctx, _e, _t) in enumerate(self.stations):
                with ctx.session() as s:
                    local = _rows(s.connection())
                    conflicts: dict[str, SyncConflict] = {}
                    for c in s.scalars(
                        select(SyncConflict).where(
                            SyncConflict.resolved_at.is_(None),
                            SyncConflict.table_name.in_(BACKLOG),
                        )
                    ):
                        assert c.record_id not in conflicts, f"{c.record_id} refused twice"
                        conflicts[c.record_id] = c
                    aside = {
                        (p.table_name, str(uuid.UUID(p.record_id)))
                        for p in s.scalars(
                            select(SyncProblem).where(
                                SyncProblem.resolved_at.is_(None),
                                SyncProblem.table_name.in_(BACKLOG),
                            )
                        )
                    }
                    self._check_own(ws, server, local, conflicts)
                    self._check_read(ws, server, local, aside, sees[OFFICES[ws]])

        def _check_own(self, ws, server, local, conflicts):
            """What counter ``ws`` saved: on the server as here; else refused, kept here
            as typed with one open conflict: "rejected" (its code taken first by another
            counter) or "held" behind a parent's refusal."""
            for rid, (owner, table) in self.saved.items():
                if owner != ws:
                    continue
                mine = local[table].get(rid)
                assert mine is not None, f"{table} {rid} lost at its counter w{ws}"
                if rid in server[table]:
                    assert server[table][rid] == mine
                    assert rid not in conflicts, f"{table} {rid} applied and refused"
                    continue
                conflict = conflicts.get(rid)
                assert conflict is not None, f"{table} {rid} neither on the server nor refused"
                assert (conflict.table_name, conflict.op) == (table, "insert")
                gone = [
                    p
                    for p, parent in zip(mine.parents, PARENTS[table], strict=True)
                    if p not in server[parent]
                ]
                if gone:  # its parent refused (never another counter's: pulled ones are there)
                    assert conflict.kind == "held", (table, conflict.kind, conflict.reason)
                    assert conflict.depends_on in {conflicts[p].mutation_id for p in gone}
                    continue
                assert conflict.kind == "rejected", (table, conflict.kind, conflict.reason)
                assert "a live record already has this" in conflict.reason  # "unique"
                if table in REFUSED_FIELD:
                    assert json.loads(conflict.fields) == REFUSED_FIELD[table], conflict.fields
                (taker,) = _clash(table, mine, server[table])  # the one that came first
                assert self.saved.get(taker, (ws, table))[0] != ws, "taken by whom?"
            mine_refused = {r for r, (w, t) in self.saved.items() if w == ws and r not in server[t]}
            assert set(conflicts) == mine_refused  # no other refusal waits

        def _check_read(self, ws, server, local, aside, sees):
            """What the server holds of the offices counter ``ws`` may read is here as
            there, or set aside because a record of this counter's own stands in its way
            (the same code, refused by the server) or its parent is set aside; nothing
            else is here but this counter's refused records."""
            missing = set()
            for table in BACKLOG:
                for rid, row in server[table].items():
                    if sees is not None and row.office not in sees:
                        assert rid not in local[table]
                        continue
                    if rid in local[table]:
                        assert local[table][rid] == row, f"{table} {rid} differs at w{ws}"
                        continue
                    missing.add((table, rid))
                    own = [i for i in _clash(table, row, local[table]) if i not in server[table]]
                    orphan = any(
                        p not in local[parent]
                        for p, parent in zip(row.parents, PARENTS[table], strict=True)
                    )
                    assert own or orphan, f"{table} {rid} missing at w{ws} for no reason"
                for rid in local[table]:
                    if rid not in server[table]:
                        assert self.saved.get(rid, (None,))[0] == ws, f"{table} {rid} stray"
            assert aside == missing  # each set aside, shown to the supervisor

    run_state_machine_as_test(
        Day,
        settings=settings(
            max_examples=3,
            stateful_step_count=14,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
    # the backlogs went as runs judged as columns (``run_judge.write``), and some were
    # written so (the morning's places and workshops at least: nothing refuses them)
    assert judged, "no run judged as columns"
    assert {"places", "workshops"} <= {table for table, _count in written}, written
