"""The service catalog section (شناسنامه‌های خدمت): list, card form, print preview and the
SLA statement editor. UI thread only.

``catalog_section`` is what ``ui.sections`` registers; it imports the Qt modules of the
section only when the clerk first opens it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ...services.core.context import AppContext
    from ..tasks import TaskRunner


def catalog_section(ctx: AppContext, runner: TaskRunner) -> QWidget:
    from .pages import CatalogPage

    return CatalogPage(ctx, runner)
