"""A column's wire values checked a column at a time, by C code (issue 22).

``codec.decode_checked`` checks one value with a few Python calls; a first sync sends
100,000 records of fifteen values. ``checked_column(column, values, form, slow)`` does
the same checks over a whole column: the set of the values' types, ``min``/``max``
of integers, one regular expression over a column's text joined by line breaks
(UUIDs, dates, moments), ``date``/``datetime.fromisoformat`` mapped over it, ``NUL``,
the longest text and one UTF-8 encoding of the joined text (a lone surrogate), the
column's ``choices`` as a set. ``form`` turns the checked values into what the caller
keeps (the decoded values, the storage form); the first value also goes the slow way
(``slow``: ``decode_checked``) and must come out equal. A value the checks might
refuse, or a kind they do not cover (``column_wise``), raises ``Doubt``: the caller
takes that column value by value through the codec, so a refusal is always the
codec's own.

Used by the workstation's snapshot load (``snapshot_load``: SQLite's storage form)
and the server's push (``decode_rows_checked``: the decoded values of a run of inserts
that name the same columns; the columns the server owns only checked). No Qt; any
thread.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import date, datetime
from operator import itemgetter
from typing import Any, NamedTuple

from sqlalchemy import Column, Table, types

from ..models.rules import INT_RANGES, TEXT_LIMIT, FieldRuleError, kind_of
from .codec import checked_decoder, decode_checked


class Doubt(Exception):
    """Values the column-wise checks will not vouch for (the codec decides, one by one)."""


def _lines_of(one: str) -> re.Pattern[str]:
    """A column's values joined by line breaks, each one ``one`` (no empty value)."""
    return re.compile(f"{one}(?:\n{one})*")


