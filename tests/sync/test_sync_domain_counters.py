"""Two counters of one office, offline, in the participation and workshop domains
(issues 18 and 19 on issue 14's rules).

Each counter hands out donation receipts, invitation letters, workshop codes and
completion certificates offline: after sync every machine holds every one under a
distinct code, and no sync problem or conflict is left. The same benefactor, volunteer
or workshop participant registered at two counters becomes one record on every
machine, with the other counter's gifts, hours, invitation, letter and attendance
re-pointed to it. Runs on the SQLite and the PostgreSQL server.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from desktop_app.documents.office import OfficeSettings
from desktop_app.models import (
    Attendance,
    Benefactor,
    Gift,
    SyncConflict,
    SyncProblem,
    TrainingWorkshop,
    Volunteer,
    VolunteerHours,
    WorkshopCertificate,
    WorkshopInvitation,
    WorkshopLetter,
    WorkshopParticipant,
)
from desktop_app.persian import today
from desktop_app.services.accounts.access import system_actor
from desktop_app.services.certificates.certificates import next_serial
from desktop_app.services.demo.demo_participation import _legal_id
from desktop_app.services.demo.demo_registration import national_code
from desktop_app.services.office.settings import save_office_settings
from desktop_app.services.participation.benefactors import BenefactorData, save_benefactor
from desktop_app.services.participation.gifts import GiftData, register_gift
from desktop_app.services.participation.receipt import parse_qr, receipt_doc
from desktop_app.services.participation.volunteers import (
    HoursEntry,
    VolunteerData,
    log_hours,
    save_volunteer,
)
from desktop_app.services.workshops.attendance import (
    Mark,
    Subject,
    attendance_sheet,
    record_attendance,
)
from desktop_app.services.workshops.completion import issue_completion_certificates
from desktop_app.services.workshops.invitations import invitations, invite, record_answer
from desktop_app.services.workshops.participants import ParticipantData, save_participant
from desktop_app.services.workshops.printing import print_invitation
from desktop_app.services.workshops.programme import WorkshopData, change_state, save_workshop
from desktop_app.services.workshops.templates import ensure_cbr_template
from desktop_app.sync.certificate_answer import answer_from

OFFICE = "2751"


def _counter(server, name: str):
    from central_server import admin
    from central_server.models import Office

    with server.sessions() as s, s.begin():
        if s.get(Office, OFFICE) is None:
            admin.create_office(s, OFFICE, "بهزیستی گرگان", "center", "P1")
    ctx, engine, _transport = server.workstation(name, OFFICE)
    ctx.user = system_actor()
    save_office_settings(
        ctx,
        OfficeSettings(
            office_name="ادارهٔ بهزیستی شهرستان گرگان",
            office_code=OFFICE,
            province="گلستان",
            agency_kind="welfare",
        ),
    )
    return ctx, engine


def _rounds(*engines, times: int = 2) -> None:
    for _ in range(times):
        for engine in engines:
            report = engine.run()  # never raises
            assert report.conflicts == 0


def _live(ctx, model, *where):
    with ctx.session() as s:
        return list(s.scalars(select(model).where(model.deleted_at.is_(None), *where)))


def _nothing_left(*contexts) -> None:
    """No sync problem and no conflict waits for a person on any counter."""
    for ctx in contexts:
        with ctx.session() as s:
            assert s.scalar(select(func.count()).select_from(SyncProblem)) == 0
            left = [(c.kind, c.table_name, c.fields, c.local_values, c.server_values)
                    for c in s.scalars(select(SyncConflict))]  # fmt: skip
            assert left == []


def _cash(ctx, amount: int, benefactor=None, **kw):
    return register_gift(
        ctx,
        GiftData(
            benefactor_id=benefactor, kind="cash", amount=amount, channel="counter",
            received_on=today() - timedelta(days=1), **kw,
        ),
    )  # fmt: skip


# -- participation --------------------------------------------------------------------


def test_two_counters_offline_never_print_the_same_receipt(server):
    a, sync_a = _counter(server, "a")
    b, sync_b = _counter(server, "b")
    printed = [
        _cash(a, 1_000_000).receipt_no,
        _cash(a, 2_000_000).receipt_no,
        _cash(b, 3_000_000).receipt_no,
    ]
    assert printed == ["2751-1-000001", "2751-1-000002", "2751-2-000001"]
    mine = [(a, printed[:2]), (b, printed[2:])]
    for round_ in range(2):  # after every step each counter still holds its own receipts
        for engine in (sync_a, sync_b):
            assert engine.run().conflicts == 0
            for holder, own in mine:
                held = sorted(g.receipt_no for g in _live(holder, Gift))
                assert set(own) <= set(held), f"round {round_}: {own} not live in {held}"
    for ctx in (a, b):
        assert sorted(g.receipt_no for g in _live(ctx, Gift)) == sorted(printed)
    _nothing_left(a, b)
    # counter b finds counter a's receipt however it is typed, and its QR still checks
    for typed in ("2751-1-000002", "۲۷۵۱-۱-۰۰۰۰۰۲", "27511000002"):
        doc = receipt_doc(b, typed, count_print=False)
        assert doc.receipt_no == "2751-1-000002" and doc.amount == 2_000_000
        (gift,) = _live(a, Gift, Gift.receipt_no == "2751-1-000002")
        assert parse_qr(doc.qr_payload) == ("2751-1-000002", 2_000_000, gift.check_code)
    # the next receipt of a counter still counts on from its own
    assert _cash(b, 500_000).receipt_no == "2751-2-000002"


def test_same_benefactor_at_two_counters_is_one_record_everywhere(server):
    a, sync_a = _counter(server, "a")
    b, sync_b = _counter(server, "b")
    c, sync_c = _counter(server, "c")
    code, legal = national_code(612), _legal_id(4821)
    # offline: the same person and the same organization give at counters a and b;
    # counter b typed another mobile and no address
    person_a = save_benefactor(a, BenefactorData(
        kind="person", national_code=code, first_name="زهرا", last_name="حسینی",
        mobile="09113207919", address="گرگان، خیابان ولیعصر",
    ))  # fmt: skip
    person_b = save_benefactor(b, BenefactorData(
        kind="person", national_code=code, first_name="زهرا", last_name="حسینی",
        mobile="09350001122",
    ))  # fmt: skip
    org_a = save_benefactor(a, BenefactorData(kind="organization", legal_id=legal,
                                              org_name="شرکت نیکوکاران"))  # fmt: skip
    org_b = save_benefactor(b, BenefactorData(kind="organization", legal_id=legal,
                                              org_name="شرکت نیکوکاران"))  # fmt: skip
    anon_a, anon_b = _cash(a, 100_000), _cash(b, 200_000)  # anonymous: never merged
    gift_a = _cash(a, 1_000_000, person_a.id)
    gift_b = _cash(b, 2_000_000, person_b.id)
    org_gift_b = _cash(b, 5_000_000, org_b.id)
    vol_a = save_volunteer(a, VolunteerData(national_code=national_code(713),
                                            first_name="علی", last_name="رضایی", skills="رانندگی"))  # fmt: skip
    vol_b = save_volunteer(b, VolunteerData(national_code=national_code(713),
                                            first_name="علی", last_name="رضایی",
                                            skills="رانندگی", availability="صبح‌ها"))  # fmt: skip
    log_hours(b, vol_b.id, HoursEntry(None, today(), "مرکز روزانه", 4, "همراهی"))
    for _ in range(2):
        for engine in (sync_a, sync_b, sync_c):
            engine.run()  # never raises
    for ctx in (a, b, c):
        (person,) = _live(ctx, Benefactor, Benefactor.national_code == code)
        assert person.id == person_a.id  # the same winner everywhere
        assert person.address == "گرگان، خیابان ولیعصر"
        (org,) = _live(ctx, Benefactor, Benefactor.legal_id == legal)
        assert org.id == org_a.id
        gifts = {g.receipt_no: g for g in _live(ctx, Gift)}
        assert len(gifts) == 5
        assert gifts[gift_a.receipt_no].benefactor_id == person_a.id
        assert gifts[gift_b.receipt_no].benefactor_id == person_a.id  # re-pointed
        assert gifts[org_gift_b.receipt_no].benefactor_id == org_a.id
        assert gifts[anon_a.receipt_no].benefactor_id is None
        assert gifts[anon_b.receipt_no].benefactor_id is None
        (volunteer,) = _live(ctx, Volunteer)
        assert volunteer.id == vol_a.id and volunteer.availability == "صبح‌ها"  # filled
        (hours,) = _live(ctx, VolunteerHours)
        assert hours.volunteer_id == vol_a.id
    with b.session() as s:  # b's copies are tombstones; the different mobile waits
        assert s.get(Benefactor, person_b.id).deleted_at is not None
        assert s.get(Benefactor, org_b.id).deleted_at is not None
        conflicts = list(s.scalars(select(SyncConflict)))
    assert [(x.table_name, x.record_id) for x in conflicts] == [("benefactors", str(person_a.id))]


# -- workshops ------------------------------------------------------------------------


def _person(n: int, **changes) -> ParticipantData:
    data = ParticipantData(national_code=national_code(900 + n * 7), first_name=f"نام{n}",
                           last_name=f"خانواده{n:02d}", kind="facilitator")  # fmt: skip
    for key, value in changes.items():
        setattr(data, key, value)
    return data


def _workshop(ctx, start: date):
    template = ensure_cbr_template(ctx, "گلستان")
    return save_workshop(ctx, WorkshopData(title="کارگاه توانبخشی مبتنی بر جامعه",
                                           province="گلستان", template_id=template,
                                           start_date=start, per_head_cost=6_000_000))  # fmt: skip


def _invite(ctx, workshop_id, person: ParticipantData):
    saved = save_participant(ctx, person)
    invite(ctx, workshop_id, [saved.id])
    (line,) = [i for i in invitations(ctx, workshop_id) if i.national_code == saved.national_code]
    record_answer(ctx, line.id, "yes")
    return saved, line.id


def test_two_counters_offline_never_hand_out_the_same_workshop_code_or_letter_number(server):
    a, sync_a = _counter(server, "a")
    b, sync_b = _counter(server, "b")
    shared = _workshop(a, today() + timedelta(days=10))
    _rounds(sync_a, sync_b)
    # offline: each counter plans a workshop and invites (and writes to) its own people
    codes = [shared.code, _workshop(a, today()).code, _workshop(b, today()).code]
    assert codes == ["2751-1-0001", "2751-1-0002", "2751-2-0001"]
    letters = []
    for ctx, n in ((a, 1), (a, 2), (b, 3), (b, 4)):
        person, _ = _invite(ctx, shared.id, _person(n))
        letters.append(print_invitation(ctx, shared.code, person.national_code, _sink()).number)
    assert letters == ["2751-1-000001", "2751-1-000002", "2751-2-000001", "2751-2-000002"]
    _rounds(sync_a, sync_b)
    for ctx in (a, b):
        assert sorted(w.code for w in _live(ctx, TrainingWorkshop)) == sorted(codes)
        assert sorted(x.number for x in _live(ctx, WorkshopLetter)) == sorted(letters)
        assert len(_live(ctx, WorkshopInvitation)) == 4
    _nothing_left(a, b)


def _sink():
    import io

    return io.BytesIO()


def test_two_counters_issue_completion_certificates_in_one_serial_space(server):
    a, sync_a = _counter(server, "a")
    b, sync_b = _counter(server, "b")
    workshop = _workshop(a, today() - timedelta(days=20))
    people = [_invite(a, workshop.id, _person(n)) for n in range(2)]
    change_state(a, workshop.id, "start")
    subject = Subject("workshop", workshop.id)
    sheet = attendance_sheet(a, subject)
    record_attendance(
        a,
        subject,
        [Mark(p.id, s.day, s.start, "present") for p in sheet.people for s in sheet.slots],
    )
    change_state(a, workshop.id, "finish")
    _rounds(sync_a, sync_b)
    # offline: each counter issues one person's certificate
    first = issue_completion_certificates(a, workshop.id, [people[0][1]]).issued
    second = issue_completion_certificates(b, workshop.id, [people[1][1]]).issued
    assert (first, second) == (("2751-1-000001",), ("2751-2-000001",))
    with b.session() as s:  # a skill certificate at b comes after b's completion serial
        assert next_serial(s, OFFICE).code == "2751-2-000002"
    _rounds(sync_a, sync_b)
    for ctx in (a, b):
        assert sorted(c.serial for c in _live(ctx, WorkshopCertificate)) == [
            "2751-1-000001",
            "2751-2-000001",
        ]
        with ctx.session() as s:  # the inquiry answers both on every counter
            for (person, _), serial in zip(people, (*first, *second), strict=True):
                answer = answer_from(s, serial.replace("-", ""), person.national_code)
                assert answer.answer == "genuine" and answer.serial == serial
    _nothing_left(a, b)


def test_same_participant_at_two_counters_is_one_record_everywhere(server):
    a, sync_a = _counter(server, "a")
    b, sync_b = _counter(server, "b")
    c, sync_c = _counter(server, "c")
    workshop = _workshop(a, today() - timedelta(days=1))
    change_state(a, workshop.id, "start")
    for engine in (sync_a, sync_b, sync_c):
        engine.run()
    # offline: the same person registered and invited at counters a and b; b typed a
    # mobile a did not, wrote the invitation letter and marked the first session
    person_a, invitation_a = _invite(a, workshop.id, _person(5))
    person_b, invitation_b = _invite(b, workshop.id, _person(5, mobile="09350001122"))
    assert person_a.id != person_b.id and invitation_a != invitation_b
    letter = print_invitation(b, workshop.code, person_b.national_code, _sink()).number
    subject = Subject("workshop", workshop.id)
    for ctx, status in ((a, "present"), (b, "present")):
        sheet = attendance_sheet(ctx, subject, day=1)
        slot = sheet.slots[0]
        record_attendance(ctx, subject, [Mark(sheet.people[0].id, slot.day, slot.start, status)])
    for _ in range(2):
        for engine in (sync_a, sync_b, sync_c):
            engine.run()  # never raises
    for ctx in (a, b, c):
        (person,) = _live(ctx, WorkshopParticipant)
        assert person.id == person_a.id and person.mobile == "09350001122"  # filled
        (invitation,) = _live(ctx, WorkshopInvitation)
        assert invitation.id == invitation_a and invitation.participant_id == person_a.id
        (written,) = _live(ctx, WorkshopLetter)
        assert written.number == letter and written.invitation_id == invitation_a
        (mark,) = _live(ctx, Attendance)
        assert mark.invitation_id == invitation_a
    _nothing_left(a, b, c)
    with b.session() as s:
        assert s.get(WorkshopParticipant, person_b.id).deleted_at is not None
        assert s.get(WorkshopInvitation, invitation_b).deleted_at is not None
