"""Fixtures of the course tests (see ``helpers``)."""

from __future__ import annotations

import pytest

from tests.courses.helpers import Office, make_office


@pytest.fixture
def office(ctx) -> Office:
    """A center office (code 2701) with places, workshops, standards and trainers."""
    return make_office(ctx)
