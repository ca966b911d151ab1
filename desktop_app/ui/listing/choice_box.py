"""``ChoiceBox``: a combo box of (value, Persian label) pairs with the shared error state,
so a form can show a service message under it like under any other field. With
``keep_unknown`` a stored value no longer offered (an old occupation group, a time set
by another workstation) is added and shown instead of being replaced by the first
option; pass a function to label it.

Qt widget: UI thread only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtWidgets import QComboBox, QWidget

from ..widgets import ValidatedField

__all__ = ["ChoiceBox"]

REQUIRED_CHOICE = "یکی از گزینه‌ها را انتخاب کنید."
# the box is at least as wide as its longest label up to this many characters (a long
# standard title still fits a form at 1366×768); the open list is as wide as every label
WIDEST_LABEL = 32


class ChoiceBox(ValidatedField, QComboBox):
    def __init__(
        self,
        choices: Iterable[tuple[Any, str]] = (),
        parent: QWidget | None = None,
        *,
        empty: str | None = None,
        required: bool = False,
        keep_unknown: bool | Callable[[Any], str] = False,
        widest: int = WIDEST_LABEL,
    ) -> None:
        super().__init__(parent)
        self._empty = empty
        self._keep_unknown = keep_unknown
        self._widest = widest
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.set_required(required)
        self.set_choices(choices)
        self.currentIndexChanged.connect(lambda _i: self.set_error(None))

    def set_choices(self, choices: Iterable[tuple[Any, str]]) -> None:
        """Replace the options, keeping the current value when it is still offered."""
        current = self.value()
        self.blockSignals(True)
        self.clear()
        if self._empty is not None:
            self.addItem(self._empty, None)
        for value, label in choices:
            self.addItem(label, value)
        self.blockSignals(False)
        self._fit_labels()
        self.setValue(current)

    def _fit_labels(self) -> None:
        """Wide enough for the labels («استاندارد آموزشی», «مکان برگزاری», a filter's
        «مکان: همه») instead of cutting them."""
        labels = [self.itemText(index) for index in range(self.count())]
        longest = max((len(label) for label in labels), default=0)
        self.setMinimumContentsLength(min(max(longest, 6), self._widest))
        metrics = self.fontMetrics()
        widest = max((metrics.horizontalAdvance(label) for label in labels), default=0)
        view = self.view()
        if view is not None:
            view.setMinimumWidth(widest + 2 * metrics.averageCharWidth() + 24)
        self.updateGeometry()

    def value(self) -> Any:
        return self.currentData()

    def setValue(self, value: Any) -> None:
        for index in range(self.count()):
            if self.itemData(index) == value:
                self.setCurrentIndex(index)
                return
        if self._keep_unknown and value not in (None, ""):
            label = self._keep_unknown(value) if callable(self._keep_unknown) else str(value)
            self.addItem(label, value)
            self.setCurrentIndex(self.count() - 1)
            return
        self.setCurrentIndex(0 if self.count() else -1)

    def validate(self) -> bool:
        if self.is_required() and self.value() in (None, ""):
            self.set_error(REQUIRED_CHOICE)
        return self.error() is None
