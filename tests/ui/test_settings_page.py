"""The settings section driven through its widgets: fill, save, reopen, and a refused
save that marks the field and keeps what was typed."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop_app.services.office.settings import load_office_settings
from desktop_app.ui.main_window import MainWindow
from tests.drivers import type_text


def _settings(main_window, qtbot):
    page = main_window.show_section("settings").body
    qtbot.waitUntil(lambda: page.agency.text() != "")
    return page


def test_fill_save_reopen(main_window, ctx, qtbot, miz_app):
    page = _settings(main_window, qtbot)
    page.office_name.clear()
    type_text(page.office_name, "مركز شماره يك")  # Arabic kaf and yeh
    type_text(page.office_code, "۲۷۰۱")
    page.province.setCurrentIndex(page.province.findData("گلستان"))
    page.registration_fee.clear()
    type_text(page.registration_fee, "60000")
    assert page.registration_fee.text() == "۶۰٬۰۰۰"
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.status.text() == "تنظیمات ذخیره شد.")

    stored = load_office_settings(ctx)
    assert stored.office_name == "مرکز شماره یک"
    assert stored.office_code == "2701"
    assert stored.province == "گلستان"
    assert stored.registration_fee == 60_000

    # a new window (a restart) shows the same values
    main_window.close()
    again = MainWindow(ctx)
    qtbot.addWidget(again)
    reopened = _settings(again, qtbot)
    qtbot.waitUntil(lambda: reopened.office_code.text() == "۲۷۰۱")
    assert reopened.office_name.text() == "مرکز شماره یک"
    assert reopened.province.currentData() == "گلستان"
    assert reopened.registration_fee.value() == 60_000
    again.shutdown()


def test_missing_required_field_is_marked_and_nothing_saved(main_window, ctx, qtbot):
    page = _settings(main_window, qtbot)
    type_text(page.office_code, "2701")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.office_name.error()
    assert page.rows["office_name"].message_label().isVisibleTo(page)
    assert page.office_code.text() == "۲۷۰۱"  # what was typed stays
    main_window.runner.wait_for_done()
    assert load_office_settings(ctx).office_code == ""


def test_service_refusal_is_shown_next_to_the_field(main_window, ctx, qtbot):
    page = _settings(main_window, qtbot)
    type_text(page.office_name, "مرکز")
    type_text(page.office_code, "2")  # one digit: the service wants 2 to 10
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.office_code.error() is not None)
    assert "کد اداره" in page.office_code.error()
    assert page.office_name.text() == "مرکز"
    assert load_office_settings(ctx).office_name == ""


def test_server_address_saved_from_the_page(main_window, ctx, qtbot):
    page = _settings(main_window, qtbot)
    type_text(page.server_url, "miz.example.ir")
    page.server_url.editingFinished.emit()
    qtbot.waitUntil(lambda: page.server_url.error() is not None)
    assert "https://" in page.server_url.error()
    page.server_url.clear()
    type_text(page.server_url, "https://miz.example.ir/")
    page.server_url.editingFinished.emit()
    qtbot.waitUntil(lambda: ctx.workstation.server_url == "https://miz.example.ir")
    qtbot.waitUntil(lambda: page.server_url.text() == "https://miz.example.ir")


def test_office_logo_chosen_shown_and_removed(main_window, ctx, qtbot, tmp_path):
    from PIL import Image

    from desktop_app.services.office.settings import load_office_logo

    page = _settings(main_window, qtbot)
    assert not page.logo.remove_button.isEnabled()
    bad = tmp_path / "notes.txt"
    bad.write_text("not an image")
    page.set_logo_file(bad)
    qtbot.waitUntil(lambda: "تصویر" in page.logo.message.text())
    good = tmp_path / "logo.png"
    Image.new("RGB", (300, 200), (15, 92, 110)).save(good)
    page.set_logo_file(good)
    qtbot.waitUntil(
        lambda: page.logo.preview.pixmap() is not None and page.logo.remove_button.isEnabled()
    )
    assert load_office_logo(ctx) is not None
    page.logo.remove_button.click()
    qtbot.waitUntil(lambda: not page.logo.remove_button.isEnabled())
    assert load_office_logo(ctx) is None
