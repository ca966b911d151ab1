"""Cheap argon2 parameters for the account tests (the production cost is
``accounts._hasher``, ~0.1 s a hash; the rules tested do not depend on it)."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher


@pytest.fixture(autouse=True)
def fast_hashes(monkeypatch):
    from desktop_app.services.accounts import accounts

    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024))
