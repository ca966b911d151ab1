"""The registration wizard driven through its widgets: the whole walk from the
trainees section to the printed introduction form, back and forth without losing
anything, resume after closing mid-way, the returning applicant, refusals shown next
to their fields, and a broken photo."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from desktop_app.models import Course, Enrollment, Trainee
from desktop_app.persian.bidi import code as bidi_code
from desktop_app.services.registration.registration import confirm_registration, latest_draft
from desktop_app.ui.registration.wizard import RegistrationWizard
from tests.drivers import type_text
from tests.registration.helpers import make_course, photo_bytes, valid_form


def _click(qtbot, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _section(main_window, qtbot):
    section = main_window.show_section("trainees").body
    page = section.enrollments
    qtbot.waitUntil(page.model.is_ready)
    return section, page


def _open_wizard(page, qtbot, opened):
    wizard = page.new_record()
    assert isinstance(wizard, RegistrationWizard)
    qtbot.waitUntil(lambda: wizard.is_ready)
    return wizard


def _next(wizard, qtbot, expected_step):
    _click(qtbot, wizard.next_button)
    qtbot.waitUntil(lambda: not wizard.busy)
    assert wizard.step == expected_step, wizard.current_page().message.text()


def _fill_step_1(wizard, qtbot):
    page = wizard.pages[0]
    assert page.province.value() == "گلستان"  # the office's province
    page.gender.setValue("male")
    _next(wizard, qtbot, 1)


def _choose_course(wizard, qtbot, course_id):
    page = wizard.pages[1]
    qtbot.waitUntil(lambda: page.course_id.loaded)
    assert page.course_id.select(course_id)
    _next(wizard, qtbot, 2)


def _fill_payment(wizard, qtbot):
    page = wizard.pages[2]
    assert page.amount.value() == 50_000  # the office's fee
    type_text(page.order_code, "123456")
    type_text(page.payment_tracking_code, "987654321")
    type_text(page.file_number, "55501")
    type_text(page.payment_code, "771122")
    _next(wizard, qtbot, 3)


def _fill_personal(wizard, qtbot, national_code="0012345679"):
    page = wizard.pages[3]
    assert page.gender.value() == "male"  # from step 1
    type_text(page.national_code, national_code)
    type_text(page.first_name, "علي")
    type_text(page.last_name, "رضایی")
    type_text(page.father_name, "حسن")
    type_text(page.birth_certificate_number, "1234")
    page.birth_date.setDate(date(2000, 3, 21))
    type_text(page.birthplace, "گرگان")
    page.marital_status.setValue("single")
    page.military_status.setValue("completed")
    type_text(page.mobile, "09121234567")
    type_text(page.address, "گرگان، خیابان ولیعصر")


def test_whole_wizard_from_the_section_to_the_printed_form(
    main_window, office, course_id, qtbot, opened_files, tmp_path, monkeypatch
):
    from desktop_app.ui.widgets import file_dialogs

    opened = opened_files
    chosen = tmp_path / "اسناد اداره"  # the settings page's documents folder
    monkeypatch.setattr(file_dialogs, "_chosen", chosen)
    _section_widget, page = _section(main_window, qtbot)
    wizard = _open_wizard(page, qtbot, opened)
    assert wizard.step == 0 and not wizard.back_button.isEnabled()
    _fill_step_1(wizard, qtbot)
    _choose_course(wizard, qtbot, course_id)
    _fill_payment(wizard, qtbot)
    _fill_personal(wizard, qtbot)
    _next(wizard, qtbot, 4)
    wizard.pages[4].photo.load(photo_bytes(800, 600, "PNG"))
    qtbot.waitUntil(lambda: wizard.pages[4].photo.photo() is not None)
    assert "۳۰۰×۴۰۰" in wizard.pages[4].photo.info.text()  # the 3×4 crop, downscaled
    _next(wizard, qtbot, 5)
    education = wizard.pages[5]
    education.education_level.setValue("diploma")
    type_text(education.education_field, "ریاضی")
    education.employment_status.setValue("unemployed")
    education.heard_from.setValue("friends")
    _next(wizard, qtbot, 6)
    review = wizard.pages[6]
    qtbot.waitUntil(lambda: review.course is not None)
    text = review.review.text.toPlainText()
    assert "علی رضایی" in text and "رایانه کار مقدماتی" in text and "۰۰۱۲۳۴۵۶۷۹" in text
    assert wizard.confirm_button.isVisible()
    wizard.paper.setCurrentIndex(wizard.paper.findData("A5"))
    _click(qtbot, wizard.confirm_button)
    qtbot.waitUntil(lambda: wizard.last_pdf is not None, timeout=20_000)
    assert wizard.confirmation.tracking_code == "2701-000001"
    assert bidi_code("2701-000001") in wizard.done_text.text()  # reads in its own order
    assert opened == [wizard.last_pdf] and wizard.last_pdf.read_bytes().startswith(b"%PDF")
    from pypdf import PdfReader

    assert round(float(PdfReader(wizard.last_pdf).pages[0].mediabox.width)) == 420  # A5
    # printed without a dialog, yet in the chosen documents folder, not the data folder
    assert wizard.last_pdf.parent == chosen / "introduction-forms"
    assert not (office.data_dir / "introduction-forms").exists()
    assert latest_draft(office) is None
    qtbot.waitUntil(lambda: page.model.total() == 1)
    row = page.model.index(0, 0).data()
    assert row == "رضایی"
    with office.session() as session:
        trainee = session.scalars(select(Trainee)).one()
        assert trainee.first_name == "علی" and trainee.photo
        assert session.scalars(select(Enrollment)).one().print_count == 1
    wizard.close()


def test_back_and_forth_keeps_everything(main_window, office, course_id, qtbot):
    _section_widget, page = _section(main_window, qtbot)
    wizard = _open_wizard(page, qtbot, [])
    _fill_step_1(wizard, qtbot)
    _choose_course(wizard, qtbot, course_id)
    _fill_payment(wizard, qtbot)
    _fill_personal(wizard, qtbot)
    _click(qtbot, wizard.back_button)
    _click(qtbot, wizard.back_button)
    assert wizard.step == 1
    qtbot.waitUntil(lambda: wizard.pages[1].course_id.loaded)
    assert wizard.pages[1].course_id.chosen() is not None and str(
        wizard.pages[1].course_id.chosen().id
    ) == str(course_id)
    _next(wizard, qtbot, 2)
    assert wizard.pages[2].order_code.text() == "123456"
    _next(wizard, qtbot, 3)
    personal = wizard.pages[3]
    assert personal.first_name.text() == "علي"  # as typed, not yet normalized
    assert personal.birth_date.date() == date(2000, 3, 21)
    assert personal.mobile.value() == "09121234567"
    wizard.close()


def test_resume_after_closing_mid_way(main_window, office, course_id, qtbot):
    _section_widget, page = _section(main_window, qtbot)
    wizard = _open_wizard(page, qtbot, [])
    _fill_step_1(wizard, qtbot)
    _choose_course(wizard, qtbot, course_id)
    _fill_payment(wizard, qtbot)
    type_text(wizard.pages[3].first_name, "مریم")  # typed, not yet moved on
    wizard.close()
    qtbot.waitUntil(lambda: (d := latest_draft(office)) is not None and d.form.first_name == "مریم")

    again = _open_wizard(page, qtbot, [])
    assert again.step == 3
    assert again.banner.isVisible()
    assert again.pages[3].first_name.text() == "مریم"
    assert again.form.course_id == str(course_id) and again.form.order_code == "123456"
    _click(qtbot, again.back_button)
    assert again.pages[2].payment_code.text() == "771122"
    _click(qtbot, again.restart_button)
    assert again.step == 0 and again.form.order_code == ""
    qtbot.waitUntil(lambda: latest_draft(office) is None)
    again.close()


def test_refusals_are_shown_next_to_their_field(main_window, office, qtbot):
    course = make_course(office, min_age=18)
    _section_widget, page = _section(main_window, qtbot)
    wizard = _open_wizard(page, qtbot, [])
    _next(wizard, qtbot, 0)  # no gender yet
    assert wizard.pages[0].gender.error()
    _fill_step_1(wizard, qtbot)
    _next(wizard, qtbot, 1)  # no course chosen
    assert "دوره" in wizard.pages[1].course_id.error()
    _choose_course(wizard, qtbot, course)
    _fill_payment(wizard, qtbot)
    _fill_personal(wizard, qtbot)
    personal = wizard.pages[3]
    personal.birth_date.setDate(date.today().replace(year=date.today().year - 15))
    _next(wizard, qtbot, 3)
    assert "حداقل سن" in personal.birth_date.error()
    assert personal.first_name.text() == "علي"  # nothing lost
    wizard.close()


def test_already_enrolled_is_refused_and_returning_data_offered(
    main_window, office, course_id, qtbot
):
    other = make_course(office, code="2701-00002", title="حسابداری مالی")
    confirm_registration(office, valid_form(course_id))
    _section_widget, page = _section(main_window, qtbot)
    wizard = _open_wizard(page, qtbot, [])
    _fill_step_1(wizard, qtbot)
    _choose_course(wizard, qtbot, course_id)
    _fill_payment(wizard, qtbot)
    personal = wizard.pages[3]
    type_text(personal.national_code, "0012345679")
    qtbot.waitUntil(lambda: personal.offer.isVisible())
    assert bidi_code("2701-000001") in personal.offer_text.text()
    _click(qtbot, personal.use_button)
    assert personal.first_name.text() == "علی" and personal.address.text()
    assert wizard.pages[4].photo.photo() is not None
    _next(wizard, qtbot, 3)  # already enrolled in this course
    assert "ثبت‌نام کرده است" in personal.national_code.error()
    # choose the other course instead: the rest is already filled in
    for _ in range(2):
        _click(qtbot, wizard.back_button)
    qtbot.waitUntil(lambda: wizard.pages[1].course_id.loaded)
    assert wizard.pages[1].course_id.select(other)
    for step in (2, 3, 4, 5, 6):
        _next(wizard, qtbot, step)
    _click(qtbot, wizard.confirm_button)
    qtbot.waitUntil(lambda: wizard.last_pdf is not None, timeout=20_000)
    with office.session() as session:
        assert len(session.scalars(select(Trainee)).all()) == 1
    wizard.close()


def test_broken_photo_gets_a_message_and_keeps_the_old_one(main_window, office, course_id, qtbot):
    _section_widget, page = _section(main_window, qtbot)
    wizard = _open_wizard(page, qtbot, [])
    photo = wizard.pages[4]
    photo.photo.load(photo_bytes())
    qtbot.waitUntil(lambda: photo.photo.photo() is not None)
    kept = photo.photo.photo()
    photo.photo.load(b"not an image at all")
    qtbot.waitUntil(lambda: photo.photo.error() is not None)
    assert "تصویر" in photo.photo.error()
    assert photo.photo.photo() == kept
    photo.photo.load(photo_bytes(40, 40))
    qtbot.waitUntil(lambda: "کوچک" in (photo.photo.error() or ""))
    wizard.close()


def _walk_to_review(wizard, qtbot, course_id):
    _fill_step_1(wizard, qtbot)
    _choose_course(wizard, qtbot, course_id)
    _fill_payment(wizard, qtbot)
    _fill_personal(wizard, qtbot)
    _next(wizard, qtbot, 4)
    wizard.pages[4].photo.load(photo_bytes())
    qtbot.waitUntil(lambda: wizard.pages[4].photo.photo() is not None)
    _next(wizard, qtbot, 5)
    education = wizard.pages[5]
    education.education_level.setValue("middle")
    education.employment_status.setValue("student")
    education.heard_from.setValue("website")
    _next(wizard, qtbot, 6)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"state": "running"}, "باز نیست"),
        ({"capacity": 0}, "پر شده"),
        ({"gender": "female"}, "بانوان"),
        ({"registration_close": date(2000, 1, 1)}, "مهلت ثبت‌نام"),
    ],
)
def test_confirmation_refusals_in_the_wizard(main_window, office, course_id, qtbot, change, words):
    """The course changed while the clerk was typing: the confirmation says why."""
    _section_widget, page = _section(main_window, qtbot)
    wizard = _open_wizard(page, qtbot, [])
    _walk_to_review(wizard, qtbot, course_id)
    with office.session() as session:
        course = session.get(Course, course_id)
        for key, value in change.items():
            setattr(course, key, value)
    _click(qtbot, wizard.confirm_button)
    review = wizard.pages[6]
    qtbot.waitUntil(lambda: review.message.isVisible())
    assert words in review.message.text()
    assert wizard.confirmation is None and wizard.step == 6
    with office.session() as session:
        assert session.scalars(select(Enrollment)).all() == []
    assert latest_draft(office) is not None  # nothing lost: the draft is still there
    wizard.close()


def test_wizard_screenshots(main_window, office, course_id, qtbot):
    """out/screenshots/registration_*.png: the personal data page and the review."""
    out = Path("out/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    _section_widget, page = _section(main_window, qtbot)
    wizard = _open_wizard(page, qtbot, [])
    _walk_to_review(wizard, qtbot, course_id)
    qtbot.waitUntil(lambda: wizard.pages[6].course is not None)
    assert wizard.grab().save(str(out / "registration_review.png"))
    _click(qtbot, wizard.back_button)
    _click(qtbot, wizard.back_button)
    _click(qtbot, wizard.back_button)
    assert wizard.step == 3
    assert wizard.grab().save(str(out / "registration_personal.png"))
    wizard.close()
