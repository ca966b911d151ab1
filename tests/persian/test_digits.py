"""Digit scripts and number formatting."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.persian import (
    MINUS_SIGN,
    format_number,
    format_rial,
    to_ascii_digits,
    to_persian_digits,
)


def test_to_persian_digits_converts_latin_and_arabic_indic() -> None:
    assert to_persian_digits("0123456789") == "۰۱۲۳۴۵۶۷۸۹"
    assert to_persian_digits("٠١٢٣٤٥٦٧٨٩") == "۰۱۲۳۴۵۶۷۸۹"
    assert to_persian_digits(1403) == "۱۴۰۳"
    assert to_persian_digits("کد 12-ab") == "کد ۱۲-ab"
    assert to_persian_digits(None) == ""


def test_to_ascii_digits_accepts_three_scripts() -> None:
    assert to_ascii_digits("۱۲۳٤٥٦789") == "123456789"
    assert to_ascii_digits("پلاک ۷، واحد ٣") == "پلاک 7، واحد 3"


@given(st.text())
def test_digit_round_trip(s: str) -> None:
    assert to_ascii_digits(to_persian_digits(s)) == to_ascii_digits(s)
    assert to_persian_digits(to_ascii_digits(s)) == to_persian_digits(s)


@given(st.text())
def test_only_digits_change(s: str) -> None:
    persian = to_persian_digits(s)
    assert len(persian) == len(s)
    assert all(a == b or a.isdigit() for a, b in zip(s, persian, strict=True))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "۰"),
        (999, "۹۹۹"),
        (1000, "۱٬۰۰۰"),
        (1234567, "۱٬۲۳۴٬۵۶۷"),
        (1234.5, "۱٬۲۳۴٫۵"),
        (0.1, "۰٫۱"),
        (1e-7, "۰٫۰۰۰۰۰۰۱"),
        (Decimal("6000000.00"), "۶٬۰۰۰٬۰۰۰٫۰۰"),
        (Decimal("1E+3"), "۱٬۰۰۰"),
        (-1500, MINUS_SIGN + "۱٬۵۰۰"),
        (Decimal("-2.50"), MINUS_SIGN + "۲٫۵۰"),
        (-0.0, "۰٫۰"),
        (Decimal("-0.00"), "۰٫۰۰"),
    ],
)
def test_format_number(value: int | float | Decimal, expected: str) -> None:
    assert format_number(value) == expected


def test_format_number_without_grouping() -> None:
    assert format_number(1234567, grouping=False) == "۱۲۳۴۵۶۷"
    assert format_number(-1234.25, grouping=False) == MINUS_SIGN + "۱۲۳۴٫۲۵"


@pytest.mark.parametrize("value", [float("nan"), float("inf"), Decimal("NaN"), Decimal("-Inf")])
def test_format_number_rejects_non_finite(value: float | Decimal) -> None:
    with pytest.raises(ValueError):
        format_number(value)


@given(st.integers())
def test_format_number_reads_back(n: int) -> None:
    text = format_number(n)
    plain = to_ascii_digits(text).replace("٬", "").replace(MINUS_SIGN, "-")
    assert int(plain) == n


def test_format_rial() -> None:
    assert format_rial(50000) == "۵۰٬۰۰۰ ریال"
    assert format_rial(6_000_000) == "۶٬۰۰۰٬۰۰۰ ریال"
