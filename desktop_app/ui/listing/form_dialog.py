"""``RecordFormDialog``: the base of every record form opened from a list.

A subclass declares its fields (``fields``: ``binding.Field`` rows bound to the fields of
``data_class``, text capped at its model's column ``lengths``; each editor is also the
attribute of its key) and implements ``load`` and ``store``. A form laid out in tabs,
columns or sections overrides ``build`` and calls ``bind(fields)`` once per group
(rows go where ``add_row`` puts them); every bound field is shown and read back by the
base. A form that is not one row per field builds them with ``add_row(key, label,
editor)`` (the key is the service's field name, so a ``ServiceError(message,
field=key)`` lands under that field) and implements four small methods:

- ``load(record_id)`` — worker thread: the service's ``get_x``, returns plain data;
- ``show_data(data)`` — UI thread: fill the fields;
- ``typed_data()`` — UI thread: the plain data object the fields hold now;
- ``store(data)`` — write worker: the service's ``save_x``, returns the stored data.

The base loads the record off the UI thread (fields stay disabled meanwhile), checks
every ``ValidatedField`` before saving, saves on the write worker (which announces on
``data_bus().data_changed`` the kinds the service's commit wrote), and closes with
``saved(data)``. A refusal
is shown next to its field (or above the buttons when it concerns no field); nothing
the clerk typed is cleared. Ctrl+S saves, Esc cancels.

Unsaved changes: closing (Esc, «انصراف», the window's close button) after the clerk
changed something asks «تغییرات ذخیره نشده‌اند. بستن بدون ذخیره؟» (``ask_discard``).
"Changed" means: the clerk touched a field (a key or mouse press inside the form) and
``typed_data()`` now differs from what it was just before that first touch. Taking the
reference at the first touch, not when the data is shown, keeps options that arrive
later from a worker (pickers, a place's workshops) from counting as changes; typing
something and then restoring it asks nothing. A read-only form (save hidden) never asks.

UI thread only (``load``/``store`` run on worker threads and must touch only the
context and their arguments).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...services.core.context import AppContext
from ...services.core.errors import ServiceError
from ..errors import error_message
from ..tasks import TaskRunner
from ..widgets import FormRow, ValidatedField, align_labels
from ..widgets.fit import fit_to_screen, scrolling
from ..widgets.form_row import ERROR_COLOR, place_error, validate_rows
from ..widgets.keyboard import keyboard_first
from ..widgets.limits import limit_field
from . import labels
from .binding import Field, bind_fields, read_fields, show_fields

DISCARD_QUESTION = "تغییرات ذخیره نشده‌اند. بستن بدون ذخیره؟"
DISCARD = "بستن بدون ذخیره"
KEEP_EDITING = "ادامهٔ ویرایش"
_TOUCH_EVENTS = frozenset(
    {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel, QEvent.Type.Drop}
)
_NOT_AN_EDIT = frozenset({Qt.Key.Key_Escape, Qt.Key.Key_Tab, Qt.Key.Key_Backtab})
#: A key with these held is a shortcut (Ctrl+S, Ctrl+P), not typing.
_SHORTCUT_MODIFIERS = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


class RecordFormDialog(QDialog):
    """Base class; see the module docstring for what a subclass provides."""

    saved = Signal(object)  # the stored data, after a successful save

    #: Declarative forms: the bound fields, the data class they edit, and the text
    #: lengths of its model's columns (``models.limits.text_lengths``).
    fields: tuple[Field, ...] = ()
    data_class: type | None = None
    lengths: Mapping[str, int] = MappingProxyType({})
    new_title = "مورد جدید"
    edit_title = "ویرایش"

    def __init__(
        self,
        ctx: AppContext,
        runner: TaskRunner,
        record_id: uuid.UUID | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.record_id = record_id
        self.rows: dict[str, FormRow] = {}
        #: The editors of the bound fields (``bind``), by key, and their declarations.
        self.bound: dict[str, QWidget] = {}
        self.bound_specs: dict[str, Field] = {}
        self.loaded_data: Any = None
        #: ``typed_data()`` just before the clerk's first touch; None: not touched yet.
        self._before_touch: Any = None
        self._touched = False
        self.setWindowTitle(self.edit_title if record_id else self.new_title)
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.setMinimumWidth(520)

        self.fields_box = QWidget()
        self.fields_layout = QVBoxLayout(self.fields_box)
        self.fields_layout.setContentsMargins(0, 0, 0, 0)
        self.message = QLabel()
        self.message.setObjectName("formMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {ERROR_COLOR};")
        self.message.hide()

        self.buttons = QDialogButtonBox()
        self.save_button = QPushButton(labels.SAVE)
        self.save_button.setDefault(True)
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.save_button.setToolTip("Ctrl+S")
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton(labels.CANCEL)
        self.cancel_button.clicked.connect(self.reject)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)

        layout = QVBoxLayout(self)
        #: The fields scroll when they are taller than the screen (``widgets.fit``).
        self.fields_area = scrolling(self.fields_box)
        layout.addWidget(self.fields_area, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

        self.build()
        align_labels(*self.rows.values())
        for key, row in self.rows.items():  # lengths from the model (add_row may be overridden)
            limit_field(key, row.editor())
        keyboard_first(self, self.save_button)
        fit_to_screen(self)
        for widget in self.fields_box.findChildren(QWidget):
            widget.installEventFilter(self)
        if record_id is not None:
            self._set_busy(True, "در حال بارگذاری…")
            self.runner.submit(
                lambda _c: self.load(record_id), on_done=self._loaded, on_error=self._load_failed
            )
        else:
            self.show_data(self.new_data())

    # -- for subclasses -----------------------------------------------------------------
    def build(self) -> None:
        """Create the fields: the declared ``fields``, or override and use ``bind`` or
        ``add_row``."""
        if not self.fields:
            raise NotImplementedError
        self.bind(self.fields)

    def bind(self, fields: Iterable[Field]) -> dict[str, QWidget]:
        """Build the editors of ``fields`` (each also the attribute of its key), add a row
        for each where ``add_row`` puts it, and show/read them with the others."""
        return bind_fields(
            self,
            fields,
            lambda spec, editor: self.add_row(spec.key, spec.label, editor, spec.required),
            self.lengths,
            self.runner,
        )

    def new_data(self) -> Any:
        """The data a new record starts with."""
        if self.data_class is None:
            raise NotImplementedError
        return self.data_class()

    def load(self, record_id: uuid.UUID) -> Any:  # worker thread
        raise NotImplementedError

    def show_data(self, data: Any) -> None:
        if not self.bound:
            raise NotImplementedError
        if data is None:
            return  # a form only opened for a stored record: nothing until it loads
        show_fields(self.bound, data, self.bound_specs)

    def typed_data(self) -> Any:
        if not self.bound:
            raise NotImplementedError
        return read_fields(self.bound, self.loaded_data or self.new_data(), self.bound_specs)

    def store(self, data: Any) -> Any:  # write worker
        raise NotImplementedError

    def add_row(
        self, key: str, label: str | None, editor: QWidget, required: bool = False
    ) -> FormRow:
        row = FormRow(label, editor, required=required)
        self.rows[key] = row
        self.fields_layout.addWidget(row)
        return row

    def editor(self, key: str) -> QWidget:
        return self.rows[key].editor()

    # -- loading ------------------------------------------------------------------------
    def _loaded(self, data: Any) -> None:
        self.loaded_data = data
        self.show_data(data)
        self._set_busy(False)
        self.mark_clean()

    def _load_failed(self, exc: Exception) -> None:
        self._set_busy(False)
        self.save_button.setEnabled(False)
        self.show_message(error_message(exc))

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self.fields_box.setEnabled(not busy)
        self.save_button.setEnabled(not busy)
        if busy:
            self.message.setStyleSheet("color: #455a64;")
            self.message.setText(text)
            self.message.show()
        else:
            self.message.hide()
            self.message.setStyleSheet(f"color: {ERROR_COLOR};")

    def show_message(self, text: str) -> None:
        self.message.setStyleSheet(f"color: {ERROR_COLOR};")
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # -- saving -------------------------------------------------------------------------
    def validate_fields(self) -> bool:
        """Run every visible field's own checks (all of them, so all are marked)."""
        return validate_rows(self.rows)

    def save(self) -> None:
        self.show_message("")
        if not self.validate_fields():
            self._focus_first_error()
            return
        data = self.typed_data()
        self._set_busy(True, "در حال ذخیره…")
        self.runner.submit(
            lambda _c: self.store(data),
            on_done=self._saved,
            on_error=self._save_failed,
            write=True,
        )

    def _saved(self, data: Any) -> None:
        self._set_busy(False)
        self.loaded_data = data
        self.mark_clean()
        self.saved.emit(data)
        self.accept()

    def _save_failed(self, exc: Exception) -> None:
        self._set_busy(False)
        field = exc.field if isinstance(exc, ServiceError) else None
        if not place_error(self.rows, field, error_message(exc)):
            self.show_message(error_message(exc))

    def _focus_first_error(self) -> None:
        for row in self.rows.values():
            editor = row.editor()
            if isinstance(editor, ValidatedField) and editor.error():
                editor.setFocus(Qt.FocusReason.OtherFocusReason)
                return

    # -- unsaved changes ----------------------------------------------------------------
    def mark_clean(self) -> None:
        """What the fields hold now counts as saved (after a load or a save)."""
        self._touched = False
        self._before_touch = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._touched and event.type() in _TOUCH_EVENTS:
            if not (
                isinstance(event, QKeyEvent)
                and (event.key() in _NOT_AN_EDIT or event.modifiers() & _SHORTCUT_MODIFIERS)
            ):
                self._touched = True
                self._before_touch = self._typed_or_none()
                self._raw_before = self._raw_texts()
        return super().eventFilter(watched, event)

    def _typed_or_none(self) -> Any:
        try:
            return self.typed_data()
        except Exception:  # a field that cannot be read now counts as a change
            return None

    def _raw_texts(self) -> tuple[str, ...]:
        """What the text fields show, typed or not: an invalid date that ``typed_data``
        reads as "no date" is still something the clerk typed."""
        lines = [edit.text() for edit in self.fields_box.findChildren(QLineEdit)]
        areas = [edit.toPlainText() for edit in self.fields_box.findChildren(QPlainTextEdit)]
        return (*lines, *areas)

    def has_unsaved_changes(self) -> bool:
        """True if the clerk changed something since the form was loaded or saved."""
        if not self._touched or self.save_button.isHidden():
            return False
        now = self._typed_or_none()
        if now is None or self._before_touch is None or now != self._before_touch:
            return True
        return self._raw_texts() != getattr(self, "_raw_before", ())

    def ask_discard(self) -> bool:
        """Ask whether to close without saving (tests replace this)."""
        box = QMessageBox(
            QMessageBox.Icon.Question, self.windowTitle(), DISCARD_QUESTION, parent=self
        )
        box.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        discard = box.addButton(DISCARD, QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(KEEP_EDITING, QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        return box.clickedButton() is discard

    def reject(self) -> None:
        """Close without saving: Esc, «انصراف» or the window's close button. Asks first
        if there are unsaved changes."""
        if self.has_unsaved_changes() and not self.ask_discard():
            return
        super().reject()
