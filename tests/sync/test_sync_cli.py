"""End to end through the command lines: ``miz-server migrate/create-office/
enroll-device/serve`` (a real uvicorn on the embedded SQLite default) and
``miz enroll`` + ``miz sync`` on two workstations."""

from __future__ import annotations

import os
import subprocess
import sys

from sqlalchemy import select

from desktop_app.cli import main as miz
from desktop_app.models import Place
from desktop_app.services.core.context import AppContext
from tests.sync.server_process import free_port, start_server


def _server_cli(env, *args) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "central_server.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def test_command_lines_end_to_end(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    env = dict(os.environ, MIZ_DATABASE_URL=url, PYTHONPATH=os.getcwd())
    _server_cli(env, "migrate")
    _server_cli(env, "create-office", "HQ", "ستاد", "--level", "headquarters")
    _server_cli(env, "create-office", "P1", "گلستان", "--level", "province", "--parent", "HQ")
    codes = [_server_cli(env, "enroll-device", "P1", "--label", f"ws{i}") for i in (1, 2)]
    assert "waiting" in _server_cli(env, "list-devices")
    port = free_port()
    proc = start_server(url, port)
    try:
        dirs = [tmp_path / "ws1", tmp_path / "ws2"]
        for folder, code in zip(dirs, codes, strict=True):
            assert miz(["enroll", f"http://127.0.0.1:{port}", code, "--data-dir", str(folder)]) == 0
        assert "گلستان" in capsys.readouterr().out
        ctx = AppContext.open(dirs[0])
        with ctx.session() as s:
            s.add(Place(name="مرکز گرگان", code="1"))
        ctx.close()
        assert miz(["sync", "--data-dir", str(dirs[0])]) == 0
        assert miz(["sync", "--data-dir", str(dirs[1])]) == 0
        ctx = AppContext.open(dirs[1])
        with ctx.session() as s:
            place = s.scalar(select(Place))
            assert (place.name, place.origin_office) == ("مرکز گرگان", "P1")
        ctx.close()
        device_id = _server_cli(env, "list-devices").splitlines()[0].split("\t")[0]
        _server_cli(env, "revoke-device", device_id)
        assert miz(["sync", "--data-dir", str(dirs[0])]) == 1
        assert "لغو" in capsys.readouterr().err
    finally:
        proc.kill()
        proc.wait(10)
