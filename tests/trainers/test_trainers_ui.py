"""The trainers section driven through its widgets: create with education and
retraining rows typed into the tables, a refused save that switches to the tab at
fault and keeps the text, edit (rows changed, moved, removed), photo, search and
filters, delete, and printing the profile."""

from __future__ import annotations

import io
from dataclasses import replace

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox

from desktop_app.documents.trainer_data import EducationRow, RetrainingRow, TrainerData
from desktop_app.persian import from_jalali
from desktop_app.services.core.listing import ListQuery
from desktop_app.services.demo.demo_trainers import national_code
from desktop_app.services.places.places import PlaceData, save_place
from desktop_app.services.trainers.trainers import (
    count_trainers,
    get_trainer,
    save_trainer,
    trainer_page,
)
from tests.drivers import press_key, type_text

CODE_A = national_code("222045871")
CODE_B = national_code("497362150")


def _fill(rows_editor, row, column, text):
    """Open a cell's editor as a double-click would, type ``text``, press Enter."""
    index = rows_editor.model.index(row, column)
    rows_editor.table.setCurrentIndex(index)
    rows_editor.table.edit(index)
    editor = rows_editor.open_editor()
    assert editor is not None
    target = editor.lineEdit() if isinstance(editor, QComboBox) else editor
    target.clear()
    type_text(target, text)
    press_key(editor, Qt.Key.Key_Return)
    QApplication.processEvents()  # the delegate commits and closes in a queued call
    assert rows_editor.open_editor() is None


def _trainers(main_window, qtbot):
    page = main_window.show_section("trainers").body
    qtbot.waitUntil(page.model.is_ready)
    return page


def _places(ctx):
    gorgan = save_place(
        ctx, PlaceData(name="مرکز شمارهٔ ۱ گرگان", code="270101", province="گلستان", city="گرگان")
    )
    sari = save_place(
        ctx, PlaceData(name="مرکز ساری", code="110101", province="مازندران", city="ساری")
    )
    return gorgan, sari


def _saved(ctx, place, **changes):
    data = TrainerData(
        first_name="محمدرضا",
        last_name="قربانی",
        national_code=CODE_A,
        place_id=place.id,
        employment_type="official",
        occupation_groups=["برق"],
        education=[
            EducationRow(degree="دیپلم", field="الکتروتکنیک", graduation_year=1373),
            EducationRow(degree="کارشناسی", field="برق قدرت", graduation_year=1379),
            EducationRow(degree="کارشناسی ارشد", field="برق", graduation_year=1385),
        ],
        retraining=[
            RetrainingRow(course_title="برق‌کار صنعتی", hours=40, start_date=from_jalali(1398, 5, 4))
        ],
    )
    return save_trainer(ctx, replace(data, **changes))


def _open_form(page, qtbot, record_id=None):
    form = page.new_record() if record_id is None else page._open(record_id)
    qtbot.waitExposed(form)
    qtbot.waitUntil(lambda: form.place_id.count() > 1)  # places loaded off the UI thread
    if record_id is not None:
        qtbot.waitUntil(lambda: form.first_name.text() != "")
    return form


def test_create_with_rows_through_the_form(main_window, ctx, qtbot):
    gorgan, _sari = _places(ctx)
    page = _trainers(main_window, qtbot)
    assert page.count_label.text() == "۰ مورد"
    form = _open_form(page, qtbot)
    type_text(form.first_name, "علي")  # Arabic yeh
    type_text(form.last_name, "کریمی")
    type_text(form.national_code, "۲۲۲۰۴۵۸۷۱۷")
    type_text(form.birth_date.line_edit(), "1360/02/20")
    form.birth_date.validate()
    form.place_id.setValue(gorgan.id)
    form.employment_type.setValue("hourly")
    form.occupation_groups.set_checked("رایانه")
    form.standard_codes.add_button.click()
    type_text(form.standard_codes.open_editor(), "4-84/15/1/3")
    press_key(form.standard_codes.open_editor(), Qt.Key.Key_Return)
    QApplication.processEvents()

    form.tabs.setCurrentIndex(2)
    qtbot.mouseClick(form.education.add_button, Qt.MouseButton.LeftButton)
    press_key(form.education.open_editor(), Qt.Key.Key_Escape)
    QApplication.processEvents()
    _fill(form.education, 0, 0, "کارشناسی")
    _fill(form.education, 0, 1, "مهندسی کامپیوتر")
    _fill(form.education, 0, 3, "۱۳۸۵")
    assert form.education.model.index(0, 3).data() == "۱۳۸۵"

    form.tabs.setCurrentIndex(3)
    form.retraining.add_row()
    _fill(form.retraining, 0, 0, "طراحی صفحات وب")
    _fill(form.retraining, 0, 1, "3-84/48/1/2")
    _fill(form.retraining, 0, 2, "80")
    _fill(form.retraining, 0, 3, "1399/9/1")
    _fill(form.retraining, 0, 4, "۱۳۹۹/۰۹/۲۰")
    assert form.retraining.model.index(0, 3).data() == "۱۳۹۹/۰۹/۰۱"  # reformatted Jalali

    with qtbot.waitSignal(form.saved) as saved:
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.count_label.text() == "۱ مورد")
    stored = get_trainer(ctx, saved.args[0].id)
    assert stored.first_name == "علی" and stored.national_code == CODE_A
    assert stored.birth_date == from_jalali(1360, 2, 20)
    assert stored.employment_type == "hourly" and stored.place_id == gorgan.id
    assert stored.occupation_groups == ["رایانه"]
    assert stored.standard_codes == ["4-84/15/1/3"]
    assert [(e.degree, e.field, e.graduation_year) for e in stored.education] == [
        ("کارشناسی", "مهندسی کامپیوتر", 1385)
    ]
    (course,) = stored.retraining
    assert (course.course_title, course.standard_code, course.hours) == (
        "طراحی صفحات وب",
        "3-84/48/1/2",
        80,
    )
    assert course.start_date == from_jalali(1399, 9, 1)
    assert course.end_date == from_jalali(1399, 9, 20)
    assert page.selected_row().last_name == "کریمی"


