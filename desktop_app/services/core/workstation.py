"""Per-workstation configuration kept in ``workstation.json`` in the data folder.

This is what belongs to one machine rather than to the office's data: its
device id (made once, used by sync and in unique codes), the central server
address, where backups go and how many are kept. No Qt; read at start-up, written from one thread at a time.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

CONFIG_NAME = "workstation.json"
BACKUP_FOLDER = "backups"
#: The machine's install id: a file OUTSIDE every data folder (a copied folder never
#: carries it). ``MIZ_INSTALL_DIR`` names its folder (tests); else the user's config folder.
INSTALL_ID_NAME = "install-id"


@dataclass
class WorkstationConfig:
    device_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    server_url: str = ""
    ca_bundle: str = ""
    #: Where backups go (a USB drive, a network share); empty: ``backups`` in the data folder.
    backup_dir: str = ""
    #: Automatic backups kept: the newest of each of the last ``keep_daily`` days, then
    #: the newest of each of the last ``keep_weekly`` weeks before those.
    keep_daily: int = 7
    keep_weekly: int = 4
    #: Minutes without keyboard or mouse input after which the window signs out (0: never).
    idle_minutes: int = 15
    #: Minutes between background sync rounds when a server is set (0: off; the
    #: sync section's button still works).
    sync_minutes: int = 5
    #: Where the file dialogs open and PDFs and spreadsheets are saved by default (an
    #: office share, a USB drive); empty: ``MIZ_DOCUMENTS_DIR`` or Documents/«میز خدمت».
    documents_dir: str = ""

    def backup_path(self, data_dir: Path) -> Path:
        """The backup folder in effect (the default lives inside the data folder)."""
        return Path(self.backup_dir) if self.backup_dir else Path(data_dir) / BACKUP_FOLDER

    @classmethod
    def load(cls, data_dir: Path) -> WorkstationConfig:
        """Read the config, creating it (with a new device id) on first start."""
        path = data_dir / CONFIG_NAME
        if path.exists():
            raw = json.loads(path.read_text(encoding="utf-8"))
            known = {k: v for k, v in raw.items() if k in cls.__dataclass_fields__}
            config = cls(**known)
        else:
            config = cls()
            config.save(data_dir)
        return config

    def save(self, data_dir: Path) -> None:
        """Write atomically: a power cut leaves the old or the new file, never half."""
        data_dir.mkdir(parents=True, exist_ok=True)
        path = data_dir / CONFIG_NAME
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(tmp, path)


def install_dir() -> Path:
    """Where this machine keeps its install id (never inside a data folder)."""
    configured = os.environ.get("MIZ_INSTALL_DIR")
    if configured:
        return Path(configured)
    import platformdirs

    from desktop_app.paths import APP_AUTHOR, APP_NAME

    return Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR))


def install_id() -> str:
    """This machine's install id, made once (random) on first use."""
    path = install_dir() / INSTALL_ID_NAME
    try:
        value = path.read_text(encoding="utf-8").strip()
    except OSError:
        value = ""
    if value:
        return value
    value = str(uuid.uuid4())
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(value, encoding="utf-8")
        os.replace(tmp, path)
    except OSError:  # a folder this account may not write: the network card's address
        return f"node-{uuid.getnode():012x}"
    return value


def place_of(data_dir: Path) -> str:
    """The place a database is opened at: this machine's install id and the data
    folder's absolute path, digested (``sync.identity``: a copy is opened elsewhere)."""
    where = f"{install_id()}\n{Path(data_dir).resolve()}"
    return hashlib.sha256(where.encode("utf-8")).hexdigest()
