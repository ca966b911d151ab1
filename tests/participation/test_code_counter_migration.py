"""Migration 0018 adds ``code_counter`` to the domain tables whose codes now come from
``models.numbering``: a receipt printed before keeps its number (counter 0), is still
found as typed, and the next receipt of a never-enrolled workstation counts on after it."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from alembic import command
from sqlalchemy import MetaData, Table, insert, select

from desktop_app.models import Gift
from desktop_app.models.database import alembic_config, create_sqlite_engine
from desktop_app.services.participation.numbering import find_receipt, next_receipt_number

TABLES = ("gifts", "training_workshops", "workshop_letters", "workshop_certificates")


def _row(table: Table, **given):
    """Every column of the old table: the given values, else the model's scalar default."""
    values = {}
    for column in table.c:
        model_column = Gift.__table__.c.get(column.name)
        if model_column is None:  # a column a later migration dropped (0023: quantity, unit)
            values[column.name] = given.get(column.name, column.server_default or 0)
            continue
        default = model_column.default
        values[column.name] = given.get(
            column.name, default.arg if default is not None and default.is_scalar else None
        )
    return values


def test_existing_codes_keep_their_form_and_count_on(tmp_path):
    engine = create_sqlite_engine(tmp_path / "old.sqlite3")
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0017")
    now = datetime(2026, 1, 1, tzinfo=UTC)
    with engine.begin() as conn:
        old = Table("gifts", MetaData(), autoload_with=conn)
        assert "code_counter" not in old.c
        conn.execute(
            insert(old).values(
                _row(
                    old,
                    id=uuid.uuid4().hex,
                    receipt_no="2751-000012",
                    code_office="2751",
                    code_number=12,
                    received_on=date(2026, 1, 1),
                    created_at=now,
                    updated_at=now,
                    amount=1_000_000,
                )
            )
        )
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0018")
    with engine.connect() as conn:
        for name in TABLES:
            assert "code_counter" in Table(name, MetaData(), autoload_with=conn).c
    from sqlalchemy.orm import Session

    with Session(engine) as session:
        (gift,) = session.scalars(select(Gift))
        assert (gift.receipt_no, gift.code_counter) == ("2751-000012", 0)
        assert find_receipt(session, "۲۷۵۱۰۰۰۰۱۲") is gift
        assert next_receipt_number(session, "2751").code == "2751-000013"
    engine.dispose()
