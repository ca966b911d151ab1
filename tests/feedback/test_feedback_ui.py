"""The feedback and reports sections driven through their widgets: register a complaint
at the counter and print its receipt, follow a request up by its code and answer it,
enter paper surveys fast, the kiosk's exit needs the clerk's password, and the reports
page's table and chart."""

from __future__ import annotations

import os
from datetime import UTC, datetime, time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop_app.models import PublicRequest
from desktop_app.persian import from_jalali, to_jalali, to_persian_digits, today
from desktop_app.services.accounts.access import CLERK, SUPERVISOR, Actor
from desktop_app.services.accounts.accounts import UserData, save_user, sign_in
from desktop_app.services.catalog.service_cards import get_card
from desktop_app.services.core.listing import ListQuery
from desktop_app.services.feedback.calendar import get_calendar
from desktop_app.services.feedback.requests import (
    RequestData,
    count_requests,
    follow_up,
    register_request,
)
from desktop_app.services.feedback.surveys import get_survey
from desktop_app.services.office_reports import sources as registry
from desktop_app.services.office_reports.sources import CountedSource, monthly_tally
from desktop_app.ui.service_cards.details import DetailsPart
from desktop_app.ui.widgets.charts import axis_labels
from tests.drivers import press_key, type_text

from .test_surveys_faq_print import pdf_text

#: Where screenshots of changed screens go when MIZ_SHOTS names a folder (looked at by eye).
SHOTS = Path(os.environ["MIZ_SHOTS"]) if os.environ.get("MIZ_SHOTS") else None


def _section(main_window, qtbot):
    section = main_window.show_section("feedback").body
    qtbot.waitUntil(section.requests.model.is_ready)
    return section


def test_register_a_complaint_and_print_its_receipt(main_window, ctx, card_id, qtbot, tmp_path):
    section = _section(main_window, qtbot)
    page = section.requests
    form = page.new_record()
    qtbot.waitExposed(form)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)  # nothing chosen or typed
    qtbot.waitUntil(lambda: form.card.error() is not None)
    assert form.body.error() is not None
    qtbot.waitUntil(lambda: form.card.count() > 1)
    form.card.setValue(card_id)
    type_text(form.contact_name, "مريم احمدي")
    type_text(form.contact_phone, "09121234567")
    type_text(form.body, "کارت ثبت‌نام صادر نشده است")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.total() == 1)
    qtbot.waitUntil(lambda: getattr(page, "last_registered", None) is not None)
    dialog = page.last_registered
    qtbot.waitUntil(lambda: dialog.panel.view is not None)
    view = dialog.panel.view
    assert view.contact_name == "مریم احمدی" and view.state == "received"
    assert dialog.panel.receipt_button.isVisibleTo(dialog)
    path = tmp_path / "receipt.pdf"
    dialog.panel.print_receipt_to(path)
    qtbot.waitUntil(lambda: "نوشته شد" in dialog.panel.status.text(), timeout=10_000)
    assert view.tracking_code in pdf_text(path)
    dialog.accept()


def test_bad_phone_is_refused_at_its_field_and_the_text_stays(main_window, ctx, card_id, qtbot):
    page = _section(main_window, qtbot).requests
    form = page.new_record()
    qtbot.waitUntil(lambda: form.card.count() > 1)
    form.card.setValue(card_id)
    type_text(form.contact_name, "علی")
    type_text(form.contact_phone, "123")
    type_text(form.body, "متنی که نباید گم شود")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.contact_phone.error() is not None)
    assert form.body.text() == "متنی که نباید گم شود"
    assert count_requests(ctx, ListQuery()) == 0
    form.mark_clean()
    form.reject()


