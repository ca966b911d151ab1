"""The workstation's sync token: the file ``sync-token`` in the data folder, written at
enrollment (mode 0600). Read by the status bar and the certificate inquiry without
loading the sync client (httpx, the protocol's pydantic models)."""

from __future__ import annotations

import os
from pathlib import Path

TOKEN_FILE = "sync-token"


def token_path(data_dir: Path) -> Path:
    return Path(data_dir) / TOKEN_FILE


def load_token(data_dir: Path) -> str:
    path = token_path(data_dir)
    return path.read_text(encoding="utf-8").strip() if path.exists() else ""


def save_token(data_dir: Path, token: str) -> None:
    path = token_path(data_dir)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(token, encoding="utf-8")
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)
