"""Gifts are a counted source of the office's services report (issue 18 → 20): every
receipt counts in the Jalali month it was received, a cancelled one does not, and the
figure stands under the participation service (seed 004) as people served."""

from __future__ import annotations

from desktop_app.persian import from_jalali
from desktop_app.services.office_reports.report import services_report
from desktop_app.services.office_reports.sources import PARTICIPATION_SERVICE_CODE, sources
from desktop_app.services.participation.gifts import cancel_gift
from tests.participation.conftest import cash, in_kind


def _gift_figure(report):
    service = next(s for s in report.services if "مشارکت‌های مردمی" in s.service_title)
    return next(f for f in service.figures if f.key == "gifts")


def test_gifts_are_registered_as_a_people_source_of_the_participation_card():
    gifts = next(s for s in sources() if s.key == "gifts")
    assert gifts.service_code == PARTICIPATION_SERVICE_CODE and gifts.people


def test_the_office_report_counts_gifts_per_jalali_month(office):
    cash(office, received_on=from_jalali(1405, 1, 31))
    in_kind(office, received_on=from_jalali(1405, 1, 1))
    cancelled = cash(office, received_on=from_jalali(1405, 2, 3))
    cash(office, received_on=from_jalali(1405, 2, 4))
    cash(office, received_on=from_jalali(1404, 12, 29))  # the year before
    cancel_gift(office, cancelled.id, "مبلغ اشتباه وارد شد")
    figure = _gift_figure(services_report(office, 1405))
    assert figure.months[:3] == (2.0, 1.0, 0.0) and figure.total == 3
    assert _gift_figure(services_report(office, 1405, 2)).total == 1