def test_bad_cell_and_refused_save_keep_the_text(main_window, ctx, qtbot):
    gorgan, _sari = _places(ctx)
    _saved(ctx, gorgan)
    page = _trainers(main_window, qtbot)
    form = _open_form(page, qtbot)
    type_text(form.first_name, "حسن")
    type_text(form.last_name, "رضایی")
    form.place_id.setValue(gorgan.id)
    form.retraining.add_row()
    _fill(form.retraining, 0, 0, "جوشکاری")
    _fill(form.retraining, 0, 3, "1399/13/01")  # no 13th month: refused in the cell
    assert "ردیف ۱، شروع" in form.retraining.error()
    assert form.retraining.model.index(0, 3).data() == ""
    _fill(form.retraining, 0, 3, "1399/05/10")
    assert form.retraining.error() is None
    _fill(form.retraining, 0, 4, "1399/05/01")  # ends before it starts: the service says so
    # the national code is required: marked before any service call, on its tab
    form.tabs.setCurrentIndex(3)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.national_code.error()
    assert form.tabs.currentIndex() == 0
    type_text(form.national_code, CODE_B)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.retraining.error() is not None)
    assert "پیش از تاریخ شروع" in form.retraining.error()
    assert form.tabs.currentIndex() == 3
    assert form.rows["retraining"].message_label().isVisibleTo(form)
    assert form.first_name.text() == "حسن" and form.retraining.rows()[0].course_title == "جوشکاری"
    _fill(form.retraining, 0, 4, "1399/05/20")
    # a national code another trainer has: refused under the field
    form.national_code.clear()
    type_text(form.national_code, CODE_A)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.national_code.error() is not None)
    assert "قربانی" in form.national_code.error() and form.tabs.currentIndex() == 0
    assert count_trainers(ctx, ListQuery()) == 1
    form.national_code.clear()
    type_text(form.national_code, CODE_B)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.total() == 2)


