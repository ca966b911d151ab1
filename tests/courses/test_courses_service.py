"""Courses and standards services: validation, codes unique across offices without a
server, the list's filters (state, place, standard, kind, dates, waiting for my
decision), Excel export, and the standards CSV import (also through the CLI)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import insert, select

from desktop_app.cli import main
from desktop_app.models import Course, CourseTrainer
from desktop_app.services.accounts.access import system_actor
from desktop_app.services.core.context import AppContext
from desktop_app.services.core.errors import ServiceError
from desktop_app.services.core.listing import ListQuery
from desktop_app.services.courses.course_workflow import Actor, perform
from desktop_app.services.courses.courses import (
    Slot,
    count_courses,
    course_page,
    export_courses_excel,
    find_course,
    get_course,
    save_course,
    waiting_count,
)
from desktop_app.services.courses.standards import (
    StandardData,
    count_standards,
    import_standards_csv,
    save_standard,
)
from tests.courses.helpers import START, make_office, set_level


def test_draft_gets_the_office_code_and_next_number(office):
    first, second = office.draft(), office.draft(capacity=10)
    assert first.code == "2701-00001" and second.code == "2701-00002"
    assert first.state == "draft" and first.kind == "public"
    assert find_course(office.ctx, "۲۷۰۱-۰۰۰۰۲").id == second.id  # any digit script
    assert find_course(office.ctx, "270100002").id == second.id


def test_codes_are_unique_across_two_offices_databases(tmp_path):
    a = AppContext.open(tmp_path / "a")
    b = AppContext.open(tmp_path / "b")
    a.user = b.user = system_actor()
    try:
        office_a, office_b = make_office(a, "2701"), make_office(b, "2702")
        codes_a = {office_a.draft(capacity=n).code for n in (5, 6, 7)}
        codes_b = {office_b.draft(capacity=n).code for n in (5, 6)}
        assert codes_a.isdisjoint(codes_b)
        # B's courses arrive in A's database (as sync will bring them): no clash, and
        # A keeps numbering under its own code.
        with b.session() as sb:
            incoming = [dict(m) for m in sb.execute(select(Course.__table__)).mappings()]
        for row in incoming:  # A's own references stand in for B's
            row.update(standard_id=office_a.standard_id, place_id=office_a.place_id)
            row.update(workshop_id=office_a.workshop_id)
        with a.session() as sa:
            sa.execute(insert(Course.__table__), incoming)  # the unique index holds
            assert sa.query(Course).count() == 5
        assert office_a.draft(capacity=8).code == "2701-00004"
    finally:
        a.close()
        b.close()


def test_a_deleted_draft_keeps_its_number(office):
    from desktop_app.services.courses.courses import delete_course

    first = office.draft()
    delete_course(office.ctx, first.id)
    assert office.draft().code == "2701-00002"


def test_no_office_code_no_course(ctx, office):
    set_level(ctx, "center", "")
    with pytest.raises(ServiceError, match="کد اداره"):
        office.draft()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"standard_id": None}, "standard_id"),
        ({"trainer_ids": []}, "trainer_ids"),
        ({"capacity": 0}, "capacity"),
        ({"fee": -1}, "fee"),
        ({"gender": "other"}, "gender"),
        ({"delivery_setting": "moon"}, "delivery_setting"),
        ({"start_date": None}, "start_date"),
        ({"end_date": START - timedelta(days=1)}, "end_date"),
        ({"registration_close": START - timedelta(days=40)}, "registration_close"),
        ({"schedule": []}, "schedule"),
        ({"schedule": [Slot(0, "10:00", "09:00")]}, "schedule"),
        ({"schedule": [Slot(0, "08:00", "10:00"), Slot(0, "09:00", "11:00")]}, "schedule"),
        ({"schedule": [Slot(0, "8", "10:00")]}, "schedule"),
    ],
)
def test_validation_names_the_field(office, changes, field):
    with pytest.raises(ServiceError) as info:
        office.draft(**changes)
    assert info.value.field == field


def test_workshop_must_belong_to_the_place(office):
    with pytest.raises(ServiceError) as info:
        office.draft(workshop_id=office.institute_workshop_id)
    assert info.value.field == "workshop_id"


def test_trainers_are_their_own_records(office):
    course = office.draft(trainer_ids=[office.trainer_id, office.other_trainer_id])
    stored = get_course(office.ctx, course.id)
    assert stored.trainer_ids == [office.trainer_id, office.other_trainer_id]
    again = save_course(
        office.ctx,
        office.course(id=course.id, version=stored.version, trainer_ids=[office.trainer_id]),
    )
    assert again.trainer_ids == [office.trainer_id]
    with office.ctx.session() as session:
        links = session.query(CourseTrainer).filter_by(course_id=course.id).all()
        assert len(links) == 2 and sum(link.deleted_at is not None for link in links) == 1


def test_list_filters_and_waiting_for_my_decision(office):
    ctx = office.ctx
    a = office.draft()
    b = office.draft(
        place_id=office.institute_id,
        workshop_id=office.institute_workshop_id,
        start_date=START + timedelta(days=100),
        end_date=START + timedelta(days=160),
        registration_close=START + timedelta(days=99),
    )
    c = office.draft(
        standard_id=office.long_standard_id,
        workshop_id=office.small_workshop_id,
        capacity=8,
        schedule=[Slot(4, "08:00", "12:00")],
    )
    for course in (a, b, c):
        perform(ctx, course.id, "submit")
    province = Actor("اداره کل", "province")
    perform(ctx, b.id, "province_approve", actor=province)
    perform(ctx, c.id, "province_approve", actor=province)

    def codes(**filters):
        query = ListQuery(filters=tuple(filters.items()))
        rows = course_page(ctx, query, 0, 50)
        assert count_courses(ctx, query) == len(rows)
        return {r.code for r in rows}

    assert codes() == {a.code, b.code, c.code}
    assert codes(state="province_approved") == {b.code, c.code}
    assert codes(kind="private") == {b.code}
    assert codes(place_id=office.place_id) == {a.code, c.code}
    assert codes(standard_id=office.long_standard_id) == {c.code}
    assert codes(start_from=START + timedelta(days=50)) == {b.code}
    assert codes(start_to=START + timedelta(days=50)) == {a.code, c.code}
    assert codes(waiting=True) == set()  # a center decides nothing
    set_level(ctx, "province")
    assert codes(waiting=True) == {a.code} and waiting_count(ctx) == 1
    set_level(ctx, "headquarters")
    assert codes(waiting=True) == {b.code, c.code}  # private, and 450 hours
    assert course_page(ctx, ListQuery(search="خودرو"), 0, 10)[0].code == c.code
    assert course_page(ctx, ListQuery(search="قاسمی"), 0, 10)  # trainer names are searched


def test_excel_export(office, tmp_path):
    office.draft()
    office.draft(capacity=9, fee=12_000_000)
    path = tmp_path / "courses.xlsx"
    assert export_courses_excel(office.ctx, path) == 2
    sheet = load_workbook(path).active
    assert sheet.sheet_view.rightToLeft
    assert sheet["A1"].font.bold and sheet.freeze_panes == "A2"  # the shared writer's header
    rows = list(sheet.values)
    assert rows[0][0] == "کد دوره" and rows[1][4] == "پیش‌نویس"
    assert {r[8] for r in rows[1:]} == {0, 12_000_000}
    assert rows[1][5] == "1404/10/20"  # Jalali


def test_standard_validation(ctx):
    bad = StandardData(
        title="x",
        code="7411",
        total_hours=100,
        theory_hours=30,
        practice_hours=60,
        occupation_group="برق",
    )
    with pytest.raises(ServiceError) as info:
        save_standard(ctx, bad)
    assert info.value.field == "total_hours"
    good = save_standard(
        ctx,
        StandardData(
            title="x",
            code="۷۴۱۱/۵۳",
            total_hours=90,
            theory_hours=30,
            practice_hours=60,
            occupation_group="برق",
        ),
    )
    assert good.code == "7411/53"
    with pytest.raises(ServiceError) as info:
        save_standard(
            ctx,
            StandardData(
                title="y", code="7411/53", total_hours=10, theory_hours=10, occupation_group="برق"
            ),
        )
    assert info.value.field == "code"


CSV = """title,code,total_hours,theory_hours,practice_hours,occupation_group,min_age,gender
برق‌کار ساختمان درجه ۲,7411/53/1/2,280,90,190,برق,18,
رایانه‌کار ICDL,۴-۳۲/۱۱/۱/۳,۱۶۸,۵۶,۱۱۲,رایانه,,
بدون ساعت,7000/1,,10,20,برق,,
ساعت نادرست,7000/2,100,10,20,برق,,
جنسیت نامعلوم,7000/3,30,10,20,برق,,robot
"""


def test_csv_import_reports_bad_rows_and_imports_the_rest(ctx, tmp_path):
    path = tmp_path / "standards.csv"
    path.write_text(CSV, encoding="utf-8-sig")
    report = import_standards_csv(ctx, path)
    assert report.created == 2 and report.updated == 0
    assert [p.split(":")[0] for p in report.problems] == ["سطر ۴", "سطر ۵", "سطر ۶"]
    assert count_standards(ctx, ListQuery()) == 2
    again = import_standards_csv(ctx, path)  # the same codes update, never duplicate
    assert again.created == 0 and again.updated == 2
    assert count_standards(ctx, ListQuery()) == 2


def test_csv_import_refuses_a_file_without_the_columns(ctx, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("name,hours\nx,1\n", encoding="utf-8")
    with pytest.raises(ServiceError, match="ستون"):
        import_standards_csv(ctx, path)


def test_import_standards_command(data_dir, tmp_path, capsys):
    path = tmp_path / "standards.csv"
    path.write_text(CSV, encoding="utf-8")
    assert main(["import", "standards", str(path), "--data-dir", str(data_dir)]) == 2
    out = capsys.readouterr()
    assert "۲ استاندارد افزوده" in out.out and "سطر ۵" in out.out
    good = tmp_path / "good.csv"
    good.write_text("\n".join(CSV.splitlines()[:3]) + "\n", encoding="utf-8")
    assert main(["import", "standards", str(good), "--data-dir", str(data_dir)]) == 0
