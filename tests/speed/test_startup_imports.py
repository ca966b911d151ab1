"""The import budget of the app's start, as a graph, not a timing: the sign-in window
appears before SQLAlchemy, Alembic, argon2, reportlab and the sections are imported
(``ui.startup`` opens the database behind it); once signed in, the main window and its
sync status in the status bar are up without the sync client, httpx, pydantic,
Alembic, reportlab or the network backend (they load with the first sync round, a
migration, the first print, a failed round); the command-line parser of a window start
imports no data layer; importing the accounts service computes no argon2 hash."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

# Loaded behind the sign-in window, never before it.
HEAVY = ("sqlalchemy", "alembic", "argon2", "reportlab", "desktop_app.models",
         "desktop_app.services.core.context", "desktop_app.ui.main_window", "desktop_app.ui.sections",
         "psycopg", "psycopg2", "PIL", "qrcode")  # fmt: skip
# Not loaded by a signed-in window until a sync round, a migration, a print or a failed
# round needs them (memory after sign-in: docs/performance.md).
AFTER_SIGN_IN = ("httpx", "pydantic", "pydantic_core", "alembic", "reportlab", "PIL", "qrcode",
                 "desktop_app.sync.client", "desktop_app.sync.protocol",
                 "desktop_app.services.sync.sync", "desktop_app.reports",
                 "PySide6.QtNetwork", "psycopg", "psycopg2")  # fmt: skip


def _run(script: str, *args: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script), *args],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def _heavy(modules: list[str], heavy: tuple[str, ...] = HEAVY) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in heavy or m.startswith(heavy))


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


def test_signed_in_window_and_its_sync_status_load_no_sync_client(ctx, data_dir):
    from desktop_app.sync.token import save_token
    from tests.accounts.helpers import PASSWORD, make_user

    make_user(ctx, "maryam", "clerk")
    ctx.workstation.server_url = "http://127.0.0.1:9"  # set up for sync, enrolled,
    ctx.workstation.save(data_dir)  # but no round is due yet
    save_token(data_dir, "token")
    ctx.close()
    result = _run(
        """
        import json, sys, time
        from pathlib import Path
        from PySide6.QtWidgets import QApplication
        from desktop_app.ui.app import application
        from desktop_app.ui.startup import StartUp

        app = application()
        start = StartUp(Path(sys.argv[1]), quit_app=lambda: None)
        dialog = start.start()

        def wait(pred):
            end = time.monotonic() + 60
            while not pred():
                assert time.monotonic() < end, "timed out"
                app.processEvents()
                time.sleep(0.005)

        wait(lambda: start.session is not None)
        dialog.user_name.setText("maryam")
        dialog.password.setText(sys.argv[2])
        dialog.ok_button.click()
        wait(lambda: start.session.window is not None)
        window = start.session.window
        from desktop_app.ui.auto_sync import SyncIndicator
        label = window.findChild(SyncIndicator)
        wait(lambda: label.status is not None)
        window.runner.wait_for_done()  # the day's first backup, taken and verified, too
        backups = sorted(p.name for p in (Path(sys.argv[1]) / "backups").iterdir())
        for _ in range(20):
            app.processEvents()
        modules = sorted(sys.modules)
        print(json.dumps({"status": label.text(), "modules": modules, "backups": backups}))
        start.shutdown()
        window.close()
        """,
        str(data_dir),
        PASSWORD,
    )
    assert "در انتظار ارسال" in result["status"]  # the enrolled workstation's full status
    assert result["backups"]  # the day's first backup was taken (and verified)
    assert _heavy(result["modules"], AFTER_SIGN_IN) == []
