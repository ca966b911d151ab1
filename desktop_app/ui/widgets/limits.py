"""Field lengths from the model: ``limit_field(key, editor)`` stops a one-line field at
the length of its column (``models.limits``), so a name cannot take 1,156 characters
and push a one-page profile onto two. The base form classes call it in ``add_row``.
UI thread only.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ...models.limits import text_limit
from .text_edit import TextLineEdit

__all__ = ["limit_field"]


def limit_field(key: str, editor: QWidget) -> None:
    """Cap a plain text field at its column's length. Code and digit fields are left
    alone: they take separators the clerk may type (``0912 123 4567``) and check the
    length of the code itself."""
    limit = text_limit(key)
    if limit is None or not isinstance(editor, TextLineEdit):
        return
    if editor.maxLength() > limit:
        editor.setMaxLength(limit)
