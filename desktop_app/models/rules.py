"""One set of value rules for every column, derived from the models. No Qt; any thread.

What a column may hold is read from its SQLAlchemy declaration — type, length,
nullability and, for a closed set of values, ``info={"choices": (...)}`` — so the
services (through the ``before_flush`` check :func:`install_rules` puts on the
workstation's session factory, ``models.database.open_database``), the server's push
handler and the workstation's pull applier (through ``sync.codec.decode_checked``)
refuse exactly the same values. Nothing is coerced: ``"false"`` is not a boolean,
``3.7`` is not an integer, a name of 209 characters does not fit in 200.

A refusal is a ``FieldRuleError`` naming the column (``field``) with a Persian
``message`` for the clerk and an English ``detail`` for logs and HTTP answers.
"""

from __future__ import annotations

import math
import uuid
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import Column, inspect, types
from sqlalchemy.orm import Session, UOWTransaction, sessionmaker

from .base import listen_once

#: Longest text a ``Text`` column takes (characters): a page of notes, not a book.
TEXT_LIMIT = 100_000
#: Largest binary value (a compact photo; ``services.core.images`` makes them far smaller).
BINARY_LIMIT = 2 * 1024 * 1024
#: Integer ranges by column type (PostgreSQL's widths; SQLite is wider).
INT_RANGES: tuple[tuple[type[types.Integer], int], ...] = (
    (types.SmallInteger, 2**15),
    (types.BigInteger, 2**63),
    (types.Integer, 2**31),
)


class FieldRuleError(ValueError):
    """A value its column cannot hold; ``message`` is Persian, ``detail`` English."""

    def __init__(self, field: str, message: str, detail: str) -> None:
        super().__init__(f"{field}: {detail}")
        self.field = field
        self.message = message
        self.detail = detail


def _fa(number: int) -> str:
    return str(number).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


def kind_of(type_: types.TypeEngine[Any]) -> types.TypeEngine[Any]:
    """The underlying SQLAlchemy type (through a ``TypeDecorator``)."""
    if isinstance(type_, types.TypeDecorator):
        return type_.impl_instance  # type: ignore[no-any-return]
    return type_


def _check_text(name: str, value: Any, limit: int | None) -> None:
    if not isinstance(value, str):
        raise FieldRuleError(name, "این مقدار باید متن باشد.", "expected a string")
    if "\x00" in value:
        raise FieldRuleError(name, "این متن نویسهٔ نامعتبر (NUL) دارد.", "NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise FieldRuleError(
            name, "این متن نویسهٔ نامعتبر دارد.", "not valid Unicode (lone surrogate)"
        ) from None
    if limit is not None and len(value) > limit:
        raise FieldRuleError(
            name,
            f"این متن بلندتر از {_fa(limit)} نویسه است ({_fa(len(value))} نویسه).",
            f"longer than {limit} characters ({len(value)})",
        )


def _check_json(name: str, value: Any, depth: int = 0) -> None:
    if depth > 20:
        raise FieldRuleError(name, "این مقدار بیش از حد تودرتو است.", "nested too deeply")
    if isinstance(value, str):
        _check_text(name, value, TEXT_LIMIT)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_json(name, key, depth + 1)
            _check_json(name, item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check_json(name, item, depth + 1)
    elif isinstance(value, float) and not math.isfinite(value):
        raise FieldRuleError(name, "این عدد معتبر نیست.", "not a finite number")
    elif isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 2**63:
        raise FieldRuleError(name, "این عدد بیش از حد بزرگ است.", "integer out of range")
    elif value is not None and not isinstance(value, bool | int | float):
        raise FieldRuleError(name, "این مقدار پذیرفتنی نیست.", "not a JSON value")


def check_value(column: Column[Any], value: Any) -> None:
    """Raise ``FieldRuleError`` unless ``value`` (a Python value) fits ``column``."""
    name = column.name
    if value is None:
        if not column.nullable and not column.primary_key:
            raise FieldRuleError(name, "این مقدار لازم است.", "may not be null")
        return
    kind = kind_of(column.type)
    if isinstance(kind, types.Boolean):
        ok = isinstance(value, bool)
    elif isinstance(kind, types.Integer):
        if isinstance(value, bool) or not isinstance(value, int):
            raise FieldRuleError(name, "این مقدار باید عدد صحیح باشد.", "expected an integer")
        bound = next(b for t, b in INT_RANGES if isinstance(kind, t))
        if not -bound <= value < bound:
            raise FieldRuleError(name, "این عدد بیش از حد بزرگ است.", "integer out of range")
        ok = True
    elif isinstance(kind, types.Numeric):
        ok = isinstance(value, Decimal | int | float) and not isinstance(value, bool)
        if ok and not math.isfinite(float(value)):
            raise FieldRuleError(name, "این عدد معتبر نیست.", "not a finite number")
    elif isinstance(kind, types.DateTime):
        ok = isinstance(value, datetime)
    elif isinstance(kind, types.Date):
        ok = isinstance(value, date) and not isinstance(value, datetime)
    elif isinstance(kind, types.Time):
        ok = isinstance(value, time)
    elif isinstance(kind, types.Uuid):
        ok = isinstance(value, uuid.UUID)
    elif isinstance(kind, types.LargeBinary):
        ok = isinstance(value, bytes | bytearray | memoryview)
        if ok and len(bytes(value)) > BINARY_LIMIT:
            raise FieldRuleError(
                name, "این پرونده بزرگ‌تر از حد مجاز است.", f"larger than {BINARY_LIMIT} bytes"
            )
    elif isinstance(kind, types.JSON):
        _check_json(name, value)
        ok = True
    elif isinstance(kind, types.String):  # String, Text, Unicode
        _check_text(name, value, kind.length or TEXT_LIMIT)
        ok = True
    else:
        ok = True
    if not ok:
        raise FieldRuleError(
            name, "نوع این مقدار درست نیست.", f"expected {type(kind).__name__.lower()}"
        )
    choices = column.info.get("choices")
    if choices is not None and value not in choices:
        raise FieldRuleError(
            name,
            "این مقدار در فهرست مقدارهای مجاز نیست.",
            f"not one of {', '.join(map(str, choices))}",
        )


def check_values(columns: Any, values: dict[str, Any]) -> None:
    """Check every known column of ``values`` (a mapping column name → Python value)."""
    for key, value in values.items():
        if key in columns:
            check_value(columns[key], value)


def install_rules(factory: sessionmaker[Session]) -> None:
    """Check every new or changed object of sessions made by ``factory`` before it is
    written (idempotent). Only that factory's sessions: a foreign ``Session`` (the
    server's, a test's own) is left alone."""
    listen_once(factory, "before_flush", _check_changed_records)


def _check_changed_records(session: Session, _ctx: UOWTransaction, _instances: Any) -> None:
    """Every new or changed object is checked against its columns before it is written."""
    new = session.new  # built once: ``session.new`` makes a new set on every access
    for obj in (*new, *session.dirty):
        state = inspect(obj)
        is_new = obj in new
        for attr in state.mapper.column_attrs:
            if attr.key not in state.dict:
                continue
            if is_new or state.attrs[attr.key].history.added:
                check_value(attr.columns[0], state.dict[attr.key])
