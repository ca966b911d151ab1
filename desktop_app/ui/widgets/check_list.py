"""``CheckList``: pick any number of options from a short vocabulary (occupation
groups, …) by ticking them. ``values()`` are the ticked options in vocabulary order;
``setValues`` ticks them, adding a stored value the vocabulary no longer offers so
nothing is lost on the next save. It is a ``ValidatedField``, so a ``FormRow`` shows a
message under it.

Qt widget: UI thread only.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from desktop_app.ui.widgets.field import ValidatedField

__all__ = ["CheckList"]


class CheckList(ValidatedField, QListWidget):
    def __init__(
        self,
        options: Iterable[str] = (),
        parent: QWidget | None = None,
        *,
        rows: int = 6,
        item_width: int = 150,
    ) -> None:
        super().__init__(parent)
        self.setFlow(QListWidget.Flow.TopToBottom)
        self.setWrapping(True)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setGridSize(QSize(item_width, 24))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFixedHeight(rows * 24 + 10)
        for option in options:
            self._add(option)
        self.itemChanged.connect(lambda _item: self.set_error(None))

    def _add(self, option: str) -> QListWidgetItem:
        item = QListWidgetItem(option, self)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        return item

    def options(self) -> list[str]:
        return [self.item(i).text() for i in range(self.count())]

    def values(self) -> list[str]:
        """The ticked options, in the order they are listed."""
        return [
            self.item(i).text()
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        ]

    def setValues(self, values: Iterable[str]) -> None:
        wanted = list(values)
        for value in wanted:
            if value not in self.options():
                self._add(value)
        for i in range(self.count()):
            item = self.item(i)
            checked = item.text() in wanted
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def set_checked(self, option: str, checked: bool = True) -> None:
        for i in range(self.count()):
            if self.item(i).text() == option:
                state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
                self.item(i).setCheckState(state)