def test_edit_rows_move_remove_and_photo(main_window, ctx, qtbot, tmp_path):
    gorgan, sari = _places(ctx)
    saved = _saved(ctx, gorgan)
    diploma, bachelor, master = saved.education
    page = _trainers(main_window, qtbot)
    page.select_row(0)
    opened = []
    original = page._open
    page._open = lambda record_id: opened.append(original(record_id)) or opened[-1]
    press_key(page.table, Qt.Key.Key_Return)
    form = opened[0]
    qtbot.waitUntil(lambda: form.first_name.text() != "" and form.place_id.count() > 1)
    assert form.education.model.rowCount() == 3
    assert form.occupation_groups.values() == ["برق"]
    assert form.photo.photo() is None
    profile = tmp_path / "from-form.pdf"
    form.print_profile(profile)  # «چاپ پرونده…» of the form, to a chosen file
    qtbot.waitUntil(lambda: "نوشته شد" in form.file_notice.text.text())
    assert profile.read_bytes().startswith(b"%PDF")
    # master to the top with Ctrl+Up twice, diploma removed with the Delete key
    form.education.select_row(2)
    press_key(form.education.table, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    press_key(form.education.table, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert [e.id for e in form.education.rows()] == [master.id, diploma.id, bachelor.id]
    form.education.select_row(1)
    press_key(form.education.table, Qt.Key.Key_Delete)
    _fill(form.education, 1, 2, "دانشگاه گلستان")
    form.place_id.setValue(sari.id)
    # a photo: read and converted off the UI thread, previewed; a broken file refused
    picture = tmp_path / "me.png"
    Image.new("RGB", (600, 800), (20, 120, 200)).save(picture)
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"\xff\xd8\xff not really a jpeg")
    form.photo.fileChosen.emit(str(picture))
    qtbot.waitUntil(lambda: form.photo.photo() is not None)
    assert not form.photo.preview.pixmap().isNull()
    form.photo.fileChosen.emit(str(broken))
    qtbot.waitUntil(lambda: form.photo.error() is not None)
    assert "آسیب" in form.photo.error() or "تصویر" in form.photo.error()
    kept = form.photo.photo()
    assert kept is not None  # the photo chosen before stays
    with qtbot.waitSignal(form.saved):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    stored = get_trainer(ctx, saved.id)
    assert [e.id for e in stored.education] == [master.id, bachelor.id]
    assert stored.education[1].university == "دانشگاه گلستان"
    assert stored.place_id == sari.id and stored.version == 2
    assert Image.open(io.BytesIO(stored.photo)).size == (300, 400)
    qtbot.waitUntil(lambda: page.model.is_ready() and page.selected_row().place_name == "مرکز ساری")

    # clearing the photo in the form removes it
    form = _open_form(page, qtbot, saved.id)
    qtbot.waitUntil(lambda: form.photo.photo() is not None)
    qtbot.mouseClick(form.photo.clear_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(form.saved):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert get_trainer(ctx, saved.id).photo is None


def test_search_filters_delete_and_print(main_window, ctx, qtbot, tmp_path):
    gorgan, sari = _places(ctx)
    _saved(ctx, gorgan)
    _saved(
        ctx,
        sari,
        first_name="زهرا",
        last_name="میرشکاری",
        national_code=CODE_B,
        occupation_groups=["رایانه"],
        employment_type="hourly",
        active=False,
    )
    page = _trainers(main_window, qtbot)
    assert page.count_label.text() == "۲ مورد"
    type_text(page.search, "ميرشكاري")  # Arabic yeh and kaf
    qtbot.waitUntil(lambda: page.count_label.text() == "۱ مورد")
    page.search.clear()
    qtbot.waitUntil(lambda: page.count_label.text() == "۲ مورد")
    type_text(page.search, "۲۲۲۰۴۵")  # national code in Persian digits
    qtbot.waitUntil(lambda: page.count_label.text() == "۱ مورد")
    assert page.selected_row().last_name == "قربانی"
    page.search.clear()
    qtbot.waitUntil(lambda: page.count_label.text() == "۲ مورد")
    page.filter_boxes["occupation_group"].setValue("رایانه")
    qtbot.waitUntil(lambda: page.count_label.text() == "۱ مورد")
    page.filter_boxes["occupation_group"].setValue(None)
    page.filter_boxes["active"].setValue(True)
    qtbot.waitUntil(lambda: page.count_label.text() == "۱ مورد")
    assert page.selected_row().last_name == "قربانی"
    page.filter_boxes["active"].setValue(None)
    qtbot.waitUntil(lambda: page.filter_boxes["place_id"].count() > 2)
    page.filter_boxes["place_id"].setValue(sari.id)
    qtbot.waitUntil(lambda: page.count_label.text() == "۱ مورد")
    assert page.selected_row().last_name == "میرشکاری"
    page.filter_boxes["place_id"].setValue(None)
    qtbot.waitUntil(lambda: page.count_label.text() == "۲ مورد")

    # print the selected trainer's profile
    page.select_row(page.model.row_of(trainer_page(ctx, ListQuery(search=CODE_A), 0, 1)[0].id))
    printed = []
    page.printed = printed.append
    out = tmp_path / "profile.pdf"
    page.print_selected(out)
    qtbot.waitUntil(lambda: bool(printed))
    assert out.read_bytes().startswith(b"%PDF")

    # delete with the Delete key
    page.confirm_delete = lambda row: True
    doomed = page.selected_row()
    press_key(page.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: page.count_label.text() == "۱ مورد")
    assert page.model.row_of(doomed.id) == -1
    assert count_trainers(ctx, ListQuery()) == 1


def test_place_is_a_searchable_picker(main_window, ctx, qtbot):
    from desktop_app.ui.widgets import PlacePicker

    _gorgan, sari = _places(ctx)
    page = _trainers(main_window, qtbot)
    form = _open_form(page, qtbot)
    assert isinstance(form.place_id, PlacePicker)
    type_text(form.place_id.lineEdit(), "ساري")  # Arabic yeh, part of the label
    assert form.place_id.matches() == ["مرکز ساری — ساری"]
    press_key(form.place_id.lineEdit(), Qt.Key.Key_Return)  # Enter picks the first match
    assert form.place_id.value() == sari.id
    form.place_id.lineEdit().setText("مرکز")  # a half-typed name is not a choice
    assert form.place_id.value() is None
    form.ask_discard = lambda: True  # typed into the picker: closing asks
    form.reject()
