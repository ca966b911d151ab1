"""Migration 0023 turns each one-item in-kind gift into a gift with a list of items:
one ``gift_items`` row per earlier gift (description, quantity, unit, value = its
estimated value), with the id every machine computes alike (``uuid5`` of the gift's
id: the server and each workstation migrate to the same row), and drops the gift's
own quantity and unit; the downgrade puts them back from the first item."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from alembic import command
from sqlalchemy import Integer, MetaData, Table, insert, inspect, select

from desktop_app.models import Gift, GiftItem
from desktop_app.models.database import alembic_config, create_sqlite_engine
from desktop_app.models.participation import GIFT_ITEM_NAMESPACE

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _row(table: Table, **given):
    """Every column of the old table: the given values, else an empty value of its type."""
    values = {}
    for column in table.c:
        if column.name in given:
            values[column.name] = given[column.name]
        elif column.nullable:
            values[column.name] = None
        else:
            values[column.name] = 0 if isinstance(column.type, Integer) else ""
    return values


def _gift(table: Table, number: int, **given):
    gift_id = uuid.uuid4()
    return gift_id, _row(
        table, id=gift_id.hex, receipt_no=f"2751-{number:06d}", code_office="2751",
        code_number=number, received_on=date(2026, 1, 1), created_at=NOW, updated_at=NOW,
        origin_office="2751", **given,
    )  # fmt: skip


def test_one_item_gifts_become_lists_the_same_on_every_machine(tmp_path):
    engine = create_sqlite_engine(tmp_path / "old.sqlite3")
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0019")
    with engine.begin() as conn:
        old = Table("gifts", MetaData(), autoload_with=conn)
        chair, chair_row = _gift(old, 1, kind="in_kind", item_description="ویلچر تاشو",
                                 quantity=3, unit="دستگاه", amount=45_000_000)  # fmt: skip
        gone, gone_row = _gift(old, 2, kind="in_kind", item_description="پتو", quantity=5,
                               unit="عدد", amount=5_000_000, deleted_at=NOW)  # fmt: skip
        _cash, cash_row = _gift(old, 3, kind="cash", amount=1_000_000, channel="counter")
        conn.execute(insert(old), [chair_row, gone_row, cash_row])
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0023")
    with engine.connect() as conn:
        columns = Table("gifts", MetaData(), autoload_with=conn).c
        assert "quantity" not in columns and "unit" not in columns
        assert "item_description" in columns
    from sqlalchemy.orm import Session

    with Session(engine) as session:
        items = {i.gift_id: i for i in session.scalars(select(GiftItem))}
        assert set(items) == {chair, gone}  # the cash gift has none
        item = items[chair]
        assert item.id == uuid.uuid5(GIFT_ITEM_NAMESPACE, str(chair))
        assert (item.position, item.description, item.quantity, item.unit, item.value) == (
            0, "ویلچر تاشو", 3, "دستگاه", 45_000_000,
        )  # fmt: skip
        assert (item.origin_office, item.version, item.deleted_at) == ("2751", 1, None)
        assert items[gone].deleted_at is not None  # a tombstoned gift's item is one too
        assert session.get(Gift, chair).amount == 45_000_000
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0019")
    with engine.connect() as conn:
        old = Table("gifts", MetaData(), autoload_with=conn)
        back = conn.execute(select(old.c.quantity, old.c.unit).where(old.c.id == chair.hex)).one()
        assert tuple(back) == (3, "دستگاه")
        assert "gift_items" not in inspect(conn).get_table_names()
    engine.dispose()
