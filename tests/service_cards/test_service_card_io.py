"""JSON export/import of the catalog (round trip, bad records) and the Excel list."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook

from desktop_app.services.accounts.access import system_actor
from desktop_app.services.catalog.service_card_io import (
    FORMAT,
    export_cards,
    export_excel,
    export_json,
    import_json,
)
from desktop_app.services.catalog.service_card_list import list_cards
from desktop_app.services.catalog.service_cards import find_card
from desktop_app.services.core.context import AppContext
from desktop_app.services.core.errors import ServiceError
from desktop_app.services.demo.demo_service_cards import fill_service_cards


def _write(path, cards, **overrides):
    document = {"format": FORMAT, "version": 1, "cards": cards, **overrides}
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")


def test_round_trip_is_identical(ctx, tmp_path):
    fill_service_cards(ctx)
    first = tmp_path / "catalog.json"
    assert export_json(ctx, first) == 3
    other = AppContext.open(tmp_path / "other")
    other.user = system_actor()
    try:
        report = import_json(other, first)
        assert (report.created, report.updated, report.problems) == (3, 0, [])
        assert [c.to_dict() for c in export_cards(other)] == [
            c.to_dict() for c in export_cards(ctx)
        ]
        second = tmp_path / "again.json"
        export_json(other, second)
        assert second.read_bytes() == first.read_bytes()
        # importing the same file again updates, never duplicates
        assert import_json(other, first).updated == 3
        assert len(list_cards(other)) == 3
    finally:
        other.close()


def test_bad_records_are_reported_and_the_rest_imported(ctx, tmp_path):
    path = tmp_path / "mixed.json"
    _write(
        path,
        [
            {"title": "خدمت یک", "service_code": "18051045000"},
            {"title": "کد کوتاه", "service_code": "12345"},
            "not a card",
            {"title": "کلید اشتباه", "titel": "x"},
            {"title": "نوع اشتباه", "recipients_count": "زیاد"},
            {"title": "فهرست اشتباه", "audiences": ["G2X"]},
            {"title": "شبا", "fees": [{"amount": 10, "sheba": "IR00"}]},
            {"title": "همان کد", "service_code": "18051045000", "id": None},
            {"title": "خدمت دو", "level": "provincial", "processes": ["الف", "ب"]},
        ],
    )
    report = import_json(ctx, path)
    assert report.created == 2
    assert report.updated == 1  # "همان کد" updates the card with that code
    bad = {p.index: p for p in report.problems}
    assert sorted(bad) == [1, 2, 3, 4, 5, 6]
    assert "۱۱ رقم" in bad[1].reason and bad[1].title == "کد کوتاه"
    assert "titel" in bad[3].reason
    assert "recipients_count" in bad[4].reason
    assert "G2X" in bad[5].reason
    assert "ردیف ۱" in bad[6].reason
    assert str(bad[1]).startswith("شناسنامهٔ ۲ («کد کوتاه»):")
    assert find_card(ctx, "18051045000").title == "همان کد"
    assert {s.title for s in list_cards(ctx)} == {"همان کد", "خدمت دو"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "JSON"),
        ('{"format": "other", "version": 1, "cards": []}', "میز نیست"),
        ('{"format": "miz.service-cards", "version": 2, "cards": []}', "نسخهٔ"),
    ],
)
def test_foreign_files_are_refused_whole(ctx, tmp_path, content, message):
    path = tmp_path / "x.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ServiceError) as info:
        import_json(ctx, path)
    assert message in info.value.message


def test_excel_list(ctx, tmp_path):
    fill_service_cards(ctx)
    path = tmp_path / "catalog.xlsx"
    assert export_excel(ctx, path) == 3
    sheet = load_workbook(path).active
    assert sheet.sheet_view.rightToLeft
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("عنوان خدمت", "شناسه خدمت")
    assert rows[1][0] == "برگزاری دوره های آموزشی مهارتی فنی و حرفه ای"
    assert rows[1][1] == "18051045000"
    assert rows[1][8] == 29000
