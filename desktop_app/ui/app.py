"""Creating the Qt application: RTL layout, Persian locale, Vazirmatn, style sheet.

UI thread only. ``run_gui`` is what ``miz`` (with no command) runs: it shows the
sign-in dialog and opens the database behind it (``ui.startup``), then hands over to
``ui.session.SessionController`` (sign-in, then the main window).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QLibraryInfo, QLocale, QObject, Qt, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QWidget

from .. import __version__
from ..paths import fonts_dir, resources_dir
from .collector import collect_on_ui_thread
from .source_cache import keep_sources_out

log = logging.getLogger(__name__)

FONT_FAMILY = "Vazirmatn"
PERSIAN_LOCALE = QLocale(QLocale.Language.Persian, QLocale.Country.Iran)


def register_fonts() -> list[str]:
    """Load the bundled Vazirmatn files; returns the families Qt now knows."""
    families: list[str] = []
    for ttf in sorted(fonts_dir().glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(ttf))
        if font_id < 0:
            log.warning("Qt could not load font %s", ttf)
            continue
        families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return sorted(set(families))


def install_qt_translation(app: QApplication) -> bool:
    """Qt's own Persian texts (qtbase_fa: «تأیید»/«انصراف»/«بله»/«نه» on message boxes, the
    text fields' context menu, file dialogs), once; False if the file is missing."""
    if getattr(app, "_miz_translator", None) is not None:
        return True
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(PERSIAN_LOCALE, "qtbase", "_", folder):
        log.warning("Qt's Persian translation (qtbase_fa) not found in %s", folder)
        return False
    app.installTranslator(translator)
    app._miz_translator = translator  # type: ignore[attr-defined]  # kept alive with the app
    return True


def configure_application(app: QApplication) -> None:
    """Everything that makes the app Persian and right to left."""
    QLocale.setDefault(PERSIAN_LOCALE)
    install_qt_translation(app)
    app.setApplicationName("Miz")
    app.setApplicationDisplayName("میز خدمت")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("TVTO")
    app.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    if FONT_FAMILY not in register_fonts():
        raise RuntimeError("the bundled Vazirmatn font could not be loaded")
    font = QFont(FONT_FAMILY, 10)
    app.setFont(font)
    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "miz.svg")))
    app.setStyleSheet((resources_dir() / "style.qss").read_text(encoding="utf-8"))


def application(argv: list[str] | None = None) -> QApplication:
    """The configured ``QApplication`` (made once). From here on only the UI thread
    collects reference cycles (``ui.collector``): before any worker or loader thread runs."""
    keep_sources_out()
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    collect_on_ui_thread(app)
    configure_application(app)
    return app


def release_windows(app: QApplication) -> None:
    """Delete every window while Qt still runs, before Python's exit.

    At the interpreter's exit PySide deletes whatever Python still owns, one object at a
    time in no fixed order, without the event loop; a widget put in a layout before the
    layout had a window is owned by Python and has a Qt parent as well, and deleting such
    leftovers there crashed the process now and then after everything had finished (the
    screen test's "shared QObject was deleted directly"). Deleted here, parents take their
    children with them and nothing is left for that last pass."""
    for widget in app.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


class _QuitOnFirstPaint(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, QApplication.quit)
            watched.removeEventFilter(self)
        return False


def quit_on_first_paint(widget: QWidget) -> None:
    """Quit the event loop right after ``widget`` has painted for the first time."""
    watcher = _QuitOnFirstPaint(widget)
    widget.installEventFilter(watcher)


def run_gui(
    data_dir: Path | None, quit_after_shown: bool = False, quit_at_sign_in: bool = False
) -> int:
    """Show the sign-in dialog, open the database behind it, run the event loop.

    ``quit_at_sign_in`` quits once the sign-in dialog has painted, without opening the
    database (which starts only after that paint): the start benchmark.
    """
    app = application()
    from ..paths import default_data_dir

    data_dir = Path(data_dir) if data_dir else default_data_dir()
    if quit_after_shown:
        return _smoke_main_window(app, data_dir)
    from .startup import StartUp

    # Sign in first (the first start creates the administrator); a window per user.
    start = StartUp(data_dir)
    start.setParent(app)  # lives as long as the application (its dialogs and threads do)
    dialog = start.start(load=not quit_at_sign_in)
    if quit_at_sign_in:
        quit_on_first_paint(dialog)
    code = app.exec()
    start.shutdown()
    release_windows(app)
    return 4 if start.error else code


def _smoke_main_window(app: QApplication, data_dir: Path) -> int:
    """The benchmarks' and the installer's smoke start: no sign-in, nobody signed in
    (ctx.user stays None, so every service refuses); quit once the main window painted."""
    from ..services.core.context import AppContext
    from ..services.office.backup import migration_backup_hook
    from .main_window import MainWindow

    while True:
        try:
            # A database about to be migrated is backed up first (kind "pre-migration").
            ctx = AppContext.open(data_dir, before_migration=migration_backup_hook(data_dir))
            break
        except Exception as exc:  # the window never just vanishes: a dialog says why
            from .startup import start_problem

            if not start_problem(data_dir, exc):
                return 4
    window = MainWindow(ctx)
    window.start_of_day_backup()
    quit_on_first_paint(window)
    window.show()
    code = app.exec()
    window.shutdown()
    release_windows(app)
    ctx.close()
    return code
