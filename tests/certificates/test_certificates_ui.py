"""The «گواهینامه‌ها و استعلام» section driven through its widgets: the inquiry window
(scanner input, the answer shown, the inquiry recorded, the reply letter, the central
server asked over a mocked HTTP boundary), the scores table and issuing, the
certificates list (print, re-issue, revoke) and the statistics."""

from __future__ import annotations

import os

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemDelegate, QApplication

from desktop_app.documents.certificate import qr_payload
from desktop_app.models import Certificate, CertificateInquiry
from tests.certificates.helpers import finished_course
from tests.drivers import type_text

SHOTS = os.environ.get("MIZ_SHOTS")  # a folder: save screenshots there to look at


def _enter(widget):
    for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
        QApplication.sendEvent(
            widget, QKeyEvent(kind, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier)
        )


def _shot(widget, name):
    if SHOTS:
        widget.grab().save(os.path.join(SHOTS, f"{name}.png"))


@pytest.fixture
def opened(monkeypatch):
    from desktop_app.ui.certificates import pages
    from desktop_app.ui.certificates.inquiry import InquiryPage

    files: list = []
    for cls in (pages.CertificatesPage, pages.InquiryLogPage, InquiryPage):
        monkeypatch.setattr(cls, "open_file", staticmethod(files.append))
    return files


def _section(main_window, qtbot):
    section = main_window.show_section("certificates").body
    qtbot.waitUntil(lambda: section.certificates.model.is_ready())
    return section


def test_inquiry_window_with_a_scanner(main_window, ctx, holders, qtbot, opened):
    section = _section(main_window, qtbot)
    page = section.inquiry
    holder = holders[1]  # revoked
    # The scanner types the QR payload and Enter; focus moves on to the national code.
    type_text(page.serial, qr_payload(holder.serial, holder.verification_code))
    _enter(page.serial)
    assert (
        page.window().focusWidget() is page.national_code
    )  # (the window may be inactive offscreen)
    assert "از کد QR" in page.parsed.text()
    type_text(page.national_code, holder.national_code)
    type_text(page.asker_name, "سفارت کانادا")
    qtbot.mouseClick(page.ask_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.record is not None)
    assert "ابطال" in page.answer_title.text()
    assert holder.name in page.answer_details.text()
    assert "تقلب در آزمون عملی" in page.answer_details.text()
    qtbot.waitUntil(lambda: "از آغاز: ۱ استعلام" in page.stats.text())
    _shot(section, "inquiry")
    with ctx.session() as s:
        row = s.query(CertificateInquiry).one()
        assert (row.asker_name, row.answer, row.serial) == (
            "سفارت کانادا",
            "revoked",
            holder.serial,
        )
    qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(opened) == 1)
    assert opened[0].read_bytes().startswith(b"%PDF")
    # The log tab counts it and shows the statistics.
    log = section.log
    qtbot.waitUntil(lambda: log.model.total() == 1)
    qtbot.waitUntil(
        lambda: getattr(log, "statistics", None) is not None and log.statistics.total == 1
    )
    assert "میانگین زمان پاسخ" in log.stats.text()
    section.setCurrentWidget(log)
    qtbot.waitUntil(lambda: log.model.rowCount() == 1)
    _shot(section, "log")


def test_wrong_national_code_shows_unknown_without_the_name(main_window, holders, qtbot, opened):
    page = _section(main_window, qtbot).inquiry
    type_text(page.serial, holders[0].serial)
    type_text(page.national_code, holders[1].national_code)
    type_text(page.asker_name, "محمد نوری")
    qtbot.mouseClick(page.ask_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.record is not None)
    assert "یافت نشد" in page.answer_title.text()
    assert holders[0].name not in page.answer_details.text()


def test_missing_asker_is_shown_next_to_the_field(main_window, holders, qtbot, opened):
    page = _section(main_window, qtbot).inquiry
    type_text(page.serial, holders[0].serial)
    type_text(page.national_code, holders[0].national_code)
    qtbot.mouseClick(page.ask_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(page.asker_name.error()))
    assert "نام" in page.asker_name.error()
    assert page.record is None and page.serial.text() == holders[0].serial


