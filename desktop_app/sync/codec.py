"""Generic JSON encoding of any synced column's value, both ways. No Qt; any thread.

Nothing here names a model: a column's SQLAlchemy type decides its wire form
(UUID → text, date/datetime → ISO 8601, bytes → base64, Decimal → text, JSON and
plain scalars as they are). ``row_values``/``decode_values`` work on a table, so a
model joins sync by declaration only. A column the receiving side does not know is
dropped by ``decode_values`` (an older peer), a column the sender did not send is
left untouched by whoever applies the values.

``decode_checked`` is the strict way in (push handler, pull applier): a malformed
wire value or one its column cannot hold (``models.rules``) raises
``FieldRuleError`` naming the column; nothing is coerced.
"""

from __future__ import annotations

import base64
import binascii
import uuid
import weakref
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import Column, Table, types
from sqlalchemy.sql.elements import ColumnElement

from ..models.rules import INT_RANGES, TEXT_LIMIT, FieldRuleError, check_value


def _kind(type_: types.TypeEngine[Any]) -> types.TypeEngine[Any]:
    if isinstance(type_, types.TypeDecorator):
        return type_.impl_instance  # type: ignore[no-any-return]
    return type_


def encode(column: ColumnElement[Any], value: Any) -> Any:
    """The JSON-able wire form of ``value`` stored in ``column``."""
    if value is None:
        return None
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        return as_utc(value).isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, Decimal):
        return str(value)
    return value


def decode(column: ColumnElement[Any], value: Any) -> Any:
    """The Python value for ``column`` from its wire form."""
    if value is None:
        return None
    kind = _kind(column.type)
    if isinstance(kind, types.Uuid):
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    if isinstance(kind, types.DateTime):
        return as_utc(datetime.fromisoformat(value))
    if isinstance(kind, types.Date):
        return date.fromisoformat(value)
    if isinstance(kind, types.Time):
        return time.fromisoformat(value)
    if isinstance(kind, types.LargeBinary):
        return base64.b64decode(value)
    if isinstance(kind, types.Numeric) and not isinstance(kind, types.Float):
        return Decimal(str(value))
    if isinstance(kind, types.Boolean):
        return bool(value)
    return value


