"""A property-based model of what counters really do with courses (hypothesis, stateful),
on the PostgreSQL server (issue 14 item 7).

Three counters of center 2701, one of center 2702 and one workstation of their province
27, all offline, through the real services: the centers CREATE courses (``save_course``:
the course code comes from the counter's numbering), take the workflow steps of their
level (``perform``: submit, open registration, start, finish), the province approves or
rejects what was submitted; counters register new and returning applicants into open
courses (a small pool of national codes), record exam scores of finished courses and
ISSUE certificates (serials from the numbering), and edit trainers — each syncing now
and then with the faults the suite injects (request lost, answer lost).

After every step, on the server and on every workstation: no two live records share a
code (tracking code, course code, certificate serial) or a natural key (trainee and
trainer national code, standard code, place code), nor a per-enrollment row (score,
certificate). At the end, once everyone has synced without faults: no round raised,
every confirmed registration and every issued certificate exists exactly once on the
server and on every machine that may read it, with the code that was printed (and on the
right person); every created course exists once with its code; all machines hold the same
rows as the server per synced table of their scope; outboxes are empty; no pulled row
is set aside as a sync problem and no table needed the check's repair.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlalchemy import Connection, func, inspect, select, text

from desktop_app.documents.office import OfficeSettings
from desktop_app.models import (
    Base,
    Certificate,
    Course,
    Enrollment,
    Place,
    SkillStandard,
    SyncOutbox,
    SyncProblem,
    Trainer,
    Workshop,
)
from desktop_app.persian import search_key, today
from desktop_app.services.accounts.access import system_actor
from desktop_app.services.certificates.certificates import (
    ScoreEntry,
    issue_certificates,
    record_scores,
    score_sheet,
)
from desktop_app.services.core.errors import ServiceError
from desktop_app.services.core.images import prepare_photo
from desktop_app.services.core.records import new_record
from desktop_app.services.courses.course_workflow import perform
from desktop_app.services.courses.courses import CourseData, Slot, save_course
from desktop_app.services.office.settings import save_office_settings
from desktop_app.services.registration.registration import confirm_registration
from desktop_app.sync.check import table_digest
from desktop_app.sync.client import SyncError
from tests.registration.helpers import photo_bytes, valid_form
from tests.sync.conftest import Harness, _empty_pg
from tests.sync.test_sync_counters import national_code

PEOPLE = [national_code(f"{n:09d}") for n in (23456781, 34567812, 45678123, 56781234, 67812345)]
TEACHERS = {"2701": national_code("271271271"), "2702": national_code("272272272")}
#: the workstations: three counters of 2701, one of 2702, the province's
OFFICES = ["2701", "2701", "2701", "2702", "27"]
CENTERS = [0, 1, 2, 3]
#: the certificate desk of each center: certificates are issued at one counter. Scores
#: are recorded at any counter (an enrollment's scores are one record everywhere, its
#: natural key: the first the server accepted wins, a different one is a conflict).
EXAM_DESKS = [0, 3]
PROVINCE = 4
#: what each office may read (its own, below it, above it; never a sibling's)
READS = {"2701": {"2701", "27", "HQ"}, "2702": {"2702", "27", "HQ"}}
READS["27"] = {"27", "HQ", "2701", "2702"}
#: the center's next step from each state (the buttons a clerk presses, cancel aside)
CENTER_STEP = {
    "draft": "submit",
    "province_rejected": "submit",
    "province_approved": "open_registration",
    "open": "start",
    "running": "finish",
}
#: every column that names a record or a person: never shared by two live records
UNIQUE = [
    ("enrollments", "tracking_code"),
    ("courses", "code"),
    ("certificates", "serial"),
    ("certificates", "enrollment_id"),
    ("exam_scores", "enrollment_id"),
    ("trainees", "national_code"),
    ("trainers", "national_code"),
    ("skill_standards", "code"),
    ("places", "code"),
]
PHOTO: list[bytes] = []


def _photo() -> bytes:
    if not PHOTO:
        PHOTO.append(prepare_photo(photo_bytes()))
    return PHOTO[0]


def _shared(conn: Connection) -> list[str]:
    """The (table.column = value) pairs held by two live records."""
    found = []
    for table, column in UNIQUE:
        rows = conn.execute(
            text(
                f"SELECT {column}, count(*) FROM {table} WHERE deleted_at IS NULL "
                f"AND {column} IS NOT NULL AND CAST({column} AS TEXT) != '' "
                f"GROUP BY {column} HAVING count(*) > 1"
            )
        ).all()
        found += [f"{table}.{column} = {value}" for value, _n in rows]
    return found


def _office_settings(ctx, office: str) -> None:
    level = "province" if len(office) == 2 else "center"
    save_office_settings(
        ctx,
        OfficeSettings(
            office_name=f"اداره {office}", office_code=office, province="گلستان", level=level
        ),
    )


def _reference_data(ctx, office: str) -> dict:
    """The standard, place, workshop and trainer a center's courses use (set up once)."""
    with ctx.session() as s:
        standard = new_record(s, SkillStandard)
        standard.title, standard.code = f"رایانه کار {office}", f"4-51/{office}/1/1"
        standard.total_hours, standard.min_age = 120, 15
        standard.search_text = search_key(standard.title)
        place = new_record(s, Place)
        place.kind, place.name, place.code = "center", f"مرکز {office}", f"{office}01"
        place.province, place.city, place.address = "گلستان", "گرگان", "گرگان، بلوار جرجان"
        place.search_text = search_key(place.name)
        s.flush()
        workshop = new_record(s, Workshop)
        workshop.place_id, workshop.name, workshop.capacity = place.id, "کارگاه رایانه", 500
        trainer = new_record(s, Trainer)
        trainer.national_code = TEACHERS[office]
        trainer.first_name, trainer.last_name = "مربی", f"دوره‌های {office}"
        trainer.standard_codes = [standard.code]
        s.flush()
        return {
            "standard_id": standard.id,
            "place_id": place.id,
            "workshop_id": workshop.id,
            "trainer_ids": [trainer.id],
        }


