"""The authenticity inquiry against local data, the QR/scanner input, the log and the
statistics, and the reply letter."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop_app.documents.certificate import qr_payload
from desktop_app.models import CertificateInquiry, utcnow
from desktop_app.services.certificates.certificate_inquiry import (
    InquiryRequest,
    duration_text,
    inquire,
    inquiry_statistics,
    parse_serial_input,
)
from desktop_app.services.core.errors import ServiceError
from desktop_app.services.core.listing import ListQuery


def ask(ctx, serial, code, **kw):
    kw.setdefault("asker_name", "شرکت ساختمانی البرز")
    return inquire(ctx, InquiryRequest(serial, code, **kw)).result


def test_genuine_answer_names_holder_and_standard(ctx, holders):
    result = ask(ctx, holders[0].serial, holders[0].national_code)
    assert result.answer == "genuine" and result.genuine
    assert result.holder_name == holders[0].name
    assert result.standard_title == "رایانه کار مقدماتی"


def test_revoked_answer_gives_date_and_reason(ctx, holders):
    result = ask(ctx, holders[1].serial, holders[1].national_code)
    assert result.answer == "revoked" and not result.genuine
    assert result.revoke_reason == "تقلب در آزمون عملی" and result.revoked_on is not None


def test_unknown_serial(ctx, holders):
    result = ask(ctx, "2701-000099", holders[0].national_code)
    assert result.answer == "unknown" and result.holder_name == ""


def test_wrong_national_code_answers_unknown_without_leaking(ctx, holders):
    result = ask(ctx, holders[0].serial, holders[1].national_code)
    assert result.answer == "unknown"
    assert result.holder_name == "" and result.standard_title == ""
    with ctx.session() as s:
        row = s.query(CertificateInquiry).one()
        assert row.holder_name == "" and row.certificate_id is None


def test_scanned_qr_payload_through_a_persian_keyboard(ctx, holders):
    holder = holders[0]
    payload = qr_payload(holder.serial, holder.verification_code)
    assert parse_serial_input(payload).serial == holder.serial
    # The same keys typed with the Persian layout: letters and the bar come out garbled,
    # digits as Persian digits.
    garbled = (
        payload.replace("MIZC", "ئهظز")
        .replace("|", "،")
        .translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    )
    parsed = parse_serial_input(garbled)
    assert (parsed.serial, parsed.verification_code) == (holder.serial, holder.verification_code)
    assert ask(ctx, garbled, holder.national_code).answer == "genuine"


def test_a_forged_verification_code_is_not_genuine(ctx, holders):
    holder = holders[0]
    forged = "0000000000" if holder.verification_code != "0000000000" else "1111111111"
    assert ask(ctx, qr_payload(holder.serial, forged), holder.national_code).answer == "unknown"


def test_missing_input_is_refused_with_the_field(ctx, holders):
    with pytest.raises(ServiceError) as err:
        inquire(ctx, InquiryRequest("", holders[0].national_code, asker_name="x y"))
    assert err.value.field == "serial"
    with pytest.raises(ServiceError) as err:
        inquire(ctx, InquiryRequest(holders[0].serial, "", asker_name="x y"))
    assert err.value.field == "national_code"
    with pytest.raises(ServiceError) as err:
        inquire(ctx, InquiryRequest(holders[0].serial, holders[0].national_code, "agency", ""))
    assert err.value.field == "asker_name"


def test_every_inquiry_is_recorded_with_who_and_when(ctx, holders):
    asked = utcnow() - timedelta(hours=2)
    record = inquire(
        ctx,
        InquiryRequest(
            holders[0].serial,
            holders[0].national_code,
            asker_kind="agency",
            asker_name="سفارت کانادا",
            letter_number="۱۲۳/۴۵",
            asked_at=asked,
        ),
    )
    with ctx.session() as s:
        row = s.get(CertificateInquiry, record.id)
        assert row.asker_kind == "agency" and row.asker_name == "سفارت کانادا"
        assert row.letter_number == "123/45" and row.answer == "genuine"
        assert row.serial == holders[0].serial and row.source == "local"
        assert (row.answered_at - row.asked_at) >= timedelta(hours=2)


def test_statistics_per_month_and_average_answer_time(ctx, holders):
    now = utcnow()
    ask(ctx, holders[0].serial, holders[0].national_code, asked_at=now - timedelta(minutes=30))
    ask(ctx, holders[1].serial, holders[1].national_code, asked_at=now - timedelta(minutes=10))
    ask(ctx, "2701-000099", "0012345679", asked_at=now - timedelta(days=40, minutes=20))
    stats = inquiry_statistics(ctx)
    assert stats.total == 3
    assert stats.answers == {"genuine": 1, "revoked": 1, "unknown": 1}
    assert len(stats.months) == 2
    assert sum(m.count for m in stats.months) == 3
    assert (
        timedelta(minutes=19)
        < stats.average_answer - timedelta(days=40) / 3
        < timedelta(minutes=21)
    )
    from desktop_app.services.certificates.certificate_inquiry import count_inquiries, inquiry_page

    assert count_inquiries(ctx, ListQuery(search=holders[0].serial)) == 1
    assert inquiry_page(ctx, ListQuery(sort="asked_at", descending=True), 0, 10)[0].answer == (
        "revoked"
    )


def test_duration_text():
    assert duration_text(timedelta(seconds=42)) == "۴۲ ثانیه"
    assert duration_text(timedelta(minutes=12)) == "۱۲ دقیقه"
    assert duration_text(timedelta(hours=3, minutes=10)) == "۳ ساعت و ۱۰ دقیقه"
    assert duration_text(timedelta(days=3)) == "۳ روز"


def test_reply_letter_states_the_answer(ctx, holders, tmp_path):
    from desktop_app.services.certificates.certificate_print import print_reply_letter
    from tests.reports.pdftext import drawn_lines, logical

    record = inquire(
        ctx,
        InquiryRequest(holders[1].serial, holders[1].national_code, "agency", "سفارت کانادا", "۴۵"),
    )
    out = tmp_path / "letter.pdf"
    print_reply_letter(ctx, record.id, out)
    text = "\n".join(logical(line) for page in drawn_lines(out) for line in page)
    assert "ابطال" in text and "تقلب در آزمون عملی" in text and "سفارت کانادا" in text
