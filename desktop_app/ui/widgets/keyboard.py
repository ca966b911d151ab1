"""Keyboard-first dialogs: one stable default action, Enter from any field, focus on the
first field. UI thread only.

Qt's own rule makes whichever push button has focus the "default" for a moment
(``autoDefault``), so after a click on «بعدی» the focus moves to «بستن» and Enter closes
the window. ``keyboard_first(dialog, default)`` switches that off for every button of the
dialog (also those added later, when the dialog is shown) and makes ``default`` the one
button Enter presses, from whatever field the focus is in. Escape stays ``reject()``,
which the form bases route through their unsaved-changes question.

``set_default(dialog, button)`` moves the default (the wizard: «بعدی», then «تأیید نهایی»).
``focus_first_field(container)`` puts the cursor in the first enabled input field,
right to left in reading order (the layout order of the container).

``reserve_shortcuts(dialog, next_button, back_button)`` keeps a dialog's own shortcuts working
whatever field has the focus (a field would otherwise claim them).

A base dialog calls ``keyboard_first`` once in its constructor; nothing else changes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QWidget,
)

__all__ = ["focus_first_field", "keyboard_first", "reserve_shortcuts", "set_default"]

_FIELDS = (QLineEdit, QComboBox, QAbstractSpinBox, QPlainTextEdit, QTextEdit)


def _buttons(dialog: QDialog) -> list[QPushButton]:
    return dialog.findChildren(QPushButton)


def set_default(dialog: QDialog, button: QPushButton | None) -> None:
    """Make ``button`` the only default of ``dialog`` (None: no default)."""
    for other in _buttons(dialog):
        other.setAutoDefault(False)
        if other is not button:
            other.setDefault(False)
    if button is not None:
        button.setDefault(True)
    dialog.setProperty("mizDefault", button)


class _KeyboardFilter(QObject):
    """On every show: autoDefault off for buttons added since, the default restored, and
    (the first time) the focus in the first field."""

    def __init__(self, dialog: QDialog) -> None:
        super().__init__(dialog)
        self.dialog = dialog

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and watched is self.dialog:
            set_default(self.dialog, self.default())
            if not self.dialog.property("mizFocused"):
                self.dialog.setProperty("mizFocused", True)
                focus_first_field(self.dialog)
        return False

    def default(self) -> QPushButton | None:
        button = self.dialog.property("mizDefault")
        return button if isinstance(button, QPushButton) else None


def keyboard_first(dialog: QDialog, default: QPushButton | None) -> None:
    """Enter presses ``default`` from any field; no button becomes default by focus;
    the first field has the focus when the dialog opens."""
    set_default(dialog, default)
    dialog.installEventFilter(_KeyboardFilter(dialog))


def press_default(dialog: QDialog) -> bool:
    """Click the dialog's default button if it can be clicked; True if it was."""
    button = dialog.property("mizDefault")
    if isinstance(button, QPushButton) and button.isVisible() and button.isEnabled():
        button.click()
        return True
    return False


def focus_first_field(container: QWidget) -> bool:
    """Give the focus to the first visible, enabled input field in tab order."""
    first: QWidget | None = None
    widget = container.nextInFocusChain()
    seen = 0
    while widget is not None and widget is not container and seen < 2000:
        seen += 1
        if (
            isinstance(widget, _FIELDS)
            and widget.isVisibleTo(container)
            and widget.isEnabled()
            and widget.focusPolicy() != Qt.FocusPolicy.NoFocus
            and not (isinstance(widget, QLineEdit) and widget.isReadOnly())
            and container.isAncestorOf(widget)
        ):
            first = widget
            break
        widget = widget.nextInFocusChain()
    if first is None:
        return False
    first.setFocus(Qt.FocusReason.TabFocusReason)
    return True


class _ReservedKeys(QObject):
    """Presses a dialog's buttons for their shortcuts before the field that has the
    focus can claim the keys (a line edit or combo box takes Alt+arrows in
    ``ShortcutOverride``, and then Qt fires no shortcut)."""

    def __init__(self, dialog: QDialog, buttons: list[QAbstractButton]) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self.buttons = buttons

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and isinstance(watched, QWidget)
            and (watched is self.dialog or self.dialog.isAncestorOf(watched))
        ):
            pressed = QKeySequence(event.keyCombination())
            for button in self.buttons:
                if (
                    button.shortcut().matches(pressed) == QKeySequence.SequenceMatch.ExactMatch
                    and button.isVisible()
                    and button.isEnabled()
                ):
                    event.accept()
                    button.click()
                    return True  # handled here: Qt's shortcut map is not asked again
        return False


def reserve_shortcuts(dialog: QDialog, *buttons: QAbstractButton) -> None:
    """Make the shortcuts of ``buttons`` work on every page of ``dialog`` whatever field
    has the focus."""
    app = QApplication.instance()
    if app is not None:
        app.installEventFilter(_ReservedKeys(dialog, list(buttons)))
