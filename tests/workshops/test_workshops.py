"""Rules and refusals of training workshops, attendance, evaluation and certificates."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop_app.persian import today
from desktop_app.services.certificates.certificate_inquiry import InquiryRequest, inquire
from desktop_app.services.certificates.certificates import next_serial
from desktop_app.services.core.errors import ServiceError
from desktop_app.services.workshops.attendance import (
    Mark,
    Subject,
    attendance_sheet,
    completion,
    course_slots,
    record_attendance,
)
from desktop_app.services.workshops.completion import issue_completion_certificates
from desktop_app.services.workshops.evaluation import (
    EvaluationEntry,
    evaluation_report,
    evaluation_sheet,
    record_evaluation,
)
from desktop_app.services.workshops.invitations import invitations, invite, record_confirmation
from desktop_app.services.workshops.numbering import next_completion_serial
from desktop_app.services.workshops.participants import save_participant
from desktop_app.services.workshops.plan import plan_against_actual
from desktop_app.services.workshops.printing import (
    print_attendance_sheet,
    print_confirmation_request,
    print_invitation,
)
from desktop_app.services.workshops.programme import budget, change_state, programme

from .conftest import person


def mark_all(ctx, workshop, status_of=lambda person, slot: "present"):
    subject = Subject("workshop", workshop.id)
    sheet = attendance_sheet(ctx, subject)
    marks = [Mark(p.id, s.day, s.start, status_of(i, s)) for i, p in enumerate(sheet.people)
             for s in sheet.slots]  # fmt: skip
    return record_attendance(ctx, subject, marks)


def test_programme_is_the_12_day_template_on_working_days(ctx, workshop):
    sessions = programme(ctx, workshop.id)
    assert len({s.line.day_number for s in sessions}) == 12
    assert len(sessions) == 24 and sum(s.line.hours for s in sessions) == 60
    assert all(s.line.day.weekday() != 4 for s in sessions)  # no Friday
    assert workshop.code == "2701-0001"


def test_the_same_person_is_never_two_records(ctx, office):
    save_participant(ctx, person(1))
    with pytest.raises(ServiceError) as err:
        save_participant(ctx, person(1, first_name="دیگری"))
    assert err.value.field == "national_code" and "یک نفر دو بار" in err.value.message


def test_ngo_member_needs_a_membership_document_self_help_member_does_not(ctx, office):
    with pytest.raises(ServiceError) as err:
        save_participant(ctx, person(2, kind="ngo", ngo_name="انجمن"))
    assert err.value.field == "membership_document"
    save_participant(ctx, person(3, kind="self_help", group_name="گروه خودیار نوده"))
    with pytest.raises(ServiceError) as err:
        save_participant(ctx, person(4, kind="self_help"))
    assert err.value.field == "group_name"


def test_a_participant_invited_twice_is_refused(ctx, workshop):
    first = invitations(ctx, workshop.id)[0]
    with pytest.raises(ServiceError) as err:
        invite(ctx, workshop.id, [first.participant_id])
    assert "دو بار دعوت" in err.value.message
    assert len(invitations(ctx, workshop.id)) == 30  # nothing added


def test_attendance_for_a_day_outside_the_workshop_is_refused(ctx, workshop):
    subject = Subject("workshop", workshop.id)
    with pytest.raises(ServiceError) as err:
        attendance_sheet(ctx, subject, day=13)
    assert "۱ تا ۱۲" in err.value.message
    person_id = attendance_sheet(ctx, subject, day=1).people[0].id
    outside = workshop.start_date - timedelta(days=1)
    with pytest.raises(ServiceError) as err:
        record_attendance(ctx, subject, [Mark(person_id, outside, "08:00", "present")])
    assert "جلسه‌ای از این کارگاه نیست" in err.value.message and err.value.field == "0"
    with pytest.raises(ServiceError):
        record_attendance(ctx, subject, [Mark(person_id, workshop.start_date, "08:00", "here")])


def test_completion_allows_at_most_two_absent_days(ctx, workshop):
    # person 0: absent on days 1, 2 (two days: completes); person 1: days 1, 2, 3 (does not);
    # person 2: excused and late on many days (completes).
    def status(i, slot):
        if i == 0 and slot.day_number in (1, 2):
            return "absent"
        if i == 1 and slot.day_number in (1, 2, 3) and slot.start == "08:00":
            return "absent"
        if i == 2:
            return "excused" if slot.day_number < 6 else "late"
        return "present"

    assert mark_all(ctx, workshop, status) == 30 * 24
    lines = {line.person_id: line for line in completion(ctx, workshop.id)}
    sheet = attendance_sheet(ctx, Subject("workshop", workshop.id))
    p0, p1, p2 = (lines[sheet.people[i].id] for i in range(3))
    assert p0.completed and p0.absent_days == 2
    assert not p1.completed and p1.absent_days == 3 and "۳ روز غیبت" in p1.reason
    assert p2.completed


def test_unrecorded_sessions_block_completion(ctx, workshop):
    assert not any(line.completed for line in completion(ctx, workshop.id))


def test_certificate_for_someone_who_did_not_complete_is_refused(ctx, workshop):
    mark_all(ctx, workshop, lambda i, s: "absent" if i == 0 and s.day_number <= 3 else "present")
    change_state(ctx, workshop.id, "finish")
    sheet = attendance_sheet(ctx, Subject("workshop", workshop.id))
    with pytest.raises(ServiceError) as err:
        issue_completion_certificates(ctx, workshop.id, [sheet.people[0].id])
    assert "کامل نگذرانده" in err.value.message
    result = issue_completion_certificates(ctx, workshop.id)
    assert len(result.issued) == 29 and len(result.not_completed) == 1
    again = issue_completion_certificates(ctx, workshop.id)
    assert again.issued == () and again.already == 29  # idempotent


def test_completion_certificates_share_the_serial_space_and_answer_the_inquiry(ctx, workshop):
    mark_all(ctx, workshop)
    change_state(ctx, workshop.id, "finish")
    serials = issue_completion_certificates(ctx, workshop.id).issued
    assert len(set(serials)) == 30
    with ctx.session() as session:
        # the next serial of either kind comes after every serial of both
        assert next_serial(session, "2701").code == "2701-000031"
        assert next_completion_serial(session, "2701").code == "2701-000031"
    with ctx.session() as session:
        from sqlalchemy import select

        from desktop_app.models import WorkshopCertificate

        cert = session.scalars(
            select(WorkshopCertificate).where(WorkshopCertificate.serial == serials[0])
        ).one()
        code, verification = cert.national_code, cert.verification_code
    answer = inquire(
        ctx, InquiryRequest(f"MIZC|{serials[0]}|{verification}", code, "person", "آزمون")
    ).result
    assert answer.answer == "genuine" and "کارگاه" in answer.standard_title
    wrong = inquire(ctx, InquiryRequest(serials[0], "0012345679", "person", "آزمون")).result
    assert wrong.answer == "unknown" and wrong.holder_name == ""


def test_post_test_before_pre_test_and_bad_answers_are_refused(ctx, workshop):
    line = evaluation_sheet(ctx, workshop.id).lines[0]
    with pytest.raises(ServiceError) as err:
        record_evaluation(ctx, workshop.id, [EvaluationEntry(line.invitation_id, None, 80)])
    assert "پیش از پیش‌آزمون" in err.value.message and err.value.field == "0:post_test"
    with pytest.raises(ServiceError) as err:
        record_evaluation(ctx, workshop.id, [EvaluationEntry(line.invitation_id, 101)])
    assert err.value.field == "0:pre_test"
    with pytest.raises(ServiceError) as err:
        record_evaluation(ctx, workshop.id, [EvaluationEntry(line.invitation_id, 50, 60, [6])])
    assert err.value.field == "0:q1"


def test_evaluation_report_averages_and_gain(ctx, workshop):
    lines = evaluation_sheet(ctx, workshop.id).lines
    record_evaluation(ctx, workshop.id, [
        EvaluationEntry(lines[0].invitation_id, 40, 70, [5, 4]),
        EvaluationEntry(lines[1].invitation_id, 60, 80, [3, None], "خوب بود"),
    ])  # fmt: skip
    report = evaluation_report(ctx, workshop.id)
    assert report.pre_average == 50 and report.post_average == 75 and report.gain == 25
    assert report.questions[0].average == 4 and report.questions[0].counts == (0, 0, 1, 0, 1)
    assert report.questions[1].answers == 1 and report.comments == ("خوب بود",)


def test_budget_is_per_head_times_participants_against_spent(ctx, workshop):
    b = budget(ctx, workshop.id)
    assert (b.participants, b.planned, b.spent) == (30, 180_000_000, 0)


def test_letter_numbers_never_repeat_and_reprints_keep_theirs(ctx, workshop, tmp_path):
    codes = []
    with ctx.session() as session:
        from sqlalchemy import select

        from desktop_app.models import WorkshopParticipant

        codes = [p.national_code for p in session.scalars(select(WorkshopParticipant)).all()][:3]
    numbers = [print_invitation(ctx, workshop.code, c, tmp_path / f"{c}.pdf").number for c in codes]
    assert len(set(numbers)) == 3
    assert (
        print_invitation(ctx, workshop.code, codes[0], tmp_path / "again.pdf").number == numbers[0]
    )


def test_confirmation_only_for_village_administrators_and_health_workers(ctx, workshop, tmp_path):
    plain = invitations(ctx, workshop.id)[0]
    with ctx.session() as session:
        from desktop_app.models import WorkshopParticipant

        row = session.get(WorkshopParticipant, plain.participant_id)
        code = row.national_code
    with pytest.raises(ServiceError):
        print_confirmation_request(ctx, workshop.code, code, tmp_path / "c.pdf")
    admin = save_participant(ctx, person(40, occupation="village_administrator", village="نوده"))
    from desktop_app.services.workshops.invitations import remove_invitation

    remove_invitation(ctx, plain.id)  # capacity is 30: make room first
    invite(ctx, workshop.id, [admin.id])
    line = next(i for i in invitations(ctx, workshop.id) if i.participant_id == admin.id)
    with pytest.raises(ServiceError) as err:  # no request written yet
        record_confirmation(ctx, line.id, True, "۱۲۳/د", today())
    assert err.value.field == "confirmation"
    letter = print_confirmation_request(ctx, workshop.code, admin.national_code, tmp_path / "c.pdf")
    assert letter.addressee == "سازمان دهیاری‌ها و شهرداری‌های کشور"
    with pytest.raises(ServiceError) as err:
        record_confirmation(ctx, line.id, True, "", today())
    assert err.value.field == "confirmation_letter"
    record_confirmation(ctx, line.id, True, "۱۲۳/د", today())
    line = next(i for i in invitations(ctx, workshop.id) if i.participant_id == admin.id)
    assert line.confirmation == "confirmed"


def test_plan_against_actual_counts_trained_against_3000(ctx, workshop):
    mark_all(ctx, workshop)
    change_state(ctx, workshop.id, "finish")
    lines, years = plan_against_actual(ctx)
    assert lines[0].held == 1 and lines[0].trained == 30 and lines[0].planned_workshops == 2
    assert years[0].target == 3000 and years[0].trained == 30


def test_course_attendance_follows_the_weekly_schedule(ctx, tmp_path):
    from sqlalchemy import select

    from desktop_app.models import Course, Enrollment
    from desktop_app.services.demo.demo import fill_demo

    fill_demo(ctx, report=lambda _t: None)
    with ctx.session() as session:
        course = session.scalars(
            select(Course)
            .join(Enrollment, Enrollment.course_id == Course.id)
            .where(Course.state.in_(("running", "finished")), Enrollment.state != "withdrawn")
        ).first()
        course_id, code, schedule = course.id, course.code, course.schedule
        slots = course_slots(course)
    weekdays = {entry["day"] for entry in schedule}
    assert slots and all((s.day.weekday() + 2) % 7 in weekdays for s in slots)
    subject = Subject("course", course_id)
    sheet = attendance_sheet(ctx, subject, day=1)
    marks = [Mark(p.id, s.day, s.start, "late") for p in sheet.people for s in sheet.slots]
    assert record_attendance(ctx, subject, marks) == len(marks) > 0
    assert all(st == "late" for row in attendance_sheet(ctx, subject, day=1).statuses for st in row)
    not_a_class = slots[0].day + timedelta(days=1)
    while (not_a_class.weekday() + 2) % 7 in weekdays:
        not_a_class += timedelta(days=1)
    with pytest.raises(ServiceError):
        record_attendance(
            ctx, subject, [Mark(sheet.people[0].id, not_a_class, slots[0].start, "present")]
        )
    print_attendance_sheet(ctx, code, tmp_path / "course.pdf", day=1)
    assert (tmp_path / "course.pdf").stat().st_size > 1000


def test_hostile_text_is_refused_at_its_field_not_at_the_server(ctx, office):
    with pytest.raises(ServiceError) as err:
        save_participant(ctx, person(5, first_name="ن" * 81))
    assert err.value.field == "first_name" and "۸۰" in err.value.message
    with pytest.raises(ServiceError) as err:
        save_participant(ctx, person(6, national_code="1234567890"))  # wrong check digit
    assert err.value.field == "national_code"
    # Arabic letters and Persian digits are stored normalized: the same person.
    from desktop_app.persian import to_persian_digits

    code = person(7).national_code
    saved = save_participant(
        ctx, person(7, first_name="علي", national_code=to_persian_digits(code))
    )
    assert saved.national_code == code
    assert saved.first_name == "علی"


def test_a_workshop_code_is_found_however_it_is_typed(ctx, workshop, tmp_path):
    from desktop_app.services.workshops.printing import print_programme

    for typed in ("۲۷۰۱-۰۰۰۱", "27010001"):  # codes from the shared numbering, any form
        doc = print_programme(ctx, typed, tmp_path / f"p-{typed}.pdf")
        assert doc.code == "2701-0001" and len(doc.sessions) == 24
    with pytest.raises(ServiceError):
        print_programme(ctx, "2701-K9999", tmp_path / "q.pdf")


def test_a_clerk_takes_attendance_but_only_a_supervisor_finishes_and_issues(ctx, workshop):
    from desktop_app.services.accounts.access import Actor, PermissionDeniedError
    from desktop_app.services.core.listing import ListQuery
    from desktop_app.services.workshops.participants import participant_page

    ctx.user = Actor("clerk1", frozenset({"clerk"}))
    assert mark_all(ctx, workshop) == 30 * 24
    for refused in (
        lambda: change_state(ctx, workshop.id, "finish"),
        lambda: issue_completion_certificates(ctx, workshop.id),
    ):
        with pytest.raises(PermissionDeniedError):
            refused()
    row = participant_page(ctx, ListQuery(), 0, 1)[0]
    assert "*" in row.national_code  # a clerk sees national codes masked
    ctx.user = Actor("boss", frozenset({"supervisor"}))
    change_state(ctx, workshop.id, "finish")
    assert len(issue_completion_certificates(ctx, workshop.id).issued) == 30
    ctx.user = None
    with pytest.raises(PermissionDeniedError):
        record_attendance(ctx, Subject("workshop", workshop.id), [])


def test_an_edited_programme_becomes_the_provinces_template(ctx, workshop):
    from desktop_app.services.workshops.programme import SessionEdit, WorkshopData, save_sessions
    from desktop_app.services.workshops.programme import save_workshop as save
    from desktop_app.services.workshops.templates import save_as_template

    first = programme(ctx, workshop.id)[0]
    save_sessions(
        ctx, workshop.id, [SessionEdit(first.id, "آشنایی با CBR", 4, "دکتر کریمی", "", "")]
    )
    template = save_as_template(ctx, workshop.id)
    assert template == workshop.template_id  # the province's template of that title, updated
    later = save(ctx, WorkshopData(title="کارگاه بعدی", province="گلستان", template_id=template,
                                   start_date=today()))  # fmt: skip
    copied = programme(ctx, later.id)[0].line
    assert (copied.topic, copied.hours, copied.trainer) == ("آشنایی با CBR", 4, "دکتر کریمی")


def test_workshop_codes_are_found_in_any_form(ctx, workshop):
    from desktop_app.models import TrainingWorkshop
    from desktop_app.services.workshops.programme import live_workshop

    with ctx.session() as session:
        for typed in ("2701-0001", "۲۷۰۱-۰۰۰۱", "27010001"):
            assert live_workshop(session, typed).id == workshop.id
        assert session.get(TrainingWorkshop, workshop.id).code_counter == 0
