"""Migration 0012 fills the Persian sort key of trainers that already exist; the
trainers list sorts by it (family name, then first name, پ after ب)."""

from __future__ import annotations

import uuid

from alembic import command
from sqlalchemy import text

from desktop_app.models.database import alembic_config, create_sqlite_engine
from desktop_app.persian import sort_key
from desktop_app.services.core.listing import ListQuery
from desktop_app.services.trainers.trainers import TRAINERS, trainer_name_sort


def test_existing_trainers_get_their_sort_key(tmp_path):
    engine = create_sqlite_engine(tmp_path / "old.sqlite3")
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0011")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO trainers (id, first_name, last_name, father_name, national_code,"
                " birth_certificate_number, gender, mobile, address, employment_type,"
                " occupation_groups, standard_codes, grade, active, search_text, created_at,"
                " updated_at, version, origin_office) VALUES (:id, 'رضا', 'پاکزاد', '',"
                " '0012345678', '', 'male', '', '', 'contract', '[]', '[]', '', 1, '',"
                " '2025-01-01', '2025-01-01', 1, '')"
            ),
            {"id": uuid.uuid4().hex},
        )
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0012")
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT name_sort FROM trainers")).scalar_one()
    assert stored == sort_key("پاکزاد رضا") == trainer_name_sort("رضا", "پاکزاد")
    engine.dispose()


def test_the_list_sorts_by_the_stored_key():
    page = str(TRAINERS.page_statement(ListQuery(sort="last_name"), 0, 10))
    assert "ORDER BY trainers.name_sort" in page and "PERSIAN" not in page
    searching = str(TRAINERS.page_statement(ListQuery(search="رضا", sort="last_name"), 0, 10))
    # a word of three letters or more is looked up in the FTS5 index (issue 22)
    assert "fts_trainers MATCH" in searching and "name_sort ||" in searching
