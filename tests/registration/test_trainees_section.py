"""The «کارآموزان و ثبت‌نام» section through its widgets: the list and its search, an
enrollment's state, a reprint, a whole course's forms with progress, counseling, and
the demo data."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from desktop_app.persian.bidi import code as bidi_code
from desktop_app.services.core.listing import ListQuery
from desktop_app.services.demo.demo import fill_demo
from desktop_app.services.registration.counseling import counseling_page, count_counseling
from desktop_app.services.registration.introduction import introduction_data
from desktop_app.services.registration.registration import confirm_registration, find_applicant
from desktop_app.services.registration.trainees import count_enrollments, get_enrollment
from tests.drivers import type_text
from tests.registration.helpers import valid_form


def _section(main_window, qtbot):
    section = main_window.show_section("trainees").body
    qtbot.waitUntil(section.enrollments.model.is_ready)
    return section


def test_list_search_and_enrollment_state(main_window, office, course_id, qtbot, opened_files):
    done = confirm_registration(office, valid_form(course_id))
    confirm_registration(
        office, valid_form(course_id, national_code="0499370899", last_name="کریمی")
    )
    page = _section(main_window, qtbot).enrollments
    qtbot.waitUntil(lambda: page.model.total() == 2)
    type_text(page.search, "۰۰۱۲۳۴۵۶۷۹")  # national code in Persian digits
    qtbot.waitUntil(lambda: page.model.total() == 1)
    assert page.selected_row().tracking_code == done.tracking_code
    dialog = page.edit_selected()
    qtbot.waitUntil(lambda: dialog.loaded_data is not None)
    assert bidi_code("2701-000001") in dialog.info.text()
    dialog.state.setValue("finished")  # not straight from "registered"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.state.error() is not None)
    assert "نمی‌توان" in dialog.state.error()
    dialog.print_button.click()
    qtbot.waitUntil(lambda: len(opened_files) == 1)
    assert opened_files[0].name == "2701-000001.pdf"
    qtbot.waitUntil(lambda: dialog.loaded_data.version == 2)
    dialog.state.setValue("attending")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: get_enrollment(office, done.enrollment_id).state == "attending")
    qtbot.waitUntil(lambda: page.table.model().index(0, 6).data() == "در حال آموزش")


def test_whole_course_forms_with_progress(
    main_window, office, course_id, qtbot, opened_files, tmp_path
):
    for national in ("0012345679", "0499370899"):
        confirm_registration(office, valid_form(course_id, national_code=national))
    page = _section(main_window, qtbot).enrollments
    box = page.filter_boxes["course_id"]
    qtbot.waitUntil(lambda: box.count() > 1)
    box.setCurrentIndex(1)
    out = tmp_path / "course.pdf"
    page.ask_output_path = lambda _suggested: out
    page.batch_button.click()
    qtbot.waitUntil(lambda: opened_files == [out], timeout=20_000)
    assert out.read_bytes().startswith(b"%PDF")
    assert introduction_data(office, "2701-000002", count_print=False).duplicate


def test_counseling_before_any_registration(main_window, office, course_id, qtbot):
    section = _section(main_window, qtbot)
    section.setCurrentWidget(section.counseling)
    page = section.counseling
    qtbot.waitUntil(page.model.is_ready)
    form = page.new_record()
    qtbot.waitExposed(form)
    type_text(form.applicant_name, "زهرا کریمی")
    type_text(form.national_code, "0499370899")
    type_text(form.counselor, "سمیه رحیمی")
    form.topic.setValue("career")
    type_text(form.recommended_standards, "خیاطی")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.total() == 1)
    row = counseling_page(office, ListQuery(), 0, 1)[0]
    assert row.applicant_name == "زهرا کریمی" and row.topic == "career"
    assert row.session_date == date.today()
    # a future date is refused next to the field, and nothing is added
    form = page.new_record()
    qtbot.waitExposed(form)
    type_text(form.applicant_name, "مینا")
    type_text(form.counselor, "سمیه رحیمی")
    form.session_date.setDate(date(2099, 1, 1))
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.session_date.error() is not None)
    assert count_counseling(office, ListQuery()) == 1
    form.ask_discard = lambda: True  # typed and unsaved: closing asks first
    form.reject()
    assert not form.isVisible()


def test_demo_has_registered_trainees_with_photos(ctx):
    fill_demo(ctx, report=lambda _t: None)
    rows = count_enrollments(ctx, ListQuery())
    assert rows >= 5
    assert count_counseling(ctx, ListQuery()) == 3
    from desktop_app.services.registration.trainees import enrollment_page

    first = enrollment_page(ctx, ListQuery(), 0, 1)[0]
    applicant = find_applicant(ctx, first.national_code)
    assert applicant is not None and applicant.form.photo and len(applicant.form.photo) < 60_000
