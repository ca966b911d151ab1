"""Persian alphabetical order: the sort key and the PERSIAN collation of every connection."""

from __future__ import annotations

from sqlalchemy import text

from desktop_app.persian import PERSIAN_ALPHABET, sort_key


def test_alphabet_order_not_unicode_order():
    words = ["یاسر", "گلاره", "کاوه", "ژاله", "فرهاد", "چنگیز", "زهره", "پارسا", "آرش", "ابراهیم"]
    words.append("بهرام")
    assert sorted(words, key=sort_key) == [
        "آرش",
        "ابراهیم",
        "بهرام",
        "پارسا",
        "چنگیز",
        "زهره",
        "ژاله",
        "فرهاد",
        "کاوه",
        "گلاره",
        "یاسر",
    ]
    assert sorted(words) != sorted(words, key=sort_key)  # Unicode order is wrong here
    letters = list(PERSIAN_ALPHABET)
    assert sorted(reversed(letters), key=sort_key) == letters


def test_variants_digits_and_zwnj_sort_together():
    assert sort_key("كاظم") == sort_key("کاظم")  # Arabic kaf
    assert sort_key("علي") == sort_key("علی")
    assert sort_key("می‌شود") == sort_key("میشود")
    assert sort_key("کارگاه ۱۲") == sort_key("کارگاه 12")
    assert sort_key("Ali") < sort_key("آرش")  # Latin before Persian
    assert sort_key("کارگاه ۲") < sort_key("کارگاه ۳")


def test_every_connection_sorts_with_the_persian_collation(ctx):
    with ctx.engine.connect() as conn:
        conn.execute(text("CREATE TEMP TABLE w (name TEXT)"))
        for name in ("گل", "کل", "یک", "پل", "بل", "چل", "ژل", "زل"):
            conn.execute(text("INSERT INTO w VALUES (:n)"), {"n": name})
        rows = conn.execute(text("SELECT name FROM w ORDER BY name COLLATE PERSIAN")).scalars()
        assert list(rows) == ["بل", "پل", "چل", "زل", "ژل", "کل", "گل", "یک"]
