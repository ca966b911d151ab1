"""The central server holds completion certificates (``workshop_certificates``) to the
rules the workstation keeps (issue 19): only the issuing office issues, revokes and
re-issues; a revoked or replaced certificate never becomes current again; a re-issue's
serial belongs to the shared series and to the pushing counter. Hostile pushes as a
device would send them, and the real workstations' sync, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from central_server.models import Device as DeviceRow
from desktop_app.models import SyncConflict, SyncProblem, WorkshopCertificate
from desktop_app.persian import today
from desktop_app.services.accounts.access import system_actor
from desktop_app.services.demo.demo_registration import national_code
from desktop_app.services.workshops.completion import (
    issue_completion_certificates,
    reissue_completion_certificate,
    revoke_completion_certificate,
)
from desktop_app.services.workshops.invitations import invitations, invite, record_answer
from desktop_app.services.workshops.participants import ParticipantData, save_participant
from desktop_app.services.workshops.programme import WorkshopData, change_state, save_workshop
from desktop_app.services.workshops.templates import ensure_cbr_template
from tests.sync.test_authority import Device, _finished_course_with_trainee, _inquiry, _persian
from tests.sync.test_sync_workshops import _day

NATIONAL = "0012345679"


def _counter(server, office: str) -> int:
    """The counter number the server gave the newest device of ``office``."""
    with server.sessions() as s:
        return max(
            n
            for n in s.scalars(
                select(DeviceRow.counter_number).where(DeviceRow.office_code == office)
            )
            if n is not None
        )


def _refused(result: dict, *words: str) -> bool:
    return (
        result["status"] == "rejected"
        and _persian(result["reason"])
        and all(w in result["reason"] for w in words)
    )


class Workshop:
    """A finished workshop of C11 with one invited person, pushed raw by ``c11``."""

    def __init__(self, c11: Device, k: int = 1, national: str = NATIONAL) -> None:
        self.c11, self.national = c11, national
        self.workshop = c11.new("training_workshops", code=f"C11-1-000{k}", title="کارگاه",
                                state="running", start_date="2026-01-10")  # fmt: skip
        person = c11.new("workshop_participants", first_name="زهرا", last_name="احمدی",
                         national_code=national)  # fmt: skip
        self.invitation = c11.new("workshop_invitations", training_workshop_id=self.workshop,
                                  participant_id=person, answer="yes")  # fmt: skip

    def fields(self, serial: str, number: int, counter: int, **more: Any) -> dict[str, Any]:
        return dict(
            serial=serial, code_office="C11", code_counter=counter, code_number=number,
            verification_code=f"{number:010d}", invitation_id=self.invitation,
            training_workshop_id=self.workshop, national_code=self.national,
            first_name="زهرا", last_name="احمدی", issued_on="2026-02-01", **more,
        )  # fmt: skip


def test_only_the_issuing_office_issues_revokes_and_re_issues(server):
    hq, c11, p1 = Device(server, "HQ"), Device(server, "C11"), Device(server, "P1")
    n = _counter(server, "C11")
    w = Workshop(c11)
    s1, s2 = f"C11-{n}-000001", f"C11-{n}-000002"
    early = c11.push("workshop_certificates", uuid.uuid4(), **w.fields(s1, 1, n))
    assert _refused(early, "پایان‌یافته")
    assert c11.push("training_workshops", w.workshop, "update", state="finished")["status"] == (
        "applied"
    )
    # another office's prefix, or another office issuing under C11's
    forged = c11.push("workshop_certificates", uuid.uuid4(),
                      **{**w.fields(s1, 1, n), "serial": "P1-1-000001", "code_office": "P1"})  # fmt: skip
    assert _refused(forged, "C11")
    assert _refused(p1.push("workshop_certificates", uuid.uuid4(), origin_office="C11",
                            **w.fields(s1, 1, n)))  # fmt: skip
    first = c11.new("workshop_certificates", **w.fields(s1, 1, n))
    assert _inquiry(server, s1) == "genuine"
    # the province above may write C11's records, but neither revokes nor re-issues
    assert _refused(p1.push("workshop_certificates", first, "update", revoked_on="2026-03-01",
                            revoke_reason="x"), "C11")  # fmt: skip
    assert _refused(p1.push("workshop_certificates", first, "update", replaced_by=s2))
    # the shared series: a serial a skill certificate carries is not handed out again
    refs = _finished_course_with_trainee(c11, hq)
    skill = f"C11-{n}-000007"
    c11.new("certificates", serial=skill, code_office="C11", national_code=NATIONAL, **refs)
    taken = c11.push("workshop_certificates", uuid.uuid4(), **w.fields(skill, 7, n))
    assert _refused(taken, "یک سری")
    assert _inquiry(server, skill) == "genuine"  # still the skill certificate


def test_a_re_issue_follows_the_series_and_nothing_becomes_current_again(server):
    c11 = Device(server, "C11")
    n = _counter(server, "C11")
    w = Workshop(c11)
    c11.push("training_workshops", w.workshop, "update", state="finished")
    s1, s2, s3 = (f"C11-{n}-00000{k}" for k in (1, 2, 3))
    first = c11.new("workshop_certificates", **w.fields(s1, 1, n))
    # a re-issue names a certificate that was marked replaced by it
    unmarked = c11.push("workshop_certificates", uuid.uuid4(),
                        **w.fields(s2, 2, n, replaces=s1))  # fmt: skip
    assert _refused(unmarked, s1)
    for other in ("P1-1-000002", f"C11-{n + 7}-000002", s1):  # another office, counter, itself
        assert _refused(c11.push("workshop_certificates", first, "update", replaced_by=other))
    mark = c11.push("workshop_certificates", first, "update", replaced_by=s2,
                    replaced_on="2026-03-01", replace_reason="گم شده")  # fmt: skip
    assert mark["status"] == "applied"
    # the new serial is of this counter, in the series' form
    for serial, number, counter in ((f"C11-{n + 7}-000002", 2, n + 7), (f"C11-{n}-2", 2, n),
                                    (f"C11-{n}-000009", 2, n)):  # fmt: skip
        wrong = c11.push("workshop_certificates", uuid.uuid4(),
                         **w.fields(serial, number, counter, replaces=s1))  # fmt: skip
        assert _refused(wrong, "سری")
    second = c11.new("workshop_certificates", **w.fields(s2, 2, n, replaces=s1))
    assert _inquiry(server, s1) == "replaced" and _inquiry(server, s2) == "genuine"
    # the replaced one is never made current again: not cleared, moved, revoked, deleted
    for change in ({"replaced_by": ""}, {"replaced_by": s3}, {"replaced_on": None},
                   {"revoked_on": "2026-03-02", "revoke_reason": "x"},
                   {"deleted_at": "2026-03-02T10:00:00+00:00"}, {"replaces": "C11-0-1"},
                   {"invitation_id": str(uuid.uuid4())}):  # fmt: skip
        assert _refused(c11.push("workshop_certificates", first, "update", **change)), change
    assert _inquiry(server, s1) == "replaced"
    # a revocation is never undone, and a revoked certificate is not re-issued
    revoke = c11.push("workshop_certificates", second, "update", revoked_on="2026-03-05",
                      revoke_reason="امضای جعلی")  # fmt: skip
    assert revoke["status"] == "applied"
    for change in ({"revoked_on": None}, {"revoked_on": "2026-04-01"}, {"revoke_reason": ""},
                   {"replaced_by": s3}, {"deleted_at": "2026-03-06T10:00:00+00:00"}):  # fmt: skip
        assert _refused(c11.push("workshop_certificates", second, "update", **change)), change
    assert _refused(c11.push("workshop_certificates", uuid.uuid4(),
                             **w.fields(s3, 3, n, replaces=s2)))  # fmt: skip
    assert _inquiry(server, s2) == "revoked"


def _finished_workshop(ctx, people=3):
    template = ensure_cbr_template(ctx, "گلستان")
    workshop = save_workshop(ctx, WorkshopData(title="کارگاه گواهی", province="گلستان",
                                               template_id=template,
                                               start_date=today() - timedelta(days=20)))  # fmt: skip
    ids = [
        save_participant(ctx, ParticipantData(national_code=national_code(700 + 13 * k),
                                              first_name="نام", last_name=f"خانواده{k}")).id
        for k in range(people)
    ]  # fmt: skip
    invite(ctx, workshop.id, ids)
    for line in invitations(ctx, workshop.id):
        record_answer(ctx, line.id, "yes")
    change_state(ctx, workshop.id, "start")
    for day in range(1, 13):
        _day(ctx, workshop.id, day, absent=set())
    change_state(ctx, workshop.id, "finish")
    return workshop


def test_the_workstation_s_revoke_and_re_issue_pass_and_an_undo_is_a_sync_problem(server):
    a, sync_a, _ = server.workstation("counter-a", "C11")
    a.user = system_actor()
    workshop = _finished_workshop(a)
    serials = issue_completion_certificates(a, workshop.id).issued
    assert sync_a.run().conflicts == 0
    revoke_completion_certificate(a, serials[0], "حضور ثبت‌نشده")
    # offline: re-issued twice (lost, then the name corrected) before the next sync
    second = reissue_completion_certificate(a, serials[1], "گم شده")
    third = reissue_completion_certificate(a, second, "اصلاح نام")
    assert sync_a.run().conflicts == 0
    assert _inquiry(server, serials[1], _code(a, serials[1])) == "replaced"
    assert _inquiry(server, second, _code(a, second)) == "replaced"
    assert _inquiry(server, third, _code(a, third)) == "genuine"
    # an undo made on the workstation behind the services' back (an old backup put
    # back, a hand-edited database) is refused and shown among its sync problems
    with a.session() as s:
        row = s.scalars(
            select(WorkshopCertificate).where(WorkshopCertificate.serial == serials[0])
        ).one()
        row.revoked_on, row.revoke_reason = None, ""
    assert sync_a.run().conflicts == 1
    with a.session() as s:
        problem = s.scalars(select(SyncConflict)).one()
    assert problem.kind == "rejected" and problem.table_name == "workshop_certificates"
    assert "ابطال" in problem.reason and serials[0] in problem.reason
    assert _inquiry(server, serials[0], _code(a, serials[0])) == "revoked"


def _code(ctx, serial: str) -> str:
    with ctx.session() as s:
        return s.scalar(
            select(WorkshopCertificate.national_code).where(WorkshopCertificate.serial == serial)
        )


# -- one person at two counters, a certificate at each ------------------------------------


def test_a_person_merged_across_counters_keeps_the_first_certificate_current(server):
    """The same national code registered and invited at two counters offline, and each
    counter issued a completion certificate for the same workshop: when sync merges the
    two invitations, the serial the server accepted first stays current and the other
    is kept as replaced by it — both answer the inquiry, no sync problem remains."""
    a, sync_a, _ = server.workstation("counter-a", "C11")
    b, sync_b, _ = server.workstation("counter-b", "C11")
    for ctx in (a, b):
        ctx.user = system_actor()
    template = ensure_cbr_template(a, "گلستان")
    workshop = save_workshop(a, WorkshopData(title="کارگاه دو باجه", province="گلستان",
                                             template_id=template,
                                             start_date=today() - timedelta(days=20)))  # fmt: skip
    change_state(a, workshop.id, "start")
    sync_a.run()
    sync_b.run()
    code = national_code(5151)
    for ctx in (a, b):  # offline: both register, invite, mark and certify the same person
        person = save_participant(ctx, ParticipantData(national_code=code, first_name="مینا",
                                                       last_name="کریمی"))  # fmt: skip
        invite(ctx, workshop.id, [person.id])
        record_answer(ctx, invitations(ctx, workshop.id)[0].id, "yes")
        for day in range(1, 13):
            _day(ctx, workshop.id, day, absent=set())
        change_state(ctx, workshop.id, "finish")
    (first,) = issue_completion_certificates(a, workshop.id).issued
    (second,) = issue_completion_certificates(b, workshop.id).issued
    assert first != second  # two counters, two serials
    for _ in range(2):
        sync_a.run()
        sync_b.run()
    assert _inquiry(server, first, code) == "genuine"
    assert _inquiry(server, second, code) == "replaced"
    with server.sessions() as s:
        row = s.scalars(
            select(WorkshopCertificate).where(WorkshopCertificate.serial == second)
        ).one()
        assert row.replaced_by == first and row.replaced_on is not None
    for ctx in (a, b):
        with ctx.session() as s:
            rows = {
                r.serial: r.replaced_by
                for r in s.scalars(select(WorkshopCertificate))
                if r.deleted_at is None
            }
            assert rows == {first: "", second: first}, rows
            assert not s.scalars(
                select(SyncConflict).where(SyncConflict.resolved_at.is_(None))
            ).all()
            # not even for a moment: the pulled current one never met a local current one
            assert not s.scalars(select(SyncProblem)).all()


def test_a_second_counter_may_push_its_certificate_already_superseded(server):
    """A counter that pulled the first certificate before pushing its own has already
    marked its own replaced by it (``supersede_local``): the server takes that, naming
    another counter's serial, only for the current certificate of the same invitation."""
    one = Device(server, "C11")
    w = Workshop(one)
    one.push("training_workshops", w.workshop, "update", state="finished")
    two = Device(server, "C11")
    n1, n2 = _counter(server, "C11") - 1, _counter(server, "C11")
    s1, s2 = f"C11-{n1}-000001", f"C11-{n2}-000001"
    one.new("workshop_certificates", **w.fields(s1, 1, n1))
    # another invitation, with a current certificate of its own
    other = Workshop(one, 2, "0084575948")
    other_serial = f"C11-{n1}-000002"
    one.push("training_workshops", other.workshop, "update", state="finished")
    one.new("workshop_certificates", **other.fields(other_serial, 2, n1))
    wrong = two.push("workshop_certificates", uuid.uuid4(),
                     **w.fields(s2, 1, n2, replaced_by=other_serial))  # fmt: skip
    assert _refused(wrong, other_serial)
    kept = two.push("workshop_certificates", uuid.uuid4(),
                    **w.fields(s2, 1, n2, replaced_by=s1, replaced_on="2026-02-02"))  # fmt: skip
    assert kept["status"] == "applied"
    assert _inquiry(server, s1) == "genuine" and _inquiry(server, s2) == "replaced"
