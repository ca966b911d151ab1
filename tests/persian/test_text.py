"""Normalization of stored text, codes and search keys."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.persian import ZWNJ, matches, normalize, normalize_code, search_key

# Text that stresses the rules: Persian and Arabic letters, diacritics, joiners, spaces.
_SPECIALS = "\u200c\u200b\u200d\u00ad\u00a0\t\n\u200f\ufeff"
_MARKS = "\u064b\u064e\u0651\u0653\u0654\u0670\u0301\ufef7\ufbfc"
_TRICKY = st.text(alphabet="ابپتکگیيىكةۀهأإٱآؤئـ ۱۲٣3aAİß" + _SPECIALS + _MARKS)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("علي", "علی"),
        ("موسى", "موسی"),
        ("كتاب", "کتاب"),
        ("كــــتاب", "کتاب"),
        ("می\u200c\u200cشود", "می\u200cشود"),
        ("می\u200bشود", "می\u200cشود"),
        ("می\u00adشود", "می\u200cشود"),
        ("کتاب\u200c ها", "کتاب ها"),
        ("کتاب \u200cها", "کتاب ها"),
        ("\u200cکتاب\u200c", "کتاب"),
        ("  علی \t\u00a0 رضا\n ", "علی رضا"),
        ("\ufeff\u200fعلی\u200e", "علی"),
        ("ﻛﺘﺎﺏ", "کتاب"),  # presentation forms copied from a PDF
        ("شماره ٣ و 4 و ۵", "شماره ٣ و 4 و ۵"),  # digits are left alone
        ("ا\u0653ب", "آب"),  # composed
        (None, ""),
        ("", ""),
    ],
)
def test_normalize(raw: str | None, expected: str) -> None:
    assert normalize(raw) == expected


def test_normalize_keeps_zwj() -> None:
    assert normalize("ه\u200d") == "ه\u200d"


def test_normalize_keep_newlines() -> None:
    raw = " بند ۱:  مدارک\r\n\r\n\r\n\tبند ۲: كپی \u2028آخر\n\n"
    assert normalize(raw, keep_newlines=True) == "بند ۱: مدارک\n\nبند ۲: کپی\nآخر"
    assert normalize(raw) == "بند ۱: مدارک بند ۲: کپی آخر"


@given(st.text())
def test_normalize_is_idempotent(s: str) -> None:
    once = normalize(s)
    assert normalize(once) == once
    multi = normalize(s, keep_newlines=True)
    assert normalize(multi, keep_newlines=True) == multi


@given(_TRICKY)
def test_normalize_is_idempotent_on_persian(s: str) -> None:
    once = normalize(s)
    assert normalize(once) == once


@given(_TRICKY)
def test_normalize_leaves_no_arabic_letters_or_stray_zwnj(s: str) -> None:
    result = normalize(s)
    assert not set(result) & set("يىكـ\u200b\u00ad\u00a0\t\n")
    assert result == result.strip(" " + ZWNJ)
    assert "  " not in result
    assert ZWNJ * 2 not in result
    assert " " + ZWNJ not in result
    assert ZWNJ + " " not in result


def test_normalize_code() -> None:
    assert normalize_code(" ۰۰۸-۴۵۷۵ ٩٤٨\u200c ") == "0084575948"
    assert normalize_code("IR 12–34\u200f") == "IR1234"
    assert normalize_code(None) == ""


@pytest.mark.parametrize(
    ("query", "stored"),
    [
        ("كارآموز", "کارآموز"),
        ("میشود", "می‌شود"),
        ("می‌شود", "میشود"),
        ("۱۲۳", "کد 123"),
        ("123", "کد ۱۲۳"),
        ("٣", "شماره ۳"),
        ("علي", "علی رضایی"),
        ("مساله", "مسأله"),
        ("موسسه", "مؤسسهٔ فنی"),  # ؤ and the hamza above heh are folded
        ("خانه", "خانۀ ما"),
        ("محمد", "مُحَمَّد"),
        ("SMITH", "John Smith"),
        ("  علی   رضا ", "علی رضا"),
        ("", "هر چیزی"),
    ],
)
def test_search_matches(query: str, stored: str) -> None:
    assert matches(query, stored)
    assert search_key(query) in search_key(stored)


def test_search_does_not_match_other_words() -> None:
    assert not matches("رضا", "علی")
    assert not matches("آب", "اب")  # آ is a letter of its own


@given(st.text())
def test_search_key_is_idempotent(s: str) -> None:
    key = search_key(s)
    assert search_key(key) == key


@given(_TRICKY)
def test_search_key_is_idempotent_on_persian(s: str) -> None:
    key = search_key(s)
    assert search_key(key) == key


@given(_TRICKY)
def test_stored_text_matches_itself_and_its_parts(s: str) -> None:
    stored = normalize(s)
    assert matches(s, stored)
    assert matches(stored, s)
    for word in stored.split():
        assert matches(word, stored)


@given(st.text(alphabet="0123456789", max_size=12))
def test_search_ignores_digit_script(digits: str) -> None:
    persian = digits.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    arabic = digits.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert search_key(persian) == search_key(arabic) == search_key(digits) == digits