@pytest.mark.postgres
def test_counters_run_courses_to_certificates(tmp_path, pg_database_url):
    class Day(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            _empty_pg(pg_database_url)
            self.folder = Path(tempfile.mkdtemp(dir=tmp_path))
            self.server = Harness(pg_database_url, self.folder)
            from central_server import admin

            with self.server.sessions() as s, s.begin():
                admin.create_office(s, "27", "اداره کل گلستان", "province", "HQ")
                for office in ("2701", "2702"):
                    admin.create_office(s, office, f"مرکز {office}", "center", "27")
            self.stations = []
            for i, office in enumerate(OFFICES):
                ctx, engine, transport = self.server.workstation(f"w{i}", office)
                ctx.user = system_actor()
                _office_settings(ctx, office)
                self.stations.append((ctx, engine, transport))
            self.refs = {"2701": _reference_data(self.stations[0][0], "2701")}
            self.refs["2702"] = _reference_data(self.stations[3][0], "2702")
            self.slots = 0  # every course gets its own weekly hour: no trainer clash
            self.repaired: list[str] = []
            # what was printed: course codes, tracking codes, serials
            self.courses: dict[str, str] = {}  # code -> office
            self.confirmed: dict[str, tuple[str, str]] = {}  # tracking -> (office, person)
            self.serials: dict[str, tuple[str, str]] = {}  # serial -> (office, tracking)
            self._sync_all()
            # two courses of each center open for registration from the first step, the
            # other finished with two trainees (so that a short run reaches certificates)
            seeds = [(ws, self._create(ws)) for ws in (0, 0, 3, 3)]
            for ws, code in seeds:
                assert self._step(ws, code, "submit")
            self._sync_all()
            for _ws, code in seeds:
                assert self._step(PROVINCE, code, "province_approve")
            self._run(PROVINCE)
            self._sync_all()
            for ws, code in seeds:
                assert self._step(ws, code, "open_registration")
            for ws, code in seeds[1::2]:
                for person in (0, 1):
                    self.register(ws, person, 1)  # the second of the two
                assert self._step(ws, code, "start")
                assert self._step(ws, code, "finish")
            self._sync_all()

        # -- helpers ----------------------------------------------------------------------

        def _run(self, ws: int) -> None:
            report = self.stations[ws][1].run()
            self.repaired += [f"w{ws}:{t}" for t in report.repaired]

        def _sync_all(self) -> None:
            for ws in range(len(self.stations)):
                self._run(ws)

        def _courses(self, ws: int, *states: str) -> list[tuple[str, str, object]]:
            """(code, state, id) of the live courses ``ws`` holds, in a stable order."""
            with self.stations[ws][0].session() as s:
                query = select(Course.code, Course.state, Course.id).where(
                    Course.deleted_at.is_(None)
                )
                if states:
                    query = query.where(Course.state.in_(states))
                return [tuple(r) for r in s.execute(query.order_by(Course.code))]

        def _step(self, ws: int, code: str, action: str) -> bool:
            ctx = self.stations[ws][0]
            (course_id,) = [i for c, _s, i in self._courses(ws) if c == code]
            note = "ظرفیت کارگاه را دوباره بررسی کنید" if action.endswith("reject") else ""
            try:
                perform(ctx, course_id, action, note)
            except ServiceError:
                return False
            return True

        # -- rules ------------------------------------------------------------------------

        def _create(self, ws: int) -> str:
            """A clerk of a center types a new course (a one-day course of today)."""
            ctx, office = self.stations[ws][0], OFFICES[ws]
            self.slots += 1
            day, hour = self.slots % 7, 7 + self.slots // 7
            on = today()
            data = CourseData(
                **self.refs[office],
                start_date=on,
                end_date=on,
                registration_open=on - timedelta(days=10),
                registration_close=on,
                schedule=[Slot(day, f"{hour:02d}:00", f"{hour:02d}:45")],
                capacity=100,
            )
            saved = save_course(ctx, data)
            assert saved.code not in self.courses, f"course code {saved.code} printed twice"
            self.courses[saved.code] = office
            return saved.code

        @rule(ws=st.sampled_from(CENTERS), pick=st.integers(0, 20))
        def center_step(self, ws: int, pick: int) -> None:
            """The center's next workflow step on one of its courses (as it sees it); the
            furthest along first, so that a short run reaches certificates."""
            courses = sorted(
                self._courses(ws, *CENTER_STEP), key=lambda c: -list(CENTER_STEP).index(c[1])
            )
            if courses:
                code, state, _id = courses[pick % len(courses)]
                self._step(ws, code, CENTER_STEP[state])

        @rule(ws=st.sampled_from(CENTERS))
        def create_course(self, ws: int) -> None:
            self._create(ws)

        @rule(pick=st.integers(0, 20), approve=st.sampled_from([True, True, True, False]))
        def province_decides(self, pick: int, approve: bool) -> None:
            courses = self._courses(PROVINCE, "submitted")
            if courses:
                code = courses[pick % len(courses)][0]
                assert self._step(
                    PROVINCE, code, "province_approve" if approve else "province_reject"
                )

        @rule(ws=st.sampled_from(CENTERS), person=st.integers(0, 4), pick=st.integers(0, 20))
        def register(self, ws: int, person: int, pick: int) -> None:
            courses = self._courses(ws, "open")
            if not courses:
                return
            course_id = courses[pick % len(courses)][2]
            form = valid_form(course_id, national_code=PEOPLE[person], photo=_photo())
            try:
                done = confirm_registration(self.stations[ws][0], form)
            except ServiceError:
                return  # already enrolled in that course here: refused at the counter
            assert done.tracking_code not in self.confirmed, "tracking code printed twice"
            self.confirmed[done.tracking_code] = (OFFICES[ws], PEOPLE[person])

        @rule(
            ws=st.sampled_from(CENTERS),
            pick=st.integers(0, 20),
            scores=st.lists(st.integers(40, 100), min_size=2, max_size=2),
        )
        def record_exam_scores(self, ws: int, pick: int, scores: list[int]) -> None:
            courses = self._courses(ws, "finished")
            if not courses:
                return
            ctx, course_id = self.stations[ws][0], courses[pick % len(courses)][2]
            sheet = score_sheet(ctx, course_id)
            entries = [
                ScoreEntry(line.enrollment_id, scores[0], scores[1])
                for line in sheet.lines
                if not line.serial
            ]
            if entries:
                record_scores(ctx, course_id, entries)

        @rule(ws=st.sampled_from(EXAM_DESKS), pick=st.integers(0, 20))
        def issue(self, ws: int, pick: int) -> None:
            courses = self._courses(ws, "finished")
            if not courses:
                return
            ctx, course_id = self.stations[ws][0], courses[pick % len(courses)][2]
            try:
                result = issue_certificates(ctx, course_id)
            except ServiceError:
                return  # nobody passed
            with ctx.session() as s:
                for serial in result.issued:
                    cert = s.scalars(select(Certificate).where(Certificate.serial == serial)).one()
                    tracking = s.get(Enrollment, cert.enrollment_id).tracking_code
                    assert serial not in self.serials, f"serial {serial} printed twice"
                    self.serials[serial] = (OFFICES[ws], tracking)

        @rule(ws=st.sampled_from(CENTERS), mobile=st.integers(0, 99))
        def edit_trainer(self, ws: int, mobile: int) -> None:
            with self.stations[ws][0].session() as s:
                row = s.scalars(
                    select(Trainer).where(
                        Trainer.national_code == TEACHERS[OFFICES[ws]],
                        Trainer.deleted_at.is_(None),
                    )
                ).first()
                if row is not None:
                    row.mobile = f"091200000{mobile:02d}"

        @rule(
            ws=st.integers(0, len(OFFICES) - 1),
            fault=st.sampled_from(["ok", "ok", "drop-request", "drop-response"]),
        )
        def sync(self, ws: int, fault: str) -> None:
            transport = self.stations[ws][2]
            transport.faults = [fault]
            try:
                self._run(ws)
            except SyncError:
                assert fault != "ok"
            transport.faults = []

        # -- invariants -------------------------------------------------------------------

        @invariant()
        def no_shared_code_or_key(self) -> None:
            engines = [("server", self.server.engine)]
            engines += [(f"w{i}", ctx.engine) for i, (ctx, _e, _t) in enumerate(self.stations)]
            for name, engine in engines:
                with engine.connect() as conn:
                    assert _shared(conn) == [], f"shared on {name}"

        # -- the end ----------------------------------------------------------------------

        def teardown(self) -> None:
            try:
                for _round in range(2):
                    self._sync_all()  # no round raises
                self._check_final()
            finally:
                self.server.close()
                shutil.rmtree(self.folder, ignore_errors=True)

        def _codes(self, conn: Connection) -> tuple[dict, dict, dict]:
            live = "deleted_at IS NULL"
            enrollments = conn.execute(
                text(
                    "SELECT e.tracking_code, t.national_code FROM enrollments e "
                    f"JOIN trainees t ON t.id = e.trainee_id WHERE e.{live}"
                )
            ).all()
            certificates = conn.execute(
                text(
                    "SELECT c.serial, e.tracking_code, c.national_code, t.national_code "
                    "FROM certificates c JOIN enrollments e ON e.id = c.enrollment_id "
                    f"JOIN trainees t ON t.id = c.trainee_id WHERE c.{live}"
                )
            ).all()
            courses = conn.execute(text(f"SELECT code FROM courses WHERE {live}")).all()
            for serial, _tracking, printed_on, person in certificates:
                assert printed_on == person, f"certificate {serial} on the wrong person"
            assert len({r[0] for r in enrollments}) == len(enrollments)
            assert len({r[0] for r in certificates}) == len(certificates)
            return (
                {code: person for code, person in enrollments},
                {serial: tracking for serial, tracking, _p, _t in certificates},
                {code for (code,) in courses},
            )

        def _check_final(self) -> None:
            assert self.repaired == [], "the check after sync had to repair a table"
            with self.server.engine.connect() as conn:
                tracking, serials, courses = self._codes(conn)
                digests = {
                    (table, office): table_digest(conn, table, sorted(READS[office]))
                    for table in self._tables(conn)
                    for office in READS
                }
            assert tracking == {code: person for code, (_o, person) in self.confirmed.items()}
            assert serials == {serial: tr for serial, (_o, tr) in self.serials.items()}
            assert courses == set(self.courses)
            for ws, (ctx, _e, _t) in enumerate(self.stations):
                office, reads = OFFICES[ws], READS[OFFICES[ws]]
                with ctx.session() as s:
                    assert s.scalar(select(func.count()).select_from(SyncOutbox)) == 0
                    problems = s.scalars(
                        select(SyncProblem.reason).where(SyncProblem.resolved_at.is_(None))
                    ).all()
                    assert problems == [], f"w{ws}: {problems}"
                with ctx.engine.connect() as conn:
                    l_tracking, l_serials, l_courses = self._codes(conn)
                    for table in sorted({t for t, _o in digests}):  # the server's (synced) tables
                        mine = table_digest(conn, table, sorted(reads))
                        assert mine == digests[(table, office)], f"w{ws} differs in {table}"
                seen = {c: p for c, (o, p) in self.confirmed.items() if o in reads}
                assert {c: p for c, p in l_tracking.items() if c in self.confirmed} == seen
                seen = {s: t for s, (o, t) in self.serials.items() if o in reads}
                assert {s: t for s, t in l_serials.items() if s in self.serials} == seen
                mine = {c for c, o in self.courses.items() if o in reads}
                assert l_courses == mine, f"w{ws} holds other courses than its scope's"

        @staticmethod
        def _tables(conn) -> list[str]:
            # synced tables this database has (a test elsewhere may register a throw-away
            # synced model that no database here has)
            present = set(inspect(conn).get_table_names())
            return [
                name
                for name, table in Base.metadata.tables.items()
                if "server_seq" in table.c and "origin_office" in table.c and name in present
            ]

    run_state_machine_as_test(
        Day,
        settings=settings(
            max_examples=3,
            stateful_step_count=25,
            deadline=None,
            # a shrink of this machine takes many minutes: a failure is reported as found
            phases=[Phase.explicit, Phase.reuse, Phase.generate],
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
