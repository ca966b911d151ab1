"""Migration 0005 fills the Persian sort key of places and workshops that already exist."""

from __future__ import annotations

import uuid

from alembic import command
from sqlalchemy import text

from desktop_app.models.database import alembic_config, create_sqlite_engine
from desktop_app.persian import sort_key


def test_existing_names_get_their_sort_key(tmp_path):
    engine = create_sqlite_engine(tmp_path / "old.sqlite3")
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0004")
    place_id = uuid.uuid4().hex
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO places (id, kind, province, city, name, code, address, postal_code,"
                " phone, manager, licence_number, search_text, created_at, updated_at, version,"
                " origin_office) VALUES (:id, 'center', 'گلستان', 'گرگان', 'پارس', '12', '', '',"
                " '', '', '', '', '2025-01-01', '2025-01-01', 1, '')"
            ),
            {"id": place_id},
        )
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0005")
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT name_sort FROM places")).scalar_one()
    assert stored == sort_key("پارس") and stored != "پارس"
    engine.dispose()
