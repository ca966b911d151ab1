"""Shared pytest fixtures: offscreen Qt, a temporary data folder per test."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest


@pytest.fixture
def data_dir(tmp_path):
    """An empty data folder, as on a fresh workstation."""
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture
def ctx(data_dir):
    """An opened (created and migrated) application context on ``data_dir``.

    It acts as the system actor (every permission), as batch commands do; tests of
    permissions sign a real user in instead (``services.accounts.access``).
    """
    from desktop_app.services.accounts.access import system_actor
    from desktop_app.services.core.context import AppContext

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
