"""Requests from the public: registration rules, tracking codes, the complaint workflow,
deadlines in working days, overdue requests and who may see a complaint about an employee."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from desktop_app.models import WorkCalendar
from desktop_app.persian import from_jalali
from desktop_app.services.accounts.access import (
    ADMINISTRATOR,
    CLERK,
    SUPERVISOR,
    Actor,
    PermissionDeniedError,
)
from desktop_app.services.accounts.audit_log import record_history
from desktop_app.services.core.errors import NotFoundError, ServiceError
from desktop_app.services.core.listing import ListQuery
from desktop_app.services.feedback.calendar import (
    CalendarData,
    Holiday,
    ServiceDays,
    WorkDays,
    calendar_page,
    count_calendars,
    delete_calendar,
    get_calendar,
    get_calendar_record,
    save_calendar,
)
from desktop_app.services.feedback.requests import (
    RequestData,
    answer_request,
    assign_request,
    close_request,
    count_requests,
    follow_up,
    overdue_count,
    refer_request,
    register_request,
    request_page,
)


def _complaint(card_id, **changes) -> RequestData:
    data = RequestData(
        kind="complaint",
        service_card_id=card_id,
        department="واحد آموزش",
        contact_name="مریم احمدی",
        contact_phone="01732224455",
        body="کارت ثبت‌نام من پس از دو هفته صادر نشده است.",
    )
    return replace(data, **changes)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"service_card_id": None}, "service_card_id"),
        ({"body": "   "}, "body"),
        ({"contact_name": ""}, "contact_name"),
        ({"contact_phone": "12"}, "contact_phone"),
        ({"kind": "praise"}, "kind"),
    ],
)
def test_bad_input_is_refused_at_its_field_in_persian(ctx, card_id, changes, field):
    with pytest.raises(ServiceError) as caught:
        register_request(ctx, _complaint(card_id, **changes))
    assert caught.value.field == field
    assert any("\u0600" <= ch <= "\u06ff" for ch in caught.value.message)
    assert count_requests(ctx, ListQuery()) == 0


def test_anonymous_request_needs_no_contact_and_keeps_none(ctx, card_id):
    view = register_request(
        ctx, _complaint(card_id, anonymous=True, contact_name="x", contact_phone="y")
    )
    assert view.contact == "ناشناس"
    assert view.contact_name == "" and view.contact_phone == ""


def test_tracking_codes_are_distinct_and_found_again_in_any_digits(ctx, card_id):
    codes = [register_request(ctx, _complaint(card_id)).tracking_code for _ in range(5)]
    assert len(set(codes)) == 5
    persian = codes[2].translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")).lower()
    assert follow_up(ctx, persian).tracking_code == codes[2]
    with pytest.raises(NotFoundError):
        follow_up(ctx, "X-R999999")


def test_complaint_walks_its_states_with_who_and_when(ctx, card_id):
    view = register_request(ctx, _complaint(card_id))
    assert view.state == "received"
    with pytest.raises(ServiceError) as caught:
        close_request(ctx, view.id, view.version)  # not answered yet
    assert caught.value.field == "state"
    with pytest.raises(ServiceError) as caught:
        assign_request(ctx, view.id, view.version, "  ")
    assert caught.value.field == "assigned_to"
    view = assign_request(ctx, view.id, view.version, "آقای رضایی")
    view = answer_request(ctx, view.id, view.version, "کارت شما صادر شد.")
    view = close_request(ctx, view.id, view.version)
    assert view.state == "closed"
    assert [s.title for s in view.steps] == [
        "دریافت شده",
        "ارجاع به کارشناس",
        "پاسخ داده شده",
        "بسته شده",
    ]
    assert all(s.by == "خط فرمان" for s in view.steps)


def test_refer_from_received_and_a_stale_version_is_refused(ctx, card_id):
    view = register_request(ctx, _complaint(card_id))
    referred = refer_request(ctx, view.id, view.version, "ادارهٔ بازرسی")
    assert referred.state == "referred" and referred.referred_to == "ادارهٔ بازرسی"
    with pytest.raises(ServiceError):
        answer_request(ctx, view.id, view.version, "پاسخ")  # stale version


def test_deadline_skips_weekends_and_the_offices_holidays(ctx, card_id):
    received = from_jalali(1405, 1, 17)  # Monday 2026-04-06
    save_calendar(ctx, CalendarData(1405, answer_days=3))
    with ctx.session() as session:
        days = WorkDays(session)
        due = days.due_date(received)
        assert due == date(2026, 4, 11)  # Tue, Wed, (Thu, Fri weekend), Sat
        assert days.between(received, due) == 3
    at = datetime.combine(received, datetime.min.time(), tzinfo=UTC).replace(hour=8)
    view = register_request(ctx, _complaint(card_id), received_at=at)
    assert view.due_on == due


def test_a_holiday_moves_the_deadline(ctx, card_id):
    saturday = date(2026, 4, 4)  # 1405/01/15, a Saturday
    assert saturday.weekday() == 5
    save_calendar(ctx, CalendarData(1405, answer_days=2))
    with ctx.session() as session:
        assert WorkDays(session).due_date(saturday) == date(2026, 4, 6)  # Sun, Mon
    table = get_calendar(ctx, 1405)
    save_calendar(ctx, replace(table, holidays=[Holiday(date(2026, 4, 5), "تعطیل رسمی")]))
    with ctx.session() as session:
        # Sunday is now a holiday; Mon, Tue; Thursday/Friday are the weekend
        assert WorkDays(session).due_date(saturday) == date(2026, 4, 7)


def test_a_holiday_outside_the_year_is_refused_at_the_holidays_field(ctx):
    with pytest.raises(ServiceError) as caught:
        save_calendar(ctx, CalendarData(1405, holidays=[Holiday(date(2026, 3, 1), "")]))
    assert caught.value.field == "holidays"
    assert "ردیف ۱" in caught.value.message and "۱۴۰۵" in caught.value.message
    with pytest.raises(ServiceError) as caught:
        save_calendar(ctx, CalendarData(1405, answer_days=0))
    assert caught.value.field == "answer_days"


def test_overdue_requests_are_counted_and_flagged(ctx, card_id):
    old = datetime(2026, 1, 3, 8, tzinfo=UTC)
    late = register_request(ctx, _complaint(card_id), received_at=old)
    register_request(ctx, _complaint(card_id))  # fresh: not late
    answered = register_request(ctx, _complaint(card_id), received_at=old)
    answer_request(ctx, answered.id, answered.version, "پاسخ داده شد")
    assert overdue_count(ctx) == 1
    rows = {r.tracking_code: r for r in request_page(ctx, ListQuery(), 0, 10)}
    assert rows[late.tracking_code].overdue
    assert sum(r.overdue for r in rows.values()) == 1
    assert follow_up(ctx, late.tracking_code).overdue_days > 0


def test_a_complaint_about_an_employee_is_seen_only_by_supervisors(ctx, card_id):
    secret = register_request(ctx, _complaint(card_id, employee_name="کارمند باجهٔ ۲"))
    register_request(ctx, _complaint(card_id))
    ctx.user = Actor("clerk1", frozenset({CLERK}), full_name="کارشناس")
    assert count_requests(ctx, ListQuery()) == 1
    assert all(
        r.tracking_code != secret.tracking_code for r in request_page(ctx, ListQuery(), 0, 9)
    )
    with pytest.raises(NotFoundError):
        follow_up(ctx, secret.tracking_code)
    ctx.user = Actor("boss", frozenset({SUPERVISOR}), full_name="سرپرست")
    assert count_requests(ctx, ListQuery()) == 2
    assert follow_up(ctx, secret.tracking_code).employee_name == "کارمند باجهٔ ۲"


def test_a_clerk_may_answer_but_not_close(ctx, card_id):
    view = register_request(ctx, _complaint(card_id))
    ctx.user = Actor("clerk1", frozenset({CLERK}), full_name="کارشناس")
    view = answer_request(ctx, view.id, view.version, "پاسخ")
    with pytest.raises(ServiceError):
        close_request(ctx, view.id, view.version)


def test_tracking_code_carries_the_office_and_is_found_as_typed(ctx, card_id):
    from desktop_app.documents.office import OfficeSettings
    from desktop_app.services.office.settings import save_office_settings

    save_office_settings(ctx, OfficeSettings(office_name="مرکز ۱", office_code="2701"))
    view = register_request(ctx, _complaint(card_id))
    assert view.tracking_code == "2701-R000001"
    for typed in ("2701R000001", "۲۷۰۱-r۰۰۰۰۰۱", " 2701 - R000001 "):
        assert follow_up(ctx, typed).id == view.id


def test_a_request_kind_waits_its_own_days_from_the_deadline_table(ctx, card_id):
    received = from_jalali(1405, 1, 17)  # Monday 2026-04-06
    save_calendar(ctx, CalendarData(1405, answer_days=3, kind_days={"complaint": 1}))
    table = get_calendar(ctx, 1405)
    assert table.kind_days == {"complaint": 1} and table.days_for("opinion") == 3
    at = datetime.combine(received, datetime.min.time(), tzinfo=UTC).replace(hour=8)
    complaint = register_request(ctx, _complaint(card_id), received_at=at)
    opinion = register_request(ctx, _complaint(card_id, kind="opinion"), received_at=at)
    assert complaint.due_on == date(2026, 4, 7)  # the next working day
    assert opinion.due_on == date(2026, 4, 11)  # three working days (weekend skipped)
    with pytest.raises(ServiceError) as caught:
        save_calendar(ctx, replace(table, kind_days={"violation": 120}))
    assert caught.value.field == "kind_days_violation" and "گزارش تخلف" in caught.value.message
    cleared = save_calendar(ctx, replace(table, kind_days={"complaint": None}))
    assert cleared.kind_days == {} and cleared.days_for("complaint") == 3


def test_the_deadline_table_list_edit_and_delete_need_the_settings_and_are_audited(ctx):
    saved = save_calendar(ctx, CalendarData(1405, answer_days=7, kind_days={"complaint": 5}))
    save_calendar(ctx, CalendarData(1404))
    rows = calendar_page(ctx, ListQuery(), 0, 10)
    assert [r.year for r in rows] == [1404, 1405] and count_calendars(ctx, ListQuery()) == 2
    assert rows[1].kinds_text == "شکایت ۵" and rows[1].holiday_count == 0
    assert [r.year for r in calendar_page(ctx, ListQuery(search="۱۴۰۵"), 0, 10)] == [1405]
    with ctx.session() as session:  # another office's table (a province holds it) is not ours
        other = WorkCalendar(year=1403, answer_days=4, holidays=[], origin_office="9999")
        session.add(other)
    assert count_calendars(ctx, ListQuery()) == 2
    assert get_calendar_record(ctx, saved.id).kind_days == {"complaint": 5}
    history = record_history(ctx, "work_calendars", saved.id)
    assert history and history[0].changes.get("answer_days")
    ctx.user = Actor("clerk1", frozenset({CLERK, SUPERVISOR}), full_name="کارشناس")
    with pytest.raises(PermissionDeniedError):
        save_calendar(ctx, replace(get_calendar(ctx, 1405), answer_days=9))
    with pytest.raises(PermissionDeniedError):
        delete_calendar(ctx, saved.id)
    ctx.user = Actor("admin", frozenset({ADMINISTRATOR}), full_name="مدیر")
    delete_calendar(ctx, saved.id)
    assert [r.year for r in calendar_page(ctx, ListQuery(), 0, 10)] == [1404]
    assert get_calendar(ctx, 1405).id is None  # back to the defaults
    with pytest.raises(NotFoundError):
        get_calendar_record(ctx, saved.id)


def test_a_services_own_days_come_before_its_kinds(ctx, card_id):
    received = from_jalali(1405, 1, 17)  # Monday 2026-04-06
    at = datetime.combine(received, datetime.min.time(), tzinfo=UTC).replace(hour=8)
    table = save_calendar(
        ctx,
        CalendarData(
            1405,
            answer_days=3,
            kind_days={"complaint": 1},
            service_days=[ServiceDays(str(card_id), 2)],
        ),
    )
    assert table.service_days == [ServiceDays(str(card_id), 2)]
    complaint = register_request(ctx, _complaint(card_id), received_at=at)
    assert complaint.due_on == date(2026, 4, 8)  # the service's two days, not the kind's one
    for rows, problem in (
        ([ServiceDays("", 4)], "خدمت را انتخاب کنید"),
        ([ServiceDays(str(card_id), None)], "روز کاری"),
        ([ServiceDays(str(card_id), 4), ServiceDays(str(card_id), 5)], "ردیف ۲: این خدمت دو بار"),
        ([ServiceDays(str(uuid.uuid4()), 4)], "پیدا نشد"),
    ):
        with pytest.raises(ServiceError) as caught:
            save_calendar(ctx, replace(table, service_days=rows))
        assert caught.value.field == "service_days" and problem in caught.value.message
    assert calendar_page(ctx, ListQuery(), 0, 5)[0].service_count == 1
