"""The sections of the main window's navigation, in the order clerks see them.

A section is declared once here; the main window builds its navigation, its
"نما" menu and the shortcuts (``section_shortcuts``: Ctrl+1…9, Ctrl+0 for settings) from
this list. A section whose screen has
not been built yet has ``factory=None`` and says so honestly; later work fills
in the factory. UI thread only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ..services.core.context import AppContext
from .service_cards import catalog_section, catalog_section_closed
from .tasks import TaskRunner
from .widgets.fit import scrolling, whole_width

SectionFactory = Callable[[AppContext, TaskRunner], QWidget]


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    factory: SectionFactory | None = None
    #: The permission (``services.accounts.access``) a user needs to see the section; "" for all.
    permission: str = ""
    #: The organizations (``services.office.settings.AGENCY_KINDS``) whose offices see the
    #: section; empty for everyone (catalog, sync, settings, accounts).
    agencies: frozenset[str] = frozenset()
    #: Builds the page closed, for the window prepared while the password is checked
    #: (``MainWindow.prepare``): it reads neither ``ctx.user`` nor the database until the
    #: window calls its ``allow()`` (signed in) and ``load()`` (after the first paint).
    prepare: SectionFactory | None = None


def _settings_page(ctx: AppContext, runner: TaskRunner) -> QWidget:
    from .settings_page import SettingsPage

    return SettingsPage(ctx, runner)


def _places_page(ctx: AppContext, runner: TaskRunner) -> QWidget:
    from .places.pages import places_page

    return places_page(ctx, runner)


def _courses_page(ctx: AppContext, runner: TaskRunner) -> QWidget:
    from .courses.pages import courses_page

    return courses_page(ctx, runner)


def _workshops_page(ctx: AppContext, runner: TaskRunner) -> QWidget:
    from .places.equipment_pages import workshops_section  # workshops and equipment tabs

    return workshops_section(ctx, runner)


def _audit_page(ctx: AppContext, runner: TaskRunner) -> QWidget:
    from .accounts.audit_page import audit_log_page

    return audit_log_page(ctx, runner)


def _users_page(ctx: AppContext, runner: TaskRunner) -> QWidget:
    from .accounts.users_page import users_page

    return users_page(ctx, runner)


def _trainers_page(ctx: AppContext, runner: TaskRunner) -> QWidget:
    from .trainers.pages import trainers_page

    return trainers_page(ctx, runner)


def _trainees_page(ctx: AppContext, runner: TaskRunner) -> QWidget:
    from .registration.section import trainees_section

    return trainees_section(ctx, runner)


def _sync_page(ctx: AppContext, runner: TaskRunner) -> QWidget:
    from .sync_page import SyncPage

    return SyncPage(ctx, runner)


def _participation_page(ctx: AppContext, runner: TaskRunner) -> QWidget:
    from .participation import participation_section

    return participation_section(ctx, runner)


def _certificates_page(ctx: AppContext, runner: TaskRunner) -> QWidget:
    from .certificates import certificates_section

    return certificates_section(ctx, runner)


TVTO = frozenset({"tvto"})
WELFARE = frozenset({"welfare"})


def _training_workshops_page(ctx: AppContext, runner: TaskRunner) -> QWidget:
    from .workshops import training_workshops_section

    return training_workshops_section(ctx, runner)


def _feedback_page(ctx: AppContext, runner: TaskRunner) -> QWidget:
    from .feedback import feedback_section

    return feedback_section(ctx, runner)


def _office_reports_page(ctx: AppContext, runner: TaskRunner) -> QWidget:
    from .office_reports import office_reports_section

    return office_reports_section(ctx, runner)


#: In the order a clerk works: the catalog the counter answers from (the section the window
#: opens on), the office's own daily work, the public's requests and the office's reports,
#: the rarely visited places and equipment, then sync, accounts and settings.
SECTIONS: tuple[Section, ...] = (
    Section("service_cards", "شناسنامه‌های خدمت", catalog_section, prepare=catalog_section_closed),
    Section("participation", "مشارکت‌های مردمی و داوطلبان", _participation_page, agencies=WELFARE),
    Section("courses", "دوره‌های آموزشی", _courses_page, agencies=TVTO),
    Section("trainees", "کارآموزان و ثبت‌نام", _trainees_page, agencies=TVTO),
    Section("trainers", "مربیان", _trainers_page, agencies=TVTO),
    Section("training_workshops", "کارگاه‌های آموزشی تسهیلگران", _training_workshops_page),
    Section("certificates", "گواهینامه‌ها و استعلام", _certificates_page, agencies=TVTO),
    Section("feedback", "درخواست‌ها و نظرسنجی", _feedback_page),
    Section("office_reports", "گزارش‌ها", _office_reports_page),
    Section("workshops", "کارگاه‌ها و تجهیزات", _workshops_page, agencies=TVTO),
    Section("places", "اماکن", _places_page, agencies=TVTO),
    Section("sync", "همگام‌سازی", _sync_page),
    Section("audit", "سابقهٔ تغییرات", _audit_page, permission="view_audit"),
    Section("users", "کاربران", _users_page, permission="manage_users"),
    Section("settings", "تنظیمات", _settings_page),
)

#: «تنظیمات» keeps one shortcut whatever the office and the user see: Ctrl+0.
SETTINGS_SHORTCUT = "Ctrl+0"


def section_shortcuts(sections: tuple[Section, ...]) -> dict[str, str]:
    """Section key → its shortcut: «تنظیمات» ``SETTINGS_SHORTCUT``, the first nine others
    Ctrl+1…9 in their order, the next nine Alt+1…9 (a TVTO office's places, sync, audit
    log and users: every section has a key; the «نما» menu shows them)."""
    shortcuts = {s.key: SETTINGS_SHORTCUT for s in sections if s.key == "settings"}
    others = [s for s in sections if s.key != "settings"]
    shortcuts.update({s.key: f"Ctrl+{n}" for n, s in enumerate(others[:9], start=1)})
    shortcuts.update({s.key: f"Alt+{n}" for n, s in enumerate(others[9:18], start=1)})
    return shortcuts


#: The modules of the section the main window opens on (the first one): ``ui.startup``
#: imports them behind the sign-in dialog, so «ورود» does not wait for them.
FIRST_SECTION_MODULES = ("desktop_app.ui.service_cards.pages",)


def visible_sections(ctx: AppContext, agency: str | None = None) -> tuple[Section, ...]:
    """The sections the signed-in user may see (the UI hides what they may not do) and
    the office's organization uses (``agency``; read from the settings when None: one
    key, when the window is built)."""
    from ..services.accounts.access import can
    from ..services.office.settings import load_agency_kind, office_settings_unchecked

    if agency is not None:
        kind = agency
    elif ctx.user is None:
        # the smoke start paints the window with nobody signed in (every service
        # refuses): the organization is read as the other steps before sign-in read it
        kind = office_settings_unchecked(ctx).agency_kind
    else:
        kind = load_agency_kind(ctx)
    return tuple(
        s
        for s in SECTIONS
        if (not s.permission or can(ctx, s.permission)) and (not s.agencies or kind in s.agencies)
    )


class SectionPage(QWidget):
    """A section's frame: its title on top, its screen (or an honest note) below.

    The screen scrolls up and down when the window is shorter than it needs (a 1280×720
    screen at 125 %: 1024×576), never sideways: the window takes its minimum width."""

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
        self.area = scrolling(body)
        whole_width(self.area)
        # the page's own background, not a scroll area's grey box around the screen
        self.area.viewport().setAutoFillBackground(False)
        body.setAutoFillBackground(False)
        layout.addWidget(self.area, 1)
