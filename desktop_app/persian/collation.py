"""Persian alphabetical order (ترتیب الفبای فارسی) for sorting names.

Unicode puts the four Persian letters پ چ ژ گ (and ک, ی) after all the Arabic ones,
so a plain sort lists «پارسا» after «یاسر». ``sort_key(text)`` maps each letter to
its place in the Persian alphabet

    آ ا ب پ ت ث ج چ ح خ د ذ ر ز ژ س ش ص ض ط ظ ع غ ف ق ک گ ل م ن و ه ی

(Arabic ك/ي with ک/ی, أ إ ٱ with ا, ؤ with و, ۀ ة with ه, ئ with ی), digits of every
script as Latin digits, drops ZWNJ and diacritics, and folds Latin case; spaces and
digits sort before letters, Latin letters before Persian ones. ``compare(a, b)`` is
the three-way comparison SQLite's ``create_collation`` wants: ``models.database``
registers it as the ``PERSIAN`` collation on every connection, and ``services.core.listing``
sorts text columns with it.

Pure functions (the key cache is thread-safe): any thread may call them.
"""

from __future__ import annotations

from functools import lru_cache

__all__ = ["PERSIAN_ALPHABET", "compare", "sort_key"]

PERSIAN_ALPHABET = "آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"

_VARIANTS = {
    "أ": "ا",
    "إ": "ا",
    "ٱ": "ا",
    "ك": "ک",
    "ي": "ی",
    "ى": "ی",
    "ئ": "ی",
    "ؤ": "و",
    "ۀ": "ه",
    "ة": "ه",
}
_FIRST_LETTER = 0xE000  # private-use code points: above every Latin letter


def _table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for rank, letter in enumerate(PERSIAN_ALPHABET):
        table[ord(letter)] = chr(_FIRST_LETTER + rank)
    for variant, letter in _VARIANTS.items():
        table[ord(variant)] = table[ord(letter)]
    for digit in range(10):
        table[0x06F0 + digit] = str(digit)  # Persian digits
        table[0x0660 + digit] = str(digit)  # Arabic-Indic digits
    for code in (0x200C, 0x200D, 0x0640, *range(0x064B, 0x0660), 0x0670):
        table[code] = None  # ZWNJ, ZWJ, tatweel, diacritics
    return table


_TABLE = _table()


@lru_cache(maxsize=262_144)
def sort_key(text: str) -> str:
    """A string whose plain (code point) order is the Persian alphabetical order."""
    return text.casefold().translate(_TABLE)


def compare(a: str | None, b: str | None) -> int:
    """-1, 0 or 1 as ``a`` sorts before, with or after ``b`` (ties broken by code points)."""
    if a == b:
        return 0
    ka, kb = sort_key(a or ""), sort_key(b or "")
    if ka != kb:
        return -1 if ka < kb else 1
    return -1 if (a or "") < (b or "") else 1
