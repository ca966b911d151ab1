"""Fixtures of the registration tests: an office with its code and one open course."""

from __future__ import annotations

import pytest

from tests.registration.helpers import make_course, set_office


@pytest.fixture
def office(ctx):
    set_office(ctx)
    return ctx


@pytest.fixture
def course_id(office):
    return make_course(office)


@pytest.fixture(autouse=True)
def opened_files(monkeypatch):
    """PDFs the window would hand to the system viewer (never opened in tests)."""
    from desktop_app.ui.registration.wizard import RegistrationWizard

    opened: list = []
    monkeypatch.setattr(RegistrationWizard, "open_file", staticmethod(opened.append))
    return opened
