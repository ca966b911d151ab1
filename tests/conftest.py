"""Shared pytest fixtures: offscreen Qt, a temporary data folder per test.

The workstation database is migrated ONCE per run (``template_database``); each test's
``ctx`` starts from a copy of it, so only tests that open a data folder themselves (first
start, migrations, backups) pay for a migration.
"""

from __future__ import annotations

import gc
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


def _uses_qt(item: pytest.Item | None) -> bool:
    return item is not None and "qapp" in getattr(item, "fixturenames", ())


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """A test with Qt collects reference cycles as the app does (``ui.collector``): on the
    main thread only; during the test the application's collector does (``miz_app``).
    Before a test without Qt (whose threads may collect), when the Qt tests' fixtures and
    arguments have let go, one full collection here frees what they left. Left to
    Python, a worker thread (a task's query, the day's backup) freed an earlier dialog or
    window and now and then crashed the run (CI's segmentation fault)."""
    if not _uses_qt(item):
        return (yield)
    gc.disable()
    try:
        return (yield)
    finally:
        if not _uses_qt(nextitem):
            gc.collect()
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
    from desktop_app.ui.collector import collect_on_ui_thread

    collect_on_ui_thread(qapp)
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