_UUID = _lines_of("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_DATE = _lines_of("[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: (hours to 23: a newer Python's ``fromisoformat`` reads ISO 8601's end of day,
#: ``T24:00:00``, as the next midnight, which no text of the value itself would say)
_STAMP = _lines_of(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]{6})?\+00:00"
)
#: Longest wire text the codec takes (``codec.decode_checked``).
WIRE_TEXT_LIMIT = 4 * 2**20


class Checked(NamedTuple):
    """What checking a column found out on the way: its values joined by line breaks
    (text kinds) and parsed (dates and moments), for ``form`` to reuse."""

    joined: str
    parsed: list[Any] | None


#: ``form(column, values, checked)``: the checked values (no None) as the caller keeps them.
Form = Callable[[Column[Any], list[Any], Checked], list[Any]]


def column_wise(column: Column[Any]) -> bool:
    """Whether ``check`` covers this column's kind."""
    kind = kind_of(column.type)
    if isinstance(kind, types.JSON | types.Numeric):
        return False
    return isinstance(
        kind,
        types.Boolean | types.Integer | types.Uuid | types.DateTime | types.Date | types.String,
    )


def checked_column(
    column: Column[Any], values: list[Any], form: Form, slow: Callable[[Any], Any]
) -> list[Any]:
    """``values`` (wire values, None among them or not) checked and in the ``form``
    the caller keeps, None kept in place; ``Doubt`` unless every value surely passes
    (module docstring). ``slow(value)`` is the per-value way to the same form."""
    if not column_wise(column):
        raise Doubt(column.name)
    present = values
    if None in values:
        if not column.nullable or column.primary_key:
            raise Doubt(column.name)
        present = [v for v in values if v is not None]
    if not present:
        return values
    converted = form(column, present, check(column, present))
    try:
        first = slow(present[0])
    except FieldRuleError:
        raise Doubt(column.name) from None
    if (
        first != converted[0]
        or type(first) is not type(converted[0])
        or getattr(first, "tzinfo", None) is not getattr(converted[0], "tzinfo", None)
    ):
        raise Doubt(column.name)  # the fast form is not the slow one
    choices = column.info.get("choices")
    if choices is not None and not set(present) <= set(choices):
        raise Doubt(column.name)
    if present is values:
        return converted
    it = iter(converted)
    return [None if v is None else next(it) for v in values]


def check(column: Column[Any], values: list[Any]) -> Checked:
    """``Doubt`` unless every value (none None) passes ``decode_checked`` for sure."""
    kind = kind_of(column.type)
    kinds = set(map(type, values))
    if isinstance(kind, types.Boolean):
        _only(kinds, bool)
        return Checked("", None)
    if isinstance(kind, types.Integer):
        _only(kinds, int)
        bound = next(b for t, b in INT_RANGES if isinstance(kind, t))
        if not (-bound <= min(values) and max(values) < bound):
            raise Doubt(column.name)
        return Checked("", None)
    if isinstance(kind, types.Uuid):
        return Checked(_matched(_UUID, kinds, values), None)
    if isinstance(kind, types.DateTime):
        return Checked(_matched(_STAMP, kinds, values), _parsed(datetime.fromisoformat, values))
    if isinstance(kind, types.Date):
        return Checked(_matched(_DATE, kinds, values), _parsed(date.fromisoformat, values))
    if isinstance(kind, types.String) and not isinstance(kind, types.JSON):
        joined = _joined(kinds, values, split=False)
        limit = min(kind.length or TEXT_LIMIT, WIRE_TEXT_LIMIT)
        if "\x00" in joined or max(map(len, values)) > limit:
            raise Doubt(column.name)
        try:
            joined.encode("utf-8")  # a lone surrogate
        except UnicodeEncodeError:
            raise Doubt(column.name) from None
        return Checked(joined, None)
    raise Doubt(column.name)  # not a kind ``column_wise`` names


def sqlite_moments(values: list[Any]) -> list[Any] | None:
    """Wire moments (None among them or not) in SQLite's storage form — the text
    ``sqlite.DATETIME`` writes for the moment each decodes to (``bulk._sqlite_moment``)
    — made from their text, no ``datetime`` formatted; None unless every present one
    is in the canonical wire form (``_STAMP``: in UTC)."""
    present = [v for v in values if v is not None]
    if not present or set(map(type, present)) != {str}:
        return None
    joined = "\n".join(present)
    if _STAMP.fullmatch(joined) is None:
        return None
    stored = moments_text(joined)
    if len(stored) != len(present):  # a value holding a line break: not one moment
        return None
    if len(present) == len(values):
        return stored
    it = iter(stored)
    return [None if v is None else next(it) for v in values]


def moments_text(joined: str) -> list[str]:
    """SQLite's storage text of canonical wire moments (``_STAMP``) joined by line
    breaks: the wall time in UTC to the microsecond, no offset."""
    stored = joined.replace("+00:00", "").replace("T", " ").split("\n")
    if not set(map(len, stored)) <= {26}:
        stored = [s if len(s) == 26 else s + ".000000" for s in stored]
    return stored


def _only(kinds: set[type], kind: type) -> None:
    if kinds != {kind}:
        raise Doubt(kind.__name__)


def _joined(kinds: set[type], values: list[str], split: bool = True) -> str:
    """The values (all text) joined by line breaks; ``split``: no value holds one."""
    _only(kinds, str)
    joined = "\n".join(values)
    if split and joined.count("\n") != len(values) - 1:
        raise Doubt("a line break inside a value")
    return joined


def _matched(pattern: re.Pattern[str], kinds: set[type], values: list[str]) -> str:
    """The values joined (``_joined``), every one of them in ``pattern``'s shape."""
    joined = _joined(kinds, values)
    if pattern.fullmatch(joined) is None:
        raise Doubt(pattern.pattern[:20])
    return joined


def _parsed(parse: Callable[[str], Any], values: list[str]) -> list[Any]:
    try:
        return list(map(parse, values))
    except ValueError:
        raise Doubt(parse.__name__) from None


def _decoded(column: Column[Any], values: list[Any], checked: Checked) -> list[Any]:
    """The decoded form (``codec.decode``'s) of checked values."""
    if checked.parsed is not None:  # a moment (in UTC: the pattern says +00:00) or a date
        return checked.parsed
    if isinstance(kind_of(column.type), types.Uuid):
        return list(map(uuid.UUID, values))
    return values  # booleans, integers and text are their own decoded form


def decode_rows_checked(
    table: Table, rows: Sequence[Mapping[str, Any]], drop: Collection[str] = ()
) -> list[dict[str, Any] | None]:
    """``codec.decode_values_checked`` of each of ``rows`` — wire values that name the
    same columns in the same order — a column at a time: each row's decoded values,
    or None for a row a column's value of which the checks doubt (the caller decodes
    that row with ``decode_values_checked``, which says which refusal). The columns
    named in ``drop`` are checked alike but left out of the rows (not decoded)."""
    if not rows:
        return []
    names = [name for name in rows[0] if name in table.c]
    columns = [list(map(itemgetter(name), rows)) for name in names]
    decoded, doubted = decode_columns_checked(table, names, columns, drop)
    if not decoded:
        return [None if i in doubted else {} for i in range(len(rows))]
    kept = list(decoded)
    return [
        None if i in doubted else dict(zip(kept, row, strict=True))
        for i, row in enumerate(zip(*decoded.values(), strict=True))
    ]


def decode_columns_checked(
    table: Table, names: Sequence[str], columns: Sequence[list[Any]], drop: Collection[str] = ()
) -> tuple[dict[str, list[Any]], set[int]]:
    """The rows of ``columns`` (the wire values of ``table``'s columns ``names``, one
    list each, all as long) checked a column at a time, as ``decode_rows_checked``:
    each kept column's decoded values by name (those named in ``drop`` only checked),
    and the positions of the rows a value of which the checks doubt."""
    doubted: set[int] = set()
    decoded: dict[str, list[Any]] = {}
    for name, values in zip(names, columns, strict=True):
        column = table.c[name]
        try:
            if name in drop:
                checked_column(column, values, _as_sent, _checked(column))
                continue
            decoded[name] = checked_column(column, values, _decoded, _slow(column))
        except Doubt:
            decoded[name] = _one_by_one(column, values, doubted)
            if name in drop:
                del decoded[name]
    return decoded, doubted


def _slow(column: Column[Any]) -> Callable[[Any], Any]:
    return lambda value: decode_checked(column, value)


def _checked(column: Column[Any]) -> Callable[[Any], Any]:
    """The value as sent, once ``decode_checked`` takes it (a column only checked)."""

    def checked(value: Any) -> Any:
        decode_checked(column, value)
        return value

    return checked


def _as_sent(_column: Column[Any], values: list[Any], _checked: Checked) -> list[Any]:
    return values


def _one_by_one(column: Column[Any], values: list[Any], doubted: set[int]) -> list[Any]:
    """A column's values through the codec's compiled check, one by one; the position
    of each value it refuses goes into ``doubted``."""
    decoder = checked_decoder(column)
    out: list[Any] = []
    for i, value in enumerate(values):
        try:
            out.append(decoder(value))
        except FieldRuleError:
            doubted.add(i)
            out.append(None)
    return out
