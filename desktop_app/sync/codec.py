"""Generic JSON encoding of any synced column's value, both ways. No Qt; any thread.

Nothing here names a model: a column's SQLAlchemy type decides its wire form
(UUID → text, date/datetime → ISO 8601, bytes → base64, Decimal → text, JSON and
plain scalars as they are). ``row_values``/``decode_values`` work on a table, so a
model joins sync by declaration only. A column the receiving side does not know is
dropped by ``decode_values`` (an older peer), a column the sender did not send is
left untouched by whoever applies the values.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Mapping
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import Table, types
from sqlalchemy.sql.elements import ColumnElement


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
    if isinstance(value, datetime | date | time):
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
        return datetime.fromisoformat(value)
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


def row_values(table: Table, row: Mapping[str, Any]) -> dict[str, Any]:
    """Every column of a fetched row in wire form."""
    return {c.name: encode(c, row[c.name]) for c in table.columns if c.name in row}


def decode_values(table: Table, values: Mapping[str, Any]) -> dict[str, Any]:
    """Wire values → Python values for the columns this side knows (others dropped)."""
    columns = table.columns
    return {k: decode(columns[k], v) for k, v in values.items() if k in columns}
