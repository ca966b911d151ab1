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
- ``persian_digits_outside_latin(text)`` — Persian digits for the numbers of a text, but a
  Latin word with digits in it (``clerk1``, ``A4``, ``UTF-8``) keeps its own digits
  (never ``clerk۱``);
- ``isolate_runs(text)`` — a free text stored as it was written (an audit-log detail, a
  changed value): each code, number with separators, path or Latin word in it isolated
  as above, so it reads right wherever it sits in a Persian sentence;
- ``command(text)`` — a command to type (``miz restore``) inside a Persian sentence:
  isolated, its spaces no-break so a narrow box never splits it across two lines;
- ``strip_isolates(text)`` — the same text without the marks (and the no-break spaces of
  ``command`` back to spaces, to be typed as shown), for a terminal (which shows the marks
  as stray characters) and for comparisons.

Pure functions; any thread.
"""

from __future__ import annotations

import re

from .digits import to_persian_digits

__all__ = [
    "FSI",
    "ISOLATES",
    "LRI",
    "NBSP",
    "PDI",
    "RLI",
    "code",
    "command",
    "isolate",
    "isolate_runs",
    "persian_digits_outside_latin",
    "strip_isolates",
]

LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
NBSP = "\u00a0"
ISOLATES = frozenset((LRI, RLI, FSI, PDI))
_STRIP: dict[int, str | None] = {ord(mark): None for mark in ISOLATES}
_STRIP[ord(NBSP)] = " "
# a Latin word and what is glued to it (digits, dots, dashes, @): one left-to-right token
_LATIN_TOKEN = re.compile(r"[0-9]*[A-Za-z][A-Za-z0-9_.@-]*")


def isolate(text: str) -> str:
    """``text`` as one left-to-right run inside right-to-left text (unchanged otherwise)."""
    return f"{LRI}{text}{PDI}" if text else ""


def command(text: str) -> str:
    """A command to type inside a Persian sentence (``miz restore``): one left-to-right
    run that never breaks across lines (its spaces no-break; ``strip_isolates`` gives
    them back as spaces for a terminal)."""
    return isolate(text.replace(" ", NBSP))


def code(text: object) -> str:
    """A code or number with separators inside a Persian sentence: Persian digits, kept
    left to right (``2701-000017`` → ``⁦۲۷۰۱-۰۰۰۰۱۷⁩``)."""
    value = "" if text is None else str(text)
    return isolate(to_persian_digits(value)) if value else ""


# A left-to-right run inside free text: digits (either script) and Latin letters joined
# by the separators of codes, dates, times, file names and paths; it starts and ends on a
# letter or digit (a sentence's final dot or colon stays outside), or at a path's slash.
_ALNUM = "A-Za-z0-9\u06f0-\u06f9"
_LTR_RUN = re.compile(rf"(?:[/\\~]|[A-Za-z]:\\)?[{_ALNUM}](?:[{_ALNUM}_.@:/\\+-]*[{_ALNUM}/\\])?")
_SEPARATED = re.compile(r"[^0-9\u06f0-\u06f9]")


def isolate_runs(text: str) -> str:
    """``text`` with each left-to-right run isolated: a code or number with separators
    (``2701-2-000017``, ``1405/09/15``) as ``code`` (Persian digits), a Latin word, file
    name or path as ``isolate`` (as it is), a bare number in Persian digits. Runs already
    inside isolates are left alone, so it may be applied twice."""
    out: list[str] = []
    depth = 0
    start = 0
    for index, char in enumerate(text):
        if char in (LRI, RLI, FSI):
            if depth == 0:
                out.append(_isolate_plain(text[start:index]))
                start = index
            depth += 1
        elif char == PDI and depth:
            depth -= 1
            if depth == 0:
                out.append(text[start : index + 1])
                start = index + 1
    tail = text[start:]
    out.append(tail if depth else _isolate_plain(tail))
    return "".join(out)


def _isolate_plain(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        run = match.group()
        if re.search("[A-Za-z]", run):
            return isolate(run)
        if _SEPARATED.search(run):
            return code(run)
        return to_persian_digits(run)

    return _LTR_RUN.sub(one, text)


def strip_isolates(text: str) -> str:
    """``text`` without isolate marks, no-break spaces as spaces (for a terminal)."""
    return text.translate(_STRIP)


def persian_digits_outside_latin(text: str) -> str:
    """``text`` with Persian digits, except inside Latin tokens (``clerk1`` stays
    ``clerk1``, ``دوره 12`` becomes ``دوره ۱۲``)."""
    out: list[str] = []
    last = 0
    for match in _LATIN_TOKEN.finditer(text):
        out.append(to_persian_digits(text[last : match.start()]))
        out.append(match.group())
        last = match.end()
    out.append(to_persian_digits(text[last:]))
    return "".join(out)
