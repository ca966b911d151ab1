"""in-kind gift items: a list of items per in-kind gift (issue 18)

Creates ``gift_items`` and turns each earlier one-item in-kind gift into one item
(description, quantity, unit, value = the gift's estimated value), then drops the
gift's own ``quantity`` and ``unit`` (``item_description`` stays: the items' summary).

The migrated item's id is ``uuid5(GIFT_ITEM_NAMESPACE, str(gift id))`` and its other
values come from the gift alone, so every workstation and the server, each migrating
its own copy, make the very same row: nothing to sync, nothing duplicated.

Revision ID: 0023
Revises: 0019
Create Date: 2026-12-06 14:05:11.154814
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0019"
branch_labels = None
depends_on = None

#: = ``desktop_app.models.participation.GIFT_ITEM_NAMESPACE`` (a migration keeps its copy).
GIFT_ITEM_NAMESPACE = uuid.UUID("6f1d3a52-8c0e-4f57-9a8e-2d7b1c4e5a90")

_gifts = sa.table(
    "gifts",
    sa.column("id", sa.Uuid()),
    sa.column("kind", sa.String()),
    sa.column("item_description", sa.Text()),
    sa.column("quantity", sa.Integer()),
    sa.column("unit", sa.String()),
    sa.column("amount", sa.Integer()),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("deleted_at", sa.DateTime(timezone=True)),
    sa.column("origin_office", sa.String()),
)
_items = sa.table(
    "gift_items",
    sa.column("id", sa.Uuid()),
    sa.column("gift_id", sa.Uuid()),
    sa.column("position", sa.Integer()),
    sa.column("description", sa.Text()),
    sa.column("quantity", sa.Integer()),
    sa.column("unit", sa.String()),
    sa.column("value", sa.Integer()),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("updated_at", sa.DateTime(timezone=True)),
    sa.column("deleted_at", sa.DateTime(timezone=True)),
    sa.column("version", sa.Integer()),
    sa.column("origin_office", sa.String()),
)


def upgrade() -> None:
    op.create_table(
        "gift_items",
        sa.Column("gift_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("origin_office", sa.String(length=20), nullable=False),
        sa.Column("server_seq", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["gift_id"], ["gifts.id"], name=op.f("fk_gift_items_gift_id_gifts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gift_items")),
    )
    with op.batch_alter_table("gift_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_gift_items_gift_id"), ["gift_id"], unique=False)

    bind = op.get_bind()
    rows = [
        {
            "id": uuid.uuid5(GIFT_ITEM_NAMESPACE, str(g.id)),
            "gift_id": g.id,
            "position": 0,
            "description": g.item_description or "",
            "quantity": g.quantity or 0,
            "unit": g.unit or "",
            "value": g.amount or 0,
            "created_at": g.created_at,
            "updated_at": g.created_at,
            "deleted_at": g.deleted_at,
            "version": 1,
            "origin_office": g.origin_office or "",
        }
        for g in bind.execute(sa.select(_gifts).where(_gifts.c.kind == "in_kind"))
    ]
    if rows:
        bind.execute(sa.insert(_items), rows)

    # Neither column is indexed or constrained: SQLite (3.35+) drops them in place,
    # without the batch copy of ``gifts`` (which other tables reference).
    for column in ("quantity", "unit"):
        if bind.dialect.name == "sqlite":
            op.execute(f"ALTER TABLE gifts DROP COLUMN {column}")
        else:
            op.drop_column("gifts", column)


def downgrade() -> None:
    with op.batch_alter_table("gifts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("unit", sa.String(length=20), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("quantity", sa.Integer(), nullable=False, server_default="0"))
    bind = op.get_bind()
    first: dict[str, sa.Row] = {}
    for item in bind.execute(sa.select(_items).order_by(_items.c.position)):
        first.setdefault(item.gift_id, item)
    for gift_id, item in first.items():
        bind.execute(
            sa.update(_gifts)
            .where(_gifts.c.id == gift_id)
            .values(quantity=item.quantity, unit=item.unit)
        )
    with op.batch_alter_table("gift_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_gift_items_gift_id"))
    op.drop_table("gift_items")
