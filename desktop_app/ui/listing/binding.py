"""Editors bound declaratively to the fields of a section's data class.

A form lists its fields once — ``Field("name", "نام", TextLineEdit, required=True)`` — and
the shared machinery builds the rows, fills them from the data (``show_fields``), reads
them back into a copy of it (``read_fields``) and caps text editors at the model
column's length (``models.limits.text_lengths``). The key is the data-class field and the
``ServiceError.field`` name, so a refusal lands under its editor. Adding a field to a
form is one line. Used by ``RecordFormDialog`` (``fields``/``data_class``/``lengths``).

Editors follow the widgets' conventions: ``setDate``/``date`` (Jalali dates),
``setValue``/``value`` (digits, codes, money, choices, pickers), ``setValues``/``values``
(check lists), else ``setText``/``text``. UI thread only.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtWidgets import QLineEdit, QWidget

from ..widgets import TextLineEdit


@dataclass(frozen=True)
class Field:
    """One editor bound to one field of the data class."""

    key: str
    label: str
    editor: Callable[[], QWidget]
    required: bool = False
    #: Text length when the model has none for ``key`` (None: the model's, or no cap).
    max_length: int | None = None
    options: Mapping[str, Any] = field(default_factory=dict)


def read_editor(editor: QWidget) -> Any:
    """The editor's current value, by the widgets' naming convention."""
    for getter in ("date", "value", "values", "text"):
        if callable(method := getattr(editor, getter, None)) and (
            getter != "value" or hasattr(editor, "setValue")
        ):
            return method()
    raise TypeError(f"{type(editor).__name__} has no value to read")


def write_editor(editor: QWidget, value: Any) -> None:
    """Show ``value`` in the editor, by the widgets' naming convention."""
    for setter in ("setDate", "setValue", "setValues", "setText"):
        if callable(method := getattr(editor, setter, None)):
            method("" if value is None and setter == "setText" else value)
            return
    raise TypeError(f"{type(editor).__name__} has no value to set")


def cap_length(editor: QWidget, length: int | None) -> None:
    """Let a text editor take at most ``length`` characters (digit editors keep theirs)."""
    if length is not None and isinstance(editor, TextLineEdit | QLineEdit):
        if type(editor) in (TextLineEdit, QLineEdit):
            editor.setMaxLength(length)


def show_fields(editors: Mapping[str, QWidget], data: Any) -> None:
    for key, editor in editors.items():
        write_editor(editor, getattr(data, key))


def read_fields(editors: Mapping[str, QWidget], base: Any) -> Any:
    """A copy of ``base`` with every bound field as its editor holds it now; a text field
    whose editor says None (an empty choice) reads as ""."""
    defaults = {f.name: f.default for f in dataclasses.fields(base)}
    values = {}
    for key, editor in editors.items():
        value = read_editor(editor)
        if value is None and isinstance(defaults.get(key), str):
            value = ""
        values[key] = value
    return dataclasses.replace(base, **values)


def build_editors(fields: Iterable[Field], lengths: Mapping[str, int]) -> dict[str, QWidget]:
    editors = {}
    for spec in fields:
        editor = spec.editor()
        cap_length(editor, spec.max_length or lengths.get(spec.key))
        editors[spec.key] = editor
    return editors
