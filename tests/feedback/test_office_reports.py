"""The services report: counts per Jalali month from the counted sources, a month alone,
complaints by state and lateness, survey scores, a pluggable source (as gifts will join),
people per office, the card's recipients count, the PDF and the Excel."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook

from desktop_app.models import PublicRequest, Setting
from desktop_app.persian import from_jalali
from desktop_app.reports.feedback.services_report import value_text
from desktop_app.services.core.errors import ServiceError
from desktop_app.services.feedback.requests import RequestData, answer_request, register_request
from desktop_app.services.feedback.surveys import AnswerData, record_answer
from desktop_app.services.office_reports import sources as registry
from desktop_app.services.office_reports.report import (
    RecipientsOffer,
    recipients_for_card,
    recipients_offer,
    services_report,
    write_report_excel,
    write_report_pdf,
)
from desktop_app.services.office_reports.sources import CountedSource, monthly_tally

from .test_surveys_faq_print import contains, pdf_text


def _at(year: int, month: int, day: int) -> datetime:
    return datetime.combine(from_jalali(year, month, day), datetime.min.time(), UTC).replace(hour=9)


def _request(ctx, card_id, kind: str, when: datetime):
    data = RequestData(kind=kind, service_card_id=card_id, anonymous=True, body="متن")
    return register_request(ctx, data, received_at=when)


def _figure(report, title_part: str, key: str):
    service = next(s for s in report.services if title_part in s.service_title)
    return next(f for f in service.figures if f.key == key)


def test_requests_and_complaints_are_counted_per_jalali_month(ctx, card_id):
    _request(ctx, card_id, "complaint", _at(1405, 1, 20))
    _request(ctx, card_id, "opinion", _at(1405, 1, 31))
    _request(ctx, card_id, "violation", _at(1405, 2, 1))
    _request(ctx, card_id, "complaint", _at(1404, 12, 29))  # the year before
    report = services_report(ctx, 1405)
    requests = _figure(report, "آموزش", "requests")
    assert requests.months[:3] == (2.0, 1.0, 0.0) and requests.total == 3
    assert _figure(report, "آموزش", "complaints").total == 2
    month = services_report(ctx, 1405, 2)
    assert _figure(month, "آموزش", "requests").total == 1


def test_complaints_by_state_and_late_ones(ctx, card_id):
    late = _request(ctx, card_id, "complaint", _at(1405, 1, 5))
    on_time = _request(ctx, card_id, "complaint", _at(1405, 1, 6))
    answer_request(ctx, on_time.id, on_time.version, "پاسخ", at=_at(1405, 1, 8))
    answered_late = _request(ctx, card_id, "complaint", _at(1405, 1, 7))
    answer_request(ctx, answered_late.id, answered_late.version, "پاسخ", at=_at(1405, 3, 1))
    report = services_report(ctx, 1405)
    states = dict(report.complaints_by_state)
    assert states["دریافت شده"] == 1 and states["پاسخ داده شده"] == 2
    assert report.complaints_late == 2  # still open past its deadline, and answered late
    assert late.due_on is not None


def test_survey_scores_are_averaged_per_service(ctx, card_id):
    record_answer(ctx, AnswerData(card_id, [5, 5, 5, 5, 5], answered_on=from_jalali(1405, 4, 2)))
    record_answer(ctx, AnswerData(card_id, [3, 3, 3, 3, 3], answered_on=from_jalali(1405, 4, 9)))
    record_answer(ctx, AnswerData(card_id, [1, 1, 1, 1, 1], answered_on=from_jalali(1405, 5, 9)))
    score = _figure(services_report(ctx, 1405), "آموزش", "survey_score")
    assert score.months[3] == 4.0 and score.months[4] == 1.0
    assert score.total == pytest.approx(3.0)


def test_a_registered_source_joins_the_report_as_gifts_will(ctx, card_id):
    def count_urgent(session, bounds):
        return monthly_tally(
            session,
            bounds,
            PublicRequest,
            PublicRequest.received_at,
            PublicRequest.body == "فوری",
        )

    _request(ctx, card_id, "opinion", _at(1405, 6, 1))
    ctx_data = RequestData(kind="opinion", service_card_id=card_id, anonymous=True, body="فوری")
    register_request(ctx, ctx_data, received_at=_at(1405, 6, 2))
    registry.register_source(
        CountedSource("urgent", "فوری‌ها", count_urgent, service_name="خدمت آزمایشی", people=True)
    )
    try:
        report = services_report(ctx, 1405)
        assert _figure(report, "خدمت آزمایشی", "urgent").months[5] == 1
        assert dict(report.offices) == {"": 1}
    finally:
        registry._SOURCES.pop("urgent")


def test_recipients_of_a_card_come_from_its_people_sources(ctx, card_id):
    def people(session, bounds):
        return monthly_tally(
            session,
            bounds,
            PublicRequest,
            PublicRequest.received_at,
            card=PublicRequest.service_card_id,
        )

    for day in (1, 2, 3):
        _request(ctx, card_id, "opinion", _at(1405, 7, day))
    registry.register_source(CountedSource("people_test", "مراجعان", people, people=True))
    try:
        assert recipients_for_card(ctx, card_id, 1405) == 3
    finally:
        registry._SOURCES.pop("people_test")
    assert recipients_for_card(ctx, card_id, 1405) is None  # no people source for it
    assert recipients_for_card(ctx, uuid.uuid4(), 1405) is None


def test_the_card_is_offered_its_people_of_the_last_finished_period(ctx, card_id):
    """Three people in Mehr 1405: offered for the year 1405, for autumn, for Mehr, and as
    a daily average of Mehr; a source named by the card's service code counts too."""

    def people(session, bounds):
        return monthly_tally(
            session,
            bounds,
            PublicRequest,
            PublicRequest.received_at,
            card=PublicRequest.service_card_id,
        )

    def by_code(session, bounds):  # rows of no card, counted for the service code
        return monthly_tally(session, bounds, PublicRequest, PublicRequest.received_at)

    for day in (1, 2, 3):
        _request(ctx, card_id, "opinion", _at(1405, 7, day))
    assert recipients_offer(ctx, card_id, "year", from_jalali(1406, 1, 15)) is None
    registry.register_source(CountedSource("people_test", "مراجعان", people, people=True))
    try:
        year = recipients_offer(ctx, card_id, "year", from_jalali(1406, 1, 15))
        assert year == RecipientsOffer(3, "year", "سال ۱۴۰۵")
        assert recipients_offer(ctx, card_id, "season", from_jalali(1405, 10, 5)) == (
            RecipientsOffer(3, "season", "پاییز ۱۴۰۵")
        )
        summer = recipients_offer(ctx, card_id, "season", from_jalali(1405, 8, 10))
        assert summer == RecipientsOffer(0, "season", "تابستان ۱۴۰۵")
        assert recipients_offer(ctx, card_id, "month", from_jalali(1405, 8, 10)) == (
            RecipientsOffer(3, "month", "مهر ۱۴۰۵")
        )
        daily = recipients_offer(ctx, card_id, "day", from_jalali(1405, 8, 10))
        assert daily == RecipientsOffer(0, "day", "میانگین روزانهٔ مهر ۱۴۰۵")
        assert recipients_offer(ctx, card_id, "year", from_jalali(1405, 3, 1)).count == 0
    finally:
        registry._SOURCES.pop("people_test")
    registry.register_source(
        CountedSource("code_test", "مراجعان", by_code, service_code="12345678901", people=True)
    )
    try:
        assert recipients_offer(ctx, card_id, "month", from_jalali(1405, 8, 1)).count == 3
    finally:
        registry._SOURCES.pop("code_test")
    with pytest.raises(ServiceError) as caught:
        recipients_offer(ctx, card_id, "week")
    assert caught.value.field == "recipients_period"


