"""Developer tool: write the next Alembic migration from the models.

    python -m desktop_app.models.make_migration "what changed"

It migrates a scratch SQLite database to the current head, then autogenerates
the difference between it and ``Base.metadata`` into ``desktop_app/migrations/
versions/NNNN_what_changed.py``, tidied with ruff (``ruff check --fix`` and
``ruff format``) when ruff is installed. Read the generated file before committing it.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory

from .database import alembic_config, create_sqlite_engine


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    cfg = alembic_config()
    heads = ScriptDirectory.from_config(cfg).get_heads()
    next_id = f"{max((int(h) for h in heads), default=0) + 1:04d}"
    with tempfile.TemporaryDirectory() as tmp:
        engine = create_sqlite_engine(Path(tmp) / "scratch.sqlite3")
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            script = command.revision(cfg, message=argv[0], autogenerate=True, rev_id=next_id)
        engine.dispose()
    if script is not None and not isinstance(script, list):
        _tidy(Path(script.path))
    return 0


def _tidy(path: Path) -> None:
    """Sort imports and format the generated file the way CI checks it."""
    for args in (["check", "--fix", "--quiet"], ["format", "--quiet"]):
        try:
            subprocess.run([sys.executable, "-m", "ruff", *args, str(path)], check=False)
        except OSError:
            return


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
