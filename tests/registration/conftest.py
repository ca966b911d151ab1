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
