"""Several counters of one office, offline all day, then sync (issue 14).

Real registrations with business keys (national codes, printed tracking codes) at two
and three counters of office 2701 and one of office 2702: the codes never collide, the
same person registered at two counters becomes one trainee everywhere (the same
winner, references re-pointed, the merge audited, differences left to the clerk), and
no sync round stops. Runs on the SQLite and the PostgreSQL server.
"""

from __future__ import annotations

import json
import re

from sqlalchemy import func, select

from desktop_app.models import AuditEntry, Course, Enrollment, SyncConflict, Trainee
from desktop_app.models.numbering import counter_number
from desktop_app.services.accounts.access import system_actor
from desktop_app.services.registration.registration import confirm_registration
from desktop_app.sync.conflicts import list_conflicts, resolve_conflict
from tests.registration.helpers import make_course, set_office, valid_form
from tests.sync.road import open_course


def national_code(nine: str) -> str:
    """A valid national code (its check digit computed) of a made-up person."""
    total = sum(int(d) * (10 - i) for i, d in enumerate(nine)) % 11
    return nine + str(total if total < 2 else 11 - total)


PEOPLE = [national_code(f"{n:09d}") for n in (12345678, 49937089, 123123123, 8457594, 4567890)]


def _counter(server, name: str, office: str):
    from central_server import admin
    from central_server.models import Office

    with server.sessions() as s, s.begin():
        if s.get(Office, office) is None:
            admin.create_office(s, office, f"مرکز {office}", "center", "P1")
    ctx, engine, _transport = server.workstation(name, office)
    ctx.user = system_actor()
    set_office(ctx, office)
    return ctx, engine


def _register(ctx, course_id, national_code: str, **changes):
    form = valid_form(course_id, national_code=national_code, **changes)
    return confirm_registration(ctx, form)


def _live(ctx, model, *where):
    with ctx.session() as s:
        return list(s.scalars(select(model).where(model.deleted_at.is_(None), *where)))


def test_counters_are_numbered_per_office_at_enrollment(server):
    a, _ = _counter(server, "a", "2701")
    b, _ = _counter(server, "b", "2701")
    c, _ = _counter(server, "c", "2702")
    with a.session() as s1, b.session() as s2, c.session() as s3:
        assert (counter_number(s1), counter_number(s2), counter_number(s3)) == (1, 2, 1)


def test_two_counters_offline_never_print_the_same_tracking_code(server):
    a, sync_a = _counter(server, "a", "2701")
    b, sync_b = _counter(server, "b", "2701")
    course = open_course(server, a, sync_a, code="2701-00001")
    sync_a.run()
    sync_b.run()
    # offline: each counter confirms two different applicants
    printed = [
        _register(a, course, PEOPLE[0]).tracking_code,
        _register(a, course, PEOPLE[1]).tracking_code,
        _register(b, course, PEOPLE[2]).tracking_code,
        _register(b, course, PEOPLE[3]).tracking_code,
    ]
    assert printed == ["2701-1-000001", "2701-1-000002", "2701-2-000001", "2701-2-000002"]
    for _ in range(2):
        for engine in (sync_a, sync_b):
            assert engine.run().conflicts == 0
    for ctx in (a, b):
        codes = sorted(e.tracking_code for e in _live(ctx, Enrollment))
        assert codes == sorted(printed)


def test_course_codes_and_serials_carry_the_counter(server):
    from desktop_app.models.numbering import next_code

    a, _ = _counter(server, "a", "2701")
    b, _ = _counter(server, "b", "2701")
    with a.session() as s:
        assert next_code(s, Course, "2701").code == "2701-1-00001"
    with b.session() as s:
        assert next_code(s, Course, "2701").code == "2701-2-00001"


def test_same_person_at_two_counters_is_one_trainee_everywhere(server):
    a, sync_a = _counter(server, "a", "2701")
    b, sync_b = _counter(server, "b", "2701")
    c, sync_c = _counter(server, "c", "2701")
    course_1 = open_course(server, a, sync_a, code="2701-00001")
    course_2 = open_course(server, a, sync_a, code="2701-00002", title="جوشکاری")
    for engine in (sync_a, sync_b, sync_c):
        engine.run()
    # offline: one applicant at counter a for course 1 and at counter b for course 2,
    # counter b typed another mobile and left the postal code empty
    first = _register(a, course_1, PEOPLE[0])
    second = _register(b, course_2, PEOPLE[0], mobile="09350001122", postal_code="")
    assert first.trainee_id != second.trainee_id
    for _ in range(2):
        for engine in (sync_a, sync_b, sync_c):
            engine.run()  # never raises
    for ctx in (a, b, c):
        people = _live(ctx, Trainee, Trainee.national_code == PEOPLE[0])
        assert [p.id for p in people] == [first.trainee_id]  # the same winner everywhere
        enrollments = _live(ctx, Enrollment)
        assert sorted(e.tracking_code for e in enrollments) == sorted(
            [first.tracking_code, second.tracking_code]
        )
        assert {e.trainee_id for e in enrollments} == {first.trainee_id}
    # counter b's different mobile waits for its clerk, both values kept
    conflicts = list_conflicts(b)
    assert [(c.table, c.record_id, c.fields) for c in conflicts] == [
        ("trainees", str(first.trainee_id), ["mobile"])
    ]
    assert conflicts[0].local_values == {"mobile": "09350001122"}
    assert conflicts[0].server_values["mobile"] == "09121234567"
    # the merge is in counter b's audit trail
    with b.session() as s:
        merges = s.scalars(select(AuditEntry).where(AuditEntry.action == "merge")).all()
        assert [m.record_id for m in merges] == [str(first.trainee_id)]
        assert str(second.trainee_id) in merges[0].detail
    # the clerk keeps the new mobile: it reaches every counter
    resolve_conflict(b, conflicts[0].id, "mine")
    for engine in (sync_b, sync_a, sync_c):
        engine.run()
    for ctx in (a, b, c):
        (person,) = _live(ctx, Trainee, Trainee.national_code == PEOPLE[0])
        assert person.mobile == "09350001122"


