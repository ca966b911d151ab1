"""Windows that fit the office screen (1366×768, 1280×720): capped at the screen's
available geometry, content that scrolls instead of pushing buttons off the screen.
UI thread only.

- ``scrolling(widget)`` wraps the part of a window that may grow (a form's fields, a
  wizard page, a preview) in a frameless ``QScrollArea``; the window's own minimum size
  then no longer follows the content, so validation messages add a scroll bar instead
  of height.
- ``whole_width(area)``: such an area never scrolls sideways; it asks its window for the
  content's minimum width instead (a form laid out to fit 1280 pixels, such as the course
  form beside its workflow box, which then takes what is left).
- ``fit_to_screen(window, width, height)`` asks for a preferred size and, each time the
  window is shown, caps its size at what the screen it is on has available (minus room
  for the title bar) and moves it back inside the screen.

A base dialog calls both with a line each; nothing else changes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

__all__ = ["available_geometry", "fit_to_screen", "scrolling", "whole_width"]

#: Room left for the window manager's title bar and frame.
FRAME_ALLOWANCE = QSize(16, 40)


def available_geometry(widget: QWidget | None = None) -> QRect:
    """The free area (without task bars) of the screen ``widget`` is on, else the primary."""
    screen = widget.screen() if widget is not None else None
    if screen is None:
        screen = QGuiApplication.primaryScreen()
    return screen.availableGeometry()


class _ContentArea(QScrollArea):
    """A scroll area that asks for its content's whole size (Qt's own caps the hint at a
    few dozen lines), so a window opens as large as its fields need, up to the screen."""

    def sizeHint(self) -> QSize:
        inner = self.widget()
        if inner is None:
            return super().sizeHint()
        hint = inner.sizeHint()
        bar = self.verticalScrollBar().sizeHint().width()
        return QSize(
            hint.width() + bar + 2 * self.frameWidth(), hint.height() + 2 * self.frameWidth()
        )

    def minimumSizeHint(self) -> QSize:
        inner = self.widget()
        hint = super().minimumSizeHint()
        if (
            inner is None
            or self.horizontalScrollBarPolicy() != Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        ):
            return hint
        bar = self.verticalScrollBar().sizeHint().width()
        width = inner.minimumSizeHint().width() + bar + 2 * self.frameWidth()
        return QSize(max(hint.width(), width), hint.height())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()  # the content's minimum width may have changed
        return super().eventFilter(watched, event)


def scrolling(widget: QWidget) -> QScrollArea:
    """``widget`` inside a frameless, resizable scroll area."""
    area = _ContentArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    area.setWidget(widget)
    return area


def whole_width(area: QScrollArea) -> None:
    """Never scroll ``area`` (made by ``scrolling``) sideways: it is as wide as its
    content's minimum (up and down it still scrolls)."""
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.updateGeometry()


def _cap(window: QWidget) -> None:
    free = available_geometry(window)
    limit = QSize(
        max(320, free.width() - FRAME_ALLOWANCE.width()),
        max(240, free.height() - FRAME_ALLOWANCE.height()),
    )
    window.setMaximumSize(limit)
    if not window.testAttribute(Qt.WidgetAttribute.WA_Resized):
        # Qt opens a window at most 2/3 of the screen; a form opens as large as it needs.
        window.resize(window.sizeHint().expandedTo(window.size()).boundedTo(limit))
    size = window.size().boundedTo(limit)
    if size != window.size():
        window.resize(size)
    frame = window.frameGeometry()
    x = min(max(frame.x(), free.x()), free.right() - frame.width() + 1)
    y = min(max(frame.y(), free.y()), free.bottom() - frame.height() + 1)
    if (x, y) != (frame.x(), frame.y()):
        window.move(max(x, free.x()), max(y, free.y()))


class _Fitter(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(watched, QWidget) and event.type() in (
            QEvent.Type.Show,
            QEvent.Type.ScreenChangeInternal,
        ):
            _cap(watched)
        return False


def fit_to_screen(window: QWidget, width: int | None = None, height: int | None = None) -> None:
    """Resize ``window`` to the preferred size within the screen, and keep it inside."""
    free = available_geometry(window)
    if width is not None or height is not None:
        hint = window.sizeHint()
        window.resize(
            min(width or hint.width(), free.width() - FRAME_ALLOWANCE.width()),
            min(height or hint.height(), free.height() - FRAME_ALLOWANCE.height()),
        )
    window.installEventFilter(_Fitter(window))