def test_other_office_is_asked_at_the_central_server(
    main_window, ctx, holders, qtbot, opened, monkeypatch
):
    """Only the HTTP boundary is mocked: the server's answer for office 2799."""
    seen: list[dict] = []

    def server(request: httpx.Request) -> httpx.Response:
        import json

        body = json.loads(request.content)
        seen.append(body)
        return httpx.Response(
            200,
            json={
                "answer": "genuine",
                "serial": body["serial"],
                "national_code": body["national_code"],
                "holder_name": "نرگس توکلی",
                "standard_title": "خیاط زنانه",
                "standard_code": "7531/1",
                "hours": 300,
                "issued_on": "2025-06-01",
            },
        )

    ctx.workstation.server_url = "https://miz.test"
    from desktop_app.services.certificates import certificate_central

    real = certificate_central.central_lookup
    monkeypatch.setattr(
        "desktop_app.ui.certificates.inquiry.central_lookup",
        lambda c: real(c, transport=httpx.MockTransport(server)),
    )
    page = _section(main_window, qtbot).inquiry
    type_text(page.serial, "2799-000005")
    type_text(page.national_code, "0012345679")
    type_text(page.asker_name, "شرکت البرز")
    qtbot.mouseClick(page.ask_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.record is not None)
    assert seen and seen[0]["serial"] == "2799-000005"
    assert "اصیل" in page.answer_title.text() and "سرور مرکزی" in page.answer_details.text()
    assert "نرگس توکلی" in page.answer_details.text()


def test_scores_table_and_issuing(main_window, ctx, qtbot):
    course = finished_course(ctx, trainees=3, pass_marks=(50, 70))
    section = _section(main_window, qtbot)
    page = section.scores
    section.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.course.count() > 1)
    page.load_courses()  # a refresh of the options keeps the course and what is typed
    page.course.setValue(course.course_id)
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    model = page.model
    from desktop_app.ui.certificates.scores import Col

    # Type through the table's editor, as the clerk does (Persian digits accepted).
    scores = [("۸۰", "۹۰"), ("۴۰", "۹۰"), ("۷۵", "۷۰")]
    for row, (theory, practical) in enumerate(scores):
        for col, text in ((Col.THEORY, theory), (Col.PRACTICAL, practical)):
            index = model.index(row, col)
            page.table.setCurrentIndex(index)
            page.table.edit(index)
            editor = page.table.focusWidget()
            editor.clear()
            type_text(editor, text)
            page.table.commitData(editor)
            page.table.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
    assert [model.data(model.index(r, Col.RESULT)) for r in range(3)].count("قبول") == 2
    qtbot.waitUntil(page.runner.is_idle)
    assert model.scores[0] != [None, None]
    # A score out of range is refused by the service and marked on its cell.
    model.setData(model.index(2, Col.PRACTICAL), "۱۵۰")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "۱۰۰" in page.message.text())
    assert (2, Col.PRACTICAL) in model.errors
    model.setData(model.index(2, Col.PRACTICAL), "۷۰")
    qtbot.mouseClick(page.issue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: getattr(page, "last_result", None) is not None)
    assert len(page.last_result.issued) == 2 and page.last_result.not_passed == 1
    qtbot.waitUntil(lambda: sum(1 for line in model.lines if line.serial) == 2)
    _shot(section, "scores")
    with ctx.session() as s:
        assert s.query(Certificate).count() == 2
    # The list shows them (refreshed by data_changed).
    qtbot.waitUntil(lambda: section.certificates.model.total() == 2)


def test_certificates_list_print_reissue_revoke(main_window, ctx, holders, qtbot, opened):
    section = _section(main_window, qtbot)
    page = section.certificates
    section.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.model.total() == 3)
    page.select_row(0)
    serial = page.selected_row().serial
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)  # «چاپ»
    qtbot.waitUntil(lambda: len(opened) == 1)
    page.confirm = lambda _text: True
    qtbot.mouseClick(page.reissue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(opened) == 2)
    page.ask_reason = lambda _row: "صدور اشتباه"
    page.select_row(0)
    qtbot.mouseClick(page.revoke_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: (
            page.model.rowCount()
            and page.selected_row() is not None
            and page.selected_row().revoked_on is not None
        ),
        timeout=5000,
    )
    with ctx.session() as s:
        cert = s.query(Certificate).filter_by(serial=serial).one()
        assert cert.duplicate_count == 1 and cert.revoke_reason == "صدور اشتباه"
    _shot(section, "list")
