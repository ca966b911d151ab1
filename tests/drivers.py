"""Shared drivers for GUI tests: type and press keys into real widgets as a clerk would.

``QTest.keyClicks`` cannot send non-ASCII text, so Persian is typed key by key with real
``QKeyEvent``s. UI thread only (pytest-qt's).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

NO_MODIFIER = Qt.KeyboardModifier.NoModifier


def type_text(widget: QWidget, text: str, focus: bool = True) -> None:
    """Type ``text`` into ``widget`` key by key (after focusing it unless ``focus=False``)."""
    if focus:
        widget.setFocus()
    for char in text:
        for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, NO_MODIFIER, char))


def press_key(
    widget: QWidget, key: int | Qt.Key, modifiers: Qt.KeyboardModifier = NO_MODIFIER
) -> None:
    """Press and release ``key`` (with ``modifiers``) on ``widget``."""
    for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, modifiers))
