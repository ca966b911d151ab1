"""The sections of the main window's navigation, in the order clerks see them.

A section is declared once here; the main window builds its navigation, its
"نما" menu and the Ctrl+N shortcuts from this list. A section whose screen has
not been built yet has ``factory=None`` and says so honestly; later work fills
in the factory. UI thread only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ..services.context import AppContext
from .tasks import TaskRunner

SectionFactory = Callable[[AppContext, TaskRunner], QWidget]


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    factory: SectionFactory | None = None


def _settings_page(ctx: AppContext, runner: TaskRunner) -> QWidget:
    from .settings_page import SettingsPage

    return SettingsPage(ctx, runner)


def _places_page(ctx: AppContext, runner: TaskRunner) -> QWidget:
    from .places.pages import places_page

    return places_page(ctx, runner)


def _workshops_page(ctx: AppContext, runner: TaskRunner) -> QWidget:
    from .places.pages import workshops_page

    return workshops_page(ctx, runner)


def _sync_page(ctx: AppContext, runner: TaskRunner) -> QWidget:
    from .sync_page import SyncPage

    return SyncPage(ctx, runner)


SECTIONS: tuple[Section, ...] = (
    Section("service_cards", "شناسنامه‌های خدمت"),
    Section("courses", "دوره‌های آموزشی"),
    Section("trainees", "کارآموزان و ثبت‌نام"),
    Section("trainers", "مربیان"),
    Section("workshops", "کارگاه‌ها", _workshops_page),  # equipment joins it later
    Section("places", "اماکن", _places_page),
    Section("certificates", "گواهینامه‌ها و استعلام"),
    Section("sync", "همگام‌سازی", _sync_page),
    Section("settings", "تنظیمات", _settings_page),
)


class SectionPage(QWidget):
    """A section's frame: its title on top, its screen (or an honest note) below."""

    def __init__(self, section: Section, body: QWidget | None) -> None:
        super().__init__()
        self.section = section
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 10)
        title = QLabel(section.title)
        title.setObjectName("sectionTitle")
        layout.addWidget(title)
        if body is None:
            body = QLabel("این بخش هنوز در این نسخهٔ میز ساخته نشده است.")
            body.setObjectName("emptyState")
            body.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body = body
        layout.addWidget(body, 1)
