"""The courses section driven through its widgets: create a course in the form, submit
it, reject it with a reason at the province level, edit and resubmit it at the center,
approve it, and read the timeline; the waiting view, Excel export, the standards list
and its CSV import."""

from __future__ import annotations

from datetime import timedelta

from openpyxl import load_workbook
from PySide6.QtCore import Qt

from desktop_app.persian import format_jalali
from desktop_app.services.core.listing import ListQuery
from desktop_app.services.courses.course_workflow import timeline
from desktop_app.services.courses.courses import get_course
from desktop_app.services.courses.standards import count_standards
from desktop_app.ui.tasks import data_bus
from tests.courses.helpers import START, make_office, set_level
from tests.drivers import type_text


def _date(edit, value):
    edit.clear()
    type_text(edit.line_edit(), format_jalali(value, persian_digits=False))
    edit.validate()


def _click(qtbot, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _courses(main_window, qtbot):
    page = main_window.show_section("courses").body
    qtbot.waitUntil(page.model.is_ready)
    return page


def _open_course(page, qtbot, course_id):
    qtbot.waitUntil(lambda: page.model.is_ready() and page.model.row_of(course_id) >= 0)
    page.select_row(page.model.row_of(course_id))
    form = page.edit_selected()
    qtbot.waitUntil(lambda: form.workflow.view is not None and form.choices is not None)
    return form


def _fill_new_course(form, office, qtbot):
    qtbot.waitUntil(lambda: form.choices is not None)
    type_text(form.standard_id.lineEdit(), "برق")  # the searchable picker narrows as one types
    form.standard_id.setValue(office.standard_id)
    form.place_id.setValue(office.place_id)
    qtbot.waitUntil(lambda: form.workshop_id.count() > 1)
    form.workshop_id.setValue(office.workshop_id)
    names = [form.trainer_ids.list.item(i).text() for i in range(form.trainer_ids.list.count())]
    assert names == ["مهدی قاسمی"]  # only trainers allowed to teach the standard
    form.trainer_ids.item_for(office.trainer_id).setCheckState(Qt.CheckState.Checked)
    assert form.kind_label.text() == "دولتی"
    type_text(form.capacity, "۱۴")
    _date(form.registration_open, START - timedelta(days=30))
    _date(form.registration_close, START - timedelta(days=1))
    _date(form.start_date, START)
    _date(form.end_date, START + timedelta(days=60))
    _click(qtbot, form.schedule.add_button)
    row = form.schedule.rows[0]
    row.day.setValue(2)
    row.start.setValue("08:00")
    row.end.setValue("12:30")


def test_create_submit_reject_resubmit_approve_through_the_widgets(
    main_window, ctx, qtbot, monkeypatch, tmp_path
):
    office = make_office(ctx)
    page = _courses(main_window, qtbot)
    assert not page.waiting.isVisible()  # a center decides nothing
    qtbot.waitUntil(lambda: page.level == "center")
    assert page.new_button.isVisible()
    form = page.new_record()
    qtbot.waitExposed(form)
    assert not form.workflow.isVisible()
    _fill_new_course(form, office, qtbot)
    with qtbot.waitSignal(form.saved) as saved:
        _click(qtbot, form.save_button)
    course = saved.args[0]
    assert course.code == "2701-00001" and course.state == "draft"
    assert [(s.day, s.start, s.end) for s in course.schedule] == [(2, "08:00", "12:30")]
    qtbot.waitUntil(lambda: page.model.total() == 1)

    # the center submits
    form = _open_course(page, qtbot, course.id)
    buttons = form.workflow.buttons
    assert buttons["submit"].isVisible() and not buttons["province_approve"].isVisible()
    assert form.save_button.isVisible()
    _click(qtbot, buttons["submit"])
    qtbot.waitUntil(lambda: form.workflow.view.state == "submitted")
    # the form reloads the course after the step: then it is read-only
    qtbot.waitUntil(lambda: not form.save_button.isVisible())
    assert get_course(ctx, course.id).state == "submitted"
    form.close()

    # the province rejects, with a reason
    set_level(ctx, "province")
    data_bus().notify({"settings"})
    qtbot.waitUntil(lambda: page.waiting.isVisible() and "۱" in page.waiting.text())
    assert not page.new_button.isVisible()  # the province creates no courses
    page.waiting.setChecked(True)
    qtbot.waitUntil(lambda: page.count_label.text() == "۱ مورد")
    form = _open_course(page, qtbot, course.id)
    buttons = form.workflow.buttons
    assert buttons["province_approve"].isVisible() and buttons["province_reject"].isVisible()
    assert not buttons["submit"].isVisible()
    _click(qtbot, buttons["province_reject"])  # no reason yet: refused on the spot
    assert "دلیل" in form.workflow.message.text()
    assert get_course(ctx, course.id).state == "submitted"
    form.workflow.reason.setPlainText("ساعت پایان جلسه با برنامهٔ کارگاه هماهنگ نیست.")
    _click(qtbot, buttons["province_reject"])
    qtbot.waitUntil(lambda: form.workflow.view.state == "province_rejected")
    assert "ساعت پایان جلسه" in form.workflow.timeline.text()
    form.close()
    qtbot.waitUntil(lambda: page.count_label.text() == "۰ مورد")

    # the center edits and resubmits
    set_level(ctx, "center")
    data_bus().notify({"settings"})
    qtbot.waitUntil(lambda: not page.waiting.isVisible() and page.model.total() == 1)
    form = _open_course(page, qtbot, course.id)
    assert form.save_button.isVisible() and form.fields_box.isEnabled()
    qtbot.waitUntil(lambda: form.schedule.rows and form.workshop_id.value() == office.workshop_id)
    form.schedule.rows[0].end.setValue("12:00")
    with qtbot.waitSignal(form.saved):
        _click(qtbot, form.save_button)
    form = _open_course(page, qtbot, course.id)
    _click(qtbot, form.workflow.buttons["submit"])
    qtbot.waitUntil(lambda: form.workflow.view.state == "submitted")
    form.close()

    # the province approves; the timeline shows every step
    set_level(ctx, "province")
    form = _open_course(page, qtbot, course.id)
    _click(qtbot, form.workflow.buttons["province_approve"])
    qtbot.waitUntil(lambda: form.workflow.view.state == "province_approved")
    text = form.workflow.timeline.text()
    for label in ("ارسال به اداره کل", "رد اداره کل", "تأیید اداره کل"):
        assert label in text
    assert [s.action for s in timeline(ctx, course.id)] == [
        "submit",
        "province_reject",
        "submit",
        "province_approve",
    ]
    assert get_course(ctx, course.id).schedule[0].end == "12:00"
    form.workflow.grab().save(str(_screenshot_dir() / "course_workflow.png"))
    form.grab().save(str(_screenshot_dir() / "course_form.png"))

    # «چاپ اطلاعیه…» asks through the shared file dialog and says where the PDF went
    from desktop_app.ui.widgets import file_dialogs

    asked: list[str] = []
    target = tmp_path / "announcement.pdf"
    monkeypatch.setattr(
        file_dialogs, "run", lambda dialog: asked.append(dialog.selectedFiles()[0]) or str(target)
    )
    _click(qtbot, form.print_announcement)
    qtbot.waitUntil(lambda: form.file_notice.isVisibleTo(form))
    assert asked and asked[0].endswith("2701-00001.pdf")
    assert form.file_notice.path == target and target.read_bytes().startswith(b"%PDF")
    assert "نوشته شد" in form.file_notice.text.text()


def test_refused_submit_names_each_failed_check(main_window, ctx, qtbot):
    office = make_office(ctx)
    course = office.draft(workshop_id=office.small_workshop_id, capacity=12)
    page = _courses(main_window, qtbot)
    form = _open_course(page, qtbot, course.id)
    _click(qtbot, form.workflow.buttons["submit"])
    qtbot.waitUntil(lambda: form.workflow.message.isVisible())
    assert "ظرفیت دوره" in form.workflow.message.text()
    assert get_course(ctx, course.id).state == "draft"


def test_filters_dates_and_excel_export(main_window, ctx, qtbot, tmp_path):
    office = make_office(ctx)
    office.draft()
    office.draft(
        workshop_id=office.small_workshop_id,
        capacity=8,
        start_date=START + timedelta(days=100),
        end_date=START + timedelta(days=130),
    )
    page = _courses(main_window, qtbot)
    assert page.count_label.text() == "۲ مورد"
    page.start_from.setDate(START + timedelta(days=50))
    qtbot.waitUntil(lambda: page.count_label.text() == "۱ مورد")
    page.export_to(tmp_path / "c.xlsx")
    qtbot.waitUntil(lambda: (tmp_path / "c.xlsx").exists() and page.runner.is_idle())
    assert len(list(load_workbook(tmp_path / "c.xlsx").active.values)) == 2  # header + 1
    page.start_from.clear()
    page.filter_boxes["state"].setValue("draft")
    qtbot.waitUntil(lambda: page.count_label.text() == "۲ مورد")
    page.grab().save(str(_screenshot_dir() / "courses_list.png"))


def test_standards_dialog_imports_a_csv(main_window, ctx, qtbot, tmp_path):
    set_level(ctx, "center")
    page = _courses(main_window, qtbot)
    dialog = page.open_standards()
    qtbot.waitUntil(dialog.page.model.is_ready)
    path = tmp_path / "s.csv"
    path.write_text(
        "عنوان,کد,مدت کل,نظری,عملی,گروه شغلی\n"
        "برق‌کار ساختمان,7411/53/1/2,280,90,190,برق\n"
        "بد,7411/9,10,1,1,برق\n",
        encoding="utf-8",
    )
    dialog.import_csv(str(path))
    qtbot.waitUntil(lambda: dialog.page.count_label.text() == "۱ مورد")
    assert dialog.last_report.created == 1 and len(dialog.last_report.problems) == 1
    assert count_standards(ctx, ListQuery()) == 1


def _screenshot_dir():
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "out" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
