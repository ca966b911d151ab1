"""``miz user add`` and ``miz user reset-password`` (the password is prompted)."""

from __future__ import annotations

import getpass

import pytest

from desktop_app.cli import main
from desktop_app.services.accounts.accounts import sign_in
from desktop_app.services.core.context import AppContext


@pytest.fixture
def typed(monkeypatch):
    answers: list[str] = []
    monkeypatch.setattr(getpass, "getpass", lambda _prompt="": answers.pop(0))
    return answers


def _sign_in(data_dir, name, password):
    ctx = AppContext.open(data_dir)
    try:
        return sign_in(ctx, name, password).actor
    finally:
        ctx.close()


def test_user_add_then_sign_in(data_dir, typed, capsys):
    typed += ["Gorgan-1403", "Gorgan-1403"]
    argv = ["user", "add", "Reza", "--role", "clerk", "--role", "supervisor", "--office", "2701"]
    assert main([*argv, "--level", "province", "--data-dir", str(data_dir)]) == 0
    assert "reza" in capsys.readouterr().out
    actor = _sign_in(data_dir, "reza", "Gorgan-1403")
    assert actor.roles == {"clerk", "supervisor"}
    assert (actor.office_code, actor.office_level) == ("2701", "province")


def test_user_add_refuses_a_weak_password_in_persian(data_dir, typed, capsys):
    typed += ["1234", "1234"]
    assert main(["user", "add", "reza", "--role", "clerk", "--data-dir", str(data_dir)]) == 1
    assert "گذرواژه" in capsys.readouterr().err


def test_reset_password(data_dir, typed):
    typed += ["Gorgan-1403", "Gorgan-1403", "Sari-Mazand-9", "Sari-Mazand-9"]
    main(["user", "add", "reza", "--role", "clerk", "--data-dir", str(data_dir)])
    assert main(["user", "reset-password", "reza", "--data-dir", str(data_dir)]) == 0
    assert _sign_in(data_dir, "reza", "Sari-Mazand-9").user_name == "reza"
