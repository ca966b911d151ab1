"""Editors bound declaratively to the fields of a section's data class.

A form lists its fields once — ``Field("name", "نام", TextLineEdit, required=True)`` — and
the shared machinery builds the rows, fills them from the data (``show_fields``), reads
them back into a copy of it (``read_fields``) and caps text editors at the model
column's length (``models.limits.text_lengths``). The key is the data-class field and the
``ServiceError.field`` name, so a refusal lands under its editor. Adding a field to a
form is one line. Used by ``RecordFormDialog`` (``fields``/``data_class``/``lengths``).

Editors follow the widgets' conventions: ``setDate``/``date`` (Jalali dates),
``setValue``/``value`` (digits, codes, money, choices, pickers), ``setValues``/``values``
or ``set_values``/``values`` (check lists), ``set_rows``/``rows`` (row tables),
``set_photo``/``photo``, ``setChecked``/``isChecked`` (check boxes), else
``setText``/``text``. A field whose data value is not what its editor holds converts
with ``show``/``read`` (``number_text``/``text_number``: a count typed as digits).
A read-only field computed from the whole data (a summary line, the wizard's review)
names it with ``source``: it is shown, never read back. An editor that works off the UI
thread (``PhotoField`` preparing a chosen file) gets the form's ``TaskRunner`` through
its ``use_runner``. Used by ``RecordFormDialog`` and the registration wizard's
``StepPage`` alike (``bind_fields``); a ``stretch`` field (a list to pick from, a
review) takes the page's spare height. UI thread only.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Protocol

from PySide6.QtWidgets import QLineEdit, QWidget

from ..widgets import TextLineEdit


@dataclass(frozen=True)
class Field:
    """One editor bound to one field of the data class."""

    key: str
    #: None: no label, the editor takes the row's whole width (a list, a review).
    label: str | None
    editor: Callable[[], QWidget]
    required: bool = False
    #: Text length when the model has none for ``key`` (None: the model's, or no cap).
    max_length: int | None = None
    #: Data value → what the editor takes (None: as it is).
    show: Callable[[Any], Any] | None = None
    #: What the editor holds → data value (None: as it is).
    read: Callable[[Any], Any] | None = None
    #: The whole data → what a read-only editor shows (None: the field ``key``).
    source: Callable[[Any], Any] | None = None
    #: Share of the page's spare height (a tall editor: a list, a review).
    stretch: int = 0


def number_text(value: int | None) -> str:
    """A count shown in a digit editor ("" for none)."""
    return "" if value is None else str(value)


def text_number(text: str) -> int | None:
    """What a digit editor holds, as a count (None when empty)."""
    return int(text) if text else None


#: (getter, setter) of each editor convention, tried in this order.
_CONVENTIONS = (
    ("date", "setDate"),
    ("value", "setValue"),
    ("values", "setValues"),
    ("values", "set_values"),
    ("rows", "set_rows"),
    ("photo", "set_photo"),
    ("isChecked", "setChecked"),
    ("text", "setText"),
)


def _convention(editor: QWidget) -> tuple[Callable[[], Any], Callable[[Any], None], str]:
    for getter, setter in _CONVENTIONS:
        get, put = getattr(editor, getter, None), getattr(editor, setter, None)
        if callable(get) and callable(put):
            return get, put, setter
    raise TypeError(f"{type(editor).__name__} has no value to read or set")


def read_editor(editor: QWidget) -> Any:
    """The editor's current value, by the widgets' naming convention."""
    return _convention(editor)[0]()


def write_editor(editor: QWidget, value: Any) -> None:
    """Show ``value`` in the editor, by the widgets' naming convention."""
    _get, put, setter = _convention(editor)
    put("" if value is None and setter == "setText" else value)


def cap_length(editor: QWidget, length: int | None) -> None:
    """Let a text editor take at most ``length`` characters (digit editors keep theirs)."""
    if length is not None and isinstance(editor, TextLineEdit | QLineEdit):
        if type(editor) in (TextLineEdit, QLineEdit):
            editor.setMaxLength(length)


def show_fields(
    editors: Mapping[str, QWidget], data: Any, specs: Mapping[str, Field] = MappingProxyType({})
) -> None:
    """Fill every editor from its field of ``data`` (through the field's ``show``)."""
    for key, editor in editors.items():
        spec = specs.get(key)
        if spec and spec.source:
            write_editor(editor, spec.source(data))
            continue
        value = getattr(data, key)
        write_editor(editor, spec.show(value) if spec and spec.show else value)


def read_fields(
    editors: Mapping[str, QWidget], base: Any, specs: Mapping[str, Field] = MappingProxyType({})
) -> Any:
    """A copy of ``base`` with every bound field as its editor holds it now (through the
    field's ``read``); a text field whose editor says None (an empty choice) reads as "".
    Read-only (``source``) fields are not read."""
    defaults = {f.name: f.default for f in dataclasses.fields(base)}
    values = {}
    for key, editor in editors.items():
        spec = specs.get(key)
        if spec and spec.source:
            continue
        value = read_editor(editor)
        if spec and spec.read:
            value = spec.read(value)
        if value is None and isinstance(defaults.get(key), str):
            value = ""
        values[key] = value
    return dataclasses.replace(base, **values)


class BoundForm(Protocol):
    """What ``bind_fields`` fills: a form dialog or a wizard page."""

    bound: dict[str, QWidget]
    bound_specs: dict[str, Field]


def bind_fields(
    form: BoundForm,
    fields: Iterable[Field],
    place: Callable[[Field, QWidget], object],
    lengths: Mapping[str, int] = MappingProxyType({}),
    runner: object = None,
    owner: object = None,
) -> dict[str, QWidget]:
    """Build the editors of ``fields`` (text capped at ``lengths``, each also the
    attribute of its key on ``owner``, by default ``form``), lay each out with
    ``place(field, editor)`` and note them on ``form`` for ``show_fields``/``read_fields``."""
    editors = {}
    for spec in fields:
        editor = spec.editor()
        cap_length(editor, spec.max_length or lengths.get(spec.key))
        use_runner = getattr(editor, "use_runner", None)
        if runner is not None and callable(use_runner):
            use_runner(runner)
        editors[spec.key] = editor
        setattr(form if owner is None else owner, spec.key, editor)
        place(spec, editor)
        form.bound_specs[spec.key] = spec
    form.bound.update(editors)
    return editors
