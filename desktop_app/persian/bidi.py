"""One rule for mixed-direction text: what is left to right inside a Persian sentence.

A code (tracking code ``2701-000017``, course code, serial, national code), a path, a
number with a dash, or a Latin word inside Persian text is wrapped in a Unicode
isolate, so the bidi algorithm keeps it in one piece and in its own order: without it
«کد رهگیری: 2701-000017» shows as «000017-2701» and a path's final slash jumps to
its start. Codes take the digit script of the sentence around them (Persian digits);
paths, URLs and user names are shown exactly as they are.

- ``isolate(text)`` — left-to-right isolate (LRI…PDI), text unchanged: paths, URLs,
  Latin names;
- ``code(text)`` — a code inside a Persian sentence: LRI…PDI around its Persian-digit
  form (the PDFs use LRE…PDF, see ``reports._bidi``, since their engine knows no isolates);
- ``strip_isolates(text)`` — the same text without the marks, for a terminal (which shows
  them as stray characters) and for comparisons.

Pure functions; any thread.
"""

from __future__ import annotations

from .digits import to_persian_digits

__all__ = ["FSI", "ISOLATES", "LRI", "PDI", "RLI", "code", "isolate", "strip_isolates"]

LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
ISOLATES = frozenset((LRI, RLI, FSI, PDI))
_STRIP = {ord(mark): None for mark in ISOLATES}


def isolate(text: str) -> str:
    """``text`` as one left-to-right run inside right-to-left text (unchanged otherwise)."""
    return f"{LRI}{text}{PDI}" if text else ""


def code(text: object) -> str:
    """A code or number with separators inside a Persian sentence: Persian digits, kept
    left to right (``2701-000017`` → ``⁦۲۷۰۱-۰۰۰۰۱۷⁩``)."""
    value = "" if text is None else str(text)
    return isolate(to_persian_digits(value)) if value else ""


def strip_isolates(text: str) -> str:
    """``text`` without isolate marks (for a terminal)."""
    return text.translate(_STRIP)
