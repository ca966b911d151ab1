"""A property-based model of a real day (hypothesis, stateful), on the PostgreSQL server:
three counters of office 2701 and one of office 2702, all offline, confirm
registrations of new and returning applicants (a small pool of national codes, so the
same person turns up at several counters and both offices), register and edit
trainers (national codes from a pool too), and sync partially with the faults the
suite injects (request lost, answer lost).

After every step: no two live records share a tracking code or a natural key on any
machine. At the end, once everyone has synced without faults: no round raised, every
confirmed registration exists exactly once on the server and on every counter that may
read it, with the tracking code that was printed; each person is one trainee (and one
trainer), with the same id on every machine that holds them; outboxes are empty.
Scores and certificates are not part of this model (their codes share the numbering
proven here and in ``test_sync_counters.py``).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlalchemy import func, select, text

from desktop_app.models import Enrollment, SyncOutbox, Trainee, Trainer
from desktop_app.services.accounts.access import system_actor
from desktop_app.services.core.errors import ServiceError
from desktop_app.services.core.images import prepare_photo
from desktop_app.services.core.records import new_record
from desktop_app.services.registration.registration import confirm_registration
from desktop_app.sync.client import SyncError
from tests.registration.helpers import photo_bytes, set_office, valid_form
from tests.sync.conftest import Harness, _empty_pg
from tests.sync.road import open_course
from tests.sync.test_sync_counters import national_code

PEOPLE = [national_code(f"{n:09d}") for n in (23456781, 34567812, 45678123, 56781234, 67812345)]
OFFICES = ["2701", "2701", "2701", "2702"]
PHOTO = None


def _photo() -> bytes:
    global PHOTO
    if PHOTO is None:
        PHOTO = prepare_photo(photo_bytes())
    return PHOTO


def _station_sees(office: str, registration_office: str) -> bool:
    return office == registration_office  # sibling centers never read each other's rows


@pytest.mark.postgres
def test_counters_of_two_offices_register_the_same_people(tmp_path, pg_database_url):
    class Day(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            _empty_pg(pg_database_url)
            folder = Path(tempfile.mkdtemp(dir=tmp_path))
            self.folder = folder
            self.server = Harness(pg_database_url, folder)
            from central_server import admin

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
                    for column, model in (
                        (Enrollment.tracking_code, Enrollment),
                        (Trainee.national_code, Trainee),
                        (Trainer.national_code, Trainer),
                    ):
                        top = s.scalar(
                            select(func.count())
                            .where(model.deleted_at.is_(None))
                            .group_by(column)
                            .order_by(func.count().desc())
                            .limit(1)
                        )
                        assert (top or 0) <= 1, f"{column} shared by live records"

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

    run_state_machine_as_test(
        Day,
        settings=settings(
            max_examples=3,
            stateful_step_count=14,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
