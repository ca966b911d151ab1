"""Shared pytest fixtures: offscreen Qt, a temporary data folder per test.

The workstation database is migrated ONCE per run (``template_database``); each test's
``ctx`` starts from a copy of it, so only tests that open a data folder themselves (first
start, migrations, backups) pay for a migration.
"""

from __future__ import annotations

import os
import shutil
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# the machine's install id (``services.core.workstation``) in a folder of this run
os.environ.setdefault("MIZ_INSTALL_DIR", tempfile.mkdtemp(prefix="miz-install-"))
# Prints made without a file dialog go to the documents folder: a test run's go to a
# folder of its own, never to the Documents of whoever runs the tests.
os.environ.setdefault("MIZ_DOCUMENTS_DIR", tempfile.mkdtemp(prefix="miz-test-documents-"))

import pytest

_teardown_collect_seconds = [0.0, 0]


def pytest_collection_finish(session):
    """What the run has built before its first test (every module of the app, the
    server, Qt, SQLAlchemy) is moved out of the collector's sight, as the app's loader and
    the server's workers do (``gc.freeze``): a collection then scans only what the tests
    made."""
    import gc

    gc.collect()
    gc.freeze()


def pytest_terminal_summary(terminalreporter):
    seconds, count = _teardown_collect_seconds
    if count:
        terminalreporter.write_line(f"Qt tests' closing collections: {count}, {seconds:.1f} s")


@pytest.fixture(autouse=True)
def _qt_collects_on_its_ui_thread(request):
    """A Qt test runs under the app's regime (``ui.collector``): Python's automatic
    collection off, the UI thread's timer collecting while the test waits in an event
    loop, and one whole collection on the main thread when it ends. A worker thread of
    the test (a query, a loader, a server) never frees a Qt object in the middle of Qt's
    event delivery (a segmentation fault in CI). Other tests keep the interpreter's
    default."""
    if "qapp" not in request.fixturenames:
        yield
        return
    import gc

    import shiboken6
    from PySide6.QtCore import QCoreApplication, QEvent

    from desktop_app.ui.collector import UiThreadCollector, collect_on_ui_thread

    app = request.getfixturevalue("qapp")
    collect_on_ui_thread(app)
    yield
    # the widgets qtbot closed (``deleteLater``) go first, with the Qt children that
    # call back into their Python side (a view asking its model): then no cycle the
    # collection breaks belongs to a Qt object still alive
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    import time

    started = time.perf_counter()
    gc.collect()
    # what outlived the test is moved out of the collector's sight: the next test's
    # collection scans only what that test made (a whole-heap collection after every Qt
    # test grew with the run, 1.4 GB late in it, and took most of the suite's time)
    gc.freeze()
    _teardown_collect_seconds[0] += time.perf_counter() - started
    _teardown_collect_seconds[1] += 1
    for collector in app.findChildren(UiThreadCollector):
        shiboken6.delete(collector)
    gc.enable()


@pytest.fixture
def data_dir(tmp_path):
    """An empty data folder, as on a fresh workstation."""
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture(scope="session")
def template_database(tmp_path_factory):
    """A workstation database migrated to the head once per run (copied per test)."""
    from sqlalchemy import text

    from desktop_app.models.database import create_sqlite_engine, migrate
    from desktop_app.services.core.context import DATABASE_NAME

    path = tmp_path_factory.mktemp("template") / DATABASE_NAME
    engine = create_sqlite_engine(path)
    migrate(engine)
    with engine.connect() as conn:
        conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    engine.dispose()
    return path


@pytest.fixture
def ctx(data_dir, template_database):
    """An opened (created and migrated) application context on ``data_dir``.

    It acts as the system actor (every permission), as batch commands do; tests of
    permissions sign a real user in instead (``services.accounts.access``).
    """
    from desktop_app.services.accounts.access import system_actor
    from desktop_app.services.core.context import AppContext

    shutil.copyfile(template_database, data_dir / template_database.name)
    context = AppContext.open(data_dir)
    context.user = system_actor()
    yield context
    context.close()


@pytest.fixture
def miz_app(qapp):
    """The pytest-qt application, configured as Miz configures it (RTL, Persian, fonts)."""
    from desktop_app.ui.app import configure_application

    configure_application(qapp)
    return qapp


@pytest.fixture
def main_window(miz_app, ctx, qtbot):
    from desktop_app.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.shutdown()