def test_edit_and_reference_of_a_merged_away_person_land_on_the_winner(server):
    a, sync_a = _counter(server, "a", "2701")
    b, sync_b = _counter(server, "b", "2701")
    course_1 = open_course(server, a, sync_a, code="2701-00001")
    course_2 = open_course(server, a, sync_a, code="2701-00002", title="جوشکاری")
    sync_a.run()
    sync_b.run()
    first = _register(a, course_1, PEOPLE[1], postal_code="")
    second = _register(b, course_2, PEOPLE[1])
    sync_a.run()
    sync_b.run()  # b's trainee merged into a's, b's enrollment re-pointed
    sync_a.run()
    for ctx in (a, b):
        (person,) = _live(ctx, Trainee, Trainee.national_code == PEOPLE[1])
        assert person.id == first.trainee_id
        assert person.postal_code == "4913654321"  # the empty column filled from b's
    with b.session() as s:
        assert s.get(Trainee, second.trainee_id).deleted_at is not None
        assert s.scalar(select(func.count()).select_from(SyncConflict)) == 0


def test_never_enrolled_single_counter_keeps_the_office_form(ctx):
    from desktop_app.models.numbering import next_code

    set_office(ctx, "2701")
    course = make_course(ctx, code="2701-00001")
    done = confirm_registration(ctx, valid_form(course))
    assert done.tracking_code == "2701-000001"
    with ctx.session() as s:
        assert next_code(s, Course, "2701").code == "2701-00002"


def test_a_workstation_enrolled_before_counters_learns_its_counter(server):
    from desktop_app.models import SyncState

    a, sync_a = _counter(server, "a", "2701")
    with a.session() as s:
        s.delete(s.get(SyncState, "counter_number"))  # as an older app left it
    course = make_course(a, code="2701-00001")  # offline: this counter alone sees it
    assert _register(a, course, PEOPLE[0]).tracking_code == "2701-000001"
    sync_a.run()
    assert _register(a, course, PEOPLE[1]).tracking_code == "2701-1-000001"


def test_typed_codes_are_found_in_any_form(server):
    from desktop_app.services.registration.introduction import _enrollment_by_code

    a, _ = _counter(server, "a", "2701")
    set_office(a, "2701")
    course = make_course(a, code="2701-00001")
    code = _register(a, course, PEOPLE[0]).tracking_code
    assert re.fullmatch(r"2701-1-000001", code)
    with a.session() as s:
        for typed in ("2701-1-000001", "۲۷۰۱-۱-۰۰۰۰۰۱", "27011000001", "۲۷۰۱۱۰۰۰۰۰۱"):
            assert _enrollment_by_code(s, typed).tracking_code == code


def test_serial_payloads_with_and_without_counter():
    from desktop_app.services.certificates.certificate_inquiry import parse_serial_input

    assert parse_serial_input("MIZC|2701-000012|4821937465") == (
        parse_serial_input("2701-000012").__class__("2701-000012", "4821937465")
    )
    new = parse_serial_input("MIZC|2701-2-000012|4821937465")
    assert (new.serial, new.verification_code) == ("2701-2-000012", "4821937465")
    assert parse_serial_input("۲۷۰۱-۲-۰۰۰۰۱۲").serial == "2701-2-000012"
    assert json.dumps(parse_serial_input("2701000012").serial) == '"2701000012"'


def test_a_card_used_at_two_counters_reaches_the_supervisor(server):
    a, sync_a = _counter(server, "a", "2701")
    b, sync_b = _counter(server, "b", "2701")
    course = open_course(server, a, sync_a, code="2701-00001")
    sync_a.run()
    sync_b.run()
    card = {"order_code": "44556677"}
    _register(a, course, PEOPLE[0], **card)
    _register(b, course, PEOPLE[1], **card)  # each counter alone saw nothing wrong
    sync_a.run()
    report = sync_b.run()  # never raises; both registrations stay
    assert report.reused == 1
    sync_a.run()
    for ctx in (a, b):
        assert len(_live(ctx, Enrollment)) == 2
        (reuse,) = [c for c in list_conflicts(ctx) if c.kind == "reuse"]
        assert reuse.table == "registration_payments" and reuse.fields == ["order_code"]
        assert "44556677" in reuse.reason and "یک بار مصرف" in reuse.reason
        assert {reuse.local_values["order_code"], reuse.server_values["order_code"]} == {"44556677"}
    # reported once, not at every round
    assert sync_b.run().reused == 0
