"""The import budget of the app's start, as a graph, not a timing: the sign-in window
appears before SQLAlchemy, Alembic, argon2, reportlab and the sections are imported
(``ui.startup`` opens the database behind it); the command-line parser of a window
start imports no data layer; importing the accounts service computes no argon2 hash."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

# Loaded behind the sign-in window, never before it.
HEAVY = ("sqlalchemy", "alembic", "argon2", "reportlab", "desktop_app.models",
         "desktop_app.services.core.context", "desktop_app.ui.main_window", "desktop_app.ui.sections",
         "psycopg", "psycopg2", "PIL", "qrcode")  # fmt: skip


def _run(script: str, *args: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script), *args],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def _heavy(modules: list[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in HEAVY or m.startswith(HEAVY))


def test_window_start_parses_its_command_line_without_the_data_layer():
    result = _run(
        """
        import json, sys
        from desktop_app.cli import parse_args
        args = parse_args(["--data-dir", "/nonexistent", "-v"])
        print(json.dumps({"command": args.command, "modules": sorted(sys.modules)}))
        """
    )
    assert result["command"] is None
    assert _heavy(result["modules"]) == []


def test_sign_in_window_is_painted_before_the_data_layer_is_imported(tmp_path):
    # The database exists (a second start): the sign-in dialog, not the first administrator.
    (tmp_path / "miz.sqlite3").write_bytes(b"")
    result = _run(
        """
        import json, sys
        from PySide6.QtCore import QEvent, QObject, QTimer
        from PySide6.QtWidgets import QApplication
        from desktop_app.ui import app as ui_app

        seen = {}

        class AtPaint(QObject):
            def eventFilter(self, watched, event):
                if event.type() == QEvent.Type.Paint and not seen:
                    seen["title"] = watched.window().windowTitle()
                    seen["modules"] = sorted(sys.modules)
                    QTimer.singleShot(0, QApplication.quit)
                return False

        filt = AtPaint()
        original = ui_app.quit_on_first_paint
        ui_app.quit_on_first_paint = lambda widget: widget.installEventFilter(filt)
        code = ui_app.run_gui(sys.argv[1], quit_at_sign_in=True)
        print(json.dumps({"code": code, **seen}))
        """,
        str(tmp_path),
    )
    assert result["code"] == 0
    assert result["title"] == "ورود به میز خدمت"
    assert _heavy(result["modules"]) == []


def test_importing_the_accounts_service_computes_no_password_hash():
    result = _run(
        """
        import json
        import argon2
        calls = []
        original = argon2.PasswordHasher.hash
        argon2.PasswordHasher.hash = lambda self, *a, **k: calls.append(1) or original(self, *a, **k)
        import desktop_app.services.accounts.accounts
        print(json.dumps({"hashes": len(calls)}))
        """
    )
    assert result["hashes"] == 0
