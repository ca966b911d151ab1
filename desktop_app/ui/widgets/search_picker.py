"""``SearchPicker``: a type-to-filter chooser of (value, Persian label) options, and
``PlacePicker``, the place chooser of the workshop, equipment (and later course and
trainer) forms.

The clerk types any part of a label in any keyboard or digit script (Arabic ك/ي,
Persian or Latin digits, with or without ZWNJ: matched on ``persian.search_key``,
word by word); the popup lists only the matching options. Down opens the popup and
walks it, Enter picks the highlighted option — or the first match when none is
highlighted — and Esc closes the popup. Options load off the UI thread
(``load(runner, loader)``); a value set before they arrive is selected once they do.
``value()`` is None unless the text names an option exactly, so a half-typed name
never passes for a choice: a required picker then says so like any field.

UI thread only (the loader runs on a ``TaskRunner`` worker).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QCompleter, QLineEdit, QWidget

from ...persian import search_key
from .field import ValidatedField

__all__ = ["PlacePicker", "SearchPicker"]

KEY_ROLE = Qt.ItemDataRole.UserRole + 7
NOT_A_CHOICE = "یکی از گزینه‌های فهرست را انتخاب کنید."


class _MatchFilter(QSortFilterProxyModel):
    """Keeps the options whose search key holds every word typed."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._words = search_key(text).split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        key = self.sourceModel().index(row, 0, parent).data(KEY_ROLE) or ""
        return all(word in key for word in self._words)


class SearchPicker(ValidatedField, QComboBox):
    """An editable combo box whose popup shows only the options matching the text."""

    def __init__(
        self, parent: QWidget | None = None, *, required: bool = False, placeholder: str = ""
    ) -> None:
        super().__init__(parent)
        self.set_required(required)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(15)
        self._pending: Any = None
        self._loaded = False
        self.filter = _MatchFilter(self)
        self.filter.setSourceModel(self.model())
        completer = QCompleter(self.filter, self)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(completer)
        completer.activated.connect(self._pick_text)
        line = self._edit()
        line.setPlaceholderText(placeholder or "برای جستجو تایپ کنید…")
        line.textEdited.connect(self._on_edited)
        line.installEventFilter(self)
        self.currentIndexChanged.connect(lambda _i: self.set_error(None))

    # -- options ------------------------------------------------------------------------
    def set_choices(self, choices: Iterable[tuple[Any, str]]) -> None:
        """Replace the options, keeping (or now applying) the wanted value."""
        wanted = self._pending if not self._loaded else self.value()
        self.blockSignals(True)
        self.clear()
        for value, label in choices:
            self.addItem(label, value)
            self.setItemData(self.count() - 1, search_key(label), KEY_ROLE)
        self.blockSignals(False)
        self._loaded = True
        self.setValue(wanted)

    def load(self, runner: Any, loader: Callable[[], Sequence[tuple[Any, str]]]) -> None:
        """Load the options on a worker of ``runner`` (a ``ui.tasks.TaskRunner``)."""
        runner.submit(lambda _c: loader(), on_done=self.set_choices)

    def is_loaded(self) -> bool:
        return self._loaded

    def matches(self) -> list[str]:
        """The labels the popup shows for the text typed now."""
        return [self.filter.index(r, 0).data() for r in range(self.filter.rowCount())]

    # -- value --------------------------------------------------------------------------
    def value(self) -> Any:
        if not self._loaded:
            return self._pending
        index = self.currentIndex()
        if index < 0 or self._edit().text() != self.itemText(index):
            return None
        return self.itemData(index)

    def setValue(self, value: Any) -> None:
        if not self._loaded:
            self._pending = value
            return
        index = -1
        if value is not None:
            found = (i for i in range(self.count()) if self.itemData(i) == value)
            index = next(found, -1)
        self.setCurrentIndex(index)
        if index < 0:
            self._edit().clear()
        self.filter.set_text("")

    def validate(self) -> bool:
        if self._edit().text().strip() and self.value() is None:
            self.set_error(NOT_A_CHOICE)
        elif self.is_required() and self.value() is None:
            self.set_error(NOT_A_CHOICE)
        return self.error() is None

    # -- typing -------------------------------------------------------------------------
    def _on_edited(self, text: str) -> None:
        self.set_error(None)
        self.filter.set_text(text)
        if self.hasFocus() or self._edit().hasFocus():
            self._completer().complete()

    def _pick_text(self, text: str) -> None:
        index = self.findText(text)
        if index >= 0:
            self.setCurrentIndex(index)
            self._edit().setText(self.itemText(index))
            self.filter.set_text("")

    def open_popup(self) -> None:
        """Show the options matching the text (all of them when an option is chosen)."""
        self.filter.set_text("" if self.value() is not None else self._edit().text())
        self._completer().complete()

    def pick_first_match(self) -> bool:
        """Choose the first option matching the text (what Enter does); False if none."""
        if self.filter.rowCount() == 0:
            return False
        self._pick_text(self.filter.index(0, 0).data())
        self._popup().hide()
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._edit() and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self.value() is None and self._edit().text().strip():
                    self.pick_first_match()
                    return True
            if event.key() == Qt.Key.Key_Down and not self._popup().isVisible():
                self.open_popup()
                return True
        return super().eventFilter(watched, event)

    # An editable combo box always has its line edit and completer (set above).
    def _edit(self) -> QLineEdit:
        line = self.lineEdit()
        assert line is not None
        return line

    def _completer(self) -> QCompleter:
        completer = self.completer()
        assert completer is not None
        return completer

    def _popup(self) -> QAbstractItemView:
        popup = self._completer().popup()
        assert popup is not None
        return popup


class PlacePicker(SearchPicker):
    """A ``SearchPicker`` of the live places ("name — city"), loaded off the UI thread."""

    def __init__(
        self, ctx: Any, runner: Any, parent: QWidget | None = None, *, required: bool = False
    ) -> None:
        super().__init__(parent, required=required, placeholder="نام یا شهر مکان را تایپ کنید…")
        from ...services.places.places import place_choices

        self.load(runner, lambda: place_choices(ctx))
