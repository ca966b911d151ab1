"""The «مشارکت‌های مردمی و داوطلبان» section driven through its widgets (pytest-qt,
offscreen): sections by agency; at the counter a new benefactor and a cash gift, the
receipt printed at once, a reprint (المثنی), a cancellation; bad input kept in the
form with the message at its field; an allocation proposed and approved; a bank
statement reconciled twice with no change. ``MIZ_SHOTS=DIR`` saves screenshots."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from desktop_app.models import Allocation, BankStatementLine, Benefactor, Gift
from desktop_app.persian import from_jalali
from tests.participation.conftest import CODE_B, cash
from tests.reports.pdftext import drawn_lines, logical

SHOTS = os.environ.get("MIZ_SHOTS")


def _type(widget, text):
    """Type text key by key (QTest.keyClicks cannot send non-ASCII text)."""
    widget.setFocus()
    for char in text:
        for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def _shot(widget, name):
    if SHOTS:
        widget.grab().save(os.path.join(SHOTS, f"{name}.png"))


def _text(path) -> str:
    return "\n".join(logical(line) for page in drawn_lines(path) for line in page)


@pytest.fixture
def opened(monkeypatch):
    from desktop_app.ui.participation.common import ParticipationListPage

    files: list = []
    monkeypatch.setattr(ParticipationListPage, "open_file", staticmethod(files.append))
    return files


@pytest.fixture
def window(miz_app, office, qtbot):
    from desktop_app.ui.main_window import MainWindow

    win = MainWindow(office)
    win.resize(1366, 768)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.shutdown()


def _section(window, qtbot):
    section = window.show_section("participation").body
    qtbot.waitUntil(lambda: section.gifts.model.is_ready())
    return section


def _count(ctx, model, *where):
    with ctx.session() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


def test_sections_follow_the_agency(window, office):
    from desktop_app.services.office.settings import load_office_settings, save_office_settings
    from desktop_app.ui.sections import visible_sections

    welfare = [s.key for s in window.sections]
    assert "participation" in welfare
    assert not {"courses", "trainees", "certificates", "places"} & set(welfare)
    assert {"service_cards", "sync", "settings"} <= set(welfare)
    settings = load_office_settings(office)
    settings.agency_kind = "tvto"
    save_office_settings(office, settings)
    tvto = [s.key for s in visible_sections(office)]
    assert "participation" not in tvto and "courses" in tvto and "certificates" in tvto


def test_counter_benefactor_gift_receipt_reprint_cancel(window, office, qtbot, opened, monkeypatch):
    section = _section(window, qtbot)
    page = section.gifts
    form = page.new_record()
    qtbot.waitUntil(lambda: form.benefactor_id.is_loaded())
    _shot(form, "participation_gift_form")
    person = form.open_benefactor_form()
    qtbot.keyClicks(person.national_code, CODE_B)
    _type(person.first_name, "مهدی")
    _type(person.last_name, "شیرازی")
    qtbot.keyClicks(person.mobile, "09123456789")
    person.save()
    qtbot.waitUntil(
        lambda: form.benefactor_id.is_loaded() and form.benefactor_id.value() is not None
    )
    assert "مهدی شیرازی" in form.benefactor_id.currentText()
    qtbot.keyClicks(form.amount, "2500000")
    form.channel.setValue("card_reader")
    assert form.rows["bank_ref"].isVisibleTo(form)
    qtbot.keyClicks(form.bank_ref, "7788991")
    form.save()
    qtbot.waitUntil(lambda: len(opened) == 1, timeout=10000)
    receipt = opened[0]
    text = _text(receipt)
    assert "مهدی شیرازی" in text and "دو میلیون و پانصد هزار ریال" in text
    assert "المثنی" not in text
    with office.session() as s:
        gift = s.scalars(select(Gift)).one()
        assert (gift.amount, gift.channel, gift.bank_ref) == (2_500_000, "card_reader", "7788991")
        assert s.scalar(select(func.count()).select_from(Benefactor)) == 1
    qtbot.waitUntil(lambda: page.model.total() == 1)
    page.select_row(0)
    _shot(window, "participation_gifts")
    page.print_selected()
    qtbot.waitUntil(lambda: len(opened) == 2, timeout=10000)
    assert "المثنی" in _text(opened[1])
    monkeypatch.setattr(page, "ask_text", lambda *_a: "مبلغ اشتباه وارد شد")
    page.cancel_selected()
    qtbot.waitUntil(lambda: "ابطال شد" in page.status.text(), timeout=10000)
    with office.session() as s:
        gift = s.scalars(select(Gift)).one()
        assert gift.cancel_reason == "مبلغ اشتباه وارد شد" and gift.deleted_at is None
    assert not page.delete_button.isVisible()  # a receipt is never deleted


def _cell(editor, row, column, text):
    """Type ``text`` into a cell of a RowsEditor as a clerk does (open, type, Enter)."""
    from tests.drivers import press_key

    index = editor.model.index(row, column)
    editor.table.setCurrentIndex(index)
    editor.table.edit(index)
    _type(editor.open_editor(), text)
    press_key(editor.open_editor(), Qt.Key.Key_Return)
    QApplication.processEvents()


def test_in_kind_gift_with_a_list_of_items(window, office, qtbot, opened):
    from desktop_app.models import GiftItem

    page = _section(window, qtbot).gifts
    form = page.new_record()
    qtbot.waitUntil(lambda: form.benefactor_id.is_loaded())
    form.benefactor_id.setValue("anonymous")
    form.kind.setValue("in_kind")
    items = form.items
    assert form.rows["items"].isVisibleTo(form) and form.amount.isReadOnly()
    assert items.model.rowCount() == 1  # a first row ready to type in
    _cell(items, 0, 0, "ویلچر تاشو")
    _cell(items, 0, 1, "2")
    items.model.setData(items.model.index(0, 2), "دستگاه")
    _cell(items, 0, 3, "30000000")
    items.add_row()
    _cell(items, 1, 0, "پتو")
    _cell(items, 1, 3, "5000000")  # no quantity yet
    assert form.amount.value() == 35_000_000  # the total, as typed
    form.condition.setValue("new")
    _type(form.received_by, "حمید صالحی")
    form.save()
    qtbot.waitUntil(lambda: items.error() is not None)
    assert "ردیف ۲" in items.error() and items.table.currentIndex() == items.model.index(1, 1)
    assert [r.description for r in items.rows()] == ["ویلچر تاشو", "پتو"]  # kept
    form.resize(760, 720)  # the offscreen screen is 800×600: Qt caps a window at 2/3 of it
    QApplication.processEvents()
    _shot(form, "participation_gift_items_error")
    _cell(items, 1, 1, "10")
    form.save()
    qtbot.waitUntil(lambda: len(opened) == 1, timeout=10000)
    if SHOTS:
        import shutil

        shutil.copy(opened[0], os.path.join(SHOTS, "participation_gift_items_receipt.pdf"))
    text = _text(opened[0])
    assert "ویلچر تاشو" in text and "پتو" in text and "جمع" in text
    assert "سی و پنج میلیون ریال" in text
    with office.session() as s:
        gift = s.scalars(select(Gift)).one()
        assert (gift.kind, gift.amount) == ("in_kind", 35_000_000)
        rows = s.scalars(select(GiftItem).order_by(GiftItem.position)).all()
        assert [(r.description, r.quantity, r.unit) for r in rows] == [
            ("ویلچر تاشو", 2, "دستگاه"),
            ("پتو", 10, "عدد"),
        ]
    qtbot.waitUntil(lambda: page.model.total() == 1)
    page.select_row(0)
    shown = page.edit_selected()  # a receipt opens read-only, its items listed
    qtbot.waitUntil(lambda: shown.items.model.rowCount() == 2)
    assert not shown.items.isEnabled() and shown.amount.value() == 35_000_000
    shown.resize(760, 720)
    QApplication.processEvents()
    _shot(shown, "participation_gift_items_receipt_form")
    shown.close()


def test_bad_input_stays_with_its_message(window, office, qtbot):
    page = _section(window, qtbot).gifts
    form = page.new_record()
    qtbot.waitUntil(lambda: form.benefactor_id.is_loaded())
    form.benefactor_id.setValue("anonymous")
    qtbot.keyClicks(form.amount, "0")
    _type(form.center, "خانهٔ کودک امید")
    form.save()
    qtbot.waitUntil(lambda: form.amount.error() is not None)
    assert "بیشتر از صفر" in form.amount.error() and form.isVisible()
    assert form.center.text() == "خانهٔ کودک امید"
    form.amount.clear()
    qtbot.keyClicks(form.amount, "1000000")
    form.channel.setValue("atm")
    form.save()  # the field's own check: a required, visible bank reference
    assert form.bank_ref.error() is not None
    cash(office, channel="atm", ref="4455")
    qtbot.keyClicks(form.bank_ref, "4455")
    form.save()
    qtbot.waitUntil(lambda: form.bank_ref.error() is not None and "پیش‌تر" in form.bank_ref.error())
    _shot(form, "participation_gift_form_error")
    assert form.amount.value() == 1_000_000 and _count(office, Gift) == 1


def test_allocation_proposed_and_approved(window, office, qtbot):
    cash(office, amount=3_000_000)
    page = _section(window, qtbot).allocations
    window.show_section("participation").body.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.balances.is_ready() and page.balances.total() == 1)
    form = page.new_record()
    qtbot.waitUntil(lambda: form.intention_key.is_loaded())
    form.intention_key.setValue("general")
    qtbot.keyClicks(form.amount, "5000000")
    _type(form.purpose, "سبد غذایی")
    form.save()
    qtbot.waitUntil(lambda: form.amount.error() is not None)
    assert "مانده" in form.amount.error()
    form.amount.clear()
    qtbot.keyClicks(form.amount, "1200000")
    with qtbot.waitSignal(form.saved, timeout=10000):
        form.save()
    qtbot.waitUntil(lambda: page.model.total() == 1)
    page.select_row(0)
    page.approve_selected()
    qtbot.waitUntil(lambda: "تأیید شد" in page.status.text())
    with office.session() as s:
        assert s.scalars(select(Allocation.state)).one() == "approved"
    qtbot.waitUntil(
        lambda: page.balances.is_ready() and page.balances.row_at(0).balance == 1_800_000
    )
    _shot(window, "participation_allocations")


def test_account_tab_shows_a_period_chosen_with_jalali_pickers(window, office, qtbot, tmp_path):
    from datetime import timedelta

    from desktop_app.persian import today
    from desktop_app.services.participation.allocations import (
        AllocationData,
        approve_allocation,
        propose_allocation,
    )

    day = lambda n: today() - timedelta(days=n)  # noqa: E731
    cash(office, amount=1_000_000, received_on=day(40))
    cash(office, amount=400_000, received_on=day(8))
    old = propose_allocation(
        office,
        AllocationData(
            intention_key="general", amount=300_000, purpose="اجارهٔ سالن", proposed_on=day(30)
        ),
    )
    approve_allocation(office, old.id, on=day(30))
    new = propose_allocation(
        office,
        AllocationData(
            intention_key="general", amount=200_000, purpose="سبد غذایی", proposed_on=day(7)
        ),
    )
    approve_allocation(office, new.id, on=day(7))  # fmt: skip
    section = _section(window, qtbot)
    page = section.allocations
    section.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.balances.is_ready() and page.model.is_ready())
    assert page.until.date() == today() and page.since.date() is None
    assert page.balances.row_at(0).balance == 900_000 and page.model.total() == 2
    page.since.setDate(day(10))
    page.until.setDate(day(5))
    page.show_button.click()
    qtbot.waitUntil(lambda: page.balances.is_ready() and page.model.is_ready())
    row = page.balances.row_at(0)
    assert (row.opening, row.received, row.allocated, row.balance) == (
        700_000, 400_000, 200_000, 900_000,
    )  # fmt: skip
    assert page.model.total() == 1 and page.model.row_at(0).purpose == "سبد غذایی"
    _shot(window, "participation_account_period")
    # the Excel of the list holds what the list shows: the period's allocation only
    from openpyxl import load_workbook

    excel = tmp_path / "هزینه‌کرد.xlsx"
    page.export_to(excel)
    qtbot.waitUntil(lambda: "نوشته شد" in page.status.text(), timeout=10_000)
    sheet = load_workbook(excel).active
    purposes = [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert purposes == ["سبد غذایی"]
    page.since.setDate(day(2))  # after «تا»: refused under «از», the dates kept
    page.show_button.click()
    qtbot.waitUntil(lambda: page.since.error() is not None)
    assert "پس از" in page.since.error() and page.since.date() == day(2)


def test_statement_reconciled_twice_changes_nothing(window, office, qtbot, tmp_path):
    day = from_jalali(1405, 1, 10)
    cash(office, amount=1_000_000, channel="atm", ref="740001", received_on=day)
    cash(office, amount=500_000, channel="gateway", ref="740002", received_on=day)
    path = tmp_path / "bank.csv"
    path.write_text("تاریخ,مبلغ,کد مرجع,شرح\n1405/01/10,1000000,740001,واریز\n"
                    "1405/01/11,300000,990001,نامشخص\n", encoding="utf-8")  # fmt: skip
    section = _section(window, qtbot)
    page = section.reconciliation
    section.setCurrentWidget(page)
    page.import_file(path)
    qtbot.waitUntil(lambda: "تطبیق یافت" in page.status.text(), timeout=10000)
    assert "۲ سطر تازه" in page.status.text() and "۱ سطر با رسید" in page.status.text()
    qtbot.waitUntil(lambda: page.model.total() == 2 and page.unmatched.total() == 1)
    with office.session() as s:
        before = s.execute(select(BankStatementLine.id, BankStatementLine.gift_id,
                                  BankStatementLine.version)).all()  # fmt: skip
    page.import_file(path)
    qtbot.waitUntil(lambda: "۰ سطر تازه" in page.status.text(), timeout=10000)
    with office.session() as s:
        after = s.execute(select(BankStatementLine.id, BankStatementLine.gift_id,
                                 BankStatementLine.version)).all()  # fmt: skip
    assert sorted(before) == sorted(after)
    page.table.setFocus()
    row = next(i for i in range(page.model.rowCount()) if page.model.row_at(i).receipt_no)
    page.select_row(row)
    page.confirm_selected()
    qtbot.waitUntil(lambda: "تأیید شد" in page.status.text())
    assert _count(office, BankStatementLine, BankStatementLine.confirmed_on.is_not(None)) == 1
    _shot(window, "participation_reconciliation")


def test_match_tolerance_is_edited_on_the_reconciliation_tab(window, office, qtbot):
    from desktop_app.services.participation.reconciliation import load_match_tolerance

    section = _section(window, qtbot)
    page = section.reconciliation
    section.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.tolerance_edit.text() == "۳")
    page.tolerance_edit.clear()
    qtbot.keyClicks(page.tolerance_edit, "45")
    page.tolerance_save.click()
    qtbot.waitUntil(lambda: page.tolerance_edit.error() is not None)
    assert "۳۰" in page.tolerance_edit.error() and page.tolerance_edit.text() == "۴۵"
    assert load_match_tolerance(office) == 3
    page.tolerance_edit.clear()
    qtbot.keyClicks(page.tolerance_edit, "7")
    page.tolerance_save.click()
    qtbot.waitUntil(lambda: "۷ روز" in page.status.text())
    assert page.tolerance_edit.error() is None and load_match_tolerance(office) == 7
    _shot(window, "participation_reconciliation_tolerance")


def test_reports_tab_shows_a_chart(window, office, qtbot):
    cash(office, amount=1_000_000)
    cash(office, amount=2_000_000, channel="atm", ref="1")
    section = _section(window, qtbot)
    section.setCurrentWidget(section.reports)
    page = section.reports
    qtbot.waitUntil(lambda: page.summary is not None and page.summary.count == 2)
    page.breakdown.setValue("by_channel")
    assert [b.label for b in page.chart.buckets] == ["خودپرداز", "نقد در باجه"]
    _shot(window, "participation_reports")


def test_volunteer_registered_hours_logged_letter_printed(window, office, qtbot, opened):
    from desktop_app.services.demo.demo_trainers import national_code

    section = _section(window, qtbot)
    page = section.volunteers
    section.setCurrentWidget(page)
    form = page.new_record()
    qtbot.keyClicks(form.national_code, national_code("212344001"))
    _type(form.first_name, "الهه")
    _type(form.last_name, "سلیمانی")
    _type(form.skills, "قصه‌گویی برای کودکان")
    with qtbot.waitSignal(form.saved, timeout=10000):
        form.save()
    qtbot.waitUntil(lambda: page.model.total() == 1)
    page.select_row(0)
    dialog = page.log_hours()
    _type(dialog.center, "خانهٔ کودک امید")
    qtbot.keyClicks(dialog.hours, "30")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.hours.error() is not None)
    assert "۲۴" in dialog.hours.error()
    dialog.hours.clear()
    qtbot.keyClicks(dialog.hours, "6")
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        dialog.save()
    qtbot.waitUntil(lambda: page.model.is_ready() and page.model.row_at(0).total_hours == 6)
    page.select_row(0)
    page.print_letter()
    qtbot.waitUntil(lambda: len(opened) == 1, timeout=10000)
    assert "تقدیرنامه" in _text(opened[0])
    _shot(window, "participation_volunteers")


def test_benefactor_statement_from_the_list(window, office, person, qtbot, opened, monkeypatch):
    from desktop_app.persian import to_jalali, today

    cash(office, amount=1_000_000, benefactor=person.id)
    section = _section(window, qtbot)
    page = section.benefactors
    section.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.model.total() == 1)
    page.select_row(0)
    monkeypatch.setattr(page, "ask_text", lambda *_a: str(to_jalali(today())[0]))
    page.print_statement()
    qtbot.waitUntil(lambda: len(opened) == 1, timeout=10000)
    assert "زهرا حسینی" in _text(opened[0])
    _shot(window, "participation_benefactors")


def test_office_adds_an_intention_area_from_the_form(window, office, qtbot, monkeypatch):
    page = _section(window, qtbot).gifts
    form = page.new_record()
    qtbot.waitUntil(lambda: form.benefactor_id.is_loaded() and form.intention_area.count() > 1)
    form.benefactor_id.setValue("anonymous")
    form.intention.setValue("area")
    assert form.rows["new_area"].isVisibleTo(form)
    monkeypatch.setattr(form, "ask_area_title", lambda: "بازسازی مناطق سیل‌زده")
    form.new_area.click()
    qtbot.waitUntil(lambda: form.intention_area.currentText() == "بازسازی مناطق سیل‌زده")
    qtbot.keyClicks(form.amount, "750000")
    with qtbot.waitSignal(form.saved, timeout=10000):
        form.save()
    with office.session() as s:
        gift = s.scalars(select(Gift)).one()
        assert gift.intention == "area" and gift.intention_area.startswith("x")
