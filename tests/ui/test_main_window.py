"""The shell window: right to left, navigation on the right, every section reachable,
Persian menus and status bar, and a screenshot a person has looked at."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from desktop_app.ui.sections import SECTIONS
from desktop_app.ui.widgets.fit import FRAME_ALLOWANCE, available_geometry

SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "out" / "screenshots"


def test_window_is_rtl_and_persian(main_window, qtbot):
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert main_window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert QLocale().language() == QLocale.Language.Persian
    assert QApplication.font().family() == "Vazirmatn"
    assert main_window.windowTitle() == "میز خدمت"
    menus = [a.text() for a in main_window.menuBar().actions()]
    assert menus == ["&پرونده", "&نما", "&راهنما"]
    # the indicator reads the sync status on a worker thread after the window opens
    qtbot.waitUntil(lambda: "همگام‌سازی" in main_window.sync_label.text())


def test_navigation_sits_on_the_right(main_window):
    nav = main_window.navigation
    nav_left = nav.mapTo(main_window, nav.rect().topLeft()).x()
    stack_left = main_window.stack.mapTo(main_window, main_window.stack.rect().topLeft()).x()
    assert nav_left > stack_left
    assert nav_left + nav.width() >= main_window.centralWidget().width() - 2


def test_every_section_is_listed_and_opens(main_window, qtbot):
    # A new office is a TVTO office: every section but the Welfare ones.
    shown = [s for s in SECTIONS if not s.agencies or "tvto" in s.agencies]
    assert [s.key for s in main_window.sections] == [s.key for s in shown]
    titles = [main_window.navigation.item(i).text() for i in range(main_window.navigation.count())]
    assert titles == [s.title for s in shown]
    for row, section in enumerate(shown):
        main_window.navigation.setCurrentRow(row)
        page = main_window.pages[section.key]
        assert main_window.stack.currentWidget() is page
        assert page.section.title == section.title


def test_shortcut_switches_section(main_window, qtbot):
    """«تنظیمات» is Ctrl+0 wherever it stands; the office's own work and the public's
    requests and reports have Ctrl+1…9, each a different key."""
    shortcuts = {
        a.text(): a.shortcut().toString()
        for a in main_window.actions()
        if not a.shortcut().isEmpty()
    }
    titles = {s.key: s.title for s in main_window.sections}
    assert shortcuts[titles["settings"]] == "Ctrl+0"
    for key in ("service_cards", "feedback", "office_reports", "certificates", "trainees"):
        if key in titles:
            assert shortcuts[titles[key]].startswith("Ctrl+"), key
    section_keys = [v for t, v in shortcuts.items() if t in titles.values()]
    assert len(section_keys) == len(set(section_keys))

    qtbot.keySequence(main_window, QKeySequence("Ctrl+0"))
    assert main_window.stack.currentWidget() is main_window.pages["settings"]
    feedback = shortcuts[titles["feedback"]]
    qtbot.keySequence(main_window, QKeySequence(feedback))
    assert main_window.stack.currentWidget() is main_window.pages["feedback"]


def test_every_section_has_a_key(main_window, qtbot):
    """Beyond Ctrl+1…9 the sections take Alt+1…9 (a TVTO office has thirteen besides the
    settings). (The window's size on office screens: ``tests/ux/screens_dialogs.py``.)"""
    by_title = {a.text(): a.shortcut().toString() for a in main_window.actions()}
    keys = [by_title.get(s.title, "") for s in main_window.sections]
    assert all(keys) and len(set(keys)) == len(keys), keys
    last = main_window.sections[-2]  # the last before «تنظیمات»
    assert by_title[last.title].startswith("Alt+")
    qtbot.keySequence(main_window, QKeySequence(by_title[last.title]))
    assert main_window.stack.currentWidget() is main_window.pages[last.key]


def test_screenshot(main_window, qtbot):
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    main_window.show_section("settings")
    qtbot.waitUntil(lambda: main_window.pages["settings"].body.agency.text() != "")
    image = main_window.grab().toImage()
    path = SCREENSHOT_DIR / "main_window.png"
    assert image.save(str(path))
    # as wide as the screen lets it (up to 1180 pixels), at least its minimum
    free = available_geometry(main_window).width() - FRAME_ALLOWANCE.width()
    assert image.width() >= min(1000, free)
    # the navigation strip (dark teal) is on the right edge, not the left
    right = image.pixelColor(image.width() - 20, image.height() // 2)
    left = image.pixelColor(20, image.height() // 2)
    assert right.green() < 120 and right.blue() < 140  # #0f5c6e
    assert left.lightness() > 200
