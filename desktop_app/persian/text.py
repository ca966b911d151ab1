"""Normalization of Persian text: what is stored, how codes are cleaned, how search matches.

Three functions, three purposes:

* ``normalize`` for text that is STORED and shown (names, addresses, descriptions). It
  makes the same word always the same string, whichever keyboard typed it:

  - Arabic presentation forms (text copied from old PDFs) become ordinary letters (NFKC,
    applied to those characters only);
  - tatweel (ـ U+0640), byte-order marks, word joiners, bidi marks and embeddings
    (U+200E, U+200F, U+061C, U+202A..U+202E, U+2066..U+2069) and control characters
    are removed;
  - ZERO WIDTH SPACE (U+200B) and SOFT HYPHEN (U+00AD), which some keyboards and word
    processors produce for the "half space", become ZWNJ (U+200C). ZERO WIDTH JOINER
    (U+200D) is kept: it means the opposite of ZWNJ;
  - the text is composed (NFC);
  - Arabic yeh (ي U+064A, ى U+0649) becomes Persian yeh (ی U+06CC) and Arabic kaf
    (ك U+0643) becomes Persian kaf (ک U+06A9);
  - runs of ZWNJ shrink to one, a ZWNJ next to a space or at either end disappears, runs
    of white space (NBSP, tabs, new lines...) become one space, and the ends are stripped.
    With ``keep_newlines=True`` (multi-line fields) line breaks survive, each line is
    cleaned on its own and at most one empty line is kept between paragraphs.

  Digits are NOT changed: display text may carry any digit script.

* ``normalize_code`` for codes (national code, postal code, Sheba, tracking codes): Latin
  digits, no spaces, dashes, ZWNJ or other invisible characters.

* ``search_key`` for SEARCH. A record matches a query when ``search_key(query)`` is a
  substring of ``search_key(stored)`` (``matches`` does exactly that); apply the same
  function to both sides, and keep a stored text's key in a column if SQL must search it.
  The key folds away what the clerk cannot see or does not type consistently: Arabic
  diacritics (U+064B..U+065F, U+0670), ZWNJ and ZWJ, the letter variants أ إ ٱ → ا,
  ؤ → و, ۀ and ة → ه, the digit script (→ Latin) and Latin letter case. So "كارآموز"
  (Arabic kaf) finds "کارآموز", "میشود" finds "می‌شود" and "۱۲۳" finds "123". Spaces
  are kept (collapsed to one), and آ is kept as a letter of its own.

Pure functions without shared state: any thread may call them.
"""

from __future__ import annotations

import re
import unicodedata

from .digits import to_ascii_digits

__all__ = ["ZWNJ", "matches", "normalize", "normalize_code", "search_key"]

ZWNJ = "\u200c"
ZWJ = "\u200d"

# Arabic Presentation Forms-A and -B (U+FEFF, the byte-order mark, is dropped separately).
_PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]+")

# Invisible characters that carry no meaning in stored text: BOM, word joiner, bidi
# marks, embeddings, overrides and isolates.
_INVISIBLE = "\ufeff\u2060\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# Control characters that are not white space (white space is collapsed separately).
_CONTROLS = "".join(chr(c) for c in (*range(0x00, 0x09), *range(0x0E, 0x20), *range(0x7F, 0xA0)))
_CONTROLS = _CONTROLS.replace("\x85", "")  # NEXT LINE is a line break

_CLEAN = str.maketrans(
    {
        **dict.fromkeys(_INVISIBLE + _CONTROLS + "\u0640"),  # ... and tatweel
        "\u200b": ZWNJ,  # ZERO WIDTH SPACE
        "\u00ad": ZWNJ,  # SOFT HYPHEN
    }
)
_PERSIAN_LETTERS = str.maketrans({"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9"})

_SPACE_OR_ZWNJ_RUN = re.compile(r"[\s\u200c]+")
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\v\f\x85\u2028\u2029]")
_BLANK_LINES = re.compile(r"\n{3,}")

_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_CODE_JUNK = re.compile(
    "[\\s" + re.escape(_DASHES + ZWNJ + ZWJ + "\u200b\u00ad" + _INVISIBLE) + "]+"
)

_DIACRITICS_AND_JOINERS = re.compile(f"[\u064b-\u065f\u0670{ZWNJ}{ZWJ}]+")
_SEARCH_LETTERS = str.maketrans(
    {
        "\u0623": "\u0627",  # أ -> ا
        "\u0625": "\u0627",  # إ -> ا
        "\u0671": "\u0627",  # ٱ -> ا
        "\u0624": "\u0648",  # ؤ -> و
        "\u06c0": "\u0647",  # ۀ -> ه
        "\u0629": "\u0647",  # ة -> ه
    }
)


def _space_or_zwnj(match: re.Match[str]) -> str:
    run = match.group()
    return ZWNJ if run.strip(ZWNJ) == "" else " "


def _normalize_line(text: str) -> str:
    text = _SPACE_OR_ZWNJ_RUN.sub(_space_or_zwnj, text)
    return text.strip(" " + ZWNJ)


def normalize(text: str | None, *, keep_newlines: bool = False) -> str:
    """Return ``text`` in the form it is stored in; ``None`` becomes ``""``.

    See the module docstring for the exact rules. The result is a fixed point:
    ``normalize(normalize(t)) == normalize(t)``.
    """
    if not text:
        return ""
    text = _PRESENTATION_FORMS.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    text = text.translate(_CLEAN)
    text = unicodedata.normalize("NFC", text)
    text = text.translate(_PERSIAN_LETTERS)
    if not keep_newlines:
        return _normalize_line(text)
    lines = [_normalize_line(line) for line in _LINE_BREAKS.split(text)]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip("\n")


def normalize_code(text: str | None) -> str:
    """Return a code as stored: Latin digits; spaces, dashes, ZWNJ and invisibles removed.

    Letters and other punctuation are left alone (validators reject them with a message).
    """
    if not text:
        return ""
    return _CODE_JUNK.sub("", to_ascii_digits(text))


def search_key(text: str | None) -> str:
    """Return the key a text is searched by; see the module docstring.

    ``search_key(search_key(t)) == search_key(t)``.
    """
    key = normalize(text)
    key = _DIACRITICS_AND_JOINERS.sub("", key)
    key = to_ascii_digits(key.translate(_SEARCH_LETTERS))
    key = unicodedata.normalize("NFC", key.casefold())
    return " ".join(key.split())


def matches(query: str | None, text: str | None) -> bool:
    """True when ``text`` matches what the clerk typed in ``query`` (an empty query matches all)."""
    return search_key(query) in search_key(text)
