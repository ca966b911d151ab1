"""The service catalog section (شناسنامه‌های خدمت): list, card form, print preview and the
SLA statement editor. UI thread only.

``catalog_section`` is what ``ui.sections`` registers; it imports the Qt modules of the
section only when the clerk first opens it. ``catalog_section_closed`` builds the page
before anyone is signed in (the window prepared while the password is checked): it
reads nothing until the window calls its ``allow`` and ``load``.
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


def catalog_section_closed(ctx: AppContext, runner: TaskRunner) -> QWidget:
    from .pages import CatalogPage

    return CatalogPage(ctx, runner, opened=False)
