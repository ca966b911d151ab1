"""Jalali dates: conversion, parsing, formatting, leap years, messages."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.persian import (
    JALALI_MONTHS,
    JALALI_WEEKDAYS,
    ValidationError,
    age_on,
    format_jalali,
    format_jalali_long,
    from_jalali,
    is_jalali_leap,
    jalali_month_days,
    jalali_weekday,
    parse_jalali,
    to_jalali,
    to_persian_digits,
)

FIRST = date(1821, 3, 21)  # 1200/01/01
LAST = date(2222, 3, 20)  # 1600/12/29 (1600 is a common year)
dates = st.dates(min_value=FIRST, max_value=LAST)


def test_range_ends() -> None:
    assert to_jalali(FIRST) == (1200, 1, 1)
    assert to_jalali(LAST) == (1600, 12, 29)
    assert not is_jalali_leap(1600)


@pytest.mark.parametrize(
    ("jalali", "gregorian"),
    [
        ((1403, 1, 1), date(2024, 3, 20)),
        ((1404, 1, 1), date(2025, 3, 21)),
        ((1403, 12, 30), date(2025, 3, 20)),
        ((1399, 12, 30), date(2021, 3, 20)),
        ((1357, 11, 22), date(1979, 2, 11)),
        ((1402, 10, 11), date(2024, 1, 1)),
    ],
)
def test_known_pairs(jalali: tuple[int, int, int], gregorian: date) -> None:
    assert from_jalali(*jalali) == gregorian
    assert to_jalali(gregorian) == jalali


@pytest.mark.parametrize(
    ("year", "leap"), [(1399, True), (1403, True), (1404, False), (1407, False), (1408, True)]
)
def test_pinned_leap_years(year: int, leap: bool) -> None:
    assert is_jalali_leap(year) is leap
    assert jalali_month_days(year, 12) == (30 if leap else 29)


def test_month_lengths() -> None:
    assert [jalali_month_days(1403, m) for m in range(1, 13)] == [31] * 6 + [30] * 6
    assert [jalali_month_days(1404, m) for m in range(1, 13)] == [31] * 6 + [30] * 5 + [29]


@given(st.integers(min_value=1200, max_value=1599))
def test_leap_years_agree_with_calendar(year: int) -> None:
    length = (from_jalali(year + 1, 1, 1) - from_jalali(year, 1, 1)).days
    assert length == (366 if is_jalali_leap(year) else 365)


@given(dates)
def test_from_jalali_round_trip(d: date) -> None:
    assert from_jalali(*to_jalali(d)) == d


@given(dates)
def test_parse_format_round_trip(d: date) -> None:
    assert parse_jalali(format_jalali(d)) == d
    assert parse_jalali(format_jalali(d, persian_digits=False)) == d


@given(
    dates,
    st.sampled_from(["/", "-", ".", "٫"]),
    st.booleans(),
    st.sampled_from(["0123456789", "۰۱۲۳۴۵۶۷۸۹", "٠١٢٣٤٥٦٧٨٩"]),
)
def test_parse_accepts_what_clerks_type(d: date, sep: str, pad: bool, script: str) -> None:
    y, m, day = to_jalali(d)
    text = f"{y}{sep}{m:02d}{sep}{day:02d}" if pad else f"{y}{sep}{m}{sep}{day}"
    text = text.translate(str.maketrans("0123456789", script))
    assert parse_jalali(f"  {text} ") == d


@pytest.mark.parametrize(
    "text",
    [
        "1403/1/5",
        "۱۴۰۳/۰۱/۰۵",
        "1403-01-05",
        "٠١٤٠٣/٠١/٠٥",
        " 1403 / 1 / 5 ",
        "\u200f۱۴۰۳/۰۱/۰۵\u200e",
        "14030105",
        "1403.01.05",
    ],
)
def test_parse_known_forms(text: str) -> None:
    assert parse_jalali(text) == date(2024, 3, 24)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "تاریخ را وارد کنید."),
        ("   ", "تاریخ را وارد کنید."),
        (None, "تاریخ را وارد کنید."),
        ("فردا", "تاریخ را به شکل ۱۴۰۳/۰۱/۱۵ وارد کنید."),
        ("1403/01", "تاریخ را به شکل ۱۴۰۳/۰۱/۱۵ وارد کنید."),
        ("1403/01/05/01", "تاریخ را به شکل ۱۴۰۳/۰۱/۱۵ وارد کنید."),
        ("1403/001/05", "تاریخ را به شکل ۱۴۰۳/۰۱/۱۵ وارد کنید."),
        ("03/01/05", "سال را چهاررقمی وارد کنید؛ مثلاً ۱۴۰۳/۰۱/۱۵."),
        ("05/01/1403", "تاریخ را به ترتیب سال/ماه/روز وارد کنید؛ مثلاً ۱۴۰۳/۰۱/۱۵."),
        ("1404/12/30", "تاریخ ۱۴۰۴/۱۲/۳۰ وجود ندارد: اسفند سال ۱۴۰۴ ۲۹ روز دارد."),
        ("1403/12/31", "تاریخ ۱۴۰۳/۱۲/۳۱ وجود ندارد: اسفند سال ۱۴۰۳ ۳۰ روز دارد."),
        ("1403/07/31", "تاریخ ۱۴۰۳/۰۷/۳۱ وجود ندارد: مهر ۳۰ روز دارد."),
        ("1403/01/32", "تاریخ ۱۴۰۳/۰۱/۳۲ وجود ندارد: فروردین ۳۱ روز دارد."),
        ("1403/13/01", "ماه باید بین ۱ و ۱۲ باشد."),
        ("1403/00/01", "ماه باید بین ۱ و ۱۲ باشد."),
        ("1403/01/00", "روز باید بین ۱ و ۳۱ باشد."),
        ("1199/12/29", "سال باید بین ۱۲۰۰ و ۱۶۰۰ باشد."),
        ("1601/01/01", "سال باید بین ۱۲۰۰ و ۱۶۰۰ باشد."),
    ],
)
def test_parse_messages(text: str | None, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_jalali(text)
    assert caught.value.message == message
    assert str(caught.value) == message


def test_gregorian_year_gets_a_hint() -> None:
    with pytest.raises(ValidationError, match="میلادی"):
        parse_jalali("2024/03/20")


def test_1404_12_30_rejected_and_1403_12_30_accepted() -> None:
    with pytest.raises(ValidationError) as caught:
        from_jalali(1404, 12, 30)
    assert "۲۹" in caught.value.message
    assert from_jalali(1403, 12, 30) == date(2025, 3, 20)


@given(st.integers(1200, 1600), st.integers(-5, 40), st.integers(-5, 40))
def test_from_jalali_accepts_exactly_the_real_dates(year: int, month: int, day: int) -> None:
    real = 1 <= month <= 12 and 1 <= day <= jalali_month_days(year, month)
    if real:
        assert to_jalali(from_jalali(year, month, day)) == (year, month, day)
    else:
        with pytest.raises(ValidationError):
            from_jalali(year, month, day)


def test_format_jalali() -> None:
    assert format_jalali(date(2024, 4, 3)) == "۱۴۰۳/۰۱/۱۵"
    assert format_jalali(date(2024, 4, 3), persian_digits=False) == "1403/01/15"
    assert format_jalali(None) == ""


def test_format_jalali_long_and_weekday() -> None:
    assert format_jalali_long(date(2024, 3, 24)) == "۵ فروردین ۱۴۰۳"
    assert format_jalali_long(date(2025, 3, 20)) == "۳۰ اسفند ۱۴۰۳"
    assert format_jalali_long(None) == ""
    assert jalali_weekday(date(2024, 3, 23)) == "شنبه"  # a Saturday
    assert jalali_weekday(date(2024, 3, 29)) == "جمعه"


def test_names() -> None:
    assert len(JALALI_MONTHS) == 12
    assert JALALI_MONTHS[0] == "فروردین"
    assert JALALI_MONTHS[11] == "اسفند"
    assert JALALI_WEEKDAYS[0] == "شنبه"
    assert len(JALALI_WEEKDAYS) == 7


@given(dates)
def test_weekday_names_follow_the_week(d: date) -> None:
    assert JALALI_WEEKDAYS.index(jalali_weekday(d)) == (d.toordinal() + 1) % 7


def test_age_on() -> None:
    birth = from_jalali(1380, 5, 10)
    assert age_on(birth, from_jalali(1398, 5, 9)) == 17
    assert age_on(birth, from_jalali(1398, 5, 10)) == 18
    assert age_on(birth, birth) == 0
    # Born on 30 Esfand of a leap year: a year older on 1 Farvardin in common years.
    leap_born = from_jalali(1399, 12, 30)
    assert age_on(leap_born, from_jalali(1404, 12, 29)) == 4
    assert age_on(leap_born, from_jalali(1405, 1, 1)) == 5
    assert age_on(leap_born, from_jalali(1403, 12, 30)) == 4
    with pytest.raises(ValidationError):
        age_on(birth, from_jalali(1379, 1, 1))


@given(dates, dates)
def test_age_is_monotonic(a: date, b: date) -> None:
    birth, on = min(a, b), max(a, b)
    age = age_on(birth, on)
    assert age >= 0
    assert age in {
        to_jalali(on)[0] - to_jalali(birth)[0],
        to_jalali(on)[0] - to_jalali(birth)[0] - 1,
    }


def test_messages_use_persian_digits() -> None:
    with pytest.raises(ValidationError) as caught:
        parse_jalali("1404/12/30")
    assert caught.value.message == to_persian_digits(caught.value.message)


@given(
    st.text(alphabet=st.characters(), max_size=30)
    | st.text(alphabet="0123456789۱۴۰۳/-. ", max_size=20)
)
def test_parse_either_accepts_or_explains(text: str) -> None:
    try:
        d = parse_jalali(text)
    except ValidationError as error:
        assert error.message
    else:
        assert FIRST <= d <= LAST


def test_calendar_walk_over_the_whole_range() -> None:
    """Walk 1200..1600 month by month: every month starts the day after the last ended."""
    ordinal = FIRST.toordinal()
    for year in range(1200, 1601):
        for month in range(1, 13):
            first = date.fromordinal(ordinal)
            assert from_jalali(year, month, 1) == first
            assert to_jalali(first) == (year, month, 1)
            days = jalali_month_days(year, month)
            last = date.fromordinal(ordinal + days - 1)
            assert to_jalali(last) == (year, month, days)
            assert from_jalali(year, month, days) == last
            ordinal += days
    assert date.fromordinal(ordinal - 1) == LAST