def test_follow_up_by_code_then_answer(main_window, ctx, card_id, qtbot, tmp_path):
    view = register_request(
        ctx, RequestData(service_card_id=card_id, anonymous=True, body="صف طولانی بود")
    )
    section = _section(main_window, qtbot)
    section.setCurrentWidget(section.follow_up)
    page = section.follow_up
    type_text(page.code, "X-R404")
    press_key(page.code, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.code.error() is not None)
    page.code.clear()
    type_text(page.code, view.tracking_code.lower())
    press_key(page.code, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.panel.view is not None)
    assert "صف طولانی بود" in page.panel.details.text()
    qtbot.mouseClick(page.panel.action_buttons["answer"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.panel.value.error() is not None)  # no answer typed
    type_text(page.panel.value, "صف‌ها با باجهٔ دوم کوتاه شد")
    qtbot.mouseClick(page.panel.action_buttons["answer"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.panel.view is not None and page.panel.view.state == "answered")
    assert follow_up(ctx, view.tracking_code).answer == "صف‌ها با باجهٔ دوم کوتاه شد"
    assert page.panel.letter_button.isVisibleTo(page)
    page.panel.print_letter_to(tmp_path / "letter.pdf")
    qtbot.waitUntil(lambda: "نوشته شد" in page.panel.status.text(), timeout=10_000)


def test_fast_survey_entry_from_paper(main_window, ctx, card_id, qtbot):
    section = _section(main_window, qtbot)
    section.setCurrentWidget(section.surveys)
    page = section.surveys
    qtbot.waitUntil(lambda: page.card.count() > 1)
    page.card.setValue(card_id)
    qtbot.waitUntil(lambda: len(page.scores) == 5)
    type_text(page.scores[0], "5")
    for edit, digit in zip(page.scores[1:], "4796", strict=True):
        type_text(edit, digit)  # 7 and 9 are out of range: refused at question 3
    press_key(page.scores[-1], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.scores[2].error() is not None)
    assert "۱ تا ۵" in page.scores[2].error()
    for n, digit in ((2, "3"), (3, "4"), (4, "2")):
        page.scores[n].clear()
        type_text(page.scores[n], digit)
    press_key(page.scores[-1], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.saved_count == 1)
    assert all(edit.text() == "" for edit in page.scores)  # ready for the next form
    with ctx.session() as session:
        from desktop_app.models import SurveyAnswer

        answer = session.query(SurveyAnswer).one()
        assert [s["score"] for s in answer.scores] == [5, 4, 3, 4, 2]
        assert answer.source == "paper"


def test_kiosk_exit_needs_the_clerks_password(main_window, ctx, card_id, qtbot):
    save_user(
        ctx,
        UserData(
            user_name="clerk1",
            full_name="کارشناس یکم",
            roles=(CLERK, SUPERVISOR),
            password="Miz-pass-1404",
            again="Miz-pass-1404",
        ),
    )
    sign_in(ctx, "clerk1", "Miz-pass-1404")
    section = _section(main_window, qtbot)
    page = section.surveys
    qtbot.waitUntil(lambda: page.card.count() > 1)
    page.card.setValue(card_id)
    qtbot.waitUntil(lambda: page.survey is not None)
    kiosk = page.open_kiosk()
    qtbot.waitExposed(kiosk)
    for group in kiosk.groups:
        group.button(4).click()
    qtbot.mouseClick(kiosk.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "سپاسگزاریم" in kiosk.message.text())
    press_key(kiosk, Qt.Key.Key_Escape)
    kiosk.close()
    assert kiosk.isVisible()  # neither Esc nor closing leaves the kiosk
    type_text(kiosk.password, "wrong")
    qtbot.mouseClick(kiosk.exit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: kiosk.exit_message.text() != "")
    assert kiosk.isVisible()
    type_text(kiosk.password, "Miz-pass-1404")
    press_key(kiosk.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not kiosk.isVisible())
    assert len(get_survey(ctx, card_id).questions) == 5


def test_reports_page_shows_the_counts_and_charts_them(main_window, ctx, card_id, qtbot):
    for _ in range(3):
        register_request(ctx, RequestData(service_card_id=card_id, anonymous=True, body="x"))
    page = main_window.show_section("office_reports").body
    qtbot.waitUntil(lambda: page.report is not None and page.model.rowCount() > 0)
    texts = [page.model.item(r, 1).text() for r in range(page.model.rowCount())]
    row = texts.index("درخواست‌های مردمی")
    assert page.model.item(row, 14).text() == "۳"
    page.chart_row(row)
    assert (
        page.chart.series()
        and sum(page.chart.series()[0].barSets()[0].at(i) for i in range(12)) == 3
    )
    page.chart_view.resize(700, 300)
    page.chart_view.show()
    page.chart_row(row)  # the figure asked for, even if a reload charted the first row
    qtbot.waitUntil(lambda: "۳" in axis_labels(page.chart), timeout=15_000)
    labels = axis_labels(page.chart)
    assert "۰" in labels and any(t.startswith("اسفند") for t in labels)  # months may elide
    assert not [t for t in labels if any(c in "0123456789" for c in t)]
    if SHOTS:
        qtbot.wait(300)
        page.chart_view.grab().save(str(SHOTS / "reports_chart.png"))


def test_the_card_form_offers_the_recipients_counted_from_the_records(
    main_window, ctx, card_id, qtbot
):
    """Two people of last Jalali year are offered beside the field; «پذیرفتن» puts the
    count and «سال» in; the clerk may type another number, which is what is saved."""
    last_year = to_jalali(today())[0] - 1
    for day in (1, 2):
        when = datetime.combine(from_jalali(last_year, 7, day), time(9), UTC)
        register_request(
            ctx, RequestData(service_card_id=card_id, anonymous=True, body="x"), received_at=when
        )

    def people(session, bounds):
        return monthly_tally(
            session,
            bounds,
            PublicRequest,
            PublicRequest.received_at,
            card=PublicRequest.service_card_id,
        )

    registry.register_source(CountedSource("people_ui_test", "مراجعان", people, people=True))
    try:
        page = main_window.show_section("service_cards").body
        qtbot.waitUntil(page.model.is_ready)
        form = page._open(card_id)
        qtbot.waitUntil(lambda: form.loaded_data is not None)
        details = form.part(DetailsPart)
        qtbot.waitUntil(lambda: details.accept_offer.isVisibleTo(form))
        assert details.offer_label.text() == (f"۲ خدمت‌گیرنده در سال {to_persian_digits(last_year)}")
        assert details.recipients_count.value() == ""
        if SHOTS:
            form.resize(1000, 760)
            qtbot.wait(100)
            form.scroll_area.ensureWidgetVisible(details.offer_label)
            form.grab().save(str(SHOTS / "card_recipients_offer.png"))
        qtbot.mouseClick(details.accept_offer, Qt.MouseButton.LeftButton)
        assert details.recipients_count.value() == "2"
        assert details.recipients_period.value() == "year"
        assert form.typed_data().recipients_count == 2
        # choosing «ماه» asks again: nothing was served last month
        details.recipients_period.setValue("month")
        qtbot.waitUntil(lambda: details.offer is not None and details.offer.period == "month")
        assert details.recipients_count.value() == "2"  # what was typed stays
        details.recipients_period.setValue("year")
        details.recipients_count.setValue("")
        type_text(details.recipients_count, "29000")
        with qtbot.waitSignal(form.saved):
            qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        assert get_card(ctx, str(card_id)).recipients_count == 29000
    finally:
        registry._SOURCES.pop("people_ui_test")


def _fill_cell(rows_editor, row, column, text):
    """Open a cell's editor as a double-click would, type ``text``, press Enter."""
    index = rows_editor.model.index(row, column)
    rows_editor.table.setCurrentIndex(index)
    rows_editor.table.edit(index)
    editor = rows_editor.open_editor()
    assert editor is not None
    editor.clear()
    type_text(editor, text)
    press_key(editor, Qt.Key.Key_Return)
    QApplication.processEvents()  # the delegate commits and closes in a queued call


def _choose(rows_editor, row, column, value):
    """Open a choice cell's combo box, pick the option stored as ``value``, press Enter."""
    index = rows_editor.model.index(row, column)
    rows_editor.table.setCurrentIndex(index)
    rows_editor.table.edit(index)
    combo = rows_editor.open_editor()
    combo.setCurrentIndex(combo.findData(value))
    press_key(combo, Qt.Key.Key_Return)
    QApplication.processEvents()


def test_the_deadline_table_is_edited_on_its_own_tab(main_window, ctx, card_id, qtbot):
    """A new year's table: a holiday outside the year is refused at the holidays table
    and nothing typed is lost; corrected, it is saved, listed, and the service's own days
    (before the complaint kind's) set a complaint's deadline."""
    section = _section(main_window, qtbot)
    page = section.calendar
    section.setCurrentWidget(page)
    qtbot.waitUntil(page.model.is_ready)
    assert page.new_button.isVisibleTo(page)  # the system actor holds SETTINGS
    form = page.new_record()
    qtbot.waitExposed(form)
    form.year.setValue("")
    type_text(form.year, "1405")
    form.answer_days.setValue("")
    type_text(form.answer_days, "8")
    type_text(form.kind_days["complaint"], "3")
    qtbot.waitUntil(lambda: len(form.card_options) > 0)
    qtbot.mouseClick(form.service_days.add_button, Qt.MouseButton.LeftButton)
    _choose(form.service_days, 0, 0, str(card_id))
    _fill_cell(form.service_days, 0, 1, "5")
    assert form.service_days.model.index(0, 0).data() == "آموزش مهارت فنی و حرفه‌ای"
    qtbot.mouseClick(form.holidays.add_button, Qt.MouseButton.LeftButton)
    _fill_cell(form.holidays, 0, 0, "1404/12/29")  # the year before
    _fill_cell(form.holidays, 0, 1, "روز پایانی سال")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.holidays.error() is not None)
    assert "ردیف ۱" in form.holidays.error() and "۱۴۰۵" in form.holidays.error()
    assert form.kind_days["complaint"].value() == "3" and form.answer_days.value() == "8"
    assert form.holidays.rows()[0].title == "روز پایانی سال"
    if SHOTS:
        form.grab().save(str(SHOTS / "calendar_form_refused.png"))
    _fill_cell(form.holidays, 0, 0, "")  # a title without its date is refused, not dropped
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.holidays.error() == "ردیف ۱: تاریخ تعطیلی را وارد کنید."
    assert form.holidays.rows()[0].title == "روز پایانی سال"
    _fill_cell(form.holidays, 0, 0, "1405/01/13")
    _fill_cell(form.holidays, 0, 1, "روز طبیعت")
    with qtbot.waitSignal(form.saved):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.total() == 1)
    table = get_calendar(ctx, 1405)
    assert table.answer_days == 8 and table.kind_days == {"complaint": 3}
    assert [(e.card_id, e.days) for e in table.service_days] == [(str(card_id), 5)]
    assert [(h.on, h.title) for h in table.holidays] == [(from_jalali(1405, 1, 13), "روز طبیعت")]
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and bool(page.model.index(0, 2).data()))
    assert page.model.index(0, 0).data() == "۱۴۰۵" and page.model.index(0, 2).data() == "شکایت ۳"
    if SHOTS:
        main_window.resize(1280, 720)
        qtbot.wait(100)
        main_window.grab().save(str(SHOTS / "calendar_list.png"))
    # reopened: the year is fixed, the kinds' days are shown as saved
    again = page._open(table.id)
    qtbot.waitUntil(lambda: again.loaded_data is not None)
    assert again.year.isReadOnly() and again.kind_days["complaint"].value() == "3"
    assert again.kind_days["opinion"].value() == ""
    if SHOTS:
        again.grab().save(str(SHOTS / "calendar_form.png"))
    again.reject()
    received = datetime.combine(from_jalali(1405, 1, 17), time(8), UTC)  # a Monday
    complaint = register_request(
        ctx,
        RequestData(kind="complaint", service_card_id=card_id, anonymous=True, body="x"),
        received_at=received,
    )
    # the service's own 5 working days (before the complaint's 3): Thu and Fri are off
    assert complaint.due_on == from_jalali(1405, 1, 24)


def test_a_clerk_sees_the_deadline_table_but_may_not_change_it(main_window, ctx, qtbot):
    ctx.user = Actor("clerk1", frozenset({CLERK, SUPERVISOR}), full_name="کارشناس")
    page = _section(main_window, qtbot).calendar
    qtbot.waitUntil(page.model.is_ready)
    assert not page.new_button.isVisibleTo(page) and not page.delete_button.isVisibleTo(page)
