"""Training workshops and their attendance sync like every record: two counters of one
office share a workshop (participants by national code, invitations, sessions,
attendance), each records a different day offline, both converge and agree on who
completes; another office never sees any of it. Runs on SQLite and the real PostgreSQL.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from desktop_app.models import Attendance, TrainingWorkshop, WorkshopParticipant
from desktop_app.persian import today
from desktop_app.services.accounts.access import system_actor
from desktop_app.services.demo.demo_registration import national_code
from desktop_app.services.workshops.attendance import (
    Mark,
    Subject,
    attendance_sheet,
    completion,
    record_attendance,
)
from desktop_app.services.workshops.invitations import invitations, invite, record_answer
from desktop_app.services.workshops.participants import ParticipantData, save_participant
from desktop_app.services.workshops.programme import WorkshopData, change_state, save_workshop
from desktop_app.services.workshops.templates import ensure_cbr_template


def _day(ctx, workshop_id, day: int, absent: set[int]) -> None:
    subject = Subject("workshop", workshop_id)
    sheet = attendance_sheet(ctx, subject, day)
    marks = [
        Mark(p.id, s.day, s.start, "absent" if i in absent else "present")
        for i, p in enumerate(sheet.people)
        for s in sheet.slots
    ]
    record_attendance(ctx, subject, marks)


def _count(ctx, model) -> int:
    with ctx.session() as s:
        return int(s.scalar(select(func.count()).select_from(model)))


def test_two_counters_share_a_workshop_and_agree_on_completion(server):
    a, sync_a, _ = server.workstation("counter-a", "C11")
    b, sync_b, _ = server.workstation("counter-b", "C11")
    other, sync_other, _ = server.workstation("other", "C21")
    for ctx in (a, b, other):
        ctx.user = system_actor()
    template = ensure_cbr_template(a, "گلستان")
    workshop = save_workshop(a, WorkshopData(title="کارگاه همگام", province="گلستان",
                                             template_id=template,
                                             start_date=today() - timedelta(days=20)))  # fmt: skip
    codes = [national_code(900 + 11 * n) for n in range(6)]
    ids = [
        save_participant(a, ParticipantData(national_code=c, first_name="نام", last_name=f"خانواده{n}")).id
        for n, c in enumerate(codes)
    ]  # fmt: skip
    invite(a, workshop.id, ids)
    for line in invitations(a, workshop.id):
        record_answer(a, line.id, "yes")
    change_state(a, workshop.id, "start")
    _day(a, workshop.id, 1, absent={0})
    sync_a.run()
    sync_b.run()

    # Counter B has the whole workshop, found by its people's national codes.
    with b.session() as s:
        assert set(s.scalars(select(WorkshopParticipant.national_code))) == set(codes)
        assert s.scalar(select(TrainingWorkshop.code)) == workshop.code
    assert len(attendance_sheet(b, Subject("workshop", workshop.id)).slots) == 24
    # Offline, each counter records other days.
    _day(b, workshop.id, 2, absent={0})
    _day(a, workshop.id, 3, absent={0, 1})
    for day in range(4, 13):
        _day(b if day % 2 else a, workshop.id, day, absent=set())
    for _ in range(2):
        sync_a.run()
        sync_b.run()
    assert _count(a, Attendance) == _count(b, Attendance) == 6 * 24
    done_a = {(line.name, line.completed, line.absent_days) for line in completion(a, workshop.id)}
    done_b = {(line.name, line.completed, line.absent_days) for line in completion(b, workshop.id)}
    assert done_a == done_b
    absent = {name: days for name, _ok, days in done_a}
    assert absent["نام خانواده0"] == 3 and absent["نام خانواده1"] == 1
    assert sorted(ok for _n, ok, _d in done_a) == [False] + [True] * 5

    # Another office sees none of it.
    sync_other.run()
    assert _count(other, TrainingWorkshop) == _count(other, WorkshopParticipant) == 0
    assert _count(other, Attendance) == 0


def test_two_counters_marking_the_same_session_offline_make_one_record(server):
    """Both clerks mark the same person in the same session while offline: one record
    (the same derived id), the differing status is a conflict the second clerk sees with
    both values; an invitation made on both counters is one invitation too."""
    import json

    from desktop_app.models import SyncConflict, WorkshopInvitation

    a, sync_a, _ = server.workstation("counter-a", "C11")
    b, sync_b, _ = server.workstation("counter-b", "C11")
    for ctx in (a, b):
        ctx.user = system_actor()
    template = ensure_cbr_template(a, "گلستان")
    workshop = save_workshop(a, WorkshopData(title="کارگاه دو باجه", province="گلستان",
                                             template_id=template,
                                             start_date=today() - timedelta(days=20)))  # fmt: skip
    first = save_participant(a, ParticipantData(national_code=national_code(4242),
                                                first_name="مینا", last_name="کریمی"))  # fmt: skip
    second = save_participant(a, ParticipantData(national_code=national_code(4343),
                                                 first_name="رضا", last_name="نظری"))  # fmt: skip
    invite(a, workshop.id, [first.id])
    record_answer(a, invitations(a, workshop.id)[0].id, "yes")
    change_state(a, workshop.id, "start")
    sync_a.run()
    sync_b.run()
    # Offline: both mark day 1 morning for the same person, differently; both invite the
    # second person.
    subject = Subject("workshop", workshop.id)
    for ctx, status in ((a, "present"), (b, "late")):
        sheet = attendance_sheet(ctx, subject, 1)
        slot = sheet.slots[0]
        record_attendance(ctx, subject, [Mark(sheet.people[0].id, slot.day, slot.start, status)])
        invite(ctx, workshop.id, [second.id])
    sync_a.run()
    assert sync_b.run().conflicts == 1
    sync_a.run()
    for ctx in (a, b):
        assert _count(ctx, Attendance) == 1 and _count(ctx, WorkshopInvitation) == 2
        assert attendance_sheet(ctx, subject, 1).statuses[0][0] == "present"  # A's went first
    with b.session() as s:
        conflict = s.scalar(select(SyncConflict))
        assert json.loads(conflict.local_values)["status"] == "late"
        assert json.loads(conflict.server_values)["status"] == "present"
