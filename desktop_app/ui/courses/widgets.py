"""Editors of the course form: a searchable picker, the trainers picker and the weekly
schedule editor. Each is a ``ValidatedField`` so a service message shows under it.

Qt widgets: UI thread only.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...documents.course import WEEKDAYS
from ...persian import normalize_code, search_key, to_persian_digits
from ...services.courses.courses import Slot, TrainerChoice
from ..listing import ChoiceBox, labels
from ..widgets import ValidatedField


class SearchableChoiceBox(ChoiceBox):
    """A ``ChoiceBox`` the clerk can type into: the list narrows to the options whose
    label contains what was typed (any part of it)."""

    def __init__(self, choices: Iterable[tuple[Any, str]] = (), **kwargs: Any) -> None:
        super().__init__(choices, **kwargs)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(completer)
        line = self.lineEdit()
        assert line is not None  # an editable combo box has one
        line.setPlaceholderText("برای جستجو تایپ کنید…")

    def validate(self) -> bool:
        typed = self.currentText().strip()
        if typed and self.findText(typed) < 0:
            self.set_error("گزینه‌ای با این نام نیست؛ از فهرست انتخاب کنید.")
        return super().validate()


class TrainerPicker(ValidatedField, QWidget):
    """Checkable trainers with a search box. Trainers not allowed to teach the chosen
    standard are hidden unless "show all" is ticked (the check before submit would
    refuse them anyway)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._choices: list[TrainerChoice] = []
        self._checked: list[uuid.UUID] = []
        self._standard_code = ""
        self.search = QLineEdit()
        self.search.setPlaceholderText("جستجوی مربی…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self._refill())
        self.show_all = QCheckBox("نمایش همهٔ مربیان")
        self.show_all.toggled.connect(lambda _c: self._refill())
        self.list = QListWidget()
        self.list.setMaximumHeight(96)
        self.list.itemChanged.connect(self._item_changed)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.search, 1)
        top.addWidget(self.show_all)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.list)

    def set_choices(self, choices: Sequence[TrainerChoice]) -> None:
        self._choices = list(choices)
        self._refill()

    def set_standard_code(self, code: str) -> None:
        self._standard_code = code
        self._refill()

    def allowed(self, choice: TrainerChoice) -> bool:
        wanted = normalize_code(self._standard_code)
        return not wanted or wanted in {normalize_code(c) for c in choice.standard_codes}

    def value(self) -> list[uuid.UUID]:
        return list(self._checked)

    def setValue(self, ids: Iterable[uuid.UUID]) -> None:
        self._checked = list(ids)
        self._refill()

    def _refill(self) -> None:
        words = search_key(self.search.text()).split()
        blocker = QSignalBlocker(self.list)
        self.list.clear()
        for choice in self._choices:
            checked = choice.id in self._checked
            allowed = self.allowed(choice)
            if not checked and not self.show_all.isChecked() and not (allowed and choice.active):
                continue
            if words and not all(w in search_key(choice.name) for w in words):
                continue
            label = choice.name
            if not allowed:
                label += " (مجاز به تدریس این استاندارد نیست)"
            elif not choice.active:
                label += " (غیرفعال)"
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, choice.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        del blocker

    def _item_changed(self, item: QListWidgetItem) -> None:
        trainer_id = item.data(Qt.ItemDataRole.UserRole)
        if item.checkState() == Qt.CheckState.Checked and trainer_id not in self._checked:
            self._checked.append(trainer_id)
        elif item.checkState() != Qt.CheckState.Checked and trainer_id in self._checked:
            self._checked.remove(trainer_id)
        self.set_error(None)
        self.changed.emit()

    def item_for(self, trainer_id: uuid.UUID) -> QListWidgetItem | None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == trainer_id:
                return item
        return None

    def validate(self) -> bool:
        if self.is_required() and not self._checked:
            self.set_error("دست‌کم یک مربی انتخاب کنید.")
        return self.error() is None


#: Meeting times offered, every quarter hour from 06:00 to 22:00 ("08:00" → "۰۸:۰۰").
TIMES: tuple[tuple[str, str], ...] = tuple(
    (f"{h:02d}:{m:02d}", to_persian_digits(f"{h:02d}:{m:02d}"))
    for h in range(6, 23)
    for m in (0, 15, 30, 45)
    if h < 22 or m == 0
)


class _SlotRow(QWidget):
    """One weekly meeting: day, from, to, remove."""

    def __init__(self, slot: Slot, remove: Any) -> None:
        super().__init__()
        self.day = ChoiceBox(enumerate(WEEKDAYS))
        self.day.setValue(slot.day)
        self.start = ChoiceBox(TIMES)
        self.end = ChoiceBox(TIMES)
        for box, value in ((self.start, slot.start), (self.end, slot.end)):
            if box.findData(value) < 0:  # a time stored by another workstation
                box.addItem(to_persian_digits(value), value)
            box.setValue(value)
        # a tool button: as wide as its word (a push button takes the style's 80 pixels)
        self.remove = QToolButton()
        self.remove.setText(labels.DELETE)
        self.remove.setToolTip("حذف این جلسه")
        self.remove.clicked.connect(lambda: remove(self))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.day, 2)
        layout.addWidget(QLabel("از"))
        layout.addWidget(self.start, 1)
        layout.addWidget(QLabel("تا"))
        layout.addWidget(self.end, 1)
        layout.addWidget(self.remove)

    def slot(self) -> Slot:
        return Slot(int(self.day.value()), self.start.value(), self.end.value())


class ScheduleEditor(ValidatedField, QWidget):
    """The weekly schedule: one row per meeting (day, start, end) and an add button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[_SlotRow] = []
        self._rows_box = QVBoxLayout()
        self._rows_box.setContentsMargins(0, 0, 0, 0)
        self._rows_box.setSpacing(2)
        self.add_button = QPushButton("افزودن جلسه")
        self.add_button.clicked.connect(lambda: self.add_slot())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._rows_box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

    def add_slot(self, slot: Slot | None = None) -> _SlotRow:
        if slot is None:  # the next day after the last meeting, same hours
            last = self.rows[-1].slot() if self.rows else Slot(0, "08:00", "12:00")
            slot = Slot((last.day + 1) % 7 if self.rows else 0, last.start, last.end)
        row = _SlotRow(slot, self._remove)
        self.rows.append(row)
        self._rows_box.addWidget(row)
        self.set_error(None)
        return row

    def _remove(self, row: _SlotRow) -> None:
        self.rows.remove(row)
        row.setParent(None)
        row.deleteLater()
        self.set_error(None)

    def value(self) -> list[Slot]:
        return [row.slot() for row in self.rows]

    def setValue(self, slots: Iterable[Slot]) -> None:
        for row in list(self.rows):
            self._remove(row)
        for slot in slots:
            self.add_slot(slot)

    def validate(self) -> bool:
        if self.is_required() and not self.rows:
            self.set_error("دست‌کم یک جلسه در هفته وارد کنید.")
        return self.error() is None