def as_utc(value: datetime) -> datetime:
    """``value`` in UTC; a naive datetime is taken as UTC (how SQLite stores them)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


#: Wire types each column kind accepts before decoding (no coercion: "false" is text).
def _wire_ok(kind: types.TypeEngine[Any], value: Any) -> bool:
    if isinstance(kind, types.Boolean):
        return isinstance(value, bool)
    if isinstance(kind, types.Integer):
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(kind, types.Float):
        return isinstance(value, int | float) and not isinstance(value, bool)
    if isinstance(kind, types.Numeric):
        return isinstance(value, str | int) and not isinstance(value, bool)
    if isinstance(kind, types.JSON):
        return True
    return isinstance(value, str)


def decode_checked(column: ColumnElement[Any], value: Any) -> Any:
    """Strict ``decode``: ``FieldRuleError`` for a malformed value or one ``column``
    cannot hold (the shared rules of ``models.rules``)."""
    name = str(column.name)
    kind = _kind(column.type)
    if value is not None and not _wire_ok(kind, value):
        raise FieldRuleError(
            name, "نوع این مقدار درست نیست.", f"wrong JSON type {type(value).__name__}"
        )
    if isinstance(value, str) and ("\x00" in value or len(value) > 4 * 2**20):
        raise FieldRuleError(name, "این مقدار پذیرفتنی نیست.", "NUL character or too long")
    try:
        decoded = decode(column, value)
        if isinstance(kind, types.LargeBinary) and value is not None:
            decoded = base64.b64decode(value, validate=True)
    except (ValueError, TypeError, ArithmeticError, binascii.Error) as exc:
        raise FieldRuleError(
            name, "این مقدار در قالب درست نیست.", f"malformed value ({type(exc).__name__})"
        ) from None
    check_value(column, decoded)  # type: ignore[arg-type]
    return decoded


def row_values(table: Table, row: Mapping[str, Any]) -> dict[str, Any]:
    """Every column of a fetched row in wire form."""
    out: dict[str, Any] = {}
    for c in table.columns:
        name = c.name
        try:
            value = row[name]
        except KeyError:  # a column the row does not have
            continue
        out[name] = value if type(value) in WIRE_AS_IS else encode(c, value)
    return out


def column_values(column: Column[Any], values: Sequence[Any]) -> list[Any]:
    """The wire forms of many fetched values of one ``column`` (a snapshot's batch)."""
    if set(map(type, values)) <= WIRE_AS_IS:
        return list(values)
    return [v if type(v) in WIRE_AS_IS else encode(column, v) for v in values]


#: Python types whose wire form is the value itself (``encode`` returns them as they are).
WIRE_AS_IS = frozenset({str, int, bool, float, type(None)})


def stamps_kept(table: Table) -> dict[str, Any]:
    """``UPDATE … SET`` values that keep every column a save stamps (``updated_at``) as
    it is: a bookkeeping update (a change-log number, a pulled row) is not a save, and
    the copies on the server and the workstations keep the stamp of the save itself."""
    return {c.name: c for c in table.columns if c.onupdate is not None}


def decode_values(table: Table, values: Mapping[str, Any]) -> dict[str, Any]:
    """Wire values → Python values for the columns this side knows (others dropped)."""
    columns = table.columns
    return {k: decode(columns[k], v) for k, v in values.items() if k in columns}


def decode_values_checked(table: Table, values: Mapping[str, Any]) -> dict[str, Any]:
    """``decode_values`` with the shared rules: raises ``FieldRuleError`` on the first
    column whose value is malformed or does not fit.

    Each column's check is compiled once (``checked_decoder``): the common well-formed
    value takes a short path, anything else goes through ``decode_checked``, so the
    outcome — the value or the exact refusal — is always ``decode_checked``'s."""
    decoders = _TABLE_DECODERS.get(table)
    if decoders is None:
        decoders = {str(c.name): checked_decoder(c) for c in table.columns}
        _TABLE_DECODERS[table] = decoders
    out: dict[str, Any] = {}
    for key, value in values.items():
        decoder = decoders.get(key)
        if decoder is not None:
            out[key] = decoder(value)
    return out


_TABLE_DECODERS: weakref.WeakKeyDictionary[Table, dict[str, Callable[[Any], Any]]] = (
    weakref.WeakKeyDictionary()
)
#: Longest wire text ``decode_checked`` takes before its own checks refuse it.
_WIRE_TEXT_LIMIT = 4 * 2**20


def checked_decoder(column: Column[Any]) -> Callable[[Any], Any]:
    """``decode_checked`` for one column, with a short path for the usual values.

    The short path only accepts what ``decode_checked`` accepts and returns the same
    value; on any doubt it calls ``decode_checked``, which returns or raises."""
    kind = _kind(column.type)
    choices = column.info.get("choices")
    none_ok = bool(column.nullable or column.primary_key)

    def slow(value: Any) -> Any:
        return decode_checked(column, value)

    def allowed(value: Any) -> bool:
        return choices is None or value in choices

    def parsed(parse: Callable[[str], Any]) -> Callable[[Any], Any]:
        """The short path of a value parsed from wire text (a UUID, a date, a moment)."""

        def check(value: Any) -> Any:
            if type(value) is str and "\x00" not in value and len(value) <= _WIRE_TEXT_LIMIT:
                try:
                    decoded = parse(value)
                except Exception:  # decode_checked says which refusal
                    return slow(value)
                if allowed(decoded):
                    return decoded
            return slow(value)

        return check

    fast: Callable[[Any], Any] | None = None
    if isinstance(kind, types.Boolean):

        def fast(value: Any) -> Any:
            return value if type(value) is bool and allowed(value) else slow(value)

    elif isinstance(kind, types.Integer):
        bound = next(b for t, b in INT_RANGES if isinstance(kind, t))

        def fast(value: Any) -> Any:
            if type(value) is int and -bound <= value < bound and allowed(value):
                return value
            return slow(value)

    elif isinstance(kind, types.Uuid):
        fast = parsed(uuid.UUID)
    elif isinstance(kind, types.DateTime):
        fast = parsed(_utc_from_iso)
    elif isinstance(kind, types.Date) and not isinstance(kind, types.DateTime):
        fast = parsed(date.fromisoformat)
    elif isinstance(kind, types.String) and not isinstance(kind, types.JSON):
        limit = min(kind.length or TEXT_LIMIT, _WIRE_TEXT_LIMIT)

        def fast(value: Any) -> Any:
            if (
                type(value) is str
                and len(value) <= limit
                and "\x00" not in value
                and (value.isascii() or _encodes(value))
                and allowed(value)
            ):
                return value
            return slow(value)

    if fast is None:
        return slow
    short = fast

    def decoder(value: Any) -> Any:
        if value is None:
            return None if none_ok else slow(value)
        return short(value)

    return decoder


def _utc_from_iso(value: str) -> datetime:
    return as_utc(datetime.fromisoformat(value))


def _encodes(value: str) -> bool:
    """Whether ``value`` is valid Unicode (no lone surrogate)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
