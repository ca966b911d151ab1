"""The ``miz`` command line: demo data, --data-dir, and the start-up path."""

from __future__ import annotations

import subprocess
import sys

from desktop_app.cli import main, parse_args
from desktop_app.services.accounts.access import system_actor
from desktop_app.services.core.context import AppContext
from desktop_app.services.office.settings import load_office_settings


def test_demo_fills_the_given_data_dir(data_dir, capsys):
    assert main(["demo", "--data-dir", str(data_dir)]) == 0
    ctx = AppContext.open(data_dir)
    ctx.user = system_actor()  # a service call acts as someone (issue 16)
    try:
        settings = load_office_settings(ctx)
    finally:
        ctx.close()
    assert settings.office_code == "2701"
    assert settings.province == "گلستان"
    assert "داده‌های نمونه" in capsys.readouterr().out


def test_data_dir_before_or_after_the_command(tmp_path):
    assert parse_args(["--data-dir", str(tmp_path), "demo"]).data_dir == tmp_path
    assert parse_args(["demo", "--data-dir", str(tmp_path)]).data_dir == tmp_path
    assert parse_args(["--data-dir", str(tmp_path)]).data_dir == tmp_path
    assert parse_args([]).data_dir is None
    assert parse_args(["demo"]).data_dir is None


def test_python_m_desktop_app_starts_and_quits(data_dir):
    result = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--data-dir", str(data_dir), "--quit-after-shown"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    assert (data_dir / "miz.sqlite3").exists()
    assert (data_dir / "workstation.json").exists()
