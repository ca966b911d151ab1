"""Revoking and re-issuing completion certificates, and what the inquiry answers about
them (on the workstation and on the central server)."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import select

from desktop_app.models import AuditEntry, WorkshopCertificate
from desktop_app.services.certificates.certificate_inquiry import InquiryRequest, inquire
from desktop_app.services.core.errors import ServiceError
from desktop_app.services.workshops.completion import (
    certificate_history,
    completion_doc,
    issue_completion_certificates,
    reissue_completion_certificate,
    revoke_completion_certificate,
)
from desktop_app.services.workshops.invitations import invitations
from desktop_app.services.workshops.numbering import next_completion_serial
from desktop_app.services.workshops.programme import change_state
from tests.certificates.test_inquiry_central import (  # noqa: F401 (fixtures)
    central,
    server_template,
    server_url,
)
from tests.sync.conftest import pg_database_url  # noqa: F401 (a fixture)

from .test_workshops import mark_all


def _cert(ctx, serial: str) -> WorkshopCertificate:
    with ctx.session() as session:
        row = session.scalars(
            select(WorkshopCertificate).where(WorkshopCertificate.serial == serial)
        ).one()
        session.expunge(row)
        return row


@pytest.fixture
def issued(ctx, workshop):
    mark_all(ctx, workshop)
    change_state(ctx, workshop.id, "finish")
    return issue_completion_certificates(ctx, workshop.id).issued


def _ask(ctx, serial: str, national_code: str):
    return inquire(ctx, InquiryRequest(serial, national_code, "person", "آزمون")).result


def test_revoke_needs_a_reason_and_the_inquiry_answers_revoked(ctx, workshop, issued):
    serial = issued[0]
    with pytest.raises(ServiceError) as err:
        revoke_completion_certificate(ctx, serial, "  ")
    assert err.value.field == "reason"
    assert revoke_completion_certificate(ctx, serial, "حضور با امضای جعلی") == serial
    cert = _cert(ctx, serial)
    answer = _ask(ctx, serial, cert.national_code)
    assert answer.answer == "revoked" and answer.revoke_reason == "حضور با امضای جعلی"
    with pytest.raises(ServiceError) as err:
        revoke_completion_certificate(ctx, serial, "دوباره")
    assert "پیش‌تر ابطال" in err.value.message
    with pytest.raises(ServiceError) as err:  # a revoked certificate is not re-issued
        reissue_completion_certificate(ctx, serial, "گم شده")
    assert "ابطال شده" in err.value.message
    # issuing again does not hand the revoked person a fresh certificate
    again = issue_completion_certificates(ctx, workshop.id)
    assert again.issued == () and again.already == 30
    line = next(x for x in invitations(ctx, workshop.id) if x.serial == serial)
    assert line.certificate_revoked
    with ctx.session() as session:
        events = session.scalars(select(AuditEntry).where(AuditEntry.action == "revoke")).all()
    assert len(events) == 1 and str(cert.id) in events[0].record_id


def test_reissue_takes_a_new_serial_and_the_old_one_answers_replaced(ctx, workshop, issued):
    old_serial = issued[0]
    old = _cert(ctx, old_serial)
    with ctx.session() as session:
        expected = next_completion_serial(session, "2701").code
    new_serial = reissue_completion_certificate(ctx, old_serial, "گم شده")
    assert new_serial == expected and new_serial not in issued  # the shared series
    old_now, new = _cert(ctx, old_serial), _cert(ctx, new_serial)
    assert old_now.replaced_by == new_serial and old_now.replace_reason == "گم شده"
    assert new.replaces == old_serial and new.invitation_id == old.invitation_id
    assert new.verification_code != old.verification_code
    # the inquiry tells the truth about both
    answer = _ask(ctx, old_serial, old.national_code)
    assert answer.answer == "replaced" and answer.replaced_by == new_serial
    assert not answer.genuine
    assert _ask(ctx, new_serial, old.national_code).answer == "genuine"
    # the invitation now shows the new serial; issuing again issues nothing
    line = next(x for x in invitations(ctx, workshop.id) if x.id == old.invitation_id)
    assert line.serial == new_serial and not line.certificate_revoked
    assert issue_completion_certificates(ctx, workshop.id).issued == ()
    history = certificate_history(ctx, old.invitation_id)
    assert [h.serial for h in history] == [old_serial, new_serial]
    assert [h.current for h in history] == [False, True]
    # the old paper reprinted says it was replaced; the new one names what it replaces
    assert completion_doc(ctx, old_serial, count_print=False).replaced_by == new_serial
    assert completion_doc(ctx, new_serial, count_print=False).replaces == old_serial
    with pytest.raises(ServiceError) as err:  # re-issue the current one, not the old
        reissue_completion_certificate(ctx, old_serial, "دوباره")
    assert "جایگزین" in err.value.message
    with pytest.raises(ServiceError):
        revoke_completion_certificate(ctx, old_serial, "اشتباه")
    revoke_completion_certificate(ctx, new_serial, "اشتباه در صدور")
    assert _ask(ctx, new_serial, old.national_code).answer == "revoked"
    with ctx.session() as session:
        assert session.scalars(select(AuditEntry).where(AuditEntry.action == "reissue")).all()


def test_a_recorded_replaced_answer_keeps_the_new_serial(ctx, workshop, issued):
    from desktop_app.services.certificates.certificate_inquiry import get_inquiry

    old = _cert(ctx, issued[1])
    new_serial = reissue_completion_certificate(ctx, old.serial, "اصلاح نام")
    record = inquire(ctx, InquiryRequest(old.serial, old.national_code, "person", "آزمون"))
    again = get_inquiry(ctx, record.id).result
    assert again.answer == "replaced" and again.replaced_by == new_serial


# -- the central server answers the same ------------------------------------------------


def test_the_central_server_answers_revoked_and_replaced(central, tmp_path):  # noqa: F811
    from datetime import timedelta

    from desktop_app.persian import today
    from desktop_app.services.office.settings import load_office_settings, save_office_settings
    from desktop_app.services.workshops.invitations import invite, record_answer
    from desktop_app.services.workshops.participants import save_participant
    from desktop_app.services.workshops.programme import WorkshopData, save_workshop
    from desktop_app.services.workshops.templates import ensure_cbr_template
    from desktop_app.sync.inquiry_protocol import INQUIRY_PATH

    from .conftest import person

    ctx = central.workstation(tmp_path, "2701")
    settings = load_office_settings(ctx)
    settings.province = "گلستان"
    save_office_settings(ctx, settings)
    template = ensure_cbr_template(ctx, "گلستان")
    data = save_workshop(ctx, WorkshopData(title="کارگاه سرور", province="گلستان",
                                           template_id=template,
                                           start_date=today() - timedelta(days=20)))  # fmt: skip
    invite(ctx, data.id, [save_participant(ctx, person(n)).id for n in range(3)])
    for line in invitations(ctx, data.id):
        record_answer(ctx, line.id, "yes")
    change_state(ctx, data.id, "start")
    mark_all(ctx, data)
    change_state(ctx, data.id, "finish")
    serials = issue_completion_certificates(ctx, data.id).issued
    revoke_completion_certificate(ctx, serials[0], "حضور ثبت‌نشده")
    new_serial = reissue_completion_certificate(ctx, serials[1], "گم شده")
    central.sync(ctx)

    def ask(serial: str) -> dict:
        code = _cert(ctx, serial).national_code
        body = {"serial": serial, "national_code": code, "agency": "فرمانداری"}
        response = central.client.post(INQUIRY_PATH, json=body)
        assert response.status_code == 200, response.text
        return response.json()

    revoked = ask(serials[0])
    assert revoked["answer"] == "revoked" and revoked["revoke_reason"] == "حضور ثبت‌نشده"
    replaced = ask(serials[1])
    assert replaced["answer"] == "replaced" and replaced["replaced_by"] == new_serial
    assert ask(new_serial)["answer"] == "genuine"
    assert ask(serials[2])["answer"] == "genuine"


def test_revoke_and_reissue_from_the_invitations_tab(ctx, qtbot, miz_app, workshop, issued):
    from desktop_app.ui.tasks import TaskRunner
    from desktop_app.ui.workshops.invitations import InvitationsPage

    page = InvitationsPage(ctx, TaskRunner())
    qtbot.addWidget(page)
    page.resize(1280, 600)
    page.show()
    qtbot.waitUntil(lambda: any(page.workshop.itemData(i) == workshop.id
                                for i in range(page.workshop.count())))  # fmt: skip
    page.workshop.setValue(workshop.id)
    qtbot.waitUntil(lambda: sum(1 for line in page.model.lines if line.serial) == 30)
    asked: list[str] = []
    answers = iter([None, "گم شده", "امضای جعلی"])

    def reason(title: str, prompt: str) -> str | None:
        asked.append(prompt)
        return next(answers)

    page.ask_reason = reason  # type: ignore[method-assign]
    page.table.setCurrentIndex(page.model.index(0, 0))
    old = page.model.lines[0].serial
    page.buttons["reissue_certificate"].click()  # cancelled: nothing happens
    assert page.model.lines[0].serial == old and page.message.text() == ""
    page.buttons["reissue_certificate"].click()
    qtbot.waitUntil(lambda: "به جای" in page.message.text())
    qtbot.waitUntil(lambda: page.model.lines[0].serial not in ("", old))
    new = page.model.lines[0].serial
    assert _cert(ctx, old).replaced_by == new
    page.table.setCurrentIndex(page.model.index(0, 0))
    page.buttons["revoke_certificate"].click()
    qtbot.waitUntil(lambda: page.model.lines[0].certificate_revoked)
    assert "ابطال‌شده" in page.model.index(0, 8).data()
    assert _cert(ctx, new).revoke_reason == "امضای جعلی"
    if shots := os.environ.get("MIZ_SHOTS"):  # look at it: MIZ_SHOTS=/some/folder
        page.grab().save(f"{shots}/invitations-revoked.png")


# -- the reply letter names the certificate by its kind ----------------------------------


def test_the_reply_letter_names_a_completion_certificate_by_its_kind(ctx, issued, tmp_path):
    from desktop_app.services.certificates.certificate_print import print_reply_letter
    from tests.reports.pdftext import drawn_lines, logical

    old = _cert(ctx, issued[2])
    new_serial = reissue_completion_certificate(ctx, old.serial, "گم شده")
    texts = {}
    for serial in (old.serial, new_serial, "2701-000999"):
        record = inquire(ctx, InquiryRequest(serial, old.national_code, "agency", "بانک ملی"))
        out = tmp_path / f"letter-{serial}.pdf"
        print_reply_letter(ctx, record.id, out)  # from the recorded inquiry
        texts[serial] = "\n".join(logical(line) for page in drawn_lines(out) for line in page)
        if shots := os.environ.get("MIZ_SHOTS"):
            import shutil

            shutil.copy(out, f"{shots}/reply-letter-{serial}.pdf")
    replaced, genuine, unknown = texts[old.serial], texts[new_serial], texts["2701-000999"]
    for text in (replaced, genuine):
        assert "پاسخ استعلام اصالت گواهی شرکت در کارگاه" in text
        assert "مهارت" not in text  # neither «گواهینامه مهارت» nor «استاندارد مهارت»
        assert "عنوان کارگاه" in text and old.workshop_title in text
    assert "جایگزین" in replaced or "به جای" in replaced
    assert "اصیل و معتبر" in genuine
    assert "مهارت" not in unknown and "پاسخ استعلام اصالت گواهینامه" in unknown
