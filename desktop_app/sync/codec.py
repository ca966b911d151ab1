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
from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import Table, types
from sqlalchemy.sql.elements import ColumnElement

from ..models.rules import FieldRuleError, check_value


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
    return {c.name: encode(c, row[c.name]) for c in table.columns if c.name in row}


def decode_values(table: Table, values: Mapping[str, Any]) -> dict[str, Any]:
    """Wire values → Python values for the columns this side knows (others dropped)."""
    columns = table.columns
    return {k: decode(columns[k], v) for k, v in values.items() if k in columns}


def decode_values_checked(table: Table, values: Mapping[str, Any]) -> dict[str, Any]:
    """``decode_values`` with the shared rules: raises ``FieldRuleError`` on the first
    column whose value is malformed or does not fit."""
    columns = table.columns
    return {k: decode_checked(columns[k], v) for k, v in values.items() if k in columns}