def test_bad_period_is_refused_at_its_field(ctx):
    with pytest.raises(ServiceError) as caught:
        services_report(ctx, 2026)
    assert caught.value.field == "year"
    with pytest.raises(ServiceError) as caught:
        services_report(ctx, 1405, 13)
    assert caught.value.field == "month"


def test_pdf_and_excel_show_the_same_figures(ctx, card_id, tmp_path):
    for day in (1, 2):
        _request(ctx, card_id, "complaint", _at(1405, 9, day))
    report = services_report(ctx, 1405)
    write_report_pdf(ctx, tmp_path / "r.pdf", report)
    text = pdf_text(tmp_path / "r.pdf")
    assert contains(text, "گزارش خدمت") and contains(text, "شکایت و گزارش تخلف")
    assert write_report_excel(ctx, tmp_path / "r.xlsx", report) >= 2
    sheet = load_workbook(tmp_path / "r.xlsx").active
    rows = {(r[0], r[1]): r for r in sheet.iter_rows(min_row=2, values_only=True)}
    complaints = next(v for k, v in rows.items() if k[1] == "شکایت و گزارش تخلف")
    assert complaints[2 + 8] == 2 and complaints[-1] == 2  # آذر (month 9) and the total


def test_averages_are_written_with_persian_digits_and_decimal_mark():
    """The report's table, the window's table and the PDF chart's axis write ۳٫۸, not 3.8."""
    assert value_text(3.84, "score") == "۳٫۸" and value_text(4.0, "hour") == "۴٫۰"
    assert value_text(0.0, "score") == "—" and value_text(1234.0, "") == "۱٬۲۳۴"


def test_a_center_counts_its_own_rows_a_province_every_row_it_holds(ctx, card_id):
    """A pull brings a center the rows of the offices above it: not its numbers."""
    _request(ctx, card_id, "opinion", _at(1405, 3, 1))
    above = _request(ctx, card_id, "opinion", _at(1405, 3, 2))
    with ctx.session() as session:
        session.get(PublicRequest, above.id).origin_office = "27"  # the province's own
    figure = _figure(services_report(ctx, 1405), "آموزش مهارت", "requests")
    assert figure.total == 1
    with ctx.session() as session:
        session.merge(Setting(key="office.level", value=json.dumps("province")))
    report = services_report(ctx, 1405)
    assert _figure(report, "آموزش مهارت", "requests").total == 2
    assert "استان" in report.scope
